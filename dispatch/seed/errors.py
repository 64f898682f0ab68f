"""Errors of the hierarchy seed generator."""

from __future__ import annotations


class SeedError(Exception):
    """The seed data or its generation broke a rule; the message says which and what to do."""


class SeedDataError(SeedError):
    """A file in resources/tongchuan/ is missing, malformed or inconsistent."""

    def __init__(self, resource: str, problem: str) -> None:
        self.resource = resource
        self.problem = problem
        super().__init__(
            f"seed data {resource}: {problem}; restore resources/tongchuan/ from the repository"
        )


class SeedGeometryError(SeedError):
    """A polygon could not be partitioned as required."""

    def __init__(self, org_id: str, problem: str) -> None:
        self.org_id = org_id
        self.problem = problem
        super().__init__(f"seed geometry for {org_id}: {problem}; this is a generator bug")
