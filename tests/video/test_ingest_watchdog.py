"""Watchdog: stall detection, reconnect with backoff, recovery after a server restart."""

from __future__ import annotations

import signal
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from gst_rtsp_server import GstServer

from video.errors import StreamRefusedError
from video.ingest import ReaderOptions, StreamReader, StreamState
from video.ingest.stats import Backoff


class FreezableProxy:
    """A TCP relay on 127.0.0.1; ``freeze()`` stops relaying on the open connections.

    Frozen connections stay open but carry nothing (a hung camera or a dead network path);
    connections made after the freeze relay normally.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.frozen: set[int] = set()
        self.generation = 0
        self.closed = threading.Event()
        self.threads: list[threading.Thread] = []
        self._spawn(self._accept)

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        self.threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            gen = self.generation
            self._spawn(self._pipe, client, upstream, gen)
            self._spawn(self._pipe, upstream, client, gen)

    def _pipe(self, src: socket.socket, dst: socket.socket, gen: int) -> None:
        src.settimeout(0.1)
        try:
            while not self.closed.is_set():
                if gen in self.frozen:
                    time.sleep(0.05)
                    continue
                try:
                    data = src.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def freeze(self) -> None:
        """Stop relaying on every connection open now."""
        self.frozen.add(self.generation)
        self.generation += 1

    def close(self) -> None:
        """Stop everything and join the relay threads."""
        self.closed.set()
        self.listener.close()
        for thread in self.threads:
            thread.join(5)


@pytest.fixture
def gst() -> Iterator[GstServer]:
    """A fresh one-mount GStreamer RTSP server per test (tests kill it)."""
    server = GstServer(mounts=1).start()
    yield server
    server.stop()


def test_backoff_grows_with_jitter_caps_and_resets() -> None:
    backoff = Backoff(0.25, 10.0, jitter=0.2, seed=7)
    delays = [backoff.next_delay() for _ in range(10)]
    bases = [min(10.0, 0.25 * 2**i) for i in range(10)]
    for delay, base in zip(delays, bases, strict=True):
        assert base * 0.8 <= delay <= base * 1.2
    assert max(delays) <= 12.0
    assert len({round(d, 6) for d in delays}) == 10  # jittered, never lockstep
    backoff.reset()
    assert backoff.next_delay() <= 0.3
    capped = [backoff.next_delay(cap=1.0) for _ in range(6)]
    assert max(capped) <= 1.2 and capped[-1] >= 0.8  # early in an outage: fast retries
    assert backoff.next_delay() >= 8.0  # later: back on the exponential curve


def test_fast_retries_only_early_in_an_outage() -> None:
    url = "rtsp://127.0.0.1:9/none"  # discard port: refused on loopback
    fast = ReaderOptions(fast_retry_window=30.0, probe_interval=10.0)
    slow = ReaderOptions(fast_retry_window=0.0, probe_interval=10.0)
    with StreamReader(url, "fast", fast) as a, StreamReader(url, "slow", slow) as b:
        time.sleep(5.0)
        fast_attempts, slow_attempts = a.stats().failed_attempts, b.stats().failed_attempts
    # waits ±20 %: fast 0.25, 0.5, 1, 1, 1 … → ≥ 6 tries in 5 s; slow 0.25, 0.5, 1, 2, 4 → ≤ 5
    assert fast_attempts >= 6
    assert slow_attempts <= 5


def test_frames_flow_again_within_2s_after_server_restart(gst: GstServer) -> None:
    with StreamReader(gst.url(), "restart") as reader:
        reader.wait_ready(10)
        gst.stop()
        time.sleep(0.5)
        lost = reader.stats()
        time.sleep(3.5)  # several failed attempts while the port refuses
        during = reader.stats()
        last_seq = reader.latest().seq  # type: ignore[union-attr]
        gst.start()  # same port
        returned = time.monotonic()
        frame = reader.wait_frame(last_seq, 10)
        back_after = time.monotonic() - returned
        after = reader.stats()
    assert lost.state in (StreamState.LOST, StreamState.RECONNECTING)
    assert during.failed_attempts >= 3
    assert "connection refused" in (during.last_error or "")
    assert frame is not None
    assert back_after <= 2.0, f"frames again {back_after:.2f} s after the server returned"
    assert after.state == StreamState.LIVE and after.reconnects == 1
    assert any("End of file" in line or "refused" in line for line in after.log_tail)


def test_lost_camera_reports_next_retry(gst: GstServer) -> None:
    url = gst.url()
    gst.stop()
    with StreamReader(url, "gone") as reader:
        with pytest.raises(StreamRefusedError):
            reader.wait_ready(3)
        time.sleep(0.1)
        stats = reader.stats()
    assert stats.state in (StreamState.LOST, StreamState.RECONNECTING)
    assert stats.next_retry_in is not None or stats.state == StreamState.RECONNECTING
    assert stats.frames == 0


def test_hung_stream_goes_stalled_then_lost_then_live_again(gst: GstServer) -> None:
    proxy = FreezableProxy(gst.port)
    url = gst.url().replace(f":{gst.port}/", f":{proxy.port}/")
    options = ReaderOptions(stall_after=0.5, lost_after=1.5, read_timeout=1.5)
    states: list[StreamState] = []
    try:
        with StreamReader(url, "hung", options) as reader:
            reader.wait_ready(10)
            proxy.freeze()
            seq = reader.latest().seq  # type: ignore[union-attr]
            deadline = time.monotonic() + 8
            while time.monotonic() < deadline:
                states.append(reader.stats().state)
                if states[-1] == StreamState.LIVE and StreamState.LOST in states:
                    break
                time.sleep(0.05)
            frame = reader.wait_frame(seq + 1, 5)
            stats = reader.stats()
    finally:
        proxy.close()
    assert StreamState.STALLED in states
    assert StreamState.LOST in states or StreamState.RECONNECTING in states
    assert states.index(StreamState.STALLED) < len(states) - 1
    assert frame is not None and stats.reconnects == 1


def test_a_silent_camera_does_not_slow_another(gst: GstServer) -> None:
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, never answers
    url = f"rtsp://127.0.0.1:{silent.getsockname()[1]}/x"
    options = ReaderOptions(open_timeout=5.0, read_timeout=5.0)
    try:
        with StreamReader(url, "silent", options) as bad, StreamReader(gst.url(), "good") as good:
            good.wait_ready(10)
            time.sleep(2.5)
            good_stats = good.stats()
            bad_stats = bad.stats()
    finally:
        silent.close()
    assert bad_stats.frames == 0
    assert bad_stats.state in (StreamState.CONNECTING, StreamState.LOST, StreamState.RECONNECTING)
    assert good_stats.state == StreamState.LIVE
    assert good_stats.fps > 20


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_a_frozen_server_is_lost_within_the_read_timeout(transport: str) -> None:
    # The server process is paused (SIGSTOP): its sockets stay open but carry nothing. Reads
    # are bounded by FFmpeg's own socket timeout (PyAV's GIL-taking read timeout is off).
    server = GstServer().start()
    assert server.proc is not None
    options = ReaderOptions(transport=transport, stall_after=0.5, lost_after=5.0, read_timeout=1.0)
    try:
        with StreamReader(server.url(), f"frozen-{transport}", options) as reader:
            reader.wait_ready(10)
            server.proc.send_signal(signal.SIGSTOP)
            frozen = time.monotonic()
            while reader.stats().failed_attempts == 0 and time.monotonic() - frozen < 8:
                time.sleep(0.05)
            lost_after = time.monotonic() - frozen
            stats = reader.stats()
            server.proc.send_signal(signal.SIGCONT)
    finally:
        server.proc.send_signal(signal.SIGCONT)
        server.stop()
    assert stats.failed_attempts >= 1, "a frozen stream was never given up"
    assert lost_after < 4.0, f"lost only {lost_after:.2f} s after the freeze"
    assert "timeout" in (stats.last_error or "") or "ended" in (stats.last_error or "")
