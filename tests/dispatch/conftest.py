"""Dispatch fixtures: a migrated store on SQLite and on PostgreSQL, the tiny hierarchy, a clock.

PostgreSQL: one throwaway database ``xueliang_test_<random>`` per run, emptied before each test
and dropped at the end. SQLite: a fresh file per test, copied from a migrated template.
"""

from __future__ import annotations

import secrets
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from dispatch_tiny import PASSWORD, ManualClock, tiny_seed
from refusal_contract import contract_problems
from sqlalchemy import delete, insert

from dispatch import tables
from dispatch.audit import GENESIS
from dispatch.errors import DispatchError
from dispatch.service import DispatchService
from dispatch.store import Store

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def create_pg_database() -> str:
    """Create an empty database and return its URL."""
    name = f"xueliang_test_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        # tests need no crash durability (the bench's crash test runs with the default)
        conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def drop_pg_database(url: str) -> None:
    """Drop a database made by create_pg_database (kicking out leftover sessions)."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A migrated throwaway PostgreSQL database for this test run."""
    url = create_pg_database()
    store = Store.open(url)
    store.migrate()
    store.close()
    yield url
    drop_pg_database(url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file to copy per test."""
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    store = Store.open(f"sqlite:///{path}")
    store.migrate()
    store.close()
    return path


def _empty(store: Store) -> None:
    with store.write() as conn:
        if store.is_postgres:
            names = ", ".join(t.name for t in tables.metadata.sorted_tables)
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        for table in reversed(tables.metadata.sorted_tables):
            conn.execute(delete(table))
        conn.execute(insert(tables.chain_head).values(id=1, seq=0, hash=GENESIS))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated, empty database URL on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "dispatch.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_url")
    store = Store.open(url)
    _empty(store)
    store.close()
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open store on an empty migrated database."""
    s = Store.open(db_url)
    yield s
    s.close()


@pytest.fixture
def clock() -> ManualClock:
    """A manual clock starting 2026-11-27 02:00 UTC (10:00 in China)."""
    return ManualClock(datetime(2026, 11, 27, 2, 0, tzinfo=UTC))


@pytest.fixture
def svc(store: Store, clock: ManualClock) -> DispatchService:
    """A service over the tiny hierarchy."""
    service = DispatchService(store, clock=clock)
    service.load_hierarchy(tiny_seed(), password=PASSWORD)
    return service


@pytest.fixture(autouse=True)
def refusals_name_their_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[DispatchError]]:
    """Every DispatchError that ``dispatch/`` makes during a test names a known rule and exactly
    its context keys (the console translates refusals from them); errors made elsewhere, e.g. by
    the CLI in ``console/``, are not checked."""
    made: list[DispatchError] = []
    original = DispatchError.__init__

    def recording(self: DispatchError, message: str, **context: object) -> None:
        original(self, message, **context)
        if str(sys._getframe(1).f_globals.get("__name__", "")).startswith("dispatch."):
            made.append(self)

    monkeypatch.setattr(DispatchError, "__init__", recording)
    yield made
    assert [p for exc in made for p in contract_problems(exc)] == []
