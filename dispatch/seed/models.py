"""Plain records of the seeded org tree, its people and departments (no Qt, no DB)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["city", "district", "township", "village", "community", "grid"]
Kind = Literal["rural", "urban"]
Point = tuple[float, float]
Ring = tuple[Point, ...]

ROLES: tuple[str, ...] = (
    "operator",
    "duty_officer",
    "leader",
    "maintenance",
    "liaison",
    "grid_worker",
)

# The password of every demo login; the store hashes it, it is never stored in clear.
DEMO_PASSWORD = "demo"


@dataclass(frozen=True)
class OrgSeed:
    """One org unit: a center (city … village/community) or a grid."""

    id: str
    name: str
    level: Level
    parent_id: str | None
    kind: Kind | None  # villages and rural grids "rural"; communities and urban grids "urban"
    population: int
    polygon: Ring  # exterior ring (lon, lat), counter-clockwise, not closed
    centroid: Point  # (lon, lat)
    township_type: str | None  # "镇" | "乡" | "街道" for townships, else None


@dataclass(frozen=True)
class PersonSeed:
    """A demo login: center staff, department liaison or grid worker."""

    login: str
    name: str
    org_id: str  # their center, their grid, or for a liaison the department's center
    role: str
    kind: Kind | None  # grid workers only: the kind of their grid


@dataclass(frozen=True)
class DepartmentSeed:
    """A functional department (公安, 城管 …) beside the city or a district center."""

    id: str
    name: str
    code: str
    org_id: str


@dataclass(frozen=True)
class HierarchySeed:
    """The whole seed: orgs (parents before children), people and departments."""

    orgs: tuple[OrgSeed, ...]
    people: tuple[PersonSeed, ...]
    departments: tuple[DepartmentSeed, ...]
