"""The synchronous ONVIF facade (video.onvif) against the simulator's ONVIF server over HTTP."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from video.errors import (
    AUTH_RETRY_S,
    OnvifAuthError,
    OnvifConnectionError,
    OnvifFaultError,
    OnvifProtocolError,
    OnvifTimeoutError,
    SimulatorError,
)
from video.onvif import Event, OnvifDevice, OnvifLoop
from video.sim.events import TOPIC_MOTION, TOPIC_TAMPER, EventBus
from video.sim.onvif_server import OnvifServer
from video.sim.ptz import PtzState
from video.sim.simulator import Simulator

USER, PASSWORD = "admin", "s3cret-pw"
# video/sim/control.py (H3) passes shutdown_timeout to TCPSite; aiohttp deprecates that.
pytestmark = pytest.mark.filterwarnings(
    "ignore:shutdown_timeout should be set on BaseRunner:DeprecationWarning"
)


@dataclass
class SimCamera:
    """The parts of a simulator camera the ONVIF server uses: real PtzState and EventBus."""

    name: str = "北关路口"
    id: str = "cam02"
    ptz: PtzState = field(default_factory=PtzState)
    events: EventBus = field(default_factory=EventBus)


@pytest.fixture
def sim_loop() -> Iterator[OnvifLoop]:
    loop = OnvifLoop("test-sim")
    yield loop
    loop.stop()


@pytest.fixture
def sim() -> Iterator[Simulator]:
    simulator = Simulator(cameras=1, user=USER, password=PASSWORD, discovery=False)
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def camera(sim: Simulator) -> tuple[SimCamera, OnvifServer]:
    """Camera 1 of the simulator and its ONVIF server (Simulator has no public accessor)."""
    server: OnvifServer = sim._onvif[1]
    return sim.camera(1), server


@pytest.fixture
def device(camera: tuple[SimCamera, OnvifServer]) -> Iterator[OnvifDevice]:
    dev = OnvifDevice("127.0.0.1", camera[1].port, USER, PASSWORD, timeout_s=5)
    yield dev
    dev.close()


def test_device_info_profiles_snapshot(device: OnvifDevice, sim: Simulator) -> None:
    info = device.device_info()
    assert (info.manufacturer, info.model, info.hardware_id) == ("Xueliang", "XL-SIM-PTZ", "XL-SIM")
    profiles = device.profiles()
    assert [(p.name, p.encoding, p.width, p.height, p.fps) for p in profiles] == [
        ("main", "H264", 1280, 720, 25.0),
        ("sub", "H264", 640, 360, 25.0),
    ]
    assert profiles[1].stream_uri == sim._infos[0].rtsp_sub
    assert device.snapshot_uri().startswith(f"http://127.0.0.1:{device.port}/onvif/snapshot")
    jpeg = device.snapshot()
    assert jpeg[:2] == b"\xff\xd8" and len(jpeg) > 10_000
    with pytest.raises(urllib.error.HTTPError) as denied:  # no digest credentials
        urllib.request.urlopen(device.snapshot_uri(), timeout=5)
    assert denied.value.code == 401
    denied.value.close()
    assert abs(device.clock_offset_s()) <= 2
    assert device.has_ptz()


def test_a_fixed_camera_has_no_ptz() -> None:
    """A camera without PTZ (a bullet: ``fixed``) publishes no PTZ service, configuration,
    capability or scope; PTZ calls say so as a NoPTZ fault, and its picture is served."""
    with Simulator(cameras=2, discovery=False, fixed=[2]) as both:
        fixed = OnvifDevice.from_url(both.infos[1].onvif)
        head = OnvifDevice.from_url(both.infos[0].onvif)
        try:
            assert head.has_ptz() and not fixed.has_ptz()
            assert fixed.device_info().model == "XL-SIM-BULLET"
            assert [(p.name, p.has_ptz) for p in fixed.profiles()] == [
                ("main", False),
                ("sub", False),
            ]
            assert all(p.has_ptz for p in head.profiles())
            for call in (fixed.ptz_presets, fixed.ptz_status, fixed.ptz_stop):
                with pytest.raises(OnvifFaultError, match="NoPTZ"):
                    call()
            assert head.ptz_status().pan == 0.0
            assert fixed.snapshot()[:2] == b"\xff\xd8"
        finally:
            fixed.close()
            head.close()
    with pytest.raises(SimulatorError, match=r"--fixed 3: there is no such camera, use 1\.\.2"):
        Simulator(cameras=2, fixed=[3])


def test_clock_offset(sim_loop: OnvifLoop) -> None:
    srv = OnvifServer(SimCamera(), "127.0.0.1", 0, USER, PASSWORD, clock_offset_s=-3600)
    sim_loop.run(srv.start())
    try:
        with OnvifDevice("127.0.0.1", srv.port, USER, PASSWORD) as dev:
            assert abs(dev.clock_offset_s() + 3600) <= 2
            assert dev.device_info().manufacturer == "Xueliang"  # digest auth despite the skew
    finally:
        sim_loop.run(srv.stop())


def test_ptz_through_facade(device: OnvifDevice, camera: tuple[SimCamera, OnvifServer]) -> None:
    cam = camera[0]
    device.ptz_move(0.5, 0.0, seconds=0.3)
    pos = cam.ptz.position()
    assert 0.03 < pos.pan < 0.3 and not pos.moving
    device.ptz_move(0.0, -1.0)
    assert device.ptz_status().moving
    device.ptz_stop()
    assert not device.ptz_status().moving and cam.ptz.position().tilt < 0
    presets = device.ptz_presets()
    assert [p.token for p in presets][:3] == ["1", "2", "3"] and presets[1].zoom == 0.4
    device.ptz_goto("3")
    assert device.ptz_status().pan == 0.6
    device.ptz_absolute(0.2, 0.1, 0.9)
    device.ptz_relative(0.1, 0.0)
    assert (round(cam.ptz.position().pan, 3), cam.ptz.position().zoom) == (0.3, 0.9)
    token = device.ptz_set_preset("东门")
    assert any(p.token == token and p.name == "东门" for p in device.ptz_presets())
    device.ptz_home()
    assert device.ptz_status().pan == 0.0
    with pytest.raises(OnvifFaultError, match=r"GotoPreset.*NoToken"):
        device.ptz_goto("404")


def test_events_reach_the_callback(
    device: OnvifDevice, camera: tuple[SimCamera, OnvifServer]
) -> None:
    """Our tamper edges arrive in order; scene motion (the simulator's own) may interleave."""
    cam, srv = camera
    got: list[Event] = []
    threads: set[str] = set()
    done = threading.Event()

    def on_event(ev: Event) -> None:
        got.append(ev)
        threads.add(threading.current_thread().name)
        if (ev.kind, ev.state) == ("tamper", False):
            done.set()

    sub = device.subscribe_events(on_event)
    start = cam.events.last_seq()
    try:
        cam.events.publish(TOPIC_TAMPER, "IsTamper", True)
        cam.events.publish(TOPIC_MOTION, "IsMotion", True)
        cam.events.publish(TOPIC_TAMPER, "IsTamper", False)
        assert done.wait(5)
    finally:
        sub.close()
    kind = {TOPIC_MOTION: "motion", TOPIC_TAMPER: "tamper"}
    last = ("tamper", False)
    published = [(kind[e.topic], e.state) for e in cam.events.since(start, limit=1000)]
    published = published[: published.index(last) + 1]
    received = [(e.kind, e.state) for e in got]
    received = received[: received.index(last) + 1]
    assert received[-len(published) :] == published
    assert [r for r in received if r[0] == "tamper"] == [("tamper", True), ("tamper", False)]
    assert got[-1].source == "vsc_main" and abs(got[-1].at - time.time()) < 5
    assert threads == {"onvif-loop"}
    assert srv.events.subscription_count() == 0


def test_wrong_password(camera: tuple[SimCamera, OnvifServer]) -> None:
    dev = OnvifDevice("127.0.0.1", camera[1].port, USER, "not-it")
    with pytest.raises(OnvifAuthError) as err:
        dev.device_info()
    assert "check user/password" in str(err.value) and "not-it" not in str(err.value)
    dev.close()


def test_refused_credentials_are_not_sent_again(camera: tuple[SimCamera, OnvifServer]) -> None:
    """Each try with a wrong password is a failed login, and cameras lock an address out
    after a few: once refused, the same account is answered at once, without a login, by
    every device and call (a PTZ panel opened again, a snapshot, the alarm subscription)
    until AUTH_RETRY_S has passed or an operator asks; other credentials are tried at once."""
    server = camera[1]
    wrong = OnvifDevice("127.0.0.1", server.port, USER, "rotated-away", timeout_s=5)
    again = OnvifDevice("127.0.0.1", server.port, USER, "rotated-away", timeout_s=5)
    right = OnvifDevice("127.0.0.1", server.port, USER, PASSWORD, timeout_s=5)
    try:
        with pytest.raises(OnvifAuthError):
            wrong.device_info()
        first = server.failed_logins  # onvif-zeep-async asks GetServices, then GetCapabilities
        assert first in (1, 2)
        assert AUTH_RETRY_S - 5 < wrong.refused_s() <= AUTH_RETRY_S
        requests = server.requests
        for dev in (wrong, again):
            for call in (dev.device_info, dev.ptz_presets, dev.snapshot, dev.has_ptz):
                with pytest.raises(OnvifAuthError, match="check user/password"):
                    call()
            with pytest.raises(OnvifAuthError):
                dev.subscribe_events(lambda event: None)
        assert (server.failed_logins, server.requests) == (first, requests)  # not even asked
        assert right.device_info().model == "XL-SIM-PTZ"  # the right password: at once
        assert right.refused_s() == 0
        assert again.forget_refusal() is True  # 立即巡检: the same account, tried now
        assert wrong.refused_s() == 0
        with pytest.raises(OnvifAuthError):
            wrong.device_info()
        assert server.failed_logins == 2 * first
    finally:
        for dev in (wrong, again, right):
            dev.close()


def test_no_credentials_configured() -> None:
    """A camera registered without credentials: an open camera answers; one that needs a
    login says so (the library once failed on None before sending anything)."""
    with Simulator(cameras=1, discovery=False) as open_sim:
        url = open_sim.infos[0].onvif
        dev = OnvifDevice.from_url(url)
        try:
            assert dev.device_info().model
        finally:
            dev.close()


def test_no_credentials_for_a_camera_that_needs_them(camera: tuple[SimCamera, OnvifServer]) -> None:
    dev = OnvifDevice("127.0.0.1", camera[1].port)
    with pytest.raises(OnvifAuthError, match="check user/password"):
        dev.device_info()
    dev.close()


def test_reachable_opens_a_tcp_connection_only() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listening:  # accepts, says nothing
        OnvifDevice("127.0.0.1", listening.getsockname()[1]).reachable()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(OnvifConnectionError, match=r"cannot connect \(Connection refused\)"):
        OnvifDevice("127.0.0.1", port).reachable()


def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(OnvifConnectionError, match="cannot connect"):
        OnvifDevice("127.0.0.1", port, USER, PASSWORD).device_info()


def test_timeout_on_silent_server() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]
    try:
        dev = OnvifDevice("127.0.0.1", port, USER, PASSWORD, timeout_s=0.5)
        started = time.monotonic()
        with pytest.raises(OnvifTimeoutError, match="no answer"):
            dev.device_info()
        assert time.monotonic() - started < 5
    finally:
        server.close()


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (200, "<html><body>router login</body></html>"),
        (404, "<html><body>no</body></html>"),
        (404, "404: Not Found"),
        (500, "plain text <oops"),
    ],
)
def test_not_an_onvif_endpoint(sim_loop: OnvifLoop, status: int, text: str) -> None:
    async def page(request: web.Request) -> web.Response:
        return web.Response(status=status, text=text, content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", page)
    runner = web.AppRunner(app, shutdown_timeout=0.2)

    async def start() -> int:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return int(runner.addresses[0][1])

    port = sim_loop.run(start())
    try:
        with pytest.raises(OnvifProtocolError, match="ONVIF"):
            OnvifDevice.from_url(f"http://127.0.0.1:{port}", USER, PASSWORD).device_info()
    finally:
        sim_loop.run(runner.cleanup())


def test_from_url_rejects_non_http() -> None:
    with pytest.raises(OnvifProtocolError, match="http://HOST:PORT"):
        OnvifDevice.from_url("rtsp://admin:pw@127.0.0.1:554/x")
