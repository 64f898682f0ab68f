"""Simulated PTZ mechanics shared by the scene renderer and the ONVIF PTZ service.

Positions use ONVIF's generic spaces: pan and tilt in [-1, 1], zoom in [0, 1].
Continuous moves integrate velocity over wall-clock time. Thread-safe.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

PAN_TILT_SPEED = 0.5  # position units per second at velocity 1.0
ZOOM_SPEED = 0.4


def _clamp(v: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, v))


@dataclass(frozen=True)
class PtzPosition:
    """A PTZ position and whether the head is moving."""

    pan: float
    tilt: float
    zoom: float
    moving: bool


@dataclass(frozen=True)
class Preset:
    """A stored preset."""

    token: str
    name: str
    pan: float
    tilt: float
    zoom: float


class PtzUnresponsiveError(RuntimeError):
    """The simulated head ignores commands (the 'ptz' fault)."""


class PtzState:
    """Pan/tilt/zoom of one simulated camera."""

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self._lock = threading.Lock()
        self._clock = clock or time.monotonic
        self._pan = 0.0
        self._tilt = 0.0
        self._zoom = 0.0
        self._velocity = (0.0, 0.0, 0.0)
        self._since = self._clock()
        self._stop_at: float | None = None
        self.home = (0.0, 0.0, 0.0)
        self.responsive = True
        self._presets: dict[str, Preset] = {}
        for i, (name, p, t, z) in enumerate(
            [("路口全景", 0.0, 0.0, 0.0), ("人行道", -0.6, -0.2, 0.4), ("停车场", 0.6, 0.1, 0.3)],
            start=1,
        ):
            self._presets[str(i)] = Preset(str(i), name, p, t, z)

    def _integrate(self) -> None:
        now = self._clock()
        end = now if self._stop_at is None else min(now, self._stop_at)
        dt = max(0.0, end - self._since)
        vp, vt, vz = self._velocity
        self._pan = _clamp(self._pan + vp * PAN_TILT_SPEED * dt, -1.0, 1.0)
        self._tilt = _clamp(self._tilt + vt * PAN_TILT_SPEED * dt, -1.0, 1.0)
        self._zoom = _clamp(self._zoom + vz * ZOOM_SPEED * dt, 0.0, 1.0)
        self._since = now
        if self._stop_at is not None and now >= self._stop_at:
            self._velocity = (0.0, 0.0, 0.0)
            self._stop_at = None

    def _check(self) -> None:
        if not self.responsive:
            raise PtzUnresponsiveError("PTZ head does not respond")

    def continuous_move(
        self, pan: float, tilt: float, zoom: float = 0.0, timeout_s: float | None = None
    ) -> None:
        """Start moving at the given velocities (each in [-1, 1])."""
        self._check()
        with self._lock:
            self._integrate()
            self._velocity = (_clamp(pan, -1, 1), _clamp(tilt, -1, 1), _clamp(zoom, -1, 1))
            self._stop_at = None if timeout_s is None else self._since + timeout_s

    def stop(self) -> None:
        """Stop any movement."""
        self._check()
        with self._lock:
            self._integrate()
            self._velocity = (0.0, 0.0, 0.0)
            self._stop_at = None

    def absolute_move(self, pan: float, tilt: float, zoom: float | None = None) -> None:
        """Jump to an absolute position."""
        self._check()
        with self._lock:
            self._integrate()
            self._velocity = (0.0, 0.0, 0.0)
            self._pan, self._tilt = _clamp(pan, -1, 1), _clamp(tilt, -1, 1)
            if zoom is not None:
                self._zoom = _clamp(zoom, 0, 1)

    def relative_move(self, dpan: float, dtilt: float, dzoom: float = 0.0) -> None:
        """Move by an offset."""
        self._check()
        with self._lock:
            self._integrate()
            self._pan = _clamp(self._pan + dpan, -1, 1)
            self._tilt = _clamp(self._tilt + dtilt, -1, 1)
            self._zoom = _clamp(self._zoom + dzoom, 0, 1)

    def position(self) -> PtzPosition:
        """Current position (the renderer calls this every frame)."""
        with self._lock:
            self._integrate()
            moving = any(v != 0.0 for v in self._velocity)
            return PtzPosition(self._pan, self._tilt, self._zoom, moving)

    def presets(self) -> list[Preset]:
        """Stored presets, by token."""
        with self._lock:
            return sorted(self._presets.values(), key=lambda p: p.token)

    def set_preset(self, name: str, token: str | None = None) -> str:
        """Store the current position as a preset; return its token."""
        self._check()
        pos = self.position()
        with self._lock:
            token = token or uuid.uuid4().hex[:8]
            self._presets[token] = Preset(token, name or token, pos.pan, pos.tilt, pos.zoom)
            return token

    def goto_preset(self, token: str) -> None:
        """Move to a stored preset. KeyError if unknown."""
        preset = self._presets[token]
        self.absolute_move(preset.pan, preset.tilt, preset.zoom)

    def goto_home(self) -> None:
        """Move to the home position."""
        self.absolute_move(*self.home)
