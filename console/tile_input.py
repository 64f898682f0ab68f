"""A wall tile's own input: dragging onto and between tiles (a camera from the tree or the
map, or a tile's camera onto another tile: the wall swaps the two, their streams running on),
and the keyboard's PTZ (arrows turn the tile's camera while held, Page Up/Down zoom)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, Signal
from PySide6.QtGui import QDrag, QDragEnterEvent, QDropEvent, QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from console.mime import CAMERA_MIME, decode_camera, encode_camera

TILE_MIME = "application/x-xueliang-tile"  # "<wall>:<slot>" a camera is dragged from, beside it
PTZ_KEYS = {  # key -> (pan, tilt, zoom) while it is held
    Qt.Key.Key_Left: (-1, 0, 0),
    Qt.Key.Key_Right: (1, 0, 0),
    Qt.Key.Key_Up: (0, 1, 0),
    Qt.Key.Key_Down: (0, -1, 0),
    Qt.Key.Key_PageUp: (0, 0, 1),
    Qt.Key.Key_PageDown: (0, 0, -1),
}


class TileInput(QWidget):
    """Drag and drop and PTZ keys for ``QtVideoTile``, which provides ``slot`` and
    ``camera_id``."""

    camera_dropped = Signal(int, str)  # this tile's slot, the camera dropped on it
    tile_dropped = Signal(int, int, str)  # this tile's slot, the slot dragged from, its camera
    ptz_key = Signal(int, int, int, int)  # this tile's slot, pan, tilt, zoom (all 0: stop)
    pressed = Signal(int)  # this tile's slot: a left or right press (selects the tile)
    slot: int
    camera_id: str | None
    _drag_from: QPointF | None = None
    _held: tuple[int, ...] = ()  # PTZ keys held, in the order pressed

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """An arrow or Page Up/Down turns or zooms the tile's camera until released."""
        key = event.key()
        if key not in PTZ_KEYS or not self.camera_id:
            super().keyPressEvent(event)
            return
        event.accept()
        if not event.isAutoRepeat() and key not in self._held:
            self._held = (*self._held, key)
            self._send_ptz()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        """Releasing the last PTZ key stops the camera."""
        key = event.key()
        if key not in PTZ_KEYS or event.isAutoRepeat():
            super().keyReleaseEvent(event)
            return
        event.accept()
        if key in self._held:
            self._held = tuple(k for k in self._held if k != key)
            self._send_ptz()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Focus gone while a key is held: its release will not come here, so stop now (a
        camera must never keep turning on its own)."""
        self.release_ptz_keys()
        super().focusOutEvent(event)

    def release_ptz_keys(self) -> None:
        """Stop the camera if PTZ keys are held (focus gone, or the tile's camera changing)."""
        if self._held:
            self._held = ()
            self._send_ptz()

    def _send_ptz(self) -> None:
        moves = [PTZ_KEYS[Qt.Key(k)] for k in self._held]
        pan, tilt, zoom = (max(-1, min(1, sum(m[axis] for m in moves))) for axis in range(3))
        self.ptz_key.emit(self.slot, pan, tilt, zoom)

    def drag_mime(self) -> QMimeData:
        """What dragging this tile carries: its camera (any camera drop target takes it) and
        its slot (another tile of the wall swaps with it)."""
        mime = QMimeData()
        mime.setData(CAMERA_MIME, encode_camera(self.camera_id or ""))
        mime.setData(TILE_MIME, f"{self._owner()}:{self.slot}".encode("ascii"))
        return mime

    def _owner(self) -> int:
        """Which set of tiles this one belongs to (its wall, or a camera's own window)."""
        return id(self.parentWidget())

    def _start_drag(self) -> None:
        drag = QDrag(self)
        drag.setMimeData(self.drag_mime())
        picture = self.grab()
        drag.setPixmap(picture.scaledToWidth(160, Qt.TransformationMode.SmoothTransformation))
        drag.exec(Qt.DropAction.MoveAction | Qt.DropAction.CopyAction)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A left press on a tile with a camera may become a drag of it."""
        left = event.button() == Qt.MouseButton.LeftButton
        self._drag_from = event.position() if left and self.camera_id else None
        if self.camera_id:
            self.pressed.emit(self.slot)
            event.accept()  # the tile's: its moves and release come here
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Past the platform's drag distance with the button held, drag the tile's camera."""
        start = self._drag_from
        if start is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if (event.position() - start).manhattanLength() >= QApplication.startDragDistance():
                self._drag_from = None
                self._start_drag()
                return
        elif start is not None:
            self._drag_from = None  # its release went elsewhere
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """No drag after the button is up."""
        self._drag_from = None
        super().mouseReleaseEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept camera drags."""
        if event.mimeData().hasFormat(CAMERA_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:
        """Keep accepting camera drags while moving."""
        if event.mimeData().hasFormat(CAMERA_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A camera dropped on this tile: from another tile (a swap) or from elsewhere."""
        mime = event.mimeData()
        camera_id = decode_camera(mime.data(CAMERA_MIME).data())
        if not camera_id:
            return
        event.acceptProposedAction()
        owner, _, source = (
            bytes(mime.data(TILE_MIME).data()).decode("ascii", "replace").partition(":")
        )
        if owner == str(self._owner()) and source.isdigit():  # a tile of this wall: a swap
            if int(source) != self.slot:
                self.tile_dropped.emit(self.slot, int(source), camera_id)
            return
        self.camera_dropped.emit(self.slot, camera_id)
