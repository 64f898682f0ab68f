"""When a camera's trouble becomes a repair work order (报修) in the maintenance view.

A camera is offline when every source that sees it (its wall tile, the roll-call, the
patrol) has reported it lost or stale for ``OFFLINE_AFTER_S`` on end: a short outage (a
switch rebooting, a reconnect) heals by itself and is no work for anyone. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass

OFFLINE_AFTER_S = 180.0  # lost this long on end: a work order
RETRY_S = 30.0  # a work order that could not be filed yet is tried again this often
DOWN = frozenset({"lost", "stale"})  # the camera's failure (not "error": a fault of ours)
UP = frozenset({"live", "answers"})


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

    def note(self, camera_id: str, state: str, detail: str, now: float, wall: float) -> bool:
        """A state seen for a camera; True when a work order should be filed now (down for
        ``after_s``, and not tried in the last ``retry_s``)."""
        if state in UP:
            self._down.pop(camera_id, None)
            return False
        outage = self._down.get(camera_id)
        if state not in DOWN:
            return False  # connecting, reconnecting, an error of ours: neither up nor down
        if outage is None:
            self._down[camera_id] = _Outage(now, wall, detail)
            return False
        if detail:
            outage.detail = detail
        if now - outage.since < self.after_s:
            return False
        if outage.tried is not None and now - outage.tried < self.retry_s:
            return False
        outage.tried = now
        return True

    def since(self, camera_id: str) -> tuple[float, str] | None:
        """(wall-clock start, last reason) of a camera's outage, or None when it is up."""
        outage = self._down.get(camera_id)
        return (outage.wall_since, outage.detail) if outage else None
