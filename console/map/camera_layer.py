"""Camera icons with level of detail: icons for the cameras in view, area badges when
there are too many to read.

A city's 3,000 icons at city zoom cover its map in one smear, and icons that ignore the view
transform cannot be culled by the scene's index: every repaint painted them all (23 ms). So
when more than ``MAX_ICONS`` cameras are in view, each township (each district, zoomed further
out) shows one badge instead (how many cameras, how many of them down; a click zooms in), and
otherwise icons exist for the cameras in view only. A catalog of at most ``MAX_ICONS`` cameras
keeps every icon at every zoom. Lives on the Qt main thread; cameras added, removed or
changing state are shown after a short single-shot timer (a registry read is one refresh).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem

from console.map.items import CameraItem

MAX_ICONS = 400
REFRESH_MS = 150
DOWN_STATES = frozenset({"lost", "error", "stale", "stalled"})


@dataclass
class MapSpot:
    """Where a camera is on the map and how it is."""

    name: str
    pos: QPointF
    state: str
    grid_id: str | None


class CameraClusterItem(QGraphicsItem):
    """An area's cameras: how many, and a red count of those down."""

    def __init__(self, on_click: Callable[[], None]) -> None:
        super().__init__()
        self.count = 0
        self.down = 0
        self._on_click = on_click
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(21)

    def set_counts(self, count: int, down: int, tip: str) -> None:
        """Show new counts."""
        self.setToolTip(tip)
        if (count, down) != (self.count, self.down):
            self.prepareGeometryChange()
            self.count, self.down = count, down
            self.update()

    def boundingRect(self) -> QRectF:
        """The badge (below its area's name and incident badge), and the bubble of
        the cameras down at its top right."""
        return QRectF(-18, 6, 45, 32)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: Any = None
    ) -> None:
        """A camera-blue badge with the count; a red bubble with the cameras down."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(11)
        painter.setFont(font)
        body = QRectF(-17, 16, 34, 21)
        painter.setPen(QPen(QColor("#0b1622"), 1.5))
        painter.setBrush(QColor("#1c6fb8"))
        painter.drawRoundedRect(body, 4, 4)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(body, Qt.AlignmentFlag.AlignCenter, str(self.count))
        if self.down:
            bubble = QRectF(10, 7, 15, 15) if self.down < 10 else QRectF(5, 7, 21, 15)
            painter.setPen(QPen(QColor("#0b1622"), 1.2))
            painter.setBrush(QColor("#ff1744"))
            painter.drawRoundedRect(bubble, 7.5, 7.5)
            painter.setPen(QColor("#ffffff"))
            text = str(self.down) if self.down < 100 else "99+"
            painter.drawText(bubble, Qt.AlignmentFlag.AlignCenter, text)

    def mousePressEvent(self, event: Any) -> None:
        """Clicking a badge zooms into its area."""
        self._on_click()
        event.accept()


class CameraLayer(QObject):
    """Owns camera positions and states, the icons on screen and the area badges.

    ``areas`` maps each level badges are shown by ("township", "district") to the area of
    every grid. ``zoom_requested(str)`` (an area id, its badge was clicked) is emitted on the
    main thread; ``tip(count, down)`` words a badge's tooltip (translated by the view).
    """

    zoom_requested = Signal(str)

    def __init__(
        self,
        scene: QGraphicsScene,
        areas: dict[str, dict[str, str]],
        place: Callable[[str], QPointF | None],
        tip: Callable[[int, int], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._scene = scene
        self._areas = areas
        self.level = "township"  # badges by
        self._place = place
        self._tip = tip
        self.spots: dict[str, MapSpot] = {}
        self.icons: dict[str, CameraItem] = {}  # cameras with an icon on the map now
        self.clusters: dict[str, CameraClusterItem] = {}
        self.detailed = True
        self.visible_rect = QRectF()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)  # cameras came or went: icons or badges

    def put(self, camera_id: str, name: str, pos: QPointF, state: str, grid_id: str | None) -> None:
        """A camera placed (new, or moved, renamed or in a new state)."""
        old = self.spots.get(camera_id)
        self.spots[camera_id] = MapSpot(name, pos, state, grid_id)
        icon = self.icons.get(camera_id)
        if icon is not None:
            icon.setToolTip(name)
            icon.setPos(pos)
            icon.set_state(state)
        elif self._wants_icon(camera_id):
            self._add_icon(camera_id)
        if old is None or old.grid_id != grid_id or old.state != state:
            self._timer.start()

    def drop(self, camera_id: str) -> None:
        """A camera no longer on the map."""
        if self.spots.pop(camera_id, None) is not None:
            self._timer.start()
        if (icon := self.icons.pop(camera_id, None)) is not None:
            self._scene.removeItem(icon)

    def set_state(self, camera_id: str, state: str) -> None:
        """A camera's stream state changed: its icon and its area's badge follow."""
        spot = self.spots.get(camera_id)
        if spot is None or spot.state == state:
            return
        was_down = spot.state in DOWN_STATES
        spot.state = state
        if (icon := self.icons.get(camera_id)) is not None:
            icon.set_state(state)
        if (state in DOWN_STATES) != was_down and not self.detailed:
            self._timer.start()

    def set_view(self, rect: QRectF, level: str = "township") -> None:
        """The view zoomed or scrolled: icons for the cameras in ``rect``, badges by
        ``level`` when more than ``MAX_ICONS`` of them are in it."""
        self.visible_rect = rect
        self.level = level
        self.refresh()

    def _area(self, spot: MapSpot) -> str | None:
        return self._areas.get(self.level, {}).get(spot.grid_id) if spot.grid_id else None

    def refresh(self) -> None:
        """Materialize the wanted icons and update the badges now."""
        if len(self.spots) <= MAX_ICONS:
            self.detailed, wanted = True, set(self.spots)
        else:
            rect = self.visible_rect
            in_view = {c for c, spot in self.spots.items() if rect.contains(spot.pos)}
            self.detailed = len(in_view) <= MAX_ICONS
            # cameras outside any area have no badge: they keep their icons
            wanted = in_view if self.detailed else set()
            wanted |= {c for c, spot in self.spots.items() if self._area(spot) is None}
        for camera_id in [c for c in self.icons if c not in wanted]:
            self._scene.removeItem(self.icons.pop(camera_id))
        for camera_id in wanted - set(self.icons):
            self._add_icon(camera_id)
        self._refresh_clusters()

    def _wants_icon(self, camera_id: str) -> bool:
        spot = self.spots[camera_id]
        if len(self.spots) <= MAX_ICONS or self._area(spot) is None:
            return True
        return self.detailed and self.visible_rect.contains(spot.pos)

    def _add_icon(self, camera_id: str) -> None:
        spot = self.spots[camera_id]
        icon = CameraItem(camera_id, spot.name, spot.state)
        icon.setPos(spot.pos)
        self._scene.addItem(icon)
        self.icons[camera_id] = icon

    def _refresh_clusters(self) -> None:
        self._timer.stop()
        counts: dict[str, list[int]] = {}
        if not self.detailed:
            for spot in self.spots.values():
                if (area := self._area(spot)) is not None:
                    tally = counts.setdefault(area, [0, 0])
                    tally[0] += 1
                    tally[1] += spot.state in DOWN_STATES
        for area in set(self.clusters) - set(counts):
            self._scene.removeItem(self.clusters.pop(area))
        for area, (count, down) in counts.items():
            item = self.clusters.get(area)
            if item is None:
                pos = self._place(area)
                if pos is None:
                    continue
                item = CameraClusterItem(functools.partial(self.zoom_requested.emit, area))
                item.setPos(pos)
                self._scene.addItem(item)
                self.clusters[area] = item
            item.set_counts(count, down, self._tip(count, down))

    def stop(self) -> None:
        """Stop the refresh timer."""
        self._timer.stop()
