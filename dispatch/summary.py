"""IncidentSummary: the compact, read-only row a listing returns (no database or Qt here).

A listing of 20,000 incidents is dominated by building Python objects, and a full
:class:`~dispatch.models.Incident` costs three of them per row plus five datetimes. A summary
is one tuple holding the stored values as fetched (times as epoch seconds, flags as stored);
its properties convert on access. Attribute names and values are those of ``Incident``, so
code that reads only these attributes takes either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from functools import partial
from typing import Any, cast

# The incident columns a summary holds, in tuple order; ``cameras`` (from the link table)
# follows them as the last item.
SUMMARY_COLUMNS = (
    "id", "title", "description", "category", "severity", "urgent", "channel", "state", "grid_id",
    "center_id", "assignee_kind", "assignee_id", "deadline", "supervised", "overdue",
    "version", "created_at", "updated_at", "lat", "lon", "address",
)  # fmt: skip

_Values = tuple[
    str, str, str, str, str, int, str, str, str,
    str, str | None, str | None, float | None, int, int,
    int, float, float, float | None, float | None, str,
    tuple[str, ...],
]  # fmt: skip

_fromts = datetime.fromtimestamp


class IncidentSummary(_Values):
    """One incident as a list shows it: who, what, where, state, flags, current deadline.

    Not in a summary (read them with ``DispatchService.get``): reporter,
    co-handlers, per-step deadlines, supervision deadline, suspension, rating, attachments.
    ``deadline_ts``/``created_ts``/``updated_ts`` give the epoch seconds without a datetime.
    """

    __slots__ = ()

    @property
    def id(self) -> str:
        """Readable id, e.g. ``TC-20261127-000123``."""
        return self[0]

    @property
    def title(self) -> str:
        """Title as reported."""
        return self[1]

    @property
    def description(self) -> str:
        """Description as reported (may be empty)."""
        return self[2]

    @property
    def category(self) -> str:
        """Category code."""
        return self[3]

    @property
    def severity(self) -> str:
        """simple, general, complex or major."""
        return self[4]

    @property
    def urgent(self) -> bool:
        """The urgent flag."""
        return bool(self[5])

    @property
    def channel(self) -> str:
        """How it was reported."""
        return self[6]

    @property
    def state(self) -> str:
        """Current state of the loop."""
        return self[7]

    @property
    def grid_id(self) -> str:
        """The grid it happened in."""
        return self[8]

    @property
    def center_id(self) -> str:
        """The owning center."""
        return self[9]

    @property
    def assignee_kind(self) -> str | None:
        """center, grid or department; None before dispatch."""
        return self[10]

    @property
    def assignee_id(self) -> str | None:
        """The lead assignee; None before dispatch."""
        return self[11]

    @property
    def deadline(self) -> datetime | None:
        """Time limit of the current step (aware UTC), or None."""
        value = self[12]
        return None if value is None else _fromts(value, UTC)

    @property
    def deadline_ts(self) -> float | None:
        """``deadline`` as epoch seconds."""
        return self[12]

    @property
    def supervised(self) -> bool:
        """Under supervision (督办) by an ancestor center."""
        return bool(self[13])

    @property
    def overdue(self) -> bool:
        """Marked overdue by the sweep."""
        return bool(self[14])

    @property
    def version(self) -> int:
        """Version for optimistic concurrency (``expect_version``)."""
        return self[15]

    @property
    def created_at(self) -> datetime:
        """When it was reported (aware UTC)."""
        return _fromts(self[16], UTC)

    @property
    def created_ts(self) -> float:
        """``created_at`` as epoch seconds."""
        return self[16]

    @property
    def updated_at(self) -> datetime:
        """Time of the last change (aware UTC)."""
        return _fromts(self[17], UTC)

    @property
    def updated_ts(self) -> float:
        """``updated_at`` as epoch seconds."""
        return self[17]

    @property
    def lat(self) -> float | None:
        """Latitude (the grid's centroid unless reported)."""
        return self[18]

    @property
    def lon(self) -> float | None:
        """Longitude (the grid's centroid unless reported)."""
        return self[19]

    @property
    def address(self) -> str:
        """Address as reported (may be empty)."""
        return self[20]

    @property
    def cameras(self) -> tuple[str, ...]:
        """Linked camera ids, sorted."""
        return self[21]

    def __repr__(self) -> str:
        return f"IncidentSummary({self.id!r}, state={self.state!r}, version={self.version})"


def summaries(
    rows: Iterable[tuple[Any, ...]], cameras: Mapping[str, tuple[str, ...]]
) -> list[IncidentSummary]:
    """Summaries of rows in ``SUMMARY_COLUMNS`` order, each with its cameras (by id)."""
    make = cast(
        Callable[[tuple[Any, ...]], IncidentSummary], partial(tuple.__new__, IncidentSummary)
    )
    get, none = cameras.get, ()
    return [make((*r, get(r[0], none))) for r in rows]
