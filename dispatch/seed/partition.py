"""Recursive partition of a polygon into cells with areas proportional to given weights.

Each step splits the weights in two halves and cuts the polygon, straight or along a wavy line,
so that each side holds its half: across the major axis, or in whichever of a few directions
leaves the most compact pieces. The result is a seamless tiling of the parent.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from shapely.geometry import LineString, Polygon
from shapely.ops import split as shapely_split

from dispatch.seed.errors import SeedGeometryError
from dispatch.seed.models import Point
from dispatch.seed.planar import (
    LocalRing,
    centroid,
    compactness,
    midpoint_noise,
    offset_for_area,
    projection_span,
    signed_area,
    split_by_line,
)

LOPSIDED = 0.3  # a share below this (or above 1 - this) counts as lopsided
ATTRACTION = 0.3  # how much nearness to the attractor weighs against compactness
_RETRY_TURNS = (0.0, 10.0, -10.0, 20.0, -20.0, 35.0, -35.0, 50.0, -50.0, 70.0, -70.0, 90.0)


def principal_axis(ring: LocalRing) -> float:
    """Angle in degrees of the ring's major axis of inertia (the direction it is long in)."""
    x0, y0 = ring[0]
    n = len(ring)
    a = sx = sy = sxx = syy = sxy = 0.0
    for i in range(n):
        x1, y1 = ring[i][0] - x0, ring[i][1] - y0
        x2, y2 = ring[(i + 1) % n][0] - x0, ring[(i + 1) % n][1] - y0
        cross = x1 * y2 - x2 * y1
        a += cross
        sx += (x1 + x2) * cross
        sy += (y1 + y2) * cross
        sxx += (x1 * x1 + x1 * x2 + x2 * x2) * cross
        syy += (y1 * y1 + y1 * y2 + y2 * y2) * cross
        sxy += (x1 * y2 + 2 * x1 * y1 + 2 * x2 * y2 + x2 * y1) * cross
    a /= 2.0
    if a == 0.0:
        return 0.0
    cx, cy = sx / (6.0 * a), sy / (6.0 * a)
    cxx = sxx / (12.0 * a) - cx * cx
    cyy = syy / (12.0 * a) - cy * cy
    cxy = sxy / (24.0 * a) - cx * cy
    return math.degrees(0.5 * math.atan2(2.0 * cxy, cxx - cyy))


def _wavy_line(
    ring: LocalRing, dx: float, dy: float, t: float, amplitude: float, rng: random.Random
) -> list[Point]:
    """A polyline near x*dx + y*dy = t, crossing the ring's whole width, wavy by midpoint noise."""
    ex, ey = -dy, dx
    lo, hi = projection_span(ring, ex, ey)
    lo, hi = lo - 1.0, hi + 1.0
    count = 17
    offsets = midpoint_noise(count, amplitude, rng)
    points: list[Point] = []
    for k in range(count):
        u = lo + (hi - lo) * k / (count - 1)
        v = t + offsets[k]
        points.append((v * dx + u * ex, v * dy + u * ey))
    return points


def _oriented(coords: Sequence[tuple[float, float]]) -> LocalRing:
    ring = [(float(x), float(y)) for x, y in coords[:-1]]
    if signed_area(ring) < 0.0:
        ring.reverse()
    return ring


def _split_wavy(
    ring: LocalRing, dx: float, dy: float, t: float, amplitude: float, rng: random.Random
) -> tuple[LocalRing, LocalRing] | None:
    line = LineString(_wavy_line(ring, dx, dy, t, amplitude, rng))
    pieces = [g for g in shapely_split(Polygon(ring), line).geoms if isinstance(g, Polygon)]
    if len(pieces) != 2:
        return None
    rings = [_oriented(list(p.exterior.coords)) for p in pieces]
    centres = [p.centroid for p in pieces]
    proj = [c.x * dx + c.y * dy for c in centres]
    if proj[0] <= proj[1]:
        return rings[0], rings[1]
    return rings[1], rings[0]


