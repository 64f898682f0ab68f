"""WS-Discovery: the simulator's responder and our client, by unicast and by multicast."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sim_discovery import start_on_free_port

from video.discovery import discover, parse_probe_matches, probe_message
from video.errors import DiscoveryError
from video.onvif import OnvifLoop
from video.sim.discovery_server import (
    DiscoveryServer,
    DiscoveryTarget,
    probe_matches,
)
from video.sim.events import EventBus
from video.sim.onvif_server import OnvifServer
from video.sim.ptz import PtzState

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class SimCamera:
    """The parts of a simulator camera the ONVIF server uses."""

    name: str
    id: str
    ptz: PtzState = field(default_factory=PtzState)
    events: EventBus = field(default_factory=EventBus)


@pytest.fixture
def responder() -> Iterator[tuple[DiscoveryServer, list[OnvifServer]]]:
    loop = OnvifLoop("test-discovery")
    servers = [
        OnvifServer(SimCamera(name, f"cam{i}"), "127.0.0.1", 0, location="Tongchuan/王益区")
        for i, name in enumerate(["北关路口", "south gate"], start=1)
    ]
    for srv in servers:
        loop.run(srv.start())
    disc = DiscoveryServer(
        lambda: [s.discovery_target() for s in servers], "127.0.0.1", 0, multicast=False
    )
    loop.run(disc.start())
    yield disc, servers
    loop.run(disc.stop())
    for srv in servers:
        loop.run(srv.stop())
    loop.stop()


def test_unicast_probe_finds_every_camera(
    responder: tuple[DiscoveryServer, list[OnvifServer]],
) -> None:
    disc, servers = responder
    found = discover(timeout_s=0.6, address="127.0.0.1", port=disc.port)
    assert sorted(d.name for d in found) == ["south gate", "北关路口"]
    by_name = {d.name: d for d in found}
    cam = by_name["北关路口"]
    assert cam.xaddrs == (servers[0].xaddr,)
    assert cam.hardware == "XL-SIM" and cam.location == "Tongchuan/王益区"
    assert cam.endpoint == servers[0].discovery_target().endpoint != found[1].endpoint
    assert "onvif://www.onvif.org/type/video_encoder" in cam.scopes
    assert disc.probes >= 1


@pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")
def test_simulator_answers_probes(monkeypatch: pytest.MonkeyPatch) -> None:
    sim, port = start_on_free_port(monkeypatch, cameras=2)
    try:
        found = discover(timeout_s=0.6, address="127.0.0.1", port=port)
    finally:
        sim.stop()
    ours = {d.xaddrs[0]: d.name for d in found}
    for info in sim._infos:
        assert ours[info.onvif] == info.name


def test_foreign_replies_and_garbage_are_ignored() -> None:
    target = DiscoveryTarget("urn:uuid:x", ("http://127.0.0.1:1/onvif/device_service",), ())
    reply = probe_matches("urn:uuid:other-probe", target, 1)
    assert parse_probe_matches(reply, "urn:uuid:mine") == []
    assert parse_probe_matches(b"<not xml", "urn:uuid:mine") == []
    assert len(parse_probe_matches(reply, "urn:uuid:other-probe")) == 1
    assert b"NetworkVideoTransmitter" in probe_message("urn:uuid:mine")


def test_unicast_to_silent_port_returns_nothing() -> None:
    assert discover(timeout_s=0.3, address="127.0.0.1", port=9) == []


def test_bad_address_is_a_clear_error() -> None:
    with pytest.raises(DiscoveryError, match="cannot send"):
        discover(timeout_s=0.2, address="256.1.1.1")


MULTICAST_SCRIPT = r"""
import json, sys, threading, time
sys.path.insert(0, sys.argv[1])
from dataclasses import dataclass, field
from video.onvif import OnvifLoop
from video.sim.discovery_server import DiscoveryServer
from video.sim.onvif_server import OnvifServer
from video.sim.events import EventBus
from video.sim.ptz import PtzState
from video.sim.simulator import Simulator
from video.discovery import discover

@dataclass
class Cam:
    name: str
    id: str
    ptz: PtzState = field(default_factory=PtzState)
    events: EventBus = field(default_factory=EventBus)

loop = OnvifLoop("ns-sim")
srv = OnvifServer(Cam("组播相机", "mc1"), "127.0.0.1", 0)
loop.run(srv.start())
disc = DiscoveryServer(lambda: [srv.discovery_target()], "127.0.0.1", 3702, multicast=True)
loop.run(disc.start())
found = discover(timeout_s=1.0, port=3702, interface="127.0.0.1")
loop.run(disc.stop()); loop.run(srv.stop()); loop.stop()
print(json.dumps([[d.name, list(d.xaddrs), srv.xaddr] for d in found]))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a network namespace needs root")
@pytest.mark.skipif(shutil.which("ip") is None, reason="iproute2 `ip` is not installed")
def test_multicast_probe_in_network_namespace() -> None:
    ns = f"xl-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        for cmd in (
            ["ip", "link", "set", "lo", "up"],
            ["ip", "link", "set", "lo", "multicast", "on"],
            ["ip", "route", "add", "239.0.0.0/8", "dev", "lo"],
        ):
            subprocess.run(["ip", "netns", "exec", ns, *cmd], check=True)
        out = subprocess.run(
            ["ip", "netns", "exec", ns, sys.executable, "-c", MULTICAST_SCRIPT, str(ROOT)],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        subprocess.run(["ip", "netns", "delete", ns], check=False)
    rows = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(rows) == 1
    name, xaddrs, expected = rows[0]
    assert name == "组播相机" and xaddrs == [expected]
