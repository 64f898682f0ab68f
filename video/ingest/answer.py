"""A quick "does this stream answer?" check: open it, take its first video packet, close it.

Used for a roll-call (点名) of many cameras: no decoding, no thread kept, so a few hundred
milliseconds and little CPU per camera tell "answers with video" from refused, timed out,
wrong password or wrong path (the same named errors a reader reports). How smooth the
stream is (fps, bitrate) needs a reader watching it for seconds; this does not measure it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import av
import av.error

from video.errors import StreamOpenError
from video.ingest.models import ReaderOptions
from video.ingest.opener import map_error, open_stream
from video.redact import redact_url


@dataclass(frozen=True)
class Answer:
    """What a stream answered: its codec and picture size, and how long it took."""

    codec: str
    width: int
    height: int
    seconds: float


def answer_stream(url: str, options: ReaderOptions | None = None) -> Answer:
    """Open ``url``, wait for its first video packet (at most ``read_timeout`` of silence),
    close it. Raises the named ``StreamError`` a reader would report."""
    options = options or ReaderOptions()
    started = time.monotonic()
    container, stream = open_stream(url, options)
    try:
        opened = time.monotonic()
        try:
            packet = next((p for p in container.demux(stream) if p.size), None)
        except (av.error.FFmpegError, OSError) as exc:
            waited = time.monotonic() - opened
            raise map_error(url, exc, timed_out=waited >= 0.9 * options.read_timeout) from None
        if packet is None:
            raise StreamOpenError(redact_url(url), "it ended before its first picture")
        ctx = stream.codec_context
        return Answer(ctx.name, ctx.width, ctx.height, time.monotonic() - started)
    finally:
        container.close()
