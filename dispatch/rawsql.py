"""Hand-written SQL for the hot write path (one action = a handful of statements).

Building SQLAlchemy expressions per call costs more than the database work itself, so the
statements every action runs are plain SQL with ``?`` placeholders, turned into ``%s`` for
psycopg once and cached. No ``%`` may appear in these strings.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection

INCIDENT_COLUMNS = (
    "id", "title", "description", "category", "severity", "urgent", "channel", "state",
    "grid_id", "area_district", "area_township", "area_village", "lat", "lon", "address",
    "reporter", "center_id", "assignee_kind", "assignee_id", "co_handlers", "deadline",
    "deadlines", "supervised", "supervise_deadline", "overdue", "suspended_from",
    "suspended_at", "rating", "version", "created_at", "updated_at",
)  # fmt: skip
SELECT_INCIDENT = f"SELECT {', '.join(INCIDENT_COLUMNS)} FROM incident WHERE id = ?"
INSERT_INCIDENT = (
    f"INSERT INTO incident ({', '.join(INCIDENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in INCIDENT_COLUMNS)})"
)
SELECT_CAMERAS = "SELECT camera_id FROM incident_camera WHERE incident_id = ? ORDER BY camera_id"
SELECT_ATTACHMENTS = (
    "SELECT path, sha256, added_by, at FROM attachment WHERE incident_id = ? ORDER BY id"
)
HEAD_KEY = "xueliang_chain_head"
UNAUDITED_KEY = "xueliang_unaudited"  # a write(audited=False): audit.append refuses
SELECT_HEAD = "SELECT seq, hash FROM chain_head WHERE id = 1"
LOCK_HEAD = "SELECT seq, hash FROM chain_head WHERE id = 1 FOR UPDATE"
UPDATE_HEAD = "UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1"
AUDIT_COLUMNS = (
    "seq", "incident_id", "actor", "role", "center", "action", "from_state", "to_state",
    "reason", "at", "detail", "prev_hash", "hash",
)  # fmt: skip
INSERT_AUDIT = (
    f"INSERT INTO audit ({', '.join(AUDIT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in AUDIT_COLUMNS)})"
)
INSERT_CHANGE = (
    "INSERT INTO change (incident_id, action, version, at) VALUES (?, ?, ?, ?) RETURNING seq"
)
INSERT_CHANGE_NOTIFY = (
    "WITH c AS (INSERT INTO change (incident_id, action, version, at) VALUES (?, ?, ?, ?) "
    "RETURNING seq) SELECT seq, pg_notify(?, seq::text) FROM c"
)
SELECT_DAY = "SELECT n FROM day_counter WHERE day = ?"
INSERT_DAY = "INSERT INTO day_counter (day, n) VALUES (?, 1)"
UPDATE_DAY = "UPDATE day_counter SET n = ? WHERE day = ?"


@lru_cache(maxsize=256)
def _for(dialect: str, sql: str) -> str:
    return sql.replace("?", "%s") if dialect == "postgresql" else sql


@lru_cache(maxsize=256)
def _row_type(names: tuple[str, ...]) -> Any:
    return namedtuple("Row", names)


class Result:
    """The fetched rows of one statement (named tuples) and its rowcount."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self.rows = rows
        self.rowcount = rowcount

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def first(self) -> Any:
        """The first row or None."""
        return self.rows[0] if self.rows else None

    def one(self) -> Any:
        """The only row; LookupError if there is none."""
        if len(self.rows) != 1:
            raise LookupError(f"expected one row, got {len(self.rows)}")
        return self.rows[0]

    def scalar(self) -> Any:
        """First column of the first row, or None."""
        return self.rows[0][0] if self.rows else None

    def scalar_one(self) -> Any:
        """First column of the only row."""
        return self.one()[0]


def run(conn: Connection, sql: str, params: Sequence[Any] = ()) -> Result:
    """Execute ``sql`` (``?`` placeholders) on the DBAPI cursor of the SQLAlchemy connection.

    It runs inside the transaction the connection already began.
    """
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    cur = dbapi.cursor()
    try:
        cur.execute(_for(conn.dialect.name, sql), tuple(params))
        rows: list[Any] = []
        if cur.description:
            make = _row_type(tuple(d[0] for d in cur.description))._make
            rows = [make(r) for r in cur.fetchall()]
        return Result(rows, cur.rowcount)
    finally:
        cur.close()


def fetch_tuples(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Like :func:`run` but returns the driver's plain tuples (for large listings)."""
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    cur = dbapi.cursor()
    try:
        cur.execute(_for(conn.dialect.name, sql), tuple(params))
        return list(cur.fetchall())
    finally:
        cur.close()


def update_incident(values: dict[str, Any]) -> str:
    """``UPDATE incident SET …`` for these columns, guarded by id and version."""
    sets = ", ".join(f"{k} = ?" for k in values)
    return f"UPDATE incident SET {sets} WHERE id = ? AND version = ?"
