"""Two consoles steer one camera over ONVIF: the hold (云台控制权) goes through the database,
a higher center takes it over with a note, the lower one is refused in one translated line
and the camera keeps the higher one's command; letting go frees it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sim_console import registry_console

from console.app import ConsoleApp
from console.demo import DemoWorld
from console.main_window import QtMainWindow
from console.ptz_holds import ServiceHolds
from console.qt_ptz_panel import HELD, QtPtzPanel
from console.qt_shortcuts_dialog import WALL_GESTURES
from dispatch.ptz import HOLD_S
from dispatch.service import DispatchService

pytestmark = pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")


@pytest.fixture
def two_desks(
    qtbot: QtBot, tmp_path: Path
) -> Iterator[tuple[ConsoleApp, DemoWorld, QtMainWindow, QtPtzPanel]]:
    """The city operator's console, and the PTZ panel of a district operator's console on the
    same database (its own DispatchService, as another workstation has)."""
    with registry_console(tmp_path, cameras=2) as (app, world):
        assert app.svc is not None
        window = app.open_window(app.svc.user("city_op"), with_board=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        other_svc = DispatchService(app.svc.store)
        holds = ServiceHolds(other_svc, "wangyi_op", app.catalog, lambda org: org)
        district = QtPtzPanel(app.open_device, holds)
        qtbot.addWidget(district)
        try:
            yield app, world, window, district
        finally:
            district.shutdown()


def _outcomes(panel: QtPtzPanel) -> list[str]:
    seen: list[str] = []
    panel.result.connect(lambda command, error: seen.append(f"{command}:{error}"))
    return seen


def test_the_city_takes_over_the_district_waits_and_a_release_frees_it(
    qtbot: QtBot, two_desks: tuple[ConsoleApp, DemoWorld, QtMainWindow, QtPtzPanel]
) -> None:
    app, world, window, district = two_desks
    assert world.simulator is not None and app.svc is not None
    camera_id = app.catalog.ids()[0]
    ptz = world.simulator.camera(int(camera_id.removeprefix("cam"))).ptz
    city = window.ptz
    city_seen, district_seen = _outcomes(city), _outcomes(district)

    district.set_camera(camera_id, "gate")
    qtbot.waitUntil(lambda: "presets:" in district_seen, timeout=15000)
    district.buttons["right"].pressed.emit()
    district.buttons["right"].released.emit()
    qtbot.waitUntil(lambda: district_seen[-2:] == ["move:", "stop:"], timeout=10000)
    holder = app.svc.ptz_holder(camera_id)
    assert holder is not None and holder.login == "wangyi_op"

    # the city's wall shows who steers the camera on its tile
    assert window._ptz_watch is not None
    window._ptz_watch._timer.setInterval(200)  # INTERVAL_MS in the field
    tile = next(t for t in window.wall.tiles() if t.camera_id == camera_id)
    qtbot.waitUntil(lambda: tile.ptz_holder() == f"PTZ: {holder.name} (王益区)", timeout=10000)
    assert not tile.grab().isNull() and tile._holder is not None  # painted on the tile
    window._on_window_requested(camera_id)  # so does the camera's own window
    own = window._camera_windows[-1]
    assert own.camera.id == camera_id and own.tile.ptz_holder() == tile.ptz_holder()

    # the city operator selects it: told who steers it, in a plain note
    window._on_ptz_requested(camera_id)
    qtbot.waitUntil(lambda: "王益区" in city.status_label.text(), timeout=15000)
    assert city.status_label.property("notice") is True
    assert holder.name in city.status_label.text()
    assert "your next command takes it over" in city.status_label.text()

    # and turns it: a take-over, said once the command has reached the camera
    start = ptz.position().pan
    city.buttons["left"].pressed.emit()
    qtbot.waitUntil(lambda: "move:" in city_seen, timeout=10000)
    note = city.status_label.text()
    assert holder.name in note and "took this camera over" in note
    newest = window.event_log.model().events()[0]  # and goes into the event log
    assert newest.text == f"PTZ taken over from {holder.name} (王益区)"
    qtbot.waitUntil(lambda: tile.ptz_holder() == "", timeout=10000)  # its own hold: no chip
    assert own.tile.ptz_holder() == ""

    # the district's next command is refused, not sent: the camera keeps turning left
    district.buttons["right"].pressed.emit()
    qtbot.waitUntil(lambda: district_seen[-1] == f"move:{HELD}", timeout=10000)
    district.buttons["right"].released.emit()
    qtbot.waitUntil(lambda: district_seen[-1] == f"stop:{HELD}", timeout=10000)
    assert "steers this camera for another" in district.status_label.text()
    assert district.status_label.property("notice") is not True  # a refusal, in red
    turned = ptz.position().pan
    assert turned < start
    qtbot.wait(400)
    assert ptz.position().pan < turned  # still turning the city's way
    # selected anew at the district, the camera is shown as the city's, with the time left
    district.set_camera(camera_id, "gate")
    qtbot.waitUntil(
        lambda: "wait, or ask a higher center" in district.status_label.text(), timeout=10000
    )
    assert "steering this camera for another" in district.status_label.text()
    city.buttons["left"].released.emit()
    qtbot.waitUntil(lambda: city_seen[-1] == "stop:", timeout=10000)

    # the city operator moves on to another camera: this one is let go, the district steers
    window._on_ptz_requested(app.catalog.ids()[1])
    qtbot.waitUntil(lambda: app.svc.ptz_holder(camera_id) is None, timeout=10000)  # type: ignore[union-attr]
    district._repeat.setInterval(100)  # REPEAT_S in the field
    district.buttons["up"].pressed.emit()
    qtbot.waitUntil(lambda: district_seen[-1] == "move:", timeout=10000)
    first = app.svc.ptz_holder(camera_id)
    assert first is not None and first.login == "wangyi_op"

    def renewed() -> bool:  # held down: the hold is renewed, not left to lapse mid-turn
        now = app.svc.ptz_holder(camera_id)  # type: ignore[union-attr]
        return now is not None and now.until > first.until

    qtbot.waitUntil(renewed, timeout=5000)
    district.buttons["up"].released.emit()
    qtbot.waitUntil(lambda: district_seen[-1] == "stop:", timeout=10000)
    assert district.status_label.text() == ""

    # every take, take-over and release is in the audit trail
    trail = [(e.action, e.actor) for e in app.svc.ptz_history(camera_id)]
    assert trail == [
        ("ptz_take", "wangyi_op"),
        ("ptz_take_over", "city_op"),
        ("ptz_release", "city_op"),
        ("ptz_take", "wangyi_op"),
    ]
    # 释放控制权: let go at once, not 30 s later; the button follows the hold
    district.buttons["up"].pressed.emit()
    district.buttons["up"].released.emit()
    qtbot.waitUntil(district.release_button.isEnabled, timeout=10000)
    district.release_button.click()
    qtbot.waitUntil(lambda: app.svc.ptz_holder(camera_id) is None, timeout=10000)  # type: ignore[union-attr]
    # (the worker's word that it let go may still be queued for the Qt thread)
    qtbot.waitUntil(lambda: not district.release_button.isEnabled(), timeout=5000)
    assert app.svc.ptz_history(camera_id)[-1].action == "ptz_release"
    district.buttons["up"].pressed.emit()  # steering again takes it again
    district.buttons["up"].released.emit()
    qtbot.waitUntil(district.release_button.isEnabled, timeout=10000)
    district.shutdown()  # closing the console lets go of what it holds
    assert app.svc.ptz_holder(camera_id) is None


def test_a_turn_is_stopped_by_its_console_even_after_a_take_over(
    qtbot: QtBot, two_desks: tuple[ConsoleApp, DemoWorld, QtMainWindow, QtPtzPanel]
) -> None:
    """The district turns a camera; the city takes the hold but its command never reaches the
    camera. The district's key release still stops the turn it started (stopping one's own
    turn steers against no one), and a refused command's message stays in view."""
    app, world, _window, district = two_desks
    assert world.simulator is not None and app.svc is not None
    camera_id = app.catalog.ids()[0]
    ptz = world.simulator.camera(int(camera_id.removeprefix("cam"))).ptz
    seen = _outcomes(district)
    district._repeat.setInterval(60000)  # no repeat before the release below
    district.set_camera(camera_id, "gate")
    qtbot.waitUntil(lambda: "presets:" in seen, timeout=15000)
    district.buttons["right"].pressed.emit()
    qtbot.waitUntil(lambda: seen[-1] == "move:", timeout=10000)
    entry = app.catalog.get(camera_id)
    assert entry is not None
    app.svc.take_ptz("city_op", camera_id, entry.grid_id, console="city-desk")
    district.buttons["right"].released.emit()
    qtbot.waitUntil(lambda: seen[-1] == "stop:", timeout=10000)  # sent, not refused
    stopped = ptz.position().pan
    qtbot.wait(400)
    assert ptz.position().pan == pytest.approx(stopped, abs=1e-6)
    holder = app.svc.ptz_holder(camera_id)
    assert holder is not None and holder.login == "city_op"  # the stop took nothing back
    district.buttons["left"].pressed.emit()  # a new turn is refused, and stays said
    district.buttons["left"].released.emit()
    qtbot.waitUntil(lambda: seen[-2:] == [f"move:{HELD}", f"stop:{HELD}"], timeout=10000)
    assert "steers this camera for another" in district.status_label.text()


