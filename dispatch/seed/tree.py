"""The org tree before geometry: ids, names, levels, populations, grid counts, area weights."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from dispatch.seed.data import CitySpec, DistrictSpec, NameParts, TownshipSpec
from dispatch.seed.errors import SeedDataError
from dispatch.seed.models import Kind, Level
from dispatch.seed.planar import LocalRing

_TOWNSHIP_CODE_START = {"街道": 1, "镇": 100, "乡": 200}
COMMUNITY_CODE_START = 1  # communities: <township>001, 002 …
VILLAGE_CODE_START = 201  # villages: <township>201, 202 …
COMMUNITY_AREA_SHARE = 0.06  # a community's area relative to an average village


@dataclass
class Node:
    """A mutable org unit while the seed is being built."""

    id: str
    name: str
    level: Level
    parent_id: str | None
    kind: Kind | None = None
    township_type: str | None = None
    population: int = 0
    area_weight: float = 1.0
    children: list[Node] = field(default_factory=list)
    ring: LocalRing = field(default_factory=list)


def rng_for(purpose: str, org_id: str) -> random.Random:
    """A random stream that depends only on its purpose and the org id."""
    return random.Random(f"tongchuan:{purpose}:{org_id}")


def walk(node: Node) -> Iterator[Node]:
    """The node and all its descendants, depth first."""
    yield node
    for child in node.children:
        yield from walk(child)


def build_tree(spec: CitySpec, parts: NameParts) -> Node:
    """Build the whole tree with exact counts, populations and area weights (no geometry)."""
    city = Node(spec.id, spec.name, "city", None)
    avoid = {t.name.removesuffix(t.township_type) for d in spec.districts for t in d.townships}
    villages = iter(village_names(parts, spec.totals["village"], avoid))
    communities = iter(community_names(parts, spec.totals["community"]))
    for dspec in spec.districts:
        district = Node(dspec.id, dspec.name, "district", city.id, area_weight=dspec.area_km2)
        next_code = dict(_TOWNSHIP_CODE_START)
        for tspec in dspec.townships:
            code = next_code[tspec.township_type]
            next_code[tspec.township_type] += 1
            district.children.append(_township(district.id, code, tspec, villages, communities))
        _district_populations(district, dspec)
        city.children.append(district)
    _assign_grids(city, spec)
    _sum_populations(city)
    return city


def _township(
    district_id: str,
    code: int,
    tspec: TownshipSpec,
    villages: Iterator[str],
    communities: Iterator[str],
) -> Node:
    town = Node(
        f"{district_id}{code:03d}",
        tspec.name,
        "township",
        district_id,
        township_type=tspec.township_type,
    )
    for n in range(tspec.communities):
        unit_id = f"{town.id}{COMMUNITY_CODE_START + n:03d}"
        weight = COMMUNITY_AREA_SHARE * rng_for("area", unit_id).uniform(0.7, 1.4)
        unit = Node(unit_id, next(communities), "community", town.id, "urban", area_weight=weight)
        town.children.append(unit)
    for n in range(tspec.villages):
        unit_id = f"{town.id}{VILLAGE_CODE_START + n:03d}"
        weight = rng_for("area", unit_id).uniform(0.6, 1.6)
        town.children.append(
            Node(unit_id, next(villages), "village", town.id, "rural", area_weight=weight)
        )
    town.area_weight = sum(u.area_weight for u in town.children)
    return town


def _district_populations(district: Node, dspec: DistrictSpec) -> None:
    units = [u for town in district.children for u in town.children]
    for kind, total in (("urban", dspec.urban_population), ("rural", dspec.rural_population)):
        chosen = [u for u in units if u.kind == kind]
        if not chosen:
            continue
        weights = [rng_for("population", u.id).uniform(0.6, 1.4) for u in chosen]
        for unit, population in zip(chosen, largest_remainder(total, weights), strict=True):
            unit.population = population


def _assign_grids(city: Node, spec: CitySpec) -> None:
    units = [n for n in walk(city) if n.level in ("village", "community")]
    for kind, total in (("rural", spec.totals["grid_rural"]), ("urban", spec.totals["grid_urban"])):
        chosen = [u for u in units if u.kind == kind]
        counts = at_least_one(total, [float(u.population) for u in chosen])
        for unit, count in zip(chosen, counts, strict=True):
            if count > 99:
                raise SeedDataError("hierarchy.json", f"{unit.id} gets {count} grids; ids allow 99")
            rng = rng_for("grid", unit.id)
            weights = [rng.uniform(0.7, 1.3) for _ in range(count)]
            pops = largest_remainder(unit.population, weights)
            for n in range(count):
                unit.children.append(
                    Node(
                        f"{unit.id}-{n + 1:02d}",
                        grid_name(unit.name, n + 1),
                        "grid",
                        unit.id,
                        unit.kind,
                        population=pops[n],
                        area_weight=weights[n],
                    )
                )


def _sum_populations(node: Node) -> int:
    if node.children:
        node.population = sum(_sum_populations(child) for child in node.children)
    return node.population


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` that add up exactly.

    Ties in the remainders go to the earlier item, so the result depends only on the inputs.
    """
    if total < 0:
        raise ValueError(f"cannot allocate a negative total {total}")
    weight_sum = float(sum(weights))
    if not weights or weight_sum <= 0.0:
        raise ValueError("weights must be non-empty with a positive sum")
    quotas = [total * w / weight_sum for w in weights]
    shares = [math.floor(q) for q in quotas]
    missing = total - sum(shares)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in order[:missing]:
        shares[i] += 1
    return shares


def at_least_one(total: int, weights: Sequence[float]) -> list[int]:
    """Like :func:`largest_remainder`, but every item gets at least 1."""
    if total < len(weights):
        raise ValueError(f"cannot give each of {len(weights)} items at least 1 out of {total}")
    return [1 + share for share in largest_remainder(total - len(weights), weights)]


def village_names(parts: NameParts, count: int, avoid: Iterable[str]) -> list[str]:
    """``count`` distinct village names such as 张家塬村 or 石沟村, none starting like ``avoid``."""
    blocked = set(avoid)
    candidates = [f"{s}家{f}村" for s in parts.village_surnames for f in parts.village_features]
    candidates += [f"{p}{f}村" for p in parts.village_prefixes for f in parts.village_features]
    candidates = [c for c in candidates if c[:-1] not in blocked]
    random.Random("tongchuan-village-names").shuffle(candidates)
    if len(candidates) < count:
        raise SeedDataError("names.json", f"{len(candidates)} village names for {count} villages")
    return candidates[:count]


def community_names(parts: NameParts, count: int) -> list[str]:
    """``count`` distinct community names such as 新华路社区."""
    candidates = [f"{b}{s}社区" for b in parts.community_bases for s in parts.community_suffixes]
    random.Random("tongchuan-community-names").shuffle(candidates)
    if len(candidates) < count:
        raise SeedDataError(
            "names.json", f"{len(candidates)} community names for {count} communities"
        )
    return candidates[:count]


def grid_name(unit_name: str, number: int) -> str:
    """A grid's display name, e.g. 新华路社区第3网格."""
    return f"{unit_name}第{number}网格"
