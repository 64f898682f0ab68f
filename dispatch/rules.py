"""The incident state machine and who may do what, as data.

``TRANSITIONS[(state, action)]`` gives the next state (``SAME``: stays, ``PREVIOUS``: the state
before suspension). ``ACTORS[action]`` names the actor rule checked by :func:`check_actor`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dispatch.errors import InvalidTransitionError, PermissionDeniedError
from dispatch.models import Incident, User

if TYPE_CHECKING:  # rules stay a light data module (the CLI reads ACTIONS at start-up)
    from dispatch.hierarchy import Directory

SAME = "<same>"
PREVIOUS = "<previous>"

ESCALATABLE = ("reported", "accepted", "dispatched", "signed", "in_progress")
SUSPENDABLE = ("accepted", "dispatched", "signed", "in_progress")
EXTENDABLE = ("reported", "accepted", "dispatched", "signed", "in_progress", "handled", "verified")
SUPERVISABLE = (*EXTENDABLE, "suspended")

TRANSITIONS: dict[tuple[str, str], str] = {
    ("reported", "accept"): "accepted",
    ("reported", "reject"): "rejected",
    ("accepted", "dispatch"): "dispatched",
    ("dispatched", "sign"): "signed",
    ("signed", "start"): "in_progress",
    ("in_progress", "feedback"): "handled",
    ("handled", "verify"): "verified",
    ("handled", "rework"): "in_progress",
    ("verified", "close"): "closed",
    ("closed", "evaluate"): "evaluated",
    ("dispatched", "return"): "accepted",
    ("signed", "return"): "accepted",
    ("in_progress", "return"): "accepted",
    ("suspended", "resume"): PREVIOUS,
    **{(s, "escalate"): "reported" for s in ESCALATABLE},
    **{(s, "suspend"): "suspended" for s in SUSPENDABLE},
    **{(s, "extend"): SAME for s in EXTENDABLE},
    **{(s, "supervise"): SAME for s in SUPERVISABLE},
}

ACTIONS = (
    "accept",
    "reject",
    "dispatch",
    "sign",
    "start",
    "feedback",
    "verify",
    "rework",
    "close",
    "evaluate",
    "return",
    "escalate",
    "supervise",
    "suspend",
    "resume",
    "extend",
)

# Actor rule per action (see RULE_TEXT for what each means).
ACTORS: dict[str, str] = {
    "accept": "owner",
    "reject": "owner",
    "dispatch": "owner",
    "verify": "owner",
    "rework": "owner",
    "close": "owner",
    "escalate": "owner",
    "sign": "assignee",
    "start": "assignee",
    "feedback": "assignee",
    "return": "assignee",
    "evaluate": "owner_or_reporter",
    "supervise": "ancestor",
    "suspend": "parent",
    "extend": "parent",
    "resume": "owner_or_parent",
}

REASON_REQUIRED = frozenset({"reject", "return", "rework", "suspend", "escalate"})

CENTER_STAFF = frozenset({"operator", "duty_officer", "leader"})
APPROVERS = frozenset({"duty_officer", "leader"})

RULE_TEXT = {
    "owner": "only the operator, duty officer or leader of the owning center",
    "assignee": "only the assignee (its center staff, the grid's worker or the department's "
    "liaison)",
    "owner_or_reporter": "only the owning center or the reporter",
    "ancestor": "only a duty officer or leader of a center above the owning center",
    "parent": "only a duty officer or leader of the owning center's parent center",
    "owner_or_parent": "only the owning center or its parent center's duty officer or leader",
}


def next_state(inc: Incident, action: str) -> str:
    """The state ``action`` leads to from the incident's state, or InvalidTransitionError."""
    if action not in ACTIONS:
        raise InvalidTransitionError(
            f"unknown action {action!r}; actions are {', '.join(ACTIONS)}",
            rule="unknown_action",
            action=action,
        )
    target = TRANSITIONS.get((inc.state, action))
    if target is None:
        allowed = sorted(a for (s, a) in TRANSITIONS if s == inc.state)
        raise InvalidTransitionError(
            f"{action} is not allowed when {inc.id} is {inc.state} (allowed: "
            f"{', '.join(allowed) or 'none'})",
            rule="state",
            action=action,
            state=inc.state,
            allowed=allowed,
        )
    if target == SAME:
        return inc.state
    if target == PREVIOUS:
        return inc.suspended_from or "accepted"
    return target


