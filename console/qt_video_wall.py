"""The video wall: a grid of tiles in one of the layouts, drag targets, maximise and tours."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QPoint, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QMenu, QWidget

from console import main_thread_gc
from console.frames import FrameBridge
from console.qt_video_tile import QtVideoTile, TileBadge
from console.wall import LAYOUTS, MAX_TILES, Tour, WallState, layout_cells

logger = logging.getLogger(__name__)

# a small tile zoomed in this far shows the main stream: the sub stream's detail is gone
# (a 640x360 sub stream zoomed 2x into a 476x268 tile is magnified 1.5x)
MAIN_ZOOM = 2.0
BadgeProvider = Callable[[str], list[TileBadge]]
NameProvider = Callable[[str], str]


class QtVideoWall(QWidget):
    """Tiles fed by a FrameBridge; signals are emitted on the Qt thread with the camera id."""

    layout_changed = Signal(str)
    snapshot_requested = Signal(str, int)
    ptz_requested = Signal(str)
    ptz_key_requested = Signal(str, int, int, int)  # camera, pan, tilt, zoom (all 0: stop)
    window_requested = Signal(str)
    info_requested = Signal(str)
    camera_selected = Signal(str)
    state_changed = Signal()

    def __init__(
        self,
        bridge: FrameBridge,
        name_of: NameProvider,
        state: WallState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("videoWall")
        # its readers allocate all the time: a full collection they set off would hold the GIL
        # (56 ms at ~100k objects, the wall bench's longest stall); on the Qt thread, between
        # events and over frozen start-up state, it takes a few ms (see main_thread_gc)
        self._gc_held = main_thread_gc.hold()
        self._bridge = bridge
        self._name_of = name_of
        self._state = state or WallState()
        self._badge_provider: BadgeProvider | None = None
        self._ptz_holders: dict[str, str] = {}  # camera id -> who else steers it (a line)
        self._selected: int | None = None
        self._selected_camera: str | None = None  # what the tree and PTZ panel were told
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        self._tiles = [QtVideoTile(slot, self) for slot in range(MAX_TILES)]
        self._tour_timer = QTimer(self)
        self._resync_timer = QTimer(self)
        self._resync_timer.setSingleShot(True)
        self._resync_timer.setInterval(400)

        for tile in self._tiles:
            tile.camera_dropped.connect(self._on_camera_dropped)
            tile.double_clicked.connect(self._on_double_clicked)
            tile.context_requested.connect(self._on_context_requested)
            tile.zoom_changed.connect(self._on_zoom_changed)
            tile.tile_dropped.connect(self._on_tile_dropped)
            tile.ptz_key.connect(self._on_ptz_key)
            tile.pressed.connect(self._on_tile_pressed)
        self._tour_timer.timeout.connect(self._on_tour_timer)
        self._resync_timer.timeout.connect(self._sync_streams)

        self._relayout()

    # --- public API ----------------------------------------------------------------------
    def state(self) -> WallState:
        """The Qt-free wall state (layout, slots, maximised slot, tour)."""
        return self._state

    def tiles(self) -> list[QtVideoTile]:
        """All tiles (visible or not), by slot."""
        return list(self._tiles)

    def visible_tiles(self) -> list[QtVideoTile]:
        """Tiles shown now."""
        return [self._tiles[s] for s in self._state.visible_slots()]

    def set_layout(self, name: str) -> None:
        """Switch to layout ``name`` (1, 4, 9, 16, 1+5, 1+7); restores a maximised tile."""
        if name not in LAYOUTS:
            raise ValueError(f"unknown wall layout {name!r}: use one of {', '.join(LAYOUTS)}")
        self._state.layout = name
        self._state.maximised = None
        self._relayout()
        self.layout_changed.emit(name)
        self.state_changed.emit()

    def apply_state(self, state: WallState) -> None:
        """Show a saved view: its layout and cameras (a tour stops, nothing maximised)."""
        self.stop_tour()
        self._state = WallState(layout=state.layout, slots=list(state.slots))
        self._relayout()
        self.layout_changed.emit(state.layout)
        self.state_changed.emit()

    def set_camera(self, slot: int, camera_id: str | None) -> None:
        """Show a camera in a slot (None empties it)."""
        self._state.assign(slot, camera_id)
        self._apply_slot(slot)
        self._sync_streams()
        self.state_changed.emit()

    def swap(self, a: int, b: int) -> None:
        """Exchange two tiles' cameras (a tile dragged onto another): their streams move with
        them, so neither reconnects nor goes black."""
        if a == b:
            return
        self._state.swap(a, b)
        for slot in (a, b):
            self._apply_slot(slot)  # the other camera's name and badges; whole, no picture yet
        self._bridge.swap(self._tiles[a], self._tiles[b])  # its picture at the next tick
        self._sync_streams()  # and each tile's view (whole now) to its new feed, before a tick
        self.state_changed.emit()

    def show_cameras(self, camera_ids: list[str]) -> list[int]:
        """Put cameras on the wall (already shown ones stay); the slots used."""
        if self._state.maximised is not None:
            self.restore()
        slots = self._state.place(list(dict.fromkeys(camera_ids)))
        for slot in slots:
            self._apply_slot(slot)
        self._sync_streams()
        self.state_changed.emit()
        return slots

    def pop_camera(self, camera_id: str) -> int:
        """Bring one camera onto the wall (video alarm) and select its tile; the slot used."""
        slots = self.show_cameras([camera_id])
        self._select(slots[0], again=True)
        return slots[0]

    def catalog_changed(self, removed: set[str], renamed: set[str]) -> None:
        """Cameras removed from the registry leave their tiles and the tour (an empty tour
        stops); renamed ones show their new name."""
        tour = self._state.tour
        if tour is not None and removed & set(tour.camera_ids):
            tour.camera_ids = [c for c in tour.camera_ids if c not in removed]
            if not tour.camera_ids:
                self.stop_tour()
        touched = False
        for slot, camera_id in enumerate(self._state.slots):
            if camera_id in removed:
                self._state.assign(slot, None)
                if self._state.maximised == slot:
                    self.restore()
            if camera_id in removed or camera_id in renamed:
                self._apply_slot(slot)
                touched = True
        if touched:
            self._sync_streams()
            self.state_changed.emit()

    def maximise(self, slot: int) -> None:
        """Show one tile over the whole wall, on the main stream."""
        self._state.maximised = slot
        self._relayout()
        self.state_changed.emit()

    def restore(self) -> None:
        """Back from a maximised tile to the layout."""
        self._state.maximised = None
        self._relayout()
        self.state_changed.emit()

    def toggle_maximise(self, slot: int) -> None:
        """Maximise ``slot``, or restore when it is the maximised one."""
        if self._state.maximised == slot:
            self.restore()
        else:
            self.maximise(slot)

    def start_tour(self, tour: Tour) -> None:
        """Cycle ``tour`` through the visible tiles every ``tour.interval_s`` seconds."""
        self._state.tour = tour
        self._tour_timer.start(max(1000, int(tour.interval_s * 1000)))
        self.next_tour_step()

    def stop_tour(self) -> None:
        """Stop the tour; the cameras shown stay."""
        self._state.tour = None
        self._tour_timer.stop()

    def touring(self) -> bool:
        """True while a tour runs."""
        return self._state.tour is not None

    def next_tour_step(self) -> None:
        """Show the next page of the running tour now."""
        if self._state.tour is None:
            return
        self._state.tour_step()
        for slot in range(self._state.tile_count()):
            self._apply_slot(slot)
        self._sync_streams()

    def set_badge_provider(self, provider: BadgeProvider | None) -> None:
        """Where tiles get the badges of incidents linked to their camera."""
        self._badge_provider = provider
        self.refresh_badges()

    def refresh_badges(self, camera_id: str | None = None) -> None:
        """Re-read badges for one camera (or every shown camera)."""
        for tile in self._tiles:
            if tile.camera_id and (camera_id is None or tile.camera_id == camera_id):
                provider = self._badge_provider
                tile.set_badges(provider(tile.camera_id) if provider else [])

    def set_ptz_holders(self, holders: dict[str, str]) -> None:
        """Who other consoles' users steering cameras are, as a line per camera id; the
        tiles of those cameras show it, the others none."""
        self._ptz_holders = dict(holders)
        for tile in self._tiles:
            tile.set_ptz_holder(self._ptz_holders.get(tile.camera_id or "", ""))

    def selected_camera(self) -> str | None:
        """Camera of the selected tile, or None."""
        return None if self._selected is None else self._tiles[self._selected].camera_id

    def stop(self) -> None:
        """Stop the tour, any camera turning from the keyboard, and every reader of this wall."""
        self.stop_tour()
        self._resync_timer.stop()
        for tile in self._tiles:
            tile.release_ptz_keys()
            self._bridge.detach(tile)
        if self._gc_held:
            self._gc_held = False
            main_thread_gc.release()

    # --- internals -----------------------------------------------------------------------
    def _relayout(self) -> None:
        while self._grid.count():
            self._grid.takeAt(0)
        for i in range(4):
            self._grid.setRowStretch(i, 0)
            self._grid.setColumnStretch(i, 0)
        visible = set(self._state.visible_slots())
        if self._state.maximised is not None:
            n, cells = 1, [(0, 0, 1, 1)]
            slots = [self._state.maximised]
        else:
            n, cells = layout_cells(self._state.layout)
            slots = list(range(len(cells)))
        for slot, (r, c, rs, cs) in zip(slots, cells, strict=True):
            self._grid.addWidget(self._tiles[slot], r, c, rs, cs)
        for i in range(n):
            self._grid.setRowStretch(i, 1)
            self._grid.setColumnStretch(i, 1)
        for tile in self._tiles:
            tile.setVisible(tile.slot in visible)
            self._apply_slot(tile.slot)
        self._grid.activate()  # geometry now, so readers get the new tile sizes
        self._sync_streams()

    def _apply_slot(self, slot: int) -> None:
        camera_id = self._state.slots[slot]
        tile = self._tiles[slot]
        tile.set_camera(camera_id, self._name_of(camera_id) if camera_id else "")
        tile.set_ptz_holder(self._ptz_holders.get(camera_id or "", ""))
        if camera_id and self._badge_provider:
            tile.set_badges(self._badge_provider(camera_id))

    def _profile_for(self, slot: int) -> str:
        big = self._state.maximised == slot or self._state.layout == "1"
        return "main" if big or self._tiles[slot].zoom_factor() >= MAIN_ZOOM else "sub"

    def _sync_streams(self) -> None:
        visible = set(self._state.visible_slots())
        for tile in self._tiles:
            if tile.slot in visible and tile.camera_id:
                size = tile.display_size() if tile.isVisible() else None
                self._bridge.set_crop(tile, tile.crop())
                self._bridge.attach(tile, tile.camera_id, self._profile_for(tile.slot), size)
            else:
                self._bridge.detach(tile)

    def _select(self, slot: int, again: bool = False) -> None:
        """Select a tile; its camera goes to the tree and the PTZ panel unless they have it
        from this tile already (a press then a double-click or a menu, say) and not ``again``."""
        camera = self._tiles[slot].camera_id
        if not again and (slot, camera) == (self._selected, self._selected_camera):
            return
        if self._selected is not None:
            self._tiles[self._selected].set_selected(False)
        self._selected, self._selected_camera = slot, camera
        self._tiles[slot].set_selected(True)
        camera_id = self._tiles[slot].camera_id
        if camera_id:
            self.camera_selected.emit(camera_id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Tile sizes changed; readers keep running (frames are scaled at paint)."""
        super().resizeEvent(event)

    def _on_camera_dropped(self, slot: int, camera_id: str) -> None:
        self.set_camera(slot, camera_id)
        self._select(slot)

    def _on_tile_pressed(self, slot: int) -> None:
        self._select(slot)  # a click selects the tile: the tree and the PTZ panel follow

    def _on_ptz_key(self, slot: int, pan: int, tilt: int, zoom: int) -> None:
        camera_id = self._tiles[slot].camera_id
        if camera_id:
            self.ptz_key_requested.emit(camera_id, pan, tilt, zoom)

    def _on_tile_dropped(self, slot: int, source: int, camera_id: str) -> None:
        slots = self._state.slots
        if not 0 <= source < len(slots) or slots[source] != camera_id:  # not this wall's tile
            self._on_camera_dropped(slot, camera_id)
            return
        self.swap(source, slot)
        self._select(slot)

    def _on_double_clicked(self, slot: int) -> None:
        self._select(slot)
        self.toggle_maximise(slot)

    def _on_zoom_changed(self, slot: int) -> None:
        """The tile's new view, from its next frame; zoomed past ``MAIN_ZOOM``, its camera's
        main stream (swapped in on its first frame, as when maximised)."""
        tile = self._tiles[slot]
        self._bridge.set_crop(tile, tile.crop())
        if tile.camera_id and tile.isVisible():
            size = tile.display_size()
            self._bridge.attach(tile, tile.camera_id, self._profile_for(slot), size)

    def _on_tour_timer(self) -> None:
        self.next_tour_step()

    def _on_context_requested(self, slot: int, pos: QPoint) -> None:
        self._select(slot)
        camera_id = self._tiles[slot].camera_id
        menu = QMenu(self)
        if camera_id:
            menu.addAction(
                self.tr("Snapshot"), lambda: self.snapshot_requested.emit(camera_id, slot)
            )
            menu.addAction(self.tr("PTZ control"), lambda: self.ptz_requested.emit(camera_id))
            menu.addAction(
                self.tr("Open in own window"), lambda: self.window_requested.emit(camera_id)
            )
            menu.addAction(self.tr("Camera info"), lambda: self.info_requested.emit(camera_id))
            menu.addSeparator()
            tile = self._tiles[slot]
            if tile.zoom_factor() > 1.0:
                menu.addAction(self.tr("Show the whole picture"), tile.reset_zoom)
            maximised = self._state.maximised == slot
            label = self.tr("Restore") if maximised else self.tr("Maximise")
            menu.addAction(label, lambda: self.toggle_maximise(slot))
            menu.addAction(self.tr("Remove from wall"), lambda: self.set_camera(slot, None))
        else:
            action = menu.addAction(self.tr("Empty tile"))
            action.setEnabled(False)
        menu.popup(pos)
