"""A SQLite file with the Tongchuan demo hierarchy, for tests that start a whole console."""

from __future__ import annotations

from pathlib import Path

from dispatch.service import DispatchService
from dispatch.store import Store


def make_demo_db(path: Path) -> str:
    """Create the demo database at ``path``; its SQLAlchemy URL."""
    url = f"sqlite:///{path}"
    store = Store.open(url)
    store.migrate()
    DispatchService(store).load_demo()
    store.close()
    return url
