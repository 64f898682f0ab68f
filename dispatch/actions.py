"""What each action changes on the incident row (the state comes from ``rules``).

Each handler returns the column updates and the audit detail; the service writes them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dispatch.categories import STEP_OF_STATE, taxonomy
from dispatch.errors import PermissionDeniedError, ValidationError
from dispatch.hierarchy import Directory
from dispatch.models import CENTER_LEVELS, Incident, User

SUPERVISE_DEFAULT = timedelta(hours=24)


@dataclass
class Step:
    """Inputs of one action after the state and actor checks."""

    action: str
    d: Directory
    inc: Incident
    user: User
    new_state: str
    now: datetime
    to: str | None
    reason: str | None
    rating: int | None
    deadline: datetime | None


Updates = dict[str, Any]


def _deadlines(inc: Incident) -> dict[str, float]:
    return {k: v.timestamp() for k, v in inc.deadlines.items()}


def enter_state(s: Step, fresh: bool | None = None) -> Updates:
    """State plus the running step's deadline; a new step starts a fresh clock."""
    old_step, new_step = STEP_OF_STATE[s.inc.state], STEP_OF_STATE[s.new_state]
    fresh = (old_step != new_step) if fresh is None else fresh
    deadlines = _deadlines(s.inc)
    out: Updates = {"state": s.new_state}
    if new_step is None:
        out["deadline"] = None
    elif fresh or new_step not in deadlines:
        due = taxonomy().deadline(s.inc.category, s.inc.severity, s.inc.urgent, new_step, s.now)
        deadlines[new_step] = due.timestamp()
        out["deadline"] = deadlines[new_step]
    else:
        out["deadline"] = deadlines[new_step]
    if fresh:
        out["overdue"] = False
    out["deadlines"] = json.dumps(deadlines, sort_keys=True)
    return out


def _plain(s: Step) -> tuple[Updates, dict[str, Any]]:
    return enter_state(s), {}


def _dispatch(s: Step) -> tuple[Updates, dict[str, Any]]:
    if not s.to:
        raise ValidationError(
            "dispatch needs --to: a center or grid below the owning center, "
            "or a department of it (comma-separate co-handlers)",
            rule="dispatch_target_missing",
        )
    targets = [t.strip() for t in s.to.split(",") if t.strip()]
    kinds = [_target_kind(s, t) for t in targets]
    out = enter_state(s)
    out.update(
        assignee_kind=kinds[0],
        assignee_id=targets[0],
        co_handlers=json.dumps(targets[1:], ensure_ascii=False),
    )
    return out, {"to": targets[0], "co_handlers": targets[1:]}


def _target_kind(s: Step, target: str) -> str:
    dept = s.d.departments.get(target)
    if dept is not None:
        if dept.org_id != s.inc.center_id:
            raise PermissionDeniedError(
                f"dispatch to department {target}: only departments of the owning center "
                f"{s.inc.center_id} may be dispatched to, this one sits at {dept.org_id}",
                rule="dispatch_department",
                center=s.inc.center_id,
                target=target,
                dept_org=dept.org_id,
            )
        return "department"
    org = s.d.org(target)
    if org.id == s.inc.center_id or not s.d.within(org.id, s.inc.center_id):
        raise PermissionDeniedError(
            f"dispatch to {target}: dispatch goes down within the owning center's subtree "
            f"({s.inc.center_id}) or to its departments",
            rule="dispatch_down",
            center=s.inc.center_id,
            target=target,
        )
    return "grid" if org.level == "grid" else "center"


def _clear_assignee(out: Updates) -> Updates:
    out.update(assignee_kind=None, assignee_id=None, co_handlers="[]")
    return out


def _return(s: Step) -> tuple[Updates, dict[str, Any]]:
    return _clear_assignee(enter_state(s)), {"from_assignee": s.inc.assignee_id}


