"""The UI thread's stall meter shared by the benches: a 10 ms heartbeat QTimer whose
lateness is the stall an operator feels (import it after QT_QPA_PLATFORM is set)."""

from __future__ import annotations

import statistics
import threading

from procstat import ThreadSched
from PySide6.QtCore import QElapsedTimer, Qt, QTimer

INTERVAL_MS = 10


class Heartbeat:
    """Create and ``start()`` on the Qt thread; beats count while ``measuring`` is True.

    Each beat reads the Qt thread's schedstat (one ``pread`` on a kept-open file, cheap
    enough not to count in the CPU it watches), so the worst beat says how much of it the
    thread ran and how long it waited for a CPU: on a shared 2-core machine a stall is
    mostly the thread not being scheduled.
    """

    def __init__(self) -> None:
        self.measuring = False
        self.lateness: list[float] = []  # ms late, one per beat while measuring
        # the longest beat: (lateness, ms the Qt thread ran in it, ms it waited for a CPU)
        self.worst = (0.0, 0.0, 0.0)
        self._sched = ThreadSched(threading.get_native_id())  # this is the Qt thread
        self._last = self._sched.read()
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._on_beat)

    def start(self) -> None:
        """Beat from now on (nothing is counted until ``measuring`` is set)."""
        self._clock.start()
        self._last = self._sched.read()
        self._timer.start()

    def clear(self) -> None:
        """Forget the beats counted so far (a new window)."""
        self.lateness.clear()
        self.worst = (0.0, 0.0, 0.0)

    def stop(self) -> None:
        """Stop beating and release the schedstat file."""
        self._timer.stop()
        self._sched.close()

    def ui_wait_s(self) -> float:
        """Seconds the Qt thread has waited for a CPU so far (runnable, not run)."""
        return self._sched.read()[1]

    def _on_beat(self) -> None:
        now = self._sched.read()
        late = self._clock.restart() - INTERVAL_MS
        if self.measuring:
            self.lateness.append(late)
            if late > self.worst[0]:
                ran, waited = now[0] - self._last[0], now[1] - self._last[1]
                self.worst = (late, ran * 1000.0, waited * 1000.0)
        self._last = now

    # --- figures of the beats counted -----------------------------------------------------
    def max_ms(self) -> float | None:
        """The longest stall, or None before any beat."""
        return max(self.lateness) if self.lateness else None

    def quantile_ms(self, q: float) -> float | None:
        """Lateness at quantile ``q`` (0.99 = p99), or None."""
        ordered = sorted(self.lateness)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else None

    def median_ms(self) -> float | None:
        """Median lateness, or None."""
        return statistics.median(self.lateness) if self.lateness else None

    def count_over(self, ms: float) -> int:
        """Beats later than ``ms``."""
        return sum(late > ms for late in self.lateness)
