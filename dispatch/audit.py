"""The append-only audit trail: each record's hash covers the previous hash and the record.

``hash = sha256(prev_hash + canonical JSON of the record)``; the chain head row holds the
last seq and hash, so deleting the newest record is detected too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from dispatch import rawsql, tables

GENESIS = "0" * 64
FIELDS = (
    "seq",
    "incident_id",
    "actor",
    "role",
    "center",
    "action",
    "from_state",
    "to_state",
    "reason",
    "at",
    "detail",
    "prev_hash",
)


def record_hash(record: dict[str, Any]) -> str:
    """sha256(prev_hash + canonical JSON of the record's fields)."""
    body = json.dumps(
        {k: record[k] for k in FIELDS}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256((record["prev_hash"] + body).encode()).hexdigest()


def append(
    conn: Connection,
    *,
    incident_id: str,
    actor: str,
    role: str,
    center: str,
    action: str,
    from_state: str | None,
    to_state: str,
    reason: str | None,
    at: float,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append one record inside the caller's write transaction; return its seq."""
    if conn.info.get(rawsql.UNAUDITED_KEY):
        raise RuntimeError(
            "audit.append in a write(audited=False) transaction: the chain is not locked"
        )
    head = conn.info.get(rawsql.HEAD_KEY) or tuple(rawsql.run(conn, rawsql.SELECT_HEAD).one())
    record: dict[str, Any] = {
        "seq": int(head[0]) + 1,
        "incident_id": incident_id,
        "actor": actor,
        "role": role,
        "center": center,
        "action": action,
        "from_state": from_state,
        "to_state": to_state,
        "reason": reason,
        "at": at,
        "detail": json.dumps(detail or {}, sort_keys=True, ensure_ascii=False),
        "prev_hash": head[1],
    }
    record["hash"] = record_hash(record)
    rawsql.run(conn, rawsql.INSERT_AUDIT, [record[k] for k in rawsql.AUDIT_COLUMNS])
    rawsql.run(conn, rawsql.UPDATE_HEAD, (record["seq"], record["hash"]))
    conn.info[rawsql.HEAD_KEY] = (record["seq"], record["hash"])
    return int(record["seq"])


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of a chain check: ``bad_seq`` names the first bad record, if any."""

    ok: bool
    records: int
    bad_seq: int | None = None
    problem: str = ""


def verify(conn: Connection, batch: int = 5000) -> VerifyResult:
    """Walk the whole chain in seq order and report the first break."""
    result = conn.execution_options(yield_per=batch).execute(
        select(tables.audit).order_by(tables.audit.c.seq)
    )
    try:
        broken, prev_hash, count = _walk(result)
    finally:
        result.close()
    if broken is not None:
        return broken
    head = conn.execute(select(tables.chain_head).where(tables.chain_head.c.id == 1)).one()
    if int(head.seq) != count or head.hash != prev_hash:
        return VerifyResult(
            False,
            count,
            int(head.seq),
            f"chain head says record {head.seq} "
            f"is last but the chain ends at {count}: newest records were removed",
        )
    return VerifyResult(True, count)


def _walk(rows: Iterable[Any]) -> tuple[VerifyResult | None, str, int]:
    """Check records in seq order; the first break, else the last hash and the count."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for row in rows:
        rec = dict(row._mapping)
        seq = int(rec["seq"])
        if seq != expected_seq:
            return _fail(
                False,
                count,
                seq,
                f"record {expected_seq} is missing (found {seq} next): a record was deleted",
            )
        if rec["prev_hash"] != prev_hash:
            return _fail(
                False,
                count,
                seq,
                "previous-hash link does not match record "
                f"{seq - 1}: records were deleted, reordered or rewritten",
            )
        if record_hash(rec) != rec["hash"]:
            return _fail(
                False, count, seq, "content does not match its hash: the record was edited or moved"
            )
        prev_hash, expected_seq, count = rec["hash"], seq + 1, count + 1
    return None, prev_hash, count


def _fail(ok: bool, count: int, seq: int, problem: str) -> tuple[VerifyResult, str, int]:
    return VerifyResult(ok, count, seq, problem), "", count
