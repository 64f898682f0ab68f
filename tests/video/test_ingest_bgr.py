"""The reader's BGR conversion on real decoded frames, and the per-frame bookkeeping it uses."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from av.video.frame import VideoFrame
from av.video.reformatter import VideoReformatter
from gst_rtsp_server import GstServer

from video.ingest import ReaderOptions
from video.ingest.opener import FrameMaker, open_stream, to_bgr
from video.ingest.stats import FrameWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pictures() -> Iterator[list[VideoFrame]]:
    """Eight decoded 640x360 pictures (the sub-stream size) of GStreamer's colour bars."""
    with GstServer(mounts=2, width=640, height=360) as server:
        container, stream = open_stream(server.url(1), ReaderOptions())  # mount 1: SMPTE bars
        decoded: list[VideoFrame] = []
        try:
            for packet in container.demux(stream):
                decoded.extend(stream.codec_context.decode(packet))
                if len(decoded) >= 8:
                    break
        finally:
            container.close()
        yield decoded


def bt601_bgr(picture: VideoFrame) -> np.ndarray:
    """BGR from the picture's planes by the BT.601 limited-range formula (nearest chroma)."""
    y, u, v = (
        np.frombuffer(memoryview(plane), np.uint8).reshape(-1, plane.line_size).astype(float)
        for plane in picture.planes
    )
    h, w = picture.height, picture.width
    y = (y[:h, :w] - 16) * 255 / 219
    u = (np.repeat(np.repeat(u[:, : w // 2], 2, 0), 2, 1)[:h] - 128) * 255 / 224
    v = (np.repeat(np.repeat(v[:, : w // 2], 2, 0), 2, 1)[:h] - 128) * 255 / 224
    bgr = np.stack([y + 1.772 * u, y - 0.344136 * u - 0.714136 * v, y + 1.402 * v], -1)
    return np.clip(np.round(bgr), 0, 255)


def test_bgr_matches_the_previous_conversion(pictures: list[VideoFrame]) -> None:
    make = FrameMaker(ReaderOptions()).make
    assert pictures and pictures[0].format.name == "yuv420p"
    for seq, picture in enumerate(pictures, 1):
        frame = make(picture, seq, time.perf_counter())
        assert frame.image.shape == (360, 640, 3) and frame.image.dtype == np.uint8
        # the reader's conversion before this change: a fresh reformatter, bgr24, one thread
        before = VideoReformatter().reformat(picture, format="bgr24", threads=1).to_ndarray()
        diff = np.abs(frame.image.astype(int) - before.astype(int))
        assert diff.max() <= 2
        # and it is BGR by the book (swscale's fast path rounds within 3 of the exact formula)
        exact = np.abs(frame.image - bt601_bgr(picture))
        assert exact.max() <= 3 and exact.mean() < 1.5


def test_bgr_images_stay_valid_after_later_frames(pictures: list[VideoFrame]) -> None:
    make = FrameMaker(ReaderOptions()).make
    first = make(pictures[0], 1, time.perf_counter()).image
    kept = first.copy()
    for seq, picture in enumerate(pictures[1:], 2):
        make(picture, seq, time.perf_counter())  # buffers of later frames never alias it
    assert np.array_equal(first, kept)


def test_bgr_with_size_and_stamp_and_gray(pictures: list[VideoFrame]) -> None:
    picture = pictures[0]
    small = FrameMaker(ReaderOptions(size=(320, 180))).make(picture, 1, time.perf_counter())
    assert small.image.shape == (180, 320, 3)
    assert np.array_equal(small.image, to_bgr(picture, (320, 180)))
    stamped = FrameMaker(ReaderOptions(stamp=True, stamp_every=2)).make
    assert stamped(picture, 1, time.perf_counter()).stamp_ms is None  # no stamp in the bars
    gray = FrameMaker(ReaderOptions(gray=True)).make(picture, 1, time.perf_counter())
    assert gray.image.shape == (360, 640) and gray.source is None
    source = FrameMaker(ReaderOptions(output="source")).make(picture, 1, time.perf_counter())
    assert source.source is picture and source.image.shape == (360, 640)
    assert source.pts_s == picture.time and source.decode_ms >= 0


def test_frame_window_rates() -> None:
    window = FrameWindow(2.0)
    assert window.rates(10.0) == (0.0, 0.0)
    for i in range(51):  # 25 fps for 2 s, 8000 bits a frame
        window.add((10.0 + i * 0.04, 8000))
    fps, bits = window.rates(12.0)
    assert fps == pytest.approx(25.0) and bits == pytest.approx(200_000.0)
    assert window.rates(20.0) == (0.0, 0.0)  # all older than the window
    window.clear()
    assert window.rates(12.0) == (0.0, 0.0)


def test_frame_window_is_bounded() -> None:
    window = FrameWindow(2.0, capacity=8)
    for i in range(100):  # 100 fps: more than the capacity fits in the window
        window.add((i * 0.01, 1))
    fps, _ = window.rates(0.99)
    assert fps == pytest.approx(100.0)


FAULTS_PER_MB = """
import resource, sys
import numpy as np
from video.ingest.heap import keep_frame_buffers_in_heap
assert keep_frame_buffers_in_heap() and keep_frame_buffers_in_heap()  # once, then cached
a = np.ones(1 << 20, np.uint8); del a
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    a = np.ones(1 << 20, np.uint8); del a
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_frame_buffers_are_reused_from_the_heap() -> None:
    # in a fresh interpreter: ten 1 MB buffers in turn reuse the same heap pages
    done = subprocess.run(
        [sys.executable, "-c", FAULTS_PER_MB], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert int(done.stdout) <= 10  # a fresh mapping each would fault in 256 pages apiece


def test_bgr_view_skips_row_padding(pictures: list[VideoFrame]) -> None:
    # 330 px of BGR is 990 bytes a row, stored in padded rows: the view must step over them
    frame = FrameMaker(ReaderOptions(size=(330, 186))).make(pictures[0], 1, time.perf_counter())
    reference = VideoReformatter().reformat(pictures[0], 330, 186, "bgr24", threads=1)
    assert reference.planes[0].line_size > 330 * 3
    assert frame.image.shape == (186, 330, 3)
    assert np.array_equal(frame.image, reference.to_ndarray())
