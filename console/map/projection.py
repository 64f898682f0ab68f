"""Lon/lat ↔ map plane: a local equirectangular projection in kilometres (y grows south)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPolygonF

KM_PER_DEGREE = 111.32


class Projection:
    """Equirectangular projection centred on (lon0, lat0); scene units are kilometres."""

    def __init__(self, lon0: float, lat0: float) -> None:
        self.lon0 = lon0
        self.lat0 = lat0
        self._kx = KM_PER_DEGREE * math.cos(math.radians(lat0))

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]]) -> Projection:
        """A projection centred on the middle of the given (lon, lat) points."""
        pts = list(points)
        if not pts:
            return cls(109.0, 35.1)  # Tongchuan
        lons = [p[0] for p in pts]
        lats = [p[1] for p in pts]
        return cls((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)

    def to_scene(self, lon: float, lat: float) -> QPointF:
        """Scene point (km east, km south of the centre) of a lon/lat."""
        return QPointF((lon - self.lon0) * self._kx, (self.lat0 - lat) * KM_PER_DEGREE)

    def to_lonlat(self, point: QPointF) -> tuple[float, float]:
        """Lon/lat of a scene point."""
        return (
            self.lon0 + point.x() / self._kx,
            self.lat0 - point.y() / KM_PER_DEGREE,
        )

    def path(self, ring: Iterable[tuple[float, float]]) -> QPainterPath:
        """A closed QPainterPath of a (lon, lat) exterior ring."""
        poly = QPolygonF([self.to_scene(lon, lat) for lon, lat in ring])
        path = QPainterPath()
        if not poly.isEmpty():
            path.addPolygon(poly)
            path.closeSubpath()
        return path
