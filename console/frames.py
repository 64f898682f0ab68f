"""Frame bridge: reader threads -> latest-frame slot -> tiles, at display rate on the Qt thread.

Each visible tile has one stream reader (a ``video.ingest.StreamReader`` or anything with
``start()``, ``stop()``, ``latest()`` and ``stats()``). Readers decode on their own threads into a
latest-frame slot; a single display-rate QTimer on the Qt thread takes only the newest frame of
each reader and hands it to its tile when its sequence number changed. Nothing is queued, so a
slow paint drops frames instead of adding latency. Stream readers are switched to unconverted
output: on the reader thread each decoded YUV frame is converted once to BGRA (one swscale
pass, no copy into Qt: the QImage points into it) and the tile scales it while blitting;
a full BGR frame for snapshots is converted only when asked for (``bgr_frame``). Readers
are stopped on a helper thread so a join never stalls the UI. Switching a tile between
profiles (sub/main) keeps the old reader painting until the new one delivers its first
frame: no black gap.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import cv2
from av.video.reformatter import VideoReformatter
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from console.pictures import Crop, Picture, ask_for_source, make_picture, source_picture
from console.site_time import site_now
from video.errors import VideoError
from video.ingest.heap import keep_frame_buffers_in_heap
from video.ingest.models import ReaderOptions

logger = logging.getLogger(__name__)

# 50 Hz: every 25 fps frame is shown within 20 ms of its arrival (each stays up two ticks),
# and each repaint batches ~8 of the 16 tiles' new frames. 100 Hz cost the 16-tile wall's Qt
# thread ~0.09 ms more per displayed frame (twice the repaint passes, half the tiles each).
DISPLAY_INTERVAL_MS = 20
STATUS_INTERVAL_S = 0.5
STATUS_PER_TICK = 4  # feeds whose status is refreshed in one display tick, at most
STALE_AFTER_S = 2.0
LOAD_WINDOW_S = 2.0  # display_load is reported over windows this long
REOPEN_GIVE_UP_S = 30.0  # a stream reopened with new URLs that gives nothing this long: dropped
RGB32 = QImage.Format.Format_RGB32


class Reader(Protocol):
    """What the bridge needs of a stream reader."""

    def start(self) -> Any: ...
    def stop(self) -> Any: ...
    def latest(self) -> Any: ...
    def stats(self) -> Any: ...


class FrameSink(Protocol):
    """What the bridge needs of a tile."""

    def set_picture(self, picture: Picture) -> None: ...
    def set_status(self, status: TileStatus) -> None: ...
    def display_size(self) -> tuple[int, int]: ...


@dataclass(frozen=True)
class DisplayLoad:
    """How the Qt thread kept up with the readers over one window of the frame bridge.

    ``missed`` counts frames a reader decoded that a newer one replaced before any display
    tick took them (seq numbers skipped). A stream faster than the display rate skips some
    by design; ``overloaded`` needs the ticks themselves to have come late as well: the Qt
    thread was too busy (or the machine too loaded) to run them on time.
    """

    ticks_per_s: float
    nominal_per_s: float
    shown: int
    missed: int

    @property
    def missed_share(self) -> float:
        """Share of decoded frames never shown, 0-1."""
        total = self.shown + self.missed
        return self.missed / total if total else 0.0

    @property
    def overloaded(self) -> bool:
        """At least a tenth of the frames went unshown and ticks ran below 90 % of their rate."""
        return self.missed_share >= 0.10 and self.ticks_per_s < 0.9 * self.nominal_per_s


ReaderFactory = Callable[[str, str, "tuple[int, int] | None"], Reader]


@dataclass(frozen=True)
class TileStatus:
    """What a tile shows about its stream: state, staleness, retry countdown and rates."""

    state: str = "connecting"  # connecting | live | stale | lost | reconnecting | error
    stale_s: float = 0.0
    retry_in_s: float | None = None
    fps: float = 0.0
    bitrate_kbps: float = 0.0
    reconnects: int = 0
    detail: str = ""


def status_from_stats(stats: Any, since_last_frame_s: float | None) -> TileStatus:
    """Map a reader's stats (and time since the last new frame) to a tile status."""
    state = str(getattr(stats, "state", "connecting") or "connecting")
    retry = getattr(stats, "next_retry_in", None)
    fps = float(getattr(stats, "fps", 0.0) or 0.0)
    bitrate = float(getattr(stats, "bitrate_kbps", 0.0) or 0.0)
    reconnects = int(getattr(stats, "reconnects", 0) or 0)
    stale = since_last_frame_s or 0.0
    if state in ("live", "stalled") and since_last_frame_s is not None:
        if since_last_frame_s >= STALE_AFTER_S:
            state = "stale"
        elif state == "stalled":
            state = "live"
    elif state == "stalled":
        state = "stale"
    detail = str(getattr(stats, "last_error", "") or "")
    return TileStatus(state, stale, retry, fps, bitrate, reconnects, detail)


