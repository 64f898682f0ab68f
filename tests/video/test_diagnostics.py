"""Picture diagnostics on the simulator's pictures over real RTSP, one fault per camera."""

from __future__ import annotations

import time
from collections.abc import Iterator

import cv2
import numpy as np
import pytest

from video.diagnostics import FINDINGS, Limits, diagnose, judge, measure
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
}


MAIN = ("", "blur", "noise", "color_cast")  # cameras whose main stream is read as well


@pytest.fixture(scope="module")
def pictures() -> Iterator[dict[str, tuple[Frame, Frame]]]:
    """(first, later) frames of each camera's sub stream, 2.5 s apart, keyed by its fault,
    and of the main stream of the ``MAIN`` cameras, keyed "main:<fault>"."""
    kinds = ["", *FAULTS]
    with Simulator(cameras=len(kinds), onvif=False, discovery=False) as sim:
        infos = sim.infos
        for index, kind in enumerate(kinds, start=1):
            if kind and kind != "freeze":
                sim.set_fault(index, kind)
        urls = [i.rtsp_sub for i in infos] + [infos[kinds.index(k)].rtsp_main for k in MAIN]
        kinds += [f"main:{k}" for k in MAIN]
        readers = [StreamReader(url, url, ReaderOptions()).start() for url in urls]
        try:
            for reader in readers:  # the frozen camera shows a normal picture first
                reader.wait_frame(0, 10)
            sim.set_fault(kinds.index("freeze") + 1, "freeze")
            time.sleep(0.5)  # frames decoded before the freeze have been replaced
            firsts = [r.latest() for r in readers]
            time.sleep(2.5)
            lasts = [r.latest() for r in readers]
        finally:
            for reader in readers:
                reader.stop()
    found = {}
    for kind, first, last in zip(kinds, firsts, lasts, strict=True):
        assert first is not None and last is not None, kind
        found[kind] = (first, last)
    yield found


@pytest.mark.parametrize("kind", ["", *FAULTS])
def test_each_simulated_fault_is_named_and_nothing_else(
    pictures: dict[str, tuple[Frame, Frame]], kind: str
) -> None:
    first, last = pictures[kind]
    assert last.seq > first.seq
    diagnosis = diagnose(last.image, first.image)
    assert diagnosis.findings == FAULTS.get(kind, ())
    assert diagnosis.ok is (kind == "")
    assert (diagnosis.measures.width, diagnosis.measures.height) == (640, 360)


def test_without_an_earlier_picture_a_frozen_one_is_not_judged(
    pictures: dict[str, tuple[Frame, Frame]],
) -> None:
    first, last = pictures["freeze"]
    assert diagnose(last.image).findings == ()
    assert diagnose(last.image).measures.changed is None
    assert diagnose(last.image, first.image).measures.changed == pytest.approx(0.0, abs=2e-5)


@pytest.mark.parametrize("kind", MAIN)
def test_the_main_stream_gives_the_findings_of_the_sub_stream(
    pictures: dict[str, tuple[Frame, Frame]], kind: str
) -> None:
    first, last = pictures[f"main:{kind}"]
    main = diagnose(last.image, first.image)
    sub = diagnose(*(f.image for f in reversed(pictures[kind])))
    assert main.findings == sub.findings == FAULTS.get(kind, ())
    assert (main.measures.width, main.measures.height) == (1280, 720)
    # decimated, not averaged: a sound main stream stays well clear of the blur limit
    # (averaged, it measured 0.40 against 0.36) and snow keeps its level
    if kind == "":
        assert main.measures.sharpness > 1.3 * Limits().sharpness
    if kind == "noise":
        assert main.measures.noise == pytest.approx(sub.measures.noise, rel=0.25)


def test_a_1080p_picture_is_examined_at_640_wide(
    pictures: dict[str, tuple[Frame, Frame]],
) -> None:
    for kind in ("", "blur", "stripes", "dark"):
        first, last = pictures[kind]
        big = cv2.resize(last.image, (1920, 1080), interpolation=cv2.INTER_NEAREST)
        earlier = cv2.resize(first.image, (1920, 1080), interpolation=cv2.INTER_NEAREST)
        diagnosis = diagnose(big, earlier)
        assert diagnosis.findings == FAULTS.get(kind, ()), kind
        assert (diagnosis.measures.width, diagnosis.measures.height) == (1920, 1080)


def test_a_ticking_clock_is_not_a_frozen_picture(
    pictures: dict[str, tuple[Frame, Frame]],
) -> None:
    _, last = pictures["freeze"]
    later = last.image.copy()
    cv2.putText(later, "10:00:01", (400, 40), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 255), 2)
    assert "frozen" not in diagnose(later, last.image).findings
    assert "frozen" in diagnose(last.image.copy(), last.image).findings


def test_a_black_screen_is_signal_loss_and_only_that() -> None:
    black = np.full((360, 640, 3), 6, np.uint8)
    cv2.putText(black, "CH01", (20, 340), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (255, 255, 255), 1)
    assert diagnose(black, black.copy()).findings == ("signal_loss",)


def test_limits_are_the_callers_to_tune(pictures: dict[str, tuple[Frame, Frame]]) -> None:
    _, last = pictures["blur"]
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
