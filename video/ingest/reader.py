"""``StreamReader``: one named thread per RTSP stream, with its own watchdog.

The thread opens the stream (PyAV, low-latency options), decodes into a latest-frame slot,
and on any failure reconnects with exponential backoff and jitter (0.25 s doubling to 10 s;
capped at 1 s during the first 30 s of an outage, so short outages heal fast). While the
camera's port refuses connections it is also probed cheaply every ``probe_interval``, so
frames flow again soon after the camera returns. Nothing is shared between readers except
FFmpeg itself: one bad camera never blocks another.

Threads: ``on_frame(frame)`` is called from the reader thread and must be cheap (the console
emits a queued Qt signal from it). ``latest``/``wait_frame``/``stats`` may be called from any
thread.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from types import TracebackType

import av
import av.error
import av.logging
from av.container import InputContainer
from av.video.stream import VideoStream

from video.errors import (
    AuthError,
    StreamEndedError,
    StreamError,
    StreamOpenError,
    StreamRefusedError,
    StreamTimeoutError,
)
from video.ingest.heap import keep_frame_buffers_in_heap
from video.ingest.models import Frame, ReaderOptions, StreamState, StreamStats
from video.ingest.opener import FrameMaker, check_url, map_error, open_stream
from video.ingest.slot import FrameSlot
from video.ingest.stats import Backoff, FrameWindow, LatencyWindow
from video.redact import redact_text, redact_url
from video.refusals import REFUSALS

logger = logging.getLogger(__name__)

FrameCallback = Callable[[Frame], None]
_LEVEL_NAMES = {av.logging.ERROR: "error", av.logging.WARNING: "warning", av.logging.INFO: "info"}


def enable_av_logging(level: int = av.logging.WARNING) -> None:
    """Let FFmpeg's log lines reach Python (PyAV drops them by default) at ``level``+."""
    current = av.logging.get_level()
    if current is None or current < level:
        av.logging.set_level(level)


