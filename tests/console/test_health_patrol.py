"""The maintenance health patrol against real simulator cameras over RTSP: the cameras off the
wall are checked in turn and reported (live with their rates, or lost with the reason), the
wall's cameras are left to the wall, and the maintenance window's health list shows both."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sim_console import maintenance_window, registry_console, sim_console

from console.app import ConsoleApp
from console.camera_health_model import PICTURE, CameraHealthModel
from console.frames import TileStatus
from console.health_patrol import HealthPatrol, due_cameras
from video.ingest.models import ReaderOptions
from video.ingest.reader import StreamReader
from video.refusals import REFUSALS
from video.sim.simulator import SimCameraInfo, Simulator

pytestmark = pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")

OFFLINE = "rtsp://127.0.0.1:9/sub"  # nothing listens there
FAST = {"stall_after": 0.8, "lost_after": 1.5, "backoff_min": 0.2, "backoff_max": 1.0}


@pytest.fixture(scope="module")
def sim() -> Iterator[list[SimCameraInfo]]:
    simulator = Simulator(cameras=3, discovery=False, onvif=False)
    yield simulator.start()
    simulator.stop()


def reader_opener(urls: dict[str, str]) -> Any:
    def open_reader(camera_id: str, profile: str, size: tuple[int, int] | None) -> StreamReader:
        assert profile == "sub"  # a check reads the cheap stream
        if camera_id not in urls:
            raise KeyError(f"camera {camera_id} has no {profile} stream in the catalog")
        return StreamReader(urls[camera_id], camera_id, ReaderOptions(output="source", **FAST))

    return open_reader


def patrol_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(("reader-", "patrol-"))]


def test_patrol_checks_the_cameras_off_the_wall(qtbot: QtBot, sim: list[SimCameraInfo]) -> None:
    on_wall, off_wall = sim[:2]
    urls = {on_wall.id: on_wall.rtsp_sub, off_wall.id: off_wall.rtsp_sub, "dead": OFFLINE}
    ids = [on_wall.id, off_wall.id, "dead", "unknown"]
    patrol = HealthPatrol(reader_opener(urls), lambda: ids, lambda: {on_wall.id}, probe_s=2.0)
    reports: dict[str, TileStatus] = {}
    patrol.checked.connect(lambda camera_id, status: reports.__setitem__(camera_id, status))
    patrol.start()
    try:
        assert sorted(patrol.running()) == sorted([off_wall.id, "dead"])  # two at a time
        qtbot.waitUntil(lambda: len(reports) == 3, timeout=15000)
    finally:
        patrol.stop()
    assert on_wall.id not in reports  # the wall reports that one
    live = reports[off_wall.id]
    assert live.state == "live" and live.fps > 5 and live.bitrate_kbps > 0
    dead = reports["dead"]
    assert dead.state == "lost" and dead.retry_in_s is None
    assert "refused" in dead.detail.lower()
    assert reports["unknown"].state == "error" and "no sub stream" in reports["unknown"].detail
    assert set(patrol.checked_at) == {off_wall.id, "dead", "unknown"}
    assert not patrol.running() and not patrol_threads()  # every check's reader is gone


def test_a_camera_put_on_the_wall_mid_check_is_left_to_the_wall(
    qtbot: QtBot, sim: list[SimCameraInfo]
) -> None:
    camera = sim[0]
    watched: set[str] = set()
    reports: list[str] = []
    patrol = HealthPatrol(
        reader_opener({camera.id: camera.rtsp_sub}), lambda: [camera.id], lambda: watched
    )
    patrol.checked.connect(lambda camera_id, _status: reports.append(camera_id))
    patrol.start()
    try:
        assert patrol.running() == [camera.id]
        watched.add(camera.id)  # the operator drags it onto the wall
        qtbot.waitUntil(lambda: not patrol.running(), timeout=3000)
        qtbot.waitUntil(lambda: not patrol_threads(), timeout=5000)
    finally:
        patrol.stop()
    assert reports == []


@pytest.fixture
def console(qapp: Any, tmp_path: Path, sim: list[SimCameraInfo]) -> Iterator[ConsoleApp]:
    with sim_console(tmp_path, sim) as app:
        yield app


def one_tile_maintenance(
    qtbot: QtBot, console: ConsoleApp
) -> tuple[Any, CameraHealthModel, HealthPatrol]:
    """The maintenance user's window with a one-tile wall (the other cameras off it)."""
    window = maintenance_window(qtbot, console)
    model, patrol = window.health_model, window.patrol
    assert model is not None and patrol is not None
    return window, model, patrol


