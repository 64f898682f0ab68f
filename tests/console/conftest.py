"""Console test guards: no feed follower outlives its test; the gc hold is given back."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def no_dangling_followers() -> Iterator[None]:
    """After each test: no feed-follower thread alive, automatic collection given back."""
    from console.board import main_thread_gc

    yield
    alive = [t.name for t in threading.enumerate() if t.name == "feed-follower" and t.is_alive()]
    assert not alive, f"feed follower threads still running after the test: {alive}"
    assert main_thread_gc.holders() == 0, "a follower was started and never stopped"
