"""Per-stream frame renderer: PTZ crop of the panorama, moving objects, faults, OSD, stamp.

One renderer per (camera, stream); it draws directly at the stream's resolution and returns
an I420 (yuv420p) array ready for the encoder. Called from the stream's worker thread only.
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
from video.sim.faults import FaultSet
from video.sim.picture_faults import PictureFaults
from video.sim.ptz import PtzState
from video.sim.scene import REF_W, SceneModel, build_panorama, draw_objects

logger = logging.getLogger(__name__)

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
MAX_ZOOM = 4.0  # magnification at zoom = 1


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT_PATH, size)
    except OSError:
        logger.warning("CJK font %s missing; camera names will not render", FONT_PATH)
        return ImageFont.load_default()


def text_overlay(text: str, size: int) -> tuple[np.ndarray, np.ndarray]:
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


def _paste(frame: np.ndarray, overlay: tuple[np.ndarray, np.ndarray], x: int, y: int) -> None:
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
        self._clock: tuple[int, tuple[np.ndarray, np.ndarray]] | None = None
        self._last: np.ndarray | None = None
        self._jitter = random.Random(seed)

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
        if "jitter" in active:  # shaking mount
            x0 = min(max(0.0, x0 + self._jitter.uniform(-12, 12)), pano_w - crop_w)
            y0 = min(max(0.0, y0 + self._jitter.uniform(-8, 8)), pano_h - crop_h)
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
        x0, y0, crop_w = self.view_origin(active)
        crop_h = crop_w * self.height / self.width
        ix, iy = int(x0), int(y0)
        cw, ch = max(2, round(crop_w)), max(2, round(crop_h))
        window = self.pano[iy : iy + ch, ix : ix + cw]
        if cw == self.width and ch == self.height:
            view = window.copy()
        else:
            view = cv2.resize(window, (self.width, self.height), interpolation=cv2.INTER_LINEAR)
        draw_objects(view, self.model, now, ix, iy, self.scale, self.width / cw)
        return self._picture.apply(view, active)

    def render(self, now: float) -> np.ndarray:
        """Render the frame for ``now`` with the OSD and stamp; return an I420 array."""
        if "freeze" in self.faults.active() and self._last is not None:
            return self._last  # the same picture, OSD and stamp included
        frame = self.render_bgr(now)
        self.draw_osd(frame, now)
        self._last = cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420)
        return self._last

    def _clock_overlay(self, now: float) -> tuple[np.ndarray, np.ndarray]:
        """The clock text as an overlay, redrawn only when the second changes."""
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
            self._clock = (second, overlay)
        return self._clock[1]

    def draw_osd(self, frame: np.ndarray, now: float) -> None:
        """Burn in the camera name, the wall clock and the machine-readable stamp."""
        pixels, _ = self._name
        margin = max(4, self.height // 40)
        _paste(frame, self._name, margin, self.height - pixels.shape[0] - margin)
        clock = self._clock_overlay(now)
        top = margin + stamp.strip_width(self.width) // 60
        _paste(frame, clock, self.width - clock[0].shape[1] - margin, top)
        stamp.encode(frame, int(now * 1000))
