"""Pictures ready to paint: a reader's decoded frame converted once, on the reader thread,
to BGRA at the tile's size, with a QImage over it (see ``console.frames`` for the bridge)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import av
import cv2
from av.video.reformatter import Interpolation, VideoReformatter
from PySide6.QtGui import QImage

from video.ingest.models import ReaderOptions
from video.ingest.opener import plane_view, to_bgr

RGB32 = QImage.Format.Format_RGB32
Crop = tuple[float, float, float, float]  # left, top, width, height: shares of the picture
AREA = Interpolation.AREA
LARGE_PICTURE = 250_000  # pixels: area-averaged from this size (maximised on 1366x768: 768x432)
PLANAR_420 = frozenset({"yuv420p", "yuvj420p"})  # what H.264 and H.265 cameras decode to


@dataclass(frozen=True)
class Picture:
    """A frame ready to paint: the reader's frame, the pixel buffer and a QImage over it."""

    frame: Any  # video.ingest.Frame: seq, stamp_ms, and the decoded source (snapshots)
    pixels: Any  # owns the memory ``image`` points into (a BGRA av.VideoFrame or ndarray)
    image: QImage  # Format_RGB32 view: the raster engine blits it without conversion
    full_size: tuple[int, int] | None = None  # size of ``bgr_frame`` (None: decoded size)
    size: tuple[int, int] = (0, 0)  # ``image``'s (width, height), read without a Qt call
    crop: Crop | None = None  # the part of the frame it shows (a zoomed tile's view)


def fit_size(width: int, height: int, target: tuple[int, int]) -> tuple[int, int]:
    """The largest even size of ``width``x``height``'s aspect inside ``target`` (never up)."""
    scale = min(1.0, target[0] / width, target[1] / height)
    return max(2, int(width * scale)) // 2 * 2, max(2, int(height * scale)) // 2 * 2


def fill_size(width: int, height: int, target: tuple[int, int] | None) -> tuple[int, int]:
    """The even size of ``width``x``height`` scaled (up, as a rule) to fill ``target`` at
    its aspect; its own size without one."""
    if target is None:
        return width, height
    scale = min(target[0] / width, target[1] / height)
    return max(2, int(width * scale)) // 2 * 2, max(2, int(height * scale)) // 2 * 2


def crop_box(width: int, height: int, crop: Crop) -> tuple[int, int, int, int]:
    """``crop`` (shares of the picture) in pixels of a ``width``x``height`` picture: left,
    top, right, bottom, at least 2 pixels each way, inside the picture."""
    left, top, w, h = crop
    x0 = min(width - 2, max(0, int(left * width)))
    y0 = min(height - 2, max(0, int(top * height)))
    x1 = min(width, max(x0 + 2, round((left + w) * width)))
    y1 = min(height, max(y0 + 2, round((top + h) * height)))
    return x0, y0, x1, y1


def _zoomed(
    frame: Any, pixels: Any, crop: Crop, target: tuple[int, int] | None, full: Any
) -> Picture:
    """The ``crop`` of a BGRA, BGR or grey array, scaled (up, as a rule) to fill ``target``,
    as BGRA (BGR and grey are converted after scaling: only the tile's pixels)."""
    height, width = pixels.shape[:2]
    x0, y0, x1, y1 = crop_box(width, height, crop)
    region = pixels[y0:y1, x0:x1]
    w, h = fill_size(x1 - x0, y1 - y0, target)
    out = cv2.resize(region, (w, h), interpolation=cv2.INTER_LINEAR)
    if out.ndim == 2 or out.shape[2] == 3:
        out = cv2.cvtColor(out, cv2.COLOR_GRAY2BGRA if out.ndim == 2 else cv2.COLOR_BGR2BGRA)
    image = QImage(out.data, w, h, out.strides[0], RGB32)
    return Picture(frame, out, image, full, (w, h), crop)


def make_picture(
    frame: Any, target: tuple[int, int] | None = None, crop: Crop | None = None
) -> Picture:
    """Downscale a BGR ``frame.image`` to fit ``target`` (never up) and convert it to BGRA;
    with a ``crop`` (a zoomed tile), that part of it scaled to fill ``target``.

    The path for readers that deliver BGR (no ``frame.source``); see ``source_picture``.
    """
    image = frame.image
    if crop is not None:
        return _zoomed(frame, image, crop, target, None)
    height, width = image.shape[:2]
    if target is not None:
        size = fit_size(width, height, target)
        if size[0] < width - 2:  # beyond rounding: the tile shows it 1:1 at ``size``
            mode = cv2.INTER_LINEAR if size[0] * 2 > width else cv2.INTER_AREA
            image = cv2.resize(image, size, interpolation=mode)
            height, width = image.shape[:2]
    code = cv2.COLOR_GRAY2BGRA if image.ndim == 2 else cv2.COLOR_BGR2BGRA
    pixels = cv2.cvtColor(image, code)
    qimage = QImage(pixels.data, width, height, pixels.strides[0], QImage.Format.Format_RGB32)
    return Picture(frame, pixels, qimage, size=(width, height))


