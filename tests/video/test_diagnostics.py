"""Picture diagnostics on the simulator's pictures over real RTSP, one fault per camera."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import pytest

from video.diagnostics import FINDINGS, Limits, diagnose, judge, measure, reference_plane
from video.ingest import Frame, ReaderOptions, StreamReader
from video.sim.simulator import Simulator

# simulator fault -> what the diagnosis must say (camera 1 has no fault)
FAULTS = {
    "signal_loss": ("signal_loss",),
    "freeze": ("frozen",),
    "blur": ("blurred",),
    "occlusion": ("occluded",),
    "dark": ("dark",),
    "bright": ("bright",),
    "color_cast": ("colour_cast",),
    "noise": ("noisy",),
    "stripes": ("striped",),
    "jitter": ("shaking",),
    "scene_change": ("scene_changed",),
}
LATER = ("freeze", "scene_change")  # set once a sound picture was seen (the reference view)
SERIES = 6  # pictures of each camera, 0.5 s apart


MAIN = ("", "blur", "noise", "color_cast", "jitter")  # cameras whose main stream is read too


@dataclass
class Seen:
    """A camera's pictures moments apart, and the reference view of its sound picture."""

    series: list[Frame]
    reference: np.ndarray

    @property
    def first(self) -> Frame:
        return self.series[0]

    @property
    def last(self) -> Frame:
        return self.series[-1]

    def diagnose(self) -> tuple[str, ...]:
        images = [f.image for f in self.series]
        return diagnose(images[-1], images[0], series=images, reference=self.reference).findings


@pytest.fixture(scope="module")
def pictures() -> Iterator[dict[str, Seen]]:
    """Each camera's sub stream pictures over 2.5 s, keyed by its fault, and the main
    stream's of the ``MAIN`` cameras, keyed "main:<fault>"."""
    kinds = ["", *FAULTS]
    with Simulator(cameras=len(kinds), onvif=False, discovery=False) as sim:
        infos = sim.infos
        for index, kind in enumerate(kinds, start=1):
            if kind and kind not in LATER:
                sim.set_fault(index, kind)
        urls = [i.rtsp_sub for i in infos] + [infos[kinds.index(k)].rtsp_main for k in MAIN]
        kinds += [f"main:{k}" for k in MAIN]
        readers = [StreamReader(url, url, ReaderOptions()).start() for url in urls]
        try:
            for reader in readers:  # the frozen and the knocked camera show a sound picture
                reader.wait_frame(0, 10)
            time.sleep(0.3)
            sound = [r.latest() for r in readers]
            for kind in LATER:
                sim.set_fault(kinds.index(kind) + 1, kind)
            time.sleep(0.5)  # frames decoded before those faults have been replaced
            series: list[list[Frame | None]] = [[] for _ in readers]
            for step in range(SERIES):
                if step:
                    time.sleep(0.5)
                for seen, reader in zip(series, readers, strict=True):
                    seen.append(reader.latest())
        finally:
            for reader in readers:
                reader.stop()
    found = {}
    for kind, base, seen in zip(kinds, sound, series, strict=True):
        assert base is not None and all(f is not None for f in seen), kind
        found[kind] = Seen([f for f in seen if f is not None], reference_plane(base.image))
    yield found


@pytest.mark.parametrize("kind", ["", *FAULTS])
def test_each_simulated_fault_is_named_and_nothing_else(
    pictures: dict[str, Seen], kind: str
) -> None:
    seen = pictures[kind]
    assert seen.last.seq > seen.first.seq
    assert seen.diagnose() == FAULTS.get(kind, ())
    diagnosis = diagnose(seen.last.image, seen.first.image)
    assert (diagnosis.measures.width, diagnosis.measures.height) == (640, 360)
    if kind not in ("jitter", "scene_change"):  # two pictures, no reference: the same
        assert diagnosis.findings == FAULTS.get(kind, ())
        assert diagnosis.ok is (kind == "")


def test_shaking_needs_three_pictures_and_is_not_a_turning_camera(
    pictures: dict[str, Seen],
) -> None:
    """Two pictures say nothing of shaking; a PTZ turning shifts the picture all one way."""
    images = [f.image for f in pictures["jitter"].series]
    assert diagnose(images[-1], series=images[-2:]).measures.shake is None
    sound = pictures[""].last.image
    turning = [np.roll(sound, 12 * step, axis=1) for step in range(5)]  # panning right
    m = measure(turning[-1], series=turning)
    assert m.shake is not None and m.shake > 2 * Limits().shake_px
    assert m.drift is not None and m.drift > 0.95 and "shaking" not in judge(m)