@dataclass
class _Feed:
    camera_id: str
    profile: str
    reader: Reader
    target: tuple[int, int] | None = None  # read by the reader thread
    crop: Crop | None = None  # a zoomed tile's view; read by the reader thread
    picture: Picture | None = None  # written by the reader thread (one reference swap)
    prepares: bool = False  # True when the reader thread prepares pictures (on_frame)
    full_size: tuple[int, int] | None = None  # BGR size of snapshots (the reader's ``size``)
    last_seq: Any = None
    last_new_at: float | None = None
    status_at: float = 0.0  # monotonic time of the last status refresh
    frames: int = 0
    reopened_at: float | None = None  # monotonic time ``reopen`` started it (pending only)
    reformatter: VideoReformatter = dataclasses.field(default_factory=VideoReformatter)

    def on_frame(self, frame: Any) -> None:
        """Reader thread: turn the newest frame into a picture; older ones are just replaced."""
        if getattr(frame, "source", None) is not None:
            self.picture = source_picture(
                frame, self.target, self.reformatter, self.full_size, self.crop
            )
        else:
            self.picture = make_picture(frame, self.target, self.crop)


class FrameBridge(QObject):
    """Owns the readers of visible tiles and feeds their newest frames to the tiles (Qt thread).

    ``status_changed(camera_id, TileStatus)`` is emitted on the Qt thread twice a second per feed;
    ``display_load(DisplayLoad)`` every ``LOAD_WINDOW_S`` while feeds run, and once with
    nothing shown or missed when the last feed is detached.
    """

    status_changed = Signal(str, object)
    display_load = Signal(object)

    def __init__(
        self,
        open_reader: Callable[[str, str, tuple[int, int] | None], Reader],
        parent: QObject | None = None,
        interval_ms: int = DISPLAY_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        keep_frame_buffers_in_heap()
        # one frame per call on 16+ reader threads: OpenCV's own worker pool only adds
        # wake-ups and hand-offs (process-wide; the console has no big single images)
        cv2.setNumThreads(1)
        self._open_reader = open_reader
        self._feeds: dict[int, _Feed] = {}
        self._pending: dict[int, _Feed] = {}
        self._sinks: dict[int, FrameSink] = {}
        self._crops: dict[int, Crop] = {}  # zoomed sinks' views, for each feed opened for them
        self._stoppers: list[threading.Thread] = []
        self._stopped = False
        self._status_cursor = 0  # the feed whose status is refreshed next (round robin)
        self._nominal_per_s = 1000.0 / interval_ms
        self._load_since = 0.0
        self._ticks = self._shown = self._missed = 0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_tick)

    def attach(
        self, sink: FrameSink, camera_id: str, profile: str, size: tuple[int, int] | None = None
    ) -> None:
        """Feed ``sink`` from a reader of ``camera_id``/``profile`` (no-op when already so)."""
        key = id(sink)
        self._sinks[key] = sink
        current = self._feeds.get(key)
        if current and current.camera_id == camera_id and current.profile == profile:
            self._drop_pending(key)
            return
        pending = self._pending.get(key)
        if pending and pending.camera_id == camera_id and pending.profile == profile:
            return
        self._drop_pending(key)
        feed = self._start_feed(camera_id, profile, size, self._crops.get(key))
        if feed is None:
            if current and current.camera_id == camera_id:
                return  # the other profile failed: the tile keeps this camera's current one
            if current:  # never the previous camera's pictures under the new camera's name
                self._retire(self._feeds.pop(key).reader)
            sink.set_status(TileStatus(state="error", detail="stream unavailable"))
            return
        if current and current.camera_id == camera_id:
            self._pending[key] = feed  # same camera, other profile: swap on its first frame
        else:
            if current:
                self._retire(current.reader)
            self._feeds[key] = feed
            sink.set_status(TileStatus(state="connecting"))
        if not self._timer.isActive():
            self._reset_load(time.monotonic())
            self._timer.start()

    def set_crop(self, sink: FrameSink, crop: Crop | None) -> None:
        """Show ``sink`` only this part of its pictures (a zoomed tile; None: all of it),
        from its next frame on, in this profile and any it switches to."""
        key = id(sink)
        if crop is None:
            self._crops.pop(key, None)
        else:
            self._crops[key] = crop
        for feeds in (self._feeds, self._pending):
            feed = feeds.get(key)
            if feed is not None:
                feed.crop = crop

    def swap(self, a: FrameSink, b: FrameSink) -> None:
        """Feed ``a`` from ``b``'s readers and ``b`` from ``a``'s (tiles swapping cameras): the
        streams run on, each sink gets its status now and its new feed's newest picture at
        the next tick (the frame after, when that picture was cropped for the other sink's
        view: see ``_newest``). The sinks' views (``set_crop``) stay with the sinks."""
        ka, kb = id(a), id(b)
        self._sinks[ka], self._sinks[kb] = a, b  # either may have had no feed before
        for table in (self._feeds, self._pending):
            fa, fb = table.pop(ka, None), table.pop(kb, None)
            if fb is not None:
                table[ka] = fb
            if fa is not None:
                table[kb] = fa
        now = time.monotonic()
        for key, sink in ((ka, a), (kb, b)):
            for feed in (self._feeds.get(key), self._pending.get(key)):
                if feed is not None:
                    feed.target = sink.display_size()
                    feed.crop = self._crops.get(key)
                    feed.last_seq = None  # its newest picture is new to this sink
            feed = self._feeds.get(key)
            if feed is not None:
                since = None if feed.last_new_at is None else now - feed.last_new_at
                sink.set_status(status_from_stats(feed.reader.stats(), since))

    def detach(self, sink: FrameSink) -> None:
        """Stop feeding ``sink`` and stop its readers."""
        key = id(sink)
        self._drop_pending(key)
        feed = self._feeds.pop(key, None)
        self._sinks.pop(key, None)
        self._crops.pop(key, None)
        if feed:
            self._retire(feed.reader)
        if not self._feeds and self._timer.isActive():
            self._timer.stop()
            self.display_load.emit(DisplayLoad(0.0, self._nominal_per_s, 0, 0))

    def camera_of(self, sink: FrameSink) -> tuple[str, str] | None:
        """(camera id, profile) feeding ``sink`` now, or None."""
        feed = self._feeds.get(id(sink))
        return (feed.camera_id, feed.profile) if feed else None

    def reader_stats(self, sink: FrameSink) -> Any:
        """The stats snapshot of the reader feeding ``sink`` now, or None."""
        feed = self._feeds.get(id(sink))
        return feed.reader.stats() if feed else None

    def cameras_fed(self) -> set[str]:
        """Cameras some sink is being fed from now (wall tiles, camera windows)."""
        feeds = list(self._feeds.values()) + list(self._pending.values())
        return {feed.camera_id for feed in feeds}

    def reopen(self, cameras: set[str]) -> None:
        """Open the streams of ``cameras`` again (their URLs changed): each new reader takes
        over its sink on its first frame, the old one painting until then. A new reader that
        gives nothing in ``REOPEN_GIVE_UP_S`` is dropped (a wrong new password must not hammer
        the camera until it locks the account); a profile switch under way goes on."""
        if self._stopped:
            return
        for key, feed in list(self._feeds.items()):
            if feed.camera_id in cameras:
                pending = self._pending.get(key)
                profile = pending.profile if pending is not None else feed.profile
                self._drop_pending(key)
                fresh = self._start_feed(feed.camera_id, profile, feed.target, feed.crop)
                if fresh is not None:
                    fresh.reopened_at = time.monotonic()
                    self._pending[key] = fresh

    def latest_frames(self) -> dict[str, Any]:
        """The newest decoded frame of each camera fed now (None before its first)."""
        return {feed.camera_id: feed.reader.latest() for feed in self._feeds.values()}

    def reader_count(self) -> int:
        """Readers running now (including pending profile switches)."""
        return len(self._feeds) + len(self._pending)

    def stop(self) -> None:
        """Stop every reader and wait for them (shutdown)."""
        self._stopped = True
        self._timer.stop()
        for key in list(self._feeds):
            self._drop_pending(key)
            self._retire(self._feeds.pop(key).reader)
        self._sinks.clear()
        for thread in self._stoppers:
            thread.join(timeout=10)
        self._stoppers.clear()

    def _start_feed(
        self, camera_id: str, profile: str, size: tuple[int, int] | None, crop: Crop | None
    ) -> _Feed | None:
        try:
            reader = self._open_reader(camera_id, profile, size)
        except (KeyError, ValueError, OSError, VideoError) as exc:
            logger.warning("%s: cannot open %s stream: %s", camera_id, profile, exc)
            return None
        feed = _Feed(camera_id, profile, reader, target=size, crop=crop)
        if hasattr(reader, "on_frame"):
            asked = getattr(reader, "options", None)
            if ask_for_source(reader) and isinstance(asked, ReaderOptions):
                feed.full_size = asked.size  # what the reader was asked for: snapshots
            reader.on_frame = feed.on_frame
            feed.prepares = True
        reader.start()
        return feed

    def _newest(self, feed: _Feed) -> Picture | None:
        """The feed's picture if its frame is new since the last tick (counts skipped ones)."""
        if feed.prepares:
            picture = feed.picture
            if picture is not None and picture.crop != feed.crop:
                return None  # made for the view before a zoom or a swap: the next one is not
            frame = picture.frame if picture is not None else None
        else:  # a reader without on_frame: convert here, on the Qt thread
            frame = feed.reader.latest()
            picture = None
        if frame is None:
            return None
        seq = getattr(frame, "seq", None)
        previous = feed.last_seq
        if seq is not None and seq == previous:
            return None
        feed.last_seq = seq
        if isinstance(seq, int) and isinstance(previous, int) and seq > previous + 1:
            self._missed += seq - previous - 1
        return picture if picture is not None else make_picture(frame, feed.target, feed.crop)

    def _drop_pending(self, key: int) -> None:
        pending = self._pending.pop(key, None)
        if pending:
            self._retire(pending.reader)

    def _retire(self, reader: Reader) -> None:
        thread = threading.Thread(target=reader.stop, name="reader-stop", daemon=True)
        thread.start()
        self._stoppers = [t for t in self._stoppers if t.is_alive()] + [thread]

    def _reset_load(self, now: float) -> None:
        self._load_since = now
        self._ticks = self._shown = self._missed = 0

    def _report_load(self, now: float) -> None:
        """Emit display_load for the window that ends now, then start the next one."""
        span = now - self._load_since
        load = DisplayLoad(self._ticks / span, self._nominal_per_s, self._shown, self._missed)
        self._reset_load(now)
        self.display_load.emit(load)

    def _on_tick(self) -> None:
        now = time.monotonic()
        self._ticks += 1
        for key, pending in list(self._pending.items()):
            ready = pending.picture if pending.prepares else pending.reader.latest()
            if ready is None and pending.reopened_at is not None:
                if now - pending.reopened_at >= REOPEN_GIVE_UP_S:
                    logger.warning("%s: reopened stream gave nothing: dropped", pending.camera_id)
                    self._drop_pending(key)
            elif ready is not None:
                old = self._feeds.get(key)
                if old:
                    self._retire(old.reader)
                self._feeds[key] = pending
                del self._pending[key]
        for key, feed in self._feeds.items():
            picture = self._newest(feed)
            if picture is None:
                continue
            feed.last_new_at = now
            feed.frames += 1
            self._shown += 1
            self._sinks[key].set_picture(picture)
        if now - self._load_since >= LOAD_WINDOW_S:
            self._report_load(now)
        # statuses twice a second per feed, a few feeds per tick: no burst of 16 stats() calls.
        # Round robin from where the last tick stopped: when ticks come late (a busy Qt
        # thread) the first feeds are due again before the last were served, and a scan from
        # the start left the last tiles on "connecting" for good.
        feeds = list(self._feeds.items())
        start = self._status_cursor if self._status_cursor < len(feeds) else 0
        refreshed = 0
        for step in range(len(feeds)):
            key, feed = feeds[(start + step) % len(feeds)]
            if now - feed.status_at < STATUS_INTERVAL_S:
                continue
            feed.status_at = now
            feed.target = self._sinks[key].display_size()
            since = None if feed.last_new_at is None else now - feed.last_new_at
            status = status_from_stats(feed.reader.stats(), since)
            self._sinks[key].set_status(status)
            self.status_changed.emit(feed.camera_id, status)
            refreshed += 1
            if refreshed >= STATUS_PER_TICK:
                self._status_cursor = (start + step + 1) % len(feeds)
                break


def save_snapshot(image: Any, camera_id: str, folder: Any) -> tuple[str, str]:
    """Save a BGR frame as JPEG under ``folder``; (path, sha256 hex)."""
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 92])
    if not ok:
        raise ValueError(f"{camera_id}: cannot encode the snapshot as JPEG")
    payload = data.tobytes()
    digest = hashlib.sha256(payload).hexdigest()
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in camera_id)
    path = target / f"{safe}_{site_now().strftime('%Y%m%d_%H%M%S_%f')}_{digest[:8]}.jpg"
    path.write_bytes(payload)
    logger.info("%s: snapshot %s sha256=%s", camera_id, path, digest)
    return str(path), digest
