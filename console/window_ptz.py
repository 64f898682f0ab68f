"""The main window's PTZ panel as the wall drives it (a mixin of ``QtMainWindow``): the panel
follows the selected tile, opens from a tile's menu, and takes the keyboard's PTZ from the
focused tile (arrows turn its camera while held, Page Up/Down zoom)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from console.ptz_panel_holds import TAKEN_OVER
from console.ptz_watch import PtzWatch
from console.window_parts import WindowParts

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget

    from console.app import ConsoleContext
    from console.qt_camera_tree import QtCameraTree
    from console.qt_camera_window import QtCameraWindow
    from console.qt_event_log import QtEventLog
    from console.qt_ptz_panel import QtPtzPanel
    from console.qt_video_wall import QtVideoWall
    from dispatch.ptz import PtzHold


def _tr(text: str) -> str:
    return QCoreApplication.translate("PtzSide", text)


class PtzSide(WindowParts):
    """Methods of ``QtMainWindow`` for the PTZ panel (Qt thread)."""

    # provided by QtMainWindow
    ctx: ConsoleContext
    ptz: QtPtzPanel
    tree: QtCameraTree
    docks: dict[str, QDockWidget]
    event_log: QtEventLog
    wall: QtVideoWall
    _camera_windows: list[QtCameraWindow]

    def _connect_ptz(self) -> None:
        self.wall.ptz_requested.connect(self._on_ptz_requested)
        self.wall.ptz_key_requested.connect(self._on_ptz_key)
        self.ptz.hold_note.connect(self._on_ptz_hold_note)
        self._ptz_holds_shown: dict[str, PtzHold] = {}
        holds = self.ptz.holds()
        self._ptz_watch = PtzWatch(holds) if holds is not None else None  # stopped on close
        if self._ptz_watch is not None:
            self._ptz_watch.changed.connect(self._on_ptz_holders)
            self._ptz_watch.start()

    def _retranslate_ptz(self) -> None:
        """The tiles' holder lines in the new language."""
        if self._ptz_holds_shown:
            self._on_ptz_holders(self._ptz_holds_shown)

    def _shutdown_ptz(self) -> None:
        """The PTZ worker (after its stops and releases) and the watch of others' holds."""
        if self._ptz_watch is not None:
            self._ptz_watch.stop()
        self.ptz.shutdown()

    def _on_ptz_holders(self, holds: dict[str, PtzHold]) -> None:
        """Tiles of cameras another console steers say who does; the PTZ panel learns that
        its camera was taken over before its next command."""
        self._ptz_holds_shown = holds
        self.ptz.others_hold(set(holds))
        self.wall.set_ptz_holders({camera_id: self._holder_line(camera_id) for camera_id in holds})
        for window in self._camera_windows:
            window.tile.set_ptz_holder(self._holder_line(window.camera.id))

    def _holder_line(self, camera_id: str) -> str:
        """Who of another console steers ``camera_id`` ("" when none)."""
        hold = self._ptz_holds_shown.get(camera_id)
        if hold is None:
            return ""
        return (
            _tr("PTZ: %1 (%2)")
            .replace("%1", hold.name)
            .replace("%2", self.ctx.org_name(hold.org_id))
        )

    def _connect_camera_window(self, window: QtCameraWindow) -> None:
        """A camera's own window: its PTZ keys steer as a tile's do, and it says who of
        another console steers its camera, as the wall's tiles do."""
        window.ptz_key_requested.connect(self._on_ptz_key)
        window.tile.set_ptz_holder(self._holder_line(window.camera.id))

    def _on_ptz_hold_note(self, camera_id: str, hold: PtzHold, kind: str) -> None:
        """A take-over goes into the event log (the other center's operator is refused)."""
        if kind == TAKEN_OVER and hold.displaced is not None:
            text = _tr("PTZ taken over from %1 (%2)")
            text = text.replace("%1", hold.displaced.name)
            text = text.replace("%2", self.ctx.org_name(hold.displaced.org_id))
            self.event_log.log(self.ctx.catalog.name_of(camera_id), text)

    def _on_wall_camera_selected(self, camera_id: str) -> None:
        self.tree.select_camera(camera_id)
        self.ptz.set_camera(camera_id, self.ctx.catalog.name_of(camera_id))

    def _on_ptz_requested(self, camera_id: str) -> None:
        self.ptz.set_camera(camera_id, self.ctx.catalog.name_of(camera_id))
        self.docks["ptz"].show()
        self.docks["ptz"].raise_()

    def _on_ptz_key(self, camera_id: str, pan: int, tilt: int, zoom: int) -> None:
        """A PTZ key pressed or released on a tile: the panel moves (or stops) that camera,
        taking it first if it had another; refusals show in the panel as for its buttons."""
        if self.ptz.camera_id() != camera_id:
            self.ptz.set_camera(camera_id, self.ctx.catalog.name_of(camera_id))
        if pan or tilt or zoom:
            self.ptz.start_move(pan, tilt, zoom)
        else:
            self.ptz.stop_move()
