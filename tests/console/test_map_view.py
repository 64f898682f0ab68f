"""Offline map: level of detail, camera icons and drag payload, pins, grid picking, map ↔ board."""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

from board_world import G1, G2, G3, T1, T2, World, board, english_ui, world  # noqa: F401 (fixtures)
from PySide6.QtCore import QPoint, Qt

from console.board import BoardController, QtDispatchBoard
from console.board.qt_new_incident_form import QtNewIncidentForm
from console.camera_catalog import CameraEntry, CatalogChange
from console.map import MapCamera, QtMapView
from console.map.camera_layer import MAX_ICONS
from console.map.items import camera_mime
from console.map.qt_map_view import SHOW_GRIDS, SHOW_VILLAGES
from console.mime import CAMERA_MIME, decode_camera


def make_map(qtbot, board: BoardController, cameras: list[MapCamera]) -> QtMapView:
    view = QtMapView(board, lambda: cameras)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_level_of_detail_and_camera_icons(qtbot, board: BoardController) -> None:
    cams = [MapCamera("cam01", "黄堡路口", 108.95, 35.05, "live", G1)]
    view = make_map(qtbot, board, cams)
    assert set(view.org_items) == {o.id for o in board.orgs() if o.level != "city"}
    view.fit_all()
    assert view.pixels_per_km() < SHOW_GRIDS
    assert not view.layers["grid"].isVisible()
    view.centre_on(108.95, 35.05, SHOW_GRIDS * 1.5)
    assert view.layers["grid"].isVisible() and view.layers["village"].isVisible()
    view.zoom_by(SHOW_VILLAGES * 0.5 / view.pixels_per_km())
    assert not view.layers["grid"].isVisible() and not view.layers["village"].isVisible()
    # camera icons follow the provider: state colour changes, removed cameras disappear
    assert view.cameras["cam01"].state == "live"
    cams[0] = MapCamera("cam01", "黄堡路口", 108.95, 35.05, "lost", G1)
    cams.append(MapCamera("cam02", "陈炉", 109.05, 35.1, "connecting", G3))
    view.refresh_cameras()
    assert view.cameras["cam01"].state == "lost" and "cam02" in view.cameras
    cams.pop()
    view.refresh_cameras()
    assert "cam02" not in view.cameras
    mime = camera_mime("cam01")
    assert decode_camera(bytes(mime.data(CAMERA_MIME))) == "cam01"
    view.stop()


def test_double_click_picks_a_grid_for_the_form(qtbot, board: BoardController) -> None:
    view = make_map(qtbot, board, [])
    form = QtNewIncidentForm(board)
    qtbot.addWidget(form)
    view.grid_clicked.connect(form.set_grid)
    view.centre_on(108.95, 35.15, SHOW_GRIDS)
    where = view.mapFromScene(view.projection.to_scene(108.95, 35.15))
    with qtbot.waitSignal(view.grid_clicked) as sig:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert sig.args == [G2]
    assert form.grid_id == G2
    view.stop()


def test_map_and_board_selection_follow_each_other(
    qtbot, world: World, board: BoardController
) -> None:
    table = QtDispatchBoard(board)
    qtbot.addWidget(table)
    view = make_map(qtbot, board, [])
    a = world.svc.report(f"gw_{G1}_1", G1, "dispute", "simple", "邻里纠纷", lat=35.05, lon=108.95)
    b = world.svc.report(f"gw_{G3}_1", G3, "safety.fire", "major", "林区烟点")
    qtbot.waitUntil(lambda: a.id in view.pins and b.id in view.pins, timeout=5000)
    view.fit_all()
    # click b's pin on the map: the board selects b's row
    pin = view.pins[b.id]
    tip = view.mapFromScene(pin.scenePos())
    with qtbot.waitSignal(board.current_changed) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=tip + QPoint(0, -14))
    assert sig.args == [b.id]
    assert table.selected_id() == b.id and pin.selected
    # select a on the board: its pin gets the halo, b's loses it
    table.select_incident(a.id)
    board.select(table.selected_id())
    assert view.pins[a.id].selected and not view.pins[b.id].selected
    # a pin leaves the map when its incident leaves the board
    world.svc.act(b.id, "reject", "city_op", reason="重复上报")
    qtbot.waitUntil(lambda: b.id not in view.pins, timeout=5000)
    table.stop()
    view.stop()


