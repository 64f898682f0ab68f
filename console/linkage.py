"""Incident ↔ video linkage: cameras for an incident, video alarms that become incidents.

- ``cameras_for_incident``: the incident's linked cameras, then the nearest ones (same grid
  first, then by distance from the incident's location or its grid centroid).
- A video alarm (ONVIF motion/tamper from a registered camera, through
  ``OnvifDevice.subscribe_events``) files an incident with channel ``video_alarm`` linked to the
  camera and routed by the camera's grid, then asks the wall to pop that camera.
- Wall badges: ``incidents_for_camera(camera_id)`` and ``camera_incidents_changed(camera_id)``.

Signals are emitted on the Qt main thread; ONVIF callbacks (asyncio loop thread) cross over
through a queued internal signal.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from console import i18n
from console.board.controller import BoardController
from console.service_calls import ServiceCalls
from console.site_time import from_epoch
from dispatch.errors import DispatchError
from video.errors import VideoError
from video.onvif.events import Subscription

logger = logging.getLogger(__name__)

ALARM_KINDS = {
    # event kind -> (category, severity, title template)
    "motion": (
        "public_order",
        "general",
        str(QT_TRANSLATE_NOOP("Linkage", "Video alarm: motion at %1")),
    ),
    "tamper": (
        "equipment.video_quality",
        "general",
        str(QT_TRANSLATE_NOOP("Linkage", "Video alarm: tampering at %1")),
    ),
}
# repair work orders the maintenance view files: kind -> (category, severity, title template)
CAMERA_FAULTS = {
    # a picture fault the diagnosis found twice running (%2: the faults)
    "picture": (
        "equipment.video_quality",
        "general",
        str(QT_TRANSLATE_NOOP("Linkage", "Picture fault at %1: %2")),
    ),
    # a camera lost for minutes (%2: since when)
    "offline": (
        "equipment.camera_offline",
        "general",
        str(QT_TRANSLATE_NOOP("Linkage", "Camera offline: %1 since %2")),
    ),
}
ALARM_MARK = "ONVIF "  # an ONVIF alarm's description starts so (a repair order's does not)
KM_PER_DEGREE = 111.32


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance in km between two (lon, lat) points (fine at city scale)."""
    kx = KM_PER_DEGREE * math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * KM_PER_DEGREE)


