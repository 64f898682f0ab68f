"""Two operators can never both dispatch one incident; ids and the audit chain stay whole
under concurrent writers (threads and separate processes)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from dispatch_tiny import G1, G1B, V1, login

from dispatch.errors import ConflictError, DispatchError
from dispatch.feed import ChangeFeed
from dispatch.service import DispatchService

OP, DUTY, GW = login("operator", V1), login("duty_officer", V1), login("grid_worker", G1)
ROOT = Path(__file__).resolve().parents[2]


def _accepted(svc: DispatchService) -> str:
    inc = svc.report(GW, G1, "other", "simple", "race")
    return svc.act(inc.id, "accept", OP).id


def test_two_threads_dispatch_same_incident(svc: DispatchService) -> None:
    attempts: list[dict[str, object]] = []
    for _round in range(5):
        inc_id = _accepted(svc)
        barrier = threading.Barrier(2)
        results: dict[str, object] = {}
        attempts.append(results)

        def go(
            who: str, target: str, inc_id: str = inc_id, barrier: threading.Barrier = barrier
        ) -> None:
            barrier.wait()
            out = attempts[-1]
            try:
                out[who] = svc.act(inc_id, "dispatch", who, to=target, expect_version=2)
            except DispatchError as exc:
                out[who] = exc

        threads = [
            threading.Thread(target=go, args=(OP, G1)),
            threading.Thread(target=go, args=(DUTY, G1B)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        errors = [r for r in results.values() if isinstance(r, Exception)]
        assert len(results) == 2 and len(errors) == 1
        assert isinstance(errors[0], ConflictError) and str(errors[0]).startswith("conflict: ")
        final = svc.get(inc_id)
        assert final.version == 3 and final.state == "dispatched"
        assert [h.action for h in svc.history(inc_id)] == ["report", "accept", "dispatch"]


def test_two_processes_dispatch_same_incident(svc: DispatchService, db_url: str) -> None:
    inc_id = _accepted(svc)
    cmd = [
        sys.executable,
        "-m",
        "console",
        "--db",
        db_url,
        "incident",
        "act",
        inc_id,
        "dispatch",
        "--expect-version",
        "2",
        "--json",
        "--as",
    ]
    procs = [
        subprocess.Popen(
            [*cmd, who, "--to", to],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who, to in ((OP, G1), (DUTY, G1B))
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 1], outs
    loser = next(err for (_out, err), p in zip(outs, procs, strict=True) if p.returncode == 1)
    assert loser.startswith("conflict: ") and len(loser.strip().splitlines()) == 1
    assert svc.get(inc_id).version == 3
    assert svc.verify_audit().ok


def test_concurrent_reports_get_unique_ids_and_a_whole_chain(svc: DispatchService) -> None:
    ids: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(15):
            inc = svc.report(GW, G1, "other", "simple", "burst")
            with lock:
                ids.append(inc.id)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(ids) == len(set(ids)) == 60
    assert sorted(int(i.rsplit("-", 1)[1]) for i in ids) == list(range(1, 61))
    seqs = [c.seq for c in ChangeFeed(svc.store).changes_since(0)]
    assert len(seqs) == 60 and seqs == sorted(seqs)
    assert svc.verify_audit().ok
