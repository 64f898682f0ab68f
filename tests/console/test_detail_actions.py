"""Incident detail: buttons from allowed_actions, accept / dispatch down / escalate, language."""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

import re
from pathlib import Path

from board_world import CITY, G1, T1, WANGYI, World, detail_on, english_ui, settle, world  # noqa: F401 (fixtures)
from PySide6.QtCore import Qt

from console.board import BoardController
from console.board.qt_hierarchy_picker import QtHierarchyPicker
from console.board.qt_incident_detail import QtIncidentDetail


def controller_for(qtbot, world: World, login: str) -> BoardController:
    controller = BoardController(world.svc, world.feed, login)
    qtbot.waitUntil(lambda: controller.is_loaded, timeout=5000)
    return controller


def click(qtbot, detail: QtIncidentDetail, action: str) -> None:
    button = detail.buttons[action]
    assert button.isEnabled(), f"{action} should be enabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)


def test_accept_then_dispatch_down_through_the_buttons(qtbot, world: World) -> None:
    inc = world.svc.report(f"gw_{G1}_1", G1, "dispute", "complex", "宅基地边界纠纷")
    controller = controller_for(qtbot, world, "wangyi_op")
    try:
        detail = detail_on(qtbot, controller, inc.id)
        assert detail.incident.id == inc.id
        enabled = {a for a, b in detail.buttons.items() if b.isEnabled()}
        assert enabled == set(world.svc.allowed_actions(inc.id, "wangyi_op"))
        assert "accept" in enabled and not detail.buttons["sign"].isEnabled()

        click(qtbot, detail, "accept")
        assert world.svc.get(inc.id).state == "accepted"
        assert detail.buttons["dispatch"].isEnabled()
        assert detail.history.topLevelItemCount() == 2  # report + accept
        assert "Done" in detail.message.text()

        # dispatch down to the township picked in the hierarchy picker
        click(qtbot, detail, "dispatch")
        assert "Pick a target" in detail.message.text()  # nothing picked yet: asked, not sent
        assert detail.picker.set_selected(T1)
        click(qtbot, detail, "dispatch")
        fresh = world.svc.get(inc.id)
        assert (fresh.state, fresh.assignee_id) == ("dispatched", T1)
        assert detail.fields["assignee"].text().startswith("黄堡镇")
        # the board row follows without waiting for the feed
        assert controller.collection.get(inc.id).state == "dispatched"
    finally:
        controller.stop()


def test_escalate_needs_a_reason_and_goes_to_the_parent(qtbot, world: World) -> None:
    inc = world.svc.report(f"gw_{G1}_1", G1, "public_order", "complex", "夜间聚集滋事")
    assert inc.center_id == WANGYI
    controller = controller_for(qtbot, world, "wangyi_op")
    try:
        detail = detail_on(qtbot, controller, inc.id)
        click(qtbot, detail, "escalate")  # no reason typed: the service refuses
        assert (
            detail.message.text() == "Invalid input, correct it and retry — Escalate needs a reason"
        )
        assert world.svc.get(inc.id).center_id == WANGYI
        detail.reason.setText("涉及多个街道，需市级协调")
        click(qtbot, detail, "escalate")
        fresh = world.svc.get(inc.id)
        assert (fresh.center_id, fresh.state) == (CITY, "reported")
        assert detail.fields["center"].text() == "铜川市"
        # the district may no longer accept what now waits at the city
        assert not detail.buttons["accept"].isEnabled()
    finally:
        controller.stop()


def test_hierarchy_picker_offers_the_subtree_and_departments(
    qtbot, qtmodeltester, world: World
) -> None:
    controller = controller_for(qtbot, world, "wangyi_op")
    try:
        picker = QtHierarchyPicker(controller)
        qtbot.addWidget(picker)
        qtmodeltester.check(picker.source)
        qtmodeltester.check(picker.proxy)
        offered = set(picker.offered_ids())
        assert {WANGYI, T1, G1, f"dept-{WANGYI}-police"} <= offered
        assert CITY not in offered and f"dept-{CITY}-police" not in offered
        assert not any(o.startswith("610203") for o in offered)  # 印台区 is not below 王益区
        with qtbot.waitSignal(picker.picked) as sig:
            picker.set_selected(G1)
        assert sig.args == [G1]
        picker.search.setText("不存在")
        assert picker.proxy.rowCount() == 0
    finally:
        controller.stop()


