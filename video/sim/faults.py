"""Fault kinds the simulator can inject, the per-camera fault set, and argument checks.

A light leaf (no numpy/OpenCV) so the CLI can reject bad arguments quickly. The picture
effects live in ``picture_faults.py``; ``signal_loss``, ``freeze``, ``disconnect``,
``jitter``, ``scene_change`` and ``ptz`` are handled by the renderer, the stream worker,
the RTSP server and the camera.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from video.errors import SimulatorError, UnknownFaultError

FAULT_KINDS = (
    "signal_loss",
    "disconnect",
    "freeze",
    "blur",
    "occlusion",
    "dark",
    "bright",
    "color_cast",
    "noise",
    "stripes",
    "scene_change",
    "jitter",
    "ptz",
)


def check_kind(kind: str) -> str:
    """Return ``kind`` if it is a known fault kind, else raise UnknownFaultError."""
    if kind not in FAULT_KINDS:
        raise UnknownFaultError("fault kind", kind, ", ".join(FAULT_KINDS))
    return kind


class FaultSet:
    """The active faults of one camera. Thread-safe; read by the stream workers every frame."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active: frozenset[str] = frozenset()

    def set(self, kind: str, on: bool) -> bool:
        """Turn a fault on or off; return True if that changed anything."""
        check_kind(kind)
        with self._lock:
            before = self._active
            self._active = before | {kind} if on else before - {kind}
            return before != self._active

    def active(self) -> frozenset[str]:
        """A snapshot of the active fault kinds."""
        return self._active

    def __contains__(self, kind: object) -> bool:
        return kind in self._active


def parse_fault(spec: str | tuple[int, str]) -> tuple[int, str]:
    """``"3:blur"`` or ``(3, "blur")`` -> (3, "blur"); UnknownFaultError when malformed."""
    if isinstance(spec, tuple):
        camera, kind = spec
    else:
        text, _, kind = spec.partition(":")
        try:
            camera = int(text)
        except ValueError:
            raise UnknownFaultError("fault", spec, "CAM:KIND, e.g. 3:blur", "write") from None
    return int(camera), check_kind(kind.strip())


def check_config(
    cameras: int,
    faults: Iterable[str | tuple[int, str]],
    gop: int,
    user: str | None,
    password: str | None,
) -> list[tuple[int, str]]:
    """Validate simulator settings (SimulatorError saying what to fix); return the faults."""
    if cameras < 1:
        raise SimulatorError(f"--cameras must be at least 1, got {cameras}")
    if gop < 1:
        raise SimulatorError(f"--gop must be at least 1 frame, got {gop}")
    if bool(user) != bool(password):
        raise SimulatorError("give both --user and --password, or neither")
    return check_faults(cameras, faults)


def check_fixed(cameras: int, fixed: Iterable[int]) -> frozenset[int]:
    """The cameras without PTZ (``--fixed``), each one of 1..``cameras`` (SimulatorError)."""
    chosen = frozenset(fixed)
    wrong = sorted(c for c in chosen if not 1 <= c <= cameras)
    if wrong:
        raise SimulatorError(f"--fixed {wrong[0]}: there is no such camera, use 1..{cameras}")
    return chosen


def check_faults(cameras: int, faults: Iterable[str | tuple[int, str]]) -> list[tuple[int, str]]:
    """Parse ``faults`` for ``cameras`` cameras (UnknownFaultError saying what to fix)."""
    parsed = [parse_fault(f) for f in faults]
    for camera, _ in parsed:
        if not 1 <= camera <= cameras:
            raise UnknownFaultError("camera", camera, f"1..{cameras}")
    return parsed
