"""The live board against a real SQLite store, the real DispatchService and its change feed."""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

import itertools
import subprocess
import sys
import time

from board_world import CITY, G1, G3, WANGYI, World, board, english_ui, world  # noqa: F401 (fixtures)
from PySide6.QtCore import Qt

from console.board import BoardController, QtDispatchBoard
from console.board.model import COLUMN_KEYS, ID_ROLE


def run_other_process(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``xueliang`` CLI in another process against the same database."""
    return subprocess.run(
        [sys.executable, "-m", "console", "--db", url, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_board_loads_open_incidents_of_the_subtree_only(qtbot, world: World) -> None:
    a = world.svc.report(f"gw_{G1}_1", G1, "dispute", "simple", "邻里噪音纠纷")
    b = world.svc.report(f"gw_{G3}_1", G3, "safety.fire", "general", "楼道堆放杂物")
    controller = BoardController(world.svc, world.feed, "wangyi_op")
    try:
        qtbot.waitUntil(lambda: controller.is_loaded, timeout=5000)
        ids = [inc.id for inc in controller.collection]
        assert a.id in ids and b.id not in ids  # 印台区's grid is outside 王益区
        assert controller.in_subtree(G1) and not controller.in_subtree(G3)
    finally:
        controller.stop()


def test_board_follows_a_change_made_by_another_process(
    qtbot, qtmodeltester, world: World, board: BoardController
) -> None:
    view = QtDispatchBoard(board)
    qtbot.addWidget(view)
    qtmodeltester.check(board.model)
    resets: list[int] = []
    board.model.modelReset.connect(lambda: resets.append(1))

    inc = world.svc.report(f"gw_{G1}_1", G1, "dispute", "complex", "土地承包纠纷")
    qtbot.waitUntil(lambda: board.collection.row_of(inc.id) is not None, timeout=5000)
    assert view.alerts == 1 and not view.banner.isHidden()
    assert inc.center_id == WANGYI

    done = run_other_process(world.url, "incident", "act", inc.id, "accept", "--as", "wangyi_op")
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: board.collection.get(inc.id).state == "accepted", timeout=5000)
    row = board.collection.row_of(inc.id)
    assert row is not None
    state = board.model.data(board.model.index(row, COLUMN_KEYS.index("state")))
    assert state == "Accepted"
    assert resets == []  # a single change never resets the model
    qtmodeltester.check(board.model)
    view.stop()


def test_board_filters_and_selection_sync(qtbot, world: World, board: BoardController) -> None:
    view = QtDispatchBoard(board)
    qtbot.addWidget(view)
    a = world.svc.report(f"gw_{G1}_1", G1, "dispute", "simple", "占道经营")
    b = world.svc.report(f"gw_{G3}_1", G3, "safety.fire", "major", "仓库冒烟")
    qtbot.waitUntil(lambda: len(board.collection) == 2, timeout=5000)
    assert b.center_id == CITY
    view.severity_combo.setCurrentIndex(view.severity_combo.findData("major"))
    assert view.model.rowCount() == 1
    assert view.model.index(0, 0).data(ID_ROLE) == b.id
    view.severity_combo.setCurrentIndex(0)
    view.org_combo.setCurrentIndex(view.org_combo.findData(WANGYI))
    assert [view.model.index(r, 0).data(ID_ROLE) for r in range(view.model.rowCount())] == [a.id]
    view.org_combo.setCurrentIndex(0)
    # a click on a row sets the controller's current incident, and back
    view.resize(1000, 400)
    view.show()
    qtbot.waitExposed(view)
    index = view.model.index_of(b.id)
    rect = view.table.visualRect(index)
    with qtbot.waitSignal(board.current_changed) as sig:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == [b.id]
    board.select(a.id)
    assert view.selected_id() == a.id
    view.stop()


def test_follower_resumes_from_its_last_seq_without_losing_a_change(qtbot, world: World) -> None:
    from console.board.follower import FeedFollower

    first = world.svc.report(f"gw_{G1}_1", G1, "dispute", "simple", "早先的事件")
    follower = FeedFollower(world.svc, world.feed, "city_op", poll_s=0.1)
    loaded: list[list[str]] = []
    follower.loaded.connect(lambda incs, seq: loaded.append([i.id for i in incs]))
    follower.start()
    qtbot.waitUntil(lambda: bool(loaded), timeout=5000)
    follower.stop()
    assert loaded == [[first.id]]
    position = follower.position
    # five changes while nobody follows
    missed = [
        world.svc.report(f"gw_{G1}_1", G1, "dispute", "simple", f"离线期间 {n}") for n in range(3)
    ]
    world.svc.act(missed[0].id, "accept", f"op_{missed[0].center_id}")
    world.svc.act(first.id, "reject", f"op_{first.center_id}", reason="重复上报")
    resumed = FeedFollower(world.svc, world.feed, "city_op", since=position, poll_s=0.1)
    seen: dict[str, int] = {}
    resumed.changed.connect(lambda incs, seq: seen.update({i.id: i.version for i in incs}))
    resumed.start()
    try:
        qtbot.waitUntil(lambda: len(seen) == 4 and seen.get(first.id) == 2, timeout=5000)
        assert set(seen) == {first.id, *(m.id for m in missed)}
        assert seen[missed[0].id] == 2  # the latest snapshot, after the accept
        assert resumed.position == world.feed.last_seq()
    finally:
        resumed.stop()


def test_follower_sends_a_lone_change_at_once_and_gathers_a_burst(qtbot, world: World) -> None:
    """Batches go out at most every min_gap_s, so the board repaints once per burst."""
    from console.board.follower import FeedFollower

    follower = FeedFollower(world.svc, world.feed, "city_op", poll_s=0.1, min_gap_s=0.4)
    batches: list[tuple[float, list[str]]] = []
    follower.changed.connect(
        lambda incs, seq: batches.append((time.monotonic(), [i.title for i in incs]))
    )
    follower.start()
    try:
        qtbot.waitUntil(lambda: follower.position == world.feed.last_seq(), timeout=5000)
        qtbot.wait(500)  # quiet for longer than the gap
        written = time.monotonic()
        world.svc.report(f"gw_{G1}_1", G1, "dispute", "simple", "单独一件")
        qtbot.waitUntil(lambda: len(batches) == 1, timeout=5000)
        assert batches[0][1] == ["单独一件"]
        assert batches[0][0] - written < 0.3  # not held for the gap
        burst = [f"连续 {n}" for n in range(12)]
        for title in burst:
            world.svc.report(f"gw_{G1}_1", G1, "dispute", "simple", title)
        qtbot.waitUntil(lambda: sum(len(b[1]) for b in batches) == 13, timeout=5000)
    finally:
        follower.stop()
    assert [t for _, titles in batches[1:] for t in titles] == burst  # all, in order
    assert len(batches) - 1 < len(burst)  # gathered, not one batch per change
    times = [t for t, _ in batches]
    assert all(later - earlier >= 0.35 for earlier, later in itertools.pairwise(times))


def test_the_table_is_painted_when_a_new_incident_shows_the_banner(
    qtbot, world: World, board: BoardController
) -> None:
    """A new incident's row and the banner are painted at once: no repaint is held back."""
    view = QtDispatchBoard(board)
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    qtbot.waitUntil(lambda: board.is_loaded, timeout=5000)
    inc = world.svc.report(f"gw_{G1}_1", G1, "dispute", "complex", "土地承包纠纷")
    qtbot.waitUntil(lambda: not view.banner.isHidden(), timeout=5000)
    qtbot.wait(20)  # the layout settles
    assert board.collection.row_of(inc.id) is not None
    viewport = view.table.viewport()
    assert viewport.updatesEnabled()
    image = viewport.grab().toImage()
    row_height = view.table.rowHeight(0)
    row = image.copy(0, 0, image.width(), row_height)  # the first row: text is light on dark
    light = sum(
        1
        for x in range(row.width())
        for y in range(row.height())
        if row.pixelColor(x, y).lightness() > 120
    )
    assert light > 100, f"the first row of the table was blank ({light} light pixels)"
    view.stop()
