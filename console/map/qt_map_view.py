"""QtMapView: the offline map of the user's area, with cameras and incident pins.

No tile server: every district, township, village/community and grid polygon from the
hierarchy is turned once into a cached QPainterPath. Level of detail keeps 2,831 grids smooth:
zoomed out only district and township outlines are drawn, villages appear closer, grids when
zoomed in. Pins follow the board's model; selecting a pin selects the incident everywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView, QWidget

from console.board.controller import BoardController
from console.camera_catalog import CatalogChange
from console.map.camera_layer import CameraLayer
from console.map.items import CameraItem, LayerItem, OrgItem
from console.map.pins import PinLayer
from console.map.projection import Projection

logger = logging.getLogger(__name__)

# Pixels per kilometre above which a level is drawn.
SHOW_VILLAGES = 12.0
SHOW_GRIDS = 40.0
FEW_PINS = 300  # up to this many incidents, pins show at every zoom (no area badges)
DISTRICT_FILLS = ("#11283a", "#132d2f", "#1c2536", "#1a2a24", "#222035")


@dataclass(frozen=True)
class MapCamera:
    """What the map needs to know of a camera; ``state`` as in StreamStats.state."""

    id: str
    name: str
    lon: float
    lat: float
    state: str = "connecting"
    grid_id: str | None = None


CamerasProvider = Callable[[], list[Any]]


class QtMapView(QGraphicsView):
    """Map of the user's subtree: outlines by level of detail, camera icons, incident pins."""

    grid_clicked = Signal(str)  # a grid picked by clicking the map (e.g. for the new-incident form)
    camera_activated = Signal(str)  # a camera icon double-clicked

    def __init__(
        self,
        controller: BoardController,
        cameras_provider: CamerasProvider | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mapView")
        self.controller = controller
        self._cameras_provider = cameras_provider or (lambda: [])
        orgs = [o for o in controller.orgs() if o.level != "city"]
        self.projection = Projection.around(p for o in orgs for p in o.polygon)
        self._scene = QGraphicsScene(self)
        self._scene.setBackgroundBrush(QColor("#0b1622"))
        self.setScene(self._scene)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.layers: dict[str, LayerItem] = {}
        self.org_items: dict[str, OrgItem] = {}
        self.labels: dict[str, LayerItem] = {}
        self._labels_by_level: dict[str, list[LayerItem]] = {}
        self._picked_grid: str | None = None
        self._stopped = False
        self._build_orgs(orgs)
        self._fitted = False
        townships = _townships(orgs)
        self.pin_layer = PinLayer(self._scene, self.projection, controller, townships, self)
        self.pins = self.pin_layer.pins  # the pins on screen, by incident id
        areas = {"township": townships, "district": _townships(orgs, "district")}
        places = {  # a plain dict: a bound method of this view would tie it into a cycle
            o.id: self.projection.to_scene(*o.centroid)
            for o in orgs
            if o.level in ("township", "district")
        }
        self.camera_layer = CameraLayer(self._scene, areas, places.get, _camera_tip, self)
        self.cameras = self.camera_layer.icons  # the camera icons on screen, by camera id

        self._lod_timer = QTimer(self)
        self._lod_timer.setSingleShot(True)
        self._lod_timer.setInterval(60)

        events = controller.collection.events
        events.inserted.append(self._on_rows_inserted)
        events.removed.append(self._on_removed)
        events.changed.append(self._on_changed)
        events.reset.append(self._on_model_reset)
        controller.current_changed.connect(self._on_current_changed)
        self.pin_layer.zoom_requested.connect(self._zoom_to_area)
        self.camera_layer.zoom_requested.connect(self._zoom_to_area)
        self._lod_timer.timeout.connect(self._apply_lod)
        self.horizontalScrollBar().valueChanged.connect(self._schedule_lod)
        self.verticalScrollBar().valueChanged.connect(self._schedule_lod)
        self._on_model_reset()
        self.refresh_cameras()

    # building ------------------------------------------------------------------------------
    def _build_orgs(self, orgs: list[Any]) -> None:
        for level, z in (("grid", 1), ("village", 2), ("township", 3), ("district", 4)):
            layer = LayerItem()
            layer.setZValue(z)
            self._scene.addItem(layer)
            self.layers[level] = layer
        self.layers["community"] = self.layers["village"]
        district_fill: dict[str, QColor] = {}
        for org in orgs:
            if not org.polygon or org.level not in self.layers:
                continue
            fill = None
            if org.level == "district":
                fill = QColor(DISTRICT_FILLS[len(district_fill) % len(DISTRICT_FILLS)])
                district_fill[org.id] = fill
            item = OrgItem(org.id, org.level, self.projection.path(org.polygon), fill)
            if org.level == "district":
                item.setZValue(-1)  # fill under everything, outline drawn again on top below
                self._scene.addItem(item)
                outline = OrgItem(org.id, org.level, item.path(), None)
                outline.setParentItem(self.layers["district"])
            else:
                item.setParentItem(self.layers[org.level])
            self.org_items.setdefault(org.id, item)
            if org.level in ("district", "township", "village", "community"):
                self._add_label(org)

    def _add_label(self, org: Any) -> None:
        anchor = LayerItem()
        anchor.setFlag(LayerItem.GraphicsItemFlag.ItemIgnoresTransformations)
        anchor.setPos(self.projection.to_scene(*org.centroid))
        anchor.setZValue(50 if org.level == "district" else 10)
        text = QGraphicsSimpleTextItem(str(org.name), anchor)
        color = {"district": "#e3f2fd", "township": "#90caf9"}.get(org.level, "#6f9fb8")
        text.setBrush(QColor(color))
        font = text.font()
        font.setPointSizeF({"district": 12.0, "township": 9.0}.get(org.level, 7.5))
        font.setBold(org.level == "district")
        text.setFont(font)
        rect = text.boundingRect()
        text.setPos(-rect.width() / 2, -rect.height() / 2)  # centred on the centroid, in pixels
        anchor.setData(0, org.level)
        self._scene.addItem(anchor)
        self.labels[org.id] = anchor
        self._labels_by_level.setdefault(org.level, []).append(anchor)

    # level of detail -----------------------------------------------------------------------
    def pixels_per_km(self) -> float:
        """Current zoom as screen pixels per kilometre."""
        return float(self.transform().m11())

    def _apply_lod(self) -> None:
        ppk = self.pixels_per_km()
        self.layers["village"].setVisible(ppk >= SHOW_VILLAGES)
        self.layers["grid"].setVisible(ppk >= SHOW_GRIDS)
        few = len(self.pin_layer.positions) <= FEW_PINS
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        self.pin_layer.set_view(few or ppk >= SHOW_GRIDS, visible.adjusted(-1, -1, 1, 1))
        by = "township" if ppk >= SHOW_VILLAGES * 0.4 else "district"  # as their names show
        self.camera_layer.set_view(visible.adjusted(-1, -1, 1, 1), by)
        wanted = {
            "district": ppk < SHOW_GRIDS * 2,
            "township": ppk >= SHOW_VILLAGES * 0.4,
            "village": ppk >= SHOW_GRIDS,
            "community": ppk >= SHOW_GRIDS,
        }
        view = QRectF(self.viewport().rect())
        taken: list[QRectF] = []
        for level in ("district", "township", "village", "community"):
            for anchor in self._labels_by_level.get(level, ()):
                if not wanted[level]:
                    anchor.setVisible(False)
                    continue
                centre = QPointF(self.mapFromScene(anchor.pos()))
                if not view.contains(centre):
                    anchor.setVisible(True)  # off screen: culled when it scrolls in
                    continue
                size = anchor.childrenBoundingRect()
                rect = QRectF(
                    centre.x() - size.width() / 2 - 2,
                    centre.y() - size.height() / 2,
                    size.width() + 4,
                    size.height(),
                )
                free = not any(rect.intersects(other) for other in taken)
                anchor.setVisible(free)  # a label never overlaps a more important one
                if free:
                    taken.append(rect)

    def _schedule_lod(self, *_args: Any) -> None:
        self._lod_timer.start()

    def fit_all(self) -> None:
        """Zoom to show the whole area."""
        rect = self._scene.itemsBoundingRect()
        if not rect.isEmpty():
            self.fitInView(rect.adjusted(-2, -2, 2, 2), Qt.AspectRatioMode.KeepAspectRatio)
        self._apply_lod()

    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor > 1) or out, within sane limits."""
        ppk = self.pixels_per_km()
        factor = max(0.5 / ppk, min(factor, 2000.0 / ppk)) if ppk > 0 else factor
        self.scale(factor, factor)
        self._apply_lod()

    def centre_on(self, lon: float, lat: float, pixels_per_km: float | None = None) -> None:
        """Centre the view on a lon/lat, optionally at a given zoom."""
        if pixels_per_km:
            self.zoom_by(pixels_per_km / self.pixels_per_km())
        self.centerOn(self.projection.to_scene(lon, lat))
        self._apply_lod()  # for the area now in view, not the one zoomed from

    def showEvent(self, event: Any) -> None:
        """Fit the whole area the first time the map is shown."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.fit_all()

    def resizeEvent(self, event: Any) -> None:
        """Keep the whole area in view until the user zooms."""
        super().resizeEvent(event)
        if self._fitted and not self.isHidden() and self.pixels_per_km() < SHOW_VILLAGES * 0.4:
            self.fit_all()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom with the wheel, around the mouse."""
        self.zoom_by(1.25 if event.angleDelta().y() > 0 else 0.8)

    # picking -------------------------------------------------------------------------------
    def grid_at(self, scene_pos: QPointF) -> str | None:
        """The grid under a scene point, whether or not grids are drawn at this zoom."""
        for org_id, item in self.org_items.items():
            if item.level != "grid":
                continue
            path = item.path()
            if path.boundingRect().contains(scene_pos) and path.contains(scene_pos):
                return org_id
        return None

    def pick_grid(self, grid_id: str | None) -> None:
        """Highlight one grid (the form's choice); None clears."""
        if self._picked_grid and self._picked_grid in self.org_items:
            self.org_items[self._picked_grid].set_highlight(False)
        self._picked_grid = grid_id
        if grid_id and grid_id in self.org_items:
            self.org_items[grid_id].set_highlight(True)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-click: a camera activates it; elsewhere picks the grid under the mouse."""
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, CameraItem):
            self.camera_activated.emit(item.camera_id)
            return
        grid = self.grid_at(self.mapToScene(event.position().toPoint()))
        if grid:
            self.pick_grid(grid)
            self.grid_clicked.emit(grid)

    # cameras -------------------------------------------------------------------------------
    def update_cameras(self, change: CatalogChange, states: dict[str, str]) -> None:
        """A catalog change: removed cameras go, new ones come, changed ones move and are
        renamed; the others are not touched (a city has 3,000)."""
        for camera in change.removed:
            self.camera_layer.drop(camera.id)
        for camera in [*change.added, *(new for _old, new in change.changed)]:
            if camera.lon is None or camera.lat is None:  # no longer placed
                self.camera_layer.drop(camera.id)
                continue
            spot = self.camera_layer.spots.get(camera.id)
            state = states.get(camera.id, spot.state if spot else "connecting")
            pos = self.projection.to_scene(camera.lon, camera.lat)
            self.camera_layer.put(camera.id, str(camera.name), pos, state, camera.grid_id)

    def set_camera_state(self, camera_id: str, state: str) -> None:
        """Recolour one camera (its icon, or its township's count of cameras down)."""
        self.camera_layer.set_state(camera_id, state)

    def refresh_cameras(self) -> None:
        """Add, move, recolour and drop cameras from the provider (cheap, no network)."""
        seen: set[str] = set()
        for cam in self._cameras_provider():
            if cam.lon is None or cam.lat is None:
                continue
            seen.add(cam.id)
            pos = self.projection.to_scene(cam.lon, cam.lat)
            grid_id = getattr(cam, "grid_id", None)
            self.camera_layer.put(cam.id, str(cam.name), pos, str(cam.state), grid_id)
        for gone in set(self.camera_layer.spots) - seen:
            self.camera_layer.drop(gone)

    # incident pins -------------------------------------------------------------------------
    def _on_rows_inserted(self, first: int, last: int) -> None:
        for row in range(first, last + 1):
            self.pin_layer.track(self.controller.collection[row])

    def _on_removed(self, _row: int, gone: Any) -> None:
        self.pin_layer.forget(gone.id)

    def _on_changed(self, _row: int, incident: Any) -> None:
        self.pin_layer.track(incident)

    def _on_model_reset(self) -> None:
        self.pin_layer.reset()
        self._apply_lod()

    def _on_current_changed(self, incident_id: str) -> None:
        current = self.pin_layer.select(incident_id)
        if current is not None:
            self.ensureVisible(current.sceneBoundingRect(), 40, 40)

    def _zoom_to_area(self, org_id: str) -> None:
        org = self.controller.org(org_id)
        if org is not None:
            self.centre_on(org.centroid[0], org.centroid[1], SHOW_GRIDS * 1.2)

    def stop(self) -> None:
        """Stop the timers and stop following the board's incidents and selection (idempotent).

        Afterwards the board holds no reference to this view: the view is deleted when its
        owner lets go of it (its dock, or the last Python reference), never later by the cycle
        collector at an arbitrary allocation, e.g. inside one of its own paint events.
        """
        self._lod_timer.stop()
        self.pin_layer.stop()
        self.camera_layer.stop()
        self.controller.collection.events.detach(self)
        if not self._stopped:
            self._stopped = True
            try:
                self.controller.current_changed.disconnect(self._on_current_changed)
            except RuntimeError as exc:  # the controller was deleted first: nothing to follow
                logger.debug("map stop: %s", exc)


def _camera_tip(count: int, down: int) -> str:
    """A township badge's tooltip (translated)."""
    text = QCoreApplication.translate(
        "QtMapView", "%n camera(s), %1 down: click to zoom in", "", count
    )
    return text.replace("%1", str(down))


def _townships(orgs: list[Any], level: str = "township") -> dict[str, str]:
    """grid id → the township (乡镇/街道) it lies in (or its org at another ``level``)."""
    parent = {o.id: o.parent_id for o in orgs}
    levels = {o.id: o.level for o in orgs}
    out: dict[str, str] = {}
    for org in orgs:
        if org.level != "grid":
            continue
        node = org.parent_id
        while node is not None and levels.get(node) not in (None, level):
            node = parent.get(node)
        if node is not None and levels.get(node) == level:
            out[org.id] = node
    return out