def test_health_list_shows_patrol_checks_beside_wall_reports(
    qtbot: QtBot, console: ConsoleApp, sim: list[SimCameraInfo]
) -> None:
    window, model, patrol = one_tile_maintenance(qtbot, console)  # the first camera on it
    rows = {model.camera_id(r): r for r in range(model.rowCount())}
    watched, checked = rows[sim[0].id], rows[sim[1].id]
    qtbot.waitUntil(lambda: model.index(checked, 2).data() == "Live", timeout=20000)
    assert "Checked at" in model.index(checked, 2).data(3)  # ToolTipRole
    assert float(model.index(checked, 3).data()) > 5  # fps seen by the check
    assert window.map.cameras[sim[1].id].state == "live"  # its map icon follows the check
    qtbot.waitUntil(lambda: model.index(watched, 2).data() == "Live", timeout=20000)
    assert model.index(watched, 2).data(3) is None  # a wall report: no check time
    assert sim[0].id not in patrol.checked_at


def test_a_camera_in_its_own_window_is_not_patrolled(
    qtbot: QtBot, console: ConsoleApp, sim: list[SimCameraInfo]
) -> None:
    """The window's stream reports its health already: a check would open a second stream
    from the same camera and overwrite that report."""
    window, model, patrol = one_tile_maintenance(qtbot, console)
    window.wall.window_requested.emit(sim[2].id)  # "Open in own window" on a tile's menu
    qtbot.waitUntil(lambda: sim[1].id in patrol.checked_at, timeout=20000)
    row = next(r for r in range(model.rowCount()) if model.camera_id(r) == sim[2].id)
    qtbot.waitUntil(lambda: model.index(row, 2).data() == "Live", timeout=20000)
    assert sim[2].id not in patrol.checked_at and sim[2].id not in patrol.running()
    assert model.index(row, 2).data(3) is None  # the window's report, not a check


def test_check_now_from_the_health_list(
    qtbot: QtBot, console: ConsoleApp, sim: list[SimCameraInfo]
) -> None:
    """A maintenance engineer who just fixed a camera checks it at once: the row turns
    connecting, then shows the new check; a shown camera or one being checked gets a line
    in the status bar instead; a double-click puts the camera on the wall."""
    window, model, patrol = one_tile_maintenance(qtbot, console)
    assert window.health is not None
    rows = {model.camera_id(r): r for r in range(model.rowCount())}
    qtbot.waitUntil(lambda: sim[1].id in patrol.checked_at, timeout=20000)
    first = patrol.checked_at[sim[1].id]
    window.health.check_requested.emit(sim[1].id)
    assert sim[1].id in patrol.running()
    assert model.index(rows[sim[1].id], 2).data() == "Connecting"
    window.health.check_requested.emit(sim[1].id)
    assert window.statusBar().currentMessage() == "Gate 2 is being checked now."
    qtbot.waitUntil(lambda: patrol.checked_at[sim[1].id] > first, timeout=20000)
    assert model.index(rows[sim[1].id], 2).data() == "Live"
    # turned on purpose: its present view becomes the one a changed scene is judged against
    assert window.picture_checks is not None
    paths = window.picture_checks.views.paths(sim[1].id)
    assert paths is not None
    reference = paths[0]
    qtbot.waitUntil(reference.exists, timeout=10000)  # its first sound picture's
    window.health.reference_requested.emit(sim[1].id)
    assert not reference.exists()
    assert window.statusBar().currentMessage() == (
        "Gate 2: its next sound picture becomes its reference view."
    )
    qtbot.waitUntil(reference.exists, timeout=20000)  # checked at once, found sound

    on_wall = model.index(rows[sim[0].id], PICTURE)
    qtbot.waitUntil(lambda: on_wall.data() == "OK", timeout=10000)  # examined from the wall
    examined = on_wall.data(3)
    window.health.check_requested.emit(sim[0].id)  # on the wall
    assert sim[0].id not in patrol.running()
    assert window.statusBar().currentMessage() == (
        "Gate 1 is being shown: its state is live already; its picture is examined now."
    )
    qtbot.waitUntil(lambda: on_wall.data(3) != examined, timeout=10000)  # not a minute later

    window.health.camera_activated.emit(sim[2].id)  # double-click on its row
    assert window.wall.selected_camera() == sim[2].id  # popped onto the wall and selected


def test_drops_add_up_over_checks(qtbot: QtBot, sim: list[SimCameraInfo]) -> None:
    """A camera that fails check after check shows a growing count in the reconnects
    column; a healthy one stays at 0."""
    urls = {sim[0].id: sim[0].rtsp_sub, "dead": OFFLINE}
    patrol = HealthPatrol(
        reader_opener(urls), lambda: [sim[0].id, "dead"], set, probe_s=1.0, recheck_s=0.5
    )
    reports: dict[str, list[TileStatus]] = {sim[0].id: [], "dead": []}
    patrol.checked.connect(lambda camera_id, status: reports[camera_id].append(status))
    patrol.start()
    try:
        qtbot.waitUntil(
            lambda: len(reports["dead"]) >= 2 and bool(reports[sim[0].id]), timeout=15000
        )
    finally:
        patrol.stop()
    dead = [s.reconnects for s in reports["dead"]]
    assert all(s.state == "lost" for s in reports["dead"])
    assert dead[0] >= 1 and dead[1] > dead[0]
    assert reports[sim[0].id][0].state == "live" and reports[sim[0].id][0].reconnects == 0


