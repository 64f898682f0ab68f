"""PTZ panel: directions, zoom, presets and home for one camera, via ONVIF on a worker thread.

The panel never calls the network on the Qt thread: each command goes to a one-thread executor
(commands to one camera stay in order) and the outcome comes back through a queued signal.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
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

from console.ptz_holds import PtzHolds
from console.ptz_panel_holds import HELD, PanelHolds
from dispatch.ptz import HOLD_S
from video.errors import OnvifAuthError, OnvifFaultError, VideoError

logger = logging.getLogger(__name__)

MOVE_TIMEOUT_S = 6.0  # a camera stops by itself this long after the last move it was sent
REPEAT_S = 2.0  # a held move is sent again this often
SHUTDOWN_WAIT_S = 10.0  # closing waits this long at most for stops and releases


REFUSED = "refused"  # result of a command the camera refused the credentials for
NO_PTZ = "no-ptz"  # result of a command to a camera without PTZ (see ``no_ptz``)
STEERING = frozenset({"move", "stop", "goto", "home"})  # commands that need the camera's hold


class PtzDevice(Protocol):
    """What the panel needs of ``video.onvif.OnvifDevice`` (sync facade)."""

    def ptz_move(
        self, pan: float, tilt: float, zoom: float = 0.0, timeout: float | None = None
    ) -> Any: ...
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


class QtPtzPanel(PanelHolds, QWidget):
    """direction pad, zoom, speed, presets; ``result`` is emitted on the Qt thread."""

    result = Signal(str, str)  # command, error text ("" on success)
    moved = Signal(str)  # a camera turned by commands that succeeded (stopped, preset, home)
    presets_loaded = Signal(list)
    no_ptz = Signal(str, bool)  # camera id, True when it has no ONVIF address at all
    refused = Signal(str, object)  # camera id, the DispatchError that refused a command
    # camera id, a PtzHold, and TAKEN_OVER (by this console), MAY_TAKE or WAIT (another holds it)
    hold_note = Signal(str, object, str)
    holding = Signal(str, bool)  # camera id, whether this panel now holds it (a command's hold)

    def __init__(
        self,
        open_device: DeviceFactory,
        holds: PtzHolds | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``holds``: who may steer which camera, shared between consoles (None: anyone)."""
        super().__init__(parent)
        self._open_device = open_device
        self._holds = holds
        self._held: set[str] = set()  # cameras this panel holds (worker thread only)
        self._moving: set[str] = set()  # cameras this panel set turning (worker thread only)
        self._pending_note = ""  # shown when the command that took the camera over succeeds
        # while a move runs (a key or button held), its hold is renewed: no lapse mid-turn
        # while a key or button is held the move is sent again (renewing the hold); each
        # move ends by itself after move_timeout_s, so a stop lost or refused leaves no camera
        # turning for longer than that
        self.move_timeout_s = MOVE_TIMEOUT_S
        self._move: tuple[float, float, float] | None = None
        self._repeat = QTimer(self, interval=int(REPEAT_S * 1000))
        self._repeat.timeout.connect(self._repeat_move)
        self._holder_note = ""  # the "who steers it" note last shown
        self._told_taken: str | None = None  # the camera others_hold last said was taken
        self._note_lapse = QTimer(self, singleShot=True)
        self._note_lapse.timeout.connect(self._on_note_lapse)
        self._camera_id: str | None = None
        self._without_ptz = False  # the camera under control has none: commands not sent
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="ptz")
        self._queued: list[tuple[str, concurrent.futures.Future[None]]] = []  # not done yet
        self._closed = False
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
        self.release_button = QPushButton()  # 释放控制权: let the camera go before it lapses
        self.release_button.setEnabled(False)
        self.release_button.setVisible(holds is not None)
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
        layout.addWidget(self.release_button)
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
        self.release_button.clicked.connect(self._on_release_clicked)
        self.holding.connect(self._on_holding)
        self._hold_lapse = QTimer(self, singleShot=True, interval=int(HOLD_S * 1000))
        self._hold_lapse.timeout.connect(lambda: self.release_button.setEnabled(False))
        self.result.connect(self._on_result)
        self.no_ptz.connect(self._on_no_ptz)
        self.refused.connect(self._on_refused)
        self.hold_note.connect(self._on_hold_note)
        self.presets_loaded.connect(self._on_presets_loaded)

        self._retranslate()
        self._set_enabled(False)

    def set_camera(self, camera_id: str | None, name: str = "") -> None:
        """Control this camera (None disables the panel); presets load in the background,
        and who steers it now; the camera the panel had is let go (after its queued stop)."""
        previous = self._camera_id
        if previous is not None and previous != camera_id and self._holds is not None:
            self._queue("release", lambda: self._let_go(previous))
        self._camera_id = camera_id
        if previous != camera_id:  # the same one again (a registry refresh): a turn goes on
            self._pending_note = ""
            self._repeat.stop()
            self._note_lapse.stop()
            self._hold_lapse.stop()
            self.release_button.setEnabled(False)
        self._without_ptz = False
        self.preset_box.clear()
        self._show_status("")
        self.camera_label.setText(name or (camera_id or ""))
        self._set_enabled(camera_id is not None)
        if camera_id:
            self._submit("presets", lambda d: self.presets_loaded.emit(list(d.ptz_presets())))
            if self._holds is not None:
                self._queue("holder", lambda: self._tell_holder(camera_id))

    def holds(self) -> PtzHolds | None:
        """Who may steer which camera, as this panel asks it (None: no holds)."""
        return self._holds

    def camera_id(self) -> str | None:
        """Camera under control, or None."""
        return self._camera_id

    def shutdown(self) -> None:
        """Stop the worker thread: queued commands are dropped, except a stop (a camera
        turned from the keyboard when the window closed must not keep turning) and letting a
        camera go; waits up to ``SHUTDOWN_WAIT_S`` for those and the one running (a database
        or camera that does not answer must not hold the window open: a move ends by itself
        after ``move_timeout_s``, a hold after ``HOLD_S``)."""
        self._repeat.stop()
        for command, future in self._queued:
            if command not in ("stop", "release"):
                future.cancel()
        if self._holds is not None:
            self._queue("release", self._let_go_all)
        self._closed = True
        concurrent.futures.wait([f for _, f in self._queued], timeout=SHUTDOWN_WAIT_S)
        self._pool.shutdown(wait=False)

    def _set_enabled(self, on: bool) -> None:
        for button in [*self.buttons.values(), self.zoom_in, self.zoom_out, self.home_button]:
            button.setEnabled(on)
        self.goto_button.setEnabled(on)
        self.preset_box.setEnabled(on)

    def _device_for(self, camera_id: str) -> Any:
        """The camera's device (worker thread): each command goes to the camera it was for,
        through the console's own cache, so a device the registry retired (a new address or
        password) is not used again here, which would reopen it where nothing closes it."""
        return self._open_device(camera_id)

    def _submit(self, command: str, call: Callable[[Any], Any]) -> None:
        camera_id = self._camera_id
        if camera_id is None:
            return

        def run() -> None:
            # stopping a turn this panel started steers against no one: sent first, always
            own_stop = command == "stop" and camera_id in self._moving
            if command in STEERING and not own_stop and not self._may_steer(command, camera_id):
                return
            try:
                try:
                    device = self._device_for(camera_id)
                except KeyError:  # no ONVIF address in the registry: nothing to command
                    self.no_ptz.emit(camera_id, True)
                    self.result.emit(command, NO_PTZ)
                    return
                call(device)
            except (VideoError, OSError, TimeoutError) as exc:
                if isinstance(exc, OnvifFaultError) and exc.subcode == "NoPTZ":
                    self.no_ptz.emit(camera_id, False)  # a fixed camera: not a failure
                    self.result.emit(command, NO_PTZ)
                    return
                logger.warning("%s: PTZ %s failed: %s", camera_id, command, exc)
                self.result.emit(command, REFUSED if isinstance(exc, OnvifAuthError) else str(exc))
                return
            if command == "move":
                self._moving.add(camera_id)
            elif command == "stop":
                self._moving.discard(camera_id)
            if command in ("stop", "goto", "home"):  # a move ends with a stop
                self.moved.emit(camera_id)
            self.result.emit(command, "")
            if own_stop:  # the hold lasts HOLD_S from this last command, if still ours
                self._may_steer("renew", camera_id, quiet=True)

        self._queue(command, run)

    def _queue(self, command: str, job: Callable[[], Any]) -> None:
        if self._closed:
            return
        self._queued = [(c, f) for c, f in self._queued if not f.done()]
        self._queued.append((command, self._pool.submit(job)))

    def start_move(self, pan: int, tilt: int, zoom: int) -> None:
        """Turn (pan and tilt: -1, 0 or 1) or zoom the camera at the panel's speed until
        ``stop_move``; in the background, a failure shown in the panel."""
        if self._without_ptz:
            return
        v = self.speed.value() / 10.0
        self._move = (pan * v, tilt * v, zoom * v)
        self._repeat_move()
        self._repeat.start()

    def _repeat_move(self) -> None:
        """(Re)send the held move, with its timeout (and, before it, the camera's hold)."""
        if self._move is not None:
            (pan, tilt, zoom), timeout = self._move, self.move_timeout_s
            self._submit("move", lambda d: d.ptz_move(pan, tilt, zoom, timeout=timeout))

    def stop_move(self) -> None:
        """Stop the camera's movement."""
        self._repeat.stop()
        self._move = None
        if self._without_ptz:
            return
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
        if error in (NO_PTZ, HELD):  # said by _on_no_ptz, _on_refused
            return
        if error == REFUSED:  # what to do, not only what happened
            self._show_status(
                self.tr("The camera refused the password: update it in the camera registry")
            )
        elif error:
            self._show_status(self.tr("PTZ command failed: %1").replace("%1", error))
        elif self._pending_note or command != "stop":  # a stop leaves a refusal in view
            self._show_status(self._pending_note, notice=bool(self._pending_note))
            self._pending_note = ""

    def _on_no_ptz(self, camera_id: str, no_onvif: bool) -> None:
        """The camera under control turned out to have no PTZ: a plain note, the controls off."""
        if camera_id != self._camera_id:
            return  # an answer about the camera the panel had before
        self._without_ptz = True
        self._set_enabled(False)
        if no_onvif:
            text = self.tr("This camera has no ONVIF address in the registry: no PTZ control")
        else:
            text = self.tr("This camera has no PTZ (a fixed camera)")
        self._show_status(text, notice=True)

    def _show_status(self, text: str, notice: bool = False) -> None:
        """A failure in red, or (``notice``) a plain note in the hint colour."""
        self.status_label.setText(text)
        if self.status_label.property("notice") != notice:
            self.status_label.setProperty("notice", notice)
            self.status_label.style().unpolish(self.status_label)
            self.status_label.style().polish(self.status_label)

    def _retranslate(self) -> None:
        self.home_button.setText("⌂")
        self.home_button.setToolTip(self.tr("Go to the home position"))
        self.goto_button.setText(self.tr("Go to preset"))
        self.release_button.setText(self.tr("Release control"))
        self.release_button.setToolTip(
            self.tr("Let other consoles steer this camera now, not 30 s after your last command")
        )
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
