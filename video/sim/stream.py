"""One live stream (a camera's main or sub): a worker thread rendering and encoding while at
least one client plays, fanning RTP packets out to every client on the asyncio loop.

The worker thread never blocks on clients: it hands each frame's packets to the loop with
``call_soon_threadsafe``; each client decides there whether to send or drop (slow client).
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Protocol

from video.sim.encoder import FPS, H264Encoder, sdp_fmtp
from video.sim.faults import FaultSet
from video.sim.ptz import PtzState
from video.sim.render import StreamRenderer
from video.sim.rtp import CLOCK_RATE, RtpPacketizer

logger = logging.getLogger(__name__)

STREAM_SIZES = {"main": (1280, 720), "sub": (640, 360)}
# After an IDR forced for a new client, force another this many frames later: players that
# probe the stream with "-fflags nobuffer" throw away the packets they probed (the first IDR)
# and would otherwise wait a whole GOP for a decodable frame.
SECOND_IDR_AFTER = 3


class StreamClient(Protocol):
    """What a stream needs from a playing client (called on the loop thread)."""

    def deliver(self, packets: list[bytes], keyframe: bool) -> None:
        """Send or drop one access unit's RTP packets."""

    def deliver_rtcp(self, report: bytes) -> None:
        """Send an RTCP sender report (or drop it)."""


class LiveStream:
    """A camera's main or sub stream, shared by all its clients."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        seed: int,
        name: str,
        kind: str,
        ptz: PtzState,
        faults: FaultSet,
        gop: int = 25,
        label: str = "",
    ) -> None:
        self.loop = loop
        self.kind = kind
        self.width, self.height = STREAM_SIZES[kind]
        self.gop = gop
        self.label = label or f"{name}/{kind}"
        self._seed, self._name, self._ptz, self._faults = seed, name, ptz, faults
        self._renderer: StreamRenderer | None = None
        self._renderer_lock = threading.Lock()
        self._clients: list[StreamClient] = []
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None
        self._old_threads: list[threading.Thread] = []
        self._idr_requests = 1  # written by the loop thread only
        self._idr_served = 0  # written by the worker thread only
        self.packetizer = RtpPacketizer(random.getrandbits(32), random.getrandbits(16))
        self._ts_offset = random.getrandbits(32)
        self.frames_encoded = 0

    # -- loop thread -------------------------------------------------------------------
    def fmtp(self) -> str:
        """SDP fmtp line value for this stream's encoder settings."""
        return sdp_fmtp(self.width, self.height, self.gop)

    def rtp_timestamp(self, now: float | None = None) -> int:
        """RTP timestamp (90 kHz) for a wall-clock instant."""
        return (int((now or time.time()) * CLOCK_RATE) + self._ts_offset) & 0xFFFFFFFF

    def add_client(self, client: StreamClient) -> None:
        """Start sending to ``client``; starts the encoder if it is the first one."""
        if client not in self._clients:
            self._clients.append(client)
        self.request_idr()
        if self._thread is None:
            self._old_threads = [t for t in self._old_threads if t.is_alive()]
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._run, args=(self._stop,), name=f"sim-{self.label}", daemon=True
            )
            self._thread.start()
            logger.info("%s: encoder started", self.label)

    def remove_client(self, client: StreamClient) -> None:
        """Stop sending to ``client``; stops the encoder after the last one."""
        if client in self._clients:
            self._clients.remove(client)
        if not self._clients and self._thread is not None:
            assert self._stop is not None
            self._stop.set()
            self._old_threads.append(self._thread)
            self._thread = None
            logger.info("%s: encoder stopped (no clients)", self.label)

    def clients(self) -> list[StreamClient]:
        """The playing clients."""
        return list(self._clients)

    @property
    def running(self) -> bool:
        """True while the encoder thread runs."""
        return self._thread is not None

    def request_idr(self) -> None:
        """Make the next encoded frame an IDR (new client, or a client that dropped frames)."""
        self._idr_requests += 1

    def _deliver(self, packets: list[bytes], keyframe: bool, report: bytes | None) -> None:
        for client in list(self._clients):
            client.deliver(packets, keyframe)
            if report is not None:
                client.deliver_rtcp(report)

    def close(self, timeout: float = 2.0) -> None:
        """Stop the worker and wait for it (any thread)."""
        self._clients.clear()
        if self._stop is not None:
            self._stop.set()
        threads = [*self._old_threads, *([self._thread] if self._thread else [])]
        self._thread = None
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(timeout)
        self._old_threads.clear()

    # -- worker thread -----------------------------------------------------------------
    def renderer(self) -> StreamRenderer:
        """The renderer, built on first use (draws the panorama; any thread)."""
        with self._renderer_lock:
            if self._renderer is None:
                self._renderer = StreamRenderer(
                    self._seed, self._name, self.width, self.height, self._ptz, self._faults
                )
            return self._renderer

    def _run(self, stop: threading.Event) -> None:
        renderer = self.renderer()
        encoder = H264Encoder(self.width, self.height, self.gop)
        picture = encoder.picture  # rendered into in place: no copy per frame
        jitter = random.Random(self._seed)
        deliver: Callable[[list[bytes], bool, bytes | None], None] = self._deliver
        interval = 1.0 / FPS
        start_mono, base_ts = time.monotonic(), self.rtp_timestamp()
        ticks = CLOCK_RATE // FPS
        slot = 0  # frame slots on a regular 25 fps grid: RTP timestamps step 3600 exactly
        countdown = 0
        while not stop.is_set():
            now = time.time()
            shaky = "jitter" in self._faults  # timestamps follow the irregular capture times
            rtp_time = self.rtp_timestamp(now) if shaky else (base_ts + slot * ticks) & 0xFFFFFFFF
            wanted = self._idr_requests
            force, self._idr_served = wanted != self._idr_served, wanted
            if force:
                countdown = SECOND_IDR_AFTER
            elif countdown:
                countdown -= 1
                force = countdown == 0
            renderer.render_into(picture, now)
            for frame in encoder.encode(picture, force_idr=force):
                packets = self.packetizer.packetize(frame.nals, rtp_time)
                report = None
                if self.frames_encoded % FPS == 0:  # a sender report every second
                    report = self.packetizer.sender_report(now, rtp_time, self.label)
                self.frames_encoded += 1
                try:
                    self.loop.call_soon_threadsafe(deliver, packets, frame.keyframe, report)
                except RuntimeError:  # loop closed: the simulator is stopping
                    return
            slot += 1
            wobble = jitter.uniform(-0.6, 0.6) * interval if shaky else 0.0
            delay = start_mono + slot * interval + wobble - time.monotonic()
            if delay < -2 * interval:  # fell behind (CPU starved): skip slots, do not burst
                slot = int((time.monotonic() - start_mono) / interval) + 1
            elif delay > 0:
                stop.wait(delay)
