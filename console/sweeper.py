"""The overdue sweep, run by every console once a minute on its own thread.

``DispatchService.sweep`` marks incidents past their step's time limit overdue and raises a
supervision notice (督办) at the parent center. Consoles share the database and have no
server beside it, so each console sweeps: the sweep is idempotent, and with nothing due it
only reads, so many consoles sweeping cost the database a cheap query each a minute. Qt-free.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from dispatch.errors import DispatchError

logger = logging.getLogger(__name__)

SWEEP_S = 60.0


class OverdueSweeper:
    """Calls ``svc.sweep()`` now and then every ``interval_s`` until stopped."""

    def __init__(self, svc: Any, interval_s: float = SWEEP_S) -> None:
        self._svc = svc
        self.interval_s = interval_s
        self.sweeps = 0
        self.marked = 0
        self.last_error = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start sweeping (the first sweep runs at once)."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="overdue-sweep", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop and wait for a sweep in progress to end."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def _run(self) -> None:
        while True:
            try:
                result = self._svc.sweep()
            except DispatchError as exc:  # the database away: say it once, try next time
                if str(exc) != self.last_error:
                    logger.warning("overdue sweep failed: %s", exc)
                self.last_error = str(exc)
            else:
                self.sweeps += 1
                self.marked += len(result.marked_overdue)
                self.last_error = ""
            if self._stop.wait(self.interval_s):
                return
