"""The main window's PTZ panel as the wall drives it (a mixin of ``QtMainWindow``): the panel
follows the selected tile, opens from a tile's menu, and takes the keyboard's PTZ from the
focused tile (arrows turn its camera while held, Page Up/Down zoom)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.window_parts import WindowParts

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget

    from console.app import ConsoleContext
    from console.qt_camera_tree import QtCameraTree
    from console.qt_ptz_panel import QtPtzPanel


class PtzSide(WindowParts):
    """Methods of ``QtMainWindow`` for the PTZ panel (Qt thread)."""

    # provided by QtMainWindow
    ctx: ConsoleContext
    ptz: QtPtzPanel
    tree: QtCameraTree
    docks: dict[str, QDockWidget]

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
