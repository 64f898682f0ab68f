"""Moving-window counters behind ``StreamStats``: fps, bitrate and latency percentiles.

``FrameWindow`` is written by one reader thread and read by any; ``LatencyWindow`` and
``Backoff`` are not thread-safe by themselves (``StreamReader`` guards them with its lock).
"""

from __future__ import annotations

from collections import deque

import numpy as np

from video.ingest.models import LatencyMs


class FrameWindow:
    """Frames and their bits over the last ``window`` seconds of monotonic time.

    The reader thread records each frame with one C call, ``window.add((now, bits))`` (a
    bounded deque's ``append``: atomic under the GIL, no lock); ``rates`` may run on any
    thread. At 25 fps per-frame Python work costs ~10x its micro-benchmark time (caches
    are cold after 15 other streams ran), so nothing is trimmed or summed per frame.
    ``capacity`` bounds memory; above capacity/window fps the rates use the span kept.
    """

    def __init__(self, window: float = 2.0, capacity: int = 512) -> None:
        self.window = window
        self._events: deque[tuple[float, int]] = deque(maxlen=capacity)
        self.add = self._events.append

    def rates(self, now: float) -> tuple[float, float]:
        """(frames/s, bits/s) over the window ending at ``now`` (0 with fewer than 2 frames)."""
        since = now - self.window
        events = [event for event in tuple(self._events) if event[0] >= since]
        if len(events) < 2:
            return 0.0, 0.0
        first, last = events[0][0], events[-1][0]
        span = max(now - first, last - first)
        if span <= 0:
            return 0.0, 0.0
        # the first frame opens the window; count what arrived after it
        return (len(events) - 1) / span, sum(bits for _, bits in events[1:]) / span

    def clear(self) -> None:
        """Forget every frame (after a reconnect)."""
        self._events.clear()


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
        # Sorted in Python: numpy.percentile's fixed overhead was ~1 ms per call with cold
        # caches, paid on the console's Qt thread for every tile's status twice a second.
        ordered = sorted(self._samples)
        return LatencyMs(p50=_percentile(ordered, 50.0), p95=_percentile(ordered, 95.0))


def _percentile(ordered: list[float], q: float) -> float:
    """The ``q``-th percentile of sorted values, linear between ranks (numpy's default)."""
    rank = (len(ordered) - 1) * q / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


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
