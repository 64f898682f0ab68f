"""A running console follows the camera registry: cameras added, removed and renamed by
maintenance reach the tree, map, health list, wall, camera windows and video alarms without a
restart."""

from __future__ import annotations

import dataclasses
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QPoint,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot
from sim_console import registry_console
from sqlalchemy.exc import OperationalError

from console import i18n
from console.app import ConsoleApp
from console.camera_catalog import CameraCatalog, CameraEntry, CatalogChange
from console.demo import DemoWorld
from console.main_window import QtMainWindow
from console.qt_camera_tree import DIRECT_CHILDREN, ID_ROLE, CameraTreeModel, QtCameraTree
from console.registry_refresh import RegistryRefresher
from console.wall import Tour
from console.window_catalog import change_text

TOP = QAbstractItemView.ScrollHint.PositionAtTop
pytestmark = pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")


def test_replace_tells_what_changed() -> None:
    a, b, c = (CameraEntry(i, f"Cam {i}", onvif_url=f"http://{i}") for i in "abc")
    catalog = CameraCatalog([a, b])
    seen = catalog.all  # a view holds the bound method: it sees the new table
    change = catalog.replace([dataclasses.replace(a, name="Gate"), c])
    assert [x.id for x in change.added] == ["c"] and change.removed_ids() == {"b"}
    assert change.changed == ((a, dataclasses.replace(a, name="Gate")),)
    assert change.onvif_moved() == set()
    assert [x.name for x in seen()] == ["Cam c", "Gate"]
    moved = catalog.replace([dataclasses.replace(a, name="Gate", onvif_url="http://new"), c])
    assert moved.onvif_moved() == {"a"} and bool(moved)
    assert not catalog.replace(catalog.all())  # nothing changed


@pytest.fixture
def maintenance(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[ConsoleApp, DemoWorld, Any]]:
    """A maintenance console on three simulated cameras, the third not registered yet."""
    with registry_console(tmp_path, cameras=3) as (app, world):
        assert app.svc is not None and app.registry is not None
        registry = app.registry
        third = registry.list()[2]
        user, password = registry.credentials(third.id)
        registry.remove(third.id)
        app.load_registry_cameras()
        window = app.open_window(app.svc.user("city_mnt"))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        yield app, world, (window, third, user, password)


def test_cameras_added_removed_and_renamed_reach_a_running_console(
    qtbot: QtBot, qtmodeltester: Any, maintenance: tuple[ConsoleApp, DemoWorld, Any]
) -> None:
    app, _world, (window, third, user, password) = maintenance
    registry, refresher = app.registry, app.registry_refresher
    assert registry is not None and refresher is not None
    assert isinstance(window, QtMainWindow) and window.health_model is not None
    first, second = app.catalog.ids()
    app.subscribe_alarms()
    alarms = app.alarms
    assert alarms is not None
    qtbot.waitUntil(lambda: alarms.subscribed() == {first, second}, timeout=30000)
    window.wall.set_layout("4")
    window.wall.set_camera(0, first)
    window.wall.set_camera(1, second)
    tile = window.wall.tiles()[1]
    qtbot.waitUntil(lambda: tile.status().state == "live", timeout=15000)
    window._on_window_requested(first)  # the first camera in its own window too
    assert len(window._camera_windows) == 1
    qtmodeltester.check(window.health_model)

    first_name = app.catalog.name_of(first)
    registry.add(third, user, password)  # maintenance registers a camera
    registry.remove(first)  # and retires another
    registry.update(dataclasses.replace(registry.get(second), name="Renamed gate"))
    QTest.keyClick(window, Qt.Key.Key_F5)  # 刷新摄像机目录: now, not at the next minute
    assert window.statusBar().currentMessage() == "Reading the camera registry…"

    qtbot.waitUntil(lambda: app.catalog.get(third.id) is not None, timeout=10000)
    assert window.statusBar().currentMessage().startswith("Camera registry: 1 camera(s) added")
    assert app.catalog.get(first) is None
    model = window.health_model
    shown = {model.camera_id(r) for r in range(model.rowCount())}
    assert shown == {second, third.id}
    qtmodeltester.check(model)
    assert window.tree_model.camera_index(third.id).isValid()
    assert not window.tree_model.camera_index(first).isValid()
    assert set(window.map.cameras) == {second, third.id}
    assert first not in window.wall.state().slots  # its tile emptied, its reader stopped
    assert window.wall.tiles()[0].camera_id is None
    assert tile.camera_name == "Renamed gate" and tile.status().state == "live"  # not reopened
    qtbot.waitUntil(lambda: not window._camera_windows, timeout=5000)  # its window closed
    line = window.log_model.events()[0]
    assert line.source == "Camera registry"
    assert line.text == (
        f"1 camera(s) added ({third.name}); 1 camera(s) removed ({first_name}); "
        "1 camera(s) changed (Renamed gate)"
    )
    # video alarms: the new camera followed, the retired one's subscription closed
    qtbot.waitUntil(lambda: alarms.subscribed() == {second, third.id}, timeout=30000)
    assert alarms.state(first) == ("", "")
    assert app.linkage is not None
    linkage = app.linkage
    qtbot.waitUntil(lambda: set(linkage._subscriptions) == {second, third.id}, timeout=15000)
    assert linkage.camera(first) is None and linkage.camera(third.id) is not None  # nearest
    # a camera whose ONVIF address is dropped is followed no more; given one, it is again
    kept = registry.get(second)
    registry.update(dataclasses.replace(kept, onvif_url=None))
    window.refresh_cameras()
    qtbot.waitUntil(lambda: alarms.state(second) == ("", ""), timeout=10000)
    qtbot.waitUntil(lambda: set(linkage._subscriptions) == {third.id}, timeout=15000)
    registry.update(kept)
    window.refresh_cameras()
    qtbot.waitUntil(lambda: alarms.subscribed() == {second, third.id}, timeout=30000)
    # the new camera is a camera like the others: on the wall it goes live
    window._on_camera_activated(third.id)
    new_tile = next(t for t in window.wall.tiles() if t.camera_id == third.id)
    qtbot.waitUntil(lambda: new_tile.status().state == "live", timeout=15000)
    # a re-read with nothing changed changes nothing and says nothing
    events, reads = len(window.log_model.events()), refresher.reads
    window.act_refresh_cameras.trigger()
    qtbot.waitUntil(lambda: refresher.reads > reads, timeout=5000)
    assert len(window.log_model.events()) == events
    assert window.statusBar().currentMessage() == "The camera registry has not changed"


