"""Ingest against the project's camera simulator: stamps, Digest auth, faults, main/sub."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from digest_sim import digest_camera, with_credentials

from video.errors import AuthError
from video.ingest import (
    Frame,
    ReaderOptions,
    StreamReader,
    StreamState,
    SwitchingReader,
    grab_frame,
)
from video.sim.simulator import SimCameraInfo, Simulator

PASSWORD = "Sim-Secret-9"


@pytest.fixture(scope="module")
def sim() -> Iterator[tuple[Simulator, SimCameraInfo]]:
    """One simulated camera with Digest auth, RTSP only."""
    with digest_camera(PASSWORD) as camera:
        yield camera


def _auth(url: str, password: str = PASSWORD) -> str:
    return with_credentials(url, password)


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_sub_stream_with_stamp_latency(
    sim: tuple[Simulator, SimCameraInfo], transport: str
) -> None:
    _, info = sim
    options = ReaderOptions(transport=transport, stamp=True)
    with StreamReader(_auth(info.rtsp_sub), info.id, options) as reader:
        reader.wait_ready(10)
        frame = reader.wait_frame(0, 5)
        time.sleep(1.5)
        stats = reader.stats()
    assert frame is not None and frame.image.shape == (360, 640, 3)
    assert frame.stamp_ms is not None
    assert abs(frame.stamp_ms - time.time() * 1000) < 10_000
    assert stats.latency_ms is not None
    assert 0 < stats.latency_ms.p50 <= stats.latency_ms.p95 < 2000  # sanity bound only
    assert stats.state == StreamState.LIVE and stats.fps > 15


def test_stamp_is_read_on_every_nth_frame(sim: tuple[Simulator, SimCameraInfo]) -> None:
    _, info = sim
    seen: list[Frame] = []
    options = ReaderOptions(stamp=True, stamp_every=3)
    with StreamReader(_auth(info.rtsp_sub), info.id, options, seen.append) as reader:
        reader.wait_ready(10)
        reader.wait_frame(12, 5)
    stamped = [f.seq for f in seen if f.stamp_ms is not None]
    assert len(seen) >= 12
    assert stamped == [f.seq for f in seen if f.seq % 3 == 1]  # 1, 4, 7, … and no other
    assert all(f.latency_ms is None for f in seen if f.seq % 3 != 1)


def test_main_stream_downscaled_keeps_the_stamp(sim: tuple[Simulator, SimCameraInfo]) -> None:
    _, info = sim
    options = ReaderOptions(size=(640, 360), stamp=True, stamp_every=1)
    with StreamReader(_auth(info.rtsp_main), info.id, options) as reader:
        reader.wait_ready(10)
        frame = reader.wait_frame(2, 5)
        stats = reader.stats()
    assert frame is not None and frame.image.shape == (360, 640, 3)
    assert frame.stamp_ms is not None
    assert (stats.width, stats.height) == (640, 360)


def test_digest_wrong_password(sim: tuple[Simulator, SimCameraInfo]) -> None:
    _, info = sim
    with pytest.raises(AuthError) as raised:
        grab_frame(_auth(info.rtsp_sub, "wrong"))
    assert "wrong" not in str(raised.value)
    frame = grab_frame(_auth(info.rtsp_main))
    assert frame.image.shape == (720, 1280, 3)


def test_a_refused_password_is_not_tried_again_and_again(
    sim: tuple[Simulator, SimCameraInfo],
) -> None:
    """Each try is a failed login, and cameras lock an address out after a few: a reader
    refused the credentials waits AUTH_RETRY_S (5 min), not its usual backoff."""
    _, info = sim
    with StreamReader(_auth(info.rtsp_sub, "wrong"), info.id) as reader:
        deadline = time.monotonic() + 10
        while reader.stats().failed_attempts == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(2.0)  # the usual backoff would have tried several times by now
        stats = reader.stats()
    assert stats.failed_attempts == 1 and stats.state == StreamState.LOST
    assert stats.last_error is not None and "credentials" in stats.last_error
    assert stats.next_retry_in is not None and stats.next_retry_in > 290


def test_disconnect_fault_then_recovery(sim: tuple[Simulator, SimCameraInfo]) -> None:
    simulator, info = sim
    with StreamReader(_auth(info.rtsp_sub), info.id) as reader:
        reader.wait_ready(10)
        simulator.set_fault(1, "disconnect", True)
        try:
            deadline = time.monotonic() + 5
            while reader.stats().state == StreamState.LIVE and time.monotonic() < deadline:
                time.sleep(0.05)
            lost = reader.stats()
            time.sleep(4.0)  # the camera hangs up on every attempt meanwhile
            seq = reader.latest().seq  # type: ignore[union-attr]
        finally:
            simulator.set_fault(1, "disconnect", False)
        cleared = time.monotonic()
        frame = reader.wait_frame(seq, 10)
        back_after = time.monotonic() - cleared
        stats = reader.stats()
    assert lost.state in (StreamState.LOST, StreamState.RECONNECTING, StreamState.STALLED)
    assert frame is not None
    assert back_after <= 2.0, f"frames again {back_after:.2f} s after the fault cleared"
    assert stats.reconnects >= 1


def test_switch_main_to_sub(sim: tuple[Simulator, SimCameraInfo]) -> None:
    _, info = sim
    with SwitchingReader(_auth(info.rtsp_main), info.id) as view:
        first = view.wait_frame(0, 10)
        assert first is not None and first.width == 1280
        view.switch(_auth(info.rtsp_sub))
        deadline = time.monotonic() + 10
        seq = first.seq
        widths = []
        while view.switches == 0 and time.monotonic() < deadline:
            frame = view.wait_frame(seq, 1)
            assert frame is not None, "no frame while switching"
            seq = frame.seq
            widths.append(frame.width)
        after = view.wait_frame(seq, 2)
    assert view.switches == 1
    assert after is not None and after.width == 640


def test_gray_delivers_luma_with_the_stamp(sim: tuple[Simulator, SimCameraInfo]) -> None:
    _, info = sim
    options = ReaderOptions(gray=True, stamp=True, stamp_every=1)
    with StreamReader(_auth(info.rtsp_sub), info.id, options) as reader:
        reader.wait_ready(10)
        frame = reader.wait_frame(1, 5)
    assert frame is not None and frame.image.shape == (360, 640)
    assert frame.stamp_ms is not None
    small = ReaderOptions(gray=True, stamp=True, stamp_every=1, size=(320, 180))
    with StreamReader(_auth(info.rtsp_main), info.id, small) as reader:
        reader.wait_ready(10)
        frame = reader.wait_frame(1, 5)
    assert frame is not None and frame.image.shape == (180, 320)
    assert frame.stamp_ms is not None
