"""Camera credentials changed in the registry reach a running console.

Stream URLs, with their credentials, are read once with the catalog so that opening a
stream on the Qt thread asks the database nothing. A password rotated in the registry
(``xueliang camera add`` over an existing camera, or another console) would then reach this
console only at its next start, and its tiles would stay on "refused the credentials". Every
``REFRESH_S`` the URLs are read again on a worker thread; the streams of cameras whose URLs
changed are opened again beside the old ones, which keep painting until the new ones
deliver (``FrameBridge.reopen``). Checks (roll-call, patrol) take the new URLs as they open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from sqlalchemy.exc import SQLAlchemyError

from console.service_calls import ServiceCalls
from dispatch.errors import DispatchError
from video.errors import VideoError

logger = logging.getLogger(__name__)

REFRESH_S = 60.0


class UrlRefresher(QObject):
    """Calls ``refresh()`` (returns the ids of the cameras whose URLs changed) every
    ``every_s`` on a worker thread, then ``reopen(ids)`` on the Qt thread when any did."""

    def __init__(
        self,
        refresh: Callable[[], set[str]],
        reopen: Callable[[set[str]], Any],
        parent: QObject | None = None,
        every_s: float = REFRESH_S,
    ) -> None:
        super().__init__(parent)
        self._refresh, self._reopen = refresh, reopen
        self._calls = ServiceCalls("stream-urls", self)
        self._busy = False
        self._stopped = False
        self.changed = 0  # cameras whose URLs changed, so far
        self._timer = QTimer(self)
        self._timer.setInterval(int(every_s * 1000))
        self._timer.timeout.connect(self.refresh_now)

    def start(self) -> None:
        """Re-read every ``every_s`` from now on."""
        self._timer.start()

    def stop(self) -> None:
        """No more re-reads (one under way is waited for briefly, its outcome dropped)."""
        self._stopped = True
        self._timer.stop()
        self._calls.stop()

    def refresh_now(self) -> None:
        """Re-read now (unless a re-read is under way)."""
        if not self._busy and not self._stopped:
            self._busy = True
            self._calls.run(self._read, self._done, self._failed)

    def _read(self) -> set[str]:
        try:
            return self._refresh()
        except (VideoError, SQLAlchemyError, OSError) as exc:  # the database away: next time
            first = (str(exc).splitlines() or [type(exc).__name__])[0]
            logger.warning("stream URLs not re-read: %s", first)
            return set()

    def _done(self, changed: set[str]) -> None:
        self._busy = False
        if changed and not self._stopped:
            self.changed += len(changed)
            logger.info("stream URLs changed for %d cameras: reopening them", len(changed))
            self._reopen(changed)

    def _failed(self, _exc: DispatchError) -> None:  # a bug: ServiceCalls logged it in full
        self._busy = False
