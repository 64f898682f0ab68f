"""Geometry of the org tree: the city outline, then nested seamless partitions down to grids."""

from __future__ import annotations

import math
import random

from dispatch.seed.data import CitySpec, PlanCut, plan_leaves
from dispatch.seed.errors import SeedGeometryError
from dispatch.seed.models import Point
from dispatch.seed.partition import choose_cut, cut, partition
from dispatch.seed.planar import LocalRing, centroid, midpoint_noise, to_local
from dispatch.seed.tree import Node, rng_for

OUTLINE_WAVE = 0.06  # outline wiggle, as a fraction of each outline edge
# Border wiggle as a fraction of the cut region's width; grid borders stay straight (blocks).
DISTRICT_BORDER_WAVE = 0.05
TOWNSHIP_BORDER_WAVE = 0.05
UNIT_BORDER_WAVE = 0.035


def city_outline(spec: CitySpec) -> LocalRing:
    """The coarse outline from the reference data, in local km, with a natural wiggle."""
    coarse = [to_local(lon, lat) for lon, lat in spec.outline]
    x_max, y_max = to_local(spec.extent[2], spec.extent[3])
    rng = random.Random("tongchuan:outline")
    ring: LocalRing = []
    for i, (x1, y1) in enumerate(coarse):
        x2, y2 = coarse[(i + 1) % len(coarse)]
        length = math.hypot(x2 - x1, y2 - y1)
        nx, ny = (y2 - y1) / length, -(x2 - x1) / length
        count = 9
        offsets = midpoint_noise(count, OUTLINE_WAVE * length, rng)
        for k in range(count - 1):
            f = k / (count - 1)
            x = x1 + f * (x2 - x1) + offsets[k] * nx
            y = y1 + f * (y2 - y1) + offsets[k] * ny
            ring.append((min(max(x, 0.05), x_max - 0.05), min(max(y, 0.05), y_max - 0.05)))
    return ring


def lay_out(city: Node, spec: CitySpec) -> None:
    """Give every node of the tree its ring (local km), parents tiled exactly by children."""
    city.ring = city_outline(spec)
    districts = {d.id: d for d in city.children}
    seats = {d.id: to_local(*d.seat) for d in spec.districts}
    _apply_plan(city.ring, spec.district_plan, districts, seats, city.id)
    for district in city.children:
        seat = seats[district.id]
        _tile(district, rng_for("layout", district.id), seat, TOWNSHIP_BORDER_WAVE, thorough=True)
        for town in district.children:
            attractor = seat if town.township_type == "街道" else centroid(town.ring)
            _tile(town, rng_for("layout", town.id), attractor, UNIT_BORDER_WAVE)
            for unit in town.children:
                _tile(unit, rng_for("layout", unit.id), None, 0.0)


def _apply_plan(
    ring: LocalRing,
    plan: PlanCut | str,
    districts: dict[str, Node],
    seats: dict[str, Point],
    owner: str,
) -> None:
    if isinstance(plan, str):
        districts[plan].ring = ring
        return
    low_ids, high_ids = plan_leaves(plan.low), plan_leaves(plan.high)
    low_area = sum(districts[d].area_weight for d in low_ids)
    fraction = low_area / (low_area + sum(districts[d].area_weight for d in high_ids))
    rng = rng_for("plan", ",".join(low_ids + high_ids))
    if plan.angle is None:
        seat_x = sum(seats[d][0] for d in low_ids) / len(low_ids)
        seat_y = sum(seats[d][1] for d in low_ids) / len(low_ids)
        angle, low_first, offset = choose_cut(ring, fraction, rng, (seat_x, seat_y))
    else:
        angle, low_first, offset = plan.angle, True, None
    share = fraction if low_first else 1.0 - fraction
    one, other = cut(ring, angle, share, DISTRICT_BORDER_WAVE, rng, owner, offset)
    low, high = (one, other) if low_first else (other, one)
    _apply_plan(low, plan.low, districts, seats, owner)
    _apply_plan(high, plan.high, districts, seats, owner)


def _tile(
    node: Node,
    rng: random.Random,
    attractor: Point | None,
    wave: float,
    thorough: bool = False,
) -> None:
    if not node.ring:
        raise SeedGeometryError(node.id, "has no polygon to share among its children")
    weights = [child.area_weight for child in node.children]
    cells = partition(node.ring, weights, rng, node.id, attractor, wave, thorough)
    for child, cell in zip(node.children, cells, strict=True):
        child.ring = cell
