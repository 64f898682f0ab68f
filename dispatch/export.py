"""Plain-dict views of dispatch objects for JSON output (CLI ``--json``, exports)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dispatch.models import Change, HistoryEntry, Incident, Org, User


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def incident_dict(inc: Incident) -> dict[str, Any]:
    """Every incident field, times as ISO-8601 UTC strings."""
    return {
        "id": inc.id,
        "state": inc.state,
        "version": inc.version,
        "center": inc.center_id,
        "assignee": inc.assignee_id,
        "assignee_kind": inc.assignee_kind,
        "co_handlers": list(inc.co_handlers),
        "grid": inc.grid_id,
        "severity": inc.severity,
        "urgent": inc.urgent,
        "category": inc.category,
        "title": inc.title,
        "description": inc.description,
        "channel": inc.channel,
        "reporter": inc.reporter,
        "lat": inc.lat,
        "lon": inc.lon,
        "address": inc.address,
        "cameras": list(inc.cameras),
        "attachments": [{"path": a.path, "sha256": a.sha256} for a in inc.attachments],
        "deadline": _iso(inc.deadline),
        "deadlines": {k: v.isoformat() for k, v in inc.deadlines.items()},
        "supervised": inc.supervised,
        "supervise_deadline": _iso(inc.supervise_deadline),
        "overdue": inc.overdue,
        "rating": inc.rating,
        "created_at": inc.created_at.isoformat(),
        "updated_at": inc.updated_at.isoformat(),
    }


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
