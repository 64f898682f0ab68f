"""Digital zoom on a tile: the view's arithmetic, the cropped picture, wheel and drag."""

from __future__ import annotations

import av
import cv2
import numpy as np
import pytest
from av.video.reformatter import VideoReformatter
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.pictures import Picture, crop_box, make_picture, source_picture
from console.qt_video_tile import QtVideoTile
from console.tile_zoom import MAX_FACTOR, TileZoom
from tests.console.test_tile_paint import close, shown_bgr
from video.ingest.models import Frame


def test_zooming_keeps_the_point_under_the_cursor_and_stays_inside() -> None:
    zoom = TileZoom()
    assert zoom.crop() is None
    assert zoom.zoom_at(0.75, 0.25, 3)  # three notches in at the upper right
    left, top, w, h = zoom.crop() or (0, 0, 0, 0)
    assert w == h == pytest.approx(1 / 1.25**3)
    assert left + 0.75 * w == pytest.approx(0.75) and top + 0.25 * h == pytest.approx(0.25)
    assert zoom.zoom_at(1.0, 1.0, 40)  # far in at the view's corner: it stays the corner
    assert zoom.factor == MAX_FACTOR
    left, top, w, h = zoom.crop() or (0, 0, 0, 0)
    assert left + w == pytest.approx(0.75 + 0.25 * 0.8**3)
    assert top + h == pytest.approx(0.25 + 0.75 * 0.8**3)
    assert not zoom.zoom_at(0.5, 0.5, 1)  # no further
    assert zoom.zoom_at(0.5, 0.5, -40)  # all the way out: the whole picture
    assert zoom.crop() is None and (zoom.left, zoom.top) == (0.0, 0.0)
    assert not zoom.zoom_at(0.5, 0.5, -1)
    zoom.zoom_at(1.0, 0.0, 40)  # the picture's corner stays its corner
    left, top, w, _ = zoom.crop() or (0, 0, 0, 0)
    assert left + w == pytest.approx(1.0) and top == 0.0
    zoom = TileZoom(factor=2.0, left=0.5, top=0.0)
    zoom.zoom_at(0.0, 0.0, -1)  # out, at the left edge: the view may not pass the right one
    left, _, w, _ = zoom.crop() or (0, 0, 0, 0)
    assert w == pytest.approx(1 / 1.6) and left + w == pytest.approx(1.0)


def test_panning_moves_the_view_against_the_drag_and_stops_at_the_edges() -> None:
    zoom = TileZoom()
    assert not zoom.pan(0.1, 0.1)  # the whole picture does not pan
    zoom.zoom_at(0.5, 0.5, 4)
    side = 1 / 1.25**4
    before = zoom.left
    assert zoom.pan(0.2, 0.0)  # dragged right: shows more of the left
    assert zoom.left == pytest.approx(before - 0.2 * side)
    zoom.pan(-100.0, -100.0)
    assert zoom.left == pytest.approx(1 - side) and zoom.top == pytest.approx(1 - side)
    assert not zoom.pan(-1.0, -1.0)


def test_crop_box_stays_inside_the_picture() -> None:
    assert crop_box(640, 360, (0.5, 0.5, 0.5, 0.5)) == (320, 180, 640, 360)
    assert crop_box(640, 360, (0.999, 0.999, 0.0001, 0.0001)) == (638, 358, 640, 360)


def two_colour_frame(seq: int) -> Frame:
    """Left half blue, right half red (BGR), as a decoded YUV frame."""
    image = np.zeros((360, 640, 3), np.uint8)
    image[:, :320] = (255, 0, 0)
    image[:, 320:] = (0, 0, 255)
    source = av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv420p")
    return Frame(image=image[:, :, 0], seq=seq, decoded_at=0.0, decode_ms=0.0, source=source)


