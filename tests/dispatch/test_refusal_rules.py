"""Every refusal names its rule (``dispatch.errors.RULE_KEYS``), so the console can translate it.

One real refusal per rule id with its exact context; and every raise in ``dispatch/`` read from
the source, so that a raise no test reaches passes a known rule and its keys too. (The autouse
fixture in conftest.py checks every refusal the other dispatch tests make.)
"""

from __future__ import annotations

import ast
import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
from dispatch_tiny import CITY, D1, D2, G1, G1B, PASSWORD, T1, V1, TOrg, TPerson, TSeed, login

from dispatch import errors
from dispatch.errors import (
    RULE_KEYS,
    AuthenticationError,
    ConflictError,
    DispatchError,
    HeldError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
    ValidationError,
)
from dispatch.feed import ChangeFeed
from dispatch.models import CHANNELS, LEVELS, ROLES, SEVERITIES, STATES
from dispatch.seed import SeedDataError, SeedGeometryError
from dispatch.seed.data import name_parts
from dispatch.seed.partition import partition
from dispatch.seed.tree import community_names
from dispatch.service import DispatchService
from dispatch.store import Store

OP = login("operator", T1)  # the general incidents below belong to township T1
GW = login("grid_worker", G1)
DUTY_D1 = login("duty_officer", D1)  # T1's parent center
DOWN = "postgresql://postgres@127.0.0.1:1/none"  # nothing listens on port 1
DOWN_SHOWN = "postgresql+psycopg://postgres@127.0.0.1:1/none"

# Rules no call can reach today; the source scan below still checks their raises.
UNREACHABLE = {
    "escalate_not_center": "the parent of a center and the city are always centers",
    "concurrent_change": "the write lock serialises actions, so the version check never loses",
}


@dataclass
class Env:
    """A service over the tiny hierarchy with incidents in the states the cases need."""

    svc: DispatchService
    tmp: Path
    now: Any
    inc: str  # general, reported, at T1 (grid G1)
    accepted: str  # general, accepted, at T1
    major: str  # major, reported, at the city
    closed: str  # general, closed, at T1


def _closed(svc: DispatchService) -> str:
    inc = svc.report(GW, G1, "other", "general", "closed").id
    steps = [("accept", OP), ("dispatch", OP)]
    steps += [(a, login("operator", V1)) for a in ("sign", "start", "feedback")]
    for action, who in [*steps, ("verify", OP), ("close", OP)]:
        svc.act(inc, action, who, to=V1 if action == "dispatch" else None)
    return inc


@pytest.fixture
def env(svc: DispatchService, clock: Any, tmp_path: Path) -> Env:
    """The incidents of :class:`Env` on a fresh service."""
    accepted = svc.report(GW, G1, "other", "general", "accepted").id
    svc.act(accepted, "accept", OP)
    return Env(
        svc,
        tmp_path,
        clock.now,
        svc.report(GW, G1, "other", "general", "reported").id,
        accepted,
        svc.report(GW, G1, "other", "major", "major").id,
        _closed(svc),
    )


def _report(e: Env, who: str, grid: str, **kw: Any) -> Any:
    args = {"category": "other", "severity": "general", "title": "t", **kw}
    return e.svc.report(who, grid, **args)


def _repair_order(e: Env) -> Any:
    """A repair order for camera cam-9, filed once per camera (the second is refused)."""
    return e.svc.report_as_system(
        G1, "equipment.camera_offline", "general", "摄像机离线", cameras=["cam-9"],
        once_per_camera=True,
    )  # fmt: skip


def _open_order(e: Env) -> str:
    """The repair order the first call filed."""
    return next(i.id for i in e.svc.list_incidents(open_only=True) if i.cameras == ("cam-9",))


def _evidence(e: Env) -> Path:
    path = e.tmp / "evidence.jpg"
    path.write_bytes(b"\xff\xd8 evidence")
    return path


def _down(call: Callable[[Store], object]) -> Callable[[Env], object]:
    def run(_e: Env) -> object:
        store = Store.open(DOWN)
        try:
            return call(store)
        finally:
            store.close()

    return run