def port_open(host: str, port: int, timeout: float = 0.25) -> bool:
    """True when a TCP connection to host:port succeeds right now (a cheap liveness probe)."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


class StreamReader:
    """Reads one RTSP stream on its own thread ``reader-<camera_id>`` until ``stop()``."""

    def __init__(
        self,
        url: str,
        camera_id: str = "",
        options: ReaderOptions | None = None,
        on_frame: FrameCallback | None = None,
    ) -> None:
        self.url = url
        self.host, self.port = check_url(url)
        self.camera_id = camera_id or f"{self.host}:{self.port}"
        self.options = options or ReaderOptions()
        self.on_frame = on_frame
        self.slot = FrameSlot()
        self._stop = threading.Event()
        self._stopping = False  # mirrors _stop for the per-packet check (no call)
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"reader-{self.camera_id}")
        self._thread.daemon = True
        self._state = StreamState.CONNECTING
        self._window = FrameWindow(2.0)  # fps and bitrate
        # about the last 10 s of stamped frames at 25 fps, whatever the stamp sampling
        self._latency = LatencyWindow(max(50, 250 // max(1, self.options.stamp_every)))
        self._backoff = Backoff(self.options.backoff_min, self.options.backoff_max)
        self._logs: deque[str] = deque(maxlen=self.options.log_lines)
        self._seq = 0
        self._frames = 0
        self._decode_errors = 0
        self._reconnects = 0
        self._failed_attempts = 0
        self._attempts = 0
        self._first_frame_s: float | None = None
        self._last_frame_mono: float | None = None
        self._last_frame: Frame | None = None
        self._live_since: float | None = None
        self._outage_since: float | None = None
        self._retry_at: float | None = None
        self._last_error: StreamError | None = None

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> StreamReader:
        """Start the reader thread; returns self."""
        logger.debug("%s: starting reader for %s", self.camera_id, redact_url(self.url))
        keep_frame_buffers_in_heap()
        self._thread.start()
        return self

    def request_stop(self) -> None:
        """Ask the thread to stop without waiting (stop many readers, then join them)."""
        self._stopping = True
        self._stop.set()
        self.slot.wake()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True when it has."""
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self, timeout: float | None = None) -> bool:
        """Stop and join; the thread ends within about ``read_timeout``. True when ended."""
        self.request_stop()
        if not self._thread.ident:
            return True
        return self.join(timeout)

    @property
    def running(self) -> bool:
        """True while the reader thread is alive."""
        return self._thread.is_alive()

    def __enter__(self) -> StreamReader:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- consumers -------------------------------------------------------------------------
    def latest(self) -> Frame | None:
        """The newest decoded frame, or None before the first."""
        return self.slot.latest()

    def wait_frame(self, after_seq: int = 0, timeout: float | None = None) -> Frame | None:
        """Block until a frame newer than ``after_seq``; None on timeout or stop."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._stop.is_set():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return None
            step = 0.5 if left is None else min(left, 0.5)
            frame = self.slot.wait_frame(after_seq, step)
            if frame is not None:
                return frame
        return None

    def wait_ready(self, timeout: float) -> None:
        """Wait for the first frame; raise the first connection error or a timeout error."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._frames:
                    return
                if self._last_error is not None:
                    raise self._last_error
            if not self._thread.is_alive() and self._thread.ident:
                raise StreamOpenError(redact_url(self.url), "the reader thread has ended")
            self.slot.wait_frame(0, 0.05)
        raise StreamTimeoutError(redact_url(self.url), f"no picture within {timeout:g} s")

    @property
    def log_tail(self) -> list[str]:
        """The last FFmpeg/PyAV log lines of this stream (redacted)."""
        with self._lock:
            return list(self._logs)

    def stats(self) -> StreamStats:
        """A consistent snapshot of this stream's health."""
        now = time.monotonic()
        with self._lock:
            state = self._state
            if (
                state == StreamState.LIVE
                and self._last_frame_mono is not None
                and now - self._last_frame_mono > self.options.stall_after
            ):
                state = StreamState.STALLED
            fps, bits = self._window.rates(now)
            last = self._last_frame
            return StreamStats(
                camera_id=self.camera_id,
                url=redact_url(self.url),
                state=state,
                fps=fps,
                bitrate_kbps=bits / 1000.0,
                frames=self._frames,
                decode_errors=self._decode_errors,
                dropped=self.slot.dropped,
                reconnects=self._reconnects,
                failed_attempts=self._failed_attempts,
                first_frame_s=self._first_frame_s,
                last_frame_at=last.decoded_at if last else None,
                latency_ms=self._latency.percentiles(),
                width=last.width if last else None,
                height=last.height if last else None,
                next_retry_in=max(0.0, self._retry_at - now) if self._retry_at else None,
                last_error=str(self._last_error) if self._last_error else None,
                log_tail=list(self._logs),
            )

    # --- the thread ------------------------------------------------------------------------
    def _run(self) -> None:
        enable_av_logging()
        with av.logging.Capture(local=True) as captured:
            try:
                while not self._stop.is_set():
                    error = self._connect_and_read(captured)
                    self._take_logs(captured)
                    if self._stop.is_set():
                        break
                    self._wait_retry(self._on_failure(error), isinstance(error, StreamRefusedError))
            finally:
                self._take_logs(captured)
                with self._lock:
                    self._state = StreamState.STOPPED
                    self._retry_at = None
                self.slot.wake()

    def _connect_and_read(self, captured: list[tuple[int, str, str]]) -> StreamError | None:
        with self._lock:
            self._state = StreamState.CONNECTING if not self._attempts else StreamState.RECONNECTING
            self._attempts += 1
        started = time.monotonic()
        try:
            container, stream = open_stream(self.url, self.options)
        except StreamError as exc:
            return exc
        try:
            return self._read(container, stream, started, captured)
        finally:
            container.close()

    def _read(
        self,
        container: InputContainer,
        stream: VideoStream,
        started: float,
        captured: list[tuple[int, str, str]],
    ) -> StreamError | None:
        # The per-frame path is this loop, kept lean on purpose: with 16 streams each reader
        # thread runs with cold caches and a line of Python here measured several times its
        # micro-benchmark cost (the reader's Python once added 0.06 ms a frame, ~14 % of
        # ffmpeg's whole per-frame CPU). Names are bound once, delivery is inline, counters
        # are written by this thread only and read by stats() under the GIL; no lock per
        # frame except for decode errors and stamped frames.
        decode = stream.codec_context.decode
        monotonic, perf_counter = time.monotonic, time.perf_counter
        make = FrameMaker(self.options).make
        window_add = self._window.add
        slot_put = self.slot.put
        # before the first picture allow for a long GOP (the decoder waits for a key frame)
        limit = self.options.first_frame_timeout
        got_frame = False
        last_picture = last_packet = monotonic()
        bits = errors = 0  # carried to the next delivered frame
        seq = self._seq  # frame numbers go on across reconnects
        try:
            for packet in container.demux(stream):
                if self._stopping:
                    return None
                last_packet = monotonic()
                size = packet.size
                if size:
                    bits += size * 8
                    if packet.is_corrupt:
                        errors += 1
                decode_started = perf_counter()
                try:
                    pictures = decode(packet)
                except av.error.InvalidDataError:
                    errors += 1
                    pictures = []
                for picture in pictures:
                    seq += 1
                    frame = make(picture, seq, decode_started)
                    if not got_frame:
                        self._went_live(monotonic(), started)
                        got_frame, limit = True, self.options.lost_after
                    if errors or picture.is_corrupt:
                        self._count_errors(errors + picture.is_corrupt)
                    # the packet's arrival time stands for the frame's (a monotonic() less)
                    window_add((last_packet, bits))
                    bits = errors = 0
                    self._last_frame_mono = last_packet
                    self._last_frame = frame
                    self._frames += 1
                    if frame.stamp_ms is not None:
                        self._add_latency(frame)
                    slot_put(frame)
                    on_frame = self.on_frame
                    if on_frame is not None:
                        on_frame(frame)
                    last_picture = last_packet
                if captured:
                    self._take_logs(captured)
                if last_packet - last_picture > limit:
                    return StreamTimeoutError(redact_url(self.url), "packets but no pictures")
        except (av.error.FFmpegError, OSError) as exc:
            waited = monotonic() - last_packet
            return map_error(self.url, exc, timed_out=waited >= 0.9 * self.options.read_timeout)
        finally:
            self._seq = seq
            # bits of packets after the last picture are dropped: the window is cleared next
            if errors:
                self._count_errors(errors)
        return None if self._stopping else StreamEndedError(redact_url(self.url))

    def _count_errors(self, errors: int) -> None:
        with self._lock:
            self._decode_errors += errors

    def _add_latency(self, frame: Frame) -> None:
        latency = frame.latency_ms
        if latency is not None:
            with self._lock:
                self._latency.add(latency)

    def _went_live(self, now: float, opened: float) -> None:
        with self._lock:
            self._first_frame_s = now - opened
            self._live_since = now
            self._outage_since = None
            if self._attempts > 1:
                self._reconnects += 1
            self._state = StreamState.LIVE
            self._last_error = None
        logger.info("%s: live after %.3f s", self.camera_id, now - opened)

    def _on_failure(self, error: StreamError | None) -> float:
        now = time.monotonic()
        with self._lock:
            if self._live_since is not None and now - self._live_since >= (
                self.options.backoff_reset_after
            ):
                self._backoff.reset()
            was_live = self._live_since is not None
            repeated = type(error) is type(self._last_error) and not was_live
            self._live_since = None
            if self._outage_since is None:
                self._outage_since = now
            young = now - self._outage_since < self.options.fast_retry_window
            self._failed_attempts += 1
            self._last_error = error
            self._state = StreamState.LOST
            self._window.clear()
            delay = self._backoff.next_delay(self.options.fast_retry_cap if young else None)
            if isinstance(error, AuthError):  # every try a failed login: see refusals
                delay = max(delay, REFUSALS.left_s(self.url))
            self._retry_at = now + delay
        # warn once per change (a live stream lost, a new kind of failure); repeats are debug
        level = logging.DEBUG if repeated else logging.WARNING if was_live else logging.INFO
        logger.log(level, "%s: %s; retry in %.2f s", self.camera_id, error, delay)
        return delay

    def _wait_retry(self, delay: float, probe: bool) -> None:
        deadline = time.monotonic() + delay
        while not self._stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            if self._stop.wait(min(left, self.options.probe_interval) if probe else left):
                break
            if probe and port_open(self.host, self.port):
                logger.debug("%s: port answers again, reconnecting now", self.camera_id)
                break
        with self._lock:
            self._retry_at = None

    def _take_logs(self, captured: list[tuple[int, str, str]]) -> None:
        if not captured:
            return
        lines = [
            redact_text(f"{_LEVEL_NAMES.get(level, str(level))} {name}: {message.strip()}")
            for level, name, message in captured
        ]
        captured.clear()
        with self._lock:
            self._logs.extend(lines)
