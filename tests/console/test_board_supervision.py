"""Supervision view (督办) and the walk-in / hotline form, on the real service."""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from board_world import G1, G2, T1, V1, World, english_ui, world  # noqa: F401 (fixtures)
from PySide6.QtCore import Qt

from console import i18n
from console.board import BoardController
from console.board.model import ID_ROLE
from console.board.qt_new_incident_form import QtNewIncidentForm
from console.board.qt_supervision_view import QtSupervisionView
from dispatch.service import DispatchService


def test_supervision_lists_overdue_and_supervised_and_supervises(
    qtbot, qtmodeltester, world: World
) -> None:
    yesterday = datetime.now(UTC) - timedelta(days=1)
    past = DispatchService(world.store, clock=lambda: yesterday)  # reported a day ago
    late = past.report(f"gw_{G1}_1", G1, "dispute", "simple", "久拖未办的纠纷")
    fresh = world.svc.report(f"gw_{G2}_1", G2, "dispute", "simple", "刚上报的纠纷")
    assert late.center_id == V1 and late.deadline is not None
    now = datetime.now(UTC)
    assert late.deadline < now < fresh.deadline
    controller = BoardController(world.svc, world.feed, "wangyi_duty", clock=lambda: now)
    try:
        qtbot.waitUntil(lambda: controller.is_loaded, timeout=5000)
        view = QtSupervisionView(controller)
        qtbot.addWidget(view)
        qtmodeltester.check(view.model)
        assert [view.model.index(r, 0).data(ID_ROLE) for r in range(view.model.rowCount())] == [
            late.id
        ]
        assert view.summary.text().startswith("1 ")
        # supervise the overdue one through the button: flagged by the service, still listed
        view.table.selectRow(0)
        qtbot.mouseClick(view.supervise_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Supervision set" in view.message.text(), timeout=5000)
        assert world.svc.get(late.id).supervised
        # the owning village center may not supervise its own incident: the service refuses
        other = BoardController(world.svc, world.feed, f"op_{V1}", clock=lambda: now)
        try:
            qtbot.waitUntil(lambda: other.is_loaded, timeout=5000)
            refused = QtSupervisionView(other)
            qtbot.addWidget(refused)
            refused.table.selectRow(0)
            qtbot.mouseClick(refused.supervise_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: refused.message.text() != "", timeout=5000)
            assert refused.message.text() == (
                "Not permitted — Supervise: only a duty officer or leader above the owning center"
                " may do this"
            )
            refused.stop()
        finally:
            other.stop()
        view.stop()
    finally:
        controller.stop()


def test_notices_at_this_center_load_off_the_ui_thread_in_the_ui_language(
    qtbot, world: World
) -> None:
    """The sweep's notice at the parent center (the township over the village that owns the
    incident) is listed for the township's duty officer, fetched on a worker thread."""
    earlier = datetime.now(UTC) - timedelta(hours=2)
    past = DispatchService(world.store, clock=lambda: earlier)
    late = past.report(f"gw_{G1}_1", G1, "dispute", "simple", "久拖未办的纠纷")
    assert world.svc.sweep().marked_overdue == (late.id,)
    controller = BoardController(world.svc, world.feed, f"duty_{T1}")
    fetched_on: list[str] = []
    real_notices = world.svc.notices

    def notices(*args, **kwargs):  # the real query, noting the thread it runs on
        fetched_on.append(threading.current_thread().name)
        return real_notices(*args, **kwargs)

    world.svc.notices = notices
    try:
        qtbot.waitUntil(lambda: controller.is_loaded, timeout=5000)
        view = QtSupervisionView(controller)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: view.notices.count() == 1, timeout=5000)
        line = view.notices.item(0).text()
        assert line.endswith(f"  {late.id}  acceptance overdue")
        assert fetched_on == ["supervision"]  # the view's worker, not the Qt thread
        assert not view.message.isVisible()  # no empty message line taking room
        i18n.install("zh_CN")
        try:
            view.refresh_notices()
            qtbot.waitUntil(lambda: view.notices.item(0).text().endswith("受理超时"), timeout=5000)
        finally:
            i18n.install("en")
        view.stop()
    finally:
        controller.stop()
    assert [n.incident_id for n in real_notices(T1, latest=1)] == [late.id]
    assert real_notices(V1) == []  # the notice goes to the parent center, not the owner


def test_walk_in_form_registers_an_incident_at_the_right_center(qtbot, world: World) -> None:
    controller = BoardController(world.svc, world.feed, "wangyi_op")
    try:
        qtbot.waitUntil(lambda: controller.is_loaded, timeout=5000)
        form = QtNewIncidentForm(controller)
        qtbot.addWidget(form)
        form.channel.setCurrentIndex(form.channel.findData("hotline_12345"))
        form.title.setText("小区供暖不热")
        assert form.submit() is False and "title" not in form.message.text().lower()
        assert form.message.text() == "Pick the grid where it happened."
        form.set_grid(T1)  # a township is not a grid
        assert form.grid_id == ""
        form.set_grid(G1)
        form.category.setCurrentIndex(form.category.findData("livelihood"))
        form.severity.setCurrentIndex(form.severity.findData("general"))
        form.caller.setText("王女士 138****1234")
        with qtbot.waitSignal(form.submitted, timeout=5000) as sent:
            assert form.submit()  # sent to the service on the form's worker
        incident = sent.args[0]
        stored = world.svc.get(incident.id)
        assert (stored.channel, stored.category, stored.center_id) == (
            "hotline_12345",
            "livelihood",
            T1,
        )  # general → the township
        assert "王女士" in stored.description and stored.reporter == "wangyi_op"
        assert controller.collection.get(incident.id) is not None
        assert controller.current_id == incident.id
    finally:
        controller.stop()


def test_countdown_uses_the_console_clock() -> None:
    # a naive deadline is read as UTC, the time left is negative once passed
    from console.board.filters import seconds_left

    now = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    assert seconds_left(datetime(2026, 11, 27, 7, 0), now) == -3600
