"""The renderer's fast path: a frame drawn straight into I420 planes, no full BGR frame.

Used while no picture fault is active (nearly always). It gives the very pixels that
converting the BGR path's frame with ``cv2.COLOR_BGR2YUV_I420`` gives, at a fraction of
the cost, because that conversion is local:

- luma is a function of the pixel's own colour;
- chroma of each 2x2 block is the colour of its top-left pixel (OpenCV does not average);
  tests check both.

So the background (the PTZ crop of the panorama) is converted once per view position and
copied per frame; each moving object is drawn on a small BGR patch of the background,
aligned to the 2x2 grid, and only that patch is converted; text overlays are grey, so they
set luma through a lookup table and neutral chroma (128) where their mask covers a block's
top-left pixel.
"""

from __future__ import annotations

import cv2
import numpy as np

from video import stamp
from video.sim.scene import Shape

Overlay = tuple[np.ndarray, np.ndarray]  # (pixels, boolean mask)
NEUTRAL = 128  # chroma of any grey


def _gray_to_luma() -> np.ndarray:
    ramp = np.repeat(np.arange(256, dtype=np.uint8)[None, :], 2, axis=0)
    i420 = cv2.cvtColor(cv2.cvtColor(ramp, cv2.COLOR_GRAY2BGR), cv2.COLOR_BGR2YUV_I420)
    return np.ascontiguousarray(i420[0])


GRAY_TO_LUMA = _gray_to_luma()  # what OpenCV turns BGR (g, g, g) into
STAMP_WHITE, STAMP_BLACK = int(GRAY_TO_LUMA[255]), int(GRAY_TO_LUMA[0])


def planes(i420: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Views of the Y, U and V planes of an I420 array of shape (h*3/2, w)."""
    width = i420.shape[1]
    height = i420.shape[0] * 2 // 3
    flat = i420.reshape(-1)
    size, quarter = width * height, (width // 2) * (height // 2)
    u = flat[size : size + quarter].reshape(height // 2, width // 2)
    v = flat[size + quarter : size + 2 * quarter].reshape(height // 2, width // 2)
    return i420[:height], u, v


def luma_overlay(overlay: Overlay) -> Overlay:
    """A grey BGR overlay with its pixels turned into luma values."""
    pixels, mask = overlay
    return GRAY_TO_LUMA[pixels[:, :, 0]], mask


def paste(i420: np.ndarray, overlay: Overlay, x: int, y: int) -> None:
    """Paste a luma overlay at (x, y) (x, y >= 0): its luma and neutral chroma under the mask."""
    luma, mask = overlay
    y_plane, u, v = planes(i420)
    h = min(luma.shape[0], y_plane.shape[0] - y)
    w = min(luma.shape[1], y_plane.shape[1] - x)
    if h <= 0 or w <= 0:
        return
    np.copyto(y_plane[y : y + h, x : x + w], luma[:h, :w], where=mask[:h, :w])
    # Chroma block (i, j) takes frame pixel (2i, 2j): the first even row/column inside.
    top, left = (y + 1) // 2, (x + 1) // 2
    block_mask = mask[2 * top - y : h : 2, 2 * left - x : w : 2]
    rows, cols = block_mask.shape
    for plane in (u, v):
        np.copyto(plane[top : top + rows, left : left + cols], NEUTRAL, where=block_mask)


def burn_stamp(i420: np.ndarray, ms: int) -> None:
    """The capture-time stamp, as converting a BGR frame stamped by ``stamp.encode`` gives."""
    y_plane, u, v = planes(i420)
    stamp.encode(y_plane, ms, white=STAMP_WHITE, black=STAMP_BLACK)
    width = y_plane.shape[1]
    rows = (min(stamp.cell_size(width), y_plane.shape[0]) + 1) // 2
    cols = (min(stamp.strip_width(width), width) + 1) // 2
    u[:rows, :cols] = NEUTRAL
    v[:rows, :cols] = NEUTRAL


Box = tuple[int, int, int, int]  # left, top, right, bottom (end exclusive)


def _grid_box(shapes: list[Shape]) -> Box:
    """The box holding every pixel of the shapes, grown to the 2x2 chroma grid."""
    boxes = [shape.box() for shape in shapes]
    left, top = min(b[0] for b in boxes) & ~1, min(b[1] for b in boxes) & ~1
    right, bottom = (max(b[2] for b in boxes) + 1) & ~1, (max(b[3] for b in boxes) + 1) & ~1
    return left, top, right, bottom


def _groups(objects: list[list[Shape]]) -> list[tuple[Box, list[int]]]:
    """Objects whose boxes overlap, merged: disjoint boxes, each with its objects' indices."""
    groups: list[tuple[Box, list[int]]] = []
    for index, shapes in enumerate(objects):
        box, members = _grid_box(shapes), [index]
        merged = True
        while merged:
            merged = False
            for group in groups:
                other = group[0]
                if (
                    other[0] < box[2]
                    and box[0] < other[2]
                    and other[1] < box[3]
                    and box[1] < other[3]
                ):
                    groups.remove(group)
                    box = (
                        min(box[0], other[0]),
                        min(box[1], other[1]),
                        max(box[2], other[2]),
                        max(box[3], other[3]),
                    )
                    members += group[1]
                    merged = True
                    break
        groups.append((box, sorted(members)))
    return groups


def paint_objects(i420: np.ndarray, background: np.ndarray, objects: list[list[Shape]]) -> None:
    """Draw the objects over the I420 frame, whose BGR background is ``background``.

    Objects with overlapping boxes are drawn together, in drawing order, on one BGR patch
    of the background holding all their pixels, which is then converted. No shape is cut
    by a patch edge that is not the frame's (OpenCV's clipping would move its pixels), so
    the result is the converted full BGR frame, pixel for pixel.
    """
    height, width = background.shape[:2]
    y_plane, u, v = planes(i420)
    for (left, top, right, bottom), members in _groups(objects):
        left, top = max(0, left), max(0, top)
        right, bottom = min(width, right), min(height, bottom)
        if right <= left or bottom <= top:
            continue
        patch = background[top:bottom, left:right].copy()
        for index in members:
            for shape in objects[index]:
                shape.draw(patch, left, top)
        patch_y, patch_u, patch_v = planes(cv2.cvtColor(patch, cv2.COLOR_BGR2YUV_I420))
        y_plane[top:bottom, left:right] = patch_y
        u[top // 2 : bottom // 2, left // 2 : right // 2] = patch_u
        v[top // 2 : bottom // 2, left // 2 : right // 2] = patch_v
