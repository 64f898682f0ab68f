"""Every refusal rule reads fully in Chinese and in English (console/board/refusals.py).

The Chinese line may keep ASCII letters only where the refusal shows an id, a login, a path, an
address or a value the user typed; everything else must be translated. Refusals come from the
real service on the board's small world (what users can run into), and, for every rule id of
``dispatch.errors.RULE_KEYS``, from a refusal built with that rule's keys.
"""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

import logging
import re
import string
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from board_world import CITY, G1, G2, G3, T1, V1, WANGYI, YINTAI, World, english_ui, world  # noqa: F401

from console import i18n
from console.board import labels, refusals
from dispatch.errors import RULE_KEYS, DispatchError, ValidationError
from dispatch.models import CHANNELS, LEVELS, ROLES, SEVERITIES, STATES
from dispatch.rules import ACTIONS
from dispatch.seed.models import HierarchySeed, PersonSeed

MNT = "mnt_wangyi"
# Keys whose value the refusal shows as given (or by an org's name): ids, logins, paths …
SHOWN_AS_GIVEN = frozenset(
    {"org", "grid", "center", "target", "parent", "own_grid", "dept_org", "incident", "login"}
    | {"url", "path", "resource", "org_id", "backend", "department", "category", "camera"}
    | {"holder", "holder_org"}
)
# Code keys: a known code must be translated; an unknown one is what the user typed.
CODE_TABLES = {
    "action": labels.ACTIONS,
    "state": labels.STATES,
    "severity": labels.SEVERITIES,
    "channel": labels.CHANNELS,
    "level": labels.LEVELS,
    "role": refusals.ROLES,
}
PRODUCT_NAMES = ("SQLite", "PostgreSQL")
CJK = re.compile(r"[\u3400-\u9fff]")

# Sample values per key, for the refusals built from RULE_KEYS (unknown-value rules get "bogus").
SAMPLES: dict[str, Any] = {
    "action": "dispatch",
    "camera": "cam-7",
    "state": "accepted",
    "allowed": ["dispatch", "escalate"],
    "login": "wangyi_op",
    "org": WANGYI,
    "grid": G1,
    "center": T1,
    "target": f"dept-{WANGYI}-police",
    "parent": WANGYI,
    "own_grid": G2,
    "dept_org": CITY,
    "actor_rule": "owner",
    "role": "duty_officer",
    "incident": "TC-20261127-000001",
    "version": 2,
    "expected": 1,
    "deadline": "2026-11-27T10:00:00+08:00",
    "severity": "major",
    "severities": list(SEVERITIES),
    "channel": "walk_in",
    "channels": list(CHANNELS),
    "category": "nope",
    "states": list(STATES),
    "level": "village",
    "levels": list(LEVELS),
    "roles": list(ROLES),
    "path": "/var/lib/xueliang/snap-0001.jpg",
    "os_error": "EACCES",
    "department": "dept-610202-fire",
    "url": "postgresql+psycopg://xueliang@10.0.0.5/xueliang",
    "backend": "mysql",
    "error": "connection refused",
    "resource": "names.json",
    "problem": "50 community names for 73 communities",
    "org_id": WANGYI,
    "holder": "余国娟",
    "holder_org": WANGYI,
    "seconds": 23,
}


def built_refusal(rule: str) -> DispatchError:
    """A refusal carrying ``rule`` and its keys with sample values."""
    context = {key: SAMPLES[key] for key in RULE_KEYS[rule]}
    if "unknown" in rule:
        context |= dict.fromkeys(RULE_KEYS[rule] & {*CODE_TABLES, "category"}, "bogus")
    return ValidationError("a message the translation replaces", rule=rule, **context)


