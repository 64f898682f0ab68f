"""Video-alarm subscriptions at start-up: several cameras at once, offline ones retried."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from demo_db import make_demo_db
from PySide6.QtCore import Qt
from sim_console import registry_console
from tcp_forwarder import Forwarder, free_port

from console.alarm_subscriber import AlarmSubscriber
from console.app import ConsoleApp
from console.camera_catalog import CameraEntry
from console.settings import ConsoleSettings
from video.onvif.device import OnvifDevice
from video.sim.simulator import Simulator

PASSWORD = "alarm-sub-pw"


def wait_for(check: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_offline_camera_is_retried_until_its_alarms_arrive() -> None:
    sim = Simulator(cameras=2, discovery=False, user="admin", password=PASSWORD)
    infos = sim.start()
    dead = free_port()  # nothing listens here: the camera is offline
    urls = {info.id: info.onvif for info in infos}
    urls["offline"] = f"http://127.0.0.1:{dead}/onvif/device_service"
    devices = {
        cid: OnvifDevice.from_url(url, "admin", PASSWORD, timeout_s=3) for cid, url in urls.items()
    }
    subs: list[object] = []
    events: list[tuple[str, str]] = []

    def subscribe(camera_id: str) -> None:
        callback = lambda event, cid=camera_id: events.append((cid, event.kind))  # noqa: E731
        subs.append(devices[camera_id].subscribe_events(callback))

    subscriber = AlarmSubscriber(subscribe, [*urls], workers=3, retry_s=0.5)
    forwarder = None
    try:
        subscriber.start()
        wait_for(lambda: subscriber.subscribed() == {infos[0].id, infos[1].id}, 30)
        wait_for(lambda: "offline" in subscriber.errors, 10)
        assert subscriber.pending() == ["offline"]
        assert subscriber.state("offline")[0] == "retrying"
        assert subscriber.state(infos[0].id) == ("followed", "")
        assert subscriber.state("not-registered") == ("", "")
        version = subscriber.version
        error = subscriber.errors["offline"]
        assert str(dead) in error and "\n" not in error and "Traceback" not in error
        rounds = subscriber.rounds
        wait_for(lambda: subscriber.rounds > rounds, 10)  # tried again, still offline
        assert subscriber.pending() == ["offline"]
        # the camera comes up at its address (here: camera 1 answering on that port)
        host, port = urlsplit(infos[0].onvif).hostname, urlsplit(infos[0].onvif).port
        forwarder = Forwarder(dead, (str(host), int(port or 80)))
        wait_for(lambda: not subscriber.pending(), 30)
        assert "offline" in subscriber.subscribed() and not subscriber.errors
        assert subscriber.state("offline") == ("followed", "") and subscriber.version > version
        sim.set_fault(1, "occlusion", True)  # camera 1 raises a tamper alarm
        wait_for(lambda: {"offline", infos[0].id} <= {cid for cid, _ in events}, 20)
    finally:
        began = time.monotonic()
        subscriber.stop()
        assert time.monotonic() - began < 5
        for sub in subs:
            sub.close()  # type: ignore[attr-defined]
        for device in devices.values():
            device.close()
        if forwarder is not None:
            forwarder.close()
        sim.stop()


def test_the_maintenance_list_shows_whose_alarms_are_followed(qtbot: Any, tmp_path: Path) -> None:
    """The health list's 视频告警 column: followed, or not followed with the reason."""
    sim = Simulator(cameras=1, discovery=False)
    infos = sim.start()
    url = make_demo_db(tmp_path / "demo.db")
    app = ConsoleApp(url, "en", ConsoleSettings(tmp_path / "console.ini"))
    try:
        svc = app.start()
        grid = next(g for g in svc.orgs(level="grid") if g.path.startswith("610200/610202/"))
        dead = f"http://127.0.0.1:{free_port()}/onvif/device_service"
        app.set_cameras(
            [
                CameraEntry(infos[0].id, "Gate", grid.id, onvif_url=infos[0].onvif),
                CameraEntry("offline", "Lane", grid.id, onvif_url=dead),
                CameraEntry("rtsp-only", "Yard", grid.id, rtsp_main=infos[0].rtsp_main),
            ]
        )
        window = app.open_window(svc.user("city_mnt"))
        qtbot.addWidget(window)
        model = window.health_model
        assert model is not None
        rows = {model.camera_id(r): r for r in range(model.rowCount())}
        cell = lambda camera_id, role=0: model.index(rows[camera_id], 6).data(role)  # noqa: E731
        assert model.headerData(6, Qt.Orientation.Horizontal) == "Video alarms"
        assert cell("offline") == "—"  # nothing subscribed yet
        app.subscribe_alarms()
        qtbot.waitUntil(lambda: cell(infos[0].id) == "Followed", timeout=20000)
        qtbot.waitUntil(lambda: cell("offline") == "Not followed", timeout=20000)
        assert "refused" in cell("offline", Qt.ItemDataRole.ToolTipRole)
        assert cell("rtsp-only") == "—"  # no ONVIF address: nothing to follow
    finally:
        app.stop()
        sim.stop()
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_alarms_follow_a_password_rotated_in_the_registry(qtbot: Any, tmp_path: Path) -> None:
    """The site rotates its cameras' passwords: the old subscription is refused (its alarms
    would stop without a word); once the registry has the new password, the console's minute
    re-read subscribes again with it and a tamper alarm files its incident. Meanwhile the
    health list says its alarms are not followed, and why."""
    with registry_console(tmp_path, cameras=2) as (app, world):
        assert app.svc is not None and app.registry is not None
        registry = app.registry
        window = app.open_window(app.svc.user("city_mnt"))
        qtbot.addWidget(window)
        linkage, sim, refresher = app.linkage, world.simulator, app.registry_refresher
        assert linkage is not None and sim is not None and refresher is not None
        app.subscribe_alarms()
        subscriber = app.alarms
        assert subscriber is not None
        cameras = set(app.catalog.ids())

        def all_followed() -> None:
            assert subscriber.subscribed() == cameras, subscriber.errors

        qtbot.waitUntil(all_followed, timeout=30000)
        first = world.entries[0].id  # simulated camera 1
        old = linkage._subscriptions[first]
        sim.set_password("Rotated-Alarm-Pw")
        qtbot.waitUntil(lambda: old.last_error is not None, timeout=15000)  # refused
        error = str(old.last_error).lower()
        assert "not authorized" in error or "credential" in error, error
        model = window.health_model
        assert model is not None
        row = next(r for r in range(model.rowCount()) if model.camera_id(r) == first)
        cell = model.index(row, 6)  # 视频告警: subscribed, but nothing arrives now
        qtbot.waitUntil(lambda: cell.data() == "Not followed", timeout=5000)
        assert "credentials" in cell.data(Qt.ItemDataRole.ToolTipRole)
        for camera in registry.list():
            registry.update(camera, password="Rotated-Alarm-Pw")
        refresher.refresh_now()  # what the minute's timer does
        qtbot.waitUntil(lambda: app.urls_changed == len(cameras), timeout=10000)
        qtbot.waitUntil(all_followed, timeout=30000)
        assert linkage._subscriptions[first] is not old
        assert subscriber.state(first) == ("followed", "")
        qtbot.waitUntil(lambda: cell.data() == "Followed", timeout=5000)
        arrived: list[tuple[str, str, bool]] = []
        linkage._event_in.connect(lambda cid, e: arrived.append((cid, e.kind, e.state)))
        sim.set_fault(1, "occlusion", True)  # camera 1 raises a tamper alarm

        def alarm_filed() -> None:
            # through the new subscription; on the board as a video-alarm incident (a new
            # one, or the camera's open one: the scene's motion may have filed it before)
            assert (first, "tamper", True) in arrived, (arrived, linkage._subscriptions[first])
            open_ = linkage.incidents_for_camera(first)
            alarms = [i.id for i in open_ if i.channel == "video_alarm"]
            assert alarms and (first, "alarm") not in linkage._filing, alarms

        qtbot.waitUntil(alarm_filed, timeout=20000)
        assert len(linkage._subscriptions) == len(cameras)  # the old ones closed, not kept


