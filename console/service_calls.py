"""Service calls off the Qt thread: one worker runs them in order, results come back on the
Qt thread. The database may be across the network (PostgreSQL), and the console must not
freeze while it answers, or while it does not.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from dispatch.errors import DispatchError

logger = logging.getLogger(__name__)

Call = tuple[Callable[[], Any], Callable[[Any], None], Callable[[DispatchError], None]]


class InternalError(DispatchError):
    """A call failed for a reason the service does not name (a bug): logged in full."""

    prefix = "internal error"


class ServiceCalls(QObject):
    """``run(call, done, failed)``: ``call()`` on the worker thread, then ``done(result)`` or
    ``failed(DispatchError)`` on the Qt thread, in the order the calls were made."""

    _finished = Signal(object, object)  # the callback, its argument

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._queue: queue.SimpleQueue[Call | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self.pending = 0  # calls made whose callback has not run yet (Qt thread)
        self._finished.connect(self._deliver)

    def run(
        self,
        call: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[DispatchError], None],
    ) -> None:
        """Queue ``call``; its outcome reaches ``done`` or ``failed`` on the Qt thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name=self._name, daemon=True)
            self._thread.start()
        self.pending += 1
        self._queue.put((call, done, failed))

    def stop(self, wait_s: float = 2.0) -> None:
        """End the worker after the calls queued (their outcomes are dropped once the owner
        is gone); wait up to ``wait_s`` for it, never longer: a call stuck on the database
        must not hold up closing a window."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=wait_s)
            self._thread = None
        self.pending = 0

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            call, done, failed = item
            try:
                outcome: tuple[Callable[[Any], None], Any] = (done, call())
            except DispatchError as exc:
                outcome = (failed, exc)
            except Exception as exc:
                logger.exception("%s: call failed", self._name)
                outcome = (failed, InternalError(f"{type(exc).__name__}: {exc}"))
            try:
                self._finished.emit(*outcome)
            except (RuntimeError, TypeError):
                # the owner was deleted meanwhile: PySide raises RuntimeError, or TypeError
                # ("only accepts 0 argument(s)") from the signal of a deleted object
                return

    def _deliver(self, callback: Callable[[Any], None], argument: Any) -> None:
        self.pending = max(0, self.pending - 1)
        callback(argument)
