"""The latest-frame slot: one frame, replaced by the next; a replaced unread frame is dropped.

Thread-safe; producers call ``put`` from their reader thread, consumers call ``latest`` or
``wait_frame`` from any thread. Nothing ever queues: a slow consumer only sees fewer frames.
"""

from __future__ import annotations

import threading
import time

from video.ingest.models import Frame


class FrameSlot:
    """Holds the newest frame and counts frames replaced before anyone read them."""

    def __init__(self) -> None:
        # ``with self._lock`` on the per-frame path: a Condition's own __enter__ is Python code
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._frame: Frame | None = None
        self._taken = True
        self._waiting = 0  # threads inside wait_frame: put() notifies only when there are some
        self.dropped = 0

    def put(self, frame: Frame) -> None:
        """Store ``frame``; if the previous one was never read, count it dropped."""
        with self._lock:
            if not self._taken:
                self.dropped += 1
            self._frame = frame
            self._taken = False
            if self._waiting:
                self._cond.notify_all()

    def latest(self) -> Frame | None:
        """The newest frame (None before the first); marks it read."""
        with self._lock:
            self._taken = True
            return self._frame

    def wait_frame(self, after_seq: int = 0, timeout: float | None = None) -> Frame | None:
        """Block until a frame with ``seq > after_seq`` exists; None on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._frame is None or self._frame.seq <= after_seq:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return None
                self._waiting += 1
                try:
                    self._cond.wait(left)
                finally:
                    self._waiting -= 1
            self._taken = True
            return self._frame

    def wake(self) -> None:
        """Wake every waiter (used on stop so nobody waits for a frame that will not come)."""
        with self._cond:
            self._cond.notify_all()
