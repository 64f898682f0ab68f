"""Digital zoom (电子放大) on a wall tile: the wheel zooms in around the cursor, a drag pans, a
click or drag on the view's map moves the view there; on the keyboard + and - zoom the
selected tile around its middle and 0 shows it whole.

``TileZoom`` is the part of the picture a tile shows, in shares of the picture's width and
height, so it holds for the sub stream and the main stream alike (a zoomed tile maximised
keeps its view, in the main stream's detail). The reader thread crops and scales to it
(``console.pictures.source_picture``); the tile paints the result 1:1 as usual, with a small
map of where the view lies in the whole picture. Snapshots keep the whole picture: evidence
shows what the camera saw, not what one operator looked at.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QWheelEvent

from console.pictures import Crop
from console.tile_input import TileInput

MAX_FACTOR = 8.0
STEP = 1.25  # one wheel notch
MAP_SHARE = 0.22  # the view's map is this share of the tile's width
ZOOM_KEYS = {Qt.Key.Key_Plus: 1, Qt.Key.Key_Equal: 1, Qt.Key.Key_Minus: -1, Qt.Key.Key_0: 0}


@dataclass
class TileZoom:
    """How far a tile is zoomed in (1: the whole picture) and where."""

    factor: float = 1.0
    left: float = 0.0
    top: float = 0.0

    def crop(self) -> Crop | None:
        """The part of the picture shown, or None for the whole picture."""
        if self.factor <= 1.0:
            return None
        side = 1.0 / self.factor
        return (self.left, self.top, side, side)

    def zoom_at(self, u: float, v: float, steps: float) -> bool:
        """Zoom by ``steps`` wheel notches (negative: out) keeping the point of the picture at
        ``u``, ``v`` (shares of the view shown now) where it is; True when the view changed."""
        factor = min(MAX_FACTOR, max(1.0, self.factor * STEP**steps))
        if factor == self.factor:
            return False
        side = 1.0 / self.factor
        x, y = self.left + u * side, self.top + v * side  # that point in the whole picture
        self.factor = factor
        if factor <= 1.0 + 1e-9:
            self.reset()
            return True
        side = 1.0 / factor
        self.left, self.top = self._clamp(x - u * side), self._clamp(y - v * side)
        return True

    def center_on(self, x: float, y: float) -> bool:
        """Put the view's middle at ``x``, ``y`` (shares of the whole picture), as far as the
        picture's edges allow; True when it moved."""
        if self.factor <= 1.0:
            return False
        half = 0.5 / self.factor
        left, top = self._clamp(x - half), self._clamp(y - half)
        moved = (left, top) != (self.left, self.top)
        self.left, self.top = left, top
        return moved

    def pan(self, du: float, dv: float) -> bool:
        """Move the view by ``du``, ``dv`` shares of itself (a drag: the picture follows the
        mouse, so the view moves the other way); True when it moved."""
        if self.factor <= 1.0:
            return False
        side = 1.0 / self.factor
        left, top = self._clamp(self.left - du * side), self._clamp(self.top - dv * side)
        moved = (left, top) != (self.left, self.top)
        self.left, self.top = left, top
        return moved

    def reset(self) -> None:
        """Back to the whole picture."""
        self.factor, self.left, self.top = 1.0, 0.0, 0.0

    def _clamp(self, start: float) -> float:
        return min(1.0 - 1.0 / self.factor, max(0.0, start))