def test_a_changed_scene_is_judged_on_an_otherwise_sound_picture_only(
    pictures: dict[str, Seen],
) -> None:
    """Covered, the picture matches nothing: that is the cover, not a new scene."""
    covered = pictures["occlusion"].last.image
    reference = pictures[""].reference
    m = measure(covered, reference=reference)
    assert m.likeness is not None and m.likeness < Limits().likeness
    assert judge(m) == ("occluded",)
    same = measure(pictures[""].last.image, reference=reference)
    assert same.likeness is not None and same.likeness > 2 * Limits().likeness
    assert judge(same) == ()


def test_without_an_earlier_picture_a_frozen_one_is_not_judged(
    pictures: dict[str, Seen],
) -> None:
    first, last = pictures["freeze"].first, pictures["freeze"].last
    assert diagnose(last.image).findings == ()
    assert diagnose(last.image).measures.changed is None
    assert diagnose(last.image, first.image).measures.changed == pytest.approx(0.0, abs=2e-5)


@pytest.mark.parametrize("kind", MAIN)
def test_the_main_stream_gives_the_findings_of_the_sub_stream(
    pictures: dict[str, Seen], kind: str
) -> None:
    first, last = pictures[f"main:{kind}"].first, pictures[f"main:{kind}"].last
    main = diagnose(last.image, first.image)
    sub = diagnose(pictures[kind].last.image, pictures[kind].first.image)
    if kind != "jitter":  # two pictures say nothing of shaking
        assert main.findings == sub.findings == FAULTS.get(kind, ())
    assert pictures[f"main:{kind}"].diagnose() == pictures[kind].diagnose() == FAULTS.get(kind, ())
    assert (main.measures.width, main.measures.height) == (1280, 720)
    # decimated, not averaged: a sound main stream stays well clear of the blur limit
    # (averaged, it measured 0.40 against 0.36) and snow keeps its level
    if kind == "":
        assert main.measures.sharpness > 1.3 * Limits().sharpness
    if kind == "noise":
        assert main.measures.noise == pytest.approx(sub.measures.noise, rel=0.25)


def test_a_1080p_picture_is_examined_at_640_wide(
    pictures: dict[str, Seen],
) -> None:
    for kind in ("", "blur", "stripes", "dark"):
        first, last = pictures[kind].first, pictures[kind].last
        big = cv2.resize(last.image, (1920, 1080), interpolation=cv2.INTER_NEAREST)
        earlier = cv2.resize(first.image, (1920, 1080), interpolation=cv2.INTER_NEAREST)
        diagnosis = diagnose(big, earlier)
        assert diagnosis.findings == FAULTS.get(kind, ()), kind
        assert (diagnosis.measures.width, diagnosis.measures.height) == (1920, 1080)
        with_reference = diagnose(big, reference=pictures[kind].reference).measures
        assert (with_reference.width, with_reference.height) == (1920, 1080)
        assert with_reference.offset == pytest.approx(0.0, abs=0.01)  # the same view


def test_a_ticking_clock_is_not_a_frozen_picture(
    pictures: dict[str, Seen],
) -> None:
    last = pictures["freeze"].last
    later = last.image.copy()
    cv2.putText(later, "10:00:01", (400, 40), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 255), 2)
    assert "frozen" not in diagnose(later, last.image).findings
    assert "frozen" in diagnose(last.image.copy(), last.image).findings


def test_a_black_screen_is_signal_loss_and_only_that() -> None:
    black = np.full((360, 640, 3), 6, np.uint8)
    cv2.putText(black, "CH01", (20, 340), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (255, 255, 255), 1)
    assert diagnose(black, black.copy()).findings == ("signal_loss",)


def test_limits_are_the_callers_to_tune(pictures: dict[str, Seen]) -> None:
    last = pictures["blur"].last
    measures = measure(last.image)
    assert judge(measures) == ("blurred",)
    assert judge(measures, Limits(sharpness=measures.sharpness - 0.01)) == ()
    assert set(judge(measures)) <= set(FINDINGS)


@pytest.mark.parametrize(
    "picture",
    [
        np.zeros((360, 640), np.uint8),  # grey, not BGR
        np.zeros((360, 640, 3), np.float32),
        np.zeros((20, 640, 3), np.uint8),  # smaller than one block
    ],
)
def test_a_picture_it_cannot_examine_is_a_clear_error(picture: np.ndarray) -> None:
    with pytest.raises(ValueError, match="picture"):
        diagnose(picture)
