"""Category names: English in the English UI everywhere they appear, Chinese exactly as before."""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

from typing import Any

from board_world import G1, World, english_ui, settle, world  # noqa: F401 (fixtures)

from console import i18n
from console.board import BoardController, QtDispatchBoard, labels
from console.board.model import COLUMN_KEYS
from console.board.qt_incident_detail import QtIncidentDetail
from console.board.qt_new_incident_form import QtNewIncidentForm
from console.map.items import PinItem

CATEGORY_COLUMN = COLUMN_KEYS.index("category")


def test_every_category_has_an_english_name_and_its_chinese_name_back(world: World) -> None:
    taxonomy = {c.code: c.name for c in world.svc.categories()}
    assert {"dispute", "dispute.neighbour", "safety.hazchem", "other"} <= set(taxonomy)
    assert set(labels.CATEGORIES) == set(taxonomy)  # top level and every sub category
    english = {code: labels.category_label(code) for code in taxonomy}
    assert english["safety.fire"] == "Fire safety"
    assert english["city_management"] == "City management / sanitation"
    assert len(set(english.values())) == len(english)  # no two categories look alike
    assert all(name.isascii() for name in english.values())
    try:
        assert "board_zh_CN.qm" in i18n.install("zh_CN")
        chinese = {code: labels.category_label(code) for code in taxonomy}
    finally:
        i18n.install("en")
    assert chinese == taxonomy  # exactly the names of resources/categories.json


def test_unknown_category_keeps_the_service_name_or_the_code() -> None:
    assert labels.category_label("new.kind", "新类别") == "新类别"
    assert labels.category_label("new.kind") == "new.kind"
    assert labels.category_label(None) == ""


def _everywhere(qtbot: Any, controller: BoardController, incident: Any) -> dict[str, Any]:
    """The category as the board, its filter, the detail, the form and a map pin show it."""
    board = QtDispatchBoard(controller)
    detail = QtIncidentDetail(controller)
    form = QtNewIncidentForm(controller)
    for widget in (board, detail, form):
        qtbot.addWidget(widget)
    controller.select(incident.id)
    settle(qtbot, detail)
    combo = board.category_combo
    box = form.category
    form_names = {box.itemData(i): box.itemText(i).strip() for i in range(box.count())}
    return {
        "board": board,
        "row": board.model.index_of(incident.id, CATEGORY_COLUMN).data(),
        "filter": {combo.itemData(i): combo.itemText(i) for i in range(1, combo.count())},
        "detail": detail.fields["category"].text(),
        "form": form_names,
        "pin": PinItem(incident, lambda _id: None).tooltip_text().splitlines()[-1],
    }


def test_board_filter_detail_form_and_map_in_english(qtbot: Any, world: World) -> None:
    inc = world.svc.report(f"gw_{G1}_1", G1, "safety.fire", "general", "楼道堆放杂物")
    world.svc.report(f"gw_{G1}_1", G1, "dispute.labour", "simple", "拖欠工资")
    controller = BoardController(world.svc, world.feed, "wangyi_op")
    try:
        qtbot.waitUntil(lambda: controller.is_loaded, timeout=5000)
        shown = _everywhere(qtbot, controller, inc)
        assert shown["row"] == "Fire safety"
        assert shown["filter"]["safety"] == "Safety hazards"
        assert set(shown["filter"]) == {c.code for c in world.svc.categories() if not c.parent}
        assert all(text.isascii() for text in shown["filter"].values())
        assert shown["detail"] == "Fire safety"
        assert shown["form"]["safety.fire"] == "Fire safety"
        assert shown["form"]["stability"] == "Stability / petitions"
        assert shown["pin"] == "Fire safety · Reported"
        # the filter still filters by code: "Safety hazards" keeps the fire report only
        board = shown["board"]
        board.category_combo.setCurrentIndex(board.category_combo.findText("Safety hazards"))
        assert board.model.rowCount() == 1
        assert board.model.index(0, CATEGORY_COLUMN).data() == "Fire safety"
        board.stop()
    finally:
        controller.stop()


def test_chinese_ui_shows_the_names_of_the_taxonomy(qtbot: Any, world: World) -> None:
    names = {c.code: c.name for c in world.svc.categories()}
    inc = world.svc.report(f"gw_{G1}_1", G1, "special_groups.mental_health", "major", "走失")
    controller = BoardController(world.svc, world.feed, "wangyi_op")
    try:
        qtbot.waitUntil(lambda: controller.is_loaded, timeout=5000)
        assert "board_zh_CN.qm" in i18n.install("zh_CN")
        shown = _everywhere(qtbot, controller, inc)
        assert shown["row"] == names["special_groups.mental_health"] == "严重精神障碍患者"
        assert shown["filter"] == {c.code: c.name for c in world.svc.categories() if not c.parent}
        assert shown["detail"] == "严重精神障碍患者"
        assert shown["form"] == names
        assert shown["pin"] == "严重精神障碍患者 · 已上报"
        # a live switch back to English renames the filter and the cached board cells
        board = shown["board"]
        i18n.install("en")
        qtbot.waitUntil(lambda: board.category_combo.itemText(1) == "Disputes", timeout=3000)
        row = board.model.index_of(inc.id, CATEGORY_COLUMN)
        assert row.data() == "Severe mental disorders"
        board.stop()
    finally:
        i18n.install("en")
        controller.stop()
