"""Main/sub switching: the old stream keeps delivering until the new one has a frame."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from gst_rtsp_server import GstServer

from video.ingest import Frame, StreamState, SwitchingReader


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[GstServer, GstServer]]:
    """A 320x180 'main' and a 160x90 'sub' server."""
    with GstServer(mounts=1) as main, GstServer(mounts=1, width=160, height=90) as sub:
        yield main, sub


def test_switch_has_no_gap_and_stops_the_old_stream(
    servers: tuple[GstServer, GstServer],
) -> None:
    main, sub = servers
    arrivals: list[tuple[float, int, int]] = []
    lock = threading.Lock()

    def on_frame(frame: Frame) -> None:
        with lock:
            arrivals.append((time.monotonic(), frame.seq, frame.width))

    with SwitchingReader(main.url(), "cam1", on_frame=on_frame) as view:
        first = view.wait_frame(0, 10)
        assert first is not None and first.width == 320
        time.sleep(0.5)
        old = view.active
        view.switch(sub.url())
        assert view.pending is not None
        deadline = time.monotonic() + 10
        while view.switches == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert view.switches == 1
        assert view.pending is None and view.active is not old
        time.sleep(0.5)
        assert old.join(5), "the old stream keeps reading after the switch"
        latest = view.latest()
        stats = view.stats()
    with lock:
        seqs = [seq for _, seq, _ in arrivals]
        widths = [width for _, _, width in arrivals]
        times = [t for t, _, _ in arrivals]
    assert seqs == list(range(1, len(seqs) + 1))  # one continuous sequence
    switch_at = widths.index(160)
    assert all(w == 320 for w in widths[:switch_at]) and all(w == 160 for w in widths[switch_at:])
    gap = times[switch_at] - times[switch_at - 1]
    assert gap < 0.2, f"{gap:.3f} s without a frame around the switch"
    assert latest is not None and latest.width == 160
    assert stats.state == StreamState.LIVE and stats.width == 160


def test_failed_switch_keeps_the_old_stream(servers: tuple[GstServer, GstServer]) -> None:
    main, _ = servers
    with SwitchingReader(main.url(), "cam2") as view:
        assert view.wait_frame(0, 10) is not None
        view.switch(main.url().replace("/cam0", "/missing"))
        time.sleep(1.0)
        before = view.latest()
        after = view.wait_frame(before.seq if before else 0, 2)
        assert view.switches == 0
        assert after is not None and after.width == 320
        pending = view.pending
        assert pending is not None and pending.stats().last_error is not None
        assert "(404)" in (pending.stats().last_error or "")
    assert not pending.running
