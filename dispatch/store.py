"""The dispatch store: one SQLAlchemy engine (SQLite WAL or PostgreSQL via psycopg 3).

Writes run in ``store.write()``: one transaction that holds the single writer lock
(SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``SELECT … FOR UPDATE`` on the chain-head row),
so audit chain appends, change-feed sequence numbers and readable ids never race.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError

from dispatch.config import default_db_url
from dispatch.errors import StoreError
from dispatch.rawsql import HEAD_KEY, LOCK_HEAD, UNAUDITED_KEY

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_MS = 30_000


def redact_url(url: str) -> str:
    """The URL with any password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparsable database URL>"


def _normalise(url: str) -> str:
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Store:
    """Owns the engine; hands out read and write transactions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_postgres = engine.dialect.name == "postgresql"
        self.url = engine.url.render_as_string(hide_password=True)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open the store at ``url`` (default: XUELIANG_DB_URL or the SQLite file)."""
        raw = _normalise(url or default_db_url())
        try:
            parsed = make_url(raw)
        except ArgumentError as exc:
            raise StoreError(
                f"cannot parse database URL {redact_url(raw)!r}; use "
                "sqlite:///PATH or postgresql://USER@HOST/DB",
                rule="store_url",
            ) from exc
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_MS / 1000})
            _configure_sqlite(engine)
        elif parsed.get_backend_name() == "postgresql":
            # a connection the server dropped (restart, failover) is replaced on checkout
            # instead of failing the first action after the server is back
            engine = create_engine(parsed, pool_pre_ping=True, connect_args=pg_network(parsed))
        else:
            raise StoreError(
                f"unsupported database {parsed.get_backend_name()!r}; use SQLite or PostgreSQL",
                rule="store_backend",
                backend=parsed.get_backend_name(),
            )
        logger.debug("opened store %s", engine.url.render_as_string(hide_password=True))
        return cls(engine)

    def psycopg_args(self) -> dict[str, int]:
        """The network limits (``PG_NETWORK``) for a dedicated psycopg connection."""
        return pg_network(self.engine.url) if self.is_postgres else {}

    def psycopg_dsn(self) -> str:
        """A plain libpq URL (with password) for a dedicated psycopg connection."""
        return self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision."""
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except OperationalError as exc:
            raise StoreError(
                f"cannot migrate {self.url}: {driver_line(exc)}; check the URL and "
                "that the server is running",
                rule="store_migrate",
                url=self.url,
                error=driver_line(exc),
            ) from exc

    def is_migrated(self) -> bool:
        """Whether the schema exists (the chain head table is present)."""
        with self.engine.connect() as conn:
            return inspect(conn).has_table("chain_head")

    def require_schema(self) -> None:
        """Raise StoreError naming the fix if ``db init`` was never run."""
        try:
            ok = self.is_migrated()
        except OperationalError as exc:
            raise StoreError(
                f"cannot open {self.url}: {driver_line(exc)}; check the URL and "
                "that the server is running",
                rule="store_open",
                url=self.url,
                error=driver_line(exc),
            ) from exc
        if not ok:
            raise StoreError(
                f"database {self.url} has no schema; run `xueliang db init` first",
                rule="store_no_schema",
                url=self.url,
            )

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (a consistent snapshot on both backends)."""
        with self._reachable(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self, audited: bool = True) -> Iterator[Connection]:
        """A write transaction holding the single writer lock; commits on success.

        ``audited=False``: a short write that appends no audit record (a PTZ hold renewed),
        so on PostgreSQL it does not wait for the audit chain's lock held by other writers.
        """
        with self._reachable(), self.engine.connect() as raw:
            conn = raw.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                # the chain head row as this transaction sees it (audit.append keeps it current)
                conn.info[HEAD_KEY] = None
                conn.info[UNAUDITED_KEY] = not audited
                try:
                    if self.is_postgres and audited:
                        conn.info[HEAD_KEY] = tuple(conn.exec_driver_sql(LOCK_HEAD).one())
                    yield conn
                finally:
                    conn.info.pop(HEAD_KEY, None)
                    conn.info.pop(UNAUDITED_KEY, None)

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        """The database going away (server down, connection dropped, disk gone) as a
        StoreError naming the database and the driver's first line, not a driver traceback."""
        try:
            yield
        except (OperationalError, InterfaceError) as exc:
            error = driver_line(exc)
            raise StoreError(
                f"cannot reach the database {self.url}: {error}; "
                "check the server and the network, then retry",
                rule="store_unreachable",
                url=self.url,
                error=error,
            ) from exc

    def close(self) -> None:
        """Dispose of every pooled connection."""
        self.engine.dispose()


# libpq limits so a server or network that stops answering fails a call in seconds instead of
# hanging it (the console calls the database from its UI thread for single records): connect
# within 5 s, notice a silent peer by keepalives in ~25 s, give up on unacknowledged data
# after 15 s. A setting in the URL's query wins.
PG_NETWORK = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 15000,
}


def pg_network(url: URL) -> dict[str, int]:
    """``PG_NETWORK`` without what ``url`` sets itself."""
    return {key: value for key, value in PG_NETWORK.items() if key not in url.query}


def driver_line(exc: DBAPIError) -> str:
    """The first line of the driver's message (psycopg adds hint lines), spaces collapsed."""
    text = str(exc.orig if exc.orig is not None else exc).strip()
    return " ".join(text.splitlines()[0].split()) if text else type(exc).__name__


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