def test_language_switch_retranslates_board_and_detail(qtbot, world: World) -> None:
    from console import i18n
    from console.board import QtDispatchBoard
    from console.board.model import COLUMN_KEYS

    inc = world.svc.report(f"gw_{G1}_1", G1, "dispute", "complex", "宅基地边界纠纷")
    controller = controller_for(qtbot, world, "wangyi_op")
    try:
        board = QtDispatchBoard(controller)
        detail = QtIncidentDetail(controller)
        qtbot.addWidget(board)
        qtbot.addWidget(detail)
        controller.select(inc.id)
        settle(qtbot, detail)
        state_col = COLUMN_KEYS.index("state")
        assert board.model.index_of(inc.id, state_col).data() == "Reported"
        try:
            assert "board_zh_CN.qm" in i18n.install("zh_CN")
            qtbot.waitUntil(lambda: detail.buttons["accept"].text() == "受理", timeout=3000)
            assert board.overdue_check.text() == "仅超期"
            assert board.state_combo.itemText(1) == "已上报"
            assert board.model.index_of(inc.id, state_col).data() == "已上报"
            assert board.model.headerData(2, Qt.Orientation.Horizontal) == "等级"
            assert detail.fields["channel"].text() == "网格员上报"
            assert detail.picker.search.placeholderText() == "搜索机构、网格或部门"
        finally:
            i18n.install("en")
        qtbot.waitUntil(lambda: detail.buttons["accept"].text() == "Accept", timeout=3000)
        assert board.model.index_of(inc.id, state_col).data() == "Reported"
        board.stop()
    finally:
        controller.stop()


def test_evidence_thumbnails_follow_attachments(qtbot, world: World, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    inc = world.svc.report(f"gw_{G1}_1", G1, "safety.fire", "general", "楼道堆放杂物")
    snapshot = tmp_path / "snapshot.png"
    image = QImage(320, 180, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(snapshot))
    controller = controller_for(qtbot, world, "wangyi_op")
    try:
        detail = detail_on(qtbot, controller, inc.id)
        assert detail.evidence.count() == 0
        world.svc.add_attachment(inc.id, "wangyi_op", snapshot)  # as the wall's snapshot does
        # the change arrives through the feed; the detail refreshes and shows a thumbnail
        qtbot.waitUntil(lambda: detail.evidence.count() == 1, timeout=5000)
        thumb = detail.evidence.itemAt(0).widget()
        assert thumb.pixmap().width() == 96  # scaled, aspect kept
        assert "sha256" in thumb.toolTip()
        assert detail.history.topLevelItem(1).text(1) == "Evidence added"
    finally:
        controller.stop()


def test_countdown_says_overdue_by_once_the_limit_passed(qtbot, world: World) -> None:
    from datetime import UTC, datetime, timedelta

    from dispatch.service import DispatchService

    two_hours_ago = datetime.now(UTC) - timedelta(hours=2)
    past = DispatchService(world.store, clock=lambda: two_hours_ago)
    late = past.report(f"gw_{G1}_1", G1, "dispute", "simple", "久拖未办的纠纷")  # 30 min limit
    fresh = world.svc.report(f"gw_{G1}_1", G1, "dispute", "simple", "刚上报的纠纷")
    controller = controller_for(qtbot, world, "wangyi_op")
    try:
        detail = detail_on(qtbot, controller, late.id)
        assert re.fullmatch(r"Overdue by 01:(29|30):\d\d", detail.countdown.text())  # 2 h - 30 min
        controller.select(fresh.id)
        settle(qtbot, detail)
        assert detail.countdown.text().startswith("Time left 00:")
        detail.stop()
    finally:
        controller.stop()
