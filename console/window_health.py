"""The maintenance side of the main window: the camera health dock, the patrol that checks
the cameras nothing shows, and the row actions (a mixin of ``QtMainWindow``)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer

from console import i18n
from console.camera_health_model import CameraHealthModel
from console.frames import TileStatus
from console.health_orders import Outages, PictureFaults, offline_reason
from console.health_patrol import HealthPatrol
from console.health_picture import (
    FROZEN_AFTER_S,
    SETTLE_S,
    PictureChecks,
    PictureReport,
    ShownPictures,
    work_order_text,
)
from console.health_rollcall import CallResult, RollCall
from console.qt_camera_health import QtCameraHealth
from console.qt_reference_compare import QtReferenceCompare
from console.site_time import from_epoch
from video.errors import OnvifFaultError
from video.onvif.models import PtzStatus

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar, QWidget

    from console.app import ConsoleContext
    from console.qt_event_log import QtEventLog
    from console.qt_ptz_panel import QtPtzPanel


ALARM_POLL_MS = 1000


class HealthSide:
    """Methods of ``QtMainWindow`` for the maintenance role's health list (Qt thread)."""

    # provided by QtMainWindow / QMainWindow
    ctx: ConsoleContext
    role: str
    health: QtCameraHealth | None
    health_model: CameraHealthModel | None
    patrol: HealthPatrol | None
    rollcall: RollCall | None
    picture_checks: PictureChecks | None
    _alarm_version: object

    event_log: QtEventLog
    ptz: QtPtzPanel

    if TYPE_CHECKING:  # declarations only: a body here would shadow QMainWindow's

        def _add_dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> Any: ...
        def _on_camera_activated(self, camera_id: str) -> None: ...
        def statusBar(self) -> QStatusBar: ...
        def _note_camera_state(self, camera_id: str, status: Any) -> None: ...

    def _add_health_dock(self) -> None:
        """The health list and its patrol, for the maintenance role only."""
        self.health = self.health_model = self.patrol = self.rollcall = None
        self.picture_checks = None
        self._outages = Outages()
        self._picture_faults = PictureFaults()
        self._mass_outage = False
        if self.role != "maintenance":
            return
        ctx, parent = self.ctx, cast(QObject, self)
        linkage = ctx.linkage
        self.health_model = CameraHealthModel(
            ctx.catalog,
            ctx.org_trail,
            ctx.org_path,
            parent,
            self._alarm_state,
            linkage.work_order if linkage is not None else None,
        )
        if linkage is not None:  # a work order filed, accepted, closed: the list follows
            linkage.camera_incidents_changed.connect(self.health_model.refresh_orders)
        self._alarm_version = -1
        self._alarm_timer = QTimer(parent)  # subscriptions change on worker threads: polled
        self._alarm_timer.setInterval(ALARM_POLL_MS)
        self._alarm_timer.timeout.connect(self._poll_alarms)
        self._alarm_timer.start()
        districts = [(o.id, o.name) for o in ctx.orgs.values() if o.level in ("city", "district")]
        self.health = QtCameraHealth(self.health_model, districts)
        self._add_dock("health", self.health, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.health.camera_activated.connect(self._on_camera_activated)
        self.health.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        if ctx.open_reader is None:
            return
        # the cameras nothing shows (wall tiles, camera windows): called quickly, all of them,
        # then those that answered measured in turn by the patrol
        watched = ctx.bridge.cameras_fed
        if ctx.answer is not None:
            self.rollcall = RollCall(ctx.answer, ctx.catalog.ids, watched, parent)
            self.rollcall.answered.connect(self._on_rollcall)
        eligible = self.rollcall.answers if self.rollcall is not None else None
        # the two pictures each patrol check saw are diagnosed on a worker thread
        self.picture_checks = PictureChecks(
            parent, folder=ctx.reference_dir, ptz_status=self._ptz_position
        )
        self.picture_checks.diagnosed.connect(self._on_picture)
        # and the cameras being shown, from the frames they show (no second stream)
        self._shown_pictures = ShownPictures(
            ctx.bridge.latest_frames, self.picture_checks.submit, parent
        )
        self.patrol = HealthPatrol(
            ctx.open_reader,
            ctx.catalog.ids,
            watched,
            parent,
            eligible=eligible,
            pictures=self.picture_checks.submit,
            span_s=FROZEN_AFTER_S + 0.2,  # frame times jitter: judged at 2 s, not 1.99
        )
        self.patrol.checked.connect(self._on_patrol_check)
        self.patrol.started.connect(self._on_check_started)
        self.health.check_requested.connect(self._on_check_requested)
        self.health.reference_requested.connect(self._on_reference_requested)
        self.health.compare_requested.connect(self._on_compare_requested)
        self.health.has_reference = self.picture_checks.views.exists
        self.ptz.moved.connect(self._on_ptz_moved)
        if self.rollcall is not None:
            self.rollcall.start()
        self.patrol.start()
        self._shown_pictures.start()

    def _stop_health(self) -> None:
        """Stop calling, patrolling and diagnosing (the window closes)."""
        if self.rollcall is not None:
            self.rollcall.stop()
        if self.patrol is not None:
            self.patrol.stop()
        if self.picture_checks is not None:
            self._shown_pictures.stop()
            self.picture_checks.stop()

    def _on_picture(self, camera_id: str, report: PictureReport) -> None:
        """A picture diagnosis: shown in the list; a fault found in every diagnosis for ten
        minutes becomes a 视频质量异常 incident for the camera (one open at a time), a
        repair work order (not "dark" or "bright": the light of the day)."""
        if self.health_model is not None:
            self.health_model.set_picture(camera_id, report)
        lasting = self._picture_faults.note(camera_id, report.diagnosis.findings, time.time())
        if lasting and self.ctx.linkage is not None:
            names, detail = work_order_text(report, lasting)
            self.ctx.linkage.report_camera_fault(camera_id, "picture", names, detail)

    def _track_outage(self, camera_id: str, status: Any) -> None:
        """Any source's report of a camera (maintenance role): one lost for minutes on end
        becomes a 摄像机离线 work order (one open at a time)."""
        if self.health_model is None or self.ctx.linkage is None:
            return
        outages = self._outages
        due = outages.note(camera_id, status.state, status.detail, time.monotonic(), time.time())
        if outages.mass != self._mass_outage:  # many down at once: said once, no orders
            self._mass_outage = outages.mass
            if outages.mass:
                text = QCoreApplication.translate(
                    "QtMainWindow",
                    "Many cameras down at once: a network, server or password fault? "
                    "No repair orders are filed for them",
                )
                title = QCoreApplication.translate("QtMainWindow", "Camera health")
                self.event_log.log(title, text, "warning")
        outage = outages.since(camera_id) if due else None
        if outage is not None:
            since, detail = outage
            when = from_epoch(since).strftime("%Y-%m-%d %H:%M")
            reason = i18n.record_text("HealthOrders", offline_reason(detail))
            text = i18n.record_text("HealthOrders", "Down: %1").replace("%1", reason)
            self.ctx.linkage.report_camera_fault(camera_id, "offline", when, text)

    def _alarm_state(self, camera_id: str) -> tuple[str, str]:
        alarms = self.ctx.alarms()
        state = alarms.state(camera_id) if alarms is not None else ("", "")
        linkage = self.ctx.linkage
        if state[0] == "followed" and linkage is not None and (lapse := linkage.lapse(camera_id)):
            return "retrying", lapse  # subscribed, but its pulls fail now
        return state

    def _poll_alarms(self) -> None:
        alarms = self.ctx.alarms()
        linkage = self.ctx.linkage
        lapses = linkage.lapse_version() if linkage is not None else None
        version = (alarms.version if alarms is not None else -1, lapses)
        if version != self._alarm_version and self.health_model is not None:
            self._alarm_version = version
            self.health_model.refresh_alarms()

    def _on_patrol_check(self, camera_id: str, status: Any) -> None:
        if self.health_model is not None and self.patrol is not None:
            self.health_model.update(camera_id, status, self.patrol.checked_at.get(camera_id))
        self._note_camera_state(camera_id, status)  # map, tree and event log as for the wall

    def _on_rollcall(self, result: CallResult) -> None:
        """A roll-call answer: a failure is shown at once; an answer is shown only over no
        report or a failed one (a measured state stays), and queues the camera for the patrol."""
        model, patrol, camera_id = self.health_model, self.patrol, result.camera_id
        if model is None or patrol is None or camera_id in self.ctx.bridge.cameras_fed():
            return  # something shows it now: its stream reports it
        if camera_id in patrol.running():
            return  # the patrol's check of it reports it
        previous = model.status(camera_id)
        reconnects = previous.reconnects if previous is not None else 0
        if result.state == "answers":
            if previous is not None and previous.state not in ("lost", "error", "answers"):
                return
            status = TileStatus("answers", reconnects=reconnects)
            patrol.forget(camera_id)  # measured next
        else:
            status = TileStatus(result.state, detail=result.detail, reconnects=reconnects)
        model.update(camera_id, status, result.at)
        self._note_camera_state(camera_id, status)

    def _on_check_requested(self, camera_id: str) -> None:
        if self.patrol is None:
            return
        name = self.ctx.catalog.name_of(camera_id)
        retry = self.ctx.retry_credentials
        if retry is not None and retry(camera_id) and camera_id in self.patrol.watched():
            text = QCoreApplication.translate(
                "QtMainWindow", "%1 refused its password: trying it again now."
            )
            self.statusBar().showMessage(text.replace("%1", name), 6000)
            return  # its tiles reopen and report
        result = self.patrol.check_now(camera_id)
        if result == "shown":
            text = QCoreApplication.translate(
                "QtMainWindow",
                "%1 is being shown: its state is live already; its picture is examined now.",
            )
            self._shown_pictures.examine_now(camera_id)
        elif result == "running":
            text = QCoreApplication.translate("QtMainWindow", "%1 is being checked now.")
        else:
            return
        self.statusBar().showMessage(text.replace("%1", name), 6000)

    def _ptz_position(self, camera_id: str) -> PtzStatus | None:
        """A camera's PTZ position (on the picture checks' worker thread): None for a
        camera without ONVIF or PTZ (it answers GetStatus with a fault); an ``OnvifError``
        when it cannot be read now (no answer, credentials refused)."""
        try:
            return cast(PtzStatus, self.ctx.open_device(camera_id).ptz_status())
        except (KeyError, OnvifFaultError):
            return None

    def _on_ptz_moved(self, camera_id: str) -> None:
        """Turned on purpose from this console: its view once still is its reference."""
        if self.picture_checks is not None:
            self.picture_checks.renew_reference(camera_id, SETTLE_S)

    def _on_reference_requested(self, camera_id: str) -> None:
        """The camera was turned on purpose (or set right): its next sound picture is the
        view a changed scene is judged against; it is examined now."""
        if self.picture_checks is None or self.patrol is None:
            return
        self.picture_checks.renew_reference(camera_id)
        if self.patrol.check_now(camera_id) == "shown":
            self._shown_pictures.examine_now(camera_id)
        text = QCoreApplication.translate(
            "QtMainWindow", "%1: its next sound picture becomes its reference view."
        )
        self.statusBar().showMessage(text.replace("%1", self.ctx.catalog.name_of(camera_id)), 6000)

    def _on_compare_requested(self, camera_id: str) -> None:
        """The camera's reference view, beside the picture found changed if there is one
        (taken after the view)."""
        checks, model = self.picture_checks, self.health_model
        if checks is None:
            return
        reference = checks.views.get(camera_id)  # a 14 KB file
        name = self.ctx.catalog.name_of(camera_id)
        if reference is None:  # renewed since
            text = QCoreApplication.translate(
                "QtMainWindow", "%1 has no reference view now: its next sound picture becomes it."
            )
            self.statusBar().showMessage(text.replace("%1", name), 6000)
            return
        report = model.picture(camera_id) if model is not None else None
        if report is not None and (
            report.seen is None or (reference.taken_at or 0.0) > report.at  # (renewed since)
        ):
            report = None
        dialog = QtReferenceCompare(camera_id, name, reference, report, cast("QWidget", self))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reference_requested.connect(self._on_reference_requested)
        dialog.open()

    def _on_check_started(self, camera_id: str) -> None:
        if self.health_model is not None:
            self.health_model.update(camera_id, TileStatus("connecting"))
