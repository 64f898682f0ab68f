"""StreamReader against GStreamer's RTSP server (an independent peer) over TCP and UDP."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest
from gst_rtsp_server import GstServer

from video.ingest import Frame, ReaderOptions, StreamReader, StreamState
from video.ingest.slot import FrameSlot


@pytest.fixture(scope="module")
def gst() -> Iterator[GstServer]:
    """One GStreamer RTSP server with two 320x180 mounts for the module."""
    with GstServer(mounts=2) as server:
        yield server


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_reads_frames_over_each_transport(gst: GstServer, transport: str) -> None:
    options = ReaderOptions(transport=transport)
    with StreamReader(gst.url(0), "gst0", options) as reader:
        reader.wait_ready(10)
        first = reader.wait_frame(0, 5)
        assert first is not None
        last = first
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            frame = reader.wait_frame(last.seq, 2)
            assert frame is not None
            assert frame.seq > last.seq
            last = frame
        stats = reader.stats()
    assert first.image.shape == (180, 320, 3)
    assert first.image.dtype == np.uint8
    assert first.stamp_ms is None  # stamp decoding is off by default
    assert last.seq - first.seq >= 20  # ~25 fps for 1.5 s
    assert stats.state == StreamState.LIVE
    assert 15 < stats.fps < 35
    assert stats.bitrate_kbps > 10
    assert stats.first_frame_s is not None and stats.first_frame_s < 5
    assert (stats.width, stats.height) == (320, 180)
    assert stats.reconnects == 0 and stats.failed_attempts == 0


def test_thread_is_named_and_ends_on_stop(gst: GstServer) -> None:
    reader = StreamReader(gst.url(1), "cam-42").start()
    try:
        reader.wait_ready(10)
        names = [t.name for t in threading.enumerate()]
        assert "reader-cam-42" in names
    finally:
        assert reader.stop(10)
    assert "reader-cam-42" not in [t.name for t in threading.enumerate()]
    assert reader.stats().state == StreamState.STOPPED


def test_downscales_in_the_reader_thread(gst: GstServer) -> None:
    with StreamReader(gst.url(0), "small", ReaderOptions(size=(160, 90))) as reader:
        reader.wait_ready(10)
        frame = reader.wait_frame(0, 5)
    assert frame is not None
    assert frame.image.shape == (90, 160, 3)
    assert frame.decode_ms > 0


def test_on_frame_is_called_from_the_reader_thread(gst: GstServer) -> None:
    seen: list[tuple[int, str]] = []
    done = threading.Event()

    def on_frame(frame: Frame) -> None:
        seen.append((frame.seq, threading.current_thread().name))
        if len(seen) >= 5:
            done.set()

    with StreamReader(gst.url(0), "cb", on_frame=on_frame):
        assert done.wait(10)
    assert [seq for seq, _ in seen[:5]] == [1, 2, 3, 4, 5]
    assert {name for _, name in seen} == {"reader-cb"}


def test_slow_consumer_gets_latest_and_drops_are_counted(gst: GstServer) -> None:
    with StreamReader(gst.url(1), "slow") as reader:
        reader.wait_ready(10)
        seqs = []
        for _ in range(4):
            time.sleep(0.3)  # ~7 frames arrive per read
            frame = reader.latest()
            assert frame is not None
            seqs.append(frame.seq)
        stats = reader.stats()
    gaps = [b - a for a, b in itertools.pairwise(seqs)]
    assert all(gap >= 3 for gap in gaps), seqs  # only the newest frame is ever kept
    assert stats.dropped >= sum(gaps) - len(gaps) - 2
    assert stats.dropped < stats.frames


def test_frame_slot_counts_unread_replacements() -> None:
    slot = FrameSlot()
    image = np.zeros((2, 2, 3), np.uint8)
    for seq in range(1, 4):
        slot.put(Frame(image, seq, time.time(), 0.0))
    assert slot.dropped == 2
    frame = slot.latest()
    assert frame is not None and frame.seq == 3
    slot.put(Frame(image, 4, time.time(), 0.0))
    assert slot.dropped == 2  # seq 3 was read before it was replaced
    assert slot.wait_frame(4, timeout=0.05) is None
    waited = slot.wait_frame(3, timeout=0.05)
    assert waited is not None and waited.seq == 4


def test_sixteen_streams_at_once() -> None:
    with GstServer(mounts=16, width=160, height=90, fps=15, kbps=100) as server:
        readers = [
            StreamReader(url, f"m{i}", ReaderOptions(transport="udp" if i % 2 else "tcp"))
            for i, url in enumerate(server.urls)
        ]
        for reader in readers:
            reader.start()
        try:
            for reader in readers:
                reader.wait_ready(15)
            time.sleep(2.0)
            stats = [reader.stats() for reader in readers]
        finally:
            for reader in readers:
                reader.request_stop()
            assert all(reader.join(10) for reader in readers)
    assert len({s.camera_id for s in stats}) == 16
    for s in stats:
        assert s.state == StreamState.LIVE, s
        assert s.fps > 8, s
        assert s.frames >= 20, s


def test_stats_to_json_carries_the_watch_fields(gst: GstServer) -> None:
    with StreamReader(gst.url(0), "json") as reader:
        reader.wait_ready(10)
        reader.wait_frame(5, 5)
        data = json.loads(reader.stats().to_json())
    keys = ("state", "fps", "frames", "decode_errors", "dropped", "reconnects", "first_frame_s")
    keys += ("last_frame_at", "latency_ms", "bitrate_kbps", "next_retry_in")
    for key in keys:
        assert key in data
    assert data["state"] == "live"
    assert data["latency_ms"] is None
