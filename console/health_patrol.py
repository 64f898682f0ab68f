"""Health patrol (巡检) for the maintenance view: the cameras not shown anywhere (on the wall
or in their own windows, whose streams report their health already) are checked in turn, a
few at a time, so the health list covers every camera, not only the sixteen being watched.

A check opens the camera's sub stream on a reader thread (nothing blocks the Qt thread),
watches it for ``probe_s`` seconds, reports what it saw as a :class:`TileStatus` and closes
it. A camera that gave no picture in that time is reported lost, with the reader's error.
Each check decodes one sub stream for a few seconds: two at a time cost about what two
more wall tiles cost while they run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from console.frames import TileStatus, status_from_stats
from video.errors import VideoError
from video.ingest.models import FrameSeries

logger = logging.getLogger(__name__)

PROBE_S = 4.0  # each check watches the stream this long (a GOP and a fps window)
PARALLEL = 2  # checks at once
TICK_MS = 500
RECHECK_S = 30.0  # a camera is checked again at most this often
EXTRA_S = 4.0  # a check may run this much longer for its picture check's two frames
BETWEEN = 6  # frames kept between those two, for a shaking picture (one per tick)


@dataclass
class _Check:
    camera_id: str
    reader: Any
    started: float
    frames: FrameSeries = field(default_factory=lambda: FrameSeries(BETWEEN))  # one a tick


def due_cameras(
    cameras: Iterable[str],
    skip: Callable[[str], bool],
    last: dict[str, float],
    before: float,
    room: int,
) -> list[str]:
    """Up to ``room`` of ``cameras`` not skipped: those never seen in ``last`` first (in
    their order), then those last seen at or before ``before``, longest ago first. The rule
    of the patrol and of the roll-call."""
    if room <= 0:
        return []
    never: list[str] = []
    waiting: list[tuple[float, str]] = []
    for camera_id in cameras:
        if skip(camera_id):
            continue
        seen = last.get(camera_id)
        if seen is None:
            never.append(camera_id)
            if len(never) >= room:
                return never
        elif seen <= before:
            waiting.append((seen, camera_id))
    waiting.sort()
    return never + [camera_id for _, camera_id in waiting[: room - len(never)]]


def checked_status(stats: Any, probe_s: float) -> TileStatus:
    """What a check that watched a stream for ``probe_s`` seconds reports."""
    status = status_from_stats(stats, None)
    if status.state == "live":
        return status
    if status.state == "stale":
        return replace(status, retry_in_s=None)
    detail = status.detail or f"no picture within {probe_s:.0f} s"
    return replace(status, state="lost", retry_in_s=None, detail=detail)


class HealthPatrol(QObject):
    """Checks the cameras ``cameras()`` lists that ``watched()`` does not: never checked ones
    first (a camera taken off the wall is checked at once), then the one checked longest ago,
    each at most every ``recheck_s``.

    ``checked(camera_id, TileStatus)`` is emitted on the Qt thread after each check;
    ``started(camera_id)`` when a check asked for by :meth:`check_now` begins.
    ``open_reader(camera_id, profile, size)`` returns a StreamReader that is not started.
    ``eligible(camera_id)``, when given, limits the patrol to the cameras it accepts (those
    that answered the roll-call: a dead camera is not watched four seconds for nothing).
    ``pictures(camera_id, first, last, between)``, when given, receives the first and the
    last frame each check saw, ``span_s`` apart when the camera gives them within
    ``EXTRA_S`` more, and one frame of each tick in between (for the picture diagnosis;
    called on the Qt thread, it must not block).
    """

    checked = Signal(str, object)
    started = Signal(str)

    def __init__(
        self,
        open_reader: Callable[[str, str, tuple[int, int] | None], Any],
        cameras: Callable[[], Iterable[str]],
        watched: Callable[[], set[str]],
        parent: QObject | None = None,
        probe_s: float = PROBE_S,
        parallel: int = PARALLEL,
        recheck_s: float = RECHECK_S,
        eligible: Callable[[str], bool] | None = None,
        pictures: Callable[[str, Any, Any, list[Any]], None] | None = None,
        span_s: float = 0.0,
    ) -> None:
        super().__init__(parent)
        self._open_reader = open_reader
        self._cameras = cameras
        self._watched = watched
        self.probe_s = probe_s
        self.parallel = max(1, parallel)
        self.recheck_s = recheck_s
        # which cameras the patrol may take (None: all); with a roll-call, those that answered
        self._eligible = eligible
        self._pictures = pictures
        self.span_s = span_s  # how far apart the frames for ``pictures`` should be, at least
        self._checks: dict[str, _Check] = {}
        self._last_check: dict[str, float] = {}  # camera id -> monotonic start of its check
        self._stoppers: list[threading.Thread] = []
        self._drops: dict[str, int] = {}  # camera id -> drops seen by its checks so far
        self._watched_before: set[str] = set()  # what the last tick found shown
        self.checked_at: dict[str, float] = {}  # camera id -> wall-clock time of its check
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        """Begin patrolling (the first checks start now)."""
        self._timer.start()
        self._on_tick()

    def stop(self) -> None:
        """Stop patrolling and wait for the readers of running checks to end."""
        self._timer.stop()
        for check in self._checks.values():
            self._retire(check.reader)
        self._checks.clear()
        for thread in self._stoppers:
            thread.join(timeout=10)
        self._stoppers.clear()

    def check_now(self, camera_id: str) -> str:
        """Check one camera at once (a user's request), beside the patrol's own checks.

        Returns "started", "running" (a check of it runs already) or "shown" (something
        shows it, so its report is live already and no check is made).
        """
        if camera_id in self._checks:
            return "running"
        if camera_id in self._watched():
            return "shown"
        self.started.emit(camera_id)
        self._begin(camera_id, time.monotonic())
        return "started"

    def watched(self) -> set[str]:
        """Cameras something shows (the wall reports them; the patrol leaves them)."""
        return self._watched()

    def forget(self, camera_id: str) -> None:
        """Check this camera before the others due (e.g. it answers again)."""
        self._last_check.pop(camera_id, None)

    def running(self) -> list[str]:
        """Cameras being checked now."""
        return list(self._checks)

    def _on_tick(self) -> None:
        now = time.monotonic()
        watched = self._watched()
        for camera_id in self._watched_before - watched:
            # off the wall (a video alarm popped another camera on, a layout change): its
            # last report came from the wall, maybe mid-connect, so check it again first
            self._last_check.pop(camera_id, None)
        self._watched_before = watched
        for camera_id, check in list(self._checks.items()):
            if camera_id not in watched and (
                now - check.started < self.probe_s or self._needs_longer(check, now)
            ):
                if self._pictures is not None:
                    check.frames.add(check.reader.latest())  # for the picture check
                continue
            del self._checks[camera_id]
            stats = check.reader.stats()
            last = check.reader.latest()
            self._retire(check.reader)
            if camera_id in watched:
                continue  # put on the wall meanwhile: the wall reports it now
            if last is not None and self._pictures is not None:
                first, between = check.frames.first, check.frames.between(last)
                self._pictures(camera_id, first, last, between)
            self.checked_at[camera_id] = time.time()
            status = checked_status(stats, self.probe_s)
            self.checked.emit(camera_id, self._counted(camera_id, status))
        while len(self._checks) < self.parallel:
            next_id = self._next_camera(now, watched)
            if next_id is None:
                break
            self._begin(next_id, now)

    def _needs_longer(self, check: _Check, now: float) -> bool:
        """The picture check wants its two frames ``span_s`` apart (a frozen picture is
        judged so): a camera slow to give its first frame (a long key-frame interval) is
        watched up to ``EXTRA_S`` longer."""
        if self._pictures is None or now - check.started >= self.probe_s + EXTRA_S:
            return False
        first, last = check.frames.first, check.reader.latest()
        if first is None or last is None:
            return False  # nothing came: reported as it is
        return bool(last.decoded_at - first.decoded_at < self.span_s)

    def _next_camera(self, now: float, watched: set[str]) -> str | None:
        """The camera off the wall checked longest ago (never checked first), if due."""

        def skip(camera_id: str) -> bool:
            if camera_id in watched or camera_id in self._checks:
                return True
            return self._eligible is not None and not self._eligible(camera_id)

        due = due_cameras(self._cameras(), skip, self._last_check, now - self.recheck_s, 1)
        return due[0] if due else None

    def _begin(self, camera_id: str, now: float) -> None:
        self._last_check[camera_id] = now
        try:
            reader = self._open_reader(camera_id, "sub", None)
        except (KeyError, ValueError, OSError, VideoError) as exc:
            self.checked_at[camera_id] = time.time()
            self.checked.emit(camera_id, TileStatus("error", detail=str(exc)))
            return
        reader.start()
        self._checks[camera_id] = _Check(camera_id, reader, now)

    def _counted(self, camera_id: str, status: TileStatus) -> TileStatus:
        """``status`` with the drops of every check of this camera so far as its reconnects
        (a failed check counts at least one): an intermittent camera's count grows."""
        drops = status.reconnects if status.state == "live" else max(1, status.reconnects)
        self._drops[camera_id] = total = self._drops.get(camera_id, 0) + drops
        return replace(status, reconnects=total)

    def _retire(self, reader: Any) -> None:
        """Stop a reader off the Qt thread (its join waits up to its read timeout)."""
        reader.request_stop()
        thread = threading.Thread(target=reader.stop, name="patrol-stop", daemon=True)
        thread.start()
        self._stoppers = [t for t in self._stoppers if t.is_alive()] + [thread]
