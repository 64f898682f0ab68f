"""Open an RTSP stream with PyAV for low latency, and turn FFmpeg failures into our errors."""

from __future__ import annotations

import errno
import logging
import socket
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import av
import av.error
import cv2
import numpy as np
from av.codec.context import Flags
from av.container import InputContainer
from av.video.frame import VideoFrame
from av.video.reformatter import VideoReformatter
from av.video.stream import VideoStream

from video import stamp
from video.errors import (
    AuthError,
    NotRtspUrlError,
    StreamError,
    StreamForbiddenError,
    StreamNotFoundError,
    StreamOpenError,
    StreamRefusedError,
    StreamTimeoutError,
)
from video.ingest.models import Frame, ReaderOptions
from video.redact import redact_text, redact_url
from video.refusals import REFUSALS

logger = logging.getLogger(__name__)

RTSP_SCHEMES = ("rtsp", "rtsps")
_PLANAR_LUMA = {"yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p", "yuvj444p", "nv12"}
# a format object, not "bgr24": reformat then skips parsing the name on every frame
_BGR24: Any = av.VideoFormat("bgr24")  # PyAV's stub admits only str
# reformat's positional arguments after ``format``: colorspaces, interpolation, ranges,
# trc, primaries as the source's or defaults (None), and one thread
_REFORMAT_DEFAULTS = (None, None, None, None, None, None, None, 1)
_REFUSED = {errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ECONNRESET}


def check_url(url: str) -> tuple[str, int]:
    """Return (host, port) of an RTSP URL, or raise ``NotRtspUrlError``."""
    try:
        parts = urlsplit(url)
        port = parts.port or (322 if parts.scheme == "rtsps" else 554)
    except ValueError as exc:
        raise NotRtspUrlError(redact_url(url), "bad port") from exc
    if parts.scheme.lower() not in RTSP_SCHEMES or not parts.hostname:
        raise NotRtspUrlError(redact_url(url))
    return parts.hostname, port


def av_options(options: ReaderOptions) -> dict[str, str]:
    """FFmpeg demuxer options for a low-latency RTSP open."""
    if options.transport not in ("tcp", "udp"):
        raise ValueError(f"transport must be 'tcp' or 'udp', not {options.transport!r}")
    return {
        "rtsp_transport": options.transport,
        "allowed_media_types": "video",
        # No "fflags nobuffer": it discards the packets read while probing, which are usually
        # the key frame, so the first picture waits a whole GOP (measured: 1.1 s vs 0.13 s).
        # Tiny probing instead: the SDP already carries SPS/PPS.
        "probesize": "32",
        "analyzeduration": "0",
        "flags": "low_delay",
        "max_delay": "100000",
        "reorder_queue_size": "16" if options.transport == "udp" else "0",
        # socket I/O timeout in µs (was "stimeout" before FFmpeg 5)
        "timeout": str(int(options.read_timeout * 1_000_000)),
    }


def map_error(url: str, exc: BaseException, timed_out: bool = False) -> StreamError:
    """Our named error for an exception PyAV/FFmpeg raised while opening or reading ``url``.

    ``timed_out`` says the call failed only after waiting its full timeout: FFmpeg reports a
    socket timeout inside an RTSP exchange as "invalid data" or "I/O error".
    """
    shown = redact_url(url)
    code = getattr(exc, "errno", None)
    text = getattr(exc, "strerror", None) or exc.__class__.__name__
    detail = redact_text(str(text))
    if isinstance(exc, av.error.HTTPUnauthorizedError):
        return AuthError(shown)
    if isinstance(exc, av.error.HTTPForbiddenError):
        return StreamForbiddenError(shown)
    if isinstance(exc, av.error.HTTPNotFoundError):
        return StreamNotFoundError(shown)
    if isinstance(exc, ConnectionRefusedError) or code in _REFUSED:
        return StreamRefusedError(shown)
    if isinstance(exc, av.error.ExitError | TimeoutError | socket.timeout):
        return StreamTimeoutError(shown)
    if code == errno.ETIMEDOUT or (
        timed_out and isinstance(exc, av.error.InvalidDataError | av.error.OSError)
    ):
        return StreamTimeoutError(shown)
    return StreamOpenError(shown, detail)


def open_stream(url: str, options: ReaderOptions) -> tuple[InputContainer, VideoStream]:
    """Open ``url`` and its first video stream, configured for low-latency decoding.

    Credentials the camera refused in the last ``AUTH_RETRY_S`` are refused here at once,
    without a login (see ``video.refusals``)."""
    check_url(url)
    if REFUSALS.left_s(url) > 0:
        raise AuthError(redact_url(url))
    started = time.monotonic()
    try:
        # Open timeout only: PyAV's read timeout is an interrupt callback that takes the GIL
        # on every socket read FFmpeg makes (several per RTP packet, measured as GIL waits
        # in each of 16 reader threads); reads are bounded by FFmpeg's own "timeout" option.
        container = av.open(url, options=av_options(options), timeout=(options.open_timeout, None))
    except (av.error.FFmpegError, OSError) as exc:
        waited = time.monotonic() - started
        limit = min(options.open_timeout, options.read_timeout)
        error = map_error(url, exc, timed_out=waited >= 0.9 * limit)
        if isinstance(error, AuthError):
            REFUSALS.refused(url)
        raise error from None
    if not container.streams.video:
        container.close()
        raise StreamOpenError(redact_url(url), "the stream carries no video")
    stream = container.streams.video[0]
    ctx = stream.codec_context
    ctx.thread_count = max(1, options.decoder_threads)
    ctx.thread_type = "SLICE"
    ctx.flags |= Flags.low_delay
    return container, stream