def source_picture(
    frame: Any,
    target: tuple[int, int] | None,
    reformatter: VideoReformatter,
    full_size: tuple[int, int] | None = None,
    crop: Crop | None = None,
) -> Picture:
    """The decoder's YUV ``frame.source`` as BGRA at the tile's size; a QImage over it.

    Called on the reader thread, so the tile only copies the picture 1:1 into its backing
    store. Measured per 640x360 frame (2-core machine): swscale's unscaled YUV->BGRA 0.12 ms
    (memory-bound: cv2.cvtColor costs the same) plus a nearest-neighbour cv2.resize of the
    BGRA to a 476x268 tile 0.04 ms, against swscale's scaled path 0.25-0.30 ms, or Qt's
    scaled blit on the Qt thread 0.07 ms alone and 0.15 ms in the live wall (the pixels come
    cold from another core). Nearest-neighbour is what the tile's blit did before. The
    resize is INTER_NEAREST_EXACT (pixel-centre sampling): INTER_NEAREST's 4-channel path is
    a generic per-pixel loop that cost the 16-tile wall's readers ~0.3 ms a frame more
    (perf: 11 % of the console's CPU, against 16 % for decoding). In the live 16-tile wall
    (cold caches) the resize measures ~0.16 ms a frame (perf, 2026-11-28); letting Qt scale
    the full-size picture while blitting instead cost the Qt thread 0.07-0.12 ms a frame
    more and the wall 70-99 ms UI stalls, so it stays here.
    Below half the decoded size swscale's scaled path writes fewer pixels and wins.
    A large tile (``LARGE_PICTURE``: a maximised one, say) shown smaller than the picture is
    area-averaged by swscale instead: nearest-neighbour drops whole rows and columns, and
    fine detail (a plate's characters, thin lines) breaks up where the operator looks
    closest. 1920x1080 into 1600x900 (``bench/zoom_bench.py``): 4.4 ms a frame against 1.8,
    PSNR to an area-averaged reference 29.2 dB against 24.7; the wall's small tiles (sixteen
    of them) keep the nearest.
    A zoomed tile (``crop``) gets that part of the picture, scaled to fill it: see
    ``_zoomed_source``.
    """
    source = frame.source
    width, height = source.width, source.height
    if crop is not None and source.format.name in PLANAR_420:
        return _zoomed_source(frame, source, crop, target, reformatter, full_size)
    if crop is not None:  # (other pixel formats: the whole picture converted, then cropped)
        out = reformatter.reformat(source, width, height, "bgra", threads=1)
        rows = plane_view(out.planes[0], out.height, out.width, 4)
        return _zoomed(frame, rows, crop, target, full_size)
    fit = (width, height) if target is None else fit_size(width, height, target)
    if fit[0] * 2 <= width:
        out = reformatter.reformat(source, fit[0], fit[1], "bgra", threads=1)
        width, height = fit
    elif fit[0] < width - 2 and fit[0] * fit[1] >= LARGE_PICTURE:
        out = reformatter.reformat(source, fit[0], fit[1], "bgra", threads=1, interpolation=AREA)
        width, height = fit
    elif width % 16 and source.format.name in PLANAR_420:  # (see ``_cut``)
        padded = _cut(source, (0, 0, evens(width), evens(height)), sixteens(width))
        out = reformatter.reformat(padded, padded.width, padded.height, "bgra", threads=1)
    else:
        out = reformatter.reformat(source, width, height, "bgra", threads=1)
    plane = out.planes[0]
    if fit[0] >= width - 2:  # within rounding of the tile: blitted 1:1
        image = QImage(memoryview(plane), width, height, plane.line_size, RGB32)
        return Picture(frame, out, image, full_size, (width, height))
    rows = plane_view(plane, height, width, 4)
    pixels = cv2.resize(rows, fit, interpolation=cv2.INTER_NEAREST_EXACT)
    image = QImage(pixels.data, fit[0], fit[1], pixels.strides[0], RGB32)
    return Picture(frame, pixels, image, full_size, fit)


