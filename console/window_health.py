"""The maintenance side of the main window: the camera health dock, the patrol that checks
the cameras nothing shows, and the row actions (a mixin of ``QtMainWindow``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer

from console.frames import TileStatus
from console.health_patrol import HealthPatrol
from console.qt_camera_health import CameraHealthModel, QtCameraHealth

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar, QWidget

    from console.app import ConsoleContext


ALARM_POLL_MS = 1000


class HealthSide:
    """Methods of ``QtMainWindow`` for the maintenance role's health list (Qt thread)."""

    # provided by QtMainWindow / QMainWindow
    ctx: ConsoleContext
    role: str
    health: QtCameraHealth | None
    health_model: CameraHealthModel | None
    patrol: HealthPatrol | None
    _alarm_version: int

    if TYPE_CHECKING:  # declarations only: a body here would shadow QMainWindow's

        def _add_dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> Any: ...
        def _on_camera_activated(self, camera_id: str) -> None: ...
        def statusBar(self) -> QStatusBar: ...
        def _note_camera_state(self, camera_id: str, status: Any) -> None: ...

    def _add_health_dock(self) -> None:
        """The health list and its patrol, for the maintenance role only."""
        self.health = self.health_model = self.patrol = None
        if self.role != "maintenance":
            return
        ctx, parent = self.ctx, cast(QObject, self)
        self.health_model = CameraHealthModel(
            ctx.catalog, ctx.org_name, ctx.org_path, parent, self._alarm_state
        )
        self._alarm_version = -1
        self._alarm_timer = QTimer(parent)  # subscriptions change on worker threads: polled
        self._alarm_timer.setInterval(ALARM_POLL_MS)
        self._alarm_timer.timeout.connect(self._poll_alarms)
        self._alarm_timer.start()
        districts = [(o.id, o.name) for o in ctx.orgs.values() if o.level in ("city", "district")]
        self.health = QtCameraHealth(self.health_model, districts)
        self._add_dock("health", self.health, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.health.camera_activated.connect(self._on_camera_activated)
        if ctx.open_reader is None:
            return
        # the cameras nothing shows (wall tiles, camera windows), checked in turn
        self.patrol = HealthPatrol(ctx.open_reader, ctx.catalog.ids, ctx.bridge.cameras_fed, parent)
        self.patrol.checked.connect(self._on_patrol_check)
        self.patrol.started.connect(self._on_check_started)
        self.health.check_requested.connect(self._on_check_requested)
        self.patrol.start()

    def _alarm_state(self, camera_id: str) -> tuple[str, str]:
        alarms = self.ctx.alarms()
        return alarms.state(camera_id) if alarms is not None else ("", "")

    def _poll_alarms(self) -> None:
        alarms = self.ctx.alarms()
        version = alarms.version if alarms is not None else -1
        if version != self._alarm_version and self.health_model is not None:
            self._alarm_version = version
            self.health_model.refresh_alarms()

    def _on_patrol_check(self, camera_id: str, status: Any) -> None:
        if self.health_model is not None and self.patrol is not None:
            self.health_model.update(camera_id, status, self.patrol.checked_at.get(camera_id))
        self._note_camera_state(camera_id, status)  # map, tree and event log as for the wall

    def _on_check_requested(self, camera_id: str) -> None:
        if self.patrol is None:
            return
        result = self.patrol.check_now(camera_id)
        if result == "shown":
            text = QCoreApplication.translate(
                "QtMainWindow", "%1 is being shown: its state is live already."
            )
        elif result == "running":
            text = QCoreApplication.translate("QtMainWindow", "%1 is being checked now.")
        else:
            return
        self.statusBar().showMessage(text.replace("%1", self.ctx.catalog.name_of(camera_id)), 6000)

    def _on_check_started(self, camera_id: str) -> None:
        if self.health_model is not None:
            self.health_model.update(camera_id, TileStatus("connecting"))
