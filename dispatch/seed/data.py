"""Typed access to the Tongchuan reference data in resources/tongchuan/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from dispatch.seed.errors import SeedDataError
from dispatch.seed.models import Point

_PACKAGE = "resources.tongchuan"
TOWNSHIP_TYPES = ("街道", "镇", "乡")


@dataclass(frozen=True)
class TownshipSpec:
    """A township row: name, type and how many villages and communities it has."""

    name: str
    township_type: str
    villages: int
    communities: int


@dataclass(frozen=True)
class DistrictSpec:
    """A district or county with its reference figures and townships."""

    id: str
    name: str
    short: str
    area_km2: float
    seat: Point  # (lon, lat) the urban 街道 and communities are drawn towards
    urban_population: int
    rural_population: int
    townships: tuple[TownshipSpec, ...]


@dataclass(frozen=True)
class DepartmentSpec:
    """A department code and its name suffix at city, district (区) and county (县) level."""

    code: str
    city_suffix: str
    district_suffix: str
    county_suffix: str


@dataclass(frozen=True)
class PlanCut:
    """How to cut a region in two: across ``angle`` degrees, ``low`` side then ``high`` side."""

    angle: float | None  # None: pick the most compact cut, low side towards its seats
    low: PlanCut | str  # a further cut, or a district id
    high: PlanCut | str


@dataclass(frozen=True)
class CitySpec:
    """The whole reference table for the city."""

    id: str
    name: str
    extent: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
    outline: tuple[Point, ...]
    districts: tuple[DistrictSpec, ...]
    district_plan: PlanCut
    departments: tuple[DepartmentSpec, ...]
    aliases: tuple[tuple[str, str, str], ...]  # (login, org id, role) demo shortcuts
    totals: dict[str, int]


@dataclass(frozen=True)
class NameParts:
    """Characters and words that generated names are made of."""

    surnames: str
    given: str
    village_surnames: str
    village_features: str
    village_prefixes: str
    community_bases: tuple[str, ...]
    community_suffixes: tuple[str, ...]


def _load(name: str) -> dict[str, Any]:
    try:
        text = resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
        raw = json.loads(text)
    except (OSError, ValueError) as exc:
        raise SeedDataError(name, f"cannot be read ({exc})") from exc
    if not isinstance(raw, dict):
        raise SeedDataError(name, "top level is not an object")
    return raw


def _point(value: Any) -> Point:
    lon, lat = value
    return (float(lon), float(lat))


def _district(raw: dict[str, Any]) -> DistrictSpec:
    townships = tuple(
        TownshipSpec(str(name), str(ttype), int(villages), int(communities))
        for name, ttype, villages, communities in raw["townships"]
    )
    for town in townships:
        if town.township_type not in TOWNSHIP_TYPES:
            raise SeedDataError("hierarchy.json", f"{town.name} has type {town.township_type!r}")
    return DistrictSpec(
        id=str(raw["id"]),
        name=str(raw["name"]),
        short=str(raw["short"]),
        area_km2=float(raw["area_km2"]),
        seat=_point(raw["seat"]),
        urban_population=int(raw["urban_population"]),
        rural_population=int(raw["rural_population"]),
        townships=townships,
    )


def _plan(raw: Any) -> PlanCut | str:
    if isinstance(raw, str):
        return raw
    angle = None if raw["angle"] is None else float(raw["angle"])
    return PlanCut(angle, _plan(raw["low"]), _plan(raw["high"]))


def _root_plan(raw: Any) -> PlanCut:
    plan = _plan(raw)
    if not isinstance(plan, PlanCut):
        raise SeedDataError("hierarchy.json", "district_plan must start with a cut")
    return plan


def plan_leaves(plan: PlanCut | str) -> list[str]:
    """The district ids a plan (or part of one) ends in, low side first."""
    if isinstance(plan, str):
        return [plan]
    return plan_leaves(plan.low) + plan_leaves(plan.high)


@cache
def city_spec() -> CitySpec:
    """The Tongchuan reference table (hierarchy.json), parsed and checked."""
    raw = _load("hierarchy.json")
    try:
        ext = raw["extent"]
        spec = CitySpec(
            id=str(raw["city"]["id"]),
            name=str(raw["city"]["name"]),
            extent=(
                float(ext["lon_min"]),
                float(ext["lat_min"]),
                float(ext["lon_max"]),
                float(ext["lat_max"]),
            ),
            outline=tuple(_point(p) for p in raw["outline"]),
            districts=tuple(_district(d) for d in raw["districts"]),
            district_plan=_root_plan(raw["district_plan"]),
            departments=tuple(
                DepartmentSpec(
                    str(d["code"]),
                    str(d["city"]),
                    str(d["district"]),
                    str(d.get("county", d["district"])),
                )
                for d in raw["departments"]
            ),
            aliases=tuple((str(a), str(o), str(r)) for a, o, r in raw["aliases"]),
            totals={str(k): int(v) for k, v in raw["totals"].items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SeedDataError("hierarchy.json", f"unexpected layout ({exc!r})") from exc
    _check_totals(spec)
    return spec


def _check_totals(spec: CitySpec) -> None:
    if sorted(plan_leaves(spec.district_plan)) != sorted(d.id for d in spec.districts):
        raise SeedDataError("hierarchy.json", "district_plan must name every district once")
    towns = [t for d in spec.districts for t in d.townships]
    found = {
        "township": len(towns),
        "town": sum(t.township_type == "镇" for t in towns),
        "xiang": sum(t.township_type == "乡" for t in towns),
        "subdistrict": sum(t.township_type == "街道" for t in towns),
        "village": sum(t.villages for t in towns),
        "community": sum(t.communities for t in towns),
    }
    for key, count in found.items():
        if spec.totals.get(key) != count:
            raise SeedDataError(
                "hierarchy.json", f"{key} rows add up to {count}, totals say {spec.totals.get(key)}"
            )


@cache
def name_parts() -> NameParts:
    """The name vocabulary (names.json)."""
    raw = _load("names.json")
    try:
        return NameParts(
            surnames=str(raw["surnames"]),
            given=str(raw["given"]),
            village_surnames=str(raw["village_surnames"]),
            village_features=str(raw["village_features"]),
            village_prefixes=str(raw["village_prefixes"]),
            community_bases=tuple(str(b) for b in raw["community_bases"]),
            community_suffixes=tuple(str(s) for s in raw["community_suffixes"]),
        )
    except (KeyError, TypeError) as exc:
        raise SeedDataError("names.json", f"unexpected layout ({exc!r})") from exc
