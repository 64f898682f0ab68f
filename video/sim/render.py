"""Per-stream frame renderer: PTZ crop of the panorama, moving objects, faults, OSD, stamp.

One renderer per (camera, stream); it draws directly at the stream's resolution and returns
an I420 (yuv420p) array ready for the encoder. Called from the stream's worker thread only.

Two paths give the same pixels: a BGR frame converted to I420 (any fault), and, while no
fault changes the picture, the I420 frame drawn directly (``render_yuv``), several times
cheaper.
"""

from __future__ import annotations

import logging
import random
import time
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from video import stamp
from video.sim import render_yuv
from video.sim.faults import FaultSet
from video.sim.picture_faults import PictureFaults
from video.sim.ptz import PtzState
from video.sim.render_yuv import Overlay
from video.sim.scene import REF_W, SceneModel, build_panorama, draw_objects, object_shapes

logger = logging.getLogger(__name__)

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
MAX_ZOOM = 4.0  # magnification at zoom = 1
# Faults that leave the rendered picture alone: the I420 fast path may run with them.
PICTURE_SAFE_FAULTS = frozenset({"disconnect", "freeze", "ptz"})


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT_PATH, size)
    except OSError:
        logger.warning("CJK font %s missing; camera names will not render", FONT_PATH)
        return ImageFont.load_default()


