"""The main window: wall in the centre, docks around it by role, menus, shortcuts, status bar."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from console.ptz_holds import ServiceHolds
from console.qt_camera_tree import CameraTreeModel, QtCameraTree
from console.qt_camera_window import QtCameraInfo, QtCameraWindow
from console.qt_display_load import QtDisplayLoadLabel
from console.qt_event_log import EventLogModel, QtEventLog
from console.qt_ptz_panel import QtPtzPanel
from console.qt_video_wall import QtVideoWall
from console.site_time import site_now
from console.wall import ALL_CAMERAS, LAYOUTS, Tour, WallState
from console.window_catalog import CatalogSide
from console.window_dispatch import DispatchSide
from console.window_health import HealthSide
from console.window_help import HelpSide
from console.window_ptz import PtzSide
from console.window_views import ViewsSide

if TYPE_CHECKING:
    from console.app import ConsoleContext

logger = logging.getLogger(__name__)

LAYOUT_KEYS = {
    "1": "Ctrl+1",
    "4": "Ctrl+2",
    "9": "Ctrl+3",
    "16": "Ctrl+4",
    "1+5": "Ctrl+5",
    "1+7": "Ctrl+6",
}


class QtMainWindow(
    CatalogSide, DispatchSide, HealthSide, ViewsSide, PtzSide, HelpSide, QMainWindow
):
    """One console window for one signed-in user."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self.role = str(ctx.user.role)
        self.docks: dict[str, QDockWidget] = {}
        self._camera_windows: list[QtCameraWindow] = []
        self._wall_window: QWidget | None = None
        self._last_states: dict[str, str] = {}
        self._camera_states: dict[str, str] = {}

        state = ctx.settings.wall_state() or self._default_wall()
        self.wall = QtVideoWall(ctx.bridge, ctx.catalog.name_of, state, self)
        self.setCentralWidget(self.wall)
        self.tree_model = CameraTreeModel(self)
        self.tree_model.load(ctx.orgs.values(), ctx.catalog, only_with_cameras=True)
        self.tree = QtCameraTree(self.tree_model)
        self.ptz = QtPtzPanel(
            ctx.open_device, ServiceHolds(ctx.svc, ctx.user.login, ctx.catalog, ctx.org_name)
        )
        self.log_model = EventLogModel(self)
        self.event_log = QtEventLog(self.log_model)
        self._add_dock("cameras", self.tree, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("ptz", self.ptz, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.docks["cameras"], self.docks["ptz"])
        self.docks["cameras"].raise_()
        self._add_dock("events", self.event_log, Qt.DockWidgetArea.BottomDockWidgetArea)
        self._add_health_dock()
        self.dispatch_widgets: dict[str, QWidget] = {}
        self.new_form: Any = None
        self._add_dispatch_docks()
        self.tour_interval = QSpinBox()
        self.tour_interval.setRange(3, 600)
        self.tour_interval.setValue(10)
        self._build_actions()
        self._build_menus()
        self._clock = QLabel()
        self._clock.setObjectName("clockLabel")
        self._user_label = QLabel()
        self._user_label.setObjectName("userLabel")
        self.display_load = QtDisplayLoadLabel()
        self.statusBar().addPermanentWidget(self.display_load)
        self.statusBar().addPermanentWidget(self._user_label)
        self.statusBar().addPermanentWidget(self._clock)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)

        self.tree.camera_activated.connect(self._on_camera_activated)
        self.wall.camera_selected.connect(self._on_wall_camera_selected)
        self.wall.snapshot_requested.connect(self._on_snapshot_requested)
        self._connect_ptz()
        self.wall.window_requested.connect(self._on_window_requested)
        self.wall.info_requested.connect(self._on_info_requested)
        self.wall.layout_changed.connect(self._on_layout_changed)
        self.ctx.bridge.status_changed.connect(self._on_stream_status)
        self.ctx.bridge.display_load.connect(self.display_load.set_load)
        self._clock_timer.timeout.connect(self._on_clock)
        self._connect_board()

        self._retranslate()
        self._on_clock()
        self._clock_timer.start()
        self.resize(1366, 768)
        self._default_dock_sizes()
        ctx.settings.restore_window(self, self.role)
        self._placed = False  # the geometry is applied again when first shown
        self.event_log.log(
            self.tr("Console"), self.tr("Signed in as %1").replace("%1", ctx.user.name)
        )

    # --- construction --------------------------------------------------------------------
    def _default_wall(self) -> WallState:
        state = WallState()
        for slot, camera_id in enumerate(self.ctx.catalog.ids()[: state.tile_count()]):
            state.assign(slot, camera_id)
        return state

    def _default_dock_sizes(self) -> None:
        """Wall first: narrow side columns, a short bottom row (before any saved layout)."""
        side = [n for n in ("cameras", "map") if n in self.docks]
        widths = [250 if n == "cameras" else 330 for n in side]
        self.resizeDocks([self.docks[n] for n in side], widths, Qt.Orientation.Horizontal)
        bottom = [self.docks[n] for n in ("board", "events", "health") if n in self.docks]
        self.resizeDocks(bottom, [250] * len(bottom), Qt.Orientation.Vertical)

    def _add_dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        self.docks[name] = dock
        return dock

    def _action(self, name: str, shortcut: str | None = None, checkable: bool = False) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.layout_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for name in LAYOUTS:
            action = self._action(f"layout_{name}", LAYOUT_KEYS[name], checkable=True)
            action.setChecked(name == self.wall.state().layout)
            action.triggered.connect(lambda _=False, n=name: self.wall.set_layout(n))
            group.addAction(action)
            self.layout_actions[name] = action
        self.act_fullscreen = self._action("fullscreen", "F11", checkable=True)
        self.act_fullscreen.triggered.connect(self._on_fullscreen)
        self.act_tour = self._action("tour", "Ctrl+T", checkable=True)
        self.act_tour.triggered.connect(self._on_tour_toggled)
        self.act_tour_next = self._action("tour_next", "Ctrl+Right")
        self.act_tour_next.triggered.connect(self.wall.next_tour_step)
        self.act_snapshot = self._action("snapshot", "Ctrl+P")
        self.act_snapshot.triggered.connect(self._on_snapshot_selected)
        self.act_restore = self._action("restore", "Escape")
        self.act_restore.triggered.connect(self._on_escape)
        self.act_detach = self._action("detach", "Ctrl+D", checkable=True)
        self.act_detach.triggered.connect(self._on_detach_toggled)
        self.act_search = self._action("search", "Ctrl+F")
        self.act_search.triggered.connect(self._on_search)
        self.act_new = self._action("new_incident", "Ctrl+N")
        self.act_new.triggered.connect(self._on_new_incident)
        self.act_new.setEnabled(self.ctx.board is not None)
        self.act_quit = self._action("quit", "Ctrl+Q")
        self.act_quit.triggered.connect(self.close)
        self.act_zh = self._action("lang_zh", checkable=True)
        self.act_en = self._action("lang_en", checkable=True)
        lang_group = QActionGroup(self)
        lang_group.addAction(self.act_zh)
        lang_group.addAction(self.act_en)
        (self.act_en if self.ctx.language == "en" else self.act_zh).setChecked(True)
        self.act_zh.triggered.connect(lambda: self.ctx.switch_language("zh_CN"))
        self.act_en.triggered.connect(lambda: self.ctx.switch_language("en"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_console = bar.addMenu("")
        self.menu_console.addAction(self.act_new)
        self.menu_console.addAction(self.act_detach)
        self._build_catalog_action(self.menu_console)
        self.menu_console.addSeparator()
        self.menu_console.addAction(self.act_quit)
        self.menu_wall = bar.addMenu("")
        for action in self.layout_actions.values():
            self.menu_wall.addAction(action)
        self.menu_wall.addSeparator()
        for action in (self.act_tour, self.act_tour_next, self.act_snapshot, self.act_restore):
            self.menu_wall.addAction(action)
        self._build_view_actions(self.menu_wall)
        self.menu_view = bar.addMenu("")
        self.menu_lang = self.menu_view.addMenu("")
        self.menu_lang.addAction(self.act_zh)
        self.menu_lang.addAction(self.act_en)
        self.menu_view.addAction(self.act_fullscreen)
        self.menu_view.addAction(self.act_search)
        self.menu_view.addSeparator()
        for dock in self.docks.values():
            self.menu_view.addAction(dock.toggleViewAction())
        self._build_help_menu(bar)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("wallToolbar")
        self.toolbar.setMovable(False)
        for action in self.layout_actions.values():
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_tour)
        self._tour_label = QLabel()
        self.toolbar.addWidget(self._tour_label)
        self.toolbar.addWidget(self.tour_interval)
        self.toolbar.addAction(self.act_tour_next)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_snapshot)
        self.toolbar.addAction(self.act_detach)
        if self.ctx.board is not None:
            self.toolbar.addSeparator()
            self.toolbar.addAction(self.act_new)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    # --- language ------------------------------------------------------------------------
    def _retranslate(self) -> None:
        user = self.ctx.user
        self.setWindowTitle(
            self.tr("Xueliang Command Console — %1").replace("%1", self.ctx.org_name(user.org_id))
        )
        titles = {
            "cameras": self.tr("Orgs and cameras"),
            "ptz": self.tr("PTZ"),
            "events": self.tr("Event log"),
            "health": self.tr("Camera health"),
            "board": self.tr("Dispatch board"),
            "detail": self.tr("Incident detail"),
            "map": self.tr("Map"),
            "supervision": self.tr("Supervision"),
        }
        for name, dock in self.docks.items():
            dock.setWindowTitle(titles.get(name, name))
        for name, action in self.layout_actions.items():
            action.setText(
                self.tr("%1 tiles").replace("%1", name) if name != "1" else self.tr("1 tile")
            )
            action.setToolTip(f"{action.text()} ({LAYOUT_KEYS[name]})")
        self.act_fullscreen.setText(self.tr("Full screen"))
        self.act_tour.setText(self.tr("Tour"))
        self.act_tour.setToolTip(self.tr("Cycle all cameras through the wall (Ctrl+T)"))
        self.act_tour_next.setText(self.tr("Next tour step"))
        self.act_snapshot.setText(self.tr("Snapshot"))
        self.act_snapshot.setToolTip(self.tr("Snapshot of the selected tile (Ctrl+P)"))
        self.act_restore.setText(self.tr("Restore tile"))
        self.act_detach.setText(self.tr("Detach wall"))
        self.act_detach.setToolTip(self.tr("Move the wall to its own window (another monitor)"))
        self.act_search.setText(self.tr("Find camera"))
        self.act_new.setText(self.tr("New incident…"))
        self.act_new.setToolTip(
            self.tr("Register a walk-in visit or a 12345 hotline call (Ctrl+N)")
        )
        self.act_quit.setText(self.tr("Quit"))
        self.act_zh.setText("中文")
        self.act_en.setText("English")
        self.menu_console.setTitle(self.tr("&Console"))
        self.menu_wall.setTitle(self.tr("&Wall"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_lang.setTitle(self.tr("Language"))
        self._retranslate_views()
        self._retranslate_help()
        self._retranslate_catalog()
        self._retranslate_ptz()
        self._tour_label.setText(self.tr(" every "))
        self.tour_interval.setSuffix(self.tr(" s"))
        role = {
            "operator": self.tr("Operator"),
            "duty_officer": self.tr("Duty officer"),
            "leader": self.tr("Leader"),
            "maintenance": self.tr("Maintenance"),
        }.get(self.role, self.role)
        self._user_label.setText(f"{user.name} · {role} · {self.ctx.org_name(user.org_id)}")
        if self._wall_window is not None:
            self._wall_window.setWindowTitle(self.tr("Video wall"))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate on language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # --- handlers ------------------------------------------------------------------------
    def _on_clock(self) -> None:
        self._clock.setText(site_now().strftime("%Y-%m-%d %H:%M:%S"))

    def _on_layout_changed(self, name: str) -> None:
        self.layout_actions[name].setChecked(True)

    def _on_camera_activated(self, camera_id: str) -> None:
        self.wall.pop_camera(camera_id)

    def _on_window_requested(self, camera_id: str) -> None:
        camera = self.ctx.catalog.get(camera_id)
        if camera is None:
            return
        window = QtCameraWindow(self.ctx.bridge, camera)
        window.destroyed.connect(lambda _=None, w=window: self._forget_window(w))
        self._connect_camera_window(window)
        self._camera_windows.append(window)
        window.show()

    def _forget_window(self, window: QtCameraWindow) -> None:
        if window in self._camera_windows:
            self._camera_windows.remove(window)

    def _on_info_requested(self, camera_id: str) -> None:
        camera = self.ctx.catalog.get(camera_id)
        if camera is None:
            return
        tile = next((t for t in self.wall.tiles() if t.camera_id == camera_id), None)
        dialog = QtCameraInfo(
            camera, self.ctx.org_name(camera.grid_id), tile.status() if tile else None, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_snapshot_selected(self) -> None:
        camera_id = self.wall.selected_camera()
        if camera_id is None:
            self.statusBar().showMessage(self.tr("Select a tile first (click it)."), 4000)
            return
        tile = next(t for t in self.wall.tiles() if t.camera_id == camera_id)
        self._on_snapshot_requested(camera_id, tile.slot)

    def _on_snapshot_requested(self, camera_id: str, slot: int) -> None:
        tile = self.wall.tiles()[slot]
        self.ctx.take_snapshot(tile, lambda result: self._on_snapshot_done(camera_id, result))

    def _on_snapshot_done(self, camera_id: str, result: Any) -> None:
        name = self.ctx.catalog.name_of(camera_id)
        if result.error:
            self.event_log.log(name, result.error, "warning")
            self.statusBar().showMessage(result.error, 6000)
            return
        text = self.tr("Snapshot saved: %1 (sha256 %2)").replace("%1", result.path)
        text = text.replace("%2", result.sha256[:16])
        if result.incident_id:
            text += " · " + self.tr("attached to %1").replace("%1", result.incident_id)
        self.event_log.log(name, text)
        self.statusBar().showMessage(text, 8000)

    def _on_tour_toggled(self, on: bool) -> None:
        if on:
            ids = self.ctx.catalog.ids()
            self.wall.start_tour(Tour(ALL_CAMERAS, ids, float(self.tour_interval.value())))
        else:
            self.wall.stop_tour()

    def _on_fullscreen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def _on_escape(self) -> None:
        if self.wall.state().maximised is not None:
            self.wall.restore()
        elif self.isFullScreen():
            self.act_fullscreen.setChecked(False)
            self.showNormal()

    def _on_search(self) -> None:
        self.docks["cameras"].show()
        self.tree.search.setFocus()
        self.tree.search.selectAll()

    def _on_detach_toggled(self, on: bool) -> None:
        if on and self._wall_window is None:
            self.takeCentralWidget()
            window = QWidget(None, Qt.WindowType.Window)
            layout = QVBoxLayout(window)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.wall)
            self.wall.show()
            if not self.ctx.settings.restore_wall_window(window):
                window.resize(1280, 720)
            window.installEventFilter(self)
            self._wall_window = window
            note = QLabel(self.tr("The video wall is in its own window. Ctrl+D brings it back."))
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setCentralWidget(note)
            self._retranslate()
            window.show()
        elif not on and self._wall_window is not None:
            window, self._wall_window = self._wall_window, None
            self.ctx.settings.save_wall_window(window)
            window.removeEventFilter(self)
            self.setCentralWidget(self.wall)
            self.wall.show()
            window.close()
            window.deleteLater()

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        """Closing the detached wall window docks the wall back."""
        if watched is self._wall_window and event.type() == QEvent.Type.Close:
            self.act_detach.setChecked(False)
            self._on_detach_toggled(False)
            return True
        return super().eventFilter(watched, event)

    def _on_stream_status(self, camera_id: str, status: Any) -> None:
        if self.health_model is not None:
            self.health_model.update(camera_id, status)
        self._note_camera_state(camera_id, status)

    def _note_camera_state(self, camera_id: str, status: Any) -> None:
        """A camera's state as a stream or a patrol check saw it: map icon, tree colour, and
        an event-log line when its signal is lost or comes back; an outage that lasts, a
        work order (maintenance)."""
        self._track_outage(camera_id, status)
        previous = self._last_states.get(camera_id)
        coarse = (
            "live"
            if status.state in ("live", "answers")
            else ("bad" if status.state in ("lost", "stale", "error") else "")
        )
        if self._camera_states.get(camera_id) != status.state:
            self._camera_states[camera_id] = status.state
            if hasattr(self, "map"):
                self.map.set_camera_state(camera_id, status.state)
        if coarse and coarse != previous:
            self._last_states[camera_id] = coarse
            self.tree_model.set_camera_state(camera_id, status.state)
            if previous is not None or coarse == "bad":
                name = self.ctx.catalog.name_of(camera_id)
                if coarse == "bad":
                    self.event_log.log(name, self.tr("Video signal lost"), "warning")
                else:
                    self.event_log.log(name, self.tr("Video signal restored"))

    def save_settings(self) -> None:
        """Persist geometry, docks and wall layout."""
        self.ctx.settings.save_window(self, self.role)
        self.ctx.settings.save_wall_state(self.wall.state())

    def shutdown(self) -> None:
        """Stop what this window started: windows, tour, readers, PTZ worker, timers."""
        self._clock_timer.stop()
        if self.new_form is not None:
            self.new_form.close()
        for window in list(self._camera_windows):
            window.close()
        for widget in self.dispatch_widgets.values():
            stop = getattr(widget, "stop", None)
            if callable(stop):
                stop()
        self.wall.stop()
        self._stop_health()
        self._shutdown_ptz()
        self.ctx.snapshot_calls.stop()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time: the saved geometry again, or 1366x768. Before the window is shown
        its tabbed docks count side by side, so its minimum width is their sum and a resize
        then is cut off (the English maintenance layout opened 1802 px wide, past a 1366-px
        screen)."""
        super().showEvent(event)
        if not self._placed:
            self._placed = True
            if not self.ctx.settings.restore_main_geometry(self):
                self.resize(1366, 768)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save settings and stop everything this window runs."""
        if self._wall_window is not None:
            self.act_detach.setChecked(False)
            self._on_detach_toggled(False)
        self.save_settings()
        self.shutdown()
        super().closeEvent(event)
