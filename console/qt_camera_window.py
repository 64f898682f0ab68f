"""A camera in its own top-level window (main stream) and the camera info dialog."""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from console.camera_catalog import CameraEntry
from console.frames import FrameBridge, TileStatus
from console.qt_video_tile import QtVideoTile
from video.redact import redact_url

logger = logging.getLogger(__name__)


class QtCameraWindow(QWidget):
    """One camera on its main stream, in a window for any monitor; stops its reader on close.
    Its PTZ keys (as on a wall tile) come out as ``ptz_key_requested(camera, pan, tilt, zoom)``."""

    ptz_key_requested = Signal(str, int, int, int)

    def __init__(
        self, bridge: FrameBridge, camera: CameraEntry, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._bridge = bridge
        self.camera = camera
        self.tile = QtVideoTile(0, self)
        self.tile.set_camera(camera.id, camera.name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tile)
        self.resize(960, 560)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.tile.double_clicked.connect(self._on_double_clicked)
        self.tile.zoom_changed.connect(self._on_zoom_changed)
        self.tile.ptz_key.connect(self._on_ptz_key)

        self._retranslate()
        self._bridge.attach(self.tile, camera.id, "main", None)

    def set_entry(self, camera: CameraEntry) -> None:
        """The same camera, changed in the registry (its name, say)."""
        self.camera = camera
        self.tile.set_camera(camera.id, camera.name)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Camera — %1").replace("%1", self.camera.name))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate on language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _on_double_clicked(self, _slot: int) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def _on_ptz_key(self, _slot: int, pan: int, tilt: int, zoom: int) -> None:
        self.ptz_key_requested.emit(self.camera.id, pan, tilt, zoom)

    def _on_zoom_changed(self, _slot: int) -> None:
        self._bridge.set_crop(self.tile, self.tile.crop())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the camera if a PTZ key is down, and the reader."""
        self.tile.release_ptz_keys()
        self._bridge.detach(self.tile)
        super().closeEvent(event)


class QtCameraInfo(QDialog):
    """Read-only facts about a camera (credentials never shown)."""

    def __init__(
        self,
        camera: CameraEntry,
        org_name: str,
        status: TileStatus | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.camera = camera
        self._form = QFormLayout()
        self._labels: list[tuple[QLabel, object]] = []
        pos = "—"
        if camera.lon is not None and camera.lat is not None:
            pos = f"{camera.lon:.5f}, {camera.lat:.5f}"
        rows = [
            (QT_TRANSLATE_NOOP("QtCameraInfo", "Name"), camera.name),
            (QT_TRANSLATE_NOOP("QtCameraInfo", "Camera id"), camera.id),
            (QT_TRANSLATE_NOOP("QtCameraInfo", "Grid"), org_name),
            (QT_TRANSLATE_NOOP("QtCameraInfo", "Position (lon, lat)"), pos),
            (
                QT_TRANSLATE_NOOP("QtCameraInfo", "ONVIF address"),
                redact_url(camera.onvif_url) if camera.onvif_url else "—",
            ),
            (QT_TRANSLATE_NOOP("QtCameraInfo", "Model"), camera.model or "—"),
            (QT_TRANSLATE_NOOP("QtCameraInfo", "Stream state"), status.state if status else "—"),
            (
                QT_TRANSLATE_NOOP("QtCameraInfo", "FPS / kbit/s"),
                f"{status.fps:.1f} / {status.bitrate_kbps:.0f}" if status else "—",
            ),
            (
                QT_TRANSLATE_NOOP("QtCameraInfo", "Reconnects"),
                str(status.reconnects) if status else "—",
            ),
        ]
        for key, value in rows:
            label = QLabel()
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._form.addRow(label, text)
            self._labels.append((label, key))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(buttons)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Camera info"))
        for label, key in self._labels:
            label.setText(self.tr(str(key)))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate on language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
