"""One tile of the video wall: paints the newest frame scaled, with a status overlay and badges."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QWidget

from console.frames import TileStatus
from console.pictures import Picture, bgr_frame
from console.tile_zoom import ZoomEvents
from video.errors import AuthError

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
BORDER = QColor("#1c2733")
PTZ_HOLDER_FILL = QColor(134, 94, 0)  # amber, opaque (legible over a camera's own captions)
BORDER_SELECTED = QColor("#4dabf7")


@dataclass(frozen=True)
class TileBadge:
    """An open incident linked to the tile's camera."""

    incident_id: str
    title: str
    severity: str
    deadline: datetime | None = None


PaintObserver = Callable[["QtVideoTile", Any], None]


class QtVideoTile(ZoomEvents):
    """A wall tile (zoomed by wheel and drag, see ``ZoomEvents``; dragged, dropped on and PTZ
    keys, see ``TileInput``). Signals are emitted on the Qt thread."""

    double_clicked = Signal(int)
    context_requested = Signal(int, QPoint)
    paint_observer: PaintObserver | None = None  # bench hook: called after a new frame is painted

    def __init__(self, slot: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot = slot
        self.camera_id: str | None = None
        self.camera_name = ""
        self._picture: Picture | None = None
        self._image: QImage | None = None
        self._bgr: Any = None  # current_frame() cache: the picture's frame converted to BGR
        self._frame_painted = True
        self._placement: tuple[object, ...] | None = None  # (image size, tile size) of below
        self._target = QRect()
        self._blit = True
        self._inside = False  # the picture lies inside the border (set by _place)
        self._bars: list[QRect] = []
        self._status = TileStatus()
        self._hover = False
        self._rates: tuple[tuple[str, int, int], QImage] | None = None  # hover line, its key
        self._selected = False
        self._badges: list[TileBadge] = []
        self._ptz_holder = ""  # "云台：<who> (<center>)" while another console steers it
        self._holder: QImage | None = None  # that line drawn, for the tile's width
        self._holder_width = 0
        self._flash_until: dict[str, float] = {}
        self._flash_on = False
        self._header: QImage | None = None  # name, state and badges; rebuilt when dirty
        self._header_size = (0, 0)  # tile size it was drawn for
        self._header_second = -1  # badge countdowns: rebuilt once a second
        self._init_zoom()
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
            self.release_ptz_keys()  # stops the camera it had (a tour's step, say)
            self._zoom.reset()  # the wall hands the bridge the tile's crop when it attaches
            self._picture = None
            self._image = None
            self._bgr = None
            self._badges = []
            self._ptz_holder = ""
            self._status = TileStatus()
        self.camera_id = camera_id
        self.camera_name = name or (camera_id or "")
        self._header = None
        self.update()

    def set_picture(self, picture: Picture) -> None:
        """Take a new picture (prepared on the reader thread) and schedule a repaint.

        When it lands where the last one did, only the picture's rectangle is repainted:
        the letterbox bars and the border stay as they are in the backing store.
        """
        old = self._picture
        self._picture = picture  # keeps the pixel buffer alive while the QImage points into it
        self._image = picture.image
        self._frame_painted = False
        if old is not None and old.size == picture.size and self._inside:
            self.update(self._target)
        else:
            self.update()

    def set_status(self, status: TileStatus) -> None:
        """Update the stream state shown in the overlay."""
        if status == self._status:
            return
        old, self._status = self._status, status
        if (old.state, int(old.stale_s), old.retry_in_s) != (
            status.state,
            int(status.stale_s),
            status.retry_in_s,
        ):
            self._header = None
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
        self._header = None
        self.update()

    def set_ptz_holder(self, text: str) -> None:
        """Say who else steers this tile's camera ("" when nobody does)."""
        if text != self._ptz_holder:
            self._ptz_holder = text
            self._holder = None
            self.update()

    def ptz_holder(self) -> str:
        """The PTZ holder line shown, or ""."""
        return self._ptz_holder

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
        """The frame shown now with a BGR ``image`` (snapshots; converted on demand), or None."""
        picture = self._picture
        if picture is None:
            return None
        if self._bgr is None or self._bgr.seq != picture.frame.seq:
            self._bgr = bgr_frame(picture)
        return self._bgr

    def display_size(self) -> tuple[int, int]:
        """Pixel size a picture should have to fill this tile inside its 1 px border."""
        ratio = self.devicePixelRatioF()
        w = max(160, int((self.width() - 2) * ratio)) // 2 * 2
        h = max(90, int((self.height() - 2) * ratio)) // 2 * 2
        return w, h

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """Frame scaled to fit (aspect kept, nearest-neighbour), then the cached overlay."""
        painter = QPainter(self)
        image, picture = self._image, self._picture
        # a new frame repaints only the picture's rectangle (see set_picture)
        whole = not self._target.contains(event.rect())
        if image is None or picture is None:
            painter.fillRect(self.rect(), BACKGROUND)
            whole = True
        else:
            size = picture.size  # set with the image (set_picture), cleared with it
            placement = (*size, self.width(), self.height())
            if placement != self._placement:
                self._place(*size)
                self._placement = placement
                whole = True
            if whole:  # only the letterbox bars: the picture covers the rest
                for bar in self._bars:
                    painter.fillRect(bar, BACKGROUND)
            if self._blit:
                painter.drawImage(self._target.topLeft(), image)  # 1:1, no scaling
            else:
                painter.drawImage(self._target, image)
        if self.camera_id is None:
            self._paint_empty(painter)
        else:
            painter.drawImage(0, 0, self._header_image())
            if image is None or self._status.state in ("lost", "error"):
                self._paint_placeholder(painter)
            below = 0
            if self._hover:
                rates = self._rates_image()
                below = rates.height()
                painter.drawImage(0, self.height() - below, rates)
            if self._ptz_holder:  # bottom left: the zoom map is bottom right
                chip = self._holder_image()
                painter.drawImage(6, self.height() - below - chip.height() - 6, chip)
            if image is not None and self._zoom.factor > 1.0:
                self._paint_zoom_map(painter, below)
        if whole:
            painter.setPen(BORDER_SELECTED if self._selected else BORDER)
            painter.drawRect(0, 0, self.width() - 1, self.height() - 1)
        painter.end()
        if not self._frame_painted and self._picture is not None:
            self._frame_painted = True
            observer = QtVideoTile.paint_observer
            if observer is not None:
                observer(self, self._picture.frame)

    def _place(self, w: int, h: int) -> None:
        """Where a ``w``x``h`` picture goes (aspect kept, inside the 1 px border) and the
        letterbox bars around it."""
        area = self.rect().adjusted(1, 1, -1, -1)
        scale = min(area.width() / w, area.height() / h)
        tw, th = int(w * scale), int(h * scale)
        self._blit = abs(tw - w) <= 2 and abs(th - h) <= 2  # within rounding: blit 1:1
        if self._blit:
            tw, th = w, h
        full_w, full_h = self.width(), self.height()
        target = QRect((full_w - tw) // 2, (full_h - th) // 2, tw, th)
        bars = []
        if target.top() > 0:
            bars.append(QRect(0, 0, full_w, target.top()))
        if target.bottom() < full_h - 1:
            below = target.bottom() + 1
            bars.append(QRect(0, below, full_w, full_h - below))
        if target.left() > 0:
            bars.append(QRect(0, 0, target.left(), full_h))
        if target.right() < full_w - 1:
            right = target.right() + 1
            bars.append(QRect(right, 0, full_w - right, full_h))
        self._target, self._bars = target, bars
        self._inside = area.contains(target)  # frames alone never touch border or bars

    def _overlay_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(11, min(15, self.height() // 14)))
        return font

    def _paint_empty(self, p: QPainter) -> None:
        p.setFont(self._overlay_font())
        p.setPen(QColor("#51617a"))
        hint = self.tr("Drag a camera here")
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, f"{self.slot + 1}\n{hint}")

    def _paint_placeholder(self, p: QPainter) -> None:
        """'Connecting…' or 'No signal' in the middle of the tile."""
        p.setFont(self._overlay_font())
        p.setPen(QColor("#868e96"))
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        p.drawText(self.rect().adjusted(8, 24, -8, -8), flags, self._placeholder_text())

    def _rates_image(self) -> QImage:
        """The rates line shown while hovered, drawn once per change of its text or width:
        a hovered live tile repaints 25 times a second, its text changes twice."""
        s = self._status
        info = self.tr("%1 fps · %2 kbit/s · %3 reconnects")
        info = info.replace("%1", f"{s.fps:.1f}").replace("%2", f"{s.bitrate_kbps:.0f}")
        info = info.replace("%3", str(s.reconnects))
        key = (info, self.width(), self.height())
        if self._rates is not None and self._rates[0] == key:
            return self._rates[1]
        font = self._overlay_font()
        line = QFontMetrics(font).height() + 4
        image = QImage(self.width(), line, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(0, 0, 0, 150))
        p = QPainter(image)
        p.setFont(font)
        p.setPen(QColor("#ced4da"))
        p.drawText(QRect(6, 0, self.width() - 12, line), Qt.AlignmentFlag.AlignVCenter, info)
        p.end()
        self._rates = (key, image)
        return image

    def _holder_image(self) -> QImage:
        """Who else steers the camera, on an amber chip (drawn once per text and width)."""
        if self._holder is not None and self._holder_width == self.width():
            return self._holder
        font = self._overlay_font()
        fm = QFontMetrics(font)
        room = max(40, min(self.width() // 2 + 60, self.width() - 12)) - 8
        text = fm.elidedText(self._ptz_holder, Qt.TextElideMode.ElideMiddle, room)
        size = (fm.horizontalAdvance(text) + 8, fm.height() + 4)
        image = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(PTZ_HOLDER_FILL)
        p = QPainter(image)
        p.setFont(font)
        p.setPen(QColor("#fff3bf"))
        p.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
        p.end()
        self._holder, self._holder_width = image, self.width()
        return image

    def _header_image(self) -> QImage:
        """Name, state and badges drawn once into a cached image; redrawn only on change."""
        if self._badges and any(b.deadline is not None for b in self._badges[:4]):
            second = int(time.time())
            if second != self._header_second:  # countdowns tick
                self._header_second = second
                self._header = None
        if self._header is not None and self._header_size == (self.width(), self.height()):
            return self._header
        font = self._overlay_font()
        text_h = QFontMetrics(font).height()
        line = text_h + 4
        badges = self._badges[:4]
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
        state = self._state_text()
        name_w = width - fm.horizontalAdvance(state) - 30
        name = fm.elidedText(self.camera_name, Qt.TextElideMode.ElideRight, max(20, name_w))
        p.drawText(QRect(18, 0, width - 24, line), Qt.AlignmentFlag.AlignVCenter, name)
        p.setPen(colour)
        p.drawText(
            QRect(0, 0, width - 6, line),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            state,
        )
        if badges:
            self._paint_badges(p, line, text_h)
        p.end()
        self._header, self._header_size = image, (self.width(), self.height())
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
            if s.retry_in_s is not None and s.retry_in_s >= 60:  # refused credentials
                minutes = str(-int(-s.retry_in_s // 60))  # rounded up
                return self.tr("Lost, retry in %1 min").replace("%1", minutes)
            if s.retry_in_s is not None:
                return self.tr("Lost, retry in %1 s").replace(
                    "%1", str(max(0, round(s.retry_in_s)))
                )
            return self.tr("Lost")
        if s.state == "error":
            return self.tr("Error")
        return self.tr("Connecting")

    def _placeholder_text(self) -> str:
        if AuthError.reason in self._status.detail:  # what to do, not only what happened
            return self.tr("The camera refused the password: update it in the camera registry")
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
        self._header = None
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the overlay in a new language or font."""
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.FontChange):
            self._header = None
        super().changeEvent(event)

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
