"""The renderer's I420 fast path against the BGR path, and the encoder's reused picture.

The fast path is built to give the very pixels of the BGR path converted with OpenCV (see
``video/sim/render_yuv.py``), so the comparisons below are exact, not within a tolerance:
any drift (a shape drawn a pixel off, a colour converted differently) fails them.
"""

from __future__ import annotations

import av
import cv2
import numpy as np
import pytest

from video import stamp
from video.ingest.opener import luma_view
from video.sim.encoder import H264Encoder
from video.sim.faults import FAULT_KINDS, FaultSet
from video.sim.ptz import PtzState
from video.sim.render import PICTURE_SAFE_FAULTS, StreamRenderer
from video.sim.render_yuv import paint_objects, planes
from video.sim.scene import Shape, object_shapes

NOW = 1_790_000_000.0
NAME = "王益区七一路路口-01"


def _renderer(width: int = 640, height: int = 360, seed: int = 1) -> StreamRenderer:
    return StreamRenderer(seed, NAME, width, height, PtzState(), FaultSet())


def _bgr_path(r: StreamRenderer, now: float) -> np.ndarray:
    frame = r.render_bgr(now)
    r.draw_osd(frame, now)
    return np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420))


def _busy_instant(r: StreamRenderer) -> float:
    """An instant at which a car and at least two pedestrians are in the view."""
    box = r._crop_box(frozenset())
    size = (r.width, r.height)
    t = NOW
    while True:
        objects = object_shapes(r.model, t, box[0], box[1], r.scale, r.width / box[2], size)
        cars = sum(1 for shapes in objects if shapes[0].kind == "rect" and len(shapes) == 4)
        if cars and len(objects) - cars >= 2:
            return t
        t += 0.5


