"""Tile painting: pictures are fitted to the tile on the reader thread and blitted 1:1; a new
frame repaints only the picture's rectangle, and what the screen shows stays whole."""

from __future__ import annotations

import av
import cv2
import numpy as np
import pytest
from av.video.reformatter import VideoReformatter
from PySide6.QtCore import QEvent, QRect
from PySide6.QtGui import QColor, QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from console.frames import TileStatus
from console.pictures import LARGE_PICTURE, Picture, fit_size, make_picture, source_picture
from console.qt_video_tile import BACKGROUND, BORDER, QtVideoTile
from video.ingest.models import Frame


def yuv_frame(seq: int, bgr: tuple[int, int, int], size: tuple[int, int] = (640, 360)) -> Frame:
    """A decoded-looking frame: solid colour, YUV 4:2:0 source, as a 'source' reader gives."""
    image = np.zeros((size[1], size[0], 3), np.uint8)
    image[:] = bgr
    source = av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv420p")
    return Frame(image=image[:, :, 0], seq=seq, decoded_at=0.0, decode_ms=0.0, source=source)


def screen_image(tile: QtVideoTile) -> QImage:
    """What the window system shows for the tile (the backing store, not a fresh render)."""
    screen = QGuiApplication.primaryScreen()
    return screen.grabWindow(tile.winId()).toImage()


def close(colour: QColor, expected: QColor, tolerance: int = 12) -> bool:
    return all(
        abs(a - b) <= tolerance
        for a, b in zip(colour.getRgb()[:3], expected.getRgb()[:3], strict=True)
    )


def test_fit_size_keeps_aspect_even_and_never_upscales() -> None:
    assert fit_size(640, 360, (476, 300)) == (476, 266)
    assert fit_size(640, 360, (1000, 1000)) == (640, 360)
    w, h = fit_size(1920, 1080, (475, 269))
    assert w % 2 == 0 and h % 2 == 0 and w <= 475 and h <= 269


def test_picture_is_fitted_to_the_tile_with_the_frame_colours() -> None:
    frame = yuv_frame(1, (0, 0, 255))  # red in BGR
    picture = source_picture(frame, (476, 300), VideoReformatter())
    assert (picture.image.width(), picture.image.height()) == (476, 266)
    red = picture.image.pixelColor(238, 133)
    assert close(red, QColor(255, 0, 0), 16)
    small = source_picture(frame, (200, 200), VideoReformatter())  # under half: swscale scales
    assert small.image.width() == 200 and small.image.height() <= 200
    native = source_picture(frame, None, VideoReformatter())
    assert (native.image.width(), native.image.height()) == (640, 360)


