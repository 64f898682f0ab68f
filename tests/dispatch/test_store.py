"""Store: URLs, redaction, WAL, repeatable migrations, schema check."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from dispatch.config import default_db_url
from dispatch.errors import StoreError
from dispatch.store import Store, redact_url


def test_default_url_is_sqlite_in_data_dir(fresh_data_dir: Path) -> None:
    assert default_db_url() == f"sqlite:///{fresh_data_dir / 'xueliang.db'}"
    store = Store.open()
    try:
        assert not store.is_migrated()
        with pytest.raises(StoreError, match="run `xueliang db init` first"):
            store.require_schema()
        store.migrate()
        store.migrate()  # second run is a no-op
        assert store.is_migrated()
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert (
                conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0003"
            )
    finally:
        store.close()


def test_env_url_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XUELIANG_DB_URL", f"sqlite:///{tmp_path / 'env.db'}")
    assert default_db_url().endswith("env.db")


def test_passwords_never_shown() -> None:
    assert (
        redact_url("postgresql://alice:s3cret@db.example/x")
        == "postgresql://alice:***@db.example/x"
    )
    store = Store.open("postgresql://alice:s3cret@127.0.0.1:1/x")
    assert "s3cret" not in store.url and store.is_postgres
    store.close()


def test_unsupported_and_broken_urls() -> None:
    with pytest.raises(StoreError, match="unsupported database"):
        Store.open("mysql://u@h/db")
    with pytest.raises(StoreError, match="cannot parse"):
        Store.open("::not a url::")


def test_migrated_schema_has_every_table(store: Store) -> None:
    with store.read() as conn:
        names = set(inspect(conn).get_table_names())
    assert {
        "org",
        "department",
        "app_user",
        "incident",
        "incident_camera",
        "attachment",
        "audit",
        "chain_head",
        "change",
        "day_counter",
        "notice",
        "meta",
        "ptz_hold",
    } <= names


def test_migrations_match_the_table_definitions(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from dispatch.tables import metadata

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
