"""The main-thread collector's full collections: survivors frozen, sweeps when due, release."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from console import main_thread_gc
from console.main_thread_gc import (
    SWEEP_GROWTH,
    SWEEP_MAX_S,
    SWEEP_MIN_S,
    MainThreadCollector,
)


class Node:
    """An object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: Any = self


@pytest.fixture
def collector(qapp: Any) -> Iterator[tuple[MainThreadCollector, list[float]]]:
    threshold = gc.get_threshold()
    now = [1000.0]
    c = MainThreadCollector(clock=lambda: now[0])
    c.hold()
    gc.set_threshold(5, 1, 1)  # every third collection is a full one
    try:
        yield c, now
    finally:
        c.release()
        gc.set_threshold(*threshold)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def tracked(obj: Any) -> bool:
    """``obj`` is in one of the collector's generations (by identity: ``in`` would call
    every tracked object's ``__eq__``, some of which fail on strangers)."""
    return any(o is obj for o in gc.get_objects())


def run_until_full(c: MainThreadCollector) -> None:
    """Call ``collect`` as the timer does until it ran one full collection."""
    full = gc.get_stats()[2]["collections"]
    kept: list[list[Any]] = []  # allocations count towards generation 0 until freed
    for _ in range(30):
        kept.extend([] for _ in range(20))
        c.collect()
        if gc.get_stats()[2]["collections"] > full:
            return
    raise AssertionError("no full collection within 30 calls")


def test_a_full_collection_freezes_its_survivors(collector: Any) -> None:
    """What survived a full collection is left out of the next ones (a short UI pause)."""
    c, _now = collector
    assert gc.get_freeze_count() > 0  # what existed at hold (modules, start-up state)
    survivor = Node()
    assert tracked(survivor)  # young: collected as usual
    run_until_full(c)
    assert gc.is_tracked(survivor) and gc.get_freeze_count() > 0
    assert not tracked(survivor)  # frozen objects are in no generation
    assert not gc.isenabled()  # still collected by the timer only


def test_frozen_cycles_wait_for_a_sweep_due_every_few_hours(collector: Any) -> None:
    """A long-lived cycle dropped later is freed by the first full collection after a sweep
    is due, not by the ones before it; new cycles are freed as before. With the long-lived
    state unchanged, a sweep is due every SWEEP_MAX_S."""
    c, now = collector
    old = Node()
    freed: list[str] = []
    weakref.finalize(old, freed.append, "old")
    run_until_full(c)
    del old  # garbage now, but frozen
    young = Node()
    weakref.finalize(young, freed.append, "young")
    del young
    for _ in range(3):
        run_until_full(c)
    assert freed == ["young"]
    now[0] += SWEEP_MIN_S  # nothing much frozen since: not yet
    run_until_full(c)
    assert freed == ["young"]
    now[0] += SWEEP_MAX_S
    assert c.sweep_due()
    run_until_full(c)
    assert freed == ["young", "old"] and not c.sweep_due()
    assert gc.get_freeze_count() > 0  # the sweep's survivors are frozen again


def test_a_sweep_is_due_sooner_when_much_was_frozen_since(collector: Any) -> None:
    """Long-lived state replaced (the old dropped, the new frozen): the frozen objects grew
    by SWEEP_GROWTH, and a sweep is due SWEEP_MIN_S after the last one."""
    c, now = collector
    old = Node()
    freed: list[str] = []
    weakref.finalize(old, freed.append, "old")
    run_until_full(c)
    del old
    now[0] += SWEEP_MIN_S
    assert not c.sweep_due()
    replacement = [Node() for _ in range(int(c._swept_size * SWEEP_GROWTH) + 100)]
    run_until_full(c)  # the replacement survives and is frozen
    assert c.sweep_due()
    run_until_full(c)
    assert "old" in freed and not c.sweep_due()
    assert len(replacement) > 0


def test_a_sweep_is_due_when_asked(collector: Any) -> None:
    """Cameras removed from the registry leave their clients' frozen cycles and nothing new:
    asked, a sweep is due SWEEP_MIN_S after the last one."""
    c, now = collector
    before, main_thread_gc._collector = main_thread_gc._collector, c  # what it reaches
    try:
        now[0] += SWEEP_MIN_S
        assert not c.sweep_due()
        main_thread_gc.request_sweep()
        assert c.sweep_due()
        run_until_full(c)
        assert not c.sweep_due() and not c.requested
    finally:
        main_thread_gc._collector = before
