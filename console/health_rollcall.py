"""Roll-call (点名) for the maintenance view: every camera nothing shows is asked, a few at a
time on worker threads, whether its stream answers (``video.ingest.answer``: open, first
video packet, close; no decoding). Hundreds of cameras are called in a minute, so a dead,
refused or password-changed camera shows within a minute of the view opening, where the
patrol's four-second decoding checks take a camera every two seconds.

The patrol then measures (fps, bitrate) only cameras that answered; dead ones are called
again every ``every_s`` and the patrol turns to them once they answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from console.health_patrol import due_cameras
from video.errors import VideoError

logger = logging.getLogger(__name__)

PARALLEL = 8  # calls at once (each mostly waits on the network)
EVERY_S = 120.0  # a camera is called again at most this often
TICK_MS = 500


@dataclass(frozen=True)
class CallResult:
    """One camera's answer: ``state`` "answers" (with its picture size), "lost" (the camera's
    failure, ``detail`` the one-line reason) or "error" (a bug of ours, logged in full)."""

    camera_id: str
    state: str
    detail: str = ""
    width: int = 0
    height: int = 0
    at: float = 0.0  # wall-clock seconds of the answer


class RollCall(QObject):
    """Calls the cameras ``cameras()`` lists that ``watched()`` does not, never called ones
    first, then the one called longest ago, each at most every ``every_s``.

    ``answer(camera_id)`` runs on a worker thread and returns an object with ``width`` and
    ``height``, or raises ``VideoError`` (or ``KeyError``/``OSError``) with a one-line
    message. ``answered(CallResult)`` is emitted on the Qt thread.
    """

    answered = Signal(object)
    _done = Signal(object)  # from worker threads; queued to the Qt thread

    def __init__(
        self,
        answer: Callable[[str], object],
        cameras: Callable[[], Iterable[str]],
        watched: Callable[[], set[str]],
        parent: QObject | None = None,
        parallel: int = PARALLEL,
        every_s: float = EVERY_S,
    ) -> None:
        super().__init__(parent)
        self._answer = answer
        self._cameras = cameras
        self._watched = watched
        self.parallel = max(1, parallel)
        self.every_s = every_s
        self.results: dict[str, CallResult] = {}
        self._called: dict[str, float] = {}  # camera id -> monotonic start of its last call
        self._running: set[str] = set()
        self._pool: ThreadPoolExecutor | None = None
        self._done.connect(self._on_done)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        """Begin calling (the first calls start now)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.parallel, thread_name_prefix="rollcall")
        self._timer.start()
        self._on_tick()

    def stop(self, wait: bool = False) -> None:
        """Stop calling; calls under way end by themselves within their timeouts (``wait``
        for them: not on a window's close, which must not hang on a silent camera)."""
        self._timer.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None
        self._running.clear()

    def answers(self, camera_id: str) -> bool:
        """True when the camera's last call was answered."""
        result = self.results.get(camera_id)
        return result is not None and result.state == "answers"

    def forget(self, camera_id: str) -> None:
        """Call this camera again at the next tick (e.g. it just left the wall)."""
        self._called.pop(camera_id, None)

    def running(self) -> set[str]:
        """Cameras being called now."""
        return set(self._running)

    def _on_tick(self) -> None:
        if self._pool is None:
            return
        now = time.monotonic()
        watched = self._watched()
        for camera_id in self._due(now, watched, self.parallel - len(self._running)):
            self._called[camera_id] = now
            self._running.add(camera_id)
            self._pool.submit(self._call, camera_id)

    def _due(self, now: float, watched: set[str], room: int) -> list[str]:
        """Up to ``room`` cameras to call: never called first, then the longest ago."""

        def skip(camera_id: str) -> bool:
            return camera_id in watched or camera_id in self._running

        return due_cameras(self._cameras(), skip, self._called, now - self.every_s, room)

    def _call(self, camera_id: str) -> None:
        """On a worker thread: one call, its result queued to the Qt thread."""
        try:
            picture = self._answer(camera_id)
            width, height = int(getattr(picture, "width", 0)), int(getattr(picture, "height", 0))
            result = CallResult(camera_id, "answers", "", width, height, time.time())
        except (VideoError, KeyError, ValueError, OSError) as exc:
            detail = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
            result = CallResult(camera_id, "lost", detail, at=time.time())
        except Exception:  # a bug, not the camera's failure: logged in full, called again later
            logger.exception("roll-call of camera %s failed", camera_id)
            result = CallResult(camera_id, "error", "internal error: see the log", at=time.time())
        self._done.emit(result)

    def _on_done(self, result: CallResult) -> None:
        self._running.discard(result.camera_id)
        if self._pool is None:
            return  # stopped meanwhile
        self.results[result.camera_id] = result
        self.answered.emit(result)
