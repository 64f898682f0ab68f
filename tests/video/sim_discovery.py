"""A simulator started on a free WS-Discovery port (what the discovery tests need)."""

from __future__ import annotations

import socket

import pytest

from video.errors import SimulatorError
from video.sim.simulator import Simulator

ATTEMPTS = 5


def start_on_free_port(monkeypatch: pytest.MonkeyPatch, **options: object) -> tuple[Simulator, int]:
    """Start ``Simulator(**options)`` with its discovery server on a free UDP port.

    The port is found by binding as the server does (all interfaces), then released, so
    another process can take it before the simulator binds: then it is tried again on
    another port (a one-in-many race on a busy machine: CI once lost it).
    """
    for attempt in range(ATTEMPTS):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind(("", 0))
            port = int(probe.getsockname()[1])
        monkeypatch.setenv("XUELIANG_DISCOVERY_PORT", str(port))
        sim = Simulator(**options)  # type: ignore[arg-type]
        try:
            sim.start()
        except SimulatorError:
            if attempt == ATTEMPTS - 1:
                raise
            continue
        return sim, port
    raise AssertionError("unreachable")
