"""The simulator's picture: scene, PTZ view, OSD, stamp, and every picture fault's effect."""

from __future__ import annotations

import itertools
import time

import cv2
import numpy as np
import pytest

from video import stamp
from video.errors import UnknownFaultError, VideoError
from video.sim.camera import SimCamera, default_name
from video.sim.events import TOPIC_MOTION, TOPIC_TAMPER
from video.sim.faults import FAULT_KINDS, FaultSet
from video.sim.ptz import PtzState, PtzUnresponsiveError
from video.sim.render import StreamRenderer
from video.sim.scene import SceneModel

NOW = 1_790_000_000.0


def _renderer(width: int = 640, height: int = 360, seed: int = 1) -> StreamRenderer:
    return StreamRenderer(seed, "王益区七一路路口-01", width, height, PtzState(), FaultSet())


def _bgr(r: StreamRenderer, now: float = NOW) -> np.ndarray:
    return cv2.cvtColor(r.render(now), cv2.COLOR_YUV2BGR_I420)


def _sharpness(img: np.ndarray) -> float:
    return float(cv2.Laplacian(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (640, 360)])
def test_renders_i420_at_stream_size_with_stamp(width: int, height: int) -> None:
    r = _renderer(width, height)
    i420 = r.render(NOW)
    assert i420.shape == (height * 3 // 2, width)
    assert r.pano.shape[:2] == (height * 2, width * 2)  # drawn at this scale, not downscaled
    assert stamp.decode(_bgr(r)) == int(NOW * 1000)


def test_picture_is_a_street_not_flat_and_differs_per_camera() -> None:
    a, b = _bgr(_renderer(seed=1)), _bgr(_renderer(seed=2))
    assert float(a.std()) > 25
    assert float(np.abs(a.astype(int) - b.astype(int)).mean()) > 10


def test_name_is_burned_in_bottom_left() -> None:
    r = _renderer()
    blank = StreamRenderer(1, "", 640, 360, PtzState(), FaultSet())
    diff = np.abs(_bgr(r).astype(int) - _bgr(blank).astype(int)).sum(axis=2)
    assert diff[300:, :320].mean() > diff[300:, 320:].mean() + 5


def test_cars_move_over_time() -> None:
    model = SceneModel(3)
    t = NOW
    while not model.cars(t):
        t += 1.0
    x0 = model.cars(t)[0].x
    assert model.cars(t + 0.5)[0].x != x0


def test_ptz_moves_the_view() -> None:
    r = _renderer()
    before = _bgr(r)
    r.ptz.absolute_move(0.8, 0.5, 0.0)
    panned = _bgr(r)
    r.ptz.absolute_move(0.8, 0.5, 1.0)
    zoomed = _bgr(r)
    body = slice(20, None)  # ignore the stamp row
    assert np.abs(before[body].astype(int) - panned[body].astype(int)).mean() > 10
    assert np.abs(panned[body].astype(int) - zoomed[body].astype(int)).mean() > 10


def _with_fault(kind: str, now: float = NOW) -> tuple[np.ndarray, np.ndarray]:
    r = _renderer()
    normal = r.render_bgr(now)
    r.faults.set(kind, True)
    return normal, r.render_bgr(now)


def test_blur_lowers_sharpness() -> None:
    normal, faulty = _with_fault("blur")
    assert _sharpness(faulty) < _sharpness(normal) / 4


def test_dark_and_bright_move_the_mean() -> None:
    normal, dark = _with_fault("dark")
    assert dark.mean() < normal.mean() / 3
    normal, bright = _with_fault("bright")
    assert bright.mean() > normal.mean() + 60


def test_occlusion_covers_most_of_the_view() -> None:
    normal, faulty = _with_fault("occlusion")
    gray = cv2.cvtColor(faulty, cv2.COLOR_BGR2GRAY)
    assert (np.abs(gray.astype(int) - int(np.median(gray))) < 4).mean() > 0.8
    assert faulty.std() < normal.std()


def test_color_cast_shifts_red() -> None:
    normal, faulty = _with_fault("color_cast")

    def red_minus_blue(img: np.ndarray) -> float:
        return float(img[:, :, 2].mean() - img[:, :, 0].mean())

    assert red_minus_blue(faulty) > red_minus_blue(normal) + 60


def test_noise_raises_high_frequency_energy() -> None:
    normal, faulty = _with_fault("noise")
    assert _sharpness(faulty) > 5 * _sharpness(normal)


def test_stripes_make_rows_alternate() -> None:
    normal, faulty = _with_fault("stripes")

    def row_jumps(img: np.ndarray) -> float:
        rows = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY).mean(axis=1)
        return float(np.abs(np.diff(rows)).mean())

    assert row_jumps(faulty) > 3 * row_jumps(normal)