def service_refusals(world: World, tmp_path: Path) -> list[DispatchError]:
    """Refusals of the real service: every action of a few users on incidents in several states,
    with the arguments that break each action's rules, then reports and look-ups that fail."""
    svc, op, gw = world.svc, f"op_{T1}", f"gw_{G1}_1"
    maintenance = PersonSeed(MNT, "运维员", WANGYI, "maintenance", None)
    svc.load_hierarchy(HierarchySeed((), (maintenance,), ()))
    users = ["city_op", "wangyi_duty", op, f"duty_{T1}", f"op_{V1}", f"op_{YINTAI}", gw, MNT]
    general = svc.report(gw, G1, "dispute", "general", "reported").id  # owned by T1
    major = svc.report(gw, G1, "dispute", "major", "major").id  # owned by the city
    accepted = svc.report(gw, G1, "dispute", "general", "accepted").id
    svc.act(accepted, "accept", op)
    closed = svc.report(gw, G1, "dispute", "general", "closed").id
    steps = [("accept", op), ("dispatch", op), ("sign", f"op_{V1}"), ("start", f"op_{V1}")]
    for action, who in [*steps, ("feedback", f"op_{V1}"), ("verify", op), ("close", op)]:
        svc.act(closed, action, who, to=V1 if action == "dispatch" else None)
    past = datetime.now(UTC) - timedelta(days=400)
    breaking: dict[str, list[dict[str, Any]]] = {
        "accept": [{"expect_version": 99}],
        "dispatch": [{}, {"to": G3}, {"to": f"dept-{WANGYI}-police"}],
        "escalate": [{}, {"to": CITY, "reason": "r"}],
        "evaluate": [{"rating": 9}],
        "supervise": [{"deadline": past}],
        "extend": [{}, {"deadline": past}],
        **{a: [{}] for a in ("reject", "return", "rework", "suspend")},
    }
    calls: list[Callable[[], object]] = []
    for inc in (general, major, accepted, closed):
        for who in users:
            allowed = svc.allowed_actions(inc, who)
            for action in ACTIONS:
                variants = breaking.get(action, []) if action in allowed else [{"reason": "r"}]
                calls += [
                    lambda i=inc, a=action, w=who, kw=kw: svc.act(i, a, w, **kw) for kw in variants
                ]
    for who in users:
        calls += [
            lambda w=who, g=grid: svc.report(w, g, "dispute", "simple", "t")
            for grid in (G1, G2, G3)
        ]
    bad_reports = [{"grid_id": V1}, {"severity": "huge"}, {"channel": "fax"}, {"title": " "}]
    bad_reports += [{"category": "nope"}]
    for bad in bad_reports:
        args = {"grid_id": G1, "category": "dispute", "severity": "simple", "title": "t", **bad}
        calls.append(lambda args=args: svc.report(op, **args))
    evidence = tmp_path / "evidence.jpg"
    evidence.write_bytes(b"\xff\xd8 evidence")
    calls += [
        lambda: svc.get("TC-19990101-000001"),
        lambda: svc.add_attachment(general, op, tmp_path / "missing.jpg"),
        lambda: svc.add_attachment(general, f"op_{YINTAI}", evidence),
        lambda: svc.authenticate(op, "wrong"),
        lambda: svc.list_incidents(state="lost"),
    ]
    refused: dict[str, DispatchError] = {}
    for call in calls:
        try:
            call()
        except DispatchError as exc:
            refused.setdefault(f"{type(exc).__name__} {exc.context}", exc)
    return list(refused.values())


def _allowed_text(exc: DispatchError, name_of: Callable[[str], str]) -> list[str]:
    """What a refusal may show untranslated: its ids (and their names) and typed values."""
    shown: list[str] = list(PRODUCT_NAMES)
    for key, value in exc.context.items():
        if key in SHOWN_AS_GIVEN:
            shown += [str(value), name_of(str(value))]
        elif key in CODE_TABLES and str(value) not in CODE_TABLES[key]:
            shown.append(str(value))
    return sorted(shown, key=len, reverse=True)


def _check(exc: DispatchError, name_of: Callable[[str], str], caplog: Any) -> list[str]:
    """Problems of one refusal's Chinese and English lines."""
    rule = str(exc.context.get("rule"))
    problems = []
    lines = {}
    caplog.clear()
    for language in ("zh_CN", "en"):
        i18n.install(language)
        lines[language] = refusals.refusal_text(exc, name_of)
    i18n.install("en")
    problems += [
        f"{rule}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.WARNING
    ]
    for language, line in lines.items():
        rest = line
        for text in _allowed_text(exc, name_of):
            rest = rest.replace(text, " ")
        if language == "zh_CN" and re.search(r"[A-Za-z]", rest):
            problems.append(f"{rule}: English left in {line!r}")
        if language == "en" and (CJK.search(rest) or set("{}") & set(rest)):
            problems.append(f"{rule}: not English: {line!r}")
        if exc.message in line:
            problems.append(f"{rule}: shows the service's message in {line!r}")
    return problems


def names(world: World) -> Callable[[str], str]:
    """Org and department names by id, the id when unknown (what the board's controller does)."""
    table = {o.id: o.name for o in world.svc.orgs()}
    table |= {d.id: d.name for d in world.svc.departments()}
    return lambda oid: table.get(oid, oid)


def test_every_rule_has_its_texts_and_keys() -> None:
    assert set(refusals.RULES) == set(RULE_KEYS)
    for rule, source in refusals.RULES.items():
        used = {f[1] for f in string.Formatter().parse(source) if f[1]}
        assert used <= RULE_KEYS[rule], rule
    assert set(refusals.OS_ERRORS) <= {"ENOENT", "EACCES", "EPERM", "EISDIR"}


def test_every_rule_reads_in_chinese_and_english(world: World, caplog: Any) -> None:
    name_of = names(world)
    problems = [p for rule in RULE_KEYS for p in _check(built_refusal(rule), name_of, caplog)]
    assert problems == []


def test_service_refusals_read_in_chinese_and_english(
    world: World, tmp_path: Path, caplog: Any
) -> None:
    refused = service_refusals(world, tmp_path)
    name_of = names(world)
    problems = [p for exc in refused for p in _check(exc, name_of, caplog)]
    assert problems == []
    rules = {exc.context.get("rule") for exc in refused}
    # what a console user runs into, each met at least once by the sweep above
    assert rules >= {
        "state", "maintenance_role", "outside_subtree", "actor", "report_own_grid",
        "report_role", "report_outside_subtree", "dispatch_target_missing", "dispatch_department",
        "dispatch_down", "escalate_top", "escalate_parent", "rating_range", "supervise_future",
        "extend_deadline_missing", "extend_later", "report_not_grid", "severity_unknown",
        "channel_unknown", "title_required", "category_unknown", "reason_required",
        "stale_version", "incident_missing", "state_unknown", "attachment_unreadable",
        "attach_outside_subtree", "login_failed",
    }, rules  # fmt: skip
