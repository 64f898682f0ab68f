"""The video wall against real simulator cameras: live tiles, layouts, drag, maximise, stale."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from av.video.reformatter import VideoReformatter
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console import i18n
from console.camera_catalog import CameraCatalog, CameraEntry
from console.frames import FrameBridge
from console.mime import CAMERA_MIME, encode_camera
from console.pictures import source_picture
from console.qt_camera_tree import CameraTreeModel
from console.qt_video_tile import QtVideoTile
from console.qt_video_wall import QtVideoWall
from tests.console.test_tile_zoom import shows_its_crop, wheel
from video.ingest.models import ReaderOptions
from video.ingest.reader import StreamReader
from video.sim.simulator import SimCameraInfo, Simulator

# The simulator's aiohttp control server (H3) trips this aiohttp deprecation; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")

FAST = {"stall_after": 0.8, "lost_after": 1.5, "backoff_min": 0.2, "backoff_max": 1.0}


@pytest.fixture(scope="module")
def sim() -> Iterator[tuple[Simulator, list[SimCameraInfo]]]:
    simulator = Simulator(cameras=3, discovery=False, onvif=False)
    infos = simulator.start()
    yield simulator, infos
    simulator.stop()


@pytest.fixture
def catalog(sim: tuple[Simulator, list[SimCameraInfo]]) -> CameraCatalog:
    _, infos = sim
    return CameraCatalog(
        CameraEntry(i.id, f"测试摄像机 {n}", f"g{n}", rtsp_main=i.rtsp_main, rtsp_sub=i.rtsp_sub)
        for n, i in enumerate(infos, 1)
    )


@pytest.fixture
def wall(qtbot: QtBot, catalog: CameraCatalog) -> Iterator[tuple[QtVideoWall, FrameBridge]]:
    def open_reader(camera_id: str, profile: str, size: tuple[int, int] | None) -> StreamReader:
        entry = catalog.get(camera_id)
        assert entry is not None
        return StreamReader(entry.stream_url(profile), camera_id, ReaderOptions(size=size, **FAST))

    i18n.install("en")  # other tests may have left Chinese installed
    bridge = FrameBridge(open_reader)
    widget = QtVideoWall(bridge, catalog.name_of)
    qtbot.addWidget(widget)
    widget.resize(960, 540)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget, bridge
    widget.stop()
    bridge.stop()


def drop_on(tile: QtVideoTile, mime: QMimeData) -> None:
    pos = QPoint(tile.width() // 2, tile.height() // 2)
    enter = QDragEnterEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(tile, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(tile, drop)


def test_tile_goes_live_and_paints_frames(
    qtbot: QtBot, wall: tuple[QtVideoWall, FrameBridge], catalog: CameraCatalog
) -> None:
    widget, bridge = wall
    camera_id = catalog.ids()[0]
    widget.set_camera(0, camera_id)
    tile = widget.tiles()[0]
    qtbot.waitUntil(lambda: tile.has_picture() and tile.status().state == "live", timeout=15000)
    first = tile.current_frame().seq
    qtbot.waitUntil(lambda: tile.current_frame().seq > first + 5, timeout=5000)
    width = tile.current_frame().image.shape[1]
    assert width <= tile.display_size()[0] + 2  # downscaled in the reader, not full 640x360
    assert bridge.camera_of(tile) == (camera_id, "sub")
    stats = bridge.reader_stats(tile)
    assert stats.state == "live" and stats.frames > first
    assert bridge.reader_stats(widget.tiles()[1]) is None  # an empty tile has no reader


def test_layout_switch_stops_hidden_readers(
    qtbot: QtBot, wall: tuple[QtVideoWall, FrameBridge], catalog: CameraCatalog
) -> None:
    widget, bridge = wall
    ids = catalog.ids()
    widget.set_camera(0, ids[0])
    widget.set_camera(9, ids[1])
    assert bridge.reader_count() == 2
    widget.set_layout("4")
    assert [t.slot for t in widget.visible_tiles()] == [0, 1, 2, 3]
    assert not widget.tiles()[9].isVisible()
    assert bridge.reader_count() == 1
    widget.set_layout("1+7")
    assert len(widget.visible_tiles()) == 8
    big = widget.tiles()[0].geometry()
    small = widget.tiles()[1].geometry()
    assert big.width() > 2.5 * small.width()
    widget.set_layout("16")
    assert bridge.reader_count() == 2
    with pytest.raises(ValueError):
        widget.set_layout("5")


def test_drag_camera_from_tree_onto_tile(
    qtbot: QtBot, wall: tuple[QtVideoWall, FrameBridge], catalog: CameraCatalog
) -> None:
    widget, bridge = wall
    camera_id = catalog.ids()[2]
    model = CameraTreeModel()
    model.load([], catalog, only_with_cameras=False)
    mime = model.mimeData([model.camera_index(camera_id)])
    assert bytes(mime.data(CAMERA_MIME).data()).decode() == camera_id
    tile = widget.tiles()[5]
    drop_on(tile, mime)
    assert widget.state().slots[5] == camera_id
    assert tile.camera_id == camera_id
    assert bridge.camera_of(tile) == (camera_id, "sub")
    plain = QMimeData()
    plain.setData(CAMERA_MIME, encode_camera(catalog.ids()[0]))
    drop_on(widget.tiles()[6], plain)
    assert widget.state().slots[6] == catalog.ids()[0]
    qtbot.waitUntil(lambda: tile.has_picture(), timeout=15000)


def test_double_click_maximises_on_main_stream_without_gap(
    qtbot: QtBot, wall: tuple[QtVideoWall, FrameBridge], catalog: CameraCatalog
) -> None:
    widget, bridge = wall
    camera_id = catalog.ids()[0]
    widget.set_camera(3, camera_id)
    tile = widget.tiles()[3]
    qtbot.waitUntil(tile.has_picture, timeout=15000)
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert widget.state().maximised == 3
    assert widget.visible_tiles() == [tile]
    assert tile.width() > 900

    def switched() -> bool:
        assert tile.has_picture()  # the sub picture stays until the main stream delivers
        return bridge.camera_of(tile) == (camera_id, "main")

    qtbot.waitUntil(switched, timeout=15000)
    qtbot.waitUntil(lambda: tile.current_frame().image.shape[1] > 640, timeout=5000)
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert widget.state().maximised is None
    assert len(widget.visible_tiles()) == 16
    qtbot.waitUntil(lambda: bridge.camera_of(tile) == (camera_id, "sub"), timeout=15000)


def test_stale_overlay_after_disconnect_and_recovery(
    qtbot: QtBot,
    wall: tuple[QtVideoWall, FrameBridge],
    catalog: CameraCatalog,
    sim: tuple[Simulator, list[SimCameraInfo]],
) -> None:
    widget, _ = wall
    simulator, _ = sim
    widget.set_camera(0, catalog.ids()[1])
    tile = widget.tiles()[0]
    qtbot.waitUntil(lambda: tile.status().state == "live", timeout=15000)
    simulator.set_fault(2, "disconnect", True)
    try:
        qtbot.waitUntil(lambda: tile.status().state in ("stale", "lost"), timeout=10000)
        qtbot.waitUntil(lambda: tile.status().state == "lost", timeout=10000)
        assert tile._state_text().startswith(("Lost", "Stale"))
        i18n.install("zh_CN")
        assert tile._state_text().startswith(("信号中断", "画面停滞"))
    finally:
        simulator.set_fault(2, "disconnect", False)
    qtbot.waitUntil(lambda: tile.status().state == "live", timeout=20000)
    assert tile.status().reconnects >= 1


def test_zoomed_tile_shows_its_crop_on_both_streams_until_restored(
    qtbot: QtBot, wall: tuple[QtVideoWall, FrameBridge], catalog: CameraCatalog
) -> None:
    """Digital zoom on a live tile: each picture is the zoomed part of its own decoded frame,
    filling the tile; maximising keeps the view on the main stream; the tile's menu action
    (here its slot) shows the whole picture again."""
    widget, bridge = wall
    camera_id = catalog.ids()[1]
    widget.set_camera(5, camera_id)
    tile = widget.tiles()[5]
    qtbot.waitUntil(tile.has_picture, timeout=15000)
    qtbot.waitUntil(lambda: not tile._target.isEmpty(), timeout=5000)
    whole = tile._picture.size if tile._picture else (0, 0)
    wheel(tile, tile._target.center(), 3)
    crop = tile.crop()
    assert crop is not None

    def shows_crop() -> bool:
        picture = tile._picture
        if picture is None or bridge._feeds[id(tile)].crop != tile.crop():
            return False
        return picture.crop == tile.crop() and shows_its_crop(picture)

    qtbot.waitUntil(shows_crop, timeout=5000)
    assert tile._picture is not None and tile._picture.size[0] >= whole[0] - 2  # filled
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)  # maximise: the main stream
    qtbot.waitUntil(lambda: bridge.camera_of(tile) == (camera_id, "main"), timeout=15000)
    assert tile.crop() == crop
    qtbot.waitUntil(lambda: tile._picture is not None and tile._picture.frame.source.width > 640)
    qtbot.waitUntil(shows_crop, timeout=5000)
    tile.reset_zoom()
    assert bridge._feeds[id(tile)].crop is None  # from the next frame on

    def shows_whole() -> bool:
        picture = tile._picture
        if picture is None:
            return False
        again = source_picture(picture.frame, tile.display_size(), VideoReformatter())
        return bool(again.image == picture.image)

    qtbot.waitUntil(shows_whole, timeout=5000)
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)  # back among the others
    qtbot.waitUntil(lambda: bridge.camera_of(tile) == (camera_id, "sub"), timeout=15000)
    wheel(tile, tile._target.center(), 4)  # 2.4x: past the sub stream's detail
    qtbot.waitUntil(lambda: bridge.camera_of(tile) == (camera_id, "main"), timeout=15000)
    qtbot.waitUntil(shows_crop, timeout=5000)
    wheel(tile, tile._target.center(), -1)  # 1.95x: the sub stream is enough again
    qtbot.waitUntil(lambda: bridge.camera_of(tile) == (camera_id, "sub"), timeout=15000)


def two_tiles(
    widget: QtVideoWall, catalog: CameraCatalog
) -> tuple[str, str, QtVideoTile, QtVideoTile]:
    """The first two cameras on the first two tiles: their ids and the tiles."""
    first, second = catalog.ids()[0], catalog.ids()[1]
    widget.set_camera(0, first)
    widget.set_camera(1, second)
    return first, second, widget.tiles()[0], widget.tiles()[1]


def test_dragging_a_tile_onto_another_swaps_them_with_their_streams_running(
    qtbot: QtBot, wall: tuple[QtVideoWall, FrameBridge], catalog: CameraCatalog
) -> None:
    widget, bridge = wall
    first, second, a, b = two_tiles(widget, catalog)
    qtbot.waitUntil(lambda: a.status().state == b.status().state == "live", timeout=15000)
    readers = bridge._feeds[id(a)].reader, bridge._feeds[id(b)].reader
    wheel(a, a._target.center(), 2)  # a zoomed view stays with its tile, whole again
    qtbot.waitUntil(lambda: a._picture is not None and a._picture.crop is not None)
    shown: list[tuple[QtVideoTile, object]] = []
    for tile in (a, b):
        tile.set_picture = lambda p, t=tile, keep=tile.set_picture: (shown.append((t, p)), keep(p))
    with qtbot.waitSignal(widget.state_changed):
        drop_on(b, a.drag_mime())
    assert widget.state().slots[:2] == [second, first]
    assert (a.camera_id, b.camera_id) == (second, first)
    assert (bridge._feeds[id(a)].reader, bridge._feeds[id(b)].reader) == readers[::-1]
    assert a.status().state == b.status().state == "live"  # no reconnect, no "connecting"
    assert widget.selected_camera() == first
    qtbot.waitUntil(lambda: a.has_picture() and b.has_picture(), timeout=1000)
    assert a.crop() is None and b.crop() is None
    assert all(p.crop is None for _, p in shown)  # never the zoomed picture on either
    assert {t for t, _ in shown} == {a, b}
    assert a.current_frame().seq >= 0 and bridge.camera_of(a) == (second, "sub")
    drop_on(widget.tiles()[4], b.drag_mime())  # onto an empty tile: moved there
    assert widget.state().slots[1] is None and widget.state().slots[4] == first
    stale = widget.tiles()[1].drag_mime()  # a tile drag whose camera left that tile since
    stale.setData(CAMERA_MIME, encode_camera(catalog.ids()[2]))
    drop_on(widget.tiles()[7], stale)
    assert widget.state().slots[7] == catalog.ids()[2] and widget.state().slots[1] is None
    foreign = QMimeData()  # another program's tile number: a camera drop
    foreign.setData(CAMERA_MIME, encode_camera(catalog.ids()[1]))
    foreign.setData("application/x-xueliang-tile", b"99")
    drop_on(widget.tiles()[8], foreign)
    assert widget.state().slots[8] == catalog.ids()[1]


def test_a_press_and_move_drags_the_tile_unless_it_is_zoomed(
    qtbot: QtBot,
    wall: tuple[QtVideoWall, FrameBridge],
    catalog: CameraCatalog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    widget, _ = wall
    started: list[int] = []
    monkeypatch.setattr(QtVideoTile, "_start_drag", lambda tile: started.append(tile.slot))
    empty = widget.tiles()[2]
    qtbot.mousePress(empty, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.mouseMove(empty, QPoint(80, 80))
    qtbot.mouseRelease(empty, Qt.MouseButton.LeftButton, pos=QPoint(80, 80))
    assert not started  # nothing to drag
    widget.set_camera(3, catalog.ids()[0])
    tile = widget.tiles()[3]
    qtbot.waitUntil(tile.has_picture, timeout=15000)
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    qtbot.mouseMove(tile, QPoint(41, 41))  # under the drag distance: a click so far
    assert not started
    qtbot.mouseMove(tile, QPoint(90, 90))
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=QPoint(90, 90))
    assert started == [3]
    wheel(tile, tile._target.center(), 2)
    view = tile.crop()
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    qtbot.mouseMove(tile, QPoint(90, 90))
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=QPoint(90, 90))
    assert started == [3] and tile.crop() != view  # a zoomed tile pans instead


def test_a_held_ptz_key_stops_its_camera_when_the_tile_changes_camera(
    qtbot: QtBot, wall: tuple[QtVideoWall, FrameBridge], catalog: CameraCatalog
) -> None:
    widget, _ = wall
    first, second = catalog.ids()[0], catalog.ids()[1]
    widget.set_camera(2, first)
    tile = widget.tiles()[2]
    sent: list[tuple[str, int, int, int]] = []
    widget.ptz_key_requested.connect(lambda *args: sent.append(args))
    QTest.keyPress(tile, Qt.Key.Key_Left)
    QTest.keyPress(tile, Qt.Key.Key_PageDown)
    QTest.keyPress(tile, Qt.Key.Key_Right)  # left and right held: no pan
    QTest.keyPress(tile, Qt.Key.Key_A)  # not a PTZ key
    assert sent == [(first, -1, 0, 0), (first, -1, 0, -1), (first, 0, 0, -1)]
    widget.set_camera(2, second)  # a tour's step, say, with the keys still down
    assert sent[-1] == (first, 0, 0, 0)
    QTest.keyRelease(tile, Qt.Key.Key_Left)  # already stopped: nothing more
    assert len(sent) == 4
    widget.set_camera(3, None)
    QTest.keyPress(widget.tiles()[3], Qt.Key.Key_Up)  # an empty tile turns nothing
    assert len(sent) == 4


def test_a_click_on_a_zoomed_tile_selects_it(
    qtbot: QtBot, wall: tuple[QtVideoWall, FrameBridge], catalog: CameraCatalog
) -> None:
    widget, _ = wall
    first, second, zoomed, other = two_tiles(widget, catalog)
    qtbot.waitUntil(zoomed.has_picture, timeout=15000)
    wheel(zoomed, zoomed._target.center(), 2)
    selected: list[str] = []
    widget.camera_selected.connect(selected.append)
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton, pos=QPoint(30, 30))
    qtbot.mouseClick(zoomed, Qt.MouseButton.LeftButton, pos=QPoint(30, 30))
    assert widget.selected_camera() == first and selected == [second, first]
    qtbot.mouseDClick(zoomed, Qt.MouseButton.LeftButton, pos=QPoint(30, 30))
    assert selected == [second, first]  # told once: not again for the double-click
    widget.set_camera(0, second)  # the selected tile's camera changed (a tour, say)
    qtbot.mouseClick(zoomed, Qt.MouseButton.LeftButton, pos=QPoint(30, 30))
    assert selected[-1] == second
