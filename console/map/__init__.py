"""Offline map of the hierarchy (no tile server): ``QtMapView(controller, cameras_provider)``."""

from __future__ import annotations

from console.map.qt_map_view import MapCamera, QtMapView

__all__ = ["MapCamera", "QtMapView"]