def map_pixels(tile: QtVideoTile) -> int:
    """Pixels of the view's map frame (grey, #adb5bd) in the tile's lower right quarter."""
    shown = tile.grab().toImage()
    w, h = shown.width(), shown.height()
    frame = QColor("#adb5bd")
    return sum(
        close(shown.pixelColor(x, y), frame, 6)
        for x in range(w // 2, w, 2)
        for y in range(h // 2, h)
    )


def test_a_zoomed_picture_is_its_crop_scaled_to_fill_the_tile() -> None:
    frame = two_colour_frame(1)
    right = (0.5, 0.25, 0.5, 0.5)  # the right half's middle: all red
    picture = source_picture(frame, (476, 300), VideoReformatter(), crop=right)
    assert picture.size == (476, 266)  # filled: 320x180 scaled up
    for x, y in ((2, 2), (238, 133), (473, 263)):
        assert close(picture.image.pixelColor(x, y), QColor(255, 0, 0), 16)
    middle = source_picture(frame, (476, 300), VideoReformatter(), crop=(0.25, 0.25, 0.5, 0.5))
    assert close(middle.image.pixelColor(20, 133), QColor(0, 0, 255), 16)  # blue on the left
    assert close(middle.image.pixelColor(456, 133), QColor(255, 0, 0), 16)
    bgr = Frame(image=frame.source.to_ndarray(format="bgr24"), seq=1, decoded_at=0, decode_ms=0)
    same = make_picture(bgr, (476, 300), right)  # readers that deliver BGR: the same
    assert same.size == (476, 266)
    assert close(same.image.pixelColor(238, 133), QColor(255, 0, 0), 16)


def wheel(tile: QtVideoTile, at: QPoint, notches: int) -> None:
    event = QWheelEvent(
        QPointF(at),
        QPointF(tile.mapToGlobal(at)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(tile, event)


def hover_move(at: QPoint) -> QMouseEvent:
    return QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(at),
        QPointF(at),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )


def shown_tile(qtbot: QtBot) -> tuple[QtVideoTile, list[int]]:
    """A tile on screen with nothing to show yet, and the slots its zoom_changed reports."""
    tile = QtVideoTile(0)
    qtbot.addWidget(tile)
    tile.resize(480, 272)
    tile.show()
    qtbot.waitExposed(tile)
    changes: list[int] = []
    tile.zoom_changed.connect(changes.append)
    return tile, changes


def show_picture(tile: QtVideoTile) -> None:
    tile.set_camera("cam-1", "路口")
    tile.set_picture(source_picture(two_colour_frame(1), tile.display_size(), VideoReformatter()))


def test_wheel_and_drag_on_a_tile_zoom_and_pan_its_view(qtbot: QtBot) -> None:
    tile, changes = shown_tile(qtbot)
    wheel(tile, QPoint(240, 136), 2)
    assert tile.crop() is None and not changes  # nothing shown: nothing to zoom
    show_picture(tile)
    qtbot.waitUntil(lambda: not tile._target.isEmpty(), timeout=2000)
    assert map_pixels(tile) == 0
    wheel(tile, QPoint(240, 136), 2)
    assert changes == [0] and tile.zoom_factor() == pytest.approx(1.25**2)
    left = (tile.crop() or (0, 0, 0, 0))[0]
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=QPoint(240, 136))
    qtbot.mouseMove(tile, QPoint(300, 136))
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=QPoint(300, 136))
    assert (tile.crop() or (0, 0, 0, 0))[0] < left  # dragged right: the view moved left
    assert map_pixels(tile) > 40  # the view's map, over the picture
    moved = tile.crop()
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=QPoint(240, 136))
    qtbot.mouseMove(tile, QPoint(100, 100))  # its release went to a menu: a plain move
    QApplication.sendEvent(tile, hover_move(QPoint(100, 100)))
    QApplication.sendEvent(tile, hover_move(QPoint(20, 20)))
    assert tile.crop() != moved  # the drag before the release was lost moved it
    after = tile.crop()
    QApplication.sendEvent(tile, hover_move(QPoint(400, 200)))
    assert tile.crop() == after  # moving the mouse without its button pans no more
    tile.reset_zoom()
    assert tile.crop() is None and changes[-1] == 0
    wheel(tile, QPoint(240, 136), 1)
    tile.set_camera("cam-2", "另一路")  # another camera: the whole picture again
    assert tile.crop() is None


def test_plus_minus_and_zero_zoom_the_focused_tile(qtbot: QtBot) -> None:
    tile, changes = shown_tile(qtbot)
    QTest.keyClick(tile, Qt.Key.Key_Plus)
    assert tile.crop() is None and not changes  # no picture: nothing to zoom
    show_picture(tile)
    QTest.keyClick(tile, Qt.Key.Key_Plus)
    QTest.keyClick(tile, Qt.Key.Key_Equal)  # the + key without Shift
    assert tile.zoom_factor() == pytest.approx(1.25**2)
    left, top, w, _ = tile.crop() or (0, 0, 0, 0)
    assert left + w / 2 == pytest.approx(0.5) and top + w / 2 == pytest.approx(0.5)  # middle
    QTest.keyClick(tile, Qt.Key.Key_Minus)
    assert tile.zoom_factor() == pytest.approx(1.25)
    QTest.keyClick(tile, Qt.Key.Key_0)
    assert tile.crop() is None and len(changes) == 4


def test_a_click_or_drag_on_the_views_map_moves_the_view_there(qtbot: QtBot) -> None:
    tile, changes = shown_tile(qtbot)
    show_picture(tile)
    qtbot.waitUntil(lambda: not tile._target.isEmpty(), timeout=2000)
    wheel(tile, tile._target.center(), 4)  # 2.44x around the middle
    tile.grab()  # painted: the map is where the tile shows it
    box = tile._map_box
    assert box is not None and box.width() > 40
    corner = box.topLeft().toPoint() + QPoint(2, 2)
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=corner)
    left, top, _, _ = tile.crop() or (1, 1, 0, 0)
    assert left == top == 0.0  # the view's middle put at the map's corner: clamped to it
    qtbot.mouseMove(tile, box.center().toPoint())  # dragged on the map: the view follows
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=box.center().toPoint())
    left, top, w, h = tile.crop() or (0, 0, 0, 0)
    assert left + w / 2 == pytest.approx(0.5, abs=0.03) and top + h / 2 == pytest.approx(
        0.5, abs=0.03
    )
    before = len(changes)
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=QPoint(40, 100))  # off the map
    qtbot.mouseMove(tile, QPoint(60, 100))
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=QPoint(60, 100))
    assert len(changes) == before + 1 and (tile.crop() or (0,))[0] < left  # an ordinary pan


