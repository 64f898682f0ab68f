"""Picture diagnostics (视频质量诊断, VQD): what is wrong with what a camera shows.

``diagnose(picture, earlier)`` looks at one decoded BGR picture (and, for a frozen picture, one
taken at least a couple of seconds before it) and names the faults maintenance staff look for:
no signal (the encoder's blue or black screen), a frozen picture, the lens covered, out of
focus, too dark, washed out, a colour cast, snow (noise) and interference stripes; given the
pictures of a few moments (``series``), a shaking picture (a loose mount in the wind); given
the camera's reference view (``reference_plane`` of a sound picture), a scene changed (the
camera knocked or turned away). Pictures are aligned by phase correlation at ``ALIGN_WIDTH``:
moving cars and people do not shift a whole picture. Each test measures one thing and compares
it with a limit in ``Limits``; the measures come back with the findings, so a report can say
how far a camera is off.

Pictures are examined at 640 pixels wide at most, so the limits hold for a sub stream and a
main stream alike. They are decimated (nearest pixel), not averaged: averaging softens edges
and hides noise, and put a sound 1280x720 main stream's sharpness at the blur limit (0.40
against 0.36, where decimated it measures 0.52-0.60 as its 640x360 sub stream does). No Qt, no
I/O: 8-9 ms a picture on one core, 12-17 ms with six pictures for shaking and a reference.

The limits were set on the project's simulator with each fault injected, keeping a wide margin
on both sides; real sites differ (night scenes, fog, a camera facing a blank wall), so
``Limits`` is a value the caller may tune per site.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

FINDINGS = (
    "signal_loss",
    "frozen",
    "occluded",
    "blurred",
    "dark",
    "bright",
    "colour_cast",
    "noisy",
    "striped",
    "shaking",
    "scene_changed",
)
MIN_SPAN_S = 2.0  # a frozen picture is judged on two pictures at least this far apart
ANALYSIS_WIDTH = 640  # pictures wider than this are decimated before they are examined
BLOCK = 40  # side of the square blocks texture is measured in, at the analysis size
ALIGN_WIDTH = 320  # pictures moments apart are aligned with each other at this width
REFERENCE_WIDTH = 160  # and with a reference view at this one (14 KB a camera, kept by many)
ALIGNED = 0.2  # an alignment answering less than this found no common picture: not counted
_NOISE_KERNEL = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)
_NOISE_SCALE = float(np.sqrt(np.pi / 2) / 6)  # Immerkær's fast noise estimate


@dataclass(frozen=True)
class Limits:
    """Where each measure turns into a finding."""

    flat_std: float = 4.0  # a block whose luma deviates less than this has no texture
    signal_flat: float = 0.75  # share of textureless blocks on an encoder's no-signal screen
    covered: float = 0.5  # share of the picture one uniform patch covers when occluded
    dark_median: float = 40.0  # luma; dark when the median and the 90th percentile are
    dark_p90: float = 80.0  # both below these
    bright_median: float = 200.0  # washed out when the median and the 10th percentile are
    bright_p10: float = 150.0  # both above these
    sharpness: float = 0.36  # blurred below this (edge strength over local contrast)
    textured: float = 0.1  # focus is judged only when this share of blocks has texture
    cast_distance: float = 15.0  # colour cast: mean chroma this far from grey (Lab units)
    cast_factor: float = 1.5  # and this many times the spread of the picture's chroma
    noise_sigma: float = 10.0  # snow: estimated noise level in luma levels
    stripe_correlation: float = 0.65  # stripes: row profile repeats this strongly
    stripe_amplitude: float = 8.0  # with bands at least this strong (luma levels)
    frozen_changed: float = 0.00002  # frozen: under this share of pixels changed by
    frozen_step: int = 64  # this many levels or more (a ticking OSD clock changes far more)
    shake_px: float = 3.0  # shaking: pictures moments apart shift this much (pixels at 640
    shake_drift: float = 0.8  # wide, median) and not all one way: net shift over total below
    likeness: float = 0.25  # scene changed: the picture matches its reference less than this,
    moved: float = 0.06  # or matches it shifted by this share of its width or height


@dataclass(frozen=True)
class Measures:
    """What was measured; ``changed`` is None when no earlier picture was given."""

    width: int  # the picture's own size
    height: int
    brightness: float  # median luma
    dark_level: float  # 10th and 90th percentiles of luma
    light_level: float
    flat_share: float  # share of blocks without texture
    covered_share: float  # share of the picture the largest uniform patch covers
    sharpness: float  # edge strength over local contrast in the sharpest tenth of blocks
    textured_share: float
    noise: float  # estimated noise level, luma levels
    cast: float  # distance of the mean chroma from grey, Lab units
    cast_factor: float  # that distance over the chroma's spread
    stripes: float  # how strongly the row profile repeats (autocorrelation, 0-1)
    stripe_amplitude: float
    changed: float | None  # share of pixels changed a lot since the earlier picture
    colour: tuple[int, int, int] = (0, 0, 0)  # median blue, green, red
    shake: float | None = None  # median shift between pictures moments apart (px at 640 wide)
    drift: float | None = None  # their net shift over the sum of their shifts (1: all one way)
    likeness: float | None = None  # how well the picture matches its reference view (0-1)
    offset: float | None = None  # its shift from the reference, share of its width or height


@dataclass(frozen=True)
class Diagnosis:
    """The findings (in ``FINDINGS`` order, empty when the picture looks right)."""

    findings: tuple[str, ...]
    measures: Measures

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.findings


def _analysis_size(picture: np.ndarray) -> np.ndarray:
    height, width = picture.shape[:2]
    if width <= ANALYSIS_WIDTH:
        return picture
    size = (ANALYSIS_WIDTH, max(2, round(height * ANALYSIS_WIDTH / width)))
    return np.asarray(cv2.resize(picture, size, interpolation=cv2.INTER_NEAREST))


def _blocks(plane: np.ndarray) -> np.ndarray:
    """The plane cut into BLOCK x BLOCK tiles: shape (rows, cols, BLOCK, BLOCK)."""
    height = plane.shape[0] - plane.shape[0] % BLOCK
    width = plane.shape[1] - plane.shape[1] % BLOCK
    cut = plane[:height, :width]
    return cut.reshape(height // BLOCK, BLOCK, width // BLOCK, BLOCK).swapaxes(1, 2)


def _covered_share(means: np.ndarray, flat: np.ndarray) -> float:
    """Share of all blocks in the largest group of textureless blocks of one brightness."""
    if not flat.any():
        return 0.0
    bins = np.bincount((means[flat] // 16).astype(np.int64), minlength=17)
    pairs = bins[:-1] + bins[1:]  # neighbouring bins: a patch near a bin edge stays whole
    return float(pairs.max()) / means.size


def _stripes(luma: np.ndarray) -> tuple[float, float]:
    """How strongly the detrended row profile repeats, and the bands' amplitude."""
    rows = luma.mean(axis=1)
    detail = rows - cv2.blur(rows.reshape(-1, 1), (1, 15)).ravel()
    detail -= detail.mean()
    energy = float((detail * detail).sum())
    if energy <= 1e-6 or detail.size < 48:
        return 0.0, 0.0
    lags = range(3, min(41, detail.size // 2))
    correlation = max(float((detail[:-lag] * detail[lag:]).sum()) / energy for lag in lags)
    return correlation, float(detail.std())


def _changed(picture: np.ndarray, earlier: np.ndarray, step: int) -> float:
    """Share of pixels whose luma changed by ``step`` levels or more."""
    now = cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)
    before = cv2.cvtColor(earlier, cv2.COLOR_BGR2GRAY)
    if before.shape != now.shape:
        before = cv2.resize(before, (now.shape[1], now.shape[0]), interpolation=cv2.INTER_AREA)
    return float(np.count_nonzero(cv2.absdiff(now, before) >= step)) / now.size


def _plane(picture: np.ndarray, width: int) -> np.ndarray:
    """A picture's grey plane at ``width`` (uint8), what pictures are aligned by."""
    grey = cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY) if picture.ndim == 3 else picture
    height = max(2, round(grey.shape[0] * width / grey.shape[1]))
    return np.asarray(cv2.resize(grey, (width, height), interpolation=cv2.INTER_AREA))


