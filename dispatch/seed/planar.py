"""Planar polygon primitives: area, centroid, half-plane clip, line split, conforming mesh.

Rings are lists of (x, y) points in a local kilometre frame, counter-clockwise, not closed.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable

from dispatch.seed.models import Point

LocalRing = list[Point]

# Local frame: kilometres east and north of the south-west corner of Tongchuan's extent.
LON0 = 108.57
LAT0 = 34.83
KM_PER_DEG_LON = math.cos(math.radians(35.2)) * 111.32
KM_PER_DEG_LAT = 110.57


def midpoint_noise(count: int, amplitude: float, rng: random.Random) -> list[float]:
    """Offsets for ``count`` = 2**k + 1 points, zero at both ends, wiggly like a border."""
    offsets = [0.0] * count
    step, scale = count - 1, amplitude
    while step > 1:
        half = step // 2
        for left in range(0, count - 1, step):
            mid = left + half
            offsets[mid] = (offsets[left] + offsets[left + step]) / 2 + rng.uniform(-scale, scale)
        step, scale = half, scale * 0.55
    return offsets


def to_local(lon: float, lat: float) -> Point:
    """(lon, lat) degrees to the local kilometre frame."""
    return ((lon - LON0) * KM_PER_DEG_LON, (lat - LAT0) * KM_PER_DEG_LAT)


def to_lonlat(x: float, y: float, digits: int = 6) -> Point:
    """Local kilometres back to (lon, lat), rounded to ``digits`` decimals (≈0.1 m at 6)."""
    return (round(LON0 + x / KM_PER_DEG_LON, digits), round(LAT0 + y / KM_PER_DEG_LAT, digits))


def signed_area(ring: list[Point] | tuple[Point, ...]) -> float:
    """Shoelace area; positive for a counter-clockwise ring."""
    total = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        total += x1 * y2 - x2 * y1
    return total / 2.0


def centroid(ring: list[Point] | tuple[Point, ...]) -> Point:
    """Area centroid of a simple ring."""
    n = len(ring)
    ax = ay = a2 = 0.0
    x0, y0 = ring[0]
    for i in range(n):
        x1, y1 = ring[i][0] - x0, ring[i][1] - y0
        x2, y2 = ring[(i + 1) % n][0] - x0, ring[(i + 1) % n][1] - y0
        cross = x1 * y2 - x2 * y1
        a2 += cross
        ax += (x1 + x2) * cross
        ay += (y1 + y2) * cross
    if a2 == 0.0:
        return ring[0]
    return (x0 + ax / (3.0 * a2), y0 + ay / (3.0 * a2))


def contains(ring: list[Point] | tuple[Point, ...], point: Point) -> bool:
    """Even-odd point-in-polygon test."""
    px, py = point
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        if (y1 > py) != (y2 > py):
            x_cross = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
            if x_cross > px:
                inside = not inside
    return inside


def perimeter(ring: list[Point] | tuple[Point, ...]) -> float:
    """Length of the closed ring."""
    n = len(ring)
    return sum(
        math.hypot(ring[(i + 1) % n][0] - ring[i][0], ring[(i + 1) % n][1] - ring[i][1])
        for i in range(n)
    )


def compactness(ring: list[Point] | tuple[Point, ...]) -> float:
    """Isoperimetric quotient 4πA/P²: 1 for a disc, ≈0.785 for a square, → 0 for slivers."""
    length = perimeter(ring)
    return 4.0 * math.pi * abs(signed_area(ring)) / (length * length) if length else 0.0


def projection_span(ring: LocalRing, dx: float, dy: float) -> tuple[float, float]:
    """Min and max of the ring's vertices projected on direction (dx, dy)."""
    values = [x * dx + y * dy for x, y in ring]
    return min(values), max(values)


def low_side_area(ring: LocalRing, dx: float, dy: float, t: float) -> float:
    """Area of the part of the ring where x*dx + y*dy <= t (half-plane clip, any simple ring)."""
    total = 0.0
    first_x = first_y = last_x = last_y = 0.0
    started = False
    px, py = ring[-1]
    ps = px * dx + py * dy - t
    for cx, cy in ring:
        cs = cx * dx + cy * dy - t
        if (ps <= 0.0) != (cs <= 0.0):
            f = ps / (ps - cs)
            ix, iy = px + f * (cx - px), py + f * (cy - py)
            if started:
                total += last_x * iy - ix * last_y
            else:
                first_x, first_y, started = ix, iy, True
            last_x, last_y = ix, iy
        if cs <= 0.0:
            if started:
                total += last_x * cy - cx * last_y
            else:
                first_x, first_y, started = cx, cy, True
            last_x, last_y = cx, cy
        px, py, ps = cx, cy, cs
    if started:
        total += last_x * first_y - first_x * last_y
    return total / 2.0