@pytest.mark.parametrize("size", [(658, 64), (660, 64), (1012, 64), (641, 61), (640, 64)])
def test_pictures_of_any_width_are_right_to_their_last_column(size: tuple[int, int]) -> None:
    """swscale's unscaled YUV->BGRA converter fills the edge columns of a picture some
    pixels past a multiple of 16 wide with what lies in the planes' padding: such pictures
    are converted from a copy 16s wide. Checked against the BGR conversion (another
    converter), the padding filled with noise as a decoder may leave it. (An odd-sized
    picture is smooth: swscale blends its chroma, the copy is even-sized.)"""
    width, height = size
    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    if width % 2 or height % 2:
        image = cv2.GaussianBlur(image, (0, 0), 6)
    source = av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv420p")
    for plane, sub in zip(source.planes, (1, 2, 2), strict=True):
        rows = np.ndarray(
            (height // sub, plane.line_size), np.uint8, plane, 0, (plane.line_size, 1)
        )
        rows[:, -(-width // sub) :] = rng.integers(0, 256, rows[:, -(-width // sub) :].shape)
    frame = Frame(image=image[:, :, 0], seq=1, decoded_at=0.0, decode_ms=0.0, source=source)
    picture = source_picture(frame, None, VideoReformatter())
    assert picture.size == size
    bgr = source.to_ndarray(format="bgr24").astype(int)
    differs = np.abs(shown_bgr(picture) - bgr).max(axis=(0, 2))
    assert differs.max() <= 10, f"columns {np.argwhere(differs > 10).ravel()} wrong"  # (200+)


def shown_bgr(picture: Picture) -> np.ndarray:
    """The picture's image as an HxWx3 BGR array (a view on its pixels)."""
    width, height = picture.size
    bits = np.frombuffer(picture.image.constBits(), np.uint8)
    rows = bits.reshape(height, picture.image.bytesPerLine())[:, : width * 4]
    return rows.reshape(height, width, 4)[:, :, :3]


def detailed_frame(width: int, height: int) -> Frame:
    """Thin lines and characters: what nearest-neighbour scaling breaks up."""
    image = np.full((height, width, 3), 90, np.uint8)
    for x in range(0, width, 7):
        cv2.line(image, (x, 0), (x + 300, height), (40, 200, x % 256), 1)
    for y in range(40, height, 60):
        cv2.putText(image, "SHAAN C 12345", (20, y), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (255,) * 3, 2)
    source = av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv420p")
    return Frame(image=image[:, :, 0], seq=1, decoded_at=0.0, decode_ms=0.0, source=source)


def psnr_to_area_averaged(picture: Picture) -> float:
    """How close (dB) a picture is to its frame area-averaged to the picture's size."""
    got = shown_bgr(picture).astype(float)
    whole = picture.frame.source.to_ndarray(format="bgr24")
    area = cv2.resize(whole, picture.size, interpolation=cv2.INTER_AREA)
    return float(10 * np.log10(255**2 / np.mean((got - area) ** 2)))


def test_a_large_tile_is_area_averaged_a_small_one_sampled() -> None:
    """A maximised tile shown smaller than its main stream gets the picture area-averaged
    (fine lines and characters stay whole); small tiles keep nearest-neighbour (cheap for
    sixteen of them)."""
    large = source_picture(detailed_frame(1920, 1080), (1600, 900), VideoReformatter())
    assert large.size == (1600, 900) and psnr_to_area_averaged(large) > 28  # nearest: 25.6
    small = source_picture(detailed_frame(1280, 720), (660, 372), VideoReformatter())
    assert small.size[0] * small.size[1] < LARGE_PICTURE
    assert psnr_to_area_averaged(small) < 27  # sampled, as the wall's tiles are


def test_a_bgr_frame_is_fitted_the_same_way() -> None:
    """Readers that deliver BGR (no decoded source) get the same fitted size."""
    frame = yuv_frame(1, (0, 255, 0))
    bgr = Frame(image=frame.source.to_ndarray(format="bgr24"), seq=1, decoded_at=0.0, decode_ms=0.0)
    picture = make_picture(bgr, (476, 300))
    assert (picture.image.width(), picture.image.height()) == (476, 266)
    assert close(picture.image.pixelColor(238, 133), QColor(0, 255, 0), 16)
    assert make_picture(bgr, (641, 361)).image.width() == 640  # within rounding: kept


def test_new_frames_repaint_the_picture_and_keep_border_and_bars(qtbot: QtBot) -> None:
    tile = QtVideoTile(0)
    qtbot.addWidget(tile)
    tile.set_camera("cam-1", "Gate")
    tile.resize(480, 320)  # taller than 16:9: bars above and below the picture
    tile.show()
    qtbot.waitExposed(tile)
    reformatter = VideoReformatter()
    colours = [(0, 0, 255), (0, 255, 0), (255, 0, 0)]  # BGR: red, green, blue
    for seq, bgr in enumerate(colours, 1):
        tile.set_picture(source_picture(yuv_frame(seq, bgr), tile.display_size(), reformatter))
        qtbot.waitUntil(lambda: tile._frame_painted, timeout=2000)
    shown = screen_image(tile)
    assert close(shown.pixelColor(240, 200), QColor(0, 0, 255))  # the last frame, blue
    assert close(shown.pixelColor(240, 5), BACKGROUND)  # the bar above the picture
    assert close(shown.pixelColor(240, 315), BACKGROUND)  # the bar below
    assert close(shown.pixelColor(0, 160), BORDER)  # the border, left and right
    assert close(shown.pixelColor(479, 160), BORDER)


def test_hovered_tile_shows_the_rates_line_over_new_frames(qtbot: QtBot) -> None:
    """The rates line is drawn over every new frame while hovered, follows the status, and
    goes with the pointer."""
    tile = QtVideoTile(0)
    qtbot.addWidget(tile)
    tile.set_camera("cam-1", "Gate")
    tile.resize(480, 272)  # 16:9 inside the border: frames alone repaint the picture only
    tile.move(300, 300)  # away from the pointer, which offscreen Qt puts at 0,0
    tile.show()
    qtbot.waitExposed(tile)
    reformatter = VideoReformatter()

    def show_frame(seq: int) -> QImage:
        tile.set_picture(
            source_picture(yuv_frame(seq, (255, 255, 255)), tile.display_size(), reformatter)
        )
        qtbot.waitUntil(lambda: tile._frame_painted, timeout=2000)
        return screen_image(tile)

    plain = show_frame(1)
    bottom = tile.height() - 6  # inside the line, below the picture's centre
    assert close(plain.pixelColor(300, bottom), QColor(255, 255, 255))
    tile.set_status(TileStatus(state="live", fps=25.0, bitrate_kbps=512.0))
    tile.enterEvent(QEvent(QEvent.Type.Enter))
    first = show_frame(2)
    assert first.pixelColor(300, bottom).red() < 140  # the line's dark band over white
    assert close(first.pixelColor(240, 100), QColor(255, 255, 255))  # the picture above it
    band = QRect(0, bottom - 8, tile.width(), 12)
    assert show_frame(3).copy(band) == first.copy(band)  # same text: the same line
    tile.set_status(TileStatus(state="live", fps=12.5, bitrate_kbps=512.0))
    assert show_frame(4).copy(band) != first.copy(band)  # the new rate is drawn
    tile.leaveEvent(QEvent(QEvent.Type.Leave))
    qtbot.waitUntil(lambda: screen_image(tile).pixelColor(300, bottom).red() > 240, timeout=2000)