def test_a_console_displaced_mid_turn_stops_repeating_and_its_camera_stops_by_itself(
    qtbot: QtBot, two_desks: tuple[ConsoleApp, DemoWorld, QtMainWindow, QtPtzPanel]
) -> None:
    """A held key resends its move (renewing the hold); when a higher center takes the camera
    over, the next resend is refused and no more are sent, the key's release sends no stop
    into the new holder's steering, and the last move ends by itself (ONVIF's Timeout)."""
    app, world, _window, district = two_desks
    assert world.simulator is not None and app.svc is not None
    camera_id = app.catalog.ids()[0]
    ptz = world.simulator.camera(int(camera_id.removeprefix("cam"))).ptz
    seen = _outcomes(district)
    district.move_timeout_s = 1.0  # MOVE_TIMEOUT_S in the field
    district._repeat.setInterval(200)
    district.set_camera(camera_id, "gate")
    qtbot.waitUntil(lambda: "presets:" in seen, timeout=15000)
    district.buttons["right"].pressed.emit()
    qtbot.waitUntil(lambda: seen.count("move:") >= 3, timeout=10000)  # resent while held
    entry = app.catalog.get(camera_id)
    assert entry is not None
    app.svc.take_ptz("city_op", camera_id, entry.grid_id, console="city-desk")
    qtbot.waitUntil(lambda: seen[-1] == f"move:{HELD}", timeout=10000)
    assert not district._repeat.isActive()
    district.buttons["right"].released.emit()
    qtbot.waitUntil(lambda: seen[-1] == f"stop:{HELD}", timeout=10000)  # not sent
    qtbot.wait(1500)  # past the last move's timeout: the camera has stopped by itself
    stopped = ptz.position().pan
    qtbot.wait(400)
    assert ptz.position().pan == pytest.approx(stopped, abs=1e-6)


