"""The Tongchuan hierarchy seed: a deterministic org tree with geometry, people and departments.

Pure Python, no Qt, no database; ``dispatch`` stores it (``load_hierarchy``).
"""

from __future__ import annotations

from dispatch.seed.build import tongchuan
from dispatch.seed.errors import SeedDataError, SeedError, SeedGeometryError
from dispatch.seed.models import (
    DEMO_PASSWORD,
    ROLES,
    DepartmentSeed,
    HierarchySeed,
    Kind,
    Level,
    OrgSeed,
    PersonSeed,
)

__all__ = [
    "DEMO_PASSWORD",
    "ROLES",
    "DepartmentSeed",
    "HierarchySeed",
    "Kind",
    "Level",
    "OrgSeed",
    "PersonSeed",
    "SeedDataError",
    "SeedError",
    "SeedGeometryError",
    "tongchuan",
]
