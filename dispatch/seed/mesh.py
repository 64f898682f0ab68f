"""Make the tiling conforming: every vertex lying on another polygon's edge becomes its vertex.

After the partition a neighbour's corner can sit in the middle of an edge (a T-junction).
Inserting those vertices gives shared borders the same vertex sequence on both sides, so
rounding to lon/lat moves both sides alike and the tiling stays exact: no slivers, no gaps.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from dispatch.seed.models import Point
from dispatch.seed.planar import LocalRing

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
