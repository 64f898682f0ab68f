"""Which cameras other consoles are steering now (云台控制权), asked every few seconds off the
Qt thread, so the wall can show it on their tiles: an operator whose picture starts to turn sees
who turns it."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from console.ptz_holds import PtzHolds
from console.service_calls import ServiceCalls
from dispatch.errors import DispatchError
from dispatch.ptz import PtzHold

logger = logging.getLogger(__name__)

INTERVAL_MS = 3000


class PtzWatch(QObject):
    """``changed(dict)``: camera id → the PtzHold of another console, on the Qt thread, each
    time that set changes. A database that does not answer leaves the last set shown."""

    changed = Signal(dict)

    def __init__(self, holds: PtzHolds, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._holds = holds
        self._calls = ServiceCalls("ptz-watch", self)
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.timeout.connect(self._poll)
        self._shown: dict[str, tuple[str, str, str]] = {}

    def start(self) -> None:
        """Ask now and then every ``INTERVAL_MS``."""
        self._timer.start()
        self._poll()

    def stop(self) -> None:
        """No more asking; the one under way is dropped."""
        self._timer.stop()
        self._calls.stop()

    def _poll(self) -> None:
        if self._calls.pending == 0:  # one question at a time: a slow database is not piled on
            self._calls.run(self._holds.all_held, self._on_holds, self._on_failed)

    def _on_holds(self, holds: list[PtzHold]) -> None:
        others = {h.camera_id: h for h in holds if not self._holds.mine(h)}
        shown = {c: (h.login, h.console, h.org_id) for c, h in others.items()}
        if shown != self._shown:
            self._shown = shown
            self.changed.emit(others)

    def _on_failed(self, exc: DispatchError) -> None:
        logger.info("cannot ask who steers the cameras: %s", exc)