def _listen_down(store: Store) -> object:
    feed = ChangeFeed(store)
    try:
        return feed.wait_for_change(0, 0.1)
    finally:
        feed.close()


def _gridless_township(e: Env) -> object:
    grid = f"{T1}900-01"  # a grid straight under the township: no village center above it
    e.svc.load_hierarchy(TSeed(orgs=[TOrg(grid, "镇直网格", "grid", T1, "urban")]), PASSWORD)
    return _report(e, OP, grid, severity="simple")


Want = dict[str, Any] | Callable[[Env], dict[str, Any]]


def _ptz_held(e: Env) -> object:
    e.svc.take_ptz(login("operator", D1), "cam-7", G1)
    return e.svc.take_ptz(login("operator", T1), "cam-7", G1)  # a lower center waits


CASES: list[tuple[type[DispatchError], Callable[[Env], object], Want]] = [
    # rules.py
    (
        InvalidTransitionError,
        lambda e: e.svc.act(e.inc, "fly", OP),
        {"rule": "unknown_action", "action": "fly"},
    ),
    (
        InvalidTransitionError,
        lambda e: e.svc.act(e.inc, "sign", OP),
        {
            "rule": "state",
            "action": "sign",
            "state": "reported",
            "allowed": ["accept", "escalate", "extend", "reject", "supervise"],
        },
    ),
    (
        PermissionDeniedError,
        lambda e: e.svc.act(e.inc, "accept", login("maintenance", T1)),
        {"rule": "maintenance_role", "login": login("maintenance", T1)},
    ),
    (
        PermissionDeniedError,
        lambda e: e.svc.act(e.inc, "accept", login("operator", D2)),
        {"rule": "outside_subtree", "org": D2, "grid": G1},
    ),
    (
        PermissionDeniedError,
        lambda e: e.svc.act(e.inc, "accept", login("operator", D1)),
        {"rule": "actor", "action": "accept", "actor_rule": "owner", "role": "operator", "org": D1},
    ),
    (
        PermissionDeniedError,
        lambda e: _report(e, GW, G1B),
        {"rule": "report_own_grid", "own_grid": G1, "grid": G1B},
    ),
    (
        PermissionDeniedError,
        lambda e: _report(e, login("maintenance", T1), G1),
        {"rule": "report_role", "role": "maintenance"},
    ),
    (
        PermissionDeniedError,
        lambda e: _report(e, login("operator", D2), G1),
        {"rule": "report_outside_subtree", "org": D2, "grid": G1},
    ),
    # actions.py
    (
        ValidationError,
        lambda e: e.svc.act(e.accepted, "dispatch", OP),
        {"rule": "dispatch_target_missing"},
    ),
    (
        PermissionDeniedError,
        lambda e: e.svc.act(e.accepted, "dispatch", OP, to=f"dept-{D1}-police"),
        {
            "rule": "dispatch_department",
            "center": T1,
            "target": f"dept-{D1}-police",
            "dept_org": D1,
        },
    ),
    (
        PermissionDeniedError,
        lambda e: e.svc.act(e.accepted, "dispatch", OP, to=D2),
        {"rule": "dispatch_down", "center": T1, "target": D2},
    ),
    (
        ValidationError,
        lambda e: e.svc.act(e.major, "escalate", login("operator", CITY), reason="up"),
        {"rule": "escalate_top", "center": CITY},
    ),
    (
        PermissionDeniedError,
        lambda e: e.svc.act(e.inc, "escalate", OP, to=CITY, reason="up"),
        {"rule": "escalate_parent", "parent": D1, "target": CITY},
    ),
    (
        ValidationError,
        lambda e: e.svc.act(e.closed, "evaluate", OP, rating=9),
        {"rule": "rating_range"},
    ),
    (
        ValidationError,
        lambda e: e.svc.act(e.inc, "supervise", DUTY_D1, deadline=e.now - timedelta(hours=1)),
        {"rule": "supervise_future"},
    ),
    (
        ValidationError,
        lambda e: e.svc.act(e.inc, "extend", DUTY_D1),
        {"rule": "extend_deadline_missing"},
    ),
    (
        ValidationError,
        lambda e: e.svc.act(e.inc, "extend", DUTY_D1, deadline=e.now),
        lambda e: {"rule": "extend_later", "deadline": e.svc.get(e.inc).deadline.isoformat()},
    ),
    # service.py, queries.py, categories.py, incidents.py, writer.py, upkeep.py
    (
        ValidationError,
        lambda e: _report(e, OP, V1),
        {"rule": "report_not_grid", "grid": V1, "level": "village"},
    ),
    (
        ValidationError,
        lambda e: _report(e, GW, G1, severity="huge"),
        {"rule": "severity_unknown", "severity": "huge", "severities": list(SEVERITIES)},
    ),
    (
        ValidationError,
        lambda e: _report(e, GW, G1, channel="fax"),
        {"rule": "channel_unknown", "channel": "fax", "channels": list(CHANNELS)},
    ),
    (ValidationError, lambda e: _report(e, GW, G1, title="  "), {"rule": "title_required"}),
    (
        ValidationError,
        lambda e: _report(e, GW, G1, category="nope"),
        {"rule": "category_unknown", "category": "nope"},
    ),
    (
        ValidationError,
        lambda e: e.svc.act(e.inc, "reject", OP),
        {"rule": "reason_required", "action": "reject"},
    ),
    (
        ConflictError,
        lambda e: e.svc.act(e.inc, "accept", OP, expect_version=7),
        lambda e: {"rule": "stale_version", "incident": e.inc, "version": 1, "expected": 7},
    ),
    (
        ConflictError,
        lambda e: [_repair_order(e) for _ in range(2)],
        lambda e: {"rule": "open_for_camera", "incident": _open_order(e), "camera": "cam-9"},
    ),
    (
        NotFoundError,
        lambda e: e.svc.get("TC-19990101-000001"),
        {"rule": "incident_missing", "incident": "TC-19990101-000001"},
    ),
    (
        ValidationError,
        lambda e: e.svc.list_incidents(state="lost"),
        {"rule": "state_unknown", "state": "lost", "states": list(STATES)},
    ),
    (
        ValidationError,
        lambda e: e.svc.add_attachment(e.inc, OP, e.tmp / "missing.jpg"),
        lambda e: {
            "rule": "attachment_unreadable",
            "path": str(e.tmp / "missing.jpg"),
            "os_error": "ENOENT",
        },
    ),
    (
        PermissionDeniedError,
        lambda e: e.svc.add_attachment(e.inc, login("operator", D2), _evidence(e)),
        lambda e: {"rule": "attach_outside_subtree", "org": D2, "grid": G1, "incident": e.inc},
    ),
    (
        AuthenticationError,
        lambda e: e.svc.authenticate(OP, "wrong"),
        {"rule": "login_failed", "login": OP},
    ),
    # hierarchy.py, orgs.py
    (NotFoundError, lambda e: e.svc.org("619999"), {"rule": "org_missing", "org": "619999"}),
    (NotFoundError, lambda e: e.svc.user("nobody"), {"rule": "user_missing", "login": "nobody"}),
    (
        NotFoundError,
        lambda e: e.svc.department("dept-none"),
        {"rule": "department_missing", "department": "dept-none"},
    ),
    (
        NotFoundError,
        _gridless_township,
        {"rule": "no_center_above", "grid": f"{T1}900-01", "level": "village"},
    ),
    (
        ValidationError,
        lambda e: e.svc.users(role="king"),
        {"rule": "role_unknown", "role": "king", "roles": list(ROLES)},
    ),
    (
        ValidationError,
        lambda e: e.svc.orgs(level="planet"),
        {"rule": "level_unknown", "level": "planet", "levels": list(LEVELS)},
    ),
    (
        ValidationError,
        lambda e: e.svc.load_hierarchy(TSeed(orgs=[TOrg("610299", "x", "planet", CITY)])),
        {"rule": "load_level_unknown", "org": "610299", "level": "planet", "levels": list(LEVELS)},
    ),
    (
        ValidationError,
        lambda e: e.svc.load_hierarchy(TSeed(orgs=[TOrg("610298", "x", "district", "619999")])),
        {"rule": "load_parent_unknown", "org": "610298", "parent": "619999"},
    ),
    (
        ValidationError,
        lambda e: e.svc.load_hierarchy(TSeed(people=[TPerson("king_1", "k", CITY, "king")])),
        {"rule": "load_role_unknown", "login": "king_1", "role": "king", "roles": list(ROLES)},
    ),
    # ptz.py
    (
        PermissionDeniedError,
        lambda e: e.svc.take_ptz(login("liaison", CITY), "cam-7", G1),
        {"rule": "ptz_role", "role": "liaison"},
    ),
    (
        PermissionDeniedError,
        lambda e: e.svc.take_ptz(login("operator", D2), "cam-7", G1),
        {"rule": "ptz_outside_subtree", "org": D2, "camera": "cam-7"},
    ),
    (
        HeldError,
        _ptz_held,
        lambda e: {
            "rule": "ptz_held",
            "camera": "cam-7",
            "holder": e.svc.user(login("operator", D1)).name,
            "holder_org": D1,
            "seconds": 30,
        },
    ),
    # store.py, feed.py
    (StoreError, lambda e: Store.open("not a url"), {"rule": "store_url"}),
    (
        StoreError,
        lambda e: Store.open("mysql://u@h/db"),
        {"rule": "store_backend", "backend": "mysql"},
    ),
    (
        StoreError,
        _down(lambda s: s.migrate()),
        {"rule": "store_migrate", "url": DOWN_SHOWN, "error": ANY},
    ),
    (
        StoreError,
        _down(lambda s: s.require_schema()),
        {"rule": "store_open", "url": DOWN_SHOWN, "error": ANY},
    ),
    (StoreError, _down(_listen_down), {"rule": "store_listen", "url": DOWN_SHOWN, "error": ANY}),
    (
        StoreError,
        _down(lambda s: DispatchService(s).get("TC-20261127-000001")),
        {"rule": "store_unreachable", "url": DOWN_SHOWN, "error": ANY},
    ),
    (
        StoreError,
        lambda e: Store.open(f"sqlite:///{e.tmp / 'empty.db'}").require_schema(),
        lambda e: {"rule": "store_no_schema", "url": f"sqlite:///{e.tmp / 'empty.db'}"},
    ),
    # seed/
    (
        SeedDataError,
        lambda e: community_names(dataclasses.replace(name_parts(), community_suffixes=("",)), 73),
        {"rule": "seed_data", "resource": "names.json", "problem": ANY},
    ),
    (
        SeedGeometryError,
        lambda e: partition([], [], random.Random(0), CITY),
        {"rule": "seed_geometry", "org_id": CITY, "problem": "nothing to partition into"},
    ),
]


