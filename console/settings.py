"""Console settings: window geometry, dock layout, last wall layout and language (QSettings).

Stored as an INI file in the data dir (``XUELIANG_DATA_DIR`` in tests), never in the user's
real Qt config. Restored windows are fitted to the screens present now (``fit_to_screens``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QWidget

from console.wall import WallState
from video.config import data_dir

logger = logging.getLogger(__name__)

SETTINGS_FILE = "console.ini"
STATE_VERSION = 1
MIN_SIZE = QSize(1366, 768)  # a window brought back from a lost screen opens at least this big
TITLE_HEIGHT = 30  # px at the top of a frame that hold the title bar
TITLE_GRIP = 120  # px of the title bar that must lie on a screen to drag the window


def fit_to_screens(
    frame: QRect, screens: Sequence[QRect], primary: QRect, minimum: QSize = MIN_SIZE
) -> QRect:
    """Where a window saved with outer ``frame`` should open on the available ``screens``.

    Off every screen: centred on ``primary``, its size kept but at least ``minimum`` and at
    most the primary screen. Partly visible with the title bar out of reach: moved (not resized)
    onto the screen it overlaps most until the title bar can be grabbed. Otherwise unchanged,
    so a window spanning two monitors stays as it was.
    """
    if not any(frame.intersects(screen) for screen in screens):
        size = frame.size().expandedTo(minimum).boundedTo(primary.size())
        x = primary.left() + (primary.width() - size.width()) // 2
        y = primary.top() + (primary.height() - size.height()) // 2
        return QRect(x, y, size.width(), size.height())
    grip = min(TITLE_GRIP, frame.width())
    if any(_title_reachable(frame, screen, grip) for screen in screens):
        return QRect(frame)
    best = max(screens, key=lambda screen: _area(frame.intersected(screen)))
    x = min(max(frame.left(), best.left() - frame.width() + grip), best.right() + 1 - grip)
    y = min(max(frame.top(), best.top()), best.bottom() + 1 - TITLE_HEIGHT)
    return frame.translated(x - frame.left(), y - frame.top())


def _title_reachable(frame: QRect, screen: QRect, grip: int) -> bool:
    """The frame's top lies on ``screen`` with at least ``grip`` px of title bar on it."""
    if not screen.top() <= frame.top() <= screen.bottom() + 1 - TITLE_HEIGHT:
        return False
    overlap = min(frame.right(), screen.right()) - max(frame.left(), screen.left()) + 1
    return overlap >= grip


def _area(rect: QRect) -> int:
    return max(rect.width(), 0) * max(rect.height(), 0)


def place_on_screens(window: QWidget, frame: QRect, client: QRect) -> QRect:
    """Give ``window`` the client geometry matching ``fit_to_screens(frame)``; the new frame."""
    screens = [screen.availableGeometry() for screen in QGuiApplication.screens()]
    primary_screen = QGuiApplication.primaryScreen()
    if not screens or primary_screen is None:
        return frame
    target = fit_to_screens(frame, screens, primary_screen.availableGeometry())
    left, top = client.left() - frame.left(), client.top() - frame.top()
    right, bottom = frame.right() - client.right(), frame.bottom() - client.bottom()
    window.setGeometry(target.adjusted(left, top, -right, -bottom))
    if target != frame:
        logger.info("saved window at %s is off the screens now; opened at %s", frame, target)
    return target


