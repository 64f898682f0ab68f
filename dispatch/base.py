"""What every part of DispatchService shares: the store, the clock and the directory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

from dispatch.hierarchy import Directory
from dispatch.models import User
from dispatch.store import Store

Clock = Callable[[], datetime]
# The site's clock: China Standard Time (UTC+8, no daylight saving). Incident numbers take
# their day from it, and the console shows every time on it, whatever a workstation's zone.
SITE_TZ = timezone(timedelta(hours=8), "CST")


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class ServiceBase:
    """Holds the store, an injectable clock and the in-memory directory."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock: Clock = clock or utc_now
        self.directory = Directory()
        self._loaded = False

    def _now(self) -> datetime:
        now = self.clock()
        return now if now.tzinfo else now.replace(tzinfo=UTC)

    def _dir(self, refresh: bool = False) -> Directory:
        if refresh or not self._loaded:
            with self.store.read() as conn:
                self.directory.reload(conn)
            self._loaded = True
        return self.directory

    def _user(self, login: str) -> User:
        d = self._dir()
        if login not in d.users:
            d = self._dir(refresh=True)
        return d.user(login)

    def _org_checked(self, org_id: str) -> None:
        if org_id not in self._dir().orgs:
            self._dir(refresh=True).org(org_id)
