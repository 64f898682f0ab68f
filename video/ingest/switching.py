"""``SwitchingReader``: main/sub stream switching without a black gap.

``switch(url)`` opens the new stream beside the old one; the old keeps delivering until the
new stream's first frame arrives, then the new one takes over and the old is stopped. Frames
are renumbered so consumers see one continuous ``seq`` across switches.

Threads: ``on_frame`` runs on whichever reader thread produced the frame and must be cheap.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from types import TracebackType

from video.ingest.models import Frame, ReaderOptions, StreamStats
from video.ingest.reader import FrameCallback, StreamReader
from video.ingest.slot import FrameSlot
from video.redact import redact_url

logger = logging.getLogger(__name__)


class SwitchingReader:
    """One logical camera view whose source stream can be swapped while it plays."""

    def __init__(
        self,
        url: str,
        camera_id: str = "",
        options: ReaderOptions | None = None,
        on_frame: FrameCallback | None = None,
    ) -> None:
        self.camera_id = camera_id
        self.options = options or ReaderOptions()
        self.on_frame = on_frame
        self.slot = FrameSlot()
        self.switches = 0
        self._lock = threading.Lock()
        self._seq = 0
        self._active = self._make(url, self.options)
        self._pending: StreamReader | None = None
        self._retired: list[StreamReader] = []

    def _make(self, url: str, options: ReaderOptions) -> StreamReader:
        reader = StreamReader(url, self.camera_id, options)
        reader.on_frame = lambda frame, r=reader: self._on_reader_frame(r, frame)
        return reader

    def start(self) -> SwitchingReader:
        """Start reading the initial stream; returns self."""
        self._active.start()
        return self

    @property
    def active(self) -> StreamReader:
        """The reader whose frames are being delivered now."""
        with self._lock:
            return self._active

    @property
    def pending(self) -> StreamReader | None:
        """The reader being opened by a switch that has not produced a frame yet."""
        with self._lock:
            return self._pending

    def switch(self, url: str, options: ReaderOptions | None = None) -> None:
        """Start opening ``url``; frames switch over on its first frame. Returns at once."""
        reader = self._make(url, options or self.options)
        with self._lock:
            previous, self._pending = self._pending, reader
        if previous is not None:
            previous.request_stop()
            self._retire(previous)
        logger.info("%s: switching to %s", self.camera_id, redact_url(url))
        reader.start()

    def _on_reader_frame(self, reader: StreamReader, frame: Frame) -> None:
        old: StreamReader | None = None
        with self._lock:
            if reader is self._pending:
                old, self._active, self._pending = self._active, reader, None
                self.switches += 1
            elif reader is not self._active:
                return  # a retired reader's last frame
            self._seq += 1
            frame = dataclasses.replace(frame, seq=self._seq)
        if old is not None:
            old.request_stop()  # it exits on its own thread; joined in stop()
            self._retire(old)
            logger.info("%s: switched on first frame of the new stream", self.camera_id)
        self.slot.put(frame)
        if self.on_frame is not None:
            self.on_frame(frame)

    def _retire(self, reader: StreamReader) -> None:
        with self._lock:
            self._retired = [r for r in self._retired if r.running]
            self._retired.append(reader)

    def latest(self) -> Frame | None:
        """The newest frame from whichever stream is active."""
        return self.slot.latest()

    def wait_frame(self, after_seq: int = 0, timeout: float | None = None) -> Frame | None:
        """Block until a frame newer than ``after_seq``; None on timeout."""
        return self.slot.wait_frame(after_seq, timeout)

    def stats(self) -> StreamStats:
        """The active stream's stats, with frames dropped by this view's slot."""
        stats = self.active.stats()
        return dataclasses.replace(stats, dropped=self.slot.dropped)

    def stop(self, timeout: float | None = None) -> bool:
        """Stop every reader (active, pending, retired) and join them; True when all ended."""
        with self._lock:
            readers = [self._active, *([self._pending] if self._pending else []), *self._retired]
        for reader in readers:
            reader.request_stop()
        self.slot.wake()
        return all([reader.stop(timeout) for reader in readers])

    def __enter__(self) -> SwitchingReader:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
