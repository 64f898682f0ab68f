"""Changes to the camera registry reach a running console.

The catalog and the stream URLs, with their credentials, are read once at start so that
opening a stream on the Qt thread asks the database nothing. A command centre's console runs
for weeks while maintenance adds cameras, retires others and rotates passwords
(``xueliang camera add|remove``, or another console). Every ``REFRESH_S`` the registry is
read again on a worker thread (``read_registry``) and what changed is applied on the Qt thread
(``ConsoleApp.apply_registry``): new cameras join the tree, map, health list and alarms;
removed ones leave them and the wall; cameras whose URLs changed are opened again beside
the old streams, which keep painting until the new ones deliver (``FrameBridge.reopen``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer
from sqlalchemy.exc import SQLAlchemyError

from console.camera_catalog import CameraEntry
from console.service_calls import ServiceCalls
from dispatch.errors import DispatchError
from video.errors import VideoError
from video.redact import redact_text

logger = logging.getLogger(__name__)

REFRESH_S = 60.0


@dataclass(frozen=True)
class RegistryRead:
    """The registry as read at one moment: catalog entries, and the stream URLs with their
    credentials by (camera, profile) (never log them)."""

    entries: list[CameraEntry]
    urls: dict[tuple[str, str], str] = field(repr=False)


def read_registry(registry: Any) -> RegistryRead:
    """Every registered camera as the console shows it, and its stream URLs (two queries)."""
    entries = [
        CameraEntry(
            id=cam.id,
            name=cam.name,
            grid_id=cam.grid_id,
            lon=cam.lon,
            lat=cam.lat,
            onvif_url=cam.onvif_url or "",
            rtsp_main=cam.rtsp_main or "",
            rtsp_sub=cam.rtsp_sub or "",
        )
        for cam in registry.list()
    ]
    return RegistryRead(entries, registry.stream_urls())


class RegistryRefresher(QObject):
    """Calls ``read()`` every ``every_s`` on a worker thread, then ``apply(read)`` with what
    it returned on the Qt thread."""

    def __init__(
        self,
        read: Callable[[], RegistryRead],
        apply: Callable[[RegistryRead], Any],
        parent: QObject | None = None,
        every_s: float = REFRESH_S,
        failed: Callable[[str], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._read_registry, self._apply = read, apply
        self._failed_read = failed or (lambda _reason: None)  # on the Qt thread
        self._calls = ServiceCalls("registry", self)
        self._busy = False
        self._stopped = False
        self.reads = 0  # reads applied, so far
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

    def _read(self) -> RegistryRead | str:
        try:
            return self._read_registry()
        except (VideoError, SQLAlchemyError, OSError) as exc:  # the database away: next time
            first = redact_text((str(exc).splitlines() or [type(exc).__name__])[0])
            logger.warning("camera registry not re-read: %s", first)
            return first

    def _done(self, read: RegistryRead | str) -> None:
        self._busy = False
        if self._stopped:
            return
        if isinstance(read, str):
            self._failed_read(read)
            return
        self.reads += 1
        self._apply(read)

    def _failed(self, _exc: DispatchError) -> None:  # a bug: ServiceCalls logged it in full
        self._busy = False
