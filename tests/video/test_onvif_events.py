"""Event topic parsers, and a pull-point subscription that survives a camera restart."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from video.errors import AUTH_RETRY_S, OnvifAuthError, OnvifFaultError
from video.onvif import Event, OnvifDevice, OnvifLoop, parse_message
from video.onvif.events import normalize_topic
from video.sim.events import TOPIC_MOTION, TOPIC_SIGNAL_LOSS, TOPIC_TAMPER, EventBus
from video.sim.onvif_server import OnvifServer
from video.sim.ptz import PtzState
from video.sim.simulator import Simulator

USER, PASSWORD = "admin", "evt-pass-41"


@dataclass
class SimCamera:
    """The parts of a simulator camera the ONVIF server uses."""

    name: str = "events"
    id: str = "evcam"
    ptz: PtzState = field(default_factory=PtzState)
    events: EventBus = field(default_factory=EventBus)


def _msg(topic: str, data: str, value: str) -> SimpleNamespace:
    item = SimpleNamespace(Name=data, Value=value)
    src = SimpleNamespace(Name="VideoSourceToken", Value="vs1")
    payload = SimpleNamespace(
        Data=SimpleNamespace(SimpleItem=[item]),
        Source=SimpleNamespace(SimpleItem=[src]),
        UtcTime=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
    )
    return SimpleNamespace(
        Topic=SimpleNamespace(_value_1=topic), Message=SimpleNamespace(_value_1=payload)
    )


@pytest.mark.parametrize(
    ("topic", "data", "value", "kind", "state"),
    [
        ("tns1:RuleEngine/CellMotionDetector/Motion", "IsMotion", "true", "motion", True),
        ("ns0:RuleEngine/ns0:CellMotionDetector/ns0:Motion", "IsMotion", "false", "motion", False),
        ("tns1:VideoSource/MotionAlarm", "State", "true", "motion", True),
        ("tns1:RuleEngine/TamperDetector/Tamper", "IsTamper", "1", "tamper", True),
        ("tns1:VideoSource/GlobalSceneChange/ImagingService", "State", "true", "tamper", True),
        (TOPIC_SIGNAL_LOSS, "State", "true", "signal_loss", True),
    ],
)
def test_topic_parsers(topic: str, data: str, value: str, kind: str, state: bool) -> None:
    ev = parse_message(_msg(topic, data, value))
    assert ev is not None and (ev.kind, ev.state, ev.source) == (kind, state, "vs1")
    assert ev.at == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC).timestamp()


def test_unknown_topic_or_missing_item_is_skipped() -> None:
    assert parse_message(_msg("tns1:Device/Trigger/DigitalInput", "LogicalState", "true")) is None
    assert parse_message(_msg(TOPIC_MOTION, "Other", "true")) is None
    assert normalize_topic("a:B/c:D") == "B/D"


def test_subscription_recovers_after_camera_restart() -> None:
    sim_loop = OnvifLoop("test-events-sim")
    cam = SimCamera()
    srv = OnvifServer(cam, "127.0.0.1", 0, USER, PASSWORD)
    sim_loop.run(srv.start())
    got: list[Event] = []
    first, second = threading.Event(), threading.Event()

    def on_event(ev: Event) -> None:
        got.append(ev)
        (second if first.is_set() else first).set()

    dev = OnvifDevice("127.0.0.1", srv.port, USER, PASSWORD, timeout_s=2)
    sub = dev.subscribe_events(on_event)
    try:
        cam.events.publish(TOPIC_MOTION, "IsMotion", True)
        assert first.wait(5)
        port = srv.port
        sim_loop.run(srv.stop())  # camera reboots: the subscription is gone
        srv2 = OnvifServer(cam, "127.0.0.1", port, USER, PASSWORD)
        sim_loop.run(srv2.start())
        try:
            deadline = dt.datetime.now() + dt.timedelta(seconds=15)
            while srv2.events.subscription_count() == 0 and dt.datetime.now() < deadline:
                second.wait(0.1)
            assert srv2.events.subscription_count() == 1
            cam.events.publish(TOPIC_TAMPER, "IsTamper", True)
            assert second.wait(10)
        finally:
            sub.close()
            dev.close()
            sim_loop.run(srv2.stop())
    finally:
        sim_loop.stop()
    assert [e.kind for e in got] == ["motion", "tamper"]
    assert sub.restarts >= 1 and sub.last_error is not None


@pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")
def test_ptz_fault_becomes_a_named_error() -> None:
    sim = Simulator(cameras=1, user=USER, password=PASSWORD, discovery=False)
    sim.start()
    try:
        sim.set_fault(1, "ptz", True)
        with OnvifDevice.from_url(sim._infos[0].onvif, USER, PASSWORD) as dev:
            with pytest.raises(OnvifFaultError, match="does not respond"):
                dev.ptz_move(0.5, 0.0)
            sim.set_fault(1, "ptz", False)
            dev.ptz_move(0.5, 0.0)
            dev.ptz_stop()
    finally:
        sim.stop()
        OnvifLoop.shared().stop()


def test_a_password_changed_on_the_camera_is_not_tried_again_and_again() -> None:
    """The camera's password changes while its alarms are followed: the pulls are refused,
    and so is one call proving it is the login (not an expired pull-point). Every try would
    be a failed login (cameras lock an address out after a few), so the subscription waits
    AUTH_RETRY_S, not its usual 1, 2, 5, 10 s, unless an operator asks (the password was set
    back on the camera): then it subscribes again and events flow."""
    sim_loop = OnvifLoop("test-events-refused")
    cam = SimCamera()
    srv = OnvifServer(cam, "127.0.0.1", 0, USER, PASSWORD)
    sim_loop.run(srv.start())
    got: list[Event] = []
    arrived = threading.Event()

    def on_event(ev: Event) -> None:
        got.append(ev)
        arrived.set()

    dev = OnvifDevice("127.0.0.1", srv.port, USER, PASSWORD, timeout_s=2)
    sub = dev.subscribe_events(on_event)
    try:
        srv.set_password("changed-on-the-camera")
        deadline = time.monotonic() + 10
        while not isinstance(sub.last_error, OnvifAuthError):
            assert time.monotonic() < deadline, "the pull was not refused"
            time.sleep(0.05)
        assert srv.failed_logins == 2  # the pull, and one call proving the login is refused
        time.sleep(4.0)  # the usual backoff would have logged in three times more by now
        assert srv.failed_logins == 2
        assert dev.refused_s() > AUTH_RETRY_S - 10
        srv.set_password(PASSWORD)  # set back on the camera by maintenance
        assert dev.forget_refusal() is True  # ... who asks to check it now (立即巡检)
        deadline = time.monotonic() + 10
        while srv.events.subscription_count() < 2:  # the refused one lingers till it expires
            assert time.monotonic() < deadline, "not subscribed again"
            time.sleep(0.05)
        cam.events.publish(TOPIC_TAMPER, "IsTamper", True)
        assert arrived.wait(10)
        assert [e.kind for e in got] == ["tamper"] and srv.failed_logins == 2
    finally:
        sub.close()
        dev.close()
        sim_loop.run(srv.stop())
        sim_loop.stop()
