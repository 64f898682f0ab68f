"""Named dispatch errors; the CLI prints ``str(exc)`` as one line on stderr.

Every raise also names the rule it enforces in its context: ``rule=`` a key of :data:`RULE_KEYS`
plus exactly the keys listed there, as plain JSON-able values (str, int, list of str). The
console translates the refusal from them (``console/board/refusals.py``); ``str(exc)`` stays the
English message.
"""

from __future__ import annotations

# Context keys each rule id carries besides ``rule`` (codes and ids, never translated text).
RULE_KEYS: dict[str, frozenset[str]] = {
    rule: frozenset(keys.split())
    for rule, keys in {
        # rules.py: state machine and who may act
        "unknown_action": "action",
        "state": "action state allowed",
        "maintenance_role": "login",
        "outside_subtree": "org grid",
        "actor": "action actor_rule role org",
        "report_own_grid": "own_grid grid",
        "report_role": "role",
        "report_outside_subtree": "org grid",
        # actions.py: arguments of one action
        "dispatch_target_missing": "",
        "dispatch_department": "center target dept_org",
        "dispatch_down": "center target",
        "escalate_top": "center",
        "escalate_parent": "parent target",
        "escalate_not_center": "target",
        "rating_range": "",
        "supervise_future": "",
        "extend_deadline_missing": "",
        "extend_later": "deadline",
        # service.py, queries.py, categories.py, writer.py, upkeep.py: reports and incidents
        "report_not_grid": "grid level",
        "severity_unknown": "severity severities",
        "channel_unknown": "channel channels",
        "title_required": "",
        "category_unknown": "category",
        "reason_required": "action",
        "stale_version": "incident version expected",
        "open_for_camera": "incident camera",
        "concurrent_change": "incident action",
        "incident_missing": "incident",
        "state_unknown": "state states",
        "attachment_unreadable": "path os_error",
        "attach_outside_subtree": "org grid incident",
        "login_failed": "login",
        # hierarchy.py, orgs.py: the directory
        "org_missing": "org",
        "user_missing": "login",
        "department_missing": "department",
        "no_center_above": "grid level",
        "role_unknown": "role roles",
        "level_unknown": "level levels",
        "load_level_unknown": "org level levels",
        "load_parent_unknown": "org parent",
        "load_role_unknown": "login role roles",
        # ptz.py: who steers a camera
        "ptz_role": "role",
        "ptz_outside_subtree": "org camera",
        "ptz_held": "camera holder holder_org seconds",
        # store.py, feed.py: the database
        "store_url": "",
        "store_backend": "backend",
        "store_migrate": "url error",
        "store_open": "url error",
        "store_no_schema": "url",
        "store_listen": "url error",
        "store_unreachable": "url error",
        # seed/: the shipped Tongchuan data
        "seed_data": "resource problem",
        "seed_geometry": "org_id problem",
    }.items()
}


class DispatchError(Exception):
    """Base class of every error the dispatch domain raises on purpose."""

    prefix = "dispatch error"

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(f"{self.prefix}: {message}")
        self.message = message
        self.context = context


class PermissionDeniedError(DispatchError):
    """The actor may not do this (role, center, subtree or assignee rule)."""

    prefix = "permission denied"


class InvalidTransitionError(DispatchError):
    """The action is not allowed from the incident's current state."""

    prefix = "invalid transition"


class ConflictError(DispatchError):
    """The incident changed since the version the caller saw."""

    prefix = "conflict"


class NotFoundError(DispatchError):
    """An incident, org, user, department or category does not exist."""

    prefix = "not found"


class ValidationError(DispatchError):
    """An argument breaks a rule (missing reason, bad rating, unknown severity …)."""

    prefix = "invalid input"


class HeldError(DispatchError):
    """Someone else steers the camera and this user may not take it over (dispatch/ptz.py)."""

    prefix = "in use"


class AuthenticationError(DispatchError):
    """Login or password is wrong; never says which."""

    prefix = "authentication failed"


class StoreError(DispatchError):
    """The database cannot be opened, migrated or read."""

    prefix = "store error"


class AuditChainError(DispatchError):
    """The audit chain is broken; names the first bad record."""

    prefix = "audit chain broken"
