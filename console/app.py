"""Composition root: builds store, services, camera catalog, readers and windows in order, and
stops them in reverse.

    app = ConsoleApp(db_url, language)      # QApplication must exist (see ``qt_application``)
    app.start()                             # store (migrated) + dispatch service + feed
    app.set_cameras(entries)                # camera catalog (from the registry or the simulator)
    window = app.open_window(user)          # frame bridge, board controller, main window
    ...
    app.stop()                              # window, board follower, readers, store
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLoggingCategory, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication

import resources
from console import i18n, main_thread_gc
from console.alarm_subscriber import START_AFTER_S, AlarmSubscriber
from console.camera_catalog import CameraCatalog, CameraEntry, CatalogChange
from console.frames import FrameBridge, Reader, save_snapshot
from console.main_window import QtMainWindow
from console.qt_video_tile import QtVideoTile, TileBadge
from console.registry_refresh import RegistryRead, RegistryRefresher, read_registry
from console.service_calls import ServiceCalls
from console.settings import ConsoleSettings
from console.sweeper import OverdueSweeper
from dispatch.errors import DispatchError
from dispatch.service import DispatchService
from dispatch.store import Store
from video.config import data_dir
from video.ingest.models import ReaderOptions
from video.ingest.reader import StreamReader
from video.refusals import REFUSALS
from video.registry import CameraRegistry

logger = logging.getLogger(__name__)

THEME = Path(resources.__file__).resolve().parent / "theme" / "dark.qss"
UI_SWITCH_INTERVAL_S = 0.001  # sys.setswitchinterval for the console process (see qt_application)


def qt_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), with the dark theme and a CJK font."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    # The Qt thread shares the GIL with a reader thread per tile: at Python's default 5 ms
    # switch interval it could lose the GIL to readers for 40-100 ms at a time on 2 cores (the
    # 16-tile wall's longest UI stall, medians 44 vs 19 ms in alternating bench runs; CPU and
    # frame rate no worse at 1 ms).
    sys.setswitchinterval(UI_SWITCH_INTERVAL_S)
    # QtMultimedia (the alert sound) would print its audio back-end probing on every start of
    # a machine without a sound server; its failures still reach AlertSound as a status.
    QLoggingCategory.setFilterRules("qt.multimedia.*.warning=false\nqt.multimedia.*.info=false")
    app = QApplication(argv or ["xueliang"])
    app.setApplicationName("Xueliang Console")
    app.setOrganizationName("Xueliang")
    apply_theme(app)
    return app


def apply_theme(app: QApplication) -> None:
    """Dark command-center style sheet and the WenQuanYi CJK font."""
    app.setFont(QFont("WenQuanYi Micro Hei", 10))
    app.setStyleSheet(THEME.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SnapshotResult:
    """Outcome of a snapshot: file and hash, the incident it was attached to, or an error."""

    path: str = ""
    sha256: str = ""
    incident_id: str = ""
    error: str = ""


@dataclass
class ConsoleContext:
    """What the main window and its views need, built by :class:`ConsoleApp`."""

    user: Any
    svc: DispatchService
    catalog: CameraCatalog
    bridge: FrameBridge
    settings: ConsoleSettings
    orgs: dict[str, Any]
    language: str
    switch_language: Callable[[str], None]
    open_device: Callable[[str], Any]
    board: Any = None
    linkage: Any = None
    open_reader: Callable[[str, str, tuple[int, int] | None], Any] | None = None  # patrol
    answer: Callable[[str], Any] | None = None  # roll-call: does a camera's sub stream answer?
    alarms: Callable[[], Any] = lambda: None  # the AlarmSubscriber once alarms are followed
    refresh_registry: Callable[[], None] | None = None  # read the camera registry now
    retry_credentials: Callable[[str], bool] | None = None  # 立即巡检 of a refused camera
    snapshot_dir: Path = field(default_factory=lambda: data_dir() / "snapshots")
    reference_dir: Path = field(default_factory=lambda: data_dir() / "reference-views")
    # JPEG, file and attachment of snapshots off the Qt thread
    snapshot_calls: ServiceCalls = field(default_factory=lambda: ServiceCalls("snapshots"))

    def org_name(self, org_id: str | None) -> str:
        """Display name of an org ("—" when unknown)."""
        org = self.orgs.get(org_id or "")
        return org.name if org else "—"

    def org_trail(self, org_id: str | None) -> str:
        """Where an org lies, for lists: "district › township › org" (the city left out, and
        a village or community too when the org's own name repeats it, as grid names do)."""
        org = self.orgs.get(org_id or "")
        if org is None:
            return "—"
        names: list[str] = []
        for part in str(org.path).split("/")[1:-1]:  # below the city, above the org
            parent = self.orgs.get(part)
            if parent is not None and not org.name.startswith(parent.name):
                names.append(parent.name)
        return " › ".join([*names, org.name])

    def org_path(self, org_id: str | None) -> str:
        """Slash-separated ids from the city down to the org."""
        org = self.orgs.get(org_id or "")
        return str(org.path) if org else ""

    def badges_for_camera(self, camera_id: str) -> list[TileBadge]:
        """Open incidents on the board linked to a camera, as tile badges."""
        if self.linkage is not None:
            incidents = self.linkage.incidents_for_camera(camera_id)
        elif self.board is not None:
            incidents = self.board.collection.for_camera(camera_id)
        else:
            return []
        return [TileBadge(inc.id, inc.title, inc.severity, inc.deadline) for inc in incidents]

    def take_snapshot(self, tile: QtVideoTile, done: Callable[[SnapshotResult], None]) -> None:
        """Save the tile's frame as JPEG + sha256 and attach it to the board's current
        incident; ``done(result)`` on the Qt thread. The frame is taken now, the rest runs on
        ``snapshot_calls`` (encoding a main-stream frame and the database write take time)."""
        frame = tile.current_frame()
        if frame is None or tile.camera_id is None:
            done(
                SnapshotResult(
                    error=QCoreApplication.translate(
                        "ConsoleContext", "no picture to save yet: wait for the stream to go live"
                    )
                )
            )
            return
        image, camera_id = frame.image, tile.camera_id
        incident_id = getattr(self.board, "current_id", "") if self.board is not None else ""
        texts = (  # translated here, on the Qt thread
            QCoreApplication.translate("ConsoleContext", "snapshot not saved: %1"),
            QCoreApplication.translate("ConsoleContext", "saved %1, not attached: %2"),
        )

        def save() -> SnapshotResult:
            try:
                path, digest = save_snapshot(image, camera_id, self.snapshot_dir)
            except (OSError, ValueError) as exc:
                return SnapshotResult(error=texts[0].replace("%1", str(exc)))
            if incident_id:
                try:
                    self.svc.add_attachment(incident_id, self.user.login, path)
                except DispatchError as exc:
                    error = texts[1].replace("%1", path).replace("%2", str(exc))
                    return SnapshotResult(path, digest, "", error)
            return SnapshotResult(path, digest, incident_id)

        self.snapshot_calls.run(save, done, lambda exc: done(SnapshotResult(error=str(exc))))


def close_devices(devices: list[Any]) -> None:
    """Close ONVIF devices (each waits up to its timeout); one failing stops no other."""
    for device in devices:
        try:
            device.close()
        except Exception:  # a dead camera or a closed loop: nothing left to release
            logger.debug("closing an ONVIF device failed", exc_info=True)


class ConsoleApp:
    """Owns everything the console starts; ``stop()`` ends it in reverse order."""

    def __init__(
        self,
        db_url: str | None = None,
        language: str | None = None,
        settings: ConsoleSettings | None = None,
        reader_options: ReaderOptions | None = None,
    ) -> None:
        self.db_url = db_url
        self.settings = settings or ConsoleSettings()
        self.language = i18n.normalise(language or self.settings.language())
        self.reader_options = reader_options or ReaderOptions(stamp=True)
        self.store: Store | None = None
        self.svc: DispatchService | None = None
        self.catalog = CameraCatalog()
        self.registry: CameraRegistry | None = None
        self._stream_urls: dict[tuple[str, str], str] = {}  # with credentials: never log
        self.bridge: FrameBridge | None = None
        self.board: Any = None
        self.linkage: Any = None
        self.registry_refresher: RegistryRefresher | None = None
        self.urls_changed = 0  # cameras whose stream URLs changed while running, so far
        self.alarms: AlarmSubscriber | None = None
        self.sweeper: OverdueSweeper | None = None
        self.window: QtMainWindow | None = None
        self._devices: dict[str, Any] = {}
        self._devices_lock = threading.Lock()  # open_device runs on several worker threads
        self._retired: list[Any] = []  # devices of credentials since changed (closed at stop)

    # --- start, in order -----------------------------------------------------------------
    def start(self, load_demo: bool = False) -> DispatchService:
        """Open and migrate the store, build the dispatch service, install the language."""
        i18n.install(self.language)
        self.store = Store.open(self.db_url)
        self.store.migrate()
        self.svc = DispatchService(self.store)
        if load_demo:
            self.svc.load_demo()
        return self.svc

    def set_cameras(self, cameras: Iterable[CameraEntry]) -> None:
        """Replace the cameras of the catalog (the same catalog object: views hold it)."""
        self.catalog.replace(cameras)

    def open_registry(self) -> CameraRegistry:
        """The camera registry in the same database; the catalog is loaded from it."""
        if self.registry is None:
            self.registry = CameraRegistry(self.db_url)
        self.load_registry_cameras()
        return self.registry

    def load_registry_cameras(self) -> None:
        """(Re)build the catalog from the registry (credentials stay in the registry)."""
        assert self.registry is not None
        read = read_registry(self.registry)
        self.set_cameras(read.entries)
        # with credentials, kept in memory as the readers keep them: opening a stream (on
        # the Qt thread) then asks the database nothing (2 ms a stream on a local PostgreSQL,
        # a round trip each over a network, 16 of them at a layout switch)
        self._stream_urls = read.urls

    def read_registry(self) -> RegistryRead:
        """The registry read again (a worker thread; raises VideoError or SQLAlchemyError)."""
        assert self.registry is not None
        return read_registry(self.registry)

    def apply_registry(self, read: RegistryRead) -> CatalogChange:
        """What the registry now holds, applied on the Qt thread: the catalog replaced; the
        streams of cameras whose URLs (credentials) changed opened again; video alarms
        followed for new cameras, again for changed ones, no more for removed ones; the
        window's tree, map, wall and health list follow. What changed in the catalog."""
        old, new = self._stream_urls, read.urls
        self._stream_urls = new
        change = self.catalog.replace(read.entries)
        gone, added = change.removed_ids(), {c.id for c in change.added}
        urls = {key[0] for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
        urls -= gone | added  # what changed for cameras kept: their credentials, mostly
        renew = urls | change.onvif_moved()
        self._retire_devices(renew | gone)
        if urls:
            self.urls_changed += len(urls)
            logger.info("stream URLs changed for %d cameras: reopening them", len(urls))
        if change:
            logger.info(
                "camera registry: %d added, %d removed, %d changed",
                len(added),
                len(gone),
                len(change.changed),
            )
            if self.linkage is not None:  # nearest cameras, alarm routing by grid
                self.linkage.refresh_cameras()
        if self.window is not None:
            self.window.apply_catalog_change(change, renew)
        if self.bridge is not None and urls:
            self.bridge.reopen(urls)
        if self.alarms is not None:
            self._follow_alarms(change, renew)
        return change

    def _retire_devices(self, cameras: set[str]) -> None:
        """PTZ, snapshots and alarms open these cameras' ONVIF devices anew. The old ones are
        closed a re-read later, off the Qt thread: by then their subscriptions were closed
        and the PTZ panel let go of them (closing one still in use only fails that call)."""
        with self._devices_lock:
            closing, self._retired = self._retired, []
            for camera_id in cameras:
                if (device := self._devices.pop(camera_id, None)) is not None:
                    self._retired.append(device)
        if closing:
            main_thread_gc.request_sweep()  # their clients' cycles were frozen long ago
            threading.Thread(
                target=close_devices, args=(closing,), name="onvif-retired", daemon=True
            ).start()

    def retry_credentials(self, camera_id: str) -> bool:
        """An operator asked to check a camera now: credentials it refused are tried again
        at once (its streams shown reopen; its alarm subscription is tried), not after
        ``AUTH_RETRY_S``. True when its stream or ONVIF credentials had been refused."""
        streams = False
        for profile in ("main", "sub"):
            url = self._stream_urls.get((camera_id, profile))
            streams = bool(url and REFUSALS.forget(url)) or streams
        if streams and self.bridge is not None:
            self.bridge.reopen({camera_id})
        with self._devices_lock:
            device = self._devices.get(camera_id)
        onvif = device is not None and device.forget_refusal()
        if self.alarms is not None:
            self.alarms.retry_now(camera_id)
        return streams or onvif

    def _registry_unread(self, reason: str) -> None:
        if self.window is not None:
            self.window.registry_unread(reason)

    def _follow_alarms(self, change: CatalogChange, renew: set[str]) -> None:
        assert self.alarms is not None
        with_onvif = {c.id for c in self.catalog.all() if c.onvif_url}
        dropped = change.removed_ids() | (renew - with_onvif)
        self.alarms.forget(dropped)
        self.alarms.renew(renew & with_onvif)  # known ones; those that gained an address:
        self.alarms.follow([c.id for c in change.added if c.onvif_url] + sorted(renew & with_onvif))

    def open_window(self, user: Any, with_board: bool = True) -> QtMainWindow:
        """Frame bridge, board controller (feed follower thread) and main window for ``user``."""
        svc = self._service()
        self.bridge = FrameBridge(self.open_reader)
        if self.registry is not None:  # cameras and credentials changed in the registry
            self.registry_refresher = RegistryRefresher(
                self.read_registry, self.apply_registry, failed=self._registry_unread
            )
            self.registry_refresher.start()
        if with_board:
            from console.board import BoardController
            from console.linkage import Linkage
            from dispatch.feed import ChangeFeed

            assert self.store is not None
            self.board = BoardController(svc, ChangeFeed(self.store), user)
            self.linkage = Linkage(self.board, cameras=self.catalog.all)
            if self.sweeper is None:  # time limits kept without a server
                self.sweeper = OverdueSweeper(svc)
                self.sweeper.start()
        ctx = ConsoleContext(
            user=user,
            svc=svc,
            catalog=self.catalog,
            bridge=self.bridge,
            settings=self.settings,
            orgs={o.id: o for o in svc.orgs()},
            language=self.language,
            switch_language=self.switch_language,
            open_device=self.open_device,
            board=self.board,
            linkage=self.linkage,
            open_reader=self.open_reader,
            answer=self.answer_camera,
            alarms=lambda: self.alarms,
            retry_credentials=self.retry_credentials,
            refresh_registry=self.registry_refresher.refresh_now
            if self.registry_refresher is not None
            else None,
        )
        self.window = QtMainWindow(ctx)
        return self.window

    # --- services the views call -----------------------------------------------------------
    def stream_target(self, camera_id: str, profile: str) -> tuple[str, ReaderOptions]:
        """URL (with credentials: never log it) and reader options of a camera's profile."""
        camera = self.catalog.get(camera_id)
        if camera is None or not camera.stream_url(profile):
            raise KeyError(f"camera {camera_id} has no {profile} stream in the catalog")
        url = camera.stream_url(profile)
        if self.registry is not None:
            known = self._stream_urls.get((camera_id, profile))
            url = known or self.registry.stream_url(camera_id, profile)
        options = ReaderOptions(
            transport=self.reader_options.transport,
            size=None,  # decoded at stream size; the frame bridge fits it to the tile
            stamp=self.reader_options.stamp,
            decoder_threads=self.reader_options.decoder_threads,
            output="source",  # the frame bridge converts once, straight to what the tile paints
        )
        return url, options

    def open_reader(self, camera_id: str, profile: str, size: tuple[int, int] | None) -> Reader:
        """A (not yet started) StreamReader for a camera's profile (``size`` is the tile's)."""
        url, options = self.stream_target(camera_id, profile)
        return StreamReader(url, camera_id, options)

    def answer_camera(self, camera_id: str) -> Any:
        """Whether a camera's sub stream answers (worker thread): its ``Answer``, or the
        ``StreamError`` a reader would report."""
        from video.ingest.answer import answer_stream

        url, options = self.stream_target(camera_id, "sub")
        return answer_stream(url, options)

    def open_device(self, camera_id: str) -> Any:
        """The ONVIF device of a camera (called on a worker thread; cached)."""
        from video.onvif.device import OnvifDevice

        with self._devices_lock:
            device = self._devices.get(camera_id)
        if device is not None:
            return device
        camera = self.catalog.get(camera_id)
        if camera is None or not camera.onvif_url:
            raise KeyError(f"camera {camera_id} has no ONVIF address")
        user, password = (
            self.registry.credentials(camera_id) if self.registry is not None else (None, None)
        )
        device = OnvifDevice.from_url(camera.onvif_url, user, password)
        with self._devices_lock:  # another thread may have opened it meanwhile: keep one
            return self._devices.setdefault(camera_id, device)

    def subscribe_alarms(self) -> None:
        """Follow every camera's ONVIF events (video alarms) from worker threads: cameras
        reached many at a time, subscribed two at a time; those that cannot be subscribed now
        are tried again every minute."""
        linkage = self.linkage
        if linkage is None or self.alarms is not None:
            return
        ids = [c.id for c in self.catalog.all() if c.onvif_url]
        self.alarms = AlarmSubscriber(
            lambda camera_id: linkage.subscribe(camera_id, self.open_device(camera_id)),
            ids,
            reach=lambda camera_id: self.open_device(camera_id).reachable(),
            start_after_s=START_AFTER_S,
            unsubscribe=linkage.unsubscribe,
            held=lambda camera_id: self.open_device(camera_id).refused_s(),
        )
        self.alarms.start()

    def switch_language(self, language: str) -> None:
        """Switch the UI language live and remember it."""
        self.language = i18n.normalise(language)
        i18n.install(self.language)
        self.settings.set_language(self.language)
        if self.window is not None:
            self.window.ctx.language = self.language

    # --- stop, in reverse ----------------------------------------------------------------
    def stop(self) -> None:
        """Close the window, stop the board follower and readers, close devices and the store."""
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.alarms is not None:  # before the linkage closes the subscriptions
            self.alarms.stop()
            self.alarms = None
        if self.linkage is not None:
            self.linkage.close()
            self.linkage = None
        if self.sweeper is not None:
            self.sweeper.stop()
            self.sweeper = None
        if self.board is not None:
            self.board.stop()
            self.board = None
        if self.registry_refresher is not None:
            self.registry_refresher.stop()
            self.registry_refresher = None
        if self.bridge is not None:
            self.bridge.stop()
            self.bridge = None
        close_devices([*self._devices.values(), *self._retired])
        self._devices.clear()
        self._retired.clear()
        if self.registry is not None:
            self.registry.close()
            self.registry = None
        if self.store is not None:
            self.store.close()
            self.store = None
            self.svc = None

    def _service(self) -> DispatchService:
        if self.svc is None:
            raise RuntimeError("ConsoleApp.start() first")
        return self.svc