def to_bgr(
    frame: VideoFrame, size: tuple[int, int] | None, reformatter: VideoReformatter | None = None
) -> np.ndarray:
    """Convert (and optionally downscale) a decoded frame to a BGR numpy array.

    Pass one ``reformatter`` per reader thread: it keeps its scaler context between frames
    (measured: half the system time of a fresh context per frame). One scaler thread: the
    default (one per CPU) hands every 640x360 frame to worker threads and costs ~40 % more
    CPU than converting it in the reader thread. Unscaled yuv420p takes swscale's SIMD
    path (SSSE3 here, ~0.1 ms per 640x360 frame): measured cheaper than OpenCV's
    ``cvtColor(COLOR_YUV2BGR_I420)`` (0.12 ms without assembling the I420 buffer) and
    than every other interpolation flag (same output, same time; ACCURATE_RND 5x slower).
    The result is a view on the converted frame's buffer (no second copy).
    """
    reformatter = reformatter or VideoReformatter()
    width, height = size if size is not None else (None, None)
    return reformatter.reformat(frame, width, height, "bgr24", threads=1).to_ndarray()


def plane_view(plane: Any, height: int, width: int, channels: int = 1) -> np.ndarray:
    """An HxW (or HxWxC) uint8 view on a PyAV frame plane's buffer, rows ``line_size`` apart.

    No copy: the view keeps the plane (and so its frame) alive. One strided ``np.ndarray``
    call, cheaper per frame than ``to_ndarray`` or ``frombuffer`` + reshape + slice.
    """
    if channels == 1:
        return np.ndarray((height, width), np.uint8, plane, 0, (plane.line_size, 1))
    shape = (height, width, channels)
    return np.ndarray(shape, np.uint8, plane, 0, (plane.line_size, channels, 1))


def luma_view(frame: VideoFrame) -> np.ndarray:
    """The luma plane as an HxW uint8 view on the decoded frame (no copy, no conversion)."""
    if frame.format.name in _PLANAR_LUMA:
        return plane_view(frame.planes[0], frame.height, frame.width)
    return np.asarray(frame.to_ndarray(format="gray"))


def to_gray(luma: np.ndarray, size: tuple[int, int] | None) -> np.ndarray:
    """The luma plane (from ``luma_view``), downscaled to ``size`` when that differs."""
    if size is not None and (luma.shape[1], luma.shape[0]) != size:
        return np.asarray(cv2.resize(luma, size, interpolation=cv2.INTER_AREA))
    return luma


class FrameMaker:
    """Builds our ``Frame``s from decoded PyAV frames for one reader thread.

    Everything that depends only on the options is settled once here: ``make`` is the
    per-frame call for this output, doing the conversion and little else (with 16 streams
    each reader thread runs with cold caches, and per-frame Python measured several times
    its micro-benchmark cost). The stamp is read on frames 1, 1 + stamp_every, … (``seq``).
    """

    def __init__(self, options: ReaderOptions) -> None:
        self.options = options
        self._stamp_every = max(1, options.stamp_every) if options.stamp else 0
        self._size = options.size
        width, height = options.size if options.size is not None else (None, None)
        self._width: int | None = width  # None: the decoded size
        self._height: int | None = height
        self._source = options.output == "source"
        self._reformat = VideoReformatter().reformat  # keeps its scaler context
        bgr = not self._source and not options.gray
        self.make: Callable[[VideoFrame, int, float], Frame] = self._bgr if bgr else self._luma

    def _bgr(self, frame: VideoFrame, seq: int, started: float) -> Frame:
        out = self._reformat(frame, self._width, self._height, _BGR24, *_REFORMAT_DEFAULTS)
        image = plane_view(out.planes[0], out.height, out.width, 3)
        stamp_ms = None
        if self._stamp_every and (seq - 1) % self._stamp_every == 0:
            # from the full-size luma plane: half the cost of reading it from BGR
            stamp_ms = stamp.decode(luma_view(frame))
        ms = (time.perf_counter() - started) * 1000.0
        return Frame(image, seq, time.time(), ms, stamp_ms, frame.time)

    def _luma(self, frame: VideoFrame, seq: int, started: float) -> Frame:
        luma = luma_view(frame)
        stamp_ms = None
        if self._stamp_every and (seq - 1) % self._stamp_every == 0:
            stamp_ms = stamp.decode(luma)
        if self._source:  # the consumer converts ``frame`` itself
            image, source = luma, frame
        else:
            image, source = to_gray(luma, self._size), None
        ms = (time.perf_counter() - started) * 1000.0
        return Frame(image, seq, time.time(), ms, stamp_ms, frame.time, source)


def grab_frame(url: str, options: ReaderOptions | None = None, timeout: float = 10.0) -> Frame:
    """Open ``url``, return its first decodable frame and close it (snapshots)."""
    options = options or ReaderOptions()
    container, stream = open_stream(url, options)
    deadline = time.monotonic() + timeout
    try:
        for packet in container.demux(stream):
            started = time.perf_counter()
            try:
                frames = packet.decode()
            except av.error.InvalidDataError:
                frames = []
            for frame in frames:
                if isinstance(frame, VideoFrame):
                    return FrameMaker(options).make(frame, 1, started)
            if time.monotonic() > deadline:
                break
    except (av.error.FFmpegError, OSError) as exc:
        raise map_error(url, exc) from None
    finally:
        container.close()
    raise StreamTimeoutError(redact_url(url), f"no picture within {timeout:g} s")
