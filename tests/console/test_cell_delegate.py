"""The incident table's CellDelegate paints what the style painted, pixel for pixel, faster.

A board over a real SQLite world with a frozen clock (every incident overdue: the countdown is
red), under the console's dark theme unless a test says otherwise. Pixels are read from
``table.viewport().grab()``.
"""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from board_world import G1, World, english_ui, world  # noqa: F401 (fixtures)
from PySide6.QtCore import QEvent, QPointF, QRect
from PySide6.QtGui import QColor, QHoverEvent, QImage
from PySide6.QtWidgets import QApplication, QHeaderView, QStyledItemDelegate

from console.app import THEME, apply_theme
from console.board import BoardController, QtDispatchBoard, labels
from console.board.cell_delegate import CellDelegate, item_rule_background
from console.board.filters import utc_now
from console.board.model import COLUMN_KEYS

SELECTED = QColor("#1864ab")  # resources/theme/dark.qss: QTableView::item:selected
HOVER = QColor("#10233d")  # QTableView::item:hover
BASE, ALTERNATE = QColor("#08101c"), QColor("#0c1626")  # QTableView background, alternate
OVERDUE = QColor("#ff5252")
FLASH = QColor("#7f1d1d")
TITLE, SEVERITY, COUNTDOWN = (COLUMN_KEYS.index(k) for k in ("title", "severity", "countdown"))
LONG_TITLE = "群众反映小区门口道路积水严重影响出行请尽快处理，另有车辆违停堵塞消防通道 " * 3
TITLES = ("占道经营", LONG_TITLE, "仓库冒烟", "邻里噪音纠纷", "路灯不亮", "井盖破损")
SEVERITIES = ("simple", "general", "complex", "major", "general", "simple")


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[None]:
    """The console's dark theme and font for one test; the test app's own put back after."""
    sheet, font = qapp.styleSheet(), qapp.font()
    apply_theme(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


@pytest.fixture
def shown(qtbot: Any, world: World) -> Iterator[QtDispatchBoard]:
    """A board showing six incidents, its clock frozen ten days on (all overdue)."""
    for title, severity in zip(TITLES, SEVERITIES, strict=True):
        world.svc.report(f"gw_{G1}_1", G1, "dispute", severity, title)
    frozen = utc_now() + timedelta(days=10)
    controller = BoardController(world.svc, world.feed, "city_op", clock=lambda: frozen)
    qtbot.waitUntil(lambda: controller.is_loaded, timeout=5000)
    view = QtDispatchBoard(controller)
    qtbot.addWidget(view)
    view.resize(1300, 400)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == len(TITLES), timeout=5000)
    yield view
    view.stop()
    controller.stop()


def grab(view: QtDispatchBoard) -> QImage:
    """The table's viewport as painted now."""
    image = view.table.viewport().grab().toImage()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def cell(view: QtDispatchBoard, row: int, column: int) -> QRect:
    """A cell's rectangle in viewport coordinates."""
    return view.table.visualRect(view.model.index(row, column))


def colors(image: QImage, rect: QRect) -> set[str]:
    """Every colour painted inside ``rect``."""
    return {
        image.pixelColor(x, y).name()
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    }


def select(view: QtDispatchBoard, row: int) -> None:
    """Select a row as a click would."""
    view.table.selectRow(row)
    assert view.table.selectionModel().isRowSelected(row)


def hover(view: QtDispatchBoard, row: int) -> None:
    """Move the mouse over a row's title cell."""
    point = QPointF(cell(view, row, TITLE).center())
    event = QHoverEvent(QEvent.Type.HoverMove, point, point, QPointF(-1, -1))
    QApplication.sendEvent(view.table.viewport(), event)


def test_the_board_table_paints_with_the_cell_delegate(shown: QtDispatchBoard) -> None:
    assert isinstance(shown.table.itemDelegate(), CellDelegate)


@pytest.mark.parametrize("theme", [True, False], ids=["dark-theme", "no-style-sheet"])
def test_cells_paint_exactly_as_the_style_paints_them(
    request: pytest.FixtureRequest, shown: QtDispatchBoard, theme: bool
) -> None:
    if theme:
        request.getfixturevalue("themed")
    view, table = shown, shown.table
    table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Interactive)
    table.setColumnWidth(TITLE, 180)  # the long title is elided
    flashing = view.model.incident(3).id
    view.model.set_flash_lookup(lambda incident_id: FLASH if incident_id == flashing else None)
    select(view, 1)
    hover(view, 4)
    ours = grab(view)
    table.setItemDelegate(QStyledItemDelegate(table))
    theirs = grab(view)
    assert ours.size() == theirs.size()
    differing = [
        (x, y)
        for y in range(ours.height())
        for x in range(ours.width())
        if ours.pixel(x, y) != theirs.pixel(x, y)
    ]
    assert differing == [], f"{len(differing)} pixels differ, first at {differing[:3]}"
    if theme:  # the states compared above were really painted
        assert SELECTED.name() in colors(ours, cell(view, 1, TITLE))
        assert FLASH.name() in colors(ours, cell(view, 3, TITLE))
        assert HOVER.name() in colors(ours, cell(view, 4, TITLE))


