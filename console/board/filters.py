"""Time limits and filters of the board, Qt-free except for the countdown colour."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtGui import QColor

from console.board.collection import Incident

WARN_SECONDS = 30 * 60  # the countdown turns amber this long before the limit
FILTER_KEYS = ("state", "severity", "category", "channel", "org")


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def seconds_left(deadline: datetime | None, now: datetime) -> float | None:
    """Seconds until ``deadline`` (negative once passed); naive datetimes are taken as UTC."""
    if deadline is None:
        return None
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=UTC)
    return (deadline - now).total_seconds()


def countdown_color(left: float | None, overdue: bool = False) -> QColor | None:
    """Red when passed (or flagged overdue), amber when near, None otherwise."""
    if overdue or (left is not None and left < 0):
        return QColor("#ff5252")
    if left is not None and left < WARN_SECONDS:
        return QColor("#ffb300")
    return None


def is_overdue(inc: Incident, now: datetime) -> bool:
    """True if flagged overdue by the service or past its current time limit."""
    if getattr(inc, "overdue", False):
        return True
    left = seconds_left(getattr(inc, "deadline", None), now)
    return left is not None and left < 0


@dataclass
class IncidentFilter:
    """What a board shows: exact codes (None = any), org subtree, overdue, free text."""

    state: str | None = None
    severity: str | None = None
    category: str | None = None
    channel: str | None = None
    org: str | None = None
    overdue_only: bool = False
    text: str = ""
    predicate: Callable[[Incident, datetime], bool] | None = None  # e.g. the supervision view

    def is_empty(self) -> bool:
        """True when nothing is filtered (every incident passes)."""
        return (
            self.state is None
            and self.severity is None
            and self.category is None
            and self.channel is None
            and self.org is None
            and not self.overdue_only
            and not self.text
            and self.predicate is None
        )

    def accepts(
        self, inc: Incident, now: datetime, in_org: Callable[[Incident, str], bool]
    ) -> bool:
        """True if the incident passes every active criterion."""
        if self.state is not None and inc.state != self.state:
            return False
        if self.severity is not None and inc.severity != self.severity:
            return False
        if self.category is not None and not _in_category(inc.category, self.category):
            return False
        if self.channel is not None and inc.channel != self.channel:
            return False
        if self.org is not None and not in_org(inc, self.org):
            return False
        if self.overdue_only and not is_overdue(inc, now):
            return False
        if self.text and self.text not in f"{inc.id} {inc.title} {inc.address}".lower():
            return False
        return self.predicate is None or self.predicate(inc, now)


def _in_category(code: str | None, wanted: str) -> bool:
    """A category matches itself and its sub-categories (``safety`` ⊇ ``safety.fire``)."""
    return bool(code) and (code == wanted or str(code).startswith(wanted + "."))
