"""Wall tools in the main window: tours, shortcuts, detach, own window, PTZ over ONVIF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from av.video.reformatter import VideoReformatter
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sim_console import registry_console

from console.app import ConsoleApp
from console.demo import DemoWorld
from console.main_window import QtMainWindow
from console.pictures import source_picture
from console.wall import Tour
from tests.console.test_tile_zoom import wheel
from tests.console.test_wall_live import drop_on
from video.errors import OnvifAuthError

pytestmark = pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[ConsoleApp, DemoWorld, QtMainWindow]]:
    with registry_console(tmp_path, cameras=3) as (app, world):  # looks inside the cameras
        assert app.svc is not None
        window = app.open_window(app.svc.user("city_op"), with_board=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        yield app, world, window


def test_shortcuts_switch_layouts(
    qtbot: QtBot, shell: tuple[ConsoleApp, DemoWorld, QtMainWindow]
) -> None:
    _, _, window = shell
    for key, layout in ((Qt.Key.Key_2, "4"), (Qt.Key.Key_3, "9"), (Qt.Key.Key_6, "1+7")):
        QTest.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.wall.state().layout == layout
    assert window.layout_actions["1+7"].isChecked()
    assert len(window.wall.visible_tiles()) == 8


def test_tour_cycles_cameras_through_the_tiles(
    qtbot: QtBot, shell: tuple[ConsoleApp, DemoWorld, QtMainWindow]
) -> None:
    app, _, window = shell
    ids = app.catalog.ids()
    window.wall.set_layout("1")
    window.wall.start_tour(Tour("all", ids, interval_s=1.0))
    assert window.wall.state().slots[0] == ids[0]
    qtbot.waitUntil(lambda: window.wall.state().slots[0] == ids[1], timeout=3000)
    window.act_tour_next.trigger()
    assert window.wall.state().slots[0] == ids[2]
    window.wall.stop_tour()
    assert not window.wall.touring()


def test_detach_wall_to_its_own_window_and_back(
    qtbot: QtBot, shell: tuple[ConsoleApp, DemoWorld, QtMainWindow]
) -> None:
    _, _, window = shell
    window.act_detach.trigger()
    assert window.wall.window() is not window
    assert window.wall.window().isWindow() and window.wall.isVisible()
    window.wall.window().close()  # closing the wall window docks it back
    assert window.centralWidget() is window.wall
    assert not window.act_detach.isChecked()


def test_camera_in_own_window_on_main_stream(
    qtbot: QtBot, shell: tuple[ConsoleApp, DemoWorld, QtMainWindow]
) -> None:
    app, _, window = shell
    camera_id = app.catalog.ids()[0]
    window._on_window_requested(camera_id)
    own = window._camera_windows[0]
    qtbot.waitUntil(lambda: own.tile.has_picture(), timeout=20000)
    assert own.tile.current_frame().image.shape[1] == 1280  # main stream
    wheel(own.tile, own.tile.rect().center(), 4)  # zoomed in its own window too
    crop = own.tile.crop()
    assert crop is not None

    def zoomed() -> bool:
        picture = own.tile._picture
        if picture is None:
            return False
        size = own.tile.display_size()
        again = source_picture(picture.frame, size, VideoReformatter(), crop=crop)
        return bool(again.image == picture.image)

    qtbot.waitUntil(zoomed, timeout=5000)
    assert own.tile.current_frame().image.shape[1] == 1280  # a snapshot: the whole picture
    slots = window.wall.state().slots
    assert slots[0] == camera_id and slots[1] != camera_id
    drop_on(window.wall.tiles()[1], own.tile.drag_mime())  # its own window's slot 0 is not
    assert window.wall.state().slots[:2] == [camera_id, camera_id]  # the wall's: placed
    done: list[str] = []
    window.ptz.result.connect(lambda command, error: done.append(f"{command}{error}"))
    QTest.keyPress(own.tile, Qt.Key.Key_Left)  # PTZ keys work in its own window too
    assert window.ptz.camera_id() == camera_id
    qtbot.waitUntil(lambda: "move" in done, timeout=10000)
    own.close()  # closed with the key down: the camera stops
    qtbot.waitUntil(lambda: "stop" in done, timeout=10000)
    qtbot.waitUntil(lambda: not window._camera_windows, timeout=3000)


def test_ptz_panel_moves_the_camera_over_onvif(
    qtbot: QtBot, shell: tuple[ConsoleApp, DemoWorld, QtMainWindow]
) -> None:
    app, world, window = shell
    assert world.simulator is not None
    camera_id = app.catalog.ids()[0]
    index = int(camera_id.removeprefix("cam"))
    ptz = world.simulator.camera(index).ptz
    start = ptz.position().pan
    panel = window.ptz
    # the box fills before the worker reports "presets": wait for the report itself
    with qtbot.waitSignal(
        panel.result, timeout=15000, check_params_cb=lambda c, _e: c == "presets"
    ):
        window._on_ptz_requested(camera_id)
    assert panel.preset_box.count() > 0
    with qtbot.waitSignal(panel.result, timeout=10000) as moved:
        panel.buttons["right"].pressed.emit()
    assert moved.args == ["move", ""]
    qtbot.wait(600)
    with (
        qtbot.waitSignal(panel.result, timeout=10000),
        qtbot.waitSignal(panel.moved, timeout=10000) as turned,  # stopped: a new reference
    ):
        panel.buttons["right"].released.emit()
    assert turned.args == [camera_id]
    assert ptz.position().pan > start
    token = panel.preset_box.itemData(0)
    with qtbot.waitSignal(panel.result, timeout=10000) as went:
        panel.goto_button.click()
    assert went.args == ["goto", ""]
    preset = next(p for p in ptz.presets() if p.token == token)
    qtbot.waitUntil(lambda: abs(ptz.position().pan - preset.pan) < 0.05, timeout=10000)


def test_opening_a_stream_asks_the_registry_nothing(
    qtbot: QtBot,
    shell: tuple[ConsoleApp, DemoWorld, QtMainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Stream URLs (with credentials) are read once with the catalog: a layout switch opens
    readers on the Qt thread, where a database round trip per stream would freeze it."""
    app, _, window = shell
    assert app.registry is not None

    def no_database(*_args: object) -> str:
        raise AssertionError("the registry was read to open a stream")

    monkeypatch.setattr(app.registry, "stream_url", no_database)
    camera_id = app.catalog.ids()[0]
    for profile in ("main", "sub"):
        reader = app.open_reader(camera_id, profile, None)
        assert reader.url.startswith("rtsp://") and "@" in reader.url  # with its credentials
    window.wall.set_layout("1")  # the first tile re-opened on its main stream
    tile = window.wall.tiles()[0]
    qtbot.waitUntil(lambda: tile.status().state == "live", timeout=15000)