def test_a_take_over_shows_in_the_panel_before_its_next_command(
    qtbot: QtBot, two_desks: tuple[ConsoleApp, DemoWorld, QtMainWindow, QtPtzPanel]
) -> None:
    """The city's leader takes the operator's camera over from another desk: the operator's
    console learns it from its watch of the holds, not only at its next command."""
    app, _world, window, _district = two_desks
    assert app.svc is not None and window._ptz_watch is not None
    camera_id = app.catalog.ids()[0]
    panel = window.ptz
    seen = _outcomes(panel)
    window._ptz_watch._timer.setInterval(200)
    window._on_ptz_requested(camera_id)
    qtbot.waitUntil(lambda: "presets:" in seen, timeout=15000)
    panel.buttons["up"].pressed.emit()
    panel.buttons["up"].released.emit()
    qtbot.waitUntil(lambda: seen[-1] == "stop:", timeout=10000)
    qtbot.waitUntil(panel.release_button.isEnabled, timeout=10000)
    entry = app.catalog.get(camera_id)
    assert entry is not None
    app.svc.take_ptz("city_lead", camera_id, entry.grid_id, console="lead-desk")
    lead = app.svc.user("city_lead").name
    qtbot.waitUntil(lambda: "wait, or ask" in panel.status_label.text(), timeout=10000)
    assert lead in panel.status_label.text() and not panel.release_button.isEnabled()
    tile = next(t for t in window.wall.tiles() if t.camera_id == camera_id)
    assert lead in tile.ptz_holder()


def test_the_operating_guide_states_the_hold_time() -> None:
    guide = dict(WALL_GESTURES)["Who steers a camera (PTZ)"]
    assert f"until {int(HOLD_S)} s after its last command" in guide
