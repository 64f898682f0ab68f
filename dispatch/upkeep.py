"""Sweep (time limits), supervision notices, attachments and login for DispatchService."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, insert, select, update

from dispatch import queries, rules, tables
from dispatch.categories import STEP_OF_STATE
from dispatch.errors import AuthenticationError, PermissionDeniedError
from dispatch.hierarchy import check_password
from dispatch.models import Incident, Notice, SweepResult, User
from dispatch.writer import SYSTEM, Writer, hash_file

logger = logging.getLogger(__name__)

T = tables.incident


class Upkeep(Writer):
    """Everything that is not the incident loop itself."""

    def sweep(self, now: datetime | None = None) -> SweepResult:
        """Mark incidents past their step deadline overdue; one notice at the parent center.

        Idempotent: an incident already marked is skipped, and a notice is unique per
        incident, step and deadline. With nothing due it only reads (no writer lock), so every
        console may sweep every minute.
        """
        now = now or self._now()
        t = now.timestamp()
        due = (T.c.state.in_(rules.EXTENDABLE), T.c.deadline < t, T.c.overdue.is_(False))
        with self.store.read() as conn:
            if conn.execute(select(T.c.id).where(*due).limit(1)).first() is None:
                return SweepResult(0, (), 0)
        d = self._dir()
        marked: list[str] = []
        notices = 0
        with self.store.write() as conn:
            rows = conn.execute(
                select(T.c.id, T.c.state, T.c.center_id, T.c.deadline, T.c.version)
                .where(*due)
                .order_by(T.c.id)
            ).all()
            for r in rows:
                step = STEP_OF_STATE[r.state] or r.state
                conn.execute(
                    update(T)
                    .where(T.c.id == r.id)
                    .values(overdue=True, version=r.version + 1, updated_at=t)
                )
                self._record(
                    conn,
                    r.id,
                    SYSTEM,
                    r.center_id,
                    "overdue",
                    (r.state, r.state),
                    f"{step} deadline passed",
                    t,
                    r.version + 1,
                    {"step": step},
                )
                center = d.orgs[r.center_id].parent_id if r.center_id in d.orgs else None
                notices += self._notice(conn, r.id, center or r.center_id, step, r.deadline, t)
                marked.append(r.id)
        if marked:
            logger.info("sweep marked %s incidents overdue, %s notices", len(marked), notices)
        return SweepResult(len(rows), tuple(marked), notices)

    def _notice(
        self, conn: Connection, inc_id: str, center: str, step: str, cycle: float, t: float
    ) -> int:
        n = tables.notice
        exists = conn.execute(
            select(n.c.id).where(n.c.incident_id == inc_id, n.c.step == step, n.c.cycle == cycle)
        ).first()
        if exists:
            return 0
        conn.execute(
            insert(n).values(
                incident_id=inc_id,
                center_id=center,
                step=step,
                cycle=cycle,
                at=t,
                text=f"督办: {inc_id} {step} overdue",
            )
        )
        return 1

    def notices(self, center_id: str | None = None, latest: int | None = None) -> list[Notice]:
        """Supervision notices (optionally for one center, only the ``latest``), oldest first."""
        with self.store.read() as conn:
            return queries.notices(conn, center_id, latest)

    def add_attachment(self, incident_id: str, login: str, path: str | Path) -> Incident:
        """Attach a file (absolute path + sha256) to an incident in the user's subtree."""
        user = self._user(login)
        stored, digest = hash_file(Path(path))
        t = self._now().timestamp()
        with self.store.write() as conn:
            inc = queries.get(conn, incident_id)
            d = self._dir()
            if not (d.within(inc.grid_id, user.org_id) or d.within(inc.center_id, user.org_id)):
                raise PermissionDeniedError(
                    f"{login} may not attach files outside their center's subtree ({incident_id})",
                    rule="attach_outside_subtree",
                    org=user.org_id,
                    grid=inc.grid_id,
                    incident=incident_id,
                )
            conn.execute(
                insert(tables.attachment).values(
                    incident_id=incident_id, path=stored, sha256=digest, added_by=login, at=t
                )
            )
            conn.execute(
                update(T).where(T.c.id == incident_id).values(version=inc.version + 1, updated_at=t)
            )
            self._record(
                conn,
                incident_id,
                user,
                user.org_id,
                "attach",
                (inc.state, inc.state),
                None,
                t,
                inc.version + 1,
                {"path": stored, "sha256": digest},
            )
            return queries.get(conn, incident_id)

    def authenticate(self, login: str, password: str) -> User:
        """The user if the password matches, else AuthenticationError (never says which)."""
        with self.store.read() as conn:
            row = conn.execute(select(tables.user).where(tables.user.c.login == login)).first()
        if row is None or not check_password(password, row.password_hash):
            raise AuthenticationError(
                f"wrong login or password for {login!r}", rule="login_failed", login=login
            )
        return User(row.login, row.name, row.role, row.org_id, row.department_id)
