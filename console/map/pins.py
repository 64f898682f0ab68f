"""Incident pins with level of detail: area badges zoomed out, pins for what is on screen.

Twenty thousand pin items that ignore the view transform cannot be culled by the scene's
index, and repainting them takes seconds. So zoomed out each township shows one badge (count,
worst severity); zoomed in, pins exist only for the incidents inside the visible area, at most
``MAX_PINS`` (the most severe first). The current incident always has its pin.
Lives on the Qt main thread; refreshes are coalesced by a short single-shot timer.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem

from console.board import labels
from console.map.items import PinItem
from console.map.projection import Projection

MAX_PINS = 400
REFRESH_MS = 150


class ClusterItem(QGraphicsItem):
    """A township badge: how many open incidents, coloured by the worst severity."""

    def __init__(self, on_click: Callable[[], None]) -> None:
        super().__init__()
        self.count = 0
        self.severity = "simple"
        self._on_click = on_click
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(35)

    def set_counts(self, count: int, severity: str) -> None:
        """Show a new count and worst severity."""
        if (count, severity) != (self.count, self.severity):
            self.count, self.severity = count, severity
            self.update()

    def boundingRect(self) -> QRectF:
        """A circle of 26 px (wider for four digits)."""
        return QRectF(-17, -13, 34, 26)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: Any = None
    ) -> None:
        """A filled rounded badge with the count."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = labels.severity_color(self.severity)
        painter.setPen(QPen(QColor("#0b1622"), 1.5))
        painter.setBrush(color)
        painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, -1), 12, 12)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(12)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(self.boundingRect(), Qt.AlignmentFlag.AlignCenter, str(self.count))

    def mousePressEvent(self, event: Any) -> None:
        """Clicking a badge zooms into its area."""
        self._on_click()
        event.accept()


class PinLayer(QObject):
    """Owns incident positions, the pins on screen and the township badges.

    ``zoom_requested(str)`` (a township id, its badge was clicked) is emitted on the main thread.
    A signal, not a callback attribute: a bound method of the map stored here would tie the map
    and this layer into a reference cycle, leaving the map's deletion to the cycle collector.
    """

    zoom_requested = Signal(str)

    def __init__(
        self,
        scene: QGraphicsScene,
        projection: Projection,
        controller: Any,
        township_of: dict[str, str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._scene = scene
        self._projection = projection
        self._controller = controller
        self._township_of = township_of
        self.positions: dict[str, QPointF] = {}
        self.pins: dict[str, PinItem] = {}
        self.clusters: dict[str, ClusterItem] = {}
        self.detailed = False
        self.visible_rect = QRectF()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    def position(self, incident: Any) -> QPointF | None:
        """Scene position: the incident's own lon/lat, else spread around its grid centroid."""
        if incident.lon is not None and incident.lat is not None:
            return self._projection.to_scene(incident.lon, incident.lat)
        org = self._controller.org(incident.grid_id)
        if org is None:
            return None
        digest = hashlib.blake2s(incident.id.encode(), digest_size=2).digest()
        dx, dy = (digest[0] - 128) / 1280.0, (digest[1] - 128) / 1280.0
        return self._projection.to_scene(org.centroid[0] + dx * 0.05, org.centroid[1] + dy * 0.04)

    def track(self, incident: Any) -> None:
        """An incident appeared or changed: update its position and pin, refresh soon."""
        pos = self.position(incident)
        if pos is None:
            self.forget(incident.id)
            return
        self.positions[incident.id] = pos
        pin = self.pins.get(incident.id)
        if pin is not None:
            pin.update_from(incident)
            pin.setPos(pos)
        self.schedule()

    def forget(self, incident_id: str) -> None:
        """An incident left the board."""
        self.positions.pop(incident_id, None)
        pin = self.pins.pop(incident_id, None)
        if pin is not None:
            self._scene.removeItem(pin)
        self.schedule()

    def reset(self) -> None:
        """Recompute every position from the collection."""
        for pin in self.pins.values():
            self._scene.removeItem(pin)
        self.pins.clear()
        self.positions.clear()
        for incident in self._controller.collection:
            pos = self.position(incident)
            if pos is not None:
                self.positions[incident.id] = pos
        self.schedule()

    def schedule(self) -> None:
        """Refresh after a short pause (bursts of changes coalesce)."""
        if not self._timer.isActive():
            self._timer.start()

    def set_view(self, detailed: bool, rect: QRectF) -> None:
        """The view zoomed or scrolled: pins in ``rect`` when detailed, badges otherwise."""
        self.detailed = detailed
        self.visible_rect = rect
        self.refresh()

    def refresh(self) -> None:
        """Materialize the wanted pins and update the badges now."""
        self._timer.stop()
        current = self._controller.current_id
        wanted: list[str] = []
        if self.detailed:
            rect = self.visible_rect
            wanted = [i for i, pos in self.positions.items() if rect.contains(pos)]
            if len(wanted) > MAX_PINS:
                collection = self._controller.collection
                wanted.sort(key=lambda i: -labels.SEVERITY_RANK.get(collection.get(i).severity, 0))
                wanted = wanted[:MAX_PINS]
        keep = set(wanted)
        if current and current in self.positions:
            keep.add(current)
        for incident_id in [i for i in self.pins if i not in keep]:
            self._scene.removeItem(self.pins.pop(incident_id))
        for incident_id in keep - set(self.pins):
            incident = self._controller.collection.get(incident_id)
            if incident is None:
                continue
            pin = PinItem(incident, self._controller.select)
            pin.set_selected(incident_id == current)
            pin.setPos(self.positions[incident_id])
            self._scene.addItem(pin)
            self.pins[incident_id] = pin
        self._refresh_clusters()

    def _refresh_clusters(self) -> None:
        counts: dict[str, int] = {}
        worst: dict[str, int] = {}
        collection = self._controller.collection
        for incident_id in self.positions:
            incident = collection.get(incident_id)
            township = self._township_of.get(incident.grid_id) if incident else None
            if township is None:
                continue
            counts[township] = counts.get(township, 0) + 1
            rank = labels.SEVERITY_RANK.get(incident.severity, 0)
            worst[township] = max(worst.get(township, 0), rank)
        names = {rank: code for code, rank in labels.SEVERITY_RANK.items()}
        for township in set(self.clusters) - set(counts):
            self._scene.removeItem(self.clusters.pop(township))
        for township, count in counts.items():
            item = self.clusters.get(township)
            if item is None:
                item = ClusterItem(functools.partial(self._zoom, township))
                org = self._controller.org(township)
                item.setPos(self._projection.to_scene(*org.centroid))
                self._scene.addItem(item)
                self.clusters[township] = item
            item.set_counts(count, names.get(worst[township], "simple"))
            item.setVisible(not self.detailed)

    def _zoom(self, township: str) -> None:
        self.zoom_requested.emit(township)

    def select(self, incident_id: str) -> PinItem | None:
        """Mark the current incident's pin (creating it if needed); the pin or None."""
        for pid, pin in self.pins.items():
            if pin.selected != (pid == incident_id):
                pin.set_selected(pid == incident_id)
        if incident_id and incident_id not in self.pins and incident_id in self.positions:
            self.refresh()
        return self.pins.get(incident_id)

    def stop(self) -> None:
        """Stop the refresh timer."""
        self._timer.stop()
