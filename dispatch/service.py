"""DispatchService: the one door every incident mutation goes through.

Each mutation is ONE write transaction: the incident row (compare-and-swap on version),
an audit record chained to the previous one, and a change-feed row (plus NOTIFY on PostgreSQL).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, text, update

from dispatch import actions, audit, queries, rules, tables
from dispatch.categories import STEP_OF_STATE, taxonomy
from dispatch.errors import (
    AuthenticationError,
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from dispatch.incidents import IncidentQueries
from dispatch.models import (
    CHANNELS,
    SEVERITIES,
    Attachment,
    Incident,
    Notice,
    SweepResult,
    User,
)
from dispatch.orgs import OrgQueries

logger = logging.getLogger(__name__)

CHINA = timezone(timedelta(hours=8))
NOTIFY_CHANNEL = "xueliang_changes"
ROUTING = {"simple": "village", "general": "township", "complex": "district", "major": "city"}
SYSTEM = User("system", "系统", "system", "")


class DispatchService(OrgQueries, IncidentQueries):
    """Incidents, their loop and the hierarchy, over one Store.

    ``DispatchService(store, clock=None)``; ``clock`` returns an aware datetime.
    """

    def _record(
        self,
        conn: Connection,
        inc_id: str,
        actor: User,
        center: str,
        action: str,
        from_state: str | None,
        to_state: str,
        reason: str | None,
        at: float,
        version: int,
        detail: dict[str, Any] | None = None,
    ) -> None:
        audit.append(
            conn,
            incident_id=inc_id,
            actor=actor.login,
            role=actor.role,
            center=center,
            action=action,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            at=at,
            detail=detail,
        )
        seq = conn.execute(
            insert(tables.change).values(incident_id=inc_id, action=action, version=version, at=at)
        ).inserted_primary_key
        if self.store.is_postgres:
            conn.execute(
                text("SELECT pg_notify(:c, :p)"),
                {"c": NOTIFY_CHANNEL, "p": str(seq[0] if seq else "")},
            )

    def _next_id(self, conn: Connection, now: datetime) -> str:
        day = now.astimezone(CHINA).strftime("%Y%m%d")
        dc = tables.day_counter
        n = conn.execute(select(dc.c.n).where(dc.c.day == day)).scalar()
        if n is None:
            conn.execute(insert(dc).values(day=day, n=1))
            n = 1
        else:
            n += 1
            conn.execute(update(dc).where(dc.c.day == day).values(n=n))
        return f"TC-{day}-{n:06d}"

    # --- reporting ---------------------------------------------------------------------
    def report(
        self,
        login: str,
        grid_id: str,
        category: str,
        severity: str,
        title: str,
        description: str = "",
        channel: str = "grid_worker",
        cameras: Sequence[str] = (),
        urgent: bool = False,
        lat: float | None = None,
        lon: float | None = None,
        address: str = "",
        attachments: Sequence[str | Path] = (),
    ) -> Incident:
        """File a new incident as ``login``; it lands at the center its severity routes to."""
        user = self._user(login)
        self._org_checked(grid_id)
        rules.check_reporter(self._dir(), user, grid_id)
        return self._create(
            user,
            grid_id,
            category,
            severity,
            title,
            description,
            channel,
            cameras,
            urgent,
            lat,
            lon,
            address,
            attachments,
        )

    def report_as_system(
        self,
        grid_id: str,
        category: str,
        severity: str,
        title: str,
        description: str = "",
        channel: str = "video_alarm",
        cameras: Sequence[str] = (),
        urgent: bool = False,
        address: str = "",
    ) -> Incident:
        """File an incident from a system source (video alarm, diagnostics) without a user."""
        self._org_checked(grid_id)
        return self._create(
            SYSTEM,
            grid_id,
            category,
            severity,
            title,
            description,
            channel,
            cameras,
            urgent,
            None,
            None,
            address,
            (),
        )

    def _create(
        self,
        user: User,
        grid_id: str,
        category: str,
        severity: str,
        title: str,
        description: str,
        channel: str,
        cameras: Sequence[str],
        urgent: bool,
        lat: float | None,
        lon: float | None,
        address: str,
        attachments: Sequence[str | Path],
    ) -> Incident:
        d = self._dir()
        grid = d.org(grid_id)
        if grid.level != "grid":
            raise ValidationError(f"{grid_id} is a {grid.level}, not a grid; report in a grid")
        if severity not in SEVERITIES:
            raise ValidationError(
                f"unknown severity {severity!r}; use one of {', '.join(SEVERITIES)}"
            )
        if channel not in CHANNELS:
            raise ValidationError(f"unknown channel {channel!r}; use one of {', '.join(CHANNELS)}")
        if not title.strip():
            raise ValidationError("a report needs a non-empty title")
        cat = taxonomy().resolve(category)
        files = [_hash_file(Path(p)) for p in attachments]
        center = (
            d.center_for(grid_id, ROUTING[severity])
            if severity != "major"
            else d.ancestors(grid_id)[-1]
        )
        area = {o.level: o.id for o in d.ancestors(grid_id)}
        now = self._now()
        t = now.timestamp()
        due = taxonomy().deadline(cat.code, severity, urgent, "accept", now).timestamp()
        with self.store.write() as conn:
            inc_id = self._next_id(conn, now)
            conn.execute(
                insert(tables.incident).values(
                    id=inc_id,
                    title=title.strip(),
                    description=description,
                    category=cat.code,
                    severity=severity,
                    urgent=urgent,
                    channel=channel,
                    state="reported",
                    grid_id=grid_id,
                    area_district=area.get("district", ""),
                    area_township=area.get("township", ""),
                    area_village=area.get("village", area.get("community", "")),
                    lat=grid.centroid[1] if lat is None else lat,
                    lon=grid.centroid[0] if lon is None else lon,
                    address=address,
                    reporter=user.login,
                    center_id=center.id,
                    assignee_kind=None,
                    assignee_id=None,
                    co_handlers="[]",
                    deadline=due,
                    deadlines=json.dumps({"accept": due}),
                    supervised=False,
                    supervise_deadline=None,
                    overdue=False,
                    suspended_from=None,
                    suspended_at=None,
                    rating=None,
                    version=1,
                    created_at=t,
                    updated_at=t,
                )
            )
            cams = sorted(set(cameras))
            if cams:
                conn.execute(
                    insert(tables.incident_camera),
                    [{"incident_id": inc_id, "camera_id": c} for c in cams],
                )
            for path, digest in files:
                conn.execute(
                    insert(tables.attachment).values(
                        incident_id=inc_id, path=path, sha256=digest, added_by=user.login, at=t
                    )
                )
            self._record(
                conn,
                inc_id,
                user,
                user.org_id or center.id,
                "report",
                None,
                "reported",
                None,
                t,
                1,
                {"channel": channel, "center": center.id, "cameras": cams},
            )
            inc = queries.get(conn, inc_id)
        logger.info("%s reported by %s at %s", inc_id, user.login, center.id)
        return inc

    # --- the loop ----------------------------------------------------------------------
    def act(
        self,
        incident_id: str,
        action: str,
        login: str,
        to: str | None = None,
        reason: str | None = None,
        rating: int | None = None,
        expect_version: int | None = None,
        deadline: datetime | None = None,
    ) -> Incident:
        """Apply ``action`` to an incident as ``login``; all-or-nothing."""
        user = self._user(login)
        d = self._dir()
        if action in rules.REASON_REQUIRED and not (reason and reason.strip()):
            raise ValidationError(f"{action} needs a reason (--reason)")
        if deadline is not None and deadline.tzinfo is None:
            deadline = deadline.replace(tzinfo=UTC)
        now = self._now()
        with self.store.write() as conn:
            inc = queries.get(conn, incident_id)
            if expect_version is not None and expect_version != inc.version:
                raise ConflictError(
                    f"{incident_id} is at version {inc.version}, not "
                    f"{expect_version}; reload it and decide again"
                )
            new_state = rules.next_state(inc, action)
            if inc.center_id not in d.orgs:
                d = self._dir(refresh=True)
            rules.check_actor(d, user, inc, action)
            step = actions.Step(action, d, inc, user, new_state, now, to, reason, rating, deadline)
            values, detail = actions.apply(step)
            values.update(version=inc.version + 1, updated_at=now.timestamp())
            done = conn.execute(
                update(tables.incident)
                .where(
                    tables.incident.c.id == incident_id, tables.incident.c.version == inc.version
                )
                .values(**values)
            )
            if done.rowcount != 1:
                raise ConflictError(
                    f"{incident_id} changed while {action} was applied; reload it and decide again"
                )
            self._record(
                conn,
                incident_id,
                user,
                user.org_id,
                action,
                inc.state,
                new_state,
                reason,
                now.timestamp(),
                inc.version + 1,
                detail,
            )
            result = queries.get(conn, incident_id)
        logger.info("%s %s by %s: %s -> %s", incident_id, action, login, inc.state, new_state)
        return result

    def allowed_actions(self, incident_id: str, login: str) -> list[str]:
        """Actions ``login`` may take on the incident now (arguments aside)."""
        user = self._user(login)
        inc = self.get(incident_id)
        out = []
        for action in rules.ACTIONS:
            try:
                rules.next_state(inc, action)
                rules.check_actor(self._dir(), user, inc, action)
            except (PermissionDeniedError, InvalidTransitionError, NotFoundError):
                continue
            out.append(action)
        return out

    def add_attachment(self, incident_id: str, login: str, path: str | Path) -> Incident:
        """Attach a file (path + sha256) to an incident the user may see."""
        user = self._user(login)
        stored, digest = _hash_file(Path(path))
        now = self._now()
        with self.store.write() as conn:
            inc = queries.get(conn, incident_id)
            d = self._dir()
            if not (d.within(inc.grid_id, user.org_id) or d.within(inc.center_id, user.org_id)):
                raise PermissionDeniedError(
                    f"{login} may not attach files outside their center's subtree ({incident_id})"
                )
            t = now.timestamp()
            conn.execute(
                insert(tables.attachment).values(
                    incident_id=incident_id, path=stored, sha256=digest, added_by=login, at=t
                )
            )
            conn.execute(
                update(tables.incident)
                .where(tables.incident.c.id == incident_id)
                .values(version=inc.version + 1, updated_at=t)
            )
            self._record(
                conn,
                incident_id,
                user,
                user.org_id,
                "attach",
                inc.state,
                inc.state,
                None,
                t,
                inc.version + 1,
                {"path": stored, "sha256": digest},
            )
            return queries.get(conn, incident_id)

    # --- time limits -----------------------------------------------------------------
    def sweep(self, now: datetime | None = None) -> SweepResult:
        """Mark incidents past their step deadline overdue; one notice at the parent center."""
        now = now or self._now()
        t = now.timestamp()
        d = self._dir()
        inc_t = tables.incident
        marked: list[str] = []
        notices = 0
        with self.store.write() as conn:
            rows = conn.execute(
                select(
                    inc_t.c.id, inc_t.c.state, inc_t.c.center_id, inc_t.c.deadline, inc_t.c.version
                )
                .where(
                    inc_t.c.state.in_(rules.EXTENDABLE),
                    inc_t.c.deadline < t,
                    inc_t.c.overdue.is_(False),
                )
                .order_by(inc_t.c.id)
            ).all()
            for r in rows:
                step = STEP_OF_STATE[r.state] or r.state
                conn.execute(
                    update(inc_t)
                    .where(inc_t.c.id == r.id)
                    .values(overdue=True, version=r.version + 1, updated_at=t)
                )
                self._record(
                    conn,
                    r.id,
                    SYSTEM,
                    r.center_id,
                    "overdue",
                    r.state,
                    r.state,
                    f"{step} deadline passed",
                    t,
                    r.version + 1,
                    {"step": step},
                )
                center = d.orgs[r.center_id].parent_id if r.center_id in d.orgs else None
                notices += self._notice(conn, r.id, center or r.center_id, step, r.deadline, t)
                marked.append(r.id)
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

    def notices(self, center_id: str | None = None) -> list[Notice]:
        """Supervision notices (optionally for one center)."""
        with self.store.read() as conn:
            return queries.notices(conn, center_id)

    def authenticate(self, login: str, password: str) -> User:
        """The user if the password matches, else AuthenticationError."""
        from dispatch.hierarchy import check_password

        with self.store.read() as conn:
            row = conn.execute(select(tables.user).where(tables.user.c.login == login)).first()
        if row is None or not check_password(password, row.password_hash):
            raise AuthenticationError(f"wrong login or password for {login!r}")
        return User(row.login, row.name, row.role, row.org_id, row.department_id)


def _hash_file(path: Path) -> tuple[str, str]:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise ValidationError(f"cannot read attachment {path}: {exc.strerror}") from exc
    return str(path.resolve()), digest


__all__ = ["Attachment", "DispatchService"]