def text_overlay(text: str, size: int) -> Overlay:
    """Render white text with a black outline; return (BGR pixels, boolean mask)."""
    font = _font(size)
    stroke = max(1, size // 12)
    left, top, right, bottom = font.getbbox(text, stroke_width=stroke)
    img = Image.new("LA", (int(right - left) + 2, int(bottom - top) + 2), (0, 0))
    ImageDraw.Draw(img).text(
        (1 - left, 1 - top), text, font=font, fill=(255, 255), stroke_width=stroke,
        stroke_fill=(0, 255),
    )  # fmt: skip
    arr = np.asarray(img)
    mask = arr[:, :, 1] > 110
    pixels = cv2.cvtColor(np.ascontiguousarray(arr[:, :, 0]), cv2.COLOR_GRAY2BGR)
    return pixels, mask


def _paste(frame: np.ndarray, overlay: Overlay, x: int, y: int) -> None:
    pixels, mask = overlay
    h = min(pixels.shape[0], frame.shape[0] - y)
    w = min(pixels.shape[1], frame.shape[1] - x)
    if h <= 0 or w <= 0:
        return
    region = frame[y : y + h, x : x + w]
    np.copyto(region, pixels[:h, :w], where=mask[:h, :w, None])


class StreamRenderer:
    """Renders one camera's view at one resolution."""

    def __init__(
        self,
        seed: int,
        name: str,
        width: int,
        height: int,
        ptz: PtzState,
        faults: FaultSet,
        pano: np.ndarray | None = None,
    ) -> None:
        self.width, self.height = width, height
        self.ptz = ptz
        self.faults = faults
        self.model = SceneModel(seed)
        # The panorama is read-only once drawn, so renderers of one size may share it.
        self.pano = build_panorama(seed, width * 2, height * 2) if pano is None else pano
        self.scale = self.pano.shape[1] / REF_W  # panorama px per reference px
        self._picture = PictureFaults(width, height, seed)
        size = max(12, height // 24)
        self._name = text_overlay(name, size)
        self._no_signal = text_overlay("无信号", max(24, height // 8))
        self._clock_size = size / 30.0
        self._clock_thick = max(1, height // 360)
        self._clock: tuple[int, Overlay, Overlay] | None = None  # second, BGR, luma
        self._name_luma = render_yuv.luma_overlay(self._name)
        self._last: np.ndarray | None = None
        self._jitter = random.Random(seed)
        # The I420 fast path's background: crop box -> (BGR view, I420 view).
        self._background: tuple[tuple[int, int, int, int], np.ndarray, np.ndarray] | None = None

    def view_origin(self, active: frozenset[str]) -> tuple[float, float, float]:
        """Top-left corner of the view in panorama pixels and the crop width."""
        pos = self.ptz.position()
        crop_w = self.width / (1.0 + (MAX_ZOOM - 1.0) * pos.zoom)
        crop_h = crop_w * self.height / self.width
        pano_h, pano_w = self.pano.shape[:2]
        x0 = (pano_w - crop_w) / 2 * (1.0 + pos.pan)
        y0 = (pano_h - crop_h) / 2 * (1.0 - pos.tilt)
        if "scene_change" in active:  # the camera was knocked: a very different view
            x0 = (x0 + pano_w / 2) % (pano_w - crop_w)
            y0 = (y0 + pano_h / 3) % (pano_h - crop_h)
        if "jitter" in active:  # shaking mount: as far across the main and the sub stream
            shake = self.width / 640
            x0 = min(max(0.0, x0 + self._jitter.uniform(-18, 18) * shake), pano_w - crop_w)
            y0 = min(max(0.0, y0 + self._jitter.uniform(-12, 12) * shake), pano_h - crop_h)
        return x0, y0, crop_w

    def render_bgr(self, now: float) -> np.ndarray:
        """Render the picture (without OSD) for wall-clock time ``now``."""
        active = self.faults.active()
        if "signal_loss" in active:
            frame = np.empty((self.height, self.width, 3), np.uint8)
            frame[:] = (160, 40, 0)
            pixels, _ = self._no_signal
            _paste(
                frame,
                self._no_signal,
                (self.width - pixels.shape[1]) // 2,
                (self.height - pixels.shape[0]) // 2,
            )
            return frame
        ix, iy, cw, _ = box = self._crop_box(active)
        view = self._view(box)
        draw_objects(view, self.model, now, ix, iy, self.scale, self.width / cw)
        return self._picture.apply(view, active)

    def _crop_box(self, active: frozenset[str]) -> tuple[int, int, int, int]:
        """The panorama window shown: left, top, width, height in whole pixels."""
        x0, y0, crop_w = self.view_origin(active)
        crop_h = crop_w * self.height / self.width
        return int(x0), int(y0), max(2, round(crop_w)), max(2, round(crop_h))

    def _view(self, box: tuple[int, int, int, int]) -> np.ndarray:
        """The panorama window scaled to the stream size (a new array)."""
        ix, iy, cw, ch = box
        window = self.pano[iy : iy + ch, ix : ix + cw]
        if cw == self.width and ch == self.height:
            return window.copy()
        return cv2.resize(window, (self.width, self.height), interpolation=cv2.INTER_LINEAR)

    def render(self, now: float) -> np.ndarray:
        """Render the frame for ``now`` with the OSD and stamp; return a new I420 array."""
        out = np.empty((self.height * 3 // 2, self.width), np.uint8)
        self.render_into(out, now)
        return out

    def render_into(self, out: np.ndarray, now: float) -> None:
        """Render the frame for ``now`` into ``out``, an I420 array of shape (h*3/2, w).

        ``out`` may be the array of the previous call (the encoder's picture): while the
        picture is frozen it is then left as it is.
        """
        active = self.faults.active()
        if "freeze" in active and self._last is not None:
            if self._last is not out:  # the same picture, OSD and stamp included
                np.copyto(out, self._last)
            return
        if active <= PICTURE_SAFE_FAULTS:
            self._render_yuv(out, now, active)
        else:
            frame = self.render_bgr(now)
            self.draw_osd(frame, now)
            converted = cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420, dst=out)
            if converted is not out:  # OpenCV allocates instead when out does not fit
                np.copyto(out, converted)
        self._last = out

    def _render_yuv(self, out: np.ndarray, now: float, active: frozenset[str]) -> None:
        """The fast path: the same frame as the BGR path, drawn in I420 (no picture fault)."""
        box = self._crop_box(active)
        if self._background is None or self._background[0] != box:
            view = self._view(box)
            self._background = (box, view, cv2.cvtColor(view, cv2.COLOR_BGR2YUV_I420))
        _, view, background = self._background
        np.copyto(out, background)
        ix, iy, cw, _ = box
        size = (self.width, self.height)
        objects = object_shapes(self.model, now, ix, iy, self.scale, self.width / cw, size)
        render_yuv.paint_objects(out, view, objects)
        (name_x, name_y), (clock_x, clock_y) = self._osd_places(now)
        render_yuv.paste(out, self._name_luma, name_x, name_y)
        render_yuv.paste(out, self._clock_overlays(now)[1], clock_x, clock_y)
        render_yuv.burn_stamp(out, int(now * 1000))

    def _clock_overlays(self, now: float) -> tuple[Overlay, Overlay]:
        """The clock text as a BGR and a luma overlay, redrawn only when the second changes."""
        second = int(now)
        if self._clock is None or self._clock[0] != second:
            text = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
            font, scale, thick = cv2.FONT_HERSHEY_SIMPLEX, self._clock_size, self._clock_thick
            (tw, th), base = cv2.getTextSize(text, font, scale, thick + 2)
            canvas = np.zeros((th + base + 4, tw + 4), np.uint8)
            mask = np.zeros_like(canvas)
            cv2.putText(mask, text, (2, th + 2), font, scale, 255, thick + 2)
            cv2.putText(canvas, text, (2, th + 2), font, scale, 255, thick)
            overlay = (cv2.cvtColor(canvas, cv2.COLOR_GRAY2BGR), mask > 0)
            self._clock = (second, overlay, render_yuv.luma_overlay(overlay))
        return self._clock[1], self._clock[2]

    def _osd_places(self, now: float) -> tuple[tuple[int, int], tuple[int, int]]:
        """Top-left corners of the camera name and of the clock."""
        margin = max(4, self.height // 40)
        name_h = self._name[0].shape[0]
        clock_w = self._clock_overlays(now)[0][0].shape[1]
        top = margin + stamp.strip_width(self.width) // 60
        return (margin, self.height - name_h - margin), (self.width - clock_w - margin, top)

    def draw_osd(self, frame: np.ndarray, now: float) -> None:
        """Burn in the camera name, the wall clock and the machine-readable stamp."""
        (name_x, name_y), (clock_x, clock_y) = self._osd_places(now)
        _paste(frame, self._name, name_x, name_y)
        _paste(frame, self._clock_overlays(now)[0], clock_x, clock_y)
        stamp.encode(frame, int(now * 1000))
