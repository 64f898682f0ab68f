"""A tiny hierarchy for fast tests (same shape as ``dispatch.seed.HierarchySeed``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

PASSWORD = "tiny-pass-1"


@dataclass(frozen=True)
class TOrg:
    id: str
    name: str
    level: str
    parent_id: str | None
    kind: str | None = None
    population: int = 1000
    polygon: tuple[tuple[float, float], ...] = ((109.0, 35.0), (109.1, 35.0), (109.1, 35.1))
    centroid: tuple[float, float] = (109.05, 35.03)
    township_type: str | None = None


@dataclass(frozen=True)
class TPerson:
    login: str
    name: str
    org_id: str
    role: str
    kind: str | None = None


@dataclass(frozen=True)
class TDept:
    id: str
    name: str
    code: str
    org_id: str


@dataclass
class TSeed:
    orgs: list[TOrg] = field(default_factory=list)
    people: list[TPerson] = field(default_factory=list)
    departments: list[TDept] = field(default_factory=list)


CITY, D1, D2 = "610200", "610202", "610203"
T1, T2, T3 = "610202001", "610202002", "610203001"
V1, M1, V2, V3 = "610202001001", "610202001002", "610202002001", "610203001001"
G1, G1B, GM, G2, G3 = f"{V1}-01", f"{V1}-02", f"{M1}-01", f"{V2}-01", f"{V3}-01"
CENTERS = (CITY, D1, D2, T1, T2, T3, V1, M1, V2, V3)
GRIDS = (G1, G1B, GM, G2, G3)
STAFF_ROLES = ("operator", "duty_officer", "leader", "maintenance", "liaison")
PREFIX = {
    "operator": "op",
    "duty_officer": "duty",
    "leader": "lead",
    "maintenance": "mnt",
    "liaison": "liaison",
}


def login(role: str, org: str) -> str:
    """Login of the tiny seed's person with ``role`` at ``org``."""
    return f"gw_{org}_1" if role == "grid_worker" else f"{PREFIX[role]}_{org}"


def tiny_seed() -> TSeed:
    """City, 2 districts, 3 townships, 4 villages/communities, 5 grids, staff everywhere."""
    s = TSeed()
    s.orgs += [
        TOrg(CITY, "铜川市", "city", None),
        TOrg(D1, "王益区", "district", CITY),
        TOrg(D2, "印台区", "district", CITY),
        TOrg(T1, "甲镇", "township", D1),
        TOrg(T2, "乙镇", "township", D1),
        TOrg(T3, "丙镇", "township", D2),
        TOrg(V1, "一村", "village", T1, "rural"),
        TOrg(M1, "一社区", "community", T1, "urban"),
        TOrg(V2, "二村", "village", T2, "rural"),
        TOrg(V3, "三村", "village", T3, "rural"),
        TOrg(G1, "一村一网格", "grid", V1, "rural"),
        TOrg(G1B, "一村二网格", "grid", V1, "rural"),
        TOrg(GM, "一社区一网格", "grid", M1, "urban"),
        TOrg(G2, "二村一网格", "grid", V2, "rural"),
        TOrg(G3, "三村一网格", "grid", V3, "rural"),
    ]
    for c in CENTERS:
        for role in STAFF_ROLES:
            s.people.append(TPerson(login(role, c), f"{role}@{c}", c, role))
    for g in GRIDS:
        s.people.append(TPerson(login("grid_worker", g), f"网格员{g}", g, "grid_worker"))
    for org in (CITY, D1, D2):
        s.departments += [
            TDept(f"dept-{org}-police", "公安", "police", org),
            TDept(f"dept-{org}-cg", "城管", "chengguan", org),
        ]
    return s


class ManualClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> datetime:
        """Move forward by a timedelta given as keywords."""
        self.now += timedelta(**kw)
        return self.now
