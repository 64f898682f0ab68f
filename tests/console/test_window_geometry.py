"""Restored windows are fitted to the screens present now (monitor unplugged, new resolution)."""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from board_world import World, english_ui, world  # noqa: F401 (fixtures)
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication

from console.app import ConsoleApp
from console.settings import MIN_SIZE, ConsoleSettings, fit_to_screens

FHD = QRect(0, 0, 1920, 1080)
QHD_RIGHT = QRect(1920, 0, 2560, 1440)


def test_off_every_screen_opens_centred_on_the_primary() -> None:
    # saved on a right-hand monitor that is gone: centred, grown to the minimum size
    fitted = fit_to_screens(QRect(2200, 200, 1000, 600), [FHD], FHD)
    assert fitted == QRect((1920 - 1366) // 2, (1080 - 768) // 2, 1366, 768)
    # a big window keeps its size while it fits the primary screen …
    assert fit_to_screens(QRect(-3000, 0, 1600, 900), [FHD], FHD).size() == QSize(1600, 900)
    # … and is cut down to a small primary screen, where 1366×768 would not fit either
    small = QRect(0, 0, 1280, 720)
    assert fit_to_screens(QRect(5000, 4000, 1400, 900), [small], small) == small
    # primary screen not at the origin (available area below a top panel)
    panel = QRect(0, 32, 1920, 1048)
    assert fit_to_screens(QRect(0, 2000, 800, 600), [panel], panel) == QRect(277, 172, 1366, 768)


def test_partly_visible_windows_get_their_title_bar_back() -> None:
    # title bar above the top of the screen (a monitor above was removed): moved down only
    assert fit_to_screens(QRect(400, -300, 1000, 600), [FHD], FHD) == QRect(400, 0, 1000, 600)
    # only 40 px of the left edge on screen: moved left until 120 px of title bar are visible
    assert fit_to_screens(QRect(1880, 100, 1000, 600), [FHD], FHD) == QRect(1800, 100, 1000, 600)
    # mostly off the left edge
    assert fit_to_screens(QRect(-990, 100, 1000, 600), [FHD], FHD) == QRect(-880, 100, 1000, 600)
    # reachable title bar: left alone, even across two monitors (a wall spanning both)
    both = [FHD, QHD_RIGHT]
    assert fit_to_screens(QRect(1500, 100, 1400, 800), both, FHD) == QRect(1500, 100, 1400, 800)
    assert fit_to_screens(QRect(1500, 100, 1400, 800), [FHD], FHD) == QRect(1500, 100, 1400, 800)


def _frame_inside_screen(window: Any) -> QRect:
    screen = QGuiApplication.primaryScreen().availableGeometry()
    frame = window.frameGeometry()
    assert screen.contains(frame), (frame, screen)
    return frame


def test_main_window_saved_far_off_screen_opens_on_the_screen(
    qtbot: Any, world: World, tmp_path: Path
) -> None:
    settings = tmp_path / "console.ini"
    first = ConsoleApp(world.url, "en", ConsoleSettings(settings))
    window = first.open_window(first.start().user("city_op"), with_board=False)
    window.show()
    window.setGeometry(6000, 4000, 1500, 900)  # on a monitor that will be unplugged
    qtbot.waitUntil(lambda: window.geometry().x() == 6000, timeout=3000)
    first.stop()  # closing saves the geometry
    second = ConsoleApp(world.url, None, ConsoleSettings(settings))
    window = second.open_window(second.start().user("city_op"), with_board=False)
    try:
        window.show()
        screen = QGuiApplication.primaryScreen().availableGeometry()
        frame = _frame_inside_screen(window)
        # centred and as large as the screen allows (offscreen screens are below 1366×768)
        expected = MIN_SIZE.expandedTo(QSize(1500, 900)).boundedTo(screen.size())
        assert frame.size() == expected
        assert frame.center() == screen.center()
        # the detached wall window comes back on the screen too
        window.act_detach.trigger()
        wall_window = window._wall_window
        assert wall_window is not None
        wall_window.setGeometry(-4000, 3000, 1280, 720)
        qtbot.waitUntil(lambda: wall_window.geometry().x() == -4000, timeout=3000)
        window.act_detach.trigger()  # docked back: its place is saved
        window.act_detach.trigger()
        assert window._wall_window is not None
        _frame_inside_screen(window._wall_window)
        window.act_detach.trigger()
    finally:
        second.stop()


# Two monitors, then one: separate processes, as the offscreen screens are set at start-up.
SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication, QMainWindow
    from console.settings import ConsoleSettings

    mode, path, x, y, w, h = sys.argv[1], Path(sys.argv[2]), *map(int, sys.argv[3:7])
    app = QApplication([])
    settings = ConsoleSettings(path)
    window = QMainWindow()
    window.resize(1366, 768)  # as QtMainWindow does before restoring
    if mode == "save":
        window.show()
        window.setGeometry(x, y, w, h)
        app.processEvents()
        if len(sys.argv) > 7:
            window.showMaximized()
            app.processEvents()
        settings.save_window(window, "operator")
    else:
        settings.restore_window(window, "operator")
        window.show()
        app.processEvents()
    f = window.frameGeometry()
    print(json.dumps([f.x(), f.y(), f.width(), f.height(), window.isMaximized()]))
    """
)


def _screens(tmp_path: Path, name: str, rects: list[QRect]) -> str:
    config = tmp_path / f"{name}.json"
    screens = [
        {"name": f"S{i}", "x": r.x(), "y": r.y(), "width": r.width(), "height": r.height()}
        for i, r in enumerate(rects)
    ]
    config.write_text(json.dumps({"screens": screens}))
    return f"offscreen:configfile={config}"


def _run(tmp_path: Path, platform: str, *args: object) -> tuple[QRect, bool]:
    env = dict(os.environ, QT_QPA_PLATFORM=platform)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    *rect, maximized = json.loads(done.stdout.strip().splitlines()[-1])
    return QRect(*rect), maximized


@pytest.mark.parametrize(
    ("saved", "expected_after_unplug"),
    [
        # on the right-hand monitor: centred on the remaining one, 1366×768 at least
        (QRect(2300, 200, 1000, 600), QRect(277, 156, 1366, 768)),
        # spanning both, title bar on the left one: stays where it was
        (QRect(1500, 100, 1400, 800), QRect(1500, 100, 1400, 800)),
    ],
)
def test_monitor_unplugged_between_two_runs(
    tmp_path: Path, saved: QRect, expected_after_unplug: QRect
) -> None:
    ini = tmp_path / "console.ini"
    two = _screens(tmp_path, "two", [FHD, QHD_RIGHT])
    one = _screens(tmp_path, "one", [FHD])
    geometry = (saved.x(), saved.y(), saved.width(), saved.height())
    frame, _ = _run(tmp_path, two, "save", ini, *geometry)
    assert frame.intersects(QHD_RIGHT)
    assert _run(tmp_path, two, "restore", ini, 0, 0, 0, 0) == (frame, False)  # as saved
    fitted, _ = _run(tmp_path, one, "restore", ini, 0, 0, 0, 0)
    assert fitted == (frame if expected_after_unplug == saved else expected_after_unplug)


def test_maximized_on_an_unplugged_monitor_comes_back_maximized(tmp_path: Path) -> None:
    ini = tmp_path / "console.ini"
    two = _screens(tmp_path, "two", [FHD, QHD_RIGHT])
    one = _screens(tmp_path, "one", [FHD])
    frame, maximized = _run(tmp_path, two, "save", ini, 2300, 200, 1000, 600, "max")
    assert maximized and QHD_RIGHT.contains(frame.center())
    fitted, maximized = _run(tmp_path, one, "restore", ini, 0, 0, 0, 0)
    assert maximized and FHD.contains(fitted.center())