def test_a_selected_row_paints_the_theme_selection_colour(
    themed: None, shown: QtDispatchBoard
) -> None:
    select(shown, 2)
    image = grab(shown)
    title = cell(shown, 2, TITLE)
    assert image.pixelColor(title.right() - 1, title.top() + 1) == SELECTED
    countdown = colors(image, cell(shown, 2, COUNTDOWN))
    assert OVERDUE.name() not in countdown  # selected text is HighlightedText, not red
    assert "#ffffff" in countdown


def test_rows_alternate_the_table_base_colours(themed: None, shown: QtDispatchBoard) -> None:
    image = grab(shown)
    for row, expected in ((0, BASE), (1, ALTERNATE), (2, BASE), (3, ALTERNATE)):
        rect = cell(shown, row, COUNTDOWN)
        assert image.pixelColor(rect.right() - 1, rect.top() + 1) == expected, row


def test_the_countdown_text_uses_its_foreground_colour(
    themed: None, shown: QtDispatchBoard
) -> None:
    image = grab(shown)
    for row in range(shown.model.rowCount()):
        assert OVERDUE.name() in colors(image, cell(shown, row, COUNTDOWN)), row


def test_a_long_title_is_elided_inside_its_cell(themed: None, shown: QtDispatchBoard) -> None:
    table = shown.table
    table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Interactive)
    table.setColumnWidth(TITLE, 160)
    row = next(
        r
        for r in range(shown.model.rowCount())
        if shown.model.incident(r).title.startswith(LONG_TITLE[:20])
    )
    image = grab(shown)
    title, severity = cell(shown, row, TITLE), cell(shown, row, SEVERITY)
    background = image.pixelColor(title.right() - 1, title.top() + 1).name()
    assert len(colors(image, title)) > 3  # text was drawn
    # nothing drawn in the cell's right padding nor spilled into the next cell
    assert colors(image, QRect(title.right() - 1, title.top(), 2, title.height())) == {background}
    assert colors(image, QRect(severity.left(), severity.top(), 2, severity.height())) == {
        background
    }


def test_the_severity_swatch_has_the_severity_colour(themed: None, shown: QtDispatchBoard) -> None:
    image = grab(shown)
    seen = set()
    for row in range(shown.model.rowCount()):
        rect = cell(shown, row, SEVERITY)
        swatch = image.pixelColor(rect.left() + 3 + 8, rect.center().y())
        severity = shown.model.incident(row).severity
        assert swatch == labels.severity_color(severity), (row, severity)
        seen.add(severity)
    assert seen == set(SEVERITIES)


def test_a_flashing_row_paints_the_flash_colour(themed: None, shown: QtDispatchBoard) -> None:
    flashing = shown.model.incident(2).id
    shown.model.set_flash_lookup(lambda incident_id: FLASH if incident_id == flashing else None)
    image = grab(shown)
    for column in range(len(COLUMN_KEYS)):
        rect = cell(shown, 2, column)
        assert image.pixelColor(rect.right() - 1, rect.top() + 1) == FLASH, column
    rect = cell(shown, 1, TITLE)
    assert image.pixelColor(rect.right() - 1, rect.top() + 1) == ALTERNATE
    select(shown, 2)  # the selection wins over the flash, as the theme's item rule does
    image = grab(shown)
    rect = cell(shown, 2, TITLE)
    assert image.pixelColor(rect.right() - 1, rect.top() + 1) == SELECTED


def test_the_model_serves_the_delegate_what_data_serves(shown: QtDispatchBoard) -> None:
    model = shown.model
    roles = (0, 9, 8, 1)  # Display, Foreground, Background, Decoration
    for row in range(model.rowCount()):
        for column in range(len(COLUMN_KEYS)):
            index = model.index(row, column)
            assert model.cell(row, column) == tuple(model.data(index, r) for r in roles)
    assert model.cell(model.rowCount(), 0) is None
    assert model.cell(-1, 0) is None


def test_item_rule_colours_come_from_the_theme() -> None:
    sheet = THEME.read_text(encoding="utf-8")
    assert item_rule_background(sheet, "selected") == SELECTED
    assert item_rule_background(sheet, "hover") == HOVER
    assert item_rule_background("QListView::item:selected { background: red; }", "selected") is None
    assert item_rule_background("", "selected") is None
