"""Qt object lifetimes around the feed follower: no widget is left to the cycle collector.

The console tests once segfaulted in Qt's event processing: a map view kept alive only by a
reference cycle was deleted by a generation-0 collection that an allocation inside its own
paint event triggered. The same garbage could also be collected on the feed-follower thread,
which deleted a QWidget off the main thread. These tests pin both down.
"""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

import gc
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from board_world import G1, World, board, english_ui, world  # noqa: F401 (fixtures)
from PySide6.QtWidgets import QWidget

from console import main_thread_gc
from console.board import BoardController, QtDispatchBoard
from console.board.qt_incident_detail import QtIncidentDetail
from console.map import MapCamera, QtMapView

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def test_a_map_view_dropped_before_its_first_paint_does_not_crash() -> None:
    """The reported segfault, made deterministic: the collector runs inside the view's events."""
    done = subprocess.run(
        [sys.executable, str(HERE / "drop_shown_map.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stderr[-2000:]}"
    assert done.stdout.strip().endswith("ok")


def _map(controller: BoardController) -> Any:
    cameras = [MapCamera("cam01", "黄堡路口", 108.95, 35.05, "live", G1)]
    return QtMapView(controller, lambda: cameras)


def _board(controller: BoardController) -> Any:
    return QtDispatchBoard(controller)


def _detail(controller: BoardController) -> Any:
    return QtIncidentDetail(controller)


@pytest.mark.parametrize("make", [_map, _board, _detail], ids=["map", "board", "detail"])
def test_a_stopped_view_dies_with_its_last_reference(
    qtbot: Any, world: World, board: BoardController, make: Callable[[BoardController], Any]
) -> None:
    """No reference cycle keeps a view: it is deleted at once, not by a later collection."""
    world.svc.report(f"gw_{G1}_1", G1, "dispute", "simple", "邻里纠纷")
    qtbot.waitUntil(lambda: len(board.collection) == 1, timeout=5000)
    deleted: list[bool] = []
    view = make(board)
    view.destroyed.connect(lambda *_args: deleted.append(True))
    qtbot.addWidget(view)
    view.resize(640, 480)
    view.show()
    qtbot.waitExposed(view)
    view.stop()
    view.close()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del view
        assert deleted == [True], "the view outlived its last reference (a reference cycle)"
    finally:
        if was_enabled:
            gc.enable()


def test_cyclic_qt_garbage_is_never_deleted_on_the_follower_thread(
    qtbot: Any, board: BoardController
) -> None:
    """While a follower runs, cyclic garbage is collected on the main thread only."""
    assert board.follower.is_running()
    where: list[str] = []

    def drop_a_widget_in_a_cycle() -> None:
        # stands for any widget or model that became cyclic garbage (a view dropped while a
        # callback of it is still stored somewhere it references, a closed dialog, ...)
        widget = QWidget()
        widget.cycle = widget  # type: ignore[attr-defined]
        weakref.finalize(widget, lambda: where.append(threading.current_thread().name))

    threshold = gc.get_threshold()
    gc.set_threshold(50)  # the follower crosses it within a few polls
    try:
        drop_a_widget_in_a_cycle()
        time.sleep(1.5)  # the main thread allocates nothing; the follower polls ~60 times
        assert where == [], f"deleted on the {where} thread, outside the event loop"
        qtbot.waitUntil(lambda: bool(where), timeout=5000)  # the main-thread timer collects
        assert where == ["MainThread"]
        assert main_thread_gc.holders() >= 1 and not gc.isenabled()
    finally:
        gc.set_threshold(*threshold)


def test_stopping_the_last_follower_gives_collection_back(qtbot: Any, world: World) -> None:
    """Two boards hold main-thread collection; after both stop, no thread and gc is automatic."""
    assert gc.isenabled() and main_thread_gc.holders() == 0
    first = BoardController(world.svc, world.feed, "city_op")
    second = BoardController(world.svc, world.feed, "wangyi_op")
    try:
        qtbot.waitUntil(lambda: first.is_loaded and second.is_loaded, timeout=5000)
        assert main_thread_gc.holders() == 2 and not gc.isenabled()
        first.stop()
        first.stop()  # idempotent: releases once
        assert main_thread_gc.holders() == 1 and not gc.isenabled()
    finally:
        first.stop()
        second.stop()
    assert main_thread_gc.holders() == 0 and gc.isenabled()
    assert not first.follower.is_running() and not second.follower.is_running()
    assert not [t for t in threading.enumerate() if t.name == "feed-follower"]
