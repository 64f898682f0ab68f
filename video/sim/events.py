"""Simulated camera events (motion, tamper) published by the scene and read by pull-points.

The renderer and fault injector publish; the ONVIF events service keeps one cursor per
pull-point subscription. The log is a bounded ring: old events are dropped, never queued
without bound. Thread-safe.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

# ONVIF topic strings as cameras publish them (the tns1: prefix).
TOPIC_MOTION = "tns1:RuleEngine/CellMotionDetector/Motion"
TOPIC_TAMPER = "tns1:RuleEngine/TamperDetector/Tamper"
TOPIC_SIGNAL_LOSS = "tns1:VideoSource/SignalLoss"


@dataclass(frozen=True)
class CameraEvent:
    """One event: topic, source data item name and value, and a boolean state."""

    seq: int
    at: float  # time.time() of the event
    topic: str
    source_name: str  # e.g. "VideoSourceConfigurationToken"
    source_value: str  # e.g. "vsc_main"
    data_name: str  # e.g. "IsMotion", "IsTamper", "State"
    state: bool


class EventBus:
    """A bounded, ordered event log with sequence numbers."""

    def __init__(self, capacity: int = 1000) -> None:
        self._lock = threading.Condition()
        self._log: deque[CameraEvent] = deque(maxlen=capacity)
        self._seq = 0
        self._last_state: dict[str, bool] = {}

    def publish(self, topic: str, data_name: str, state: bool, source: str = "vsc_main") -> None:
        """Record an event if the state for this topic changed (edges only, like cameras)."""
        with self._lock:
            if self._last_state.get(topic) == state:
                return
            self._last_state[topic] = state
            self._seq += 1
            self._log.append(
                CameraEvent(
                    self._seq,
                    time.time(),
                    topic,
                    "VideoSourceConfigurationToken",
                    source,
                    data_name,
                    state,
                )
            )
            self._lock.notify_all()

    def last_seq(self) -> int:
        """Sequence number of the newest event (0 if none)."""
        with self._lock:
            return self._seq

    def since(self, seq: int, limit: int = 100, timeout_s: float = 0.0) -> list[CameraEvent]:
        """Events after ``seq`` (at most ``limit``), waiting up to ``timeout_s`` for one."""
        deadline = time.monotonic() + timeout_s
        with self._lock:
            while self._seq <= seq:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._lock.wait(remaining)
            return [e for e in self._log if e.seq > seq][:limit]
