"""Data models of the ingest: frames, options, state and the stats snapshot."""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

OUTPUTS = ("bgr24", "source")


class StreamState(enum.StrEnum):
    """Where a reader is in its life: connecting → live ⇄ stalled → lost → reconnecting."""

    CONNECTING = "connecting"
    LIVE = "live"
    STALLED = "stalled"
    LOST = "lost"
    RECONNECTING = "reconnecting"
    STOPPED = "stopped"


@dataclass(slots=True)
class Frame:
    """One decoded picture (BGR HxWx3 uint8, or HxW luma with ``gray``) and its origin.

    With ``ReaderOptions(output="source")`` ``image`` is the decoded luma plane (a view) and
    ``source`` the decoded PyAV ``VideoFrame``, left unconverted for the consumer.

    Read-only by convention: one frame is shared by the slot, ``on_frame`` and every
    consumer, so change a copy (``dataclasses.replace``). Not ``frozen``: a frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``, 4x the cost of
    a plain one, and building frames is on the per-frame path of every reader (measured
    2-3 % of ffmpeg's per-frame CPU with 16 streams). Hashing never worked (ndarray field).
    """

    image: np.ndarray
    seq: int  # 1, 2, 3 … per reader, across reconnects
    decoded_at: float  # wall clock (time.time()) when decoding finished
    decode_ms: float  # time spent decoding + converting this frame in the reader thread
    stamp_ms: int | None = None  # capture time burned in by the source, on stamped frames only
    pts_s: float | None = None  # presentation time in seconds from the stream, if any
    source: Any = None  # the decoded av.VideoFrame, with output="source" only

    @property
    def width(self) -> int:
        """Picture width in pixels."""
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        """Picture height in pixels."""
        return int(self.image.shape[0])

    @property
    def latency_ms(self) -> float | None:
        """Glass-to-glass latency from the source stamp to the end of decoding."""
        if self.stamp_ms is None:
            return None
        return self.decoded_at * 1000.0 - self.stamp_ms


class FrameSeries:
    """Frames of one stream looked at moments apart, for a picture diagnosis: the first
    seen, and the distinct ones after it (the latest ``keep``: memory stays bounded however
    long it is looked at)."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.first: Frame | None = None
        self.after: list[Frame] = []

    @property
    def newest(self) -> Frame | None:
        """The last frame kept (None before any)."""
        return self.after[-1] if self.after else self.first

    def add(self, frame: Frame | None) -> None:
        """Keep ``frame`` unless it is None or the one kept last."""
        newest = self.newest
        if frame is None or (newest is not None and frame.seq == newest.seq):
            return
        if newest is None:
            self.first = frame
        else:
            self.after = [*self.after, frame][-self.keep :]

    def between(self, last: Frame) -> list[Frame]:
        """The frames kept after the first and before ``last``."""
        return [f for f in self.after if f.seq != last.seq]


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    """How a reader opens and decodes one stream.

    ``size`` downscales in the reader thread (width, height); ``stamp`` decodes the source's
    capture-time stamp for latency on the first frame and every ``stamp_every``-th after it
    (1 = every frame); ``gray`` delivers the luma plane only (no colour conversion); timeouts
    and backoff bounds are seconds.

    ``output="source"`` skips the reader's conversion: each frame carries the decoded PyAV
    frame (``Frame.source``) and its luma plane as ``image`` (decoded size, ``size`` unused),
    so a consumer converts once, straight to what it paints (e.g. BGRA at the tile's size).
    """

    transport: str = "tcp"  # "tcp" (interleaved) or "udp"
    size: tuple[int, int] | None = None
    stamp: bool = False
    # Reading the stamp is pure Python holding the GIL: with 16 reader threads it measured
    # ~0.14 ms a frame (a quarter of ffmpeg's whole per-frame cost); 1 in 5 still gives the
    # latency window 5 samples a second per 25 fps stream.
    stamp_every: int = 5
    gray: bool = False  # luma only (HxW), no colour conversion: for diagnostics
    output: str = "bgr24"  # "bgr24" (BGR at ``size``) or "source" (decoded frame, unconverted)
    open_timeout: float = 5.0
    read_timeout: float = 3.0
    stall_after: float = 1.5  # no frame for this long → stalled
    lost_after: float = 3.0  # no frame for this long → lost, reconnect
    first_frame_timeout: float = 10.0  # packets but no picture yet: allow a long GOP
    backoff_min: float = 0.25
    backoff_max: float = 10.0
    backoff_reset_after: float = 60.0  # live this long → next failure starts from backoff_min
    fast_retry_cap: float = 1.0  # during the first fast_retry_window s of an outage, wait ≤ this
    fast_retry_window: float = 30.0
    probe_interval: float = 0.5  # while the port refuses, test it this often
    decoder_threads: int = 1
    log_lines: int = 50

    def __post_init__(self) -> None:
        if self.output not in OUTPUTS:
            raise ValueError(f"output must be one of {', '.join(OUTPUTS)}, not {self.output!r}")


@dataclass(frozen=True, slots=True)
class LatencyMs:
    """Latency percentiles over the recent window, milliseconds."""

    p50: float
    p95: float


@dataclass(frozen=True, slots=True)
class StreamStats:
    """A thread-safe snapshot of one reader's health, taken by ``StreamReader.stats()``."""

    camera_id: str
    url: str  # redacted
    state: StreamState
    fps: float
    bitrate_kbps: float
    frames: int
    decode_errors: int
    dropped: int
    reconnects: int
    failed_attempts: int
    first_frame_s: float | None
    last_frame_at: float | None  # wall clock
    latency_ms: LatencyMs | None
    width: int | None
    height: int | None
    next_retry_in: float | None  # seconds until the next reconnect attempt, while lost
    last_error: str | None
    log_tail: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready dict (no log tail; the URL is redacted)."""
        data = asdict(self)
        data.pop("log_tail")
        data["state"] = str(self.state)
        data["fps"] = round(self.fps, 2)
        data["bitrate_kbps"] = round(self.bitrate_kbps, 1)
        if self.first_frame_s is not None:
            data["first_frame_s"] = round(self.first_frame_s, 3)
        if self.latency_ms is not None:
            data["latency_ms"] = {
                "p50": round(self.latency_ms.p50, 1),
                "p95": round(self.latency_ms.p95, 1),
            }
        if self.next_retry_in is not None:
            data["next_retry_in"] = round(self.next_retry_in, 2)
        return data

    def to_json(self) -> str:
        """One JSON object, UTF-8 friendly."""
        return json.dumps(self.to_dict(), ensure_ascii=False)
