"""When a camera's trouble becomes a repair work order (报修) in the maintenance view.

A camera is offline when every source that sees it (its wall tile, the roll-call, the
patrol) has reported it lost or stale for ``OFFLINE_AFTER_S`` on end: a short outage (a
switch rebooting, a reconnect) heals by itself and is no work for anyone. Two outages are no
repair either: a camera refusing its credentials (the password changed; the registry needs
the new one), and many cameras down at once (``MASS_SHARE`` of those seen, ``MASS_MIN`` at
least: this console's network, a media gateway or a password rotation, not a hundred broken
cameras). A picture fault becomes an order once it has lasted ``PICTURE_AFTER_S`` and is of
a kind in ``PICTURE_ORDERS``: "dark" and "bright" follow the light of the day, not a
breakdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from video.errors import (
    AuthError,
    StreamEndedError,
    StreamForbiddenError,
    StreamNotFoundError,
    StreamRefusedError,
    StreamTimeoutError,
)

OFFLINE_AFTER_S = 180.0  # lost this long on end: a work order
RETRY_S = 30.0  # a work order that could not be filed yet is tried again this often
DOWN = frozenset({"lost", "stale"})  # the camera's failure (not "error": a fault of ours)
UP = frozenset({"live", "answers"})
MASS_SHARE = 0.5  # this share of the cameras seen down at once: no orders, one warning
MASS_MIN = 4
PICTURE_AFTER_S = 600.0  # a picture fault this old in every diagnosis since: an order
# not dark or bright (night, sun), nor a changed scene (a PTZ turned by another console)
PICTURE_ORDERS = frozenset(
    {"signal_loss", "frozen", "occluded", "blurred", "colour_cast", "noisy", "striped", "shaking"}
)
# the reader's error -> the reason an offline order gives (record language, no address)
OFFLINE_REASONS = (
    (StreamRefusedError.reason, "connection refused"),
    (StreamTimeoutError.reason, "no answer"),
    (StreamNotFoundError.reason, "no stream at its address"),
    (StreamForbiddenError.reason, "stream forbidden by the camera"),
    (StreamEndedError.reason, "the camera keeps ending the stream"),
)


@dataclass
class _Outage:
    since: float  # monotonic time the camera was first seen down
    wall_since: float  # the same as wall-clock time, for the record
    detail: str
    tried: float | None = None  # monotonic time of the last filing attempt


class Outages:
    """Each camera's outage since it was last seen up."""

    def __init__(self, after_s: float = OFFLINE_AFTER_S, retry_s: float = RETRY_S) -> None:
        self.after_s, self.retry_s = after_s, retry_s
        self._down: dict[str, _Outage] = {}
        self._seen: set[str] = set()

    @property
    def mass(self) -> bool:
        """Many cameras down at once (no single camera's fault)."""
        down = len(self._down)
        return down >= MASS_MIN and down >= MASS_SHARE * len(self._seen)

    def note(self, camera_id: str, state: str, detail: str, now: float, wall: float) -> bool:
        """A state seen for a camera; True when a work order should be filed now (down for
        ``after_s``, and not tried in the last ``retry_s``)."""
        self._seen.add(camera_id)
        if state in UP:
            self._down.pop(camera_id, None)
            return False
        outage = self._down.get(camera_id)
        if state not in DOWN or AuthError.reason in detail:
            return False  # connecting, an error of ours, a password to update: not a repair
        if outage is None:
            self._down[camera_id] = _Outage(now, wall, detail)
            return False
        if detail:
            outage.detail = detail
        if now - outage.since < self.after_s or self.mass:
            return False
        if outage.tried is not None and now - outage.tried < self.retry_s:
            return False
        outage.tried = now
        return True

    def forget(self, camera_ids: set[str]) -> None:
        """Cameras removed from the registry: neither down nor seen any more."""
        self._seen -= camera_ids
        for camera_id in camera_ids:
            self._down.pop(camera_id, None)

    def since(self, camera_id: str) -> tuple[float, str] | None:
        """(wall-clock start, last reason) of a camera's outage, or None when it is up."""
        outage = self._down.get(camera_id)
        return (outage.wall_since, outage.detail) if outage else None


def offline_reason(detail: str) -> str:
    """Why a camera is down, in words of ``OFFLINE_REASONS`` (source text, to translate),
    without its address."""
    return next((words for reason, words in OFFLINE_REASONS if reason in detail), "no picture")


class PictureFaults:
    """Since when each camera's picture has shown each fault in every diagnosis."""

    def __init__(self, after_s: float = PICTURE_AFTER_S) -> None:
        self.after_s = after_s
        self._since: dict[str, dict[str, float]] = {}

    def note(self, camera_id: str, findings: tuple[str, ...], now: float) -> tuple[str, ...]:
        """A diagnosis of the camera; the faults it has shown for ``after_s`` and that a
        work order is filed for."""
        before = self._since.get(camera_id, {})
        since = {f: before.get(f, now) for f in findings if f in PICTURE_ORDERS}
        self._since[camera_id] = since
        return tuple(f for f in findings if f in since and now - since[f] >= self.after_s)

    def forget(self, camera_ids: set[str]) -> None:
        """Cameras removed from the registry."""
        for camera_id in camera_ids:
            self._since.pop(camera_id, None)
