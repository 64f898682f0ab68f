"""``ReaderOptions(output="source")``: frames carry the decoded picture, left unconverted."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from av.video.frame import VideoFrame
from gst_rtsp_server import GstServer

from video.ingest import ReaderOptions, StreamReader
from video.ingest.opener import to_bgr


@pytest.fixture(scope="module")
def gst() -> Iterator[GstServer]:
    """One GStreamer RTSP server with one 320x180 mount for the module."""
    with GstServer(mounts=1) as server:
        yield server


def test_source_output_keeps_the_decoded_frame(gst: GstServer) -> None:
    options = ReaderOptions(output="source", size=(160, 90), stamp=True, stamp_every=1)
    with StreamReader(gst.url(0), "src", options) as reader:
        reader.wait_ready(10)
        frame = reader.wait_frame(0, 5)
        assert frame is not None
        later = reader.wait_frame(frame.seq, 5)
    assert later is not None and later.seq > frame.seq
    assert isinstance(frame.source, VideoFrame)
    assert (frame.source.width, frame.source.height) == (320, 180)  # ``size`` is not applied
    assert frame.image.shape == (180, 320)  # the luma plane, no conversion
    assert frame.image.dtype == np.uint8
    bgr = to_bgr(frame.source, (160, 90))  # the consumer converts when it needs to
    assert bgr.shape == (90, 160, 3)
    # luma of the same picture and its BGR conversion agree on brightness
    gray = bgr.mean(axis=2)
    assert abs(float(gray.mean()) - float(frame.image[::2, ::2].mean())) < 25


def test_default_output_has_no_source(gst: GstServer) -> None:
    with StreamReader(gst.url(0), "bgr") as reader:
        reader.wait_ready(10)
        frame = reader.wait_frame(0, 5)
    assert frame is not None
    assert frame.source is None
    assert frame.image.shape == (180, 320, 3)


def test_unknown_output_is_refused() -> None:
    with pytest.raises(ValueError, match="output must be one of bgr24, source"):
        ReaderOptions(output="rgb")


def test_a_frame_series_keeps_the_first_and_the_latest_distinct_frames() -> None:
    """What a picture check looks at moments apart: the first frame seen, then the distinct
    ones after it, the latest ``keep`` only, and between them and the last one judged."""
    from video.ingest import Frame, FrameSeries

    frames = [Frame(np.zeros((2, 2), np.uint8), seq, float(seq), 0.0) for seq in range(1, 9)]
    series = FrameSeries(keep=3)
    assert series.newest is None
    series.add(None)
    for frame in [frames[0], frames[0], frames[1], frames[1], *frames[2:6]]:
        series.add(frame)  # a tick that saw no new frame keeps nothing twice
    assert series.first is frames[0]
    assert [f.seq for f in series.after] == [4, 5, 6]  # bounded: the latest three
    assert series.newest is frames[5]
    assert [f.seq for f in series.between(frames[5])] == [4, 5]
    assert [f.seq for f in series.between(frames[7])] == [4, 5, 6]