def _escalate(s: Step) -> tuple[Updates, dict[str, Any]]:
    center = s.d.org(s.inc.center_id)
    if center.parent_id is None:
        raise ValidationError(
            f"escalate: {center.id} is the top center; nothing is above it",
            rule="escalate_top",
            center=center.id,
        )
    target = s.to or center.parent_id
    if target != center.parent_id:
        city = s.d.ancestors(center.id)[-1].id
        if not (target == city and (s.inc.severity == "major" or s.inc.urgent)):
            raise PermissionDeniedError(
                f"escalate to {target}: escalation goes to the parent center {center.parent_id};"
                " only major or urgent incidents may go straight to the city",
                rule="escalate_parent",
                parent=center.parent_id,
                target=target,
            )
    if s.d.org(target).level not in CENTER_LEVELS:
        raise ValidationError(
            f"escalate to {target}: not a center", rule="escalate_not_center", target=target
        )
    out = _clear_assignee(enter_state(s, fresh=True))
    out["center_id"] = target
    return out, {"from_center": center.id, "to_center": target}


def _evaluate(s: Step) -> tuple[Updates, dict[str, Any]]:
    if s.rating is None or not 1 <= s.rating <= 5:
        raise ValidationError("evaluate needs --rating between 1 and 5", rule="rating_range")
    out = enter_state(s)
    out["rating"] = s.rating
    return out, {"rating": s.rating}


def _supervise(s: Step) -> tuple[Updates, dict[str, Any]]:
    due = s.deadline or s.now + SUPERVISE_DEFAULT
    if due <= s.now:
        raise ValidationError(
            "supervise: the supervision deadline must lie in the future", rule="supervise_future"
        )
    return (
        {"supervised": True, "supervise_deadline": due.timestamp()},
        {"supervise_deadline": due.isoformat()},
    )


def _suspend(s: Step) -> tuple[Updates, dict[str, Any]]:
    out = enter_state(s, fresh=False)
    out.update(suspended_from=s.inc.state, suspended_at=s.now.timestamp())
    return out, {}


def _resume(s: Step) -> tuple[Updates, dict[str, Any]]:
    start = s.inc.suspended_at or s.now
    paused = max((s.now - start).total_seconds(), 0.0)
    deadlines = {k: v + paused for k, v in _deadlines(s.inc).items()}
    step = STEP_OF_STATE[s.new_state]
    return (
        {
            "state": s.new_state,
            "deadlines": json.dumps(deadlines, sort_keys=True),
            "deadline": deadlines.get(step) if step else None,
            "suspended_from": None,
            "suspended_at": None,
        },
        {"paused_seconds": round(paused, 3)},
    )


def _extend(s: Step) -> tuple[Updates, dict[str, Any]]:
    step = STEP_OF_STATE[s.inc.state]
    if s.deadline is None or step is None:
        raise ValidationError(
            "extend needs --deadline (ISO time) for the running step",
            rule="extend_deadline_missing",
        )
    if s.inc.deadline is not None and s.deadline <= s.inc.deadline:
        raise ValidationError(
            f"extend: new deadline must be later than {s.inc.deadline.isoformat()}",
            rule="extend_later",
            deadline=s.inc.deadline.isoformat(),
        )
    deadlines = _deadlines(s.inc)
    deadlines[step] = s.deadline.timestamp()
    return (
        {
            "deadline": deadlines[step],
            "deadlines": json.dumps(deadlines, sort_keys=True),
            "overdue": False,
        },
        {"step": step, "deadline": s.deadline.isoformat()},
    )


HANDLERS: dict[str, Callable[[Step], tuple[Updates, dict[str, Any]]]] = {
    "dispatch": _dispatch,
    "return": _return,
    "escalate": _escalate,
    "evaluate": _evaluate,
    "supervise": _supervise,
    "suspend": _suspend,
    "resume": _resume,
    "extend": _extend,
}


def apply(s: Step) -> tuple[Updates, dict[str, Any]]:
    """Column updates and audit detail for the action that leads to ``s.new_state``."""
    return HANDLERS.get(s.action, _plain)(s)
