"""The maintenance roll-call against real simulator cameras over RTSP: every camera off the
wall is asked quickly whether it answers; dead ones show as lost within seconds and are left
out of the patrol's decoding checks until they answer again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sim_console import maintenance_window, sim_console
from tcp_forwarder import Forwarder, free_port

from console.app import ConsoleApp
from console.camera_health_model import ORDERS
from console.health_rollcall import CallResult, RollCall
from video.ingest.answer import answer_stream
from video.refusals import REFUSALS
from video.sim.simulator import SimCameraInfo, Simulator

pytestmark = pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")

OFFLINE = "rtsp://127.0.0.1:9/sub"  # nothing listens there


@pytest.fixture(scope="module")
def sim() -> Iterator[list[SimCameraInfo]]:
    simulator = Simulator(cameras=3, discovery=False, onvif=False)
    yield simulator.start()
    simulator.stop()


def answerer(urls: dict[str, str], calls: list[str] | None = None) -> Any:
    def answer(camera_id: str) -> Any:
        if calls is not None:
            calls.append(camera_id)
        if camera_id not in urls:
            raise KeyError(f"camera {camera_id} has no sub stream in the catalog")
        return answer_stream(urls[camera_id])

    return answer


def rollcall_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("rollcall")]


def test_rollcall_asks_every_camera_off_the_wall(qtbot: QtBot, sim: list[SimCameraInfo]) -> None:
    on_wall, off_wall = sim[:2]
    urls = {on_wall.id: on_wall.rtsp_sub, off_wall.id: off_wall.rtsp_sub, "dead": OFFLINE}
    calls: list[str] = []
    ids = [on_wall.id, off_wall.id, "dead", "unknown"]
    rollcall = RollCall(answerer(urls, calls), lambda: ids, lambda: {on_wall.id}, parallel=2)
    results: dict[str, CallResult] = {}
    rollcall.answered.connect(lambda result: results.__setitem__(result.camera_id, result))
    rollcall.start()
    try:
        assert rollcall.running() == {off_wall.id, "dead"}  # two at a time, in catalog order
        qtbot.waitUntil(lambda: len(results) == 3, timeout=15000)
    finally:
        rollcall.stop(wait=True)
    assert on_wall.id not in calls  # the wall reports that one
    answered = results[off_wall.id]
    assert (answered.state, answered.width, answered.height) == ("answers", 640, 360)
    assert rollcall.answers(off_wall.id) and not rollcall.answers("dead")
    assert results["dead"].state == "lost" and "refused" in results["dead"].detail.lower()
    assert results["unknown"].state == "lost" and "no sub stream" in results["unknown"].detail
    assert sorted(calls) == sorted([off_wall.id, "dead", "unknown"])  # each once
    assert not rollcall_threads()


def test_a_dead_camera_is_called_again_and_seen_when_it_returns(
    qtbot: QtBot, sim: list[SimCameraInfo]
) -> None:
    """The camera's address refuses at first (nothing listens), then a forwarder to a live
    camera opens there: the next call finds it answering."""
    port = free_port()
    target = sim[0].rtsp_sub
    host_port = target.split("/")[2]
    urls = {"back": target.replace(host_port, f"127.0.0.1:{port}")}
    rollcall = RollCall(answerer(urls), lambda: ["back"], set, every_s=0.3)
    results: list[CallResult] = []
    rollcall.answered.connect(results.append)
    rollcall.start()
    forwarder = None
    try:
        qtbot.waitUntil(lambda: bool(results), timeout=10000)
        assert results[0].state == "lost"
        forwarder = Forwarder(port, ("127.0.0.1", int(host_port.split(":")[1])))
        qtbot.waitUntil(lambda: results[-1].state == "answers", timeout=10000)
    finally:
        rollcall.stop(wait=True)
        if forwarder is not None:
            forwarder.close()
    assert rollcall.answers("back")


def test_a_camera_refusing_the_credentials_is_not_called_every_round(qtbot: QtBot) -> None:
    """Each login with the wrong password counts at the camera, which locks an address out
    after a few: the roll-call goes on calling it every round, as an offline one, but logs in
    once (the refusal is kept for AUTH_RETRY_S, video.refusals)."""
    locked = Simulator(cameras=1, discovery=False, onvif=False, user="admin", password="right")
    info = locked.start()[0]
    urls = {"locked": info.rtsp_sub.replace("rtsp://", "rtsp://admin:wrong@"), "dead": OFFLINE}
    calls: list[str] = []
    rollcall = RollCall(answerer(urls, calls), lambda: ["locked", "dead"], set, every_s=0.2)
    results: dict[str, CallResult] = {}
    rollcall.answered.connect(lambda result: results.__setitem__(result.camera_id, result))
    rollcall.start()
    try:
        qtbot.waitUntil(lambda: calls.count("dead") >= 4, timeout=20000)
    finally:
        rollcall.stop(wait=True)
        locked.stop()
        REFUSALS.forget(urls["locked"])
    assert calls.count("locked") >= 2 and locked.rtsp.failed_logins == 1
    assert "refused the credentials" in results["locked"].detail


def test_a_bug_in_a_call_is_logged_and_the_camera_called_again(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    def broken(camera_id: str) -> Any:
        calls.append(camera_id)
        raise RuntimeError("a bug")

    rollcall = RollCall(broken, lambda: ["c1"], set, every_s=0.2)
    results: list[CallResult] = []
    rollcall.answered.connect(results.append)
    with caplog.at_level(logging.ERROR, logger="console.health_rollcall"):
        rollcall.start()
        try:
            qtbot.waitUntil(lambda: len(results) >= 2, timeout=5000)
        finally:
            rollcall.stop(wait=True)
    assert results[0].state == "error" and "see the log" in results[0].detail
    assert "RuntimeError: a bug" in caplog.text  # the traceback is in the log
    assert len(calls) >= 2


def test_three_hundred_cameras_are_all_called(qtbot: QtBot, sim: list[SimCameraInfo]) -> None:
    """A district's worth of cameras, most of them unreachable: each is called once, the
    live ones answer, and never more than ``parallel`` calls run at once."""
    urls = {f"dead-{n}": OFFLINE for n in range(297)} | {i.id: i.rtsp_sub for i in sim}
    ids = list(urls)
    results: dict[str, CallResult] = {}
    most = 0
    rollcall = RollCall(answerer(urls), lambda: ids, set, parallel=8)

    def seen(result: CallResult) -> None:
        nonlocal most
        results[result.camera_id] = result
        most = max(most, len(rollcall_threads()))

    rollcall.answered.connect(seen)
    rollcall.start()
    try:
        qtbot.waitUntil(lambda: len(results) == len(ids), timeout=60000)
    finally:
        rollcall.stop(wait=True)
    assert {i.id for i in sim} == {c for c, r in results.items() if r.state == "answers"}
    assert most <= 8


@pytest.fixture
def console(qapp: Any, tmp_path: Path, sim: list[SimCameraInfo]) -> Iterator[ConsoleApp]:
    """The console with the three simulator cameras and one whose address refuses."""
    with sim_console(tmp_path, sim, {"dead": OFFLINE}, main=False) as app:
        yield app


def test_health_list_shows_a_dead_camera_at_once_and_the_patrol_skips_it(
    qtbot: QtBot, console: ConsoleApp, sim: list[SimCameraInfo]
) -> None:
    window = maintenance_window(qtbot, console, sim[0].id)  # the others off the wall
    model, patrol, rollcall = window.health_model, window.patrol, window.rollcall
    assert model is not None and patrol is not None and rollcall is not None
    rows = {model.camera_id(r): r for r in range(model.rowCount())}
    dead = model.index(rows["dead"], 2)
    # (while the wall had 16 tiles its tile reported it; then the roll-call, with its time)
    qtbot.waitUntil(lambda: "Checked at" in (dead.data(3) or ""), timeout=10000)
    assert dead.data() == "Lost" and "refused" in dead.data(3).lower()  # tooltip: the reason
    assert window.map.cameras["dead"].state == "lost"  # map icon follows
    for camera in sim[1:]:  # answered, then measured by the patrol
        qtbot.waitUntil(lambda c=camera: model.index(rows[c.id], 2).data() == "Live", timeout=20000)
        assert float(model.index(rows[camera.id], 3).data()) > 5
    assert "dead" not in patrol.checked_at and "dead" not in patrol.running()
    assert "dead" in rollcall.results and sim[0].id not in rollcall.results  # on the wall
    trail = model.index(rows["dead"], 1).data()  # where it is: district › township › grid
    grid = console.svc.org(window.ctx.catalog.get("dead").grid_id)
    district = console.svc.org("610202")
    assert trail.startswith(f"{district.name} › ") and trail.endswith(f" › {grid.name}")
    assert trail.count(" › ") == 2  # the village's name repeats in the grid's: left out


def test_a_camera_with_one_stream_fills_a_big_tile(
    qtbot: QtBot, console: ConsoleApp, sim: list[SimCameraInfo]
) -> None:
    """The catalog's cameras here have a sub stream only: the one-tile layout (main stream)
    shows it all the same."""
    assert console.svc is not None
    window = console.open_window(console.svc.user("city_op"))
    qtbot.addWidget(window)
    window.show()
    window.wall.set_layout("1")
    window.wall.set_camera(0, sim[1].id)
    tile = window.wall.tiles()[0]
    qtbot.waitUntil(lambda: window.ctx.bridge.camera_of(tile) == (sim[1].id, "main"), timeout=5000)
    qtbot.waitUntil(lambda: tile.status().state == "live", timeout=15000)
    assert window.ctx.bridge.cameras_fed() == {sim[1].id}


def test_a_camera_lost_for_long_becomes_an_offline_work_order(
    qtbot: QtBot, console: ConsoleApp, sim: list[SimCameraInfo]
) -> None:
    window = maintenance_window(qtbot, console, sim[0].id)
    assert window.rollcall is not None and console.svc is not None
    window.rollcall.every_s = 1.0  # called again every second, lost for 2 s: an order
    window._outages.after_s = 2.0

    def orders() -> list[Any]:
        found = console.svc.list_incidents(open_only=True)  # type: ignore[union-attr]
        return [i for i in found if i.category == "equipment.camera_offline"]

    qtbot.waitUntil(lambda: len(orders()) == 1, timeout=20000)
    order = orders()[0]
    assert order.cameras == ("dead",) and order.channel == "video_alarm"
    assert order.title.startswith("摄像机离线：Bridge（") and order.title.endswith(" 起）")
    assert order.description == "离线原因：连接被拒绝"  # the site's language, no address
    model = window.health_model
    row = next(r for r in range(model.rowCount()) if model.camera_id(r) == "dead")
    qtbot.waitUntil(lambda: model.index(row, ORDERS).data() == order.id, timeout=5000)
    qtbot.wait(3000)  # still lost, called again and again: no second order
    assert len(orders()) == 1
