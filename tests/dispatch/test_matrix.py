"""Every action × every user of the tiny hierarchy × every owning level, plus every state ×
action pair the state machine forbids. Expected permissions are written out from the spec
(issue 2 / DESIGN.md), independently of ``dispatch.rules``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dispatch_tiny import CITY, D1, G1, T1, V1, login, tiny_seed

from dispatch.errors import InvalidTransitionError, PermissionDeniedError
from dispatch.models import STATES
from dispatch.rules import ACTIONS, TRANSITIONS
from dispatch.service import DispatchService

STAFF = {"operator", "duty_officer", "leader"}
APPROVER = {"duty_officer", "leader"}
PARENT = {V1: T1, T1: D1, D1: CITY, CITY: CITY}
ANCESTORS = {V1: {T1, D1, CITY}, T1: {D1, CITY}, D1: {CITY}, CITY: set()}
REPORTER = login("grid_worker", G1)

# owning level -> (severity, owning center, dispatch target, who the assignee is)
LEVELS = {
    "village": ("simple", V1, G1),
    "township": ("general", T1, V1),
    "district": ("complex", D1, f"dept-{D1}-police"),
    "city": ("major", CITY, f"dept-{CITY}-police"),
}
PEOPLE = tiny_seed().people

# how to reach each state: (action, who) steps from `reported`
PATHS = {
    "reported": [],
    "accepted": [("accept", "owner")],
    "rejected": [("reject", "owner")],
    "dispatched": [("accept", "owner"), ("dispatch", "owner")],
    "suspended": [("accept", "owner"), ("suspend", "parent")],
}
PATHS["signed"] = [*PATHS["dispatched"], ("sign", "assignee")]
PATHS["in_progress"] = [*PATHS["signed"], ("start", "assignee")]
PATHS["handled"] = [*PATHS["in_progress"], ("feedback", "assignee")]
PATHS["verified"] = [*PATHS["handled"], ("verify", "owner")]
PATHS["closed"] = [*PATHS["verified"], ("close", "owner")]
PATHS["evaluated"] = [*PATHS["closed"], ("evaluate", "owner")]

# the state each action is tried from, and the state it must lead to
FROM = {
    "accept": ("reported", "accepted"),
    "reject": ("reported", "rejected"),
    "dispatch": ("accepted", "dispatched"),
    "sign": ("dispatched", "signed"),
    "start": ("signed", "in_progress"),
    "feedback": ("in_progress", "handled"),
    "verify": ("handled", "verified"),
    "rework": ("handled", "in_progress"),
    "close": ("verified", "closed"),
    "evaluate": ("closed", "evaluated"),
    "return": ("in_progress", "accepted"),
    "escalate": ("accepted", "reported"),
    "supervise": ("dispatched", "dispatched"),
    "suspend": ("signed", "suspended"),
    "resume": ("suspended", "accepted"),
    "extend": ("in_progress", "in_progress"),
}


def is_assignee(level: str, p: object) -> bool:
    """Spec: the grid's worker, the target center's staff, or the department's liaison."""
    _sev, center, target = LEVELS[level]
    if level == "village":
        return p.login == login("grid_worker", target)  # type: ignore[attr-defined]
    if level == "township":
        return p.org_id == target and p.role in STAFF  # type: ignore[attr-defined]
    return p.org_id == center and p.role == "liaison"  # type: ignore[attr-defined]


def expected_allowed(action: str, level: str, p: object) -> bool:
    """Who may do ``action`` on an incident owned at ``level`` (from the issue text)."""
    _sev, center, _t = LEVELS[level]
    org, role = p.org_id, p.role  # type: ignore[attr-defined]
    owner = org == center and role in STAFF
    parent = org == PARENT[center] and role in APPROVER
    if action in ("accept", "reject", "dispatch", "verify", "rework", "close", "escalate"):
        return owner
    if action in ("sign", "start", "feedback", "return"):
        return is_assignee(level, p)
    if action == "evaluate":
        return owner or p.login == REPORTER  # type: ignore[attr-defined]
    if action == "supervise":
        return org in ANCESTORS[center] and role in APPROVER
    if action in ("suspend", "extend"):
        return parent
    assert action == "resume"
    return owner or parent


class Builder:
    """Makes incidents in a given state at a given owning level."""

    def __init__(self, svc: DispatchService, level: str) -> None:
        self.svc, self.level = svc, level
        self.severity, self.center, self.target = LEVELS[level]
        self.owner = login("operator", self.center)
        self.parent = login("duty_officer", PARENT[self.center])
        self.assignee = next(p.login for p in PEOPLE if is_assignee(level, p))

    def make(self, state: str) -> str:
        inc = self.svc.report(REPORTER, G1, "other", self.severity, f"{self.level} {state}")
        assert inc.center_id == self.center
        for action, who in PATHS[state]:
            self.svc.act(inc.id, action, getattr(self, who), **kwargs(action, self.target))
        assert self.svc.get(inc.id).state == state
        return inc.id


def kwargs(action: str, target: str) -> dict[str, object]:
    """Valid arguments for ``action``."""
    out: dict[str, object] = {"reason": "matrix"}
    if action == "dispatch":
        out["to"] = target
    if action == "evaluate":
        out["rating"] = 4
    return out


@pytest.mark.parametrize("action", ACTIONS)
def test_role_action_level_matrix(svc: DispatchService, clock: object, action: str) -> None:
    """Each user of the tiny tree either does ``action`` or gets a named refusal."""
    for level in LEVELS:
        if action == "escalate" and level == "city":
            continue  # nothing above the city: see test_city_cannot_escalate
        b = Builder(svc, level)
        start, end = FROM[action]
        probe = b.make(start)
        before = svc.get(probe)
        allowed = [p for p in PEOPLE if expected_allowed(action, level, p)]
        assert allowed or (action, level) == ("supervise", "city"), (action, level)
        for p in PEOPLE:
            if p in allowed:
                continue
            args = kwargs(action, b.target)
            if action == "extend":
                args["deadline"] = before.created_at + timedelta(days=90)
            with pytest.raises(PermissionDeniedError, match=r"^permission denied: "):
                svc.act(probe, action, p.login, **args)  # type: ignore[arg-type]
        after = svc.get(probe)
        assert after.version == before.version and len(svc.history(probe)) == before.version
        for p in allowed:
            inc_id = b.make(start)
            args = kwargs(action, b.target)
            if action == "extend":
                args["deadline"] = svc.get(inc_id).created_at + timedelta(days=90)
            done = svc.act(inc_id, action, p.login, **args)  # type: ignore[arg-type]
            want = PARENT[b.center] if action == "escalate" else b.center
            assert (done.state, done.center_id) == (end, want), (action, level, p.login)


def test_city_cannot_escalate(svc: DispatchService) -> None:
    b = Builder(svc, "city")
    inc = b.make("accepted")
    with pytest.raises(Exception, match="top center"):
        svc.act(inc, "escalate", b.owner, reason="up")


def test_every_forbidden_state_action_pair(svc: DispatchService) -> None:
    """From each state, every action not in the table is an invalid transition."""
    b = Builder(svc, "township")
    for state in STATES:
        inc = b.make(state)
        version = svc.get(inc).version
        for action in ACTIONS:
            if (state, action) in TRANSITIONS:
                continue
            with pytest.raises(InvalidTransitionError, match=r"^invalid transition: "):
                svc.act(inc, action, b.owner, reason="x", rating=3, to=b.target)
        assert svc.get(inc).version == version
