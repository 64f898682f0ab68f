"""The dispatch side of the main window: H7's board, detail, map and supervision docks,
the linkage to the wall, and the new-incident form (a mixin of ``QtMainWindow``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QWidget

    from console.app import ConsoleContext
    from console.qt_camera_tree import QtCameraTree
    from console.qt_event_log import QtEventLog
    from console.qt_video_wall import QtVideoWall

logger = logging.getLogger(__name__)
SUPERVISOR_ROLES = ("duty_officer", "leader")


class DispatchSide:
    """Methods of ``QtMainWindow`` that wire the dispatch widgets (Qt thread)."""

    # provided by QtMainWindow / QMainWindow
    ctx: ConsoleContext
    role: str
    docks: dict[str, QDockWidget]
    dispatch_widgets: dict[str, QWidget]
    wall: QtVideoWall
    tree: QtCameraTree
    event_log: QtEventLog
    _camera_states: dict[str, str]
    new_form: Any
    board_view: Any
    detail: Any
    map: Any
    supervision: Any

    if TYPE_CHECKING:

        def _add_dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget: ...
        def tabifyDockWidget(self, first: QDockWidget, second: QDockWidget) -> None: ...

    def _add_dispatch_docks(self) -> None:
        board = self.ctx.board
        if board is None:
            return
        from console.board import QtDispatchBoard
        from console.board.qt_incident_detail import QtIncidentDetail
        from console.board.qt_supervision_view import QtSupervisionView
        from console.map import MapCamera, QtMapView

        def map_cameras() -> list[MapCamera]:
            return [
                MapCamera(
                    c.id,
                    c.name,
                    c.lon,
                    c.lat,
                    self._camera_states.get(c.id, "connecting"),
                    c.grid_id,
                )
                for c in self.ctx.catalog.all()
                if c.lon is not None and c.lat is not None
            ]

        self.board_view = QtDispatchBoard(board)
        self.board_view.sound_check.setChecked(self.ctx.settings.alert_sound())
        self.board_view.sound_check.toggled.connect(self.ctx.settings.set_alert_sound)
        self.detail = QtIncidentDetail(board, self.ctx.linkage)
        self.map = QtMapView(board, map_cameras)
        self.dispatch_widgets.update(board=self.board_view, detail=self.detail, map=self.map)
        self._add_dock("board", self.board_view, Qt.DockWidgetArea.BottomDockWidgetArea)
        self._add_dock("map", self.map, Qt.DockWidgetArea.RightDockWidgetArea)
        self._add_dock("detail", self.detail, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["map"], self.docks["detail"])
        self.docks["map"].raise_()
        if self.role in SUPERVISOR_ROLES:
            self.supervision = QtSupervisionView(board)
            self.dispatch_widgets["supervision"] = self.supervision
            self._add_dock("supervision", self.supervision, Qt.DockWidgetArea.BottomDockWidgetArea)
            self.tabifyDockWidget(self.docks["board"], self.docks["supervision"])
        self.tabifyDockWidget(self.docks["board"], self.docks["events"])
        self.docks["board"].raise_()
        if "health" in self.docks:  # maintenance: camera health first
            self.tabifyDockWidget(self.docks["board"], self.docks["health"])
            self.docks["health"].raise_()

    def _connect_board(self) -> None:
        board = self.ctx.board
        if board is None:
            return
        self.wall.set_badge_provider(self.ctx.badges_for_camera)
        board.incident_arrived.connect(self._on_incident_arrived)
        board.loaded.connect(self._on_board_loaded)
        board.current_changed.connect(self._on_current_incident)
        board.feed_error.connect(self._on_feed_error)
        board.feed_restored.connect(self._on_feed_restored)
        linkage = self.ctx.linkage
        if linkage is not None:
            linkage.show_cameras.connect(self.wall.show_cameras)
            linkage.pop_camera.connect(self.wall.pop_camera)
            linkage.camera_incidents_changed.connect(self.wall.refresh_badges)
            linkage.alarm_raised.connect(self._on_alarm_raised)
        if hasattr(self, "map"):
            self.map.camera_activated.connect(self.wall.pop_camera)
            self.map.grid_clicked.connect(self._on_grid_picked)
        self.tree.org_selected.connect(self._on_org_selected)

    def _on_new_incident(self) -> None:
        board = self.ctx.board
        if board is None:
            return
        if self.new_form is None:
            from console.board.qt_new_incident_form import QtNewIncidentForm

            form = QtNewIncidentForm(board)
            form.setParent(cast("QWidget", self), Qt.WindowType.Tool)
            form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            form.submitted.connect(self._on_incident_submitted)
            form.destroyed.connect(self._on_form_closed)
            self.new_form = form
        self.new_form.show()
        self.new_form.raise_()

    def _on_form_closed(self) -> None:
        self.new_form = None

    def _on_incident_submitted(self, incident: Any) -> None:
        self.event_log.log(
            QCoreApplication.translate("QtMainWindow", "Incident"),
            f"{incident.id} {incident.title}",
        )
        if self.new_form is not None:
            self.new_form.close()
        if self.ctx.board is not None:
            self.ctx.board.select(incident.id)

    def _on_grid_picked(self, grid_id: str) -> None:
        if self.new_form is not None and grid_id:
            self.new_form.set_grid(grid_id)

    def _on_org_selected(self, org_id: str) -> None:
        org = self.ctx.orgs.get(org_id)
        if org is not None and org.level == "grid":
            self._on_grid_picked(org_id)

    def _on_board_loaded(self, count: int) -> None:
        self.wall.refresh_badges()
        self.event_log.log(
            QCoreApplication.translate("QtMainWindow", "Board"),
            QCoreApplication.translate("QtMainWindow", "%1 open incidents loaded").replace(
                "%1", str(count)
            ),
        )

    def _on_feed_error(self, reason: str) -> None:
        if self.ctx.board is None or self.ctx.board.feed_failures > 1:
            return  # logged when it went down; the board shows the latest reason
        text = QCoreApplication.translate(
            "QtMainWindow", "Dispatch database unreachable, the board stopped updating: %1"
        )
        self.event_log.log(self._board_source(), text.replace("%1", reason), "alarm")

    def _on_feed_restored(self) -> None:
        text = QCoreApplication.translate(
            "QtMainWindow", "Dispatch database reachable again; the board is catching up"
        )
        self.event_log.log(self._board_source(), text)

    def _board_source(self) -> str:
        return QCoreApplication.translate("QtMainWindow", "Board")

    def _on_incident_arrived(self, incident: Any) -> None:
        level = "alarm" if incident.severity in ("complex", "major") or incident.urgent else "info"
        self.event_log.log(
            QCoreApplication.translate("QtMainWindow", "Incident"),
            f"{incident.id} {incident.title}",
            level,
        )

    def _on_current_incident(self, incident_id: str) -> None:
        if incident_id and "detail" in self.docks:
            self.docks["detail"].raise_()

    def _on_alarm_raised(self, incident: Any) -> None:
        self.event_log.log(
            QCoreApplication.translate("QtMainWindow", "Video alarm"),
            f"{incident.id} {incident.title}",
            "alarm",
        )

    # --- shutdown ------------------------------------------------------------------------
