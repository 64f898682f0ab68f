"""The audit chain detects an edited, a deleted, a reordered and a truncated record, both
through the service and through `xueliang audit verify` (exit 1, first bad record named)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from dispatch_tiny import G1, V1, login
from sqlalchemy import delete, update

from dispatch import tables
from dispatch.service import DispatchService

A = tables.audit
ROOT = Path(__file__).resolve().parents[2]


def _history(svc: DispatchService) -> None:
    gw, op = login("grid_worker", G1), login("operator", V1)
    for _ in range(2):
        inc = svc.report(gw, G1, "other", "simple", "a")
        svc.act(inc.id, "accept", op)
        svc.act(inc.id, "dispatch", op, to=G1)
    assert svc.verify_audit().ok and svc.verify_audit().records == 6


def _cli_verify(db_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "console", "--db", db_url, "audit", "verify"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_intact_chain_verifies_in_cli(svc: DispatchService, db_url: str) -> None:
    _history(svc)
    done = _cli_verify(db_url)
    assert done.returncode == 0 and "intact: 6 records" in done.stdout


@pytest.mark.parametrize(
    ("tamper", "bad_seq", "words"),
    [
        (update(A).where(A.c.seq == 3).values(reason="nobody saw this"), 3, "edited"),
        (update(A).where(A.c.seq == 2).values(actor="someone_else"), 2, "edited"),
        (delete(A).where(A.c.seq == 4), 5, "deleted"),
        (delete(A).where(A.c.seq == 6), 6, "removed"),
    ],
    ids=["edited-reason", "edited-actor", "deleted-middle", "deleted-newest"],
)
def test_tampering_is_detected(
    svc: DispatchService, db_url: str, tamper: object, bad_seq: int, words: str
) -> None:
    _history(svc)
    with svc.store.write() as conn:
        conn.execute(tamper)  # type: ignore[call-overload]
    result = svc.verify_audit()
    assert not result.ok and result.bad_seq == bad_seq and words in result.problem
    done = _cli_verify(db_url)
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("audit chain broken: ")
    assert f"seq {bad_seq}" in lines[0]


def test_reordered_records_are_detected(svc: DispatchService) -> None:
    _history(svc)
    with svc.store.write() as conn:  # swap records 2 and 3
        conn.execute(update(A).where(A.c.seq == 2).values(seq=-1))
        conn.execute(update(A).where(A.c.seq == 3).values(seq=2))
        conn.execute(update(A).where(A.c.seq == -1).values(seq=3))
    result = svc.verify_audit()
    assert not result.ok and result.bad_seq == 2
    assert "reordered" in result.problem or "moved" in result.problem


def test_rehashing_one_record_still_breaks_the_link(svc: DispatchService) -> None:
    """A forger who recomputes the edited record's hash breaks the next record's link."""
    from dispatch.audit import record_hash

    _history(svc)
    with svc.store.write() as conn:
        row = dict(conn.execute(A.select().where(A.c.seq == 3)).one()._mapping)
        row["reason"] = "forged"
        conn.execute(update(A).where(A.c.seq == 3).values(reason="forged", hash=record_hash(row)))
    result = svc.verify_audit()
    assert not result.ok and result.bad_seq == 4