def test_many_incidents_show_as_area_badges_until_zoomed_in(
    qtbot, world: World, board: BoardController
) -> None:
    from console.map import pins as pin_module
    from console.map.qt_map_view import FEW_PINS

    view = make_map(qtbot, board, [])
    severities = ("simple", "general", "complex", "major")
    for n in range(FEW_PINS + 20):
        grid = (G1, G2, G3)[n % 3]
        world.svc.report(f"gw_{grid}_1", grid, "dispute", severities[n % 4], f"批量事件 {n}")
    qtbot.waitUntil(lambda: len(board.collection) == FEW_PINS + 20, timeout=15000)
    view.fit_all()
    layer = view.pin_layer
    layer.refresh()
    assert not layer.detailed and len(view.pins) == 0
    badges = {t: c.count for t, c in layer.clusters.items() if c.isVisible()}
    assert badges == {"610202001": 214, "610203001": 106}  # two grids of 黄堡镇, one of 陈炉镇
    assert layer.clusters["610202001"].severity == "major"
    # clicking a badge zooms into its township, far enough for individual pins
    badge = view.mapFromScene(layer.clusters["610202001"].scenePos())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=badge)
    assert view.pixels_per_km() >= SHOW_GRIDS and layer.detailed
    # zoomed into 黄堡镇: individual pins for what is on screen, at most MAX_PINS
    view.centre_on(108.95, 35.1, SHOW_GRIDS * 1.5)
    view._apply_lod()
    assert layer.detailed and 0 < len(view.pins) <= pin_module.MAX_PINS
    assert not any(c.isVisible() for c in layer.clusters.values())
    view.stop()


def test_a_city_of_cameras_shows_area_badges_until_zoomed_in(qtbot, board: BoardController) -> None:
    """More than MAX_ICONS cameras in view: one badge per area (its cameras, and how many
    are down) and no icons; zoomed in, icons for the cameras in view only. Stream states
    and cameras removed from the registry reach the counts."""
    count = MAX_ICONS + 100
    cams = []
    for i in range(count):  # even ones in 黄堡镇's grid G1, odd ones in 陈炉镇's G3
        grid, west = (G1, 108.9) if i % 2 == 0 else (G3, 109.0)
        lon = west + 0.005 + 0.09 * ((i * 37) % 97) / 97
        lat = 35.005 + 0.09 * ((i * 53) % 89) / 89
        cams.append(
            MapCamera(f"c{i}", f"摄像机{i}", lon, lat, "lost" if i % 50 == 0 else "live", grid)
        )
    shown = cams[:10]  # the registry read grows the map's cameras while it is shown
    view = make_map(qtbot, board, shown)
    view.fit_all()
    layer = view.camera_layer
    assert layer.detailed and len(view.cameras) == 10
    shown.extend(cams[10:])
    view.refresh_cameras()
    qtbot.waitUntil(lambda: not layer.detailed and not view.cameras, timeout=2000)
    down = len(range(0, count, 50))  # all even: in 黄堡镇
    counts = {area: (badge.count, badge.down) for area, badge in layer.clusters.items()}
    assert counts == {T1: ((count + 1) // 2, down), T2: (count // 2, 0)}
    assert "down" in layer.clusters[T1].toolTip()
    view.set_camera_state("c1", "lost")
    qtbot.waitUntil(lambda: layer.clusters[T2].down == 1, timeout=2000)
    view.update_cameras(CatalogChange(removed=(CameraEntry("c0", "摄像机0", G1),)), {})
    qtbot.waitUntil(lambda: layer.clusters[T1].count == (count + 1) // 2 - 1, timeout=2000)
    assert layer.clusters[T1].down == down - 1
    layer.zoom_requested.emit(T2)  # the badge clicked: zoomed into 陈炉镇
    assert layer.detailed and view.cameras and not layer.clusters
    visible = view.mapToScene(view.viewport().rect()).boundingRect().adjusted(-1, -1, 1, 1)
    assert all(visible.contains(icon.pos()) for icon in view.cameras.values())
    assert len(view.cameras) < len(layer.spots)  # only those in view
    assert view.cameras["c1"].state == "lost"  # its state kept while it had no icon
    view.fit_all()
    assert not view.cameras and set(layer.clusters) == {T1, T2}
    view.stop()
