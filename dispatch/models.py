"""Plain dataclasses for the dispatch domain; no database or Qt here."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

LEVELS = ("city", "district", "township", "village", "community", "grid")
CENTER_LEVELS = ("city", "district", "township", "village", "community")
ROLES = ("operator", "duty_officer", "leader", "maintenance", "liaison", "grid_worker")
SEVERITIES = ("simple", "general", "complex", "major")
CHANNELS = ("grid_worker", "walk_in", "hotline_12345", "video_alarm", "department", "assigned")
STATES = (
    "reported",
    "accepted",
    "rejected",
    "dispatched",
    "signed",
    "in_progress",
    "handled",
    "verified",
    "closed",
    "evaluated",
    "suspended",
)
OPEN_STATES = (
    "reported",
    "accepted",
    "dispatched",
    "signed",
    "in_progress",
    "handled",
    "verified",
    "suspended",
)


@dataclass(frozen=True)
class Org:
    """A center (city … community) or a grid."""

    id: str
    name: str
    level: str
    parent_id: str | None
    kind: str | None
    population: int
    centroid: tuple[float, float]
    polygon: tuple[tuple[float, float], ...]
    path: str


@dataclass(frozen=True)
class User:
    """A console user or a grid worker."""

    login: str
    name: str
    role: str
    org_id: str
    department_id: str | None = None


@dataclass(frozen=True)
class Department:
    """A functional department (公安, 城管 …) beside a city or district center."""

    id: str
    name: str
    code: str
    org_id: str


@dataclass(frozen=True)
class Category:
    """One taxonomy entry with its time limits in minutes per severity and step."""

    code: str
    name: str
    parent: str | None
    limits: dict[str, dict[str, int]]


@dataclass(frozen=True)
class Attachment:
    """A file linked to an incident, with its content hash."""

    path: str
    sha256: str
    added_by: str
    at: datetime


class StepDeadlines(Mapping[str, datetime]):
    """Deadline per step (accept, dispatch, sign, handle, verify, close), read-only.

    Built from the stored JSON (step -> epoch seconds) and decoded on first use, so that
    listing thousands of incidents does not pay for deadlines nobody looks at.
    """

    __slots__ = ("_data", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._data: dict[str, datetime] | None = None

    def _decoded(self) -> dict[str, datetime]:
        if self._data is None:
            raw = json.loads(self._text)
            self._data = {k: datetime.fromtimestamp(v, UTC) for k, v in raw.items()}
        return self._data

    def __getitem__(self, step: str) -> datetime:
        return self._decoded()[step]

    def __iter__(self) -> Iterator[str]:
        return iter(self._decoded())

    def __len__(self) -> int:
        return len(self._decoded())

    def __repr__(self) -> str:
        return f"StepDeadlines({self._decoded()!r})"


@dataclass(frozen=True)
class Incident:
    """One incident as stored; every change goes through DispatchService."""

    id: str
    title: str
    description: str
    category: str
    severity: str
    urgent: bool
    channel: str
    state: str
    grid_id: str
    lat: float | None
    lon: float | None
    address: str
    reporter: str
    center_id: str
    assignee_kind: str | None
    assignee_id: str | None
    co_handlers: tuple[str, ...]
    deadline: datetime | None
    deadlines: Mapping[str, datetime]
    supervised: bool
    supervise_deadline: datetime | None
    overdue: bool
    version: int
    created_at: datetime
    updated_at: datetime
    cameras: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    suspended_from: str | None = None
    suspended_at: datetime | None = None
    rating: int | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One audit record of an incident."""

    seq: int
    action: str
    actor: str
    role: str
    center: str
    from_state: str | None
    to_state: str
    at: datetime
    reason: str | None
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """One change-feed row: which incident moved, by which action, to which version."""

    seq: int
    incident_id: str
    action: str
    version: int
    at: datetime


@dataclass(frozen=True)
class Notice:
    """A supervision notice raised at a center for an overdue step."""

    id: int
    incident_id: str
    center_id: str
    step: str
    at: datetime
    text: str


@dataclass(frozen=True)
class SweepResult:
    """What one sweep did: incidents newly marked overdue and notices raised."""

    checked: int
    marked_overdue: tuple[str, ...]
    notices: int
