"""Times as the console shows and records them: on the site's clock (China Standard Time),
whatever the workstation's own zone, so every console, the incident numbers (``TC-YYYYMMDD``
by China date) and the event logs agree."""

from __future__ import annotations

from datetime import UTC, datetime

from dispatch.base import SITE_TZ


def site_now() -> datetime:
    """Now on the site's clock."""
    return datetime.now(SITE_TZ)


def on_site(at: datetime) -> datetime:
    """``at`` on the site's clock (a naive time is taken as UTC, as the store keeps it)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(SITE_TZ)


def from_epoch(seconds: float) -> datetime:
    """Epoch seconds on the site's clock."""
    return datetime.fromtimestamp(seconds, SITE_TZ)


def editor_time(at: datetime) -> datetime:
    """``at`` as the naive site time a date-time editor shows (its fields as read on site)."""
    return on_site(at).replace(tzinfo=None)


def from_editor(shown: datetime) -> datetime:
    """The aware time of what a date-time editor shows (naive, on the site's clock)."""
    return shown.replace(tzinfo=SITE_TZ)
