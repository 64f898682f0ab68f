"""Console test guards: no feed follower or overdue sweeper outlives its test; the gc hold is
given back."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def no_dangling_followers() -> Iterator[None]:
    """After each test: no feed-follower or overdue-sweep thread alive, automatic collection
    given back."""
    from console import main_thread_gc

    yield
    names = ("feed-follower", "overdue-sweep")
    alive = [t.name for t in threading.enumerate() if t.name in names and t.is_alive()]
    assert not alive, f"threads still running after the test: {alive}"
    assert main_thread_gc.holders() == 0, "a follower or a wall was started and never stopped"