def test_a_camera_refusing_the_credentials_is_not_checked_every_round(qtbot: QtBot) -> None:
    """Each login with the wrong password counts at the camera: the patrol goes on checking
    it every round, as an offline one, but logs in once (the refusal is kept for
    AUTH_RETRY_S, video.refusals)."""
    locked = Simulator(cameras=1, discovery=False, onvif=False, user="admin", password="right")
    info = locked.start()[0]
    urls = {"locked": info.rtsp_sub.replace("rtsp://", "rtsp://admin:wrong@"), "dead": OFFLINE}
    patrol = HealthPatrol(
        reader_opener(urls), lambda: ["locked", "dead"], set, probe_s=1.0, recheck_s=0.3
    )
    reports: dict[str, list[TileStatus]] = {"locked": [], "dead": []}
    patrol.checked.connect(lambda camera_id, status: reports[camera_id].append(status))
    patrol.start()
    try:
        qtbot.waitUntil(lambda: len(reports["dead"]) >= 3, timeout=20000)
    finally:
        patrol.stop()
        locked.stop()
        REFUSALS.forget(urls["locked"])
    assert len(reports["locked"]) >= 2 and locked.rtsp.failed_logins == 1
    assert all("refused the credentials" in r.detail for r in reports["locked"])


def test_a_camera_leaving_the_wall_is_checked_again_at_once(
    qtbot: QtBot, sim: list[SimCameraInfo]
) -> None:
    """A video alarm pops a camera on and another pops it off again, maybe before it went
    live: its row shows the wall's last word ("connecting") until the patrol looks again,
    which it does at once rather than after its 30 s recheck."""
    camera = sim[0]
    shown: set[str] = set()
    patrol = HealthPatrol(
        reader_opener({camera.id: camera.rtsp_sub}),
        lambda: [camera.id],
        lambda: set(shown),
        probe_s=1.0,
    )
    checks: list[float] = []
    patrol.checked.connect(lambda _camera_id, _status: checks.append(time.monotonic()))
    patrol.start()
    try:
        qtbot.waitUntil(lambda: len(checks) == 1, timeout=10000)
        shown.add(camera.id)  # popped onto the wall
        qtbot.wait(1200)  # a few patrol ticks see it shown
        shown.clear()  # and off again
        qtbot.waitUntil(lambda: len(checks) == 2, timeout=10000)
    finally:
        patrol.stop()
    assert checks[1] - checks[0] < patrol.recheck_s  # not the 30 s recheck


def test_due_cameras_never_seen_first_then_longest_ago() -> None:
    cameras = ["a", "b", "c", "d", "e"]
    last = {"a": 5.0, "b": 1.0, "d": 9.0, "e": 3.0}  # "c" never seen
    assert due_cameras(cameras, lambda c: False, last, 5.0, 3) == ["c", "b", "e"]
    assert due_cameras(cameras, lambda c: c == "c", last, 5.0, 9) == ["b", "e", "a"]  # not d
    assert due_cameras(cameras, lambda c: False, last, 0.5, 9) == ["c"]
    assert due_cameras(cameras, lambda c: False, last, 5.0, 0) == []


def test_check_now_tries_a_refused_password_again(qtbot: QtBot, tmp_path: Path) -> None:
    """立即巡检 on a camera shown on the wall that refused the password (since fixed on the
    camera itself): its tile logs in again at once instead of in five minutes."""
    with registry_console(tmp_path, cameras=1) as (app, world):
        assert app.registry is not None and world.simulator is not None
        camera_id = app.catalog.ids()[0]
        window = maintenance_window(qtbot, app, on_wall=camera_id)
        tile = window.wall.tiles()[0]
        qtbot.waitUntil(lambda: tile.status().state == "live", timeout=15000)
        password = app.registry.credentials(camera_id)[1]
        world.simulator.set_password("Changed-On-Site")
        world.simulator.set_fault(1, "disconnect", True)
        qtbot.wait(500)
        world.simulator.set_fault(1, "disconnect", False)
        qtbot.waitUntil(lambda: "credentials" in tile.status().detail, timeout=15000)
        assert password is not None
        world.simulator.set_password(password)  # fixed on the camera
        window._on_check_requested(camera_id)  # 立即巡检 from the health list
        assert "trying it again now" in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: tile.status().state == "live", timeout=20000)