def test_a_password_rotated_in_the_registry_reaches_the_wall(
    qtbot: QtBot, shell: tuple[ConsoleApp, DemoWorld, QtMainWindow]
) -> None:
    """The site gives its cameras a new password and maintenance enters it in the registry:
    the tiles refused by the cameras go live again without a restart."""
    app, world, window = shell
    registry, refresher, sim = app.registry, app.registry_refresher, world.simulator
    assert registry is not None and refresher is not None and sim is not None
    window.wall.set_layout("1")
    tile = window.wall.tiles()[0]
    qtbot.waitUntil(lambda: tile.status().state == "live", timeout=15000)
    rotated = "Rotated-Pw-2026"
    sim.set_password(rotated)
    for index in (1, 2, 3):  # the cameras drop their sessions; new ones need the password
        sim.set_fault(index, "disconnect", True)
    qtbot.wait(500)
    for index in (1, 2, 3):
        sim.set_fault(index, "disconnect", False)
    qtbot.waitUntil(lambda: "credentials" in tile.status().detail, timeout=15000)
    assert tile.status().state != "live"
    # what to do, and no login tried again for minutes (the camera would lock us out)
    assert tile._placeholder_text() == (
        "The camera refused the password: update it in the camera registry"
    )
    qtbot.waitUntil(lambda: tile._state_text() == "Lost, retry in 5 min", timeout=5000)
    refresher.refresh_now()  # nothing changed in the registry yet: nothing reopened
    qtbot.waitUntil(lambda: not refresher._busy, timeout=5000)
    assert app.urls_changed == 0
    for camera in registry.list():
        registry.update(camera, password=rotated)
    refresher.refresh_now()  # what the minute's timer does
    qtbot.waitUntil(lambda: tile.status().state == "live", timeout=20000)
    assert app.urls_changed == 3  # every camera's URLs changed
    assert all(rotated in url for url in app._stream_urls.values())