def _zoomed_source(
    frame: Any,
    source: Any,
    crop: Crop,
    target: tuple[int, int] | None,
    reformatter: VideoReformatter,
    full_size: tuple[int, int] | None,
) -> Picture:
    """The ``crop`` of a planar 4:2:0 ``source``, cut from its YUV planes, then converted:
    only the view's pixels are, not the whole picture. Scaled down, swscale converts and
    scales in one pass; scaled up, it converts at the cut's size and OpenCV scales (swscale's
    bilinear upscale cost more than it saved). ``bench/zoom_bench.py``, a 1920x1080 main
    stream: 0.3-0.85 of the time of converting it all first (2x into a 16-wall tile
    0.9-1.0 ms against 1.2-1.5; 2x maximised 2.2 against 3.0-3.3). Scaled up, the picture
    has the same pixels as converting all first; scaled down, the cut scaled is at most a
    pixel wider each way. The colours are read as the source's."""
    x0, y0, x1, y1 = crop_box(source.width, source.height, crop)
    w = x1 - x0
    size = fill_size(w, y1 - y0, target)
    # scaled up or kept (swscale's unscaled converter, see ``_cut``): the box converted at
    # its size from a cut 16s wide, then scaled by OpenCV; scaled down: the cut, by swscale
    up = size[0] >= w
    cut = ex0, ey0, ex1, _ = (  # the box widened to even pixels: one chroma sample covers two
        x0 & ~1,
        y0 & ~1,
        min(evens(source.width), evens(x1)),
        min(evens(source.height), evens(y1)),
    )
    region = _cut(source, cut, sixteens(ex1 - ex0) if up else ex1 - ex0)
    if up:
        out = reformatter.reformat(region, region.width, region.height, "bgra", threads=1)
        rows = plane_view(out.planes[0], out.height, out.width, 4)
        box = rows[y0 - ey0 : y1 - ey0, x0 - ex0 : x1 - ex0]
        pixels = cv2.resize(box, size, interpolation=cv2.INTER_LINEAR)
        image = QImage(pixels.data, size[0], size[1], pixels.strides[0], RGB32)
        return Picture(frame, pixels, image, full_size, size, crop)
    out = reformatter.reformat(region, size[0], size[1], "bgra", threads=1)
    plane = out.planes[0]
    image = QImage(memoryview(plane), size[0], size[1], plane.line_size, RGB32)
    return Picture(frame, out, image, full_size, size, crop)


def sixteens(width: int) -> int:
    """``width`` rounded up to a multiple of 16."""
    return -(-width // 16) * 16


def evens(size: int) -> int:
    """``size`` rounded up to an even number."""
    return size + (size & 1)


def _cut(source: Any, box: tuple[int, int, int, int], width: int) -> Any:
    """The ``box`` (left, top, right, bottom: even, at most one past an odd source's edge)
    of a planar 4:2:0 ``source`` as a frame of its own, ``width`` wide: columns past the box
    or the source repeat the last one, a row past an odd source's bottom its last. In the
    source's colours (its colour space and range go with the cut).

    swscale's unscaled YUV->BGRA converter (the SIMD one) gets the first or last columns
    wrong at widths not a multiple of 16 (measured at 1-4 and 12 past one: 658, 1012; the
    values come from the planes' padding; BGR output is right). A picture converted unscaled
    is cut 16s wide."""
    x0, y0, x1, y1 = box
    region = av.VideoFrame(width, y1 - y0, source.format.name)
    for plane, into, sub in zip(source.planes, region.planes, (1, 2, 2), strict=True):
        rows = plane_view(plane, -(-source.height // sub), -(-source.width // sub))
        part = rows[y0 // sub : y1 // sub, x0 // sub : x1 // sub]
        view = plane_view(into, (y1 - y0) // sub, width // sub)
        high, wide = part.shape
        view[:high, :wide] = part
        view[:high, wide:] = part[:, -1:]
        view[high:] = view[high - 1]
    region.colorspace, region.color_range = source.colorspace, source.color_range
    return region


def bgr_frame(picture: Picture) -> Any:
    """The picture's frame with a BGR ``image`` (converted now from its source if it has one)."""
    frame = picture.frame
    source = getattr(frame, "source", None)
    if source is None:
        return frame
    return dataclasses.replace(frame, image=to_bgr(source, picture.full_size), source=None)


def ask_for_source(reader: Any) -> bool:
    """Switch a not-yet-started ``StreamReader`` to unconverted output; True when it has it.

    The bridge then converts each frame once, straight from YUV to what the tile paints.
    """
    options = getattr(reader, "options", None)
    if not isinstance(options, ReaderOptions) or options.gray:
        return False
    if options.output != "source":
        reader.options = dataclasses.replace(options, output="source")
    return True
