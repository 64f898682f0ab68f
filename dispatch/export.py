"""Plain-dict views of dispatch objects for JSON output (CLI ``--json``, exports)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dispatch.models import Change, HistoryEntry, Incident, Org, User
from dispatch.summary import IncidentSummary


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def summary_dict(inc: Incident | IncidentSummary) -> dict[str, Any]:
    """The fields a listing shows (those of ``IncidentSummary``), times as ISO-8601 UTC."""
    return {
        "id": inc.id,
        "state": inc.state,
        "version": inc.version,
        "center": inc.center_id,
        "assignee": inc.assignee_id,
        "assignee_kind": inc.assignee_kind,
        "grid": inc.grid_id,
        "severity": inc.severity,
        "urgent": inc.urgent,
        "category": inc.category,
        "title": inc.title,
        "description": inc.description,
        "channel": inc.channel,
        "lat": inc.lat,
        "lon": inc.lon,
        "address": inc.address,
        "cameras": list(inc.cameras),
        "deadline": _iso(inc.deadline),
        "supervised": inc.supervised,
        "overdue": inc.overdue,
        "created_at": inc.created_at.isoformat(),
        "updated_at": inc.updated_at.isoformat(),
    }


def incident_dict(inc: Incident) -> dict[str, Any]:
    """Every incident field: the summary's plus the detail ones."""
    data = summary_dict(inc)
    data.update(
        co_handlers=list(inc.co_handlers),
        reporter=inc.reporter,
        attachments=[{"path": a.path, "sha256": a.sha256} for a in inc.attachments],
        deadlines={k: v.isoformat() for k, v in inc.deadlines.items()},
        supervise_deadline=_iso(inc.supervise_deadline),
        rating=inc.rating,
    )
    return data


def history_dict(h: HistoryEntry) -> dict[str, Any]:
    """One history entry: action actor from to at reason (plus role, center, seq)."""
    return {
        "seq": h.seq,
        "action": h.action,
        "actor": h.actor,
        "role": h.role,
        "center": h.center,
        "from": h.from_state,
        "to": h.to_state,
        "at": h.at.isoformat(),
        "reason": h.reason,
        "detail": h.detail,
    }


def org_dict(o: Org) -> dict[str, Any]:
    """Org summary: id name level parent (plus kind, population, centroid)."""
    return {
        "id": o.id,
        "name": o.name,
        "level": o.level,
        "parent": o.parent_id,
        "kind": o.kind,
        "population": o.population,
        "centroid": list(o.centroid),
    }


def user_dict(u: User) -> dict[str, Any]:
    """User summary: login role org (plus name); never a password hash."""
    return {
        "login": u.login,
        "role": u.role,
        "org": u.org_id,
        "name": u.name,
        "department": u.department_id,
    }


def change_dict(c: Change) -> dict[str, Any]:
    """One change-feed row."""
    return {
        "seq": c.seq,
        "incident": c.incident_id,
        "action": c.action,
        "version": c.version,
        "at": c.at.isoformat(),
    }