def reference_plane(picture: np.ndarray) -> np.ndarray:
    """A camera's reference view from a sound picture of it: its grey plane at
    ``REFERENCE_WIDTH`` (uint8, 14,400 bytes at 16:9: a city's cameras can all have one)."""
    return _plane(picture, REFERENCE_WIDTH)


def _align(before: np.ndarray, after: np.ndarray) -> tuple[float, float, float]:
    """(dx, dy) of ``after`` against ``before`` in pixels at 640 wide, and how well they
    match when so shifted (the phase correlation's peak, about 1 for the same picture)."""
    if before.shape != after.shape:
        before = cv2.resize(before, (after.shape[1], after.shape[0]), interpolation=cv2.INTER_AREA)
    window = cv2.createHanningWindow((after.shape[1], after.shape[0]), cv2.CV_32F)
    (dx, dy), response = cv2.phaseCorrelate(
        before.astype(np.float32), after.astype(np.float32), window
    )
    scale = ANALYSIS_WIDTH / after.shape[1]
    return dx * scale, dy * scale, float(response)


def _shake(series: list[np.ndarray]) -> tuple[float | None, float | None]:
    """Median shift between consecutive pictures, and net shift over total shift."""
    planes = [_plane(p, ALIGN_WIDTH) for p in series]
    shifts = []
    for before, after in itertools.pairwise(planes):
        dx, dy, response = _align(before, after)
        if response >= ALIGNED:
            shifts.append((dx, dy))
    if len(shifts) < 2:
        return None, None
    lengths = [float(np.hypot(dx, dy)) for dx, dy in shifts]
    total = sum(lengths)
    net = float(np.hypot(sum(dx for dx, _ in shifts), sum(dy for _, dy in shifts)))
    return float(np.median(lengths)), (net / total if total > 1e-6 else 0.0)


