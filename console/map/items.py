"""Graphics items of the offline map: org outlines, camera icons, incident pins."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QDrag, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
)

from console.board import labels
from console.mime import CAMERA_MIME, encode_camera

CAMERA_STATE_COLORS = {
    "live": QColor("#00e676"),
    "answers": QColor("#00e676"),
    "connecting": QColor("#ffd600"),
    "reconnecting": QColor("#ffd600"),
    "stalled": QColor("#ff9100"),
    "stale": QColor("#ff9100"),
    "lost": QColor("#ff1744"),
    "error": QColor("#ff1744"),
}
LEVEL_PENS = {
    "district": (QColor("#4fc3f7"), 2.2),
    "township": (QColor("#2f8fbf"), 1.3),
    "village": (QColor("#22607f"), 0.9),
    "community": (QColor("#22607f"), 0.9),
    "grid": (QColor("#1b4a60"), 0.6),
}


class LayerItem(QGraphicsItem):
    """An empty parent item: hiding it hides one level of detail at once."""

    def boundingRect(self) -> QRectF:
        """Nothing of its own to paint."""
        return QRectF()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: Any = None
    ) -> None:
        """Paints nothing; children paint themselves."""


class OrgItem(QGraphicsPathItem):
    """One org polygon (district … grid) with a cosmetic outline; its cached path."""

    def __init__(self, org_id: str, level: str, path: QPainterPath, fill: QColor | None) -> None:
        super().__init__(path)
        self.org_id = org_id
        self.level = level
        color, width = LEVEL_PENS.get(level, (QColor("#1b4a60"), 0.6))
        pen = QPen(color, width)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setBrush(QBrush(fill) if fill is not None else Qt.BrushStyle.NoBrush)

    def set_highlight(self, on: bool) -> None:
        """Show this area as the picked one."""
        if on:
            self.setBrush(QBrush(QColor(255, 214, 0, 90)))
        else:
            self.setBrush(Qt.BrushStyle.NoBrush)


class CameraItem(QGraphicsItem):
    """A camera icon coloured by stream state; drag it out to put the camera on the wall."""

    SIZE = 14.0

    def __init__(self, camera_id: str, name: str, state: str) -> None:
        super().__init__()
        self.camera_id = camera_id
        self.state = state
        self._press: QPoint | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(20)
        self.setToolTip(name)
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def set_state(self, state: str) -> None:
        """Repaint with the colour of a new stream state."""
        if state != self.state:
            self.state = state
            self.update()

    def boundingRect(self) -> QRectF:
        """A small square around the camera position."""
        s = self.SIZE
        return QRectF(-s / 2 - 1, -s / 2 - 1, s + 2, s + 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: Any = None
    ) -> None:
        """A rounded body with a lens, in the state colour."""
        color = CAMERA_STATE_COLORS.get(self.state, QColor("#9e9e9e"))
        s = self.SIZE
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#0b1622"), 1.5))
        painter.setBrush(color)
        painter.drawRoundedRect(QRectF(-s / 2, -s / 2 + 2, s - 3, s - 4), 2, 2)
        painter.drawPolygon(
            [QPointF(s / 2 - 3, -1), QPointF(s / 2, -4), QPointF(s / 2, 4), QPointF(s / 2 - 3, 1)]
        )
        painter.setBrush(QColor("#0b1622"))
        painter.drawEllipse(QPointF(-1.5, 0), 2.2, 2.2)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Remember where a drag may start."""
        self._press = event.screenPos()
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Start a camera drag once the mouse moved far enough."""
        if self._press is None:
            return
        moved = (event.screenPos() - self._press).manhattanLength()
        if moved < QApplication.startDragDistance():
            return
        self._press = None
        drag = QDrag(event.widget())
        drag.setMimeData(camera_mime(self.camera_id))
        drag.exec(Qt.DropAction.CopyAction)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """End a click without drag."""
        self._press = None


def camera_mime(camera_id: str) -> QMimeData:
    """The drag payload for one camera (type from console.mime)."""
    mime = QMimeData()
    mime.setData(CAMERA_MIME, encode_camera(camera_id))
    mime.setText(camera_id)
    return mime


class PinItem(QGraphicsItem):
    """An incident pin coloured by severity; a halo when it is the current incident."""

    def __init__(self, incident: Any, on_click: Any) -> None:
        super().__init__()
        self.incident_id = incident.id
        self.severity = incident.severity
        self.selected = False
        self._on_click = on_click
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # paint once, blit
        self.setZValue(30)
        self.setAcceptHoverEvents(True)
        self._incident = incident
        self.update_from(incident)

    def update_from(self, incident: Any) -> None:
        """Take severity and title from a fresh snapshot."""
        self.severity = incident.severity
        self._incident = incident
        self.setToolTip(self.tooltip_text())
        self.update()

    def tooltip_text(self) -> str:
        """Id, title, category and state, in the current UI language."""
        inc = self._incident
        return (
            f"{inc.id}\n{inc.title}\n{labels.category_label(inc.category)} · "
            f"{labels.label(labels.STATES, inc.state)}"
        )

    def hoverEnterEvent(self, event: Any) -> None:
        """Rebuild the tooltip on hover, so it follows a language switch."""
        self.setToolTip(self.tooltip_text())
        super().hoverEnterEvent(event)

    def set_selected(self, on: bool) -> None:
        """Show or hide the selection halo."""
        self.selected = on
        self.setZValue(40 if on else 30)
        self.update()

    def boundingRect(self) -> QRectF:
        """The pin plus its halo."""
        return QRectF(-12, -26, 24, 30)

    def shape(self) -> QPainterPath:
        """Clickable area: the pin head."""
        path = QPainterPath()
        path.addEllipse(QRectF(-7, -21, 14, 14))
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: Any = None
    ) -> None:
        """A teardrop pin; its tip is at the incident position."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.selected:
            painter.setPen(QPen(QColor("#ffffff"), 2))
            painter.setBrush(QColor(255, 255, 255, 60))
            painter.drawEllipse(QRectF(-11, -25, 22, 22))
        path = QPainterPath()
        path.moveTo(0, 0)
        path.lineTo(-5, -10)
        path.arcTo(QRectF(-7, -21, 14, 14), 210, -240)
        path.closeSubpath()
        painter.setPen(QPen(QColor("#0b1622"), 1.2))
        painter.setBrush(labels.severity_color(self.severity))
        painter.drawPath(path)
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(QPointF(0, -14), 2.5, 2.5)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Clicking a pin selects its incident everywhere."""
        self._on_click(self.incident_id)
        event.accept()
