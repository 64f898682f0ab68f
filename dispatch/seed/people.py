"""Departments and demo people for a built org tree."""

from __future__ import annotations

import random
from collections.abc import Sequence

from dispatch.seed.data import CitySpec, NameParts
from dispatch.seed.errors import SeedDataError
from dispatch.seed.models import DepartmentSeed, OrgSeed, PersonSeed

CENTER_LEVELS = ("city", "district", "township", "village", "community")
COMMAND_LEVELS = ("city", "district")  # centers with a leader, maintenance and departments


def departments(spec: CitySpec, orgs: tuple[OrgSeed, ...]) -> tuple[DepartmentSeed, ...]:
    """One department per code beside the city and each district, e.g. dept-610202-police."""
    result: list[DepartmentSeed] = []
    for org in orgs:
        if org.level not in COMMAND_LEVELS:
            continue
        for dept in spec.departments:
            if org.level == "city":
                suffix = dept.city_suffix
            else:
                suffix = dept.county_suffix if org.name.endswith("县") else dept.district_suffix
            result.append(
                DepartmentSeed(f"dept-{org.id}-{dept.code}", org.name + suffix, dept.code, org.id)
            )
    return tuple(result)


def people(
    spec: CitySpec,
    parts: NameParts,
    orgs: tuple[OrgSeed, ...],
    depts: tuple[DepartmentSeed, ...],
) -> tuple[PersonSeed, ...]:
    """Center staff, aliases, liaisons and grid workers, in a stable order."""
    namer = PersonNamer(parts, "tongchuan:people")
    result: list[PersonSeed] = []
    for org in orgs:
        if org.level not in CENTER_LEVELS:
            continue
        result.append(PersonSeed(f"op_{org.id}", namer.next(), org.id, "operator", None))
        result.append(PersonSeed(f"duty_{org.id}", namer.next(), org.id, "duty_officer", None))
        if org.level in COMMAND_LEVELS:
            result.append(PersonSeed(f"lead_{org.id}", namer.next(), org.id, "leader", None))
            result.append(PersonSeed(f"mnt_{org.id}", namer.next(), org.id, "maintenance", None))
    known = {org.id for org in orgs if org.level in CENTER_LEVELS}
    for login, org_id, role in spec.aliases:
        if org_id not in known:
            raise SeedDataError("hierarchy.json", f"alias {login} names unknown center {org_id}")
        result.append(PersonSeed(login, namer.next(), org_id, role, None))
    for dept in depts:
        result.append(PersonSeed(f"liaison_{dept.id}", namer.next(), dept.org_id, "liaison", None))
    result.extend(_grid_workers(spec, orgs, namer))
    return tuple(result)


def _grid_workers(
    spec: CitySpec, orgs: tuple[OrgSeed, ...], namer: PersonNamer
) -> list[PersonSeed]:
    grids = [org for org in orgs if org.level == "grid"]
    per_grid: dict[str, int] = {}
    for kind in ("rural", "urban"):
        chosen = [g for g in grids if g.kind == kind]
        extra = spec.totals[f"grid_worker_{kind}"] - len(chosen)
        if extra < 0:
            raise SeedDataError("hierarchy.json", f"fewer {kind} grid workers than {kind} grids")
        bonus = extra_per_item(extra, [(float(g.population), g.id) for g in chosen])
        for grid, more in zip(chosen, bonus, strict=True):
            per_grid[grid.id] = 1 + more
    return [
        PersonSeed(f"gw_{grid.id}_{n}", namer.next(), grid.id, "grid_worker", grid.kind)
        for grid in grids
        for n in range(1, per_grid[grid.id] + 1)
    ]


def extra_per_item(extra: int, priorities: Sequence[tuple[float, str]]) -> list[int]:
    """Hand out ``extra`` units one each to the items of highest priority (ties by key)."""
    if extra > len(priorities):
        base, extra = divmod(extra, len(priorities))
    else:
        base = 0
    order = sorted(range(len(priorities)), key=lambda i: (-priorities[i][0], priorities[i][1]))
    result = [base] * len(priorities)
    for i in order[:extra]:
        result[i] += 1
    return result


class PersonNamer:
    """Draws plausible 姓名 (surname + one or two given characters) from a seeded stream."""

    def __init__(self, parts: NameParts, seed: str) -> None:
        self._parts = parts
        self._rng = random.Random(seed)

    def next(self) -> str:
        """The next generated name."""
        rng = self._rng
        length = 1 if rng.random() < 0.3 else 2
        given = "".join(rng.choice(self._parts.given) for _ in range(length))
        return rng.choice(self._parts.surnames) + given