def measure(
    picture: np.ndarray,
    earlier: np.ndarray | None = None,
    limits: Limits = Limits(),
    series: Sequence[np.ndarray] = (),
    reference: np.ndarray | None = None,
) -> Measures:
    """Measure a BGR picture (HxWx3 uint8); ``earlier``, when given, for a frozen picture;
    ``series`` (three or more pictures moments apart, in time order) for a shaking one;
    ``reference`` (``reference_plane`` of a sound picture of the camera) for a changed
    scene."""
    if picture.ndim != 3 or picture.shape[2] != 3 or picture.dtype != np.uint8:
        raise ValueError(f"a BGR uint8 picture is needed, not {picture.dtype} {picture.shape}")
    height, width = picture.shape[:2]
    if height < BLOCK or width < BLOCK:
        raise ValueError(f"a picture of at least {BLOCK}x{BLOCK} is needed, not {width}x{height}")
    small = _analysis_size(picture)
    luma = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.float32)
    dark, median, light = (float(v) for v in np.percentile(luma, [10, 50, 90]))
    blocks = _blocks(luma)
    spread = blocks.std(axis=(2, 3))
    means = blocks.mean(axis=(2, 3))
    flat = spread < limits.flat_std
    textured = spread > 2 * limits.flat_std
    edges = _blocks(np.abs(cv2.Laplacian(luma, cv2.CV_32F, ksize=1))).mean(axis=(2, 3))
    ratio = edges[textured] / (spread[textured] + 1.0)
    sharpness = float(np.percentile(ratio, 90)) if ratio.size else 0.0
    residual = np.abs(cv2.filter2D(luma, -1, _NOISE_KERNEL))[1:-1, 1:-1]
    noise = float(np.percentile(_blocks(residual).mean(axis=(2, 3)), 25)) * _NOISE_SCALE
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB)
    chroma_a = lab[:, :, 1].astype(np.float32) - 128.0
    chroma_b = lab[:, :, 2].astype(np.float32) - 128.0
    mean_a, mean_b = float(chroma_a.mean()), float(chroma_b.mean())
    cast = float(np.hypot(mean_a, mean_b))
    chroma_spread = float(
        np.hypot(np.abs(chroma_a - mean_a).mean(), np.abs(chroma_b - mean_b).mean())
    )
    stripes, amplitude = _stripes(luma)
    changed = None
    if earlier is not None:
        changed = _changed(small, _analysis_size(earlier), limits.frozen_step)
    blue, green, red = (int(v) for v in np.median(small.reshape(-1, 3), axis=0))
    shake, drift = _shake(list(series)) if len(series) >= 3 else (None, None)
    likeness = offset = None
    if reference is not None:
        plane = _plane(picture, reference.shape[1])  # at the reference's own size
        dx, dy, likeness = _align(reference, plane)
        tall = ANALYSIS_WIDTH * plane.shape[0] / plane.shape[1]  # at 640 wide, as dx and dy
        offset = max(abs(dx) / ANALYSIS_WIDTH, abs(dy) / tall)
    return Measures(
        width=width,
        height=height,
        brightness=median,
        dark_level=dark,
        light_level=light,
        flat_share=float(flat.mean()),
        covered_share=_covered_share(means, flat),
        sharpness=sharpness,
        textured_share=float(textured.mean()),
        noise=noise,
        cast=cast,
        cast_factor=cast / (chroma_spread + 1e-6),
        stripes=stripes,
        stripe_amplitude=amplitude,
        changed=changed,
        colour=(blue, green, red),
        shake=shake,
        drift=drift,
        likeness=likeness,
        offset=offset,
    )


