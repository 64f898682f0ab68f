"""PTZ panel: directions, zoom, presets and home for one camera, via ONVIF on a worker thread.

The panel never calls the network on the Qt thread: each command goes to a one-thread executor
(commands to one camera stay in order) and the outcome comes back through a queued signal.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from video.errors import OnvifAuthError, VideoError

logger = logging.getLogger(__name__)


REFUSED = "refused"  # result of a command the camera refused the credentials for


class PtzDevice(Protocol):
    """What the panel needs of ``video.onvif.OnvifDevice`` (sync facade)."""

    def ptz_move(self, pan: float, tilt: float, zoom: float = 0.0) -> Any: ...
    def ptz_stop(self) -> Any: ...
    def ptz_presets(self) -> Any: ...
    def ptz_goto(self, preset_token: str) -> Any: ...
    def ptz_home(self) -> Any: ...


DeviceFactory = Callable[[str], Any]

DIRECTIONS = {
    "up_left": (-1, 1, "↖"),
    "up": (0, 1, "↑"),
    "up_right": (1, 1, "↗"),
    "left": (-1, 0, "←"),
    "right": (1, 0, "→"),
    "down_left": (-1, -1, "↙"),
    "down": (0, -1, "↓"),
    "down_right": (1, -1, "↘"),
}


class QtPtzPanel(QWidget):
    """direction pad, zoom, speed, presets; ``result`` is emitted on the Qt thread."""

    result = Signal(str, str)  # command, error text ("" on success)
    moved = Signal(str)  # a camera turned by commands that succeeded (stopped, preset, home)
    presets_loaded = Signal(list)

    def __init__(self, open_device: DeviceFactory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open_device = open_device
        self._camera_id: str | None = None
        self._device: Any = None
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="ptz")
        self.camera_label = QLabel()
        self.status_label = QLabel()
        self.status_label.setObjectName("errorLabel")
        self.status_label.setWordWrap(True)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(1, 10)
        self.speed.setValue(5)
        self._speed_label = QLabel()
        self.preset_box = QComboBox()
        self.goto_button = QPushButton()
        self.home_button = QPushButton()
        self.zoom_in = QPushButton("＋")
        self.zoom_out = QPushButton("－")
        self._zoom_label = QLabel()
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pad = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        positions = {
            "up_left": (0, 0),
            "up": (0, 1),
            "up_right": (0, 2),
            "left": (1, 0),
            "right": (1, 2),
            "down_left": (2, 0),
            "down": (2, 1),
            "down_right": (2, 2),
        }
        for name, (row, col) in positions.items():
            button = QPushButton(DIRECTIONS[name][2])
            button.setFixedSize(44, 36)
            pad.addWidget(button, row, col)
            self.buttons[name] = button
        pad.addWidget(self.home_button, 1, 1)
        self.home_button.setFixedSize(44, 36)
        zoom = QHBoxLayout()
        zoom.addWidget(self.zoom_out)
        zoom.addWidget(self._zoom_label)
        zoom.addWidget(self.zoom_in)
        speed = QHBoxLayout()
        speed.addWidget(self._speed_label)
        speed.addWidget(self.speed)
        presets = QHBoxLayout()
        presets.addWidget(self.preset_box, 1)
        presets.addWidget(self.goto_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.camera_label)
        layout.addLayout(pad)
        layout.addLayout(zoom)
        layout.addLayout(speed)
        layout.addLayout(presets)
        layout.addWidget(self.status_label)
        self._keys_hint = QLabel()
        self._keys_hint.setObjectName("hintLabel")
        self._keys_hint.setWordWrap(True)
        layout.addWidget(self._keys_hint)
        layout.addStretch(1)

        for name, button in self.buttons.items():
            pan, tilt, _ = DIRECTIONS[name]
            button.pressed.connect(lambda p=pan, t=tilt: self.start_move(p, t, 0))
            button.released.connect(self.stop_move)
        self.zoom_in.pressed.connect(lambda: self.start_move(0, 0, 1))
        self.zoom_in.released.connect(self.stop_move)
        self.zoom_out.pressed.connect(lambda: self.start_move(0, 0, -1))
        self.zoom_out.released.connect(self.stop_move)
        self.home_button.clicked.connect(self._on_home)
        self.goto_button.clicked.connect(self._on_goto)
        self.result.connect(self._on_result)
        self.presets_loaded.connect(self._on_presets_loaded)

        self._retranslate()
        self._set_enabled(False)

    def set_camera(self, camera_id: str | None, name: str = "") -> None:
        """Control this camera (None disables the panel); presets load in the background."""
        self._camera_id = camera_id
        self._device = None
        self.preset_box.clear()
        self.status_label.clear()
        self.camera_label.setText(name or (camera_id or ""))
        self._set_enabled(camera_id is not None)
        if camera_id:
            self._submit("presets", lambda d: self.presets_loaded.emit(list(d.ptz_presets())))

    def camera_id(self) -> str | None:
        """Camera under control, or None."""
        return self._camera_id

    def shutdown(self) -> None:
        """Stop the worker thread (waits for a running command)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _set_enabled(self, on: bool) -> None:
        for button in [*self.buttons.values(), self.zoom_in, self.zoom_out, self.home_button]:
            button.setEnabled(on)
        self.goto_button.setEnabled(on)
        self.preset_box.setEnabled(on)

    def _device_for(self, camera_id: str) -> Any:
        if self._device is None:
            self._device = self._open_device(camera_id)
        return self._device

    def _submit(self, command: str, call: Callable[[Any], Any]) -> None:
        camera_id = self._camera_id
        if camera_id is None:
            return

        def run() -> None:
            try:
                call(self._device_for(camera_id))
            except (VideoError, OSError, TimeoutError) as exc:
                logger.warning("%s: PTZ %s failed: %s", camera_id, command, exc)
                self.result.emit(command, REFUSED if isinstance(exc, OnvifAuthError) else str(exc))
                return
            if command in ("stop", "goto", "home"):  # a move ends with a stop
                self.moved.emit(camera_id)
            self.result.emit(command, "")

        self._pool.submit(run)

    def start_move(self, pan: int, tilt: int, zoom: int) -> None:
        """Turn (pan and tilt: -1, 0 or 1) or zoom the camera at the panel's speed until
        ``stop_move``; in the background, a failure shown in the panel."""
        v = self.speed.value() / 10.0
        self._submit("move", lambda d: d.ptz_move(pan * v, tilt * v, zoom * v))

    def stop_move(self) -> None:
        """Stop the camera's movement."""
        self._submit("stop", lambda d: d.ptz_stop())

    def _on_home(self) -> None:
        self._submit("home", lambda d: d.ptz_home())

    def _on_goto(self) -> None:
        token = self.preset_box.currentData()
        if token:
            self._submit("goto", lambda d: d.ptz_goto(str(token)))

    def _on_presets_loaded(self, presets: list[Any]) -> None:
        self.preset_box.clear()
        for preset in presets:
            token = getattr(preset, "token", preset)
            name = getattr(preset, "name", "") or str(token)
            self.preset_box.addItem(name, str(token))

    def _on_result(self, command: str, error: str) -> None:
        if error == REFUSED:  # what to do, not only what happened
            self.status_label.setText(
                self.tr("The camera refused the password: update it in the camera registry")
            )
        elif error:
            self.status_label.setText(self.tr("PTZ command failed: %1").replace("%1", error))
        else:
            self.status_label.clear()

    def _retranslate(self) -> None:
        self.home_button.setText("⌂")
        self.home_button.setToolTip(self.tr("Go to the home position"))
        self.goto_button.setText(self.tr("Go to preset"))
        self._zoom_label.setText(self.tr("Zoom"))
        self._speed_label.setText(self.tr("Speed"))
        self._keys_hint.setText(
            self.tr("Keys: click a tile, hold the arrows to turn, Page Up/Down to zoom")
        )
        if self._camera_id is None:
            self.camera_label.setText(self.tr("Click a tile, or right-click it → PTZ control"))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate on language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
