"""Status-bar warning shown while this workstation cannot paint every decoded frame.

Without it, an overloaded workstation looks like slow cameras: the tiles judder, the camera
health list still shows every camera live at its full frame rate, and the operator calls
maintenance about the wrong end. The frame bridge reports its display load every couple of
seconds (``FrameBridge.display_load``); this label shows when frames go unshown because the
display ticks come late in two reports running, and hides again once they keep up.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from console.frames import DisplayLoad

logger = logging.getLogger(__name__)

HIDE_BELOW_SHARE = 0.05  # once shown, stays until fewer than this share of frames go unshown
HIDE_AT_RATE = 0.95  # … or the ticks run at this share of their rate again


class QtDisplayLoadLabel(QLabel):
    """Hidden while the wall keeps up; an amber one-line warning (with advice) when not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("displayLoadLabel")
        self._load: DisplayLoad | None = None
        self._overloaded_before = False  # the previous report was overloaded
        self.hide()

    def set_load(self, load: DisplayLoad) -> None:
        """Take the frame bridge's report of the last window."""
        self._load = load
        before, self._overloaded_before = self._overloaded_before, load.overloaded
        if self.isHidden():  # two windows in a row: a start-up burst alone is no overload
            show = load.overloaded and before
        else:  # hysteresis: no flicker around the threshold
            show = (
                load.missed_share >= HIDE_BELOW_SHARE
                and load.ticks_per_s < HIDE_AT_RATE * load.nominal_per_s
            )
        if show:
            self.retranslate()
        if show == self.isHidden():  # a change: into the log, once
            if show:
                logger.warning(
                    "display overloaded: %.0f%% of decoded frames not shown, %.0f of %.0f "
                    "display ticks a second",
                    load.missed_share * 100,
                    load.ticks_per_s,
                    load.nominal_per_s,
                )
            else:
                logger.info("display keeps up again (%.0f ticks a second)", load.ticks_per_s)
        self.setVisible(show)

    def load(self) -> DisplayLoad | None:
        """The last report taken."""
        return self._load

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate on a language switch."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Texts in the current language."""
        load = self._load
        if load is None:
            return
        percent = str(round(load.missed_share * 100))
        self.setText(
            self.tr("Workstation overloaded: %1% of video frames not shown").replace("%1", percent)
        )
        self.setToolTip(
            self.tr(
                "This computer cannot paint every decoded frame: the wall refreshed %1 times a "
                "second of %2. Close other programs or choose a layout with fewer tiles."
            )
            .replace("%1", f"{load.ticks_per_s:.0f}")
            .replace("%2", f"{load.nominal_per_s:.0f}")
        )
