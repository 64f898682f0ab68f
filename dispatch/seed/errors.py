"""Errors of the hierarchy seed generator (the CLI prints them as one line)."""

from __future__ import annotations

from dispatch.errors import DispatchError


class SeedError(DispatchError):
    """The seed data or its generation broke a rule; the message says which and what to do."""

    prefix = "seed error"


class SeedDataError(SeedError):
    """A file in resources/tongchuan/ is missing, malformed or inconsistent."""

    def __init__(self, resource: str, problem: str) -> None:
        super().__init__(
            f"{resource}: {problem}; restore resources/tongchuan/ from the repository",
            rule="seed_data",
            resource=resource,
            problem=problem,
        )


class SeedGeometryError(SeedError):
    """A polygon could not be partitioned as required."""

    def __init__(self, org_id: str, problem: str) -> None:
        super().__init__(
            f"geometry of {org_id}: {problem}; this is a generator bug, please report it",
            rule="seed_geometry",
            org_id=org_id,
            problem=problem,
        )
