"""Saved wall views: save the wall under a name, bring it back from the Wall menu, per user,
kept across sessions; cameras gone from the catalog are left out with a word."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_db import make_demo_db
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.camera_catalog import CameraEntry
from console.settings import ConsoleSettings

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
OFFLINE = "rtsp://127.0.0.1:9/main"  # the wall only tries them; nothing needs to play here


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("views") / "demo.db"
    make_demo_db(path)
    return path


def open_console(db: Path, settings: Path, cameras: int) -> ConsoleApp:
    app = ConsoleApp(f"sqlite:///{db}", "en", ConsoleSettings(settings))
    svc = app.start()
    grid = next(g for g in svc.orgs(level="grid") if g.path.startswith("610200/610202/"))
    app.set_cameras(
        [
            CameraEntry(f"c{n}", f"Gate {n}", grid.id, *grid.centroid, rtsp_main=OFFLINE)
            for n in range(1, cameras + 1)
        ]
    )
    return app


@pytest.fixture
def console(qapp: Any, demo_db: Path, tmp_path: Path) -> Iterator[ConsoleApp]:
    shutil.copy(demo_db, tmp_path / "demo.db")
    app = open_console(tmp_path / "demo.db", tmp_path / "console.ini", 6)
    yield app
    app.stop()


def window_for(qtbot: QtBot, console: ConsoleApp, login: str) -> Any:
    assert console.svc is not None
    window = console.open_window(console.svc.user(login))
    qtbot.addWidget(window)
    window.show()
    return window


def menu_texts(menu: Any) -> list[str]:
    return [a.text() for a in menu.actions()]


def test_save_and_restore_a_view_from_the_menu(qtbot: QtBot, console: ConsoleApp) -> None:
    window = window_for(qtbot, console, "city_op")
    assert menu_texts(window.menu_views) == ["No saved views"]
    window.wall.set_layout("4")
    for slot, camera in enumerate(["c3", "c1", None, "c6"]):
        window.wall.set_camera(slot, camera)
    assert window.save_view("  North   gate ") is None  # spaces tidied
    assert window.statusBar().currentMessage() == "View “North gate” saved"
    assert menu_texts(window.menu_views) == ["North gate"]
    assert menu_texts(window.menu_delete_views) == ["North gate"]

    window.wall.set_layout("9")  # the operator moves on
    window.wall.set_camera(0, "c2")
    window.wall.maximise(0)
    window.menu_views.actions()[0].trigger()
    state = window.wall.state()
    assert state.layout == "4" and state.slots[:4] == ["c3", "c1", None, "c6"]
    assert state.slots[4:] == [None] * 12  # the 16-tile default's hidden slots not kept
    assert state.maximised is None and window.layout_actions["4"].isChecked()
    assert window.statusBar().currentMessage() == "View “North gate”"

    window.wall.set_layout("16")
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # shortcuts act there
    QTest.keyClick(window, Qt.Key.Key_1, CTRL_ALT)  # the first view by name, from the keyboard
    assert window.wall.state().layout == "4"
    assert window.menu_views.actions()[0].shortcut().toString() == "Ctrl+Alt+1"


def test_names_are_checked_and_a_replace_is_confirmed(
    qtbot: QtBot, console: ConsoleApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = window_for(qtbot, console, "city_op")
    assert window.save_view("   ") == "A view needs a name."
    assert window.save_view("x" * 41) == "A view's name has at most 40 characters."
    assert window.saved_views() == {}
    window.wall.set_layout("1")
    window.wall.set_camera(0, "c1")
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a: ("路口", True)))
    window.act_save_view.trigger()  # Ctrl+Shift+S: asks for a name
    assert window.saved_views()["路口"].slots[0] == "c1"

    window.wall.set_camera(0, "c2")
    asked: list[str] = []

    def say_no(_parent: Any, _title: str, text: str, *_rest: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(say_no))
    window.act_save_view.trigger()
    assert asked == ["Replace the view “路口”?"]
    assert window.saved_views()["路口"].slots[0] == "c1"  # kept

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Yes)
    )
    window.act_save_view.trigger()
    assert window.saved_views()["路口"].slots[0] == "c2"  # replaced
    window.menu_delete_views.actions()[0].trigger()
    assert window.saved_views() == {} and menu_texts(window.menu_views) == ["No saved views"]


def test_views_belong_to_their_user_and_outlive_the_session(
    qtbot: QtBot, qapp: Any, demo_db: Path, tmp_path: Path
) -> None:
    shutil.copy(demo_db, tmp_path / "demo.db")
    settings = tmp_path / "console.ini"
    first = open_console(tmp_path / "demo.db", settings, 6)
    try:
        window = window_for(qtbot, first, "city_op")
        window.wall.set_layout("4")
        window.wall.set_camera(0, "c5")
        window.wall.set_camera(1, "c6")
        window.save_view("Market")
        window.close()
    finally:
        first.stop()
    later = open_console(tmp_path / "demo.db", settings, 5)  # c6 was removed meanwhile
    try:
        assert later.settings.views("city_duty") == {}  # not another user's
        window = window_for(qtbot, later, "city_op")
        assert menu_texts(window.menu_views) == ["Market"]
        assert window.restore_view("Market")
        assert window.wall.state().slots[:2] == ["c5", None]
        assert window.statusBar().currentMessage() == (
            "View “Market”: 1 cameras no longer registered were left out"
        )
        assert not window.restore_view("Gone")
    finally:
        later.stop()
