"""Console settings: window geometry, dock layout, last wall layout and language (QSettings).

Stored as an INI file in the data dir (``XUELIANG_DATA_DIR`` in tests), never in the user's
real Qt config.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

from console.wall import WallState
from video.config import data_dir

logger = logging.getLogger(__name__)

SETTINGS_FILE = "console.ini"
STATE_VERSION = 1


class ConsoleSettings:
    """Typed access to the console's QSettings file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / SETTINGS_FILE
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def save_window(self, window: QMainWindow, role: str) -> None:
        """Remember geometry and dock layout of ``window`` (per role: docks differ by role)."""
        self._qs.setValue("window/geometry", window.saveGeometry())
        self._qs.setValue(f"window/state_{role}", window.saveState(STATE_VERSION))
        self._qs.sync()

    def restore_window(self, window: QMainWindow, role: str) -> bool:
        """Restore geometry and dock layout; True when something was restored."""
        restored = False
        geometry = self._qs.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            restored = window.restoreGeometry(geometry) or restored
        state = self._qs.value(f"window/state_{role}")
        if isinstance(state, QByteArray) and not state.isEmpty():
            restored = window.restoreState(state, STATE_VERSION) or restored
        return restored

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

    def language(self) -> str | None:
        """The language chosen last time, or None."""
        value = self._qs.value("ui/language")
        return str(value) if value else None

    def set_language(self, language: str) -> None:
        """Remember the UI language."""
        self._qs.setValue("ui/language", language)
        self._qs.sync()