def offset_for_area(ring: LocalRing, dx: float, dy: float, target: float, total: float) -> float:
    """The offset t whose low side holds ``target`` area (Illinois regula falsi)."""
    lo, hi = projection_span(ring, dx, dy)
    f_lo, f_hi = -target, total - target
    t = lo
    side = 0
    for _ in range(60):
        t = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
        f_t = low_side_area(ring, dx, dy, t) - target
        if abs(f_t) <= 1e-6 * total:
            break
        if (f_t > 0.0) == (f_hi > 0.0):
            hi, f_hi = t, f_t
            if side == 1:
                f_lo /= 2.0
            side = 1
        else:
            lo, f_lo = t, f_t
            if side == -1:
                f_hi /= 2.0
            side = -1
    return t


def split_by_line(
    ring: LocalRing, dx: float, dy: float, t: float
) -> tuple[LocalRing, LocalRing] | None:
    """Cut the ring along x*dx + y*dy = t into (low, high) pieces, or None unless it crosses twice.

    Both pieces keep the ring's orientation and share the two computed cut points exactly.
    """
    n = len(ring)
    sides = [x * dx + y * dy - t for x, y in ring]
    if any(s == 0.0 for s in sides):
        return None
    crossings: list[int] = [i for i in range(n) if (sides[i] < 0.0) != (sides[(i + 1) % n] < 0.0)]
    if len(crossings) != 2:
        return None
    a, b = crossings
    cut: list[Point] = []
    for i in (a, b):
        j = (i + 1) % n
        f = sides[i] / (sides[i] - sides[j])
        (x1, y1), (x2, y2) = ring[i], ring[j]
        cut.append((x1 + f * (x2 - x1), y1 + f * (y2 - y1)))
    first = [cut[0], *ring[a + 1 : b + 1], cut[1]]
    second = [cut[1], *ring[b + 1 :], *ring[: a + 1], cut[0]]
    if sides[(a + 1) % n] < 0.0:
        return first, second
    return second, first


# Conforming mesh. After the partition a neighbour's corner can sit in the middle of an edge
# (a T-junction). Inserting those vertices gives shared borders the same vertex sequence on both
# sides, so rounding to lon/lat moves both sides alike and the tiling stays exact.
CELL_KM = 0.5  # bucket size of the vertex index
ON_EDGE_KM = 1e-9  # a vertex this close to an edge lies on it (float noise of the cuts)


class VertexIndex:
    """All vertices of the tiling, bucketed on a square grid for edge queries."""

    def __init__(self, points: Iterable[Point]) -> None:
        self._cells: dict[tuple[int, int], list[Point]] = defaultdict(list)
        for point in set(points):
            self._cells[self._key(point)].append(point)

    @staticmethod
    def _key(point: Point) -> tuple[int, int]:
        return (math.floor(point[0] / CELL_KM), math.floor(point[1] / CELL_KM))

    def on_segment(self, a: Point, b: Point) -> list[Point]:
        """Vertices strictly inside segment a–b, ordered from a to b."""
        (ax, ay), (bx, by) = a, b
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        if length2 == 0.0:
            return []
        length = math.sqrt(length2)
        i0, j0 = self._key((min(ax, bx), min(ay, by)))
        i1, j1 = self._key((max(ax, bx), max(ay, by)))
        found: list[tuple[float, Point]] = []
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                for point in self._cells.get((i, j), ()):
                    px, py = point[0] - ax, point[1] - ay
                    t = (px * dx + py * dy) / length2
                    if t <= 0.0 or t >= 1.0 or point in (a, b):
                        continue
                    if abs(px * dy - py * dx) / length <= ON_EDGE_KM:
                        found.append((t, point))
        found.sort()
        return [point for _, point in found]


def conform(rings: list[LocalRing]) -> list[LocalRing]:
    """The rings with every tiling vertex that lies on one of their edges inserted."""
    index = VertexIndex(point for ring in rings for point in ring)
    result: list[LocalRing] = []
    for ring in rings:
        out: LocalRing = []
        n = len(ring)
        for k in range(n):
            a, b = ring[k], ring[(k + 1) % n]
            out.append(a)
            out.extend(index.on_segment(a, b))
        result.append(out)
    return result