def _is_owner(user: User, inc: Incident) -> bool:
    return user.org_id == inc.center_id and user.role in CENTER_STAFF


def _is_assignee(d: Directory, user: User, inc: Incident) -> bool:
    if inc.assignee_id is None:
        return False
    if inc.assignee_kind == "department":
        dept = d.departments.get(inc.assignee_id)
        return (
            dept is not None
            and user.org_id == dept.org_id
            and user.role == "liaison"
            and user.department_id in (None, dept.id)
        )
    if inc.assignee_kind == "grid":
        return user.org_id == inc.assignee_id and user.role == "grid_worker"
    return user.org_id == inc.assignee_id and user.role in CENTER_STAFF


def _is_parent(d: Directory, user: User, inc: Incident) -> bool:
    parent = d.org(inc.center_id).parent_id or inc.center_id  # the city approves its own
    return user.org_id == parent and user.role in APPROVERS


def _passes(rule: str, d: Directory, user: User, inc: Incident) -> bool:
    if rule == "owner":
        return _is_owner(user, inc)
    if rule == "assignee":
        return _is_assignee(d, user, inc)
    if rule == "owner_or_reporter":
        return _is_owner(user, inc) or user.login == inc.reporter
    if rule == "ancestor":
        above = user.org_id != inc.center_id and d.within(inc.center_id, user.org_id)
        return above and user.role in APPROVERS
    if rule == "parent":
        return _is_parent(d, user, inc)
    return _is_owner(user, inc) or _is_parent(d, user, inc)


def check_actor(d: Directory, user: User, inc: Incident, action: str) -> None:
    """Raise PermissionDeniedError naming the rule ``user`` breaks for ``action``."""
    if user.role == "maintenance":
        raise PermissionDeniedError(
            f"role maintenance may not act on incidents ({user.login})",
            rule="maintenance_role",
            login=user.login,
        )
    in_scope = d.within(inc.grid_id, user.org_id) or d.within(inc.center_id, user.org_id)
    if not in_scope and not _is_assignee(d, user, inc):
        raise PermissionDeniedError(
            f"{user.login} ({user.org_id}) may not act outside their center's subtree; "
            f"{inc.id} is in grid {inc.grid_id}",
            rule="outside_subtree",
            org=user.org_id,
            grid=inc.grid_id,
        )
    rule = ACTORS[action]
    if not _passes(rule, d, user, inc):
        raise PermissionDeniedError(
            f"{action} on {inc.id}: {RULE_TEXT[rule]} may do this, not {user.login} "
            f"({user.role} at {user.org_id})",
            rule="actor",
            action=action,
            actor_rule=rule,
            role=user.role,
            org=user.org_id,
        )


def check_reporter(d: Directory, user: User, grid_id: str) -> None:
    """A grid worker reports in their own grid; center staff for grids in their subtree."""
    if user.role == "grid_worker":
        if user.org_id != grid_id:
            raise PermissionDeniedError(
                f"grid worker {user.login} may report only in their own grid {user.org_id}, "
                f"not {grid_id}",
                rule="report_own_grid",
                own_grid=user.org_id,
                grid=grid_id,
            )
        return
    if user.role not in CENTER_STAFF:
        raise PermissionDeniedError(
            f"role {user.role} may not report incidents ({user.login})",
            rule="report_role",
            role=user.role,
        )
    if not d.within(grid_id, user.org_id):
        raise PermissionDeniedError(
            f"{user.login} ({user.org_id}) may not report outside their center's subtree "
            f"(grid {grid_id})",
            rule="report_outside_subtree",
            org=user.org_id,
            grid=grid_id,
        )
