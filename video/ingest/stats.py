"""Moving-window counters behind ``StreamStats``: fps, bitrate and latency percentiles.

Not thread-safe by itself; ``StreamReader`` guards it with its own lock.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from video.ingest.models import LatencyMs


class RateWindow:
    """Events (with an optional size) over the last ``window`` seconds of monotonic time."""

    def __init__(self, window: float = 2.0) -> None:
        self.window = window
        self._events: deque[tuple[float, int]] = deque()
        self._total = 0

    def add(self, now: float, size: int = 1) -> None:
        """Record one event of ``size`` units at monotonic time ``now``."""
        self._events.append((now, size))
        self._total += size
        self._trim(now)

    def _trim(self, now: float) -> None:
        while self._events and self._events[0][0] < now - self.window:
            self._total -= self._events.popleft()[1]

    def rate(self, now: float) -> float:
        """Units per second over the window ending at ``now`` (0 when too few events)."""
        self._trim(now)
        if len(self._events) < 2:
            return 0.0
        span = max(now - self._events[0][0], self._events[-1][0] - self._events[0][0])
        if span <= 0:
            return 0.0
        # the first event opens the window; count what arrived after it
        return (self._total - self._events[0][1]) / span

    def clear(self) -> None:
        """Forget every event (after a reconnect)."""
        self._events.clear()
        self._total = 0


class LatencyWindow:
    """The last ``size`` latency samples (ms) and their p50/p95."""

    def __init__(self, size: int = 250) -> None:
        self._samples: deque[float] = deque(maxlen=size)

    def add(self, ms: float) -> None:
        """Record one latency sample in milliseconds."""
        self._samples.append(ms)

    def percentiles(self) -> LatencyMs | None:
        """p50/p95 over the window, or None without samples."""
        if not self._samples:
            return None
        p50, p95 = np.percentile(np.fromiter(self._samples, dtype=float), [50, 95])
        return LatencyMs(p50=float(p50), p95=float(p95))


class Backoff:
    """Exponential backoff with jitter: ``minimum`` doubling to ``maximum``.

    ``next_delay()`` gives the wait before the next attempt; ``reset()`` starts over.
    Jitter is ±20 % so many cameras that fail together do not retry in lockstep.
    """

    def __init__(self, minimum: float, maximum: float, jitter: float = 0.2, seed: int = 0) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.jitter = jitter
        self.attempt = 0
        self._rng = np.random.default_rng(seed or None)

    def next_delay(self, cap: float | None = None) -> float:
        """The next wait in seconds, growing with each call until ``reset()``.

        ``cap`` lowers the ceiling for this call (fast retries early in an outage).
        """
        ceiling = self.maximum if cap is None else min(cap, self.maximum)
        base = min(ceiling, self.minimum * (2 ** min(self.attempt, 30)))
        self.attempt += 1
        spread = base * self.jitter
        return float(max(0.0, base + self._rng.uniform(-spread, spread)))

    def reset(self) -> None:
        """Start again from ``minimum``."""
        self.attempt = 0