def test_a_renewal_is_tried_at_once_even_while_others_wait_for_their_retry() -> None:
    """Renewed cameras do not wait out the retry delay of a camera still offline, and a
    camera nobody subscribed here is not renewed."""
    calls: list[str] = []

    def subscribe(camera_id: str) -> None:
        calls.append(camera_id)
        if camera_id == "offline":
            raise OSError("connection refused")

    subscriber = AlarmSubscriber(subscribe, ["a", "offline"], workers=2, retry_s=600)
    try:
        subscriber.start()
        wait_for(lambda: "offline" in subscriber.errors and subscriber.subscribed() == {"a"}, 10)
        assert subscriber.renew(["a", "unknown"]) == {"a"}
        wait_for(lambda: calls.count("a") == 2 and subscriber.subscribed() == {"a"}, 5)
        assert subscriber.rounds == 2  # woken, not after 600 s
    finally:
        began = time.monotonic()
        subscriber.stop()
        assert time.monotonic() - began < 5


def test_a_camera_refusing_the_credentials_is_not_logged_in_to_every_round() -> None:
    """Each try is a failed login, and cameras lock an address out after a few: rounds go
    on (an offline camera is tried every round) but the camera refusing the credentials
    sees one failed login (its device answers the next rounds itself, video.refusals) until
    an operator asks (立即巡检 after the password was fixed on the camera)."""
    sim = Simulator(cameras=1, discovery=False, user="admin", password=PASSWORD)
    info = sim.start()[0]
    server = sim.onvif_server(1)
    devices = {
        "locked": OnvifDevice.from_url(info.onvif, "admin", "rotated-away", timeout_s=3),
        "offline": OnvifDevice("127.0.0.1", free_port(), "admin", PASSWORD, timeout_s=3),
    }
    subs: list[Any] = []
    calls: list[str] = []

    def subscribe(camera_id: str) -> None:
        calls.append(camera_id)
        subs.append(devices[camera_id].subscribe_events(lambda event: None))

    subscriber = AlarmSubscriber(
        subscribe,
        [*devices],
        workers=2,
        retry_s=0.1,
        reach=lambda c: devices[c].reachable(),
        held=lambda c: devices[c].refused_s(),  # the rounds skip it: no connection, no warning
    )
    try:
        subscriber.start()
        wait_for(lambda: subscriber.rounds >= 5, 20)
        first = server.failed_logins  # onvif-zeep-async asks GetServices, then GetCapabilities
        assert first in (1, 2)
        assert "credentials" in subscriber.errors["locked"]
        assert subscriber.state("locked")[0] == "retrying"
        assert "cannot connect" in subscriber.errors["offline"]
        assert calls.count("locked") == 1  # tried once over five rounds and more
        server.set_password("rotated-away")  # maintenance sets the camera's password
        assert devices["locked"].forget_refusal() is True  # and asks to check it now
        subscriber.retry_now("locked")
        wait_for(lambda: subscriber.subscribed() == {"locked"}, 10)
        assert server.failed_logins == first
    finally:
        subscriber.stop()
        for sub in subs:
            sub.close()
        for device in devices.values():
            device.close()
        sim.stop()