@pytest.mark.parametrize(
    ("colorspace", "color_range", "crop", "size"),
    [
        (1, 1, (0.3, 0.21, 0.25, 0.25), (640, 360)),  # BT.709, video range
        (5, 2, (0.0, 0.5, 0.5, 0.5), (640, 360)),  # BT.601, full range; at the edge
        (2, 0, (0.2419, 0.2402, 0.512, 0.512), (1280, 720)),  # a box on odd pixels, 655 wide
        (2, 0, (0.9, 0.9, 0.1, 0.1), (641, 361)),  # an odd-sized picture's right bottom corner
    ],
)
def test_a_zoomed_picture_is_cut_from_the_yuv_planes_in_the_sources_colours(
    colorspace: int,
    color_range: int,
    crop: tuple[float, float, float, float],
    size: tuple[int, int],
) -> None:
    """Only the view is converted (cut from the YUV planes), and it looks as the same part
    of the whole picture converted first does: same colours, same place, scaled down into a
    wall's tile or up into a maximised one."""
    rng = np.random.default_rng(7)
    blocks = rng.integers(0, 256, (9, 16, 3), dtype=np.uint8)  # squares of colour
    image = cv2.resize(blocks, size, interpolation=cv2.INTER_NEAREST)
    image = cv2.add(image, rng.integers(0, 24, image.shape, dtype=np.uint8))  # and grain
    if size[0] % 2 or size[1] % 2:  # swscale blends an odd-sized picture's chroma: no edges
        image = cv2.GaussianBlur(image, (0, 0), 4)
    source = av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv420p")
    source.colorspace, source.color_range = colorspace, color_range
    frame = Frame(image=image[:, :, 0], seq=1, decoded_at=0.0, decode_ms=0.0, source=source)
    half = (int(crop[2] * size[0]) // 2, int(crop[3] * size[1]) // 2)
    small = source_picture(frame, half, VideoReformatter(), crop=crop)
    assert small.size[0] < crop[2] * size[0] and shows_its_crop(small)
    large = source_picture(frame, (1600, 900), VideoReformatter(), crop=crop)
    assert large.size[0] > crop[2] * size[0] and shows_its_crop(large)


def test_a_zoomed_view_kept_at_its_size_is_right_to_its_last_column() -> None:
    """A view the tile shows at its own size, 660 wide (4 past a multiple of 16, where
    swscale's unscaled converter goes wrong at the edge), has its last columns right."""
    rng = np.random.default_rng(5)
    image = rng.integers(0, 256, (1080, 1920, 3), dtype=np.uint8)
    source = av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv420p")
    frame = Frame(image=image[:, :, 0], seq=1, decoded_at=0.0, decode_ms=0.0, source=source)
    crop = (0.0625, 0.0, 660 / 1920, 0.5)
    picture = source_picture(frame, (660, 540), VideoReformatter(), crop=crop)
    assert picture.size == (660, 540) and shows_its_crop(picture)


def shows_its_crop(picture: Picture) -> bool:
    """The picture shows its crop of the frame as the whole frame converted (in the source's
    colours), then cut and scaled to the picture's size, does: the same pixels when scaled
    up from an even-sized source; else the same in 6x6 blocks (scalers blur sharp edges
    differently; a view 3 px off measured a mean block difference of 5 on a live simulator
    picture, 1.8 placed right)."""
    source = picture.frame.source
    whole = source.reformat(format="bgr24").to_ndarray()  # (right at any width: see _cut)
    x0, y0, x1, y1 = crop_box(source.width, source.height, picture.crop or (0, 0, 1, 1))
    theirs = cv2.resize(whole[y0:y1, x0:x1], picture.size, interpolation=cv2.INTER_LINEAR)
    width, height = picture.size
    ours = shown_bgr(picture)
    if width >= x1 - x0 and source.width % 2 == source.height % 2 == 0:
        return bool(np.array_equal(ours, theirs))  # (odd sizes: swscale blends the chroma)
    blocks = (width // 6, height // 6)
    ours, theirs = (
        cv2.resize(np.ascontiguousarray(image), blocks, interpolation=cv2.INTER_AREA)
        for image in (ours, theirs)
    )
    return bool(np.mean(np.abs(ours.astype(int) - theirs)) <= 3)
