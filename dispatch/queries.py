"""Reading incidents, their history and notices; rows become dataclasses here."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, and_, select

from dispatch import rawsql, tables
from dispatch.errors import NotFoundError
from dispatch.models import OPEN_STATES, Attachment, HistoryEntry, Incident, Notice

T = tables.incident


def ts(value: float | None) -> datetime | None:
    """Epoch seconds to an aware UTC datetime (None stays None)."""
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _ts(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def row_to_incident(
    r: Row[Any] | Any, cameras: Sequence[str] = (), attachments: Sequence[Attachment] = ()
) -> Incident:
    """Build an Incident from an incident row."""
    deadlines = {k: _ts(v) for k, v in json.loads(r.deadlines).items()}
    return Incident(
        id=r.id,
        title=r.title,
        description=r.description,
        category=r.category,
        severity=r.severity,
        urgent=bool(r.urgent),
        channel=r.channel,
        state=r.state,
        grid_id=r.grid_id,
        lat=r.lat,
        lon=r.lon,
        address=r.address,
        reporter=r.reporter,
        center_id=r.center_id,
        assignee_kind=r.assignee_kind,
        assignee_id=r.assignee_id,
        co_handlers=tuple(json.loads(r.co_handlers)),
        deadline=ts(r.deadline),
        deadlines=deadlines,
        supervised=bool(r.supervised),
        supervise_deadline=ts(r.supervise_deadline),
        overdue=bool(r.overdue),
        version=r.version,
        created_at=_ts(r.created_at),
        updated_at=_ts(r.updated_at),
        cameras=tuple(cameras),
        attachments=tuple(attachments),
        suspended_from=r.suspended_from,
        suspended_at=ts(r.suspended_at),
        rating=r.rating,
    )


TIME_FIELDS = {"deadline", "supervise_deadline", "suspended_at", "updated_at", "created_at"}


def with_values(inc: Incident, values: dict[str, Any]) -> Incident:
    """The incident after an UPDATE of ``values`` (column values as stored)."""
    fields: dict[str, Any] = {}
    for key, value in values.items():
        if key == "deadlines":
            fields[key] = {k: _ts(v) for k, v in json.loads(value).items()}
        elif key == "co_handlers":
            fields[key] = tuple(json.loads(value))
        elif key in TIME_FIELDS:
            fields[key] = ts(value)
        else:
            fields[key] = value
    return replace(inc, **fields)


def _links(
    conn: Connection, ids_query: Select[Any]
) -> tuple[dict[str, list[str]], dict[str, list[Attachment]]]:
    cams: dict[str, list[str]] = defaultdict(list)
    ic, at = tables.incident_camera, tables.attachment
    for cam in conn.execute(
        select(ic.c.incident_id, ic.c.camera_id)
        .where(ic.c.incident_id.in_(ids_query))
        .order_by(ic.c.incident_id, ic.c.camera_id)
    ):
        cams[cam.incident_id].append(cam.camera_id)
    files: dict[str, list[Attachment]] = defaultdict(list)
    for a in conn.execute(select(at).where(at.c.incident_id.in_(ids_query)).order_by(at.c.id)):
        files[a.incident_id].append(Attachment(a.path, a.sha256, a.added_by, _ts(a.at)))
    return cams, files


def get(conn: Connection, incident_id: str) -> Incident:
    """One incident with cameras and attachments, or NotFoundError."""
    row = rawsql.run(conn, rawsql.SELECT_INCIDENT, (incident_id,)).first()
    if row is None:
        raise NotFoundError(
            f"incident {incident_id!r} does not exist; see `xueliang incident list`"
        )
    cams = [r[0] for r in rawsql.run(conn, rawsql.SELECT_CAMERAS, (incident_id,))]
    files = [
        Attachment(r.path, r.sha256, r.added_by, _ts(r.at))
        for r in rawsql.run(conn, rawsql.SELECT_ATTACHMENTS, (incident_id,))
    ]
    return row_to_incident(row, cams, files)


def list_incidents(
    conn: Connection, where: Sequence[ColumnElement[bool]], limit: int | None = None
) -> list[Incident]:
    """Incidents matching every condition, newest first."""
    cond = and_(*where) if where else None
    query = select(T)
    ids = select(T.c.id)
    if cond is not None:
        query, ids = query.where(cond), ids.where(cond)
    query = query.order_by(T.c.created_at.desc(), T.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
        ids = ids.order_by(T.c.created_at.desc(), T.c.id.desc()).limit(limit)
    rows = conn.execute(query).all()
    if not rows:
        return []
    cams, files = _links(conn, ids)
    if not cams and not files:
        return [row_to_incident(r) for r in rows]
    return [row_to_incident(r, cams.get(r.id, ()), files.get(r.id, ())) for r in rows]


def open_condition() -> ColumnElement[bool]:
    """Condition: the incident is not finished (closed, evaluated, rejected)."""
    return T.c.state.in_(OPEN_STATES)


def history(conn: Connection, incident_id: str) -> list[HistoryEntry]:
    """The audit records of one incident in order."""
    a = tables.audit
    rows = conn.execute(select(a).where(a.c.incident_id == incident_id).order_by(a.c.seq)).all()
    if not rows:
        get(conn, incident_id)  # raises NotFoundError when absent
    return [
        HistoryEntry(
            r.seq,
            r.action,
            r.actor,
            r.role,
            r.center,
            r.from_state,
            r.to_state,
            _ts(r.at),
            r.reason,
            json.loads(r.detail),
        )
        for r in rows
    ]


def notices(conn: Connection, center_id: str | None = None) -> list[Notice]:
    """Supervision notices, optionally for one center, oldest first."""
    n = tables.notice
    query = select(n).order_by(n.c.id)
    if center_id is not None:
        query = query.where(n.c.center_id == center_id)
    return [
        Notice(r.id, r.incident_id, r.center_id, r.step, _ts(r.at), r.text)
        for r in conn.execute(query)
    ]
