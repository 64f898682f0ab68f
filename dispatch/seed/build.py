"""Assemble the Tongchuan hierarchy seed: tree, geometry, departments and people."""

from __future__ import annotations

import logging
import time
from functools import cache

from shapely.geometry import Polygon

from dispatch.seed.data import city_spec, name_parts
from dispatch.seed.errors import SeedGeometryError
from dispatch.seed.layout import lay_out
from dispatch.seed.models import HierarchySeed, OrgSeed, Point, Ring
from dispatch.seed.people import departments, people
from dispatch.seed.planar import LocalRing, centroid, conform, contains, signed_area, to_lonlat
from dispatch.seed.tree import Node, build_tree, walk

logger = logging.getLogger(__name__)

# Output order: by level (villages and communities together), then by id; parents come first.
_RANK = {"city": 0, "district": 1, "township": 2, "village": 3, "community": 3, "grid": 4}


@cache
def tongchuan() -> HierarchySeed:
    """The Tongchuan org tree, people and departments: deterministic, built once per process."""
    started = time.perf_counter()
    spec = city_spec()
    city = build_tree(spec, name_parts())
    lay_out(city, spec)
    nodes = list(walk(city))
    for node, ring in zip(nodes, conform([n.ring for n in nodes]), strict=True):
        node.ring = ring
    orgs = _freeze(city)
    depts = departments(spec, orgs)
    seed = HierarchySeed(orgs, people(spec, name_parts(), orgs, depts), depts)
    logger.info(
        "tongchuan seed: %s orgs, %s people, %s departments in %.2f s",
        len(seed.orgs),
        len(seed.people),
        len(seed.departments),
        time.perf_counter() - started,
    )
    return seed


def _freeze(city: Node) -> tuple[OrgSeed, ...]:
    nodes = sorted(walk(city), key=lambda n: (_RANK[n.level], n.id))
    return tuple(_org(node) for node in nodes)


def _org(node: Node) -> OrgSeed:
    ring = lonlat_ring(node.ring, node.id)
    return OrgSeed(
        id=node.id,
        name=node.name,
        level=node.level,
        parent_id=node.parent_id,
        kind=node.kind,
        population=node.population,
        polygon=ring,
        centroid=inner_centroid(ring),
        township_type=node.township_type,
    )


def lonlat_ring(ring: LocalRing, owner: str) -> Ring:
    """A local ring as rounded (lon, lat) points, consecutive duplicates dropped, CCW."""
    points: list[Point] = []
    for x, y in ring:
        point = to_lonlat(x, y)
        if not points or points[-1] != point:
            points.append(point)
    while len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3 or signed_area(points) <= 0.0:
        raise SeedGeometryError(owner, "polygon collapsed when rounded to lon/lat")
    return tuple(points)


def inner_centroid(ring: Ring) -> Point:
    """The area centroid, or a point on the surface when the centroid falls outside."""
    point = centroid(ring)
    if contains(ring, point):
        return (round(point[0], 6), round(point[1], 6))
    inside = Polygon(ring).point_on_surface()
    return (round(float(inside.x), 6), round(float(inside.y), 6))
