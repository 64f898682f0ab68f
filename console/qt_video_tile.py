"""One tile of the video wall: paints the newest frame scaled, with a status overlay and badges."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QWidget

from console.frames import Picture, TileStatus
from console.mime import CAMERA_MIME, decode_camera

logger = logging.getLogger(__name__)

# the board's severity colours (console.board.labels.SEVERITY_COLORS), so badges match rows
SEVERITY_COLOURS = {
    "simple": QColor("#4caf50"),
    "general": QColor("#2196f3"),
    "complex": QColor("#ff9800"),
    "major": QColor("#f44336"),
}
STATE_COLOURS = {
    "live": QColor("#37b24d"),
    "connecting": QColor("#4dabf7"),
    "reconnecting": QColor("#f59f00"),
    "stale": QColor("#f59f00"),
    "lost": QColor("#e03131"),
    "error": QColor("#e03131"),
}
FLASH_S = 6.0
BACKGROUND = QColor("#05080d")


@dataclass(frozen=True)
class TileBadge:
    """An open incident linked to the tile's camera."""

    incident_id: str
    title: str
    severity: str
    deadline: datetime | None = None


PaintObserver = Callable[["QtVideoTile", Any], None]


class QtVideoTile(QWidget):
    """A wall tile. Signals are emitted on the Qt thread."""

    camera_dropped = Signal(int, str)
    double_clicked = Signal(int)
    context_requested = Signal(int, QPoint)
    paint_observer: PaintObserver | None = None  # bench hook: called after a new frame is painted

    def __init__(self, slot: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot = slot
        self.camera_id: str | None = None
        self.camera_name = ""
        self._array: np.ndarray | None = None
        self._image: QImage | None = None
        self._frame: Any = None
        self._frame_painted = True
        self._status = TileStatus()
        self._hover = False
        self._selected = False
        self._badges: list[TileBadge] = []
        self._flash_until: dict[str, float] = {}
        self._flash_on = False
        self._header: QImage | None = None
        self._header_key: tuple[object, ...] | None = None
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(400)
        self._flash_timer.timeout.connect(self._on_flash)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(80, 60)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    # --- data in -------------------------------------------------------------------------
    def set_camera(self, camera_id: str | None, name: str = "") -> None:
        """Show this camera (None empties the tile); clears the old picture."""
        if camera_id != self.camera_id:
            self._array = None
            self._image = None
            self._frame = None
            self._badges = []
            self._status = TileStatus()
        self.camera_id = camera_id
        self.camera_name = name or (camera_id or "")
        self.update()

    def set_picture(self, picture: Picture) -> None:
        """Take a new picture (prepared on the reader thread) and schedule a repaint."""
        self._array = picture.pixels  # keeps the buffer alive while the QImage points into it
        self._image = picture.image
        self._frame = picture.frame
        self._frame_painted = False
        self.update()

    def set_status(self, status: TileStatus) -> None:
        """Update the stream state shown in the overlay."""
        if status != self._status:
            self._status = status
            self.update()

    def set_badges(self, badges: list[TileBadge]) -> None:
        """Show these incident badges; new ones flash for a few seconds."""
        known = {b.incident_id for b in self._badges}
        now = time.monotonic()
        for badge in badges:
            if badge.incident_id not in known:
                self._flash_until[badge.incident_id] = now + FLASH_S
        self._badges = list(badges)
        if self._flash_until and not self._flash_timer.isActive():
            self._flash_timer.start()
        self.update()

    def set_selected(self, selected: bool) -> None:
        """Draw the selection frame."""
        self._selected = selected
        self.update()

    def status(self) -> TileStatus:
        """The status shown now."""
        return self._status

    def badges(self) -> list[TileBadge]:
        """The badges shown now."""
        return list(self._badges)

    def has_picture(self) -> bool:
        """True when a frame is shown."""
        return self._image is not None

    def current_frame(self) -> Any:
        """The frame shown now (or None)."""
        return self._frame

    def display_size(self) -> tuple[int, int]:
        """Pixel size a reader should decode to for this tile (device pixels, even numbers)."""
        ratio = self.devicePixelRatioF()
        w = max(160, int(self.width() * ratio)) // 2 * 2
        h = max(90, int(self.height() * ratio)) // 2 * 2
        return w, h

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """Frame scaled to fit (aspect kept), then the overlay."""
        painter = QPainter(self)
        if self._image is None:
            painter.fillRect(self.rect(), BACKGROUND)
        else:
            target = self._fit(self._image.width(), self._image.height())
            # only the letterbox bars: the picture covers the rest
            full = self.rect()
            if target.top() > 0:
                painter.fillRect(QRect(0, 0, full.width(), target.top()), BACKGROUND)
            if target.bottom() < full.bottom():
                below = target.bottom() + 1
                painter.fillRect(QRect(0, below, full.width(), full.height() - below), BACKGROUND)
            if target.left() > 0:
                painter.fillRect(QRect(0, 0, target.left(), full.height()), BACKGROUND)
            if target.right() < full.right():
                right = target.right() + 1
                painter.fillRect(QRect(right, 0, full.width() - right, full.height()), BACKGROUND)
            if target.size() == self._image.size():
                painter.drawImage(target.topLeft(), self._image)  # 1:1 blit, the common case
            else:
                painter.drawImage(target, self._image)
        self._paint_overlay(painter)
        painter.end()
        if not self._frame_painted and self._frame is not None:
            self._frame_painted = True
            observer = QtVideoTile.paint_observer
            if observer is not None:
                observer(self, self._frame)

    def _fit(self, w: int, h: int) -> QRect:
        area = self.rect()
        scale = min(area.width() / w, area.height() / h)
        tw, th = int(w * scale), int(h * scale)
        if abs(tw - w) <= 2 and abs(th - h) <= 2:  # within rounding of the reader's fit: blit
            tw, th = w, h
        return QRect((area.width() - tw) // 2, (area.height() - th) // 2, tw, th)

    def _paint_overlay(self, p: QPainter) -> None:
        rect = self.rect()
        font = QFont(self.font())
        font.setPixelSize(max(11, min(15, rect.height() // 14)))
        p.setFont(font)
        fm = p.fontMetrics()
        line = fm.height() + 4
        if self.camera_id is None:
            p.setPen(QColor("#51617a"))
            hint = self.tr("Drag a camera here")
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{self.slot + 1}\n{hint}")
        else:
            p.drawImage(0, 0, self._header_image(font, line, fm.height()))
            if self._image is None or self._status.state in ("lost", "error"):
                p.setPen(QColor("#868e96"))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._placeholder_text())
            if self._hover:
                s = self._status
                info = self.tr("%1 fps · %2 kbit/s · %3 reconnects")
                info = info.replace("%1", f"{s.fps:.1f}").replace("%2", f"{s.bitrate_kbps:.0f}")
                info = info.replace("%3", str(s.reconnects))
                p.fillRect(QRect(0, rect.height() - line, rect.width(), line), QColor(0, 0, 0, 150))
                p.setPen(QColor("#ced4da"))
                p.drawText(
                    QRect(6, rect.height() - line, rect.width() - 12, line),
                    Qt.AlignmentFlag.AlignVCenter,
                    info,
                )
        border = QColor("#4dabf7") if self._selected else QColor("#1c2733")
        p.setPen(border)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(rect.adjusted(0, 0, -1, -1))

    def _header_image(self, font: QFont, line: int, text_h: int) -> QImage:
        """Name, state and badges drawn once into a cached image; redrawn only on change."""
        now = time.monotonic()
        badges = tuple(
            (
                b.incident_id,
                b.title,
                b.severity,
                self._countdown(b.deadline),
                self._flash_until.get(b.incident_id, 0) > now and not self._flash_on,
            )
            for b in self._badges[:4]
        )
        state = self._state_text()
        key = (self.width(), line, self.camera_name, state, self._status.state, badges)
        if self._header_key == key and self._header is not None:
            return self._header
        height = line + (4 + len(badges) * (text_h + 7) if badges else 0)
        image = QImage(self.width(), height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        p.setFont(font)
        fm = p.fontMetrics()
        width = self.width()
        p.fillRect(QRect(0, 0, width, line), QColor(0, 0, 0, 150))
        colour = STATE_COLOURS.get(self._status.state, QColor("#adb5bd"))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.drawEllipse(QPoint(9, line // 2), 4, 4)
        p.setPen(QColor("#e9ecef"))
        name_w = width - fm.horizontalAdvance(state) - 30
        name = fm.elidedText(self.camera_name, Qt.TextElideMode.ElideRight, max(20, name_w))
        p.drawText(QRect(18, 0, width - 24, line), Qt.AlignmentFlag.AlignVCenter, name)
        p.setPen(colour)
        p.drawText(
            QRect(0, 0, width - 6, line),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            state,
        )
        self._paint_badges(p, line, text_h)
        p.end()
        self._header, self._header_key = image, key
        return image

    def _paint_badges(self, p: QPainter, top: int, text_h: int) -> None:
        now = time.monotonic()
        y = top + 4
        width = min(self.width() - 12, max(140, self.width() // 2))
        for badge in self._badges[:4]:
            colour = SEVERITY_COLOURS.get(badge.severity, QColor("#868e96"))
            flashing = self._flash_until.get(badge.incident_id, 0) > now
            box = QRect(self.width() - width - 6, y, width, text_h + 4)
            fill = QColor(colour) if not flashing or self._flash_on else QColor("#f8f9fa")
            fill.setAlpha(215)
            p.fillRect(box, fill)
            p.setPen(QColor("#111") if flashing and not self._flash_on else QColor("#fff"))
            countdown = self._countdown(badge.deadline)
            right = p.fontMetrics().horizontalAdvance(countdown) + 8 if countdown else 0
            title_w = max(10, width - 8 - right)
            elided = p.fontMetrics().elidedText(badge.title, Qt.TextElideMode.ElideRight, title_w)
            p.drawText(box.adjusted(4, 0, -4 - right, 0), Qt.AlignmentFlag.AlignVCenter, elided)
            if countdown:
                p.drawText(
                    box.adjusted(0, 0, -4, 0),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    countdown,
                )
            y += text_h + 7

    def _countdown(self, deadline: datetime | None) -> str:
        if deadline is None:
            return ""
        if deadline.tzinfo is None:
            deadline = deadline.replace(tzinfo=UTC)
        left = int((deadline - datetime.now(UTC)).total_seconds())
        sign = "-" if left < 0 else ""
        left = abs(left)
        if left >= 86400:
            return f"{sign}{left // 86400}d{left % 86400 // 3600}h"
        return f"{sign}{left // 3600:02d}:{left % 3600 // 60:02d}:{left % 60:02d}"

    def _state_text(self) -> str:
        s = self._status
        if s.state == "live":
            return self.tr("Live")
        if s.state == "stale":
            return self.tr("Stale %1 s").replace("%1", str(int(s.stale_s)))
        if s.state in ("lost", "reconnecting"):
            if s.retry_in_s is not None:
                return self.tr("Lost, retry in %1 s").replace(
                    "%1", str(max(0, round(s.retry_in_s)))
                )
            return self.tr("Lost")
        if s.state == "error":
            return self.tr("Error")
        return self.tr("Connecting")

    def _placeholder_text(self) -> str:
        if self._status.state in ("lost", "reconnecting", "error"):
            return self.tr("No signal")
        return self.tr("Connecting…")

    # --- events --------------------------------------------------------------------------
    def _on_flash(self) -> None:
        now = time.monotonic()
        self._flash_until = {k: v for k, v in self._flash_until.items() if v > now}
        self._flash_on = not self._flash_on
        if not self._flash_until:
            self._flash_timer.stop()
        self.update()

    def enterEvent(self, event: QEvent) -> None:
        """Show rates while hovered."""
        self._hover = True
        self.update()

    def leaveEvent(self, event: QEvent) -> None:
        """Hide rates."""
        self._hover = False
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Maximise / restore."""
        self.double_clicked.emit(self.slot)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Ask the wall for the tile's context menu."""
        self.context_requested.emit(self.slot, event.globalPos())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept camera drags."""
        if event.mimeData().hasFormat(CAMERA_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:
        """Keep accepting camera drags while moving."""
        if event.mimeData().hasFormat(CAMERA_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A camera dropped on this tile."""
        camera_id = decode_camera(event.mimeData().data(CAMERA_MIME).data())
        if camera_id:
            event.acceptProposedAction()
            self.camera_dropped.emit(self.slot, camera_id)