def test_a_password_fixed_on_the_camera_is_tried_when_the_operator_asks(
    qtbot: QtBot, shell: tuple[ConsoleApp, DemoWorld, QtMainWindow]
) -> None:
    """A camera refused the password, and the site then set the camera back to the one in
    the registry: nothing logs in again for minutes (no new tile, no tour step either), until
    an operator asks (立即巡检): then at once."""
    app, world, window = shell
    registry, sim = app.registry, world.simulator
    assert registry is not None and sim is not None
    window.wall.set_layout("4")
    tile = window.wall.tiles()[0]
    camera_id = tile.camera_id
    assert camera_id is not None
    qtbot.waitUntil(lambda: tile.status().state == "live", timeout=15000)
    password = registry.credentials(camera_id)[1]
    assert password is not None
    sim.set_password("Changed-On-Site")
    for index in (1, 2, 3):
        sim.set_fault(index, "disconnect", True)
    qtbot.wait(500)
    for index in (1, 2, 3):
        sim.set_fault(index, "disconnect", False)
    qtbot.waitUntil(lambda: "credentials" in tile.status().detail, timeout=15000)
    panel = window.ptz  # ONVIF refuses the password too: the panel says what to do
    with qtbot.waitSignal(panel.result, timeout=15000) as loaded:
        window._on_ptz_requested(camera_id)
    assert loaded.args == ["presets", "refused"]
    assert panel.status_label.text() == (
        "The camera refused the password: update it in the camera registry"
    )
    device = app.open_device(camera_id)
    sim.set_password(password)  # the site puts the camera back to the registry's password
    window.wall.set_camera(1, camera_id)  # a new tile of it: no login, refused at once
    other = window.wall.tiles()[1]
    qtbot.waitUntil(lambda: "credentials" in other.status().detail, timeout=5000)
    qtbot.wait(1500)
    assert tile.status().state != "live" and other.status().state != "live"
    with pytest.raises(OnvifAuthError):
        device.device_info()  # not sent again: refused at once
    assert app.retry_credentials(camera_id) is True  # what 立即巡检 asks
    assert device.device_info().model  # tried at once, and right now
    with qtbot.waitSignal(panel.result, timeout=10000) as moved:
        panel.buttons["right"].pressed.emit()
    assert moved.args == ["move", ""] and not panel.status_label.text()
    with qtbot.waitSignal(panel.result, timeout=10000):
        panel.buttons["right"].released.emit()
    qtbot.waitUntil(lambda: tile.status().state == "live", timeout=20000)
    qtbot.waitUntil(lambda: other.status().state == "live", timeout=20000)
    assert app.retry_credentials(camera_id) is False  # nothing refused any more


def is_move(command: str, _error: str) -> bool:
    return command == "move"