def test_each_refusal_carries_its_rule_and_keys(env: Env) -> None:
    seen = []
    for cls, call, want in CASES:
        with pytest.raises(cls) as info:
            call(env)
        expected = want if isinstance(want, dict) else want(env)
        assert info.value.context == expected, expected["rule"]
        seen.append(expected["rule"])
    assert sorted(seen) == sorted(set(RULE_KEYS) - set(UNREACHABLE))


def _error_names() -> set[str]:
    return {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, DispatchError)
    }


def test_every_raise_in_the_source_names_its_rule_and_keys() -> None:
    """Reads dispatch/**/*.py: each ``raise <DispatchError class>(...)`` passes ``rule=`` a
    literal of RULE_KEYS and exactly that rule's keys (seed errors name theirs in __init__)."""
    names, problems, checked = _error_names(), [], set()
    for path in sorted(Path(errors.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
                continue
            func = node.exc.func
            if not isinstance(func, ast.Name) or func.id not in names:
                continue
            kw = {k.arg: k.value for k in node.exc.keywords}
            rule = kw.pop("rule", None)
            where = f"{path.name}:{node.lineno}"
            if not isinstance(rule, ast.Constant) or rule.value not in RULE_KEYS:
                problems.append(f"{where}: no known rule")
            elif set(kw) != RULE_KEYS[rule.value]:
                problems.append(f"{where}: {rule.value} passes {sorted(map(str, kw))}")
            else:
                checked.add(rule.value)
    assert problems == []
    assert checked == set(RULE_KEYS) - {"seed_data", "seed_geometry"}