@pytest.mark.parametrize(("width", "height"), [(640, 360), (1280, 720)])
@pytest.mark.parametrize(("pan", "tilt", "zoom"), [(0.0, 0.0, 0.0), (0.3, -0.2, 0.45)])
def test_fast_path_gives_the_bgr_path_pixels(
    width: int, height: int, pan: float, tilt: float, zoom: float
) -> None:
    r = _renderer(width, height)
    r.ptz.absolute_move(pan, tilt, zoom)
    t = _busy_instant(r)
    fast = r.render(t)
    slow = _bgr_path(r, t)
    assert fast.shape == (height * 3 // 2, width)
    # The picture really holds objects, name and clock: it differs from the bare background.
    assert r._background is not None
    body = slice(height // 10, height)
    assert np.count_nonzero(fast[body] != r._background[2][body]) > width * height // 200
    assert np.array_equal(fast, slow)
    assert stamp.decode(fast[:height]) == int(t * 1000)  # from luma
    assert stamp.decode(cv2.cvtColor(fast, cv2.COLOR_YUV2BGR_I420)) == int(t * 1000)


def test_fast_path_matches_over_many_instants_and_views() -> None:
    r = _renderer(seed=5)
    for k in range(60):
        r.ptz.absolute_move((k % 7) / 3 - 1, (k % 5) / 2 - 1, (k % 4) / 3)
        t = NOW + k * 37.3
        assert np.array_equal(r.render(t), _bgr_path(r, t)), k


def test_overlapping_objects_are_drawn_in_order() -> None:
    r = _renderer()
    view = r._view(r._crop_box(frozenset()))
    # The first object's box overlaps the second's; the second must end up on top.
    first = [Shape("rect", (100, 100), (140, 160), (0, 0, 255))]
    second = [
        Shape("line", (120, 110), (131, 171), (255, 0, 0), 3),
        Shape("circle", (135, 101), (135, 101), (0, 255, 0), 9),
    ]
    expected = view.copy()
    for shape in [*first, *second]:
        shape.draw(expected)
    out = np.asarray(cv2.cvtColor(view, cv2.COLOR_BGR2YUV_I420))
    paint_objects(out, view, [first, second])
    assert np.array_equal(out, cv2.cvtColor(expected, cv2.COLOR_BGR2YUV_I420))


def test_background_is_rebuilt_when_the_ptz_moves() -> None:
    r = _renderer()
    first = r.render(NOW)
    assert r._background is not None
    cached = r._background[2]
    again = r.render(NOW + 0.04)
    assert r._background[2] is cached  # same view: not rebuilt
    r.ptz.absolute_move(0.6, 0.3, 0.2)
    moved = r.render(NOW + 0.08)
    assert r._background[2] is not cached
    body = slice(40, 360)  # below the stamp and clock
    assert np.abs(moved[body].astype(int) - again[body].astype(int)).mean() > 10
    assert np.array_equal(moved, _bgr_path(r, NOW + 0.08))
    assert not np.array_equal(first, moved)


PICTURE_FAULTS = (
    "signal_loss", "blur", "occlusion", "dark", "bright", "color_cast", "noise", "stripes",
    "scene_change", "jitter",
)  # fmt: skip


def test_every_fault_kind_is_either_a_picture_fault_or_picture_safe() -> None:
    assert set(PICTURE_FAULTS) | PICTURE_SAFE_FAULTS == set(FAULT_KINDS)
    assert not set(PICTURE_FAULTS) & PICTURE_SAFE_FAULTS


@pytest.mark.parametrize("kind", PICTURE_FAULTS)
def test_a_picture_fault_takes_the_bgr_path(kind: str) -> None:
    fast, slow = _renderer(), _renderer()  # same seed: same noise, stripes and shake
    for r in (fast, slow):
        r.faults.set(kind, True)
    t = _busy_instant(fast)
    out = fast.render(t)
    assert np.array_equal(out, _bgr_path(slow, t))
    fast.faults.set(kind, False)
    assert np.array_equal(fast.render(t), _bgr_path(_renderer(), t))


def test_bgr_path_renders_into_the_encoders_picture() -> None:
    r, ref = _renderer(), _renderer()
    enc = H264Encoder(640, 360)
    for kind in ("noise", "stripes"):
        r.faults.set(kind, True)
        ref.faults.set(kind, True)
    r.render_into(enc.picture, NOW)
    assert np.array_equal(enc.picture, ref.render(NOW))


def test_picture_safe_faults_leave_the_picture_alone() -> None:
    r = _renderer()
    for kind in PICTURE_SAFE_FAULTS - {"freeze"}:
        r.faults.set(kind, True)
    assert np.array_equal(r.render(NOW), _bgr_path(_renderer(), NOW))


def test_freeze_keeps_the_picture_in_a_reused_buffer_and_copies_to_another() -> None:
    r = _renderer()
    buffer = np.zeros((540, 640), np.uint8)
    r.render_into(buffer, NOW)
    frozen = buffer.copy()
    r.faults.set("freeze", True)
    r.render_into(buffer, NOW + 3.0)
    assert np.array_equal(buffer, frozen)
    other = np.zeros_like(buffer)
    r.render_into(other, NOW + 4.0)
    assert np.array_equal(other, frozen)


def test_opencv_takes_chroma_from_each_blocks_top_left_pixel() -> None:
    """The fast path relies on this (and on luma being per pixel)."""
    rng = np.random.default_rng(3)
    img = rng.integers(0, 256, size=(64, 96, 3), dtype=np.uint8)
    blocky = np.repeat(np.repeat(img[::2, ::2], 2, axis=0), 2, axis=1)
    full, tl = (cv2.cvtColor(a, cv2.COLOR_BGR2YUV_I420) for a in (img, blocky))
    assert np.array_equal(full[64:], tl[64:])
    gray = cv2.cvtColor(np.full((2, 2, 3), 77, np.uint8), cv2.COLOR_BGR2YUV_I420)
    assert gray[2:].tolist() == [[128, 128]]  # grey has neutral chroma


def test_planes_are_views_of_the_i420_array() -> None:
    i420 = np.arange(540 * 640, dtype=np.uint32).astype(np.uint8).reshape(540, 640)
    y, u, v = planes(i420)
    assert y.shape == (360, 640) and u.shape == v.shape == (180, 320)
    assert all(np.shares_memory(p, i420) for p in (y, u, v))
    assert np.array_equal(u.ravel(), i420.ravel()[230400:288000])
    assert np.array_equal(v.ravel(), i420.ravel()[288000:])


def test_encoder_picture_is_copied_at_encode_each_frame_decodes_to_its_own_render() -> None:
    r = _renderer()
    enc = H264Encoder(640, 360, gop=5)
    dec = av.CodecContext.create("h264", "r")
    times = [NOW + i * 1.37 for i in range(12)]  # different stamps, clocks and objects
    rendered, decoded = [], []
    for i, t in enumerate(times):
        r.render_into(enc.picture, t)
        rendered.append(enc.picture.copy())
        for unit in enc.encode(enc.picture, force_idr=i == 0):
            data = b"".join(b"\x00\x00\x00\x01" + nal for nal in unit.nals)
            decoded.extend(dec.decode(av.Packet(data)))
    decoded.extend(dec.decode(None))
    assert len(decoded) == len(times)
    for i, (frame, t) in enumerate(zip(decoded, times, strict=True)):
        luma = luma_view(frame)
        assert stamp.decode(luma) == int(t * 1000), i
        assert stamp.decode(frame.to_ndarray(format="bgr24")) == int(t * 1000), i
        own = np.abs(luma.astype(int) - rendered[i][:360].astype(int)).mean()
        assert own < 3, i  # ultrafast x264 at this bitrate: ~1 level off on average
        if i + 1 < len(times):
            nxt = np.abs(luma.astype(int) - rendered[i + 1][:360].astype(int)).mean()
            assert own < nxt, i


def test_encoder_accepts_any_i420_array_and_forced_idr_does_not_stick() -> None:
    enc = H264Encoder(640, 360, gop=50)
    r = _renderer()
    keys = []
    for i in range(6):
        r.render_into(enc.picture, NOW + i * 0.04)
        keys += [u.keyframe for u in enc.encode(enc.picture, force_idr=i == 1)]
    keys += [u.keyframe for u in enc.encode(r.render(NOW + 1.0))]
    assert keys == [True, True, False, False, False, False, False]
