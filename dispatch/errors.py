"""Named dispatch errors; the CLI prints ``str(exc)`` as one line on stderr."""

from __future__ import annotations


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


class AuthenticationError(DispatchError):
    """Login or password is wrong; never says which."""

    prefix = "authentication failed"


class StoreError(DispatchError):
    """The database cannot be opened, migrated or read."""

    prefix = "store error"


class AuditChainError(DispatchError):
    """The audit chain is broken; names the first bad record."""

    prefix = "audit chain broken"
