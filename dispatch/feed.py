"""Following the change feed: ``changes_since`` plus a blocking wait.

PostgreSQL wakes waiters with ``LISTEN xueliang_changes`` on a dedicated psycopg connection
(the service NOTIFYs in the same transaction as the change); SQLite polls every 25 ms.
Writers hold one lock while they append, so a change's seq is visible only after every
smaller seq is: a follower reading ``seq > last`` never skips one.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import psycopg
from psycopg.conninfo import make_conninfo
from sqlalchemy import func, select

from dispatch import tables
from dispatch.errors import StoreError
from dispatch.models import Change
from dispatch.store import Store

logger = logging.getLogger(__name__)

CHANNEL = "xueliang_changes"
SQLITE_POLL_S = 0.025


class ChangeFeed:
    """Reads the change feed of one store; one instance per following thread."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._listen: psycopg.Connection[tuple[object, ...]] | None = None

    def last_seq(self) -> int:
        """The newest seq (0 when the feed is empty)."""
        with self.store.read() as conn:
            return int(
                conn.execute(select(func.coalesce(func.max(tables.change.c.seq), 0))).scalar_one()
            )

    def changes_since(self, seq: int, limit: int = 1000) -> list[Change]:
        """Changes with seq greater than ``seq``, oldest first, at most ``limit``."""
        c = tables.change
        with self.store.read() as conn:
            rows = conn.execute(select(c).where(c.c.seq > seq).order_by(c.c.seq).limit(limit))
            return [
                Change(
                    int(r.seq),
                    r.incident_id,
                    r.action,
                    r.version,
                    datetime.fromtimestamp(r.at, UTC),
                )
                for r in rows
            ]

    def wait_for_change(self, after_seq: int, timeout_s: float) -> bool:
        """Block until a change newer than ``after_seq`` exists or ``timeout_s`` passes."""
        deadline = time.monotonic() + timeout_s
        if self.store.is_postgres:
            self._ensure_listening()
        while True:
            if self.last_seq() > after_seq:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if self._listen is not None:
                self._wait_notify(remaining)
            else:
                time.sleep(min(SQLITE_POLL_S, remaining))

    def poll(self, after_seq: int, timeout_s: float, limit: int = 1000) -> list[Change]:
        """Wait up to ``timeout_s`` and return what is newer than ``after_seq``."""
        if self.wait_for_change(after_seq, timeout_s):
            return self.changes_since(after_seq, limit)
        return []

    def _ensure_listening(self) -> None:
        if self._listen is not None and not self._listen.closed:
            return
        try:
            conninfo = make_conninfo(self.store.psycopg_dsn(), **self.store.psycopg_args())
            self._listen = psycopg.connect(conninfo, autocommit=True)
            self._listen.execute(f"LISTEN {CHANNEL}")
        except psycopg.OperationalError as exc:
            raise StoreError(
                f"cannot listen on {self.store.url}: {exc}",
                rule="store_listen",
                url=self.store.url,
                error=str(exc),
            ) from exc

    def _wait_notify(self, timeout_s: float) -> None:
        assert self._listen is not None
        try:
            for _note in self._listen.notifies(timeout=timeout_s, stop_after=1):
                break
        except psycopg.OperationalError:
            logger.warning("change-feed listener lost its connection; reconnecting")
            self._listen.close()
            self._listen = None
            time.sleep(min(timeout_s, SQLITE_POLL_S))
            self._ensure_listening()

    def close(self) -> None:
        """Close the listening connection, if any."""
        if self._listen is not None:
            self._listen.close()
            self._listen = None
