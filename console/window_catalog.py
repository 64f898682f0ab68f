"""The main window follows the camera registry while it runs (a mixin of ``QtMainWindow``):
cameras added by maintenance join the tree, the map and the health list; cameras removed
leave them, the wall, the tour, their own windows and the PTZ panel; a changed camera is
redrawn, and the PTZ panel of one whose credentials or address changed opens its device anew.
One event-log line says what changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from console.camera_catalog import CatalogChange
from console.wall import ALL_CAMERAS
from console.window_parts import WindowParts

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    from console.app import ConsoleContext
    from console.camera_health_model import CameraHealthModel
    from console.health_orders import Outages, PictureFaults
    from console.qt_camera_tree import CameraTreeModel, QtCameraTree
    from console.qt_camera_window import QtCameraWindow
    from console.qt_event_log import QtEventLog
    from console.qt_ptz_panel import QtPtzPanel
    from console.qt_video_wall import QtVideoWall


def _tr(text: str) -> str:
    return QCoreApplication.translate("CatalogSide", text)


NAMED = 3  # cameras named in the line, per kind of change (then "…")


def change_text(change: CatalogChange) -> str:
    """The event-log line of a catalog change (translated), naming the first cameras of
    each kind, e.g. "1 camera(s) added (Gate), 2 camera(s) removed (Lane, Yard)"."""
    parts = []
    for cameras, text in (
        (change.added, "%n camera(s) added"),
        (change.removed, "%n camera(s) removed"),
        (tuple(new for _old, new in change.changed), "%n camera(s) changed"),
    ):
        if cameras:
            names = _tr(", ").join(c.name for c in cameras[:NAMED])
            if len(cameras) > NAMED:
                names += " …"
            counted = QCoreApplication.translate("CatalogSide", text, "", len(cameras))
            parts.append(_tr("%1 (%2)").replace("%1", counted).replace("%2", names))
    return _tr("; ").join(parts)


class CatalogSide(WindowParts):
    """Methods of ``QtMainWindow`` for registry changes (Qt thread)."""

    def _build_catalog_action(self, menu: QMenu) -> None:
        """刷新摄像机目录 (F5): read the registry now rather than at the next minute."""
        self.act_refresh_cameras = self._action("refresh_cameras", "F5")
        self.act_refresh_cameras.setEnabled(self.ctx.refresh_registry is not None)
        self.act_refresh_cameras.triggered.connect(self.refresh_cameras)
        menu.addAction(self.act_refresh_cameras)
        self._refresh_asked = False

    def _retranslate_catalog(self) -> None:
        self.act_refresh_cameras.setText(_tr("Refresh camera list"))
        self.act_refresh_cameras.setToolTip(
            _tr("Read the camera registry now (it is read every minute anyway)")
        )

    def refresh_cameras(self) -> None:
        """Read the registry now; the status bar says what it found."""
        if self.ctx.refresh_registry is not None:
            self._refresh_asked = True
            self.statusBar().showMessage(_tr("Reading the camera registry…"), 5000)
            self.ctx.refresh_registry()

    def registry_unread(self, reason: str) -> None:
        """The registry could not be read (the database away): said when it was asked for."""
        if self._refresh_asked:
            self._refresh_asked = False
            text = _tr("Camera registry not read: %1").replace("%1", reason)
            self.statusBar().showMessage(text, 10000)

    # provided by QtMainWindow
    ctx: ConsoleContext
    wall: QtVideoWall
    tree: QtCameraTree
    tree_model: CameraTreeModel
    ptz: QtPtzPanel
    event_log: QtEventLog
    health_model: CameraHealthModel | None
    _camera_windows: list[QtCameraWindow]
    _camera_states: dict[str, str]
    _last_states: dict[str, str]
    _outages: Outages
    _picture_faults: PictureFaults
    _refresh_asked: bool
    act_refresh_cameras: QAction
    act_tour: QAction

    def apply_catalog_change(self, change: CatalogChange, renewed: set[str]) -> None:
        """The catalog (already replaced) changed by ``change``; ``renewed``: cameras whose
        credentials or ONVIF address changed (their devices are opened anew)."""
        ptz_camera = self.ptz.camera_id()
        gone = change.removed_ids()
        renamed = {new.id for old, new in change.changed if old.name != new.name}
        if ptz_camera in gone:
            self.ptz.set_camera(None)
        elif ptz_camera is not None and ptz_camera in renewed | renamed:
            self.ptz.set_camera(ptz_camera, self.ctx.catalog.name_of(ptz_camera))
        asked, self._refresh_asked = self._refresh_asked, False
        if not change:
            if renewed:  # new credentials only: streams reopened, alarms renewed
                text = _tr("Camera registry: %1").replace(
                    "%1",
                    QCoreApplication.translate(
                        "CatalogSide", "%n camera(s) with new credentials", "", len(renewed)
                    ),
                )
                self.statusBar().showMessage(text, 10000)
            elif asked:
                self.statusBar().showMessage(_tr("The camera registry has not changed"), 5000)
            return
        tour = self.wall.state().tour
        if tour is not None and tour.name == ALL_CAMERAS:  # the Tour button's: every camera
            tour.camera_ids = self.ctx.catalog.ids()
            if not tour.camera_ids:
                self.wall.stop_tour()
        self.wall.catalog_changed(gone, renamed)
        if tour is not None and not self.wall.touring():  # its cameras all removed
            self.act_tour.setChecked(False)
        for window in list(self._camera_windows):
            camera = self.ctx.catalog.get(window.camera.id)
            if camera is None:
                window.close()
            elif camera != window.camera:
                window.set_entry(camera)
        for store in (self._camera_states, self._last_states):
            for camera_id in gone:
                store.pop(camera_id, None)
        self._outages.forget(gone)
        self._picture_faults.forget(gone)
        self._update_tree(change)
        if self.health_model is not None:
            self.health_model.update_cameras(change)
        update_map = getattr(getattr(self, "map", None), "update_cameras", None)
        if callable(update_map):
            update_map(change, self._camera_states)
        self.event_log.log(_tr("Camera registry"), change_text(change))
        text = _tr("Camera registry: %1").replace("%1", change_text(change))
        self.statusBar().showMessage(text, 10000)

    def _update_tree(self, change: CatalogChange) -> None:
        """Rows added, removed and renamed in place: expansion and search stay (and the
        selection, unless it is the row of a camera moved or renamed out of its place)."""
        with self.tree.changing():  # (a search's filter set aside meanwhile)
            self.tree_model.update_cameras(change)
        for camera in [*change.added, *(new for _old, new in change.changed)]:
            coarse = self._last_states.get(camera.id)  # what the tree showed: live or bad
            if coarse is not None:
                self.tree_model.set_camera_state(camera.id, "live" if coarse == "live" else "lost")
        for camera in change.added:
            self.tree.expand_to(camera.id)
        for old, new in change.changed:
            if old.grid_id != new.grid_id:  # its row made anew in another grid
                self.tree.expand_to(new.id)