def test_scene_change_shows_another_view() -> None:
    normal, faulty = _with_fault("scene_change")
    assert np.abs(normal.astype(int) - faulty.astype(int)).mean() > 20


def test_signal_loss_is_a_blue_screen() -> None:
    _, faulty = _with_fault("signal_loss")
    b, g, r = (float(faulty[:, :, i].mean()) for i in range(3))
    assert b > 120 and b > 2 * g and b > 2 * r


def test_freeze_repeats_the_same_frame_stamp_included() -> None:
    r = _renderer()
    r.render(NOW)
    r.faults.set("freeze", True)
    assert np.array_equal(r.render(NOW + 1.0), r.render(NOW + 5.0))
    r.faults.set("freeze", False)
    assert stamp.decode(_bgr(r, NOW + 6.0)) == int((NOW + 6.0) * 1000)


def test_jitter_shakes_the_view() -> None:
    r = _renderer()
    r.faults.set("jitter", True)
    frames = [r.render_bgr(NOW) for _ in range(4)]  # same instant: only the shake differs
    assert any(not np.array_equal(frames[0], f) for f in frames[1:])


def test_ptz_fault_makes_the_head_unresponsive_and_publishes_nothing_else() -> None:
    cam = SimCamera(1)
    cam.set_fault("ptz", True)
    with pytest.raises(PtzUnresponsiveError):
        cam.ptz.continuous_move(0.5, 0.0)
    cam.set_fault("ptz", False)
    cam.ptz.absolute_move(0.2, 0.0)
    assert cam.ptz.position().pan == pytest.approx(0.2)


def test_tamper_events_follow_occlusion_and_scene_change() -> None:
    cam = SimCamera(2)
    cam.set_fault("occlusion", True)
    cam.set_fault("scene_change", True)
    cam.set_fault("occlusion", False)
    cam.set_fault("scene_change", False)
    tamper = [e.state for e in cam.events.since(0) if e.topic == TOPIC_TAMPER]
    assert tamper == [True, False]


def test_motion_events_follow_cars_a_few_times_a_minute() -> None:
    cam = SimCamera(5)
    for step in range(0, 600):  # 5 minutes of simulated time at the ticker's 0.5 s
        cam.update_motion(NOW + step * 0.5)
    motion = [e for e in cam.events.since(0, limit=1000) if e.topic == TOPIC_MOTION]
    rises = sum(1 for e in motion if e.state)
    assert 5 <= rises <= 20  # about 2–3 cars a minute
    assert all(a.state != b.state for a, b in itertools.pairwise(motion))


def test_unknown_fault_is_a_video_error_with_the_known_kinds() -> None:
    with pytest.raises(UnknownFaultError) as info:
        FaultSet().set("smoke", True)
    assert isinstance(info.value, VideoError)
    assert "blur" in str(info.value)
    assert len(FAULT_KINDS) == 13


def test_default_names_are_chinese_and_numbered() -> None:
    assert default_name(1) == "王益区七一路路口-01"
    assert default_name(12).endswith("-12")


def test_render_cost_is_sane() -> None:
    r = _renderer()
    r.render(NOW)
    start = time.perf_counter()
    for i in range(25):
        r.render(NOW + i * 0.04)
    assert time.perf_counter() - start < 2.0  # generous: figures live in bench/