class ZoomEvents(TileInput):
    """The tile's zoom: wheel, drag and the view's map. ``QtVideoTile`` inherits it and
    provides ``_target`` (where the picture is painted) and ``has_picture``. On a zoomed tile
    a left drag pans; otherwise the mouse goes on to ``TileInput`` (drags the tile's camera).
    One line of bases: PySide6 misorders the signals of a second Python base class."""

    zoom_changed = Signal(int)  # the tile's slot; its ``crop()`` tells the new view
    slot: int
    _target: QRect

    def _init_zoom(self) -> None:
        self._zoom = TileZoom()
        self._pan_from: QPointF | None = None
        self._map_box: QRectF | None = None  # where the view's map was last painted
        self._on_map = False  # the press that is panning began on the map

    def has_picture(self) -> bool:  # pragma: no cover - QtVideoTile's
        raise NotImplementedError

    def crop(self) -> Crop | None:
        """The part of the picture this tile shows (None: all of it)."""
        return self._zoom.crop()

    def zoom_factor(self) -> float:
        """1.0 for the whole picture, up to ``MAX_FACTOR``."""
        return self._zoom.factor

    def reset_zoom(self) -> None:
        """Show the whole picture again."""
        if self._zoom.factor > 1.0:
            self._zoom.reset()
            self._zoom_changed()

    def _zoom_changed(self) -> None:
        self.update()
        self.zoom_changed.emit(self.slot)

    def _share_at(self, pos: QPointF) -> tuple[float, float]:
        target = self._target
        if target.isEmpty():
            return 0.5, 0.5
        u = (pos.x() - target.left()) / target.width()
        v = (pos.y() - target.top()) / target.height()
        return min(1.0, max(0.0, u)), min(1.0, max(0.0, v))

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom in or out around the cursor."""
        steps = event.angleDelta().y() / 120
        if not self.has_picture() or not steps:
            event.ignore()
            return
        if self._zoom.zoom_at(*self._share_at(event.position()), steps):
            self._zoom_changed()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+ and - zoom the selected tile in and out around its middle, 0 shows it whole."""
        key = event.key()
        if key in ZOOM_KEYS and self.has_picture():
            event.accept()
            if key == Qt.Key.Key_0:
                self.reset_zoom()
            elif self._zoom.zoom_at(0.5, 0.5, ZOOM_KEYS[Qt.Key(key)]):
                self._zoom_changed()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A left press on a zoomed tile starts panning."""
        if event.button() == Qt.MouseButton.LeftButton and self._zoom.factor > 1.0:
            self._pan_from = event.position()
            self._on_map = self._map_box is not None and self._map_box.contains(event.position())
            if self._on_map:  # a click on the map moves the view there (a drag follows it)
                self._view_at_map(event.position())
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)  # selects the tile (TileInput); its moves pan, not drag

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Pan while the left button is held."""
        if self._pan_from is not None and not event.buttons() & Qt.MouseButton.LeftButton:
            self._pan_from = None  # its release went elsewhere (a menu took the mouse)
            self.unsetCursor()
        if self._pan_from is None or self._target.isEmpty():
            super().mouseMoveEvent(event)
            return
        if self._on_map:
            self._view_at_map(event.position())
            return
        delta = event.position() - self._pan_from
        self._pan_from = event.position()
        if self._zoom.pan(delta.x() / self._target.width(), delta.y() / self._target.height()):
            self._zoom_changed()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End panning."""
        if self._pan_from is not None and event.button() == Qt.MouseButton.LeftButton:
            self._pan_from = None
            self.unsetCursor()
        super().mouseReleaseEvent(event)

    def _view_at_map(self, pos: QPointF) -> None:
        box = self._map_box
        if box is None or box.isEmpty():
            return
        x = (pos.x() - box.left()) / box.width()
        y = (pos.y() - box.top()) / box.height()
        if self._zoom.center_on(min(1.0, max(0.0, x)), min(1.0, max(0.0, y))):
            self._zoom_changed()

    def _paint_zoom_map(self, p: QPainter, below: int) -> None:
        """Where the view lies in the whole picture, and how far it is zoomed: bottom right,
        ``below`` pixels above the picture's bottom edge (the hover line's place)."""
        target = self._target
        crop = self._zoom.crop()
        self._map_box = None
        if crop is None or target.isEmpty():
            return
        width = max(48.0, target.width() * MAP_SHARE)
        height = width * target.height() / target.width()
        bottom = min(target.bottom(), self.height() - below) - 6
        box = QRectF(target.right() - width - 6, bottom - height, width, height)
        self._map_box = box
        p.fillRect(box, QColor(0, 0, 0, 140))
        p.setPen(QColor("#adb5bd"))
        p.drawRect(box)
        left, top, side_w, side_h = crop
        view = QRectF(
            box.left() + left * width, box.top() + top * height, side_w * width, side_h * height
        )
        p.setPen(QColor("#4dabf7"))
        p.drawRect(view)
        label = f"{self._zoom.factor:.1f}×"
        p.setPen(QColor("#e9ecef"))
        above = QRectF(box.left(), box.top() - 18, width, 16)
        p.drawText(above, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, label)
