"""RTSP ingest: one reader thread per stream, latest-frame slot, stats, watchdog, switching.

Public API::

    from video.ingest import StreamReader, SwitchingReader, ReaderOptions, grab_frame
    reader = StreamReader(url, camera_id="c1", options=ReaderOptions(size=(640, 360))).start()
    frame = reader.wait_frame(after_seq=0, timeout=2.0)   # Frame | None
    reader.stats().to_json()
    reader.stop()
"""

from __future__ import annotations

from video.ingest.models import (
    Frame,
    FrameSeries,
    LatencyMs,
    ReaderOptions,
    StreamState,
    StreamStats,
)
from video.ingest.opener import check_url, grab_frame
from video.ingest.reader import StreamReader
from video.ingest.switching import SwitchingReader

__all__ = [
    "Frame",
    "FrameSeries",
    "LatencyMs",
    "ReaderOptions",
    "StreamReader",
    "StreamState",
    "StreamStats",
    "SwitchingReader",
    "check_url",
    "grab_frame",
]
