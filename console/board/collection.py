"""A Qt-free, ordered collection of the incidents one console shows, with change events.

The collection keeps rows in arrival order and an id → row index. ``apply`` merges a fresh
incident snapshot (from the change feed) and tells listeners exactly what happened, before and
after, so a Qt item model can map it to beginInsertRows / dataChanged / beginRemoveRows.
Which incidents belong is decided by ``accepts`` (the user's subtree, open incidents only).
Not thread-safe: call it from one thread (the Qt main thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

Incident = Any  # dispatch.models.Incident (duck-typed: id, version, state, grid_id, ...)


@dataclass
class CollectionListeners:
    """Callbacks fired around each change; row numbers are the collection's own."""

    inserting: list[Callable[[int, int], None]] = field(default_factory=list)
    inserted: list[Callable[[int, int], None]] = field(default_factory=list)
    removing: list[Callable[[int], None]] = field(default_factory=list)
    removed: list[Callable[[int, Incident], None]] = field(default_factory=list)
    changed: list[Callable[[int, Incident], None]] = field(default_factory=list)
    resetting: list[Callable[[], None]] = field(default_factory=list)
    reset: list[Callable[[], None]] = field(default_factory=list)

    def detach(self, owner: object) -> None:
        """Remove every listener that is a bound method of ``owner``."""
        for name in (
            "inserting",
            "inserted",
            "removing",
            "removed",
            "changed",
            "resetting",
            "reset",
        ):
            callbacks: list[Any] = getattr(self, name)
            callbacks[:] = [cb for cb in callbacks if getattr(cb, "__self__", None) is not owner]


class IncidentCollection:
    """The incidents of one console, in arrival order, indexed by id and by camera."""

    def __init__(self, accepts: Callable[[Incident], bool] | None = None) -> None:
        self._rows: list[Incident] = []
        self._index: dict[str, int] = {}
        self._by_camera: dict[str, set[str]] = {}
        self.accepts: Callable[[Incident], bool] = accepts or (lambda _inc: True)
        self.events = CollectionListeners()

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Incident]:
        return iter(self._rows)

    def __getitem__(self, row: int) -> Incident:
        return self._rows[row]

    def row_of(self, incident_id: str) -> int | None:
        """The row of an incident, or None if it is not shown."""
        return self._index.get(incident_id)

    def get(self, incident_id: str) -> Incident | None:
        """The incident with this id, or None."""
        row = self._index.get(incident_id)
        return None if row is None else self._rows[row]

    def for_camera(self, camera_id: str) -> list[Incident]:
        """Incidents in the collection linked to ``camera_id``."""
        ids = self._by_camera.get(camera_id, ())
        return [self._rows[self._index[i]] for i in sorted(ids) if i in self._index]

    def replace_all(self, incidents: Iterable[Incident]) -> None:
        """Load a full snapshot (first load only; later changes go through ``apply``)."""
        _fire(self.events.resetting)
        self._rows = [inc for inc in incidents if self.accepts(inc)]
        self._index = {inc.id: row for row, inc in enumerate(self._rows)}
        self._by_camera = {}
        for inc in self._rows:
            self._link_cameras(inc)
        _fire(self.events.reset)

    def apply(self, incident: Incident) -> str:
        """Merge one fresh snapshot; return "insert", "update", "remove", "stale" or "ignore"."""
        row = self._index.get(incident.id)
        wanted = self.accepts(incident)
        if row is None:
            if not wanted:
                return "ignore"
            self.extend([incident])
            return "insert"
        current = self._rows[row]
        if getattr(current, "version", 0) > getattr(incident, "version", 0):
            return "stale"  # an older snapshot arriving late never overwrites a newer one
        if not wanted:
            self.remove(incident.id)
            return "remove"
        self._unlink_cameras(current)
        self._rows[row] = incident
        self._link_cameras(incident)
        _fire(self.events.changed, row, incident)
        return "update"

    def extend(self, incidents: list[Incident]) -> None:
        """Append new incidents (ids not yet present) as one contiguous insertion."""
        fresh = [i for i in incidents if i.id not in self._index and self.accepts(i)]
        if not fresh:
            return
        first, last = len(self._rows), len(self._rows) + len(fresh) - 1
        _fire(self.events.inserting, first, last)
        for inc in fresh:
            self._index[inc.id] = len(self._rows)
            self._rows.append(inc)
            self._link_cameras(inc)
        _fire(self.events.inserted, first, last)

    def remove(self, incident_id: str) -> None:
        """Drop one incident (closed, or moved out of this console's subtree)."""
        row = self._index.get(incident_id)
        if row is None:
            return
        _fire(self.events.removing, row)
        gone = self._rows.pop(row)
        del self._index[incident_id]
        for later in range(row, len(self._rows)):
            self._index[self._rows[later].id] = later
        self._unlink_cameras(gone)
        _fire(self.events.removed, row, gone)

    def _link_cameras(self, incident: Incident) -> None:
        for cam in getattr(incident, "cameras", ()) or ():
            self._by_camera.setdefault(cam, set()).add(incident.id)

    def _unlink_cameras(self, incident: Incident) -> None:
        for cam in getattr(incident, "cameras", ()) or ():
            ids = self._by_camera.get(cam)
            if ids is not None:
                ids.discard(incident.id)
                if not ids:
                    del self._by_camera[cam]


def _fire(listeners: list[Any], *args: Any) -> None:
    """Call every listener; one whose Qt object was deleted is dropped, not fatal."""
    for listener in list(listeners):
        try:
            listener(*args)
        except RuntimeError as exc:  # "Internal C++ object (...) already deleted"
            if "already deleted" not in str(exc):
                raise
            logger.debug("dropping a listener of a deleted Qt object: %s", exc)
            listeners.remove(listener)
