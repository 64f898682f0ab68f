"""One translated line for a refusal of the dispatch service, used by every board widget.

A refusal reads ``<headline> — <detail>``. The headline depends on the error class and says what
happened and what to do (``无权操作`` for PermissionDeniedError …). The detail is translated per
rule when the error's ``context`` names one (``rule=`` plus the keys listed in ``RULES``);
otherwise it is the service's English message, which always says which rule was broken.

Context contract (what a raise in ``dispatch/`` passes so the console can translate its detail):
``rule`` is a key of ``RULES`` and of ``dispatch.errors.RULE_KEYS``, which lists the keys each
rule carries. ``action``, ``state``, ``severity``, ``channel``, ``level`` are codes and
``allowed``, ``states``, ``severities``, ``channels``, ``levels`` lists of codes (shown by their
labels); ``role`` a role code; ``actor_rule`` a key of ``ACTOR_RULES``; ``org``, ``grid``,
``center``, ``target``, ``parent``, ``own_grid``, ``dept_org`` org or department ids (shown by
name); ``deadline`` an ISO time (shown in local time); ``os_error`` an errno name; anything else
is shown as given. A translation may leave out a key, e.g. the English ``error`` of a database
driver.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from console.board import labels
from console.service_calls import InternalError
from console.site_time import on_site
from dispatch.errors import (
    AuditChainError,
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

logger = logging.getLogger(__name__)

CONTEXT = "Refusals"

# Most specific first; the last entry catches any other DispatchError.
HEADLINES: tuple[tuple[type[DispatchError], str], ...] = (
    (PermissionDeniedError, str(QT_TRANSLATE_NOOP("Refusals", "Not permitted"))),
    (
        InvalidTransitionError,
        str(QT_TRANSLATE_NOOP("Refusals", "Not possible in the current state")),
    ),
    (
        ConflictError,
        str(
            QT_TRANSLATE_NOOP(
                "Refusals", "Changed by someone else, check the latest state and retry"
            )
        ),
    ),
    (ValidationError, str(QT_TRANSLATE_NOOP("Refusals", "Invalid input, correct it and retry"))),
    (NotFoundError, str(QT_TRANSLATE_NOOP("Refusals", "Not found, refresh and try again"))),
    (
        HeldError,
        str(QT_TRANSLATE_NOOP("Refusals", "In use by someone else, wait or ask a higher center")),
    ),
    (AuthenticationError, str(QT_TRANSLATE_NOOP("Refusals", "Wrong login or password"))),
    (
        StoreError,
        str(QT_TRANSLATE_NOOP("Refusals", "Database unavailable, check the connection")),
    ),
    (
        AuditChainError,
        str(QT_TRANSLATE_NOOP("Refusals", "Audit trail damaged, tell the administrator")),
    ),
    (
        InternalError,
        str(QT_TRANSLATE_NOOP("Refusals", "Internal error, see the log and report it")),
    ),
    (DispatchError, str(QT_TRANSLATE_NOOP("Refusals", "Refused"))),
)

RULES: dict[str, str] = {
    # dispatch/rules.py
    "state": str(
        QT_TRANSLATE_NOOP(
            "Refusals", "{action} is not possible while it is {state}; possible: {allowed}"
        )
    ),
    "maintenance_role": str(
        QT_TRANSLATE_NOOP("Refusals", "maintenance staff may not act on incidents")
    ),
    "outside_subtree": str(
        QT_TRANSLATE_NOOP("Refusals", "grid {grid} lies outside the area of {org}")
    ),
    "actor": str(QT_TRANSLATE_NOOP("Refusals", "{action}: {actor_rule} may do this")),
    "report_own_grid": str(
        QT_TRANSLATE_NOOP("Refusals", "a grid worker reports only in their own grid {own_grid}")
    ),
    "report_role": str(QT_TRANSLATE_NOOP("Refusals", "{role} may not report incidents")),
    "report_outside_subtree": str(
        QT_TRANSLATE_NOOP("Refusals", "grid {grid} lies outside the area of {org}")
    ),
    # dispatch/actions.py
    "dispatch_target_missing": str(
        QT_TRANSLATE_NOOP("Refusals", "pick a lower center, a grid or a department")
    ),
    "dispatch_department": str(
        QT_TRANSLATE_NOOP(
            "Refusals", "only departments of {center} may be dispatched to; {target} is not one"
        )
    ),
    "dispatch_down": str(
        QT_TRANSLATE_NOOP("Refusals", "{target} is not below {center} nor one of its departments")
    ),
    "escalate_top": str(QT_TRANSLATE_NOOP("Refusals", "{center} is the top center")),
    "escalate_parent": str(
        QT_TRANSLATE_NOOP(
            "Refusals",
            "escalate to {parent}; only major or urgent incidents may go straight to the city",
        )
    ),
    "escalate_not_center": str(QT_TRANSLATE_NOOP("Refusals", "{target} is not a center")),
    "rating_range": str(QT_TRANSLATE_NOOP("Refusals", "the rating must be between 1 and 5")),
    "supervise_future": str(
        QT_TRANSLATE_NOOP("Refusals", "the supervision deadline must lie in the future")
    ),
    "extend_deadline_missing": str(QT_TRANSLATE_NOOP("Refusals", "pick the new deadline")),
    "extend_later": str(
        QT_TRANSLATE_NOOP("Refusals", "the new deadline must be later than {deadline}")
    ),
    # dispatch/service.py, queries.py
    "reason_required": str(QT_TRANSLATE_NOOP("Refusals", "{action} needs a reason")),
    "stale_version": str(
        QT_TRANSLATE_NOOP("Refusals", "you saw version {expected}, it is now at {version}")
    ),
    "open_for_camera": str(
        QT_TRANSLATE_NOOP("Refusals", "{incident} is open for camera {camera} already")
    ),
    "concurrent_change": str(
        QT_TRANSLATE_NOOP("Refusals", "it changed while {action} was being applied")
    ),
    "report_not_grid": str(QT_TRANSLATE_NOOP("Refusals", "{grid} is not a grid")),
    "title_required": str(QT_TRANSLATE_NOOP("Refusals", "enter a title")),
    "incident_missing": str(QT_TRANSLATE_NOOP("Refusals", "incident {incident} does not exist")),
    "unknown_action": str(QT_TRANSLATE_NOOP("Refusals", "there is no action “{action}”")),
    "severity_unknown": str(
        QT_TRANSLATE_NOOP("Refusals", "there is no severity “{severity}”; pick one of {severities}")
    ),
    "channel_unknown": str(
        QT_TRANSLATE_NOOP("Refusals", "there is no channel “{channel}”; pick one of {channels}")
    ),
    "category_unknown": str(
        QT_TRANSLATE_NOOP("Refusals", "there is no category “{category}”; pick one from the list")
    ),
    "state_unknown": str(
        QT_TRANSLATE_NOOP("Refusals", "there is no state “{state}”; pick one of {states}")
    ),
    "attachment_unreadable": str(
        QT_TRANSLATE_NOOP("Refusals", "cannot read the file {path}: {os_error}")
    ),
    "attach_outside_subtree": str(
        QT_TRANSLATE_NOOP(
            "Refusals",
            "incident {incident} lies outside the area of {org}, so no file can be attached to it",
        )
    ),
    "login_failed": str(QT_TRANSLATE_NOOP("Refusals", "check the login {login} and its password")),
    # dispatch/hierarchy.py, orgs.py
    "org_missing": str(QT_TRANSLATE_NOOP("Refusals", "org {org} does not exist")),
    "user_missing": str(QT_TRANSLATE_NOOP("Refusals", "user {login} does not exist")),
    "department_missing": str(
        QT_TRANSLATE_NOOP("Refusals", "department {department} does not exist")
    ),
    "no_center_above": str(
        QT_TRANSLATE_NOOP("Refusals", "grid {grid} has no center of level {level} above it")
    ),
    "role_unknown": str(QT_TRANSLATE_NOOP("Refusals", "there is no role “{role}”")),
    "level_unknown": str(
        QT_TRANSLATE_NOOP("Refusals", "there is no level “{level}”; pick one of {levels}")
    ),
    "load_level_unknown": str(
        QT_TRANSLATE_NOOP(
            "Refusals", "the loaded org {org} has the unknown level “{level}”; use one of {levels}"
        )
    ),
    "load_parent_unknown": str(
        QT_TRANSLATE_NOOP(
            "Refusals", "the loaded org {org} names the unknown parent {parent}; list parents first"
        )
    ),
    "load_role_unknown": str(
        QT_TRANSLATE_NOOP("Refusals", "the loaded user {login} has the unknown role “{role}”")
    ),
    # dispatch/ptz.py
    "ptz_role": str(QT_TRANSLATE_NOOP("Refusals", "{role} may not steer cameras")),
    "ptz_outside_subtree": str(
        QT_TRANSLATE_NOOP("Refusals", "this camera lies outside the area of {org}")
    ),
    "ptz_held": str(
        QT_TRANSLATE_NOOP(
            "Refusals", "{holder} ({holder_org}) steers this camera for another {seconds} s"
        )
    ),
    # dispatch/store.py, feed.py
    "store_url": str(
        QT_TRANSLATE_NOOP(
            "Refusals",
            "cannot read the database address; use sqlite:///PATH or postgresql://USER@HOST/DB",
        )
    ),
    "store_backend": str(
        QT_TRANSLATE_NOOP(
            "Refusals", "the database {backend} is not supported; use SQLite or PostgreSQL"
        )
    ),
    "store_migrate": str(
        QT_TRANSLATE_NOOP(
            "Refusals",
            "cannot upgrade the database {url} ({error}); check the address and the server",
        )
    ),
    "store_open": str(
        QT_TRANSLATE_NOOP(
            "Refusals", "cannot open the database {url} ({error}); check the address and the server"
        )
    ),
    "store_no_schema": str(
        QT_TRANSLATE_NOOP(
            "Refusals", "the database {url} is not set up; run `xueliang db init` first"
        )
    ),
    "store_unreachable": str(
        QT_TRANSLATE_NOOP(
            "Refusals",
            "cannot reach the database {url} ({error}); check the server and the network, then "
            "retry",
        )
    ),
    "store_listen": str(
        QT_TRANSLATE_NOOP("Refusals", "cannot follow the changes of the database {url} ({error})")
    ),
    # dispatch/seed/
    "seed_data": str(
        QT_TRANSLATE_NOOP(
            "Refusals",
            "the shipped data file {resource} is damaged ({problem}); restore it from the "
            "repository",
        )
    ),
    "seed_geometry": str(
        QT_TRANSLATE_NOOP(
            "Refusals", "the map of {org_id} cannot be divided ({problem}); please report this bug"
        )
    ),
}

# Why a file could not be read, for the "attachment_unreadable" rule (errno names).
OS_ERRORS: dict[str, str] = {
    "ENOENT": str(QT_TRANSLATE_NOOP("Refusals", "it does not exist")),
    "EACCES": str(QT_TRANSLATE_NOOP("Refusals", "no permission to read it")),
    "EPERM": str(QT_TRANSLATE_NOOP("Refusals", "no permission to read it")),
    "EISDIR": str(QT_TRANSLATE_NOOP("Refusals", "it is a folder")),
}
OS_ERROR_OTHER = str(QT_TRANSLATE_NOOP("Refusals", "the system could not read it"))

# Who may take an action (dispatch.rules.RULE_TEXT), for the "actor" rule.
ACTOR_RULES: dict[str, str] = {
    "owner": str(
        QT_TRANSLATE_NOOP(
            "Refusals", "only the operator, duty officer or leader of the owning center"
        )
    ),
    "assignee": str(QT_TRANSLATE_NOOP("Refusals", "only the assignee")),
    "owner_or_reporter": str(
        QT_TRANSLATE_NOOP("Refusals", "only the owning center or the reporter")
    ),
    "ancestor": str(
        QT_TRANSLATE_NOOP("Refusals", "only a duty officer or leader above the owning center")
    ),
    "parent": str(
        QT_TRANSLATE_NOOP("Refusals", "only a duty officer or leader of the parent center")
    ),
    "owner_or_parent": str(
        QT_TRANSLATE_NOOP(
            "Refusals", "only the owning center or its parent's duty officer or leader"
        )
    ),
}

ROLES: dict[str, str] = {
    "operator": str(QT_TRANSLATE_NOOP("Refusals", "An operator")),
    "duty_officer": str(QT_TRANSLATE_NOOP("Refusals", "A duty officer")),
    "leader": str(QT_TRANSLATE_NOOP("Refusals", "A leader")),
    "grid_worker": str(QT_TRANSLATE_NOOP("Refusals", "A grid worker")),
    "liaison": str(QT_TRANSLATE_NOOP("Refusals", "A department liaison")),
    "maintenance": str(QT_TRANSLATE_NOOP("Refusals", "Maintenance staff")),
}

ORG_KEYS = frozenset(
    {"org", "grid", "center", "target", "parent", "own_grid", "dept_org", "holder_org"}
)
# Keys holding one code, or a list of codes, shown by their labels.
CODE_TABLES: dict[str, dict[str, str]] = {
    "action": labels.ACTIONS,
    "state": labels.STATES,
    "severity": labels.SEVERITIES,
    "channel": labels.CHANNELS,
    "level": labels.LEVELS,
}
LIST_TABLES: dict[str, dict[str, str]] = {
    "allowed": labels.ACTIONS,
    "states": labels.STATES,
    "severities": labels.SEVERITIES,
    "channels": labels.CHANNELS,
    "levels": labels.LEVELS,
}
NameOf = Callable[[str], str]


def _tr(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


def headline(exc: DispatchError) -> str:
    """The translated headline of a refusal: what happened and what to do."""
    for cls, source in HEADLINES:
        if isinstance(exc, cls):
            return _tr(source)
    return _tr(HEADLINES[-1][1])


def _local_time(value: Any) -> str:
    try:
        return on_site(datetime.fromisoformat(str(value))).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value)


def _value(key: str, value: Any, org_name: NameOf) -> str:
    if key in CODE_TABLES:
        return labels.label(CODE_TABLES[key], str(value))
    if key in LIST_TABLES:
        names = [labels.label(LIST_TABLES[key], str(a)) for a in value or ()]
        return QCoreApplication.translate("Refusals", ", ").join(names) if names else "—"
    if key == "deadline":
        return _local_time(value)
    if key == "os_error":
        return _tr(OS_ERRORS.get(str(value), OS_ERROR_OTHER))
    if key == "role":
        source = ROLES.get(str(value))
        return _tr(source) if source else str(value)
    if key == "actor_rule":
        source = ACTOR_RULES.get(str(value))
        return _tr(source) if source else str(value)
    if key in ORG_KEYS:
        return org_name(str(value))
    return str(value)


def detail(exc: DispatchError, org_name: NameOf | None = None) -> str:
    """The rule detail: translated when ``exc.context`` names a known rule, else the message."""
    context: Mapping[str, Any] = getattr(exc, "context", None) or {}
    source = RULES.get(str(context.get("rule", "")))
    if source is None:
        return str(exc.message)
    name_of = org_name or str
    values = {k: _value(k, v, name_of) for k, v in context.items() if k != "rule"}
    try:
        return _tr(source).format_map(values)
    except (KeyError, IndexError, ValueError) as err:  # a key the raise did not pass
        logger.warning("refusal rule %s lacks %s; showing the message", context["rule"], err)
        return str(exc.message)


def refusal_text(exc: DispatchError, org_name: NameOf | None = None) -> str:
    """``<headline> — <detail>`` in the UI language, one line, for a message bar."""
    line = QCoreApplication.translate("Refusals", "%1 — %2")
    line = line.replace("%1", headline(exc)).replace("%2", detail(exc, org_name))
    return " ".join(line.split())