def _no_signal(m: Measures, limits: Limits) -> bool:
    """The encoder's own screen for a lost input: nearly uniform blue, or black."""
    if m.flat_share < limits.signal_flat:
        return False
    blue, green, red = m.colour
    return (blue >= 100 and blue - red >= 60 and blue - green >= 60) or m.light_level < 20


def judge(m: Measures, limits: Limits = Limits()) -> tuple[str, ...]:
    """The findings the measures amount to, in ``FINDINGS`` order."""
    if _no_signal(m, limits):
        return ("signal_loss",)
    found: set[str] = set()
    if m.changed is not None and m.changed < limits.frozen_changed:
        found.add("frozen")
    covered = m.covered_share >= limits.covered
    if covered:
        found.add("occluded")
    if m.brightness < limits.dark_median and m.light_level < limits.dark_p90:
        found.add("dark")
    elif m.brightness > limits.bright_median and m.dark_level > limits.bright_p10:
        found.add("bright")
    noisy = m.noise > limits.noise_sigma
    if noisy:
        found.add("noisy")
    judged = not covered and not noisy and m.textured_share >= limits.textured
    if judged and m.sharpness < limits.sharpness:
        found.add("blurred")
    if m.cast > limits.cast_distance and m.cast_factor > limits.cast_factor:
        found.add("colour_cast")
    strong = m.stripe_amplitude >= limits.stripe_amplitude
    if strong and m.stripes >= limits.stripe_correlation:
        found.add("striped")
    steady = m.drift is None or m.drift >= limits.shake_drift  # all one way: a PTZ turning
    if m.shake is not None and m.shake >= limits.shake_px and not steady:
        found.add("shaking")
    # a scene is judged on an otherwise sound picture only: a fault of its own changes it too
    likeness = m.likeness if m.likeness is not None else 1.0
    moved = m.offset is not None and m.offset >= limits.moved
    if not found and (likeness < limits.likeness or moved):
        found.add("scene_changed")
    return tuple(kind for kind in FINDINGS if kind in found)


def diagnose(
    picture: np.ndarray,
    earlier: np.ndarray | None = None,
    limits: Limits = Limits(),
    series: Sequence[np.ndarray] = (),
    reference: np.ndarray | None = None,
) -> Diagnosis:
    """Diagnose a BGR picture; ``earlier`` (a picture of the same camera taken at least
    two seconds before, so an OSD clock has ticked) lets a frozen picture be found,
    ``series`` a shaking one and ``reference`` a changed scene (see ``measure``)."""
    m = measure(picture, earlier, limits, series, reference)
    return Diagnosis(judge(m, limits), m)


def explain(
    finding: str, m: Measures, limits: Limits, span_s: float | None = None
) -> tuple[str, tuple[float, ...]]:
    """Why ``finding`` was made: an English template (``%1``, ``%2``: the measure, its
    limit; the console translates it, context PictureCheck) and its values. ``span_s``: how
    far apart the two pictures of a frozen one were."""
    table: dict[str, tuple[str, tuple[float, ...]]] = {
        "signal_loss": ("the picture is one flat colour (%1 % of it)", (m.flat_share * 100,)),
        "frozen": ("the picture did not change in %1 s", (span_s or MIN_SPAN_S,)),
        "occluded": ("one flat patch covers %1 % of the picture", (m.covered_share * 100,)),
        "blurred": ("sharpness %1, below %2", (m.sharpness, limits.sharpness)),
        "dark": ("brightness %1 of 255, below %2", (m.brightness, limits.dark_median)),
        "bright": ("brightness %1 of 255, above %2", (m.brightness, limits.bright_median)),
        "colour_cast": ("colour cast %1, above %2", (m.cast, limits.cast_distance)),
        "noisy": ("noise %1 levels, above %2", (m.noise, limits.noise_sigma)),
        "striped": ("bands repeat at %1 correlation", (m.stripes,)),
        "shaking": ("the picture shifts %1 px from moment to moment", (m.shake or 0.0,)),
        "scene_changed": _scene_explained(m, limits),
    }
    return table[finding]


def _scene_explained(m: Measures, limits: Limits) -> tuple[str, tuple[float, ...]]:
    if m.offset is not None and m.offset >= limits.moved:
        return ("the view moved %1 % from its reference picture", (m.offset * 100,))
    return (
        "the view matches its reference picture %1, below %2",
        (m.likeness or 0.0, limits.likeness),
    )


def fill(template: str, values: tuple[float, ...]) -> str:
    """``template`` with ``%1``, ``%2``… replaced by ``values`` (whole above 10, else two
    decimals)."""
    for i, value in enumerate(values, start=1):
        template = template.replace(f"%{i}", f"{value:.0f}" if abs(value) >= 10 else f"{value:.2f}")
    return template