def cut(
    ring: LocalRing,
    angle: float,
    low_fraction: float,
    wave: float,
    rng: random.Random,
    owner: str,
    offset: float | None = None,
) -> tuple[LocalRing, LocalRing]:
    """Cut across direction ``angle`` (degrees) so the low side holds ``low_fraction`` of the area.

    ``wave`` > 0 makes the border wavy (amplitude as a fraction of the ring's width); if a wavy
    or straight cut would cross the border more than twice, the direction is turned a little.
    ``offset`` may give the already known position of the straight cut at ``angle``.
    """
    total = signed_area(ring)
    for turn in _RETRY_TURNS:
        rad = math.radians(angle + turn)
        dx, dy = math.cos(rad), math.sin(rad)
        if offset is not None and turn == 0.0:
            t = offset
        else:
            t = offset_for_area(ring, dx, dy, low_fraction * total, total)
        if wave > 0.0:
            lo, hi = projection_span(ring, -dy, dx)
            # a small corner piece gets a gentler wave, so its area stays close to its share
            smaller = min(low_fraction, 1.0 - low_fraction)
            amplitude = wave * (hi - lo) * min(1.0, math.sqrt(2.0 * smaller))
            for _ in range(3):
                pieces = _split_wavy(ring, dx, dy, t, amplitude, rng)
                if pieces is not None:
                    return pieces
                amplitude /= 2.0
        straight = split_by_line(ring, dx, dy, t)
        if straight is not None:
            return straight
    raise SeedGeometryError(owner, f"no cut at about {angle:.0f}° crosses the border only twice")


@dataclass(frozen=True)
class _Job:
    rng: random.Random
    owner: str
    attractor: Point | None
    wave: float
    thorough: bool


def partition(
    ring: LocalRing,
    weights: Sequence[float],
    rng: random.Random,
    owner: str,
    attractor: Point | None = None,
    wave: float = 0.0,
    thorough: bool = False,
) -> list[LocalRing]:
    """Tile ``ring`` into len(weights) cells, areas ∝ weights, in the order given.

    Leading items are kept on the side nearer ``attractor`` (e.g. urban units near the seat).
    ``thorough`` tries every direction at each cut (slower, for the few large areas).
    """
    if not weights:
        raise SeedGeometryError(owner, "nothing to partition into")
    cells: list[LocalRing] = [[] for _ in weights]
    job = _Job(rng, owner, attractor, wave, thorough)
    _bisect(ring, list(weights), 0, len(weights), cells, job)
    return cells


def _bisect(
    ring: LocalRing,
    weights: list[float],
    start: int,
    stop: int,
    cells: list[LocalRing],
    job: _Job,
) -> None:
    if stop - start == 1:
        cells[start] = ring
        return
    total = sum(weights[start:stop])
    best_k, best_gap, running = start + 1, math.inf, 0.0
    for k in range(start + 1, stop):
        running += weights[k - 1]
        gap = abs(running - total / 2)
        if gap < best_gap:
            best_k, best_gap = k, gap
    first = sum(weights[start:best_k]) / total
    angle, first_low, offset = choose_cut(ring, first, job.rng, job.attractor, job.thorough)
    share = first if first_low else 1 - first
    low, high = cut(ring, angle, share, job.wave, job.rng, job.owner, offset)
    a, b = (low, high) if first_low else (high, low)
    _bisect(a, weights, start, best_k, cells, job)
    _bisect(b, weights, best_k, stop, cells, job)


def choose_cut(
    ring: LocalRing,
    first: float,
    rng: random.Random,
    attractor: Point | None,
    thorough: bool = False,
) -> tuple[float, bool, float | None]:
    """Pick a cut direction and side for a ``first`` share: compact pieces, first near attractor.

    Returns the angle, whether the first share lies on the low side, and the cut's offset.

    Balanced cuts try the major axis and ±30°; lopsided (or ``thorough``) ones try six
    directions; the cut whose less compact piece is the most compact wins (a corner, not a
    sliver along an edge).
    """
    base = principal_axis(ring) + rng.uniform(-8.0, 8.0)
    lopsided = min(first, 1.0 - first) < LOPSIDED
    turns = (0.0, 30.0, 60.0, 90.0, 120.0, 150.0) if lopsided or thorough else (0.0, 30.0, -30.0)
    total = signed_area(ring)
    scale = math.sqrt(total)
    best: tuple[float, float, bool, float] | None = None
    for turn in turns:
        angle = base + turn
        rad = math.radians(angle)
        dx, dy = math.cos(rad), math.sin(rad)
        if attractor is None:
            sides = (True, False) if lopsided or thorough else (True,)
        else:
            lo, hi = projection_span(ring, dx, dy)
            sides = (attractor[0] * dx + attractor[1] * dy <= (lo + hi) / 2,)
        for first_low in sides:
            fraction = first if first_low else 1.0 - first
            t = offset_for_area(ring, dx, dy, fraction * total, total)
            pieces = split_by_line(ring, dx, dy, t)
            if pieces is None:
                continue
            score = min(compactness(pieces[0]), compactness(pieces[1]))
            if attractor is not None:
                cx, cy = centroid(pieces[0] if first_low else pieces[1])
                score -= ATTRACTION * math.hypot(cx - attractor[0], cy - attractor[1]) / scale
            if best is None or score > best[0]:
                best = (score, angle, first_low, t)
    if best is None:
        return base, True, None
    return best[1], best[2], best[3]