def test_keyboard_turns_the_clicked_tiles_camera_while_held(
    qtbot: QtBot, shell: tuple[ConsoleApp, DemoWorld, QtMainWindow]
) -> None:
    """A click selects a tile (the PTZ panel follows); arrows turn its camera over ONVIF while
    held, Page Up zooms; a release, focus moving away mid-turn, or the console closing, stops
    it. (Outcomes are gathered in lists: several PTZ results queued at once from the worker
    would reach a finished waitSignal's slot.)"""
    app, world, window = shell
    assert world.simulator is not None
    ids = app.catalog.ids()
    window.wall.set_layout("4")
    tile = next(t for t in window.wall.visible_tiles() if t.camera_id == ids[1])
    ptz = world.simulator.camera(int(ids[1].removeprefix("cam"))).ptz
    done: list[str] = []
    window.ptz.result.connect(lambda command, error: done.append(f"{command}{error}"))
    keys: list[tuple[str, int, int, int]] = []
    window.wall.ptz_key_requested.connect(lambda *args: keys.append(args))
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    assert window.wall.selected_camera() == ids[1] and window.ptz.camera_id() == ids[1]
    tile.setFocus()
    start = ptz.position()
    QTest.keyPress(tile, Qt.Key.Key_Right)
    QTest.keyPress(tile, Qt.Key.Key_Up)  # up and right at once
    none = Qt.KeyboardModifier.NoModifier
    repeat = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Right, none, "", True)
    assert repeat.isAutoRepeat()
    QApplication.sendEvent(tile, repeat)  # held down: the platform repeats it, not a new move
    assert keys == [(ids[1], 1, 0, 0), (ids[1], 1, 1, 0)]
    qtbot.waitUntil(lambda: done.count("move") == 2, timeout=10000)
    qtbot.waitUntil(lambda: ptz.position().tilt > start.tilt + 0.02, timeout=5000)
    QTest.keyRelease(tile, Qt.Key.Key_Up)
    QTest.keyRelease(tile, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: "stop" in done, timeout=10000)
    stopped = ptz.position()
    assert stopped.pan > start.pan and stopped.tilt > start.tilt
    qtbot.wait(400)
    assert ptz.position() == stopped  # no longer turning
    QTest.keyPress(tile, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: ptz.position().zoom > stopped.zoom, timeout=5000)
    window.tree.search.setFocus()  # focus gone with the key still down: stopped
    qtbot.waitUntil(lambda: done.count("stop") == 2, timeout=10000)
    zoomed = ptz.position()
    qtbot.wait(400)
    assert ptz.position() == zoomed
    tile.setFocus()
    QTest.keyPress(tile, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: done.count("move") == 5, timeout=10000)
    assert all(outcome in ("presets", "move", "stop") for outcome in done)  # no failure
    window.shutdown()  # the console closing with the key still down: stopped first
    assert not ptz.position().moving


def test_a_fixed_camera_clicked_gets_a_plain_note_and_no_ptz_commands(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Most street cameras have no PTZ: selecting one says so in the panel's plain note
    colour (not as a failure), turns the controls off, and keys send it nothing."""
    with registry_console(tmp_path, cameras=2, fixed=[2]) as (app, _):
        assert app.svc is not None
        window = app.open_window(app.svc.user("city_op"), with_board=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        check_fixed_camera(qtbot, window, "cam2", "cam1")


def check_fixed_camera(qtbot: QtBot, window: QtMainWindow, bullet: str, dome: str) -> None:
    window.wall.set_layout("4")
    fixed = next(t for t in window.wall.visible_tiles() if t.camera_id == bullet)
    panel = window.ptz
    with qtbot.waitSignal(panel.no_ptz, timeout=15000) as said:
        qtbot.mouseClick(fixed, Qt.MouseButton.LeftButton, pos=fixed.rect().center())
    assert said.args == [bullet, False]
    assert panel.status_label.text() == "This camera has no PTZ (a fixed camera)"
    assert panel.status_label.property("notice") is True
    assert not panel.buttons["right"].isEnabled() and not panel.zoom_in.isEnabled()
    sent: list[str] = []
    panel.result.connect(lambda command, _error: sent.append(command))
    fixed.setFocus()
    QTest.keyPress(fixed, Qt.Key.Key_Left)
    QTest.keyRelease(fixed, Qt.Key.Key_Left)
    qtbot.wait(300)
    assert sent == []  # known to have no PTZ: nothing asked of it
    head = next(t for t in window.wall.visible_tiles() if t.camera_id == dome)
    with qtbot.waitSignal(panel.presets_loaded, timeout=15000):
        qtbot.mouseClick(head, Qt.MouseButton.LeftButton, pos=head.rect().center())
    assert panel.buttons["right"].isEnabled() and panel.status_label.text() == ""
    assert panel.status_label.property("notice") is False
