"""The change feed: ordered, complete, resumable by a second process, and wakes waiters."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from dispatch_tiny import G1, V1, login

from dispatch.feed import ChangeFeed
from dispatch.service import DispatchService

GW, OP = login("grid_worker", G1), login("operator", V1)
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _make(svc: DispatchService, n: int) -> None:
    for i in range(n):
        inc = svc.report(GW, G1, "other", "simple", f"feed {i}")
        svc.act(inc.id, "accept", OP)


def test_changes_since_is_ordered_and_paged(svc: DispatchService) -> None:
    feed = ChangeFeed(svc.store)
    assert feed.last_seq() == 0 and feed.changes_since(0) == []
    _make(svc, 3)
    changes = feed.changes_since(0)
    assert [c.seq for c in changes] == list(range(1, 7))
    assert [(c.action, c.version) for c in changes[:2]] == [("report", 1), ("accept", 2)]
    assert [c.seq for c in feed.changes_since(2, limit=3)] == [3, 4, 5]
    assert feed.last_seq() == 6


def test_wait_for_change_wakes_and_times_out(svc: DispatchService) -> None:
    feed = ChangeFeed(svc.store)
    try:
        start = time.monotonic()
        assert feed.wait_for_change(0, timeout_s=0.3) is False
        assert time.monotonic() - start >= 0.29
        timer = threading.Timer(0.2, _make, args=(svc, 1))
        timer.start()
        start = time.monotonic()
        assert feed.wait_for_change(0, timeout_s=20) is True
        assert time.monotonic() - start < 10  # generous sanity bound; figures live in bench/
        timer.join()
    finally:
        feed.close()


def _follower(
    db_url: str, position: Path, stop_at: int, limit: int | None = None
) -> subprocess.Popen[bytes]:
    """The follower process, once it said "ready". Its pipes are unbuffered: a buffered
    readline of "ready" would also take the lines printed right after it (all of them, for a
    follower resuming behind the writer), which communicate() then never sees."""
    args = [sys.executable, str(HERE / "feed_follower.py"), db_url, str(position), str(stop_at)]
    if limit is not None:
        args.append(str(limit))
    proc = subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    return proc


def _output(proc: subprocess.Popen[bytes]) -> tuple[str, str]:
    """(stdout, stderr) of a follower that runs to its end."""
    out, err = proc.communicate(timeout=120)
    return out.decode(), err.decode()


def test_second_process_sees_everything_and_resumes_after_restart(
    svc: DispatchService, db_url: str, tmp_path: Path
) -> None:
    position = tmp_path / "follower.pos"
    total = 40  # 20 incidents x (report + accept)
    first = _follower(db_url, position, stop_at=total, limit=15)
    try:
        _make(svc, 10)
        out1, err1 = _output(first)
    finally:
        first.kill()
    assert first.returncode == 0, err1
    all_seqs = [c.seq for c in ChangeFeed(svc.store).changes_since(0)]
    seen1 = [int(line.split()[0]) for line in out1.splitlines()]
    assert seen1 == all_seqs[:15] and position.read_text() == str(seen1[-1])
    _make(svc, 10)  # written while the follower is down
    second = _follower(db_url, position, stop_at=total)
    try:
        out2, err2 = _output(second)
    finally:
        second.kill()
    assert second.returncode == 0, err2
    seen2 = [int(line.split()[0]) for line in out2.splitlines()]
    assert seen1 + seen2 == [c.seq for c in ChangeFeed(svc.store).changes_since(0)]
    assert len(seen1 + seen2) == total
    expected = [(c.incident_id, c.action) for c in ChangeFeed(svc.store).changes_since(0)]
    got = [tuple(line.split()[1:3]) for line in (out1 + out2).splitlines()]
    assert got == expected
