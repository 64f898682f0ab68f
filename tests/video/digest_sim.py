"""One simulated camera that asks for Digest credentials (RTSP only), for the ingest tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from video.sim.simulator import SimCameraInfo, Simulator

USER = "admin"


@contextmanager
def digest_camera(password: str) -> Iterator[tuple[Simulator, SimCameraInfo]]:
    """The running simulator and its one camera, user ``USER`` with ``password``."""
    simulator = Simulator(cameras=1, user=USER, password=password, onvif=False, discovery=False)
    infos = simulator.start()
    try:
        yield simulator, infos[0]
    finally:
        simulator.stop()


def with_credentials(url: str, password: str, user: str = USER) -> str:
    """``url`` with ``user:password@`` in it."""
    return url.replace("rtsp://", f"rtsp://{user}:{password}@", 1)