def test_a_registry_that_cannot_be_read_is_said_in_one_line(qtbot: QtBot) -> None:
    """The database away: the console goes on with what it has; asked for, it says why in one
    line, without the password of the database URL."""
    applied: list[Any] = []
    failures: list[str] = []

    def away() -> Any:
        raise OperationalError(
            "connect", {}, Exception("could not connect to postgresql://dba:S3cret@db:5432/x\n...")
        )

    refresher = RegistryRefresher(away, applied.append, failed=failures.append)
    try:
        refresher.refresh_now()
        qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    finally:
        refresher.stop()
    assert not applied and len(failures) == 1
    assert "could not connect" in failures[0] and "S3cret" not in failures[0]
    assert "\n" not in failures[0]


def test_the_change_is_said_in_chinese(qapp: Any) -> None:
    a = CameraEntry("a", "A")
    try:
        i18n.install("zh_CN")
        b, c, d = (CameraEntry(i, f"{i}号") for i in "bcd")
        text = change_text(CatalogChange(added=(a, b), removed=(a, b, c, d)))
        assert text == "新增 2 台摄像机（A、b号）；移除 4 台摄像机（A、b号、c号 …）"
    finally:
        i18n.install("en")


def test_the_tree_follows_a_change_in_place(qapp: Any) -> None:
    """Cameras join their grid (its missing orgs created), leave it (orgs left empty go, the
    city stays), are renamed and moved, without a rebuild."""
    Org = namedtuple("Org", "id name level parent_id")
    orgs = [
        Org("c", "City", "city", None),
        Org("d", "District", "district", "c"),
        Org("g1", "Grid 1", "grid", "d"),
        Org("g2", "Grid 2", "grid", "d"),
    ]
    a, b = CameraEntry("a", "Gate", "g1"), CameraEntry("b", "Lane", "g2")
    catalog = CameraCatalog([a])
    model = CameraTreeModel()
    model.load(orgs, catalog, only_with_cameras=True)
    assert not model.org_index("g2").isValid()  # no camera there: not shown
    model.update_cameras(catalog.replace([a, b]))
    assert model.camera_index("b").parent() == model.org_index("g2")
    assert model.org_index("g2").parent() == model.org_index("d")
    moved = dataclasses.replace(a, name="Gate (new)", grid_id="g2")
    model.update_cameras(catalog.replace([moved, b]))
    assert model.camera_index("a").parent() == model.org_index("g2")
    assert model.camera_index("a").data() == "Gate (new)"
    assert not model.org_index("g1").isValid()  # left empty: gone
    c = CameraEntry("c", "Bridge", "g2")
    model.update_cameras(catalog.replace([moved, b, c]))  # in its place by name
    grid = model.org_index("g2")
    assert [model.index(r, 0, grid).data() for r in range(3)] == ["Bridge", "Gate (new)", "Lane"]
    model.update_cameras(catalog.replace([moved, b, dataclasses.replace(c, name="Wharf")]))
    assert [model.index(r, 0, grid).data() for r in range(3)] == ["Gate (new)", "Lane", "Wharf"]
    model.update_cameras(catalog.replace([moved, b]))
    model.update_cameras(catalog.replace([]))
    assert not model.org_index("d").isValid() and model.org_index("c").isValid()
    assert model.rowCount(model.org_index("c")) == 0
    assert model.org_index("c").data(ID_ROLE) == "c"


