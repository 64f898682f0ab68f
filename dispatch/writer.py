"""The write half shared by every mutation: audit + change row + NOTIFY, readable ids."""

from __future__ import annotations

import errno
import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from dispatch import audit, rawsql
from dispatch.base import SITE_TZ, ServiceBase
from dispatch.errors import ValidationError
from dispatch.models import User

NOTIFY_CHANNEL = "xueliang_changes"
SYSTEM = User("system", "系统", "system", "")


class Writer(ServiceBase):
    """Adds the audit/change bookkeeping every mutation shares."""

    def _record(
        self,
        conn: Connection,
        inc_id: str,
        actor: User,
        center: str,
        action: str,
        states: tuple[str | None, str],
        reason: str | None,
        at: float,
        version: int,
        detail: dict[str, Any] | None = None,
    ) -> int:
        """Audit record + change row (+ NOTIFY on PostgreSQL); returns the change seq."""
        audit.append(
            conn,
            incident_id=inc_id,
            actor=actor.login,
            role=actor.role,
            center=center,
            action=action,
            from_state=states[0],
            to_state=states[1],
            reason=reason,
            at=at,
            detail=detail,
        )
        if self.store.is_postgres:  # NOTIFY is delivered at commit, with the change
            notify = (inc_id, action, version, at, NOTIFY_CHANNEL)
            return int(rawsql.run(conn, rawsql.INSERT_CHANGE_NOTIFY, notify).scalar_one())
        plain = (inc_id, action, version, at)
        return int(rawsql.run(conn, rawsql.INSERT_CHANGE, plain).scalar_one())

    def _next_id(self, conn: Connection, now: datetime) -> str:
        """``TC-YYYYMMDD-NNNNNN`` by China date; safe because writers hold the lock."""
        day = now.astimezone(SITE_TZ).strftime("%Y%m%d")
        n = rawsql.run(conn, rawsql.SELECT_DAY, (day,)).scalar()
        if n is None:
            rawsql.run(conn, rawsql.INSERT_DAY, (day,))
            n = 1
        else:
            n = int(n) + 1
            rawsql.run(conn, rawsql.UPDATE_DAY, (n, day))
        return f"TC-{day}-{n:06d}"


def hash_file(path: Path) -> tuple[str, str]:
    """Absolute path and sha256 of a file, or ValidationError."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise ValidationError(
            f"cannot read attachment {path}: {exc.strerror}",
            rule="attachment_unreadable",
            path=str(path),
            os_error=errno.errorcode.get(exc.errno or 0, ""),
        ) from exc
    return str(path.resolve()), digest
