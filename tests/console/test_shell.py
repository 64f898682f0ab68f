"""Shell: login, role-dependent docks, language switch, persisted layout, item models."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_db import make_demo_db
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.camera_catalog import CameraCatalog, CameraEntry
from console.camera_health_model import CameraHealthFilter, CameraHealthModel
from console.frames import TileStatus
from console.qt_camera_tree import EXPAND_CAMERAS_MAX, ID_ROLE, CameraTreeModel, QtCameraTree
from console.qt_event_log import EventLogModel, LogEvent
from console.qt_login_dialog import QtLoginDialog
from console.settings import ConsoleSettings
from dispatch.seed import DEMO_PASSWORD

# an address nothing listens on: a camera that is offline
OFFLINE = "rtsp://127.0.0.1:9/main"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the Tongchuan demo hierarchy, loaded once for the module."""
    path = tmp_path_factory.mktemp("shell") / "demo.db"
    make_demo_db(path)
    return path


@pytest.fixture
def db_url(demo_db: Path, tmp_path: Path) -> str:
    """A private copy of the demo DB for one test."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def console(qapp: Any, db_url: str, tmp_path: Path) -> Iterator[ConsoleApp]:
    """A started console; the QApplication first (ConsoleApp installs its translators)."""
    app = ConsoleApp(db_url, "zh_CN", ConsoleSettings(tmp_path / "console.ini"))
    svc = app.start()
    grid = next(g for g in svc.orgs(level="grid") if g.path.startswith("610200/610202/"))
    app.set_cameras([CameraEntry("off1", "离线摄像机", grid.id, *grid.centroid, rtsp_main=OFFLINE)])
    yield app
    app.stop()


def test_login_refuses_wrong_password_then_signs_in(qtbot: QtBot, console: ConsoleApp) -> None:
    assert console.svc is not None
    dialog = QtLoginDialog(
        console.svc.authenticate, [("city_op", "曹春桂"), ("city_mnt", "运维")], DEMO_PASSWORD
    )
    qtbot.addWidget(dialog)
    ok = dialog._buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.login_edit.setText("city_op")
    dialog.password_edit.setText("wrong")
    ok.click()  # checked on the dialog's worker
    qtbot.waitUntil(lambda: dialog.error_label.text() == "账号或密码错误。", timeout=5000)
    assert dialog.user() is None and ok.isEnabled()
    assert dialog.password_edit.text() == ""
    dialog.demo_box.setCurrentIndex(2)
    assert dialog.login_edit.text() == "city_mnt"
    assert dialog.password_edit.text() == DEMO_PASSWORD
    with qtbot.waitSignal(dialog.accepted):
        ok.click()
    assert dialog.user().login == "city_mnt"
    assert dialog.user().role == "maintenance"


@pytest.mark.parametrize(
    ("login", "present", "absent"),
    [
        (
            "city_op",
            {"cameras", "ptz", "events", "board", "detail", "map"},
            {"supervision", "health"},
        ),
        ("city_duty", {"board", "supervision"}, {"health"}),
        ("city_mnt", {"health", "cameras"}, {"supervision"}),
    ],
)
def test_docks_follow_the_role(
    qtbot: QtBot, console: ConsoleApp, login: str, present: set[str], absent: set[str]
) -> None:
    assert console.svc is not None
    window = console.open_window(console.svc.user(login))
    qtbot.addWidget(window)
    window.show()
    assert present <= set(window.docks)
    assert not absent & set(window.docks)
    assert window.wall.state().slots[0] == "off1"  # default wall: the catalog's cameras


@pytest.mark.parametrize(
    ("login", "language"), [("city_mnt", "en"), ("city_mnt", "zh_CN"), ("city_duty", "en")]
)
def test_a_first_window_fits_1366_pixels(
    qtbot: QtBot, console: ConsoleApp, login: str, language: str
) -> None:
    """Before the window is shown its tabbed bottom docks count side by side: the English
    maintenance window opened 1802 px wide, past the smallest screen it is made for."""
    assert console.svc is not None
    console.switch_language(language)
    try:
        window = console.open_window(console.svc.user(login))
        qtbot.addWidget(window)
        window.show()
        assert (window.width(), window.height()) == (1366, 768)
    finally:
        console.switch_language("zh_CN")


def test_health_list_shows_an_offline_camera(qtbot: QtBot, console: ConsoleApp) -> None:
    assert console.svc is not None
    window = console.open_window(console.svc.user("city_mnt"))
    qtbot.addWidget(window)
    window.show()
    model = window.health_model
    assert model is not None and model.rowCount() == 1
    qtbot.waitUntil(lambda: model.index(0, 2).data() in ("离线", "重连中", "连接中"), timeout=10000)
    qtbot.waitUntil(lambda: model.index(0, 2).data() in ("离线", "重连中"), timeout=15000)
    assert window.health is not None
    window.health.proxy.set_org("610204")  # another district: filtered out
    assert window.health.proxy.rowCount() == 0
    window.health.proxy.set_org("610202")
    assert window.health.proxy.rowCount() == 1


def test_language_switch_is_live(qtbot: QtBot, console: ConsoleApp) -> None:
    assert console.svc is not None
    window = console.open_window(console.svc.user("city_op"))
    qtbot.addWidget(window)
    assert window.menu_wall.title() == "电视墙(&W)"
    assert window.docks["cameras"].windowTitle() == "组织与摄像机"
    assert window.layout_actions["16"].text() == "16 画面"
    window.act_en.trigger()  # LanguageChange events are posted: wait for them
    qtbot.waitUntil(lambda: window.menu_wall.title() == "&Wall", timeout=3000)
    assert window.docks["cameras"].windowTitle() == "Orgs and cameras"
    assert window.tree.search.placeholderText() == "Search orgs and cameras…"
    assert window.log_model.headerData(0, Qt.Orientation.Horizontal) == "Time"
    assert console.settings.language() == "en"
    window.act_zh.trigger()
    qtbot.waitUntil(lambda: window.docks["cameras"].windowTitle() == "组织与摄像机", timeout=3000)
    assert window.ptz.goto_button.text() == "调用预置位"


def test_wall_layout_and_docks_persist(qtbot: QtBot, db_url: str, tmp_path: Path) -> None:
    settings_path = tmp_path / "console.ini"
    first = ConsoleApp(db_url, "en", ConsoleSettings(settings_path))
    svc = first.start()
    window = first.open_window(svc.user("city_op"), with_board=False)
    first.switch_language("en")
    window.wall.set_layout("1+5")
    window.wall.set_camera(2, "camX")
    first.stop()
    second = ConsoleApp(db_url, None, ConsoleSettings(settings_path))
    assert second.language == "en"
    svc = second.start()
    window = second.open_window(svc.user("city_op"), with_board=False)
    try:
        assert window.wall.state().layout == "1+5"
        assert window.wall.state().slots[2] == "camX"
        assert window.layout_actions["1+5"].isChecked()
    finally:
        second.stop()


def test_item_models_pass_the_model_tester(qtmodeltester, console: ConsoleApp) -> None:  # type: ignore[no-untyped-def]
    assert console.svc is not None
    log = EventLogModel(limit=3)
    for i in range(5):
        log.add(LogEvent(__import__("datetime").datetime.now(), "src", f"event {i}"))
    assert log.rowCount() == 3 and log.events()[0].text == "event 4"
    qtmodeltester.check(log)
    catalog = CameraCatalog(console.catalog.all())
    tree = CameraTreeModel()
    tree.load(console.svc.orgs(), catalog, only_with_cameras=True)
    assert tree.camera_index("off1").isValid()
    qtmodeltester.check(tree)
    health = CameraHealthModel(catalog, lambda _o: "grid", lambda _o: "610200/610202")
    health.update("off1", TileStatus("live", fps=25.0, bitrate_kbps=800.0))
    assert health.index(0, 3).data() == "25.0"
    qtmodeltester.check(health)
    by_org = CameraHealthFilter()
    by_org.setSourceModel(health)
    by_org.set_org("610202")
    assert by_org.rowCount() == health.rowCount() > 0
    qtmodeltester.check(by_org)
    by_org.set_org("610203")  # another district: no camera of this catalogue
    assert by_org.rowCount() == 0
    qtmodeltester.check(by_org)


def test_the_tree_opens_at_the_cameras_of_a_district_and_at_the_townships_of_a_city(
    qtbot: QtBot, console: ConsoleApp
) -> None:
    """A district's cameras show at once; a city's thousands do not (rows nobody reads, and
    Qt updates every open row on each registry change): its tree opens at the townships,
    and search or an added camera opens the way to a camera."""
    assert console.svc is not None
    grids = console.svc.orgs(level="grid")

    def cameras(count: int) -> CameraCatalog:
        return CameraCatalog(
            CameraEntry(f"c{n}", f"摄像机{n:04d}", grids[n % len(grids)].id) for n in range(count)
        )

    def opened_grids(count: int) -> tuple[QtCameraTree, int]:
        model = CameraTreeModel()
        model.load(console.svc.orgs(), cameras(count), only_with_cameras=True)
        tree = QtCameraTree(model)
        qtbot.addWidget(tree)
        grid_rows = [model.org_index(g.id) for g in grids if model.org_index(g.id).isValid()]
        return tree, sum(tree.view.isExpanded(tree.view_index(i)) for i in grid_rows)

    _district, opened = opened_grids(EXPAND_CAMERAS_MAX)
    assert opened == EXPAND_CAMERAS_MAX  # one camera per grid: every grid open
    city, opened = opened_grids(EXPAND_CAMERAS_MAX + 1)
    assert opened == 0
    township = city._model.org_index(grids[0].parent_id).parent()  # a village's township
    assert city.view.isExpanded(city.view_index(township.parent()))  # its district
    assert not city.view.isExpanded(city.view_index(township))
    city.expand_to("c0")
    assert city.view.isExpanded(city.view_index(city._model.org_index(grids[0].id)))
    city.view.collapseAll()
    city.search.setText("网格")  # every grid matches: all of them open
    assert city.view.isExpanded(city.view_index(city._model.org_index(grids[5].id)))
    city.search.setText("摄像机0007")
    city.select_camera("c7")
    city.search.clear()  # the usual view again, with the camera found still in sight
    grid_rows = [city._model.org_index(g.id) for g in grids]
    opened = [i for i in grid_rows if city.view.isExpanded(city.view_index(i))]
    assert [i.data(ID_ROLE) for i in opened] == [grids[7].id]
    assert city.view.currentIndex().data(ID_ROLE) == "c7"


def test_new_incident_form_takes_the_grid_picked_in_the_tree(
    qtbot: QtBot, console: ConsoleApp
) -> None:
    assert console.svc is not None
    window = console.open_window(console.svc.user("city_op"))
    qtbot.addWidget(window)
    window.show()
    window.act_new.trigger()
    form = window.new_form
    assert form is not None and form.isVisible()
    grid_id = console.catalog.all()[0].grid_id
    assert grid_id is not None
    window.tree.org_selected.emit(grid_id)  # a grid clicked in the tree
    assert form.grid_id == grid_id
    form.title.setText("群众来访：噪音扰民")
    with qtbot.waitSignal(form.submitted, timeout=5000) as sent:
        form.submit()
    incident = sent.args[0]
    assert incident.grid_id == grid_id
    assert console.board is not None and console.board.current_id == incident.id
    qtbot.waitUntil(lambda: window.new_form is None, timeout=3000)


def test_f1_lists_every_shortcut_and_the_walls_mouse_and_keys(
    qtbot: QtBot, console: ConsoleApp
) -> None:
    """操作说明 (F1): each window shortcut as the window has it, then the wall's gestures, in
    Chinese; one table however often it is asked for."""
    assert console.svc is not None
    window = console.open_window(console.svc.user("city_op"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.menu_help.title() == "帮助(&H)"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    QTest.keyClick(window, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "操作说明"
    rows = dict(dialog.rows())
    assert rows["16 画面"] == "Ctrl+4" and rows["抓拍"] == "Ctrl+P"
    with_keys = [a for a in window.actions() if not a.shortcut().isEmpty()]
    assert len(with_keys) >= 15
    for action in with_keys:
        assert action.text().replace("&", "") in rows
    assert rows["以光标为中心电子放大或缩小"] == "在画面上滚动鼠标滚轮"
    assert rows["交换两个画面"] == "把画面拖到另一个画面上"
    assert window.show_shortcuts() is dialog  # brought up, not a second one
    dialog.close()
    qtbot.waitUntil(lambda: window.shortcuts_dialog is None, timeout=3000)