def test_a_search_filters_only_while_it_lasts_and_follows_a_change(qtbot: QtBot) -> None:
    """The search's filter stands between the tree and its view only while searching (it
    follows every row added or removed: a registry change cost twice as much with it); a
    change during a search shows in the filtered rows, and clearing the search keeps the
    camera picked in sight."""
    Org = namedtuple("Org", "id name level parent_id")
    orgs = [Org("c", "City", "city", None)]
    orgs += [Org(f"d{d}", f"District {d}", "district", "c") for d in range(3)]
    orgs += [Org(f"g{g:02d}", f"Grid {g:02d}", "grid", f"d{g % 3}") for g in range(30)]
    cameras = [CameraEntry(f"k{n:03d}", f"Cam {n:03d}", f"g{n % 30:02d}") for n in range(300)]
    catalog = CameraCatalog(cameras)
    model = CameraTreeModel()
    model.load(orgs, catalog, only_with_cameras=True)
    tree = QtCameraTree(model)
    qtbot.addWidget(tree)
    tree.show()
    assert tree.view.model() is model and tree.view_index(model.org_index("d1")).isValid()
    tree.search.setText("Cam 04")  # ten cameras
    shown = tree.view.model()
    assert shown is not model
    assert tree.view_index(model.camera_index("k040")).isValid()
    assert not tree.view_index(model.camera_index("k140")).isValid()  # filtered out
    added = CameraEntry("new", "Cam 04x", "g07")
    model.update_cameras(catalog.replace([c for c in cameras if c.id != "k041"] + [added]))
    tree.expand_to("new")
    new = tree.view_index(model.camera_index("new"))
    assert new.isValid() and tree.view.isExpanded(new.parent())
    assert not tree.view_index(model.camera_index("k041")).isValid()
    tree.select_camera("new")
    tree.search.clear()
    assert tree.view.model() is model  # the filter dropped
    assert tree.view.currentIndex().data(ID_ROLE) == "new"
    assert tree.view.isExpanded(model.org_index("g07"))
    assert not tree.view.isExpanded(model.org_index("g08"))  # (more than 200: townships)
    tree.search.setText("Cam")  # every camera: every org open
    tree.select_camera("k150")
    tree.view.scrollTo(tree.view_index(model.camera_index("k200")), TOP)
    top = tree.view.indexAt(QPoint(0, 0)).data(ID_ROLE)
    with tree.changing():  # the filter set aside while rows come and go
        assert tree.view.model() is model
        model.update_cameras(catalog.replace([c for c in cameras if c.id != "k041"]))
    assert tree.view.model() is not model and tree.view.model() is not shown
    assert not model.camera_index("new").isValid()
    assert tree.view.currentIndex().data(ID_ROLE) == "k150"
    assert tree.view.indexAt(QPoint(0, 0)).data(ID_ROLE) == top
    assert tree.view.isExpanded(tree.view_index(model.org_index("g09")))
    for text in ("Cam 1", "Cam 12", "Grid", ""):  # a new filter each time: none left behind
        tree.search.setText(text)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for owner in (tree.view, tree.view.header()):
        kept = owner.findChildren(QItemSelectionModel, options=DIRECT_CHILDREN)
        assert len(kept) <= 1
    assert len(tree.findChildren(QSortFilterProxyModel)) == 0


def test_tours_and_the_ptz_panel_follow_the_registry(
    qtbot: QtBot, maintenance: tuple[ConsoleApp, DemoWorld, Any]
) -> None:
    app, _world, (window, *_rest) = maintenance
    registry, refresher = app.registry, app.registry_refresher
    assert registry is not None and refresher is not None
    first, second = app.catalog.ids()
    window.tour_interval.setValue(600)
    window.act_tour.trigger()  # the tour of every camera
    tour = window.wall.state().tour
    assert tour is not None and tour.camera_ids == [first, second]
    window._on_ptz_requested(second)
    registry.remove(first)
    registry.update(dataclasses.replace(registry.get(second), name="Renamed gate"))
    window.refresh_cameras()
    qtbot.waitUntil(lambda: app.catalog.get(first) is None, timeout=10000)
    assert tour.camera_ids == [second] and window.act_tour.isChecked()  # it follows the list
    assert window.ptz.camera_id() == second and window.ptz.camera_label.text() == "Renamed gate"
    removed_second = registry.get(second)
    window.act_tour.trigger()
    window.wall.start_tour(Tour("only one", [second], interval_s=600))  # a group's tour
    window.act_tour.setChecked(True)
    registry.remove(second)
    window.refresh_cameras()
    qtbot.waitUntil(lambda: app.catalog.get(second) is None, timeout=10000)
    assert not window.wall.touring() and not window.act_tour.isChecked()  # emptied: stopped
    # new credentials only: the status bar says so rather than "has not changed"
    registry.add(removed_second, "admin", "Rotated-Pw")
    window.refresh_cameras()
    qtbot.waitUntil(lambda: app.catalog.get(second) is not None, timeout=10000)
    registry.update(registry.get(second), password="Rotated-Pw-2")
    reads = refresher.reads
    window.refresh_cameras()
    qtbot.waitUntil(lambda: refresher.reads > reads, timeout=10000)
    assert window.statusBar().currentMessage() == (
        "Camera registry: 1 camera(s) with new credentials"
    )