class ConsoleSettings:
    """Typed access to the console's QSettings file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / SETTINGS_FILE
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def save_window(self, window: QMainWindow, role: str) -> None:
        """Remember geometry and dock layout of ``window`` (per role: docks differ by role)."""
        self._save_geometry("window", window)
        self._qs.setValue(f"window/state_{role}", window.saveState(STATE_VERSION))
        self._qs.sync()

    def restore_window(self, window: QMainWindow, role: str) -> bool:
        """Restore geometry (fitted to the screens) and dock layout; True if something was."""
        restored = self._restore_geometry("window", window)
        state = self._qs.value(f"window/state_{role}")
        if isinstance(state, QByteArray) and not state.isEmpty():
            restored = window.restoreState(state, STATE_VERSION) or restored
        return restored

    def restore_main_geometry(self, window: QWidget) -> bool:
        """Put the main window where it was, fitted to the screens; False if unknown."""
        return self._restore_geometry("window", window)

    def save_wall_window(self, window: QWidget) -> None:
        """Remember where the detached wall window was (another monitor, usually)."""
        self._save_geometry("wall_window", window)
        self._qs.sync()

    def restore_wall_window(self, window: QWidget) -> bool:
        """Put the detached wall window where it was, fitted to the screens; False if unknown."""
        return self._restore_geometry("wall_window", window)

    def _save_geometry(self, group: str, window: QWidget) -> None:
        self._qs.setValue(f"{group}/geometry", window.saveGeometry())
        self._qs.setValue(f"{group}/maximized", window.isMaximized())
        outer, inner = window.frameGeometry(), window.geometry()
        client = inner
        if window.isMaximized() or window.isFullScreen():
            client = window.normalGeometry()  # where "restore down" puts it
        frame = client.adjusted(
            outer.left() - inner.left(),
            outer.top() - inner.top(),
            outer.right() - inner.right(),
            outer.bottom() - inner.bottom(),
        )
        self._qs.setValue(f"{group}/frame", frame)
        self._qs.setValue(f"{group}/client", client)

    def _restore_geometry(self, group: str, window: QWidget) -> bool:
        """Qt's own restore (window state), then our fit of the saved normal frame.

        Qt refuses its saved geometry when the screen it was on is gone; the frame we saved
        beside it still says where the window was, and ``fit_to_screens`` brings it back.
        """
        geometry = self._qs.value(f"{group}/geometry")
        restored = (
            isinstance(geometry, QByteArray)
            and not geometry.isEmpty()
            and window.restoreGeometry(geometry)
        )
        if restored and (window.isMaximized() or window.isFullScreen()):
            return True  # Qt shows these on the saved screen
        frame, client = self._qs.value(f"{group}/frame"), self._qs.value(f"{group}/client")
        if not (isinstance(frame, QRect) and isinstance(client, QRect)) or frame.isEmpty():
            if not restored:
                return False
            frame, client = window.frameGeometry(), window.geometry()  # older settings file
        place_on_screens(window, frame, client)
        if not restored and str(self._qs.value(f"{group}/maximized", "")).lower() == "true":
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return True

    def wall_state(self) -> WallState | None:
        """The last wall layout and cameras, or None."""
        raw = self._qs.value("wall/state")
        if not raw:
            return None
        try:
            data = json.loads(str(raw))
        except json.JSONDecodeError:
            logger.warning("ignoring damaged wall state in %s", self.path)
            return None
        return WallState.from_dict(data) if isinstance(data, dict) else None

    def save_wall_state(self, state: WallState) -> None:
        """Remember the wall layout and cameras."""
        self._qs.setValue("wall/state", json.dumps(state.to_dict(), ensure_ascii=False))
        self._qs.sync()

    def views(self, login: str) -> dict[str, WallState]:
        """The wall views ``login`` saved, by name (sorted); damaged entries are skipped."""
        raw = self._qs.value(f"views/{login}")
        try:
            data = json.loads(str(raw)) if raw else {}
        except json.JSONDecodeError:
            logger.warning("ignoring damaged saved views in %s", self.path)
            data = {}
        if not isinstance(data, dict):
            return {}
        return {
            str(name): WallState.from_dict(view)
            for name, view in sorted(data.items())
            if isinstance(view, dict)
        }

    def save_views(self, login: str, views: dict[str, WallState]) -> None:
        """Replace ``login``'s saved wall views."""
        data = {name: state.to_dict() for name, state in views.items()}
        self._qs.setValue(f"views/{login}", json.dumps(data, ensure_ascii=False))
        self._qs.sync()

    def language(self) -> str | None:
        """The language chosen last time, or None."""
        value = self._qs.value("ui/language")
        return str(value) if value else None

    def set_language(self, language: str) -> None:
        """Remember the UI language."""
        self._qs.setValue("ui/language", language)
        self._qs.sync()

    def alert_sound(self) -> bool:
        """Whether the new-incident alert sounds (on unless an operator muted it)."""
        return str(self._qs.value("ui/alert_sound", "on")) != "off"

    def set_alert_sound(self, on: bool) -> None:
        """Remember the alert sound switch."""
        self._qs.setValue("ui/alert_sound", "on" if on else "off")
        self._qs.sync()