class Linkage(QObject):
    """Joins the board (dispatch) and the cameras (video registry) for one console."""

    show_cameras = Signal(list)  # camera ids to put on the wall, in order
    pop_camera = Signal(str)  # one camera id to pop onto the wall (video alarm)
    camera_incidents_changed = Signal(str)  # a camera's open incidents changed
    alarm_raised = Signal(object)  # the Incident filed for a video alarm
    _event_in = Signal(str, object)  # internal: ONVIF loop thread -> main thread

    def __init__(
        self,
        controller: BoardController,
        registry: Any = None,
        cameras: Callable[[], Iterable[Any]] | None = None,
        nearest: int = 4,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._registry = registry
        self._cameras_source = cameras or (lambda: registry.list() if registry else [])
        self._cameras: list[Any] = []
        self.nearest = nearest
        self._subscriptions: dict[str, Any] = {}
        self._subscribed = 0
        self.alarms = 0
        self._calls = ServiceCalls("video-alarms", self)  # filings off the Qt thread
        self._filing: set[tuple[str, str]] = set()  # (camera, "alarm" or kind) being filed
        self._ungridded: set[str] = set()  # cameras already warned about
        self.refresh_cameras()

        events = controller.collection.events
        events.inserted.append(self._on_rows_inserted)
        events.changed.append(lambda _row, inc: self._notify(inc))
        events.removed.append(lambda _row, inc: self._notify(inc))
        events.reset.append(self._on_reset)
        self._event_in.connect(self.handle_camera_event)

    # cameras -------------------------------------------------------------------------------
    def refresh_cameras(self) -> None:
        """Re-read the camera list (call after cameras are added or removed)."""
        self._cameras = list(self._cameras_source())

    def camera(self, camera_id: str) -> Any | None:
        """The registered camera with this id, or None."""
        return next((c for c in self._cameras if c.id == camera_id), None)

    def _location(self, incident: Any) -> tuple[float, float] | None:
        if incident.lon is not None and incident.lat is not None:
            return (float(incident.lon), float(incident.lat))
        grid = self.controller.org(incident.grid_id)
        return tuple(grid.centroid) if grid is not None else None

    def cameras_for_incident(self, incident: Any) -> list[str]:
        """Linked cameras, then up to ``nearest`` more: same grid first, then by distance."""
        out = list(dict.fromkeys(incident.cameras))
        where = self._location(incident)

        def key(cam: Any) -> tuple[int, float, str]:
            same = 0 if cam.grid_id == incident.grid_id else 1
            if where is None or cam.lat is None or cam.lon is None:
                return (same, math.inf, cam.id)
            return (same, distance_km(where, (cam.lon, cam.lat)), cam.id)

        candidates = sorted((c for c in self._cameras if c.id not in out), key=key)
        for cam in candidates[: self.nearest]:
            if cam.grid_id == incident.grid_id or key(cam)[1] < math.inf:
                out.append(cam.id)
        return out

    def show_incident_cameras(self, incident_id: str, incident: Any = None) -> list[str]:
        """Put an incident's cameras on the wall (emits ``show_cameras``); returns the ids.
        Pass the ``incident`` when it is at hand (the detail's): no database read then."""
        incident = (
            incident
            or self.controller.collection.get(incident_id)
            or self.controller.get(incident_id)
        )
        ids = self.cameras_for_incident(incident)
        logger.info("%s: showing cameras %s", incident_id, ", ".join(ids))
        self.show_cameras.emit(ids)
        return ids

    # wall badges ---------------------------------------------------------------------------
    def incidents_for_camera(self, camera_id: str) -> list[Any]:
        """Open incidents of this console linked to the camera."""
        return self.controller.collection.for_camera(camera_id)

    def _notify(self, incident: Any) -> None:
        for cam in incident.cameras:
            self.camera_incidents_changed.emit(cam)

    def _on_rows_inserted(self, first: int, last: int) -> None:
        for row in range(first, last + 1):
            self._notify(self.controller.collection[row])

    def _on_reset(self) -> None:
        for cam in {c for inc in self.controller.collection for c in inc.cameras}:
            self.camera_incidents_changed.emit(cam)

    # video alarms --------------------------------------------------------------------------
    def subscribe(self, camera_id: str, device: Any) -> Any:
        """Follow a camera's ONVIF events (``OnvifDevice``); alarms become incidents. A
        subscription already held for the camera (e.g. with a password since rotated) is
        closed first (blocks up to the device's timeout: call from a worker thread)."""
        self.unsubscribe(camera_id)  # one held with a password since rotated, say
        sub = device.subscribe_events(lambda event: self._event_in.emit(camera_id, event))
        self._subscriptions[camera_id] = sub
        self._subscribed += 1  # only grows: ``lapse_version`` never repeats across them
        return sub

    def lapse(self, camera_id: str) -> str | None:
        """Why a camera's subscription gets no events now (its pulls fail: a password
        changed on the camera, the camera away), or None while it holds."""
        sub = self._subscriptions.get(camera_id)
        if sub is None or not getattr(sub, "lapsed", False):
            return None
        error = getattr(sub, "last_error", None)
        return str(error) if error is not None else "no events"

    def lapse_version(self) -> tuple[int, int]:
        """Changes to what ``lapse`` says (views poll it; any thread): subscriptions made
        and every subscription's lapses begun or ended."""
        return self._subscribed, Subscription.lapse_changes

    def unsubscribe(self, camera_id: str) -> None:
        """Follow a camera's events no more (blocks up to its device's timeout: call from a
        worker thread)."""
        sub = self._subscriptions.pop(camera_id, None)
        if sub is not None:
            try:
                sub.close()
            except VideoError as exc:  # its camera gone: nothing more to close
                logger.info("%s: closing its event subscription failed: %s", camera_id, exc)

    def handle_camera_event(self, camera_id: str, event: Any) -> Any | None:
        """One ONVIF event from a camera: file (or reuse) its video-alarm incident and pop it.

        Returns the open alarm incident it reused, or None: a new one is filed on the worker
        (the database may be slow or away), then ``alarm_raised`` and ``pop_camera`` follow.
        """
        spec = ALARM_KINDS.get(getattr(event, "kind", ""))
        if spec is None or not getattr(event, "state", False):
            return None
        existing = [  # its ONVIF alarms (not the repair orders, filed on the same channel)
            inc
            for inc in self.incidents_for_camera(camera_id)
            if inc.channel == "video_alarm"
            and inc.state == "reported"
            and inc.description.startswith(ALARM_MARK)
        ]
        if existing or (camera_id, "alarm") in self._filing:  # one open alarm: pop it again
            self.pop_camera.emit(camera_id)
            return existing[0] if existing else None
        cam = self._gridded(camera_id)
        if cam is None:
            return None
        category, severity, title = spec
        title = i18n.record_text("Linkage", title).replace("%1", str(cam.name))
        at = from_epoch(getattr(event, "at", time.time())).strftime("%Y-%m-%d %H:%M:%S")
        description = f"{ALARM_MARK}{getattr(event, 'topic', event.kind)} @ {at}"
        self._file((camera_id, "alarm"), cam.grid_id, (category, severity, title), description)
        return None

    def work_order(self, camera_id: str, kind: str) -> Any | None:
        """The open repair work order of ``kind`` ("picture", "offline") for a camera."""
        category = CAMERA_FAULTS[kind][0]
        found = (i for i in self.incidents_for_camera(camera_id) if i.category == category)
        return next(found, None)

    def report_camera_fault(self, camera_id: str, kind: str, what: str, detail: str) -> bool:
        """File a repair work order (channel 视频告警) for a camera: ``kind`` "picture" (视频
        质量异常: ``what`` names the faults, in the record language) or "offline" (摄像机
        离线: ``what`` says since when); ``detail`` says why. The camera is not popped onto
        the wall: nothing happens to watch.

        One open order of a kind per camera: False when one is open or being filed, before
        the board has loaded (it could not tell), or for a camera outside this console's
        subtree (its open incidents are not on this board) or without a grid."""
        if not self.controller.is_loaded or (camera_id, kind) in self._filing:
            return False
        category, severity, title = CAMERA_FAULTS[kind]
        if self.work_order(camera_id, kind) is not None:
            return False
        cam = self._gridded(camera_id)
        if cam is None or not self.controller.in_subtree(cam.grid_id):
            return False
        title = i18n.record_text("Linkage", title).replace("%1", str(cam.name))
        title = title.replace("%2", what)
        self._file((camera_id, kind), cam.grid_id, (category, severity, title), detail)
        return True

    def _gridded(self, camera_id: str) -> Any | None:
        """The registered camera, if it has a grid (the camera list re-read once if unknown)."""
        cam = self.camera(camera_id)
        if cam is None:
            self.refresh_cameras()
            cam = self.camera(camera_id)
        if cam is None or not cam.grid_id:
            if camera_id not in self._ungridded:  # once: picture checks ask every minute
                self._ungridded.add(camera_id)
                logger.warning("%s: unregistered or ungridded camera: nothing filed", camera_id)
            return None
        return cam

    def _file(
        self, filing: tuple[str, str], grid_id: str, spec: tuple[str, str, str], description: str
    ) -> None:
        """File a video-alarm incident for ``filing`` (camera id, "alarm" or a repair kind)
        on the worker; ``alarm_raised`` follows on the Qt thread, and ``pop_camera`` for an
        alarm (a repair order has nothing to watch)."""
        svc, (category, severity, title) = self.controller.svc, spec
        camera_id, once = filing[0], filing[1] != "alarm"  # a repair order: one at a time
        self._filing.add(filing)
        self._calls.run(
            lambda: svc.report_as_system(
                grid_id,
                category,
                severity,
                title,
                description=description,
                channel="video_alarm",
                cameras=[camera_id],
                once_per_camera=once,  # another console may have filed it a moment ago
            ),
            lambda incident: self._filed(filing, incident),
            lambda exc: self._not_filed(filing, exc),
        )

    def _filed(self, filing: tuple[str, str], incident: Any) -> None:
        self._filing.discard(filing)
        self.alarms += 1
        logger.info("%s: %s filed as %s", filing[0], filing[1], incident.id)
        self.controller.adopt(incident)
        self.alarm_raised.emit(incident)
        if filing[1] == "alarm":
            self.pop_camera.emit(filing[0])

    def _not_filed(self, filing: tuple[str, str], exc: DispatchError) -> None:
        self._filing.discard(filing)
        if exc.context.get("rule") == "open_for_camera":  # filed by another console: fine
            logger.info("%s: %s not filed: %s", filing[0], filing[1], exc)
        else:
            logger.warning("%s: %s not filed: %s", filing[0], filing[1], exc)

    def close(self) -> None:
        """Close every event subscription, then the filing worker."""
        for camera_id, sub in list(self._subscriptions.items()):
            try:
                sub.close()
            except VideoError as exc:  # a dead camera must not stop the shutdown
                logger.warning("%s: closing event subscription failed: %s", camera_id, exc)
        self._subscriptions.clear()
        self._calls.stop()
