"""The simulated street: a pre-drawn panorama per camera plus moving cars and pedestrians.

Everything moving is a pure function of wall-clock time and the camera's seed, so the
renderer (any stream, any resolution) and the motion-event ticker agree without sharing
state. Panorama coordinates use a reference size of REF_W x REF_H; each stream draws its
own panorama at its own scale (never render large and downscale).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np

REF_W, REF_H = 2560, 1440  # reference panorama: twice the main stream in each direction
LANES_Y = (820, 930, 1040, 1150)  # car centre lines (reference px)
SIDEWALK_Y = (700, 1290)  # pedestrian foot lines (reference px)
MOTION_ZONE = (960, 1600)  # x range watched by the motion "detector" (reference px)
CAR_SPEED = 420.0  # reference px per second
CAR_LEN, CAR_H = 260, 90


@dataclass(frozen=True)
class Car:
    """A car at one instant, in reference panorama coordinates."""

    x: float  # left edge
    lane_y: int
    direction: int  # +1 left-to-right, -1 right-to-left
    color: tuple[int, int, int]


@dataclass(frozen=True)
class Walker:
    """A pedestrian at one instant, in reference panorama coordinates."""

    x: float
    foot_y: int
    step: int  # 0/1 leg phase
    color: tuple[int, int, int]


class SceneModel:
    """Deterministic traffic of one camera: cars on a schedule, pedestrians pacing."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed * 7919 + 17)
        self.seed = seed
        self.car_period = rng.uniform(18.0, 28.0)  # a car crosses every period seconds
        self.car_phase = rng.uniform(0.0, self.car_period)
        self.walkers = [
            (
                rng.uniform(0, REF_W),
                rng.uniform(25.0, 55.0) * rng.choice((-1, 1)),
                SIDEWALK_Y[i % 2],
                _color(rng),
            )
            for i in range(3)
        ]
        self._car_colors = [_color(rng) for _ in range(8)]

    def cars(self, t: float) -> list[Car]:
        """Cars visible anywhere on the panorama at time ``t`` (seconds since the epoch)."""
        travel = (REF_W + 2 * CAR_LEN) / CAR_SPEED
        out = []
        k_now = int((t + self.car_phase) // self.car_period)
        for k in range(k_now - int(travel // self.car_period) - 1, k_now + 1):
            age = t + self.car_phase - k * self.car_period
            if not 0.0 <= age <= travel:
                continue
            direction = 1 if k % 2 == 0 else -1
            lane = LANES_Y[(k % 2) * 2 + (k // 2) % 2]
            dist = age * CAR_SPEED - CAR_LEN
            x = dist if direction > 0 else REF_W - dist - CAR_LEN
            out.append(Car(x, lane, direction, self._car_colors[k % len(self._car_colors)]))
        return out

    def walkers_at(self, t: float) -> list[Walker]:
        """Pedestrians at time ``t``."""
        out = []
        for x0, v, foot_y, color in self.walkers:
            x = (x0 + v * t) % REF_W
            out.append(Walker(x, foot_y, int(t * 3) % 2, color))
        return out

    def motion(self, t: float) -> bool:
        """True while a car is inside the motion zone."""
        lo, hi = MOTION_ZONE
        return any(c.x + CAR_LEN > lo and c.x < hi for c in self.cars(t))


def _color(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randint(30, 230), rng.randint(30, 230), rng.randint(30, 230))


def build_panorama(seed: int, width: int, height: int) -> np.ndarray:
    """Draw the static street (sky, buildings, trees, road, lanes) as a BGR image."""
    rng = random.Random(seed)
    sx, sy = width / REF_W, height / REF_H
    pano = np.empty((height, width, 3), np.uint8)
    # Sky: vertical gradient, slightly tinted per camera.
    horizon = int(640 * sy)
    tint = rng.randint(-15, 15)
    ramp = np.linspace(0.0, 1.0, horizon)[:, None]
    top, bottom = np.array([200, 150 + tint, 90]), np.array([235, 225, 215])
    pano[:horizon] = (top * (1 - ramp) + bottom * ramp).astype(np.uint8)[:, None, :]
    # Ground.
    pano[horizon:] = (150, 155, 150)

    def rect(x0: float, y0: float, x1: float, y1: float, color: tuple[int, int, int]) -> None:
        p0 = (int(x0 * sx), int(y0 * sy))
        p1 = (int(x1 * sx), int(y1 * sy))
        cv2.rectangle(pano, p0, p1, color, -1)

    # Buildings with window grids.
    x = -rng.randint(0, 120)
    while x < REF_W:
        w = rng.randint(160, 360)
        top_y = rng.randint(120, 470)
        shade = rng.randint(90, 200)
        color = (shade, shade + rng.randint(-20, 20), shade + rng.randint(-10, 30))
        rect(x, top_y, x + w - 12, 640, color)
        win = (shade // 2 + 20, shade // 2 + 30, shade // 2 + 40)
        for wy in range(top_y + 25, 600, 55):
            for wx in range(x + 20, x + w - 40, 50):
                lit = rng.random() < 0.15
                rect(wx, wy, wx + 26, wy + 32, (120, 220, 240) if lit else win)
        x += w
    # Sidewalks, curbs, road.
    rect(0, 640, REF_W, 760, (175, 180, 182))
    rect(0, 1240, REF_W, REF_H, (170, 176, 178))
    rect(0, 760, REF_W, 1240, (72, 74, 76))
    rect(0, 752, REF_W, 766, (210, 210, 210))
    rect(0, 1234, REF_W, 1248, (210, 210, 210))
    for lane_line in (875, 1095):
        for dx in range(0, REF_W, 160):
            rect(dx, lane_line - 4, dx + 90, lane_line + 4, (230, 230, 230))
    rect(0, 981, REF_W, 989, (40, 200, 235))  # double yellow centre line
    rect(0, 995, REF_W, 1003, (40, 200, 235))
    zebra_x = rng.randint(500, 1900)
    for zy in range(780, 1230, 40):
        rect(zebra_x, zy, zebra_x + 180, zy + 22, (225, 225, 225))
    # Trees along the upper sidewalk.
    for tx in range(rng.randint(40, 200), REF_W, rng.randint(260, 380)):
        rect(tx - 8, 600, tx + 8, 700, (40, 60, 90))
        center = (int(tx * sx), int(570 * sy))
        radius = max(2, int(rng.randint(55, 80) * sx))
        cv2.circle(pano, center, radius, (50, 120 + rng.randint(0, 40), 50), -1)
    # Static sensor texture so the picture is not flat (fixed, so it costs nothing per frame).
    grain = np.random.default_rng(seed).integers(0, 5, size=(height, width), dtype=np.uint8)
    textured: np.ndarray = cv2.add(pano, cv2.merge((grain, grain, grain)))
    return textured


@dataclass(frozen=True)
class Shape:
    """One OpenCV primitive of a moving object, in view pixels.

    ``rect``: filled, corners ``a`` and ``b`` (inclusive); ``circle``: filled, centre ``a``,
    radius ``size``; ``line``: from ``a`` to ``b``, ``size`` pixels thick.
    """

    kind: str
    a: tuple[int, int]
    b: tuple[int, int]
    color: tuple[int, int, int]
    size: int = 0

    def draw(self, frame: np.ndarray, dx: int = 0, dy: int = 0) -> None:
        """Draw onto ``frame`` whose top-left corner is view pixel ``(dx, dy)``."""
        a = (self.a[0] - dx, self.a[1] - dy)
        if self.kind == "circle":
            cv2.circle(frame, a, self.size, self.color, -1)
            return
        b = (self.b[0] - dx, self.b[1] - dy)
        if self.kind == "rect":
            cv2.rectangle(frame, a, b, self.color, -1)
        else:
            cv2.line(frame, a, b, self.color, self.size)

    def box(self) -> tuple[int, int, int, int]:
        """A rectangle ``(left, top, right, bottom)`` (end exclusive) holding every pixel."""
        if self.kind == "circle":
            r = self.size + 1
            return self.a[0] - r, self.a[1] - r, self.a[0] + r + 1, self.a[1] + r + 1
        pad = self.size // 2 + 2 if self.kind == "line" else 0
        left, right = sorted((self.a[0], self.b[0]))
        top, bottom = sorted((self.a[1], self.b[1]))
        return left - pad, top - pad, right + pad + 1, bottom + pad + 1


def object_shapes(
    model: SceneModel, t: float, x0: float, y0: float, scale: float, k: float, size: tuple[int, int]
) -> list[list[Shape]]:
    """The primitives of each car and pedestrian visible in a view of ``size`` (w, h).

    ``(x0, y0)`` is the view's top-left corner in panorama pixels, ``scale`` panorama pixels
    per reference pixel, ``k`` view pixels per panorama pixel. Drawn in order, object by
    object, they make the picture.
    """
    width, height = size
    f = scale * k
    out: list[list[Shape]] = []

    def pt(x: float, y: float) -> tuple[int, int]:
        return int((x * scale - x0) * k), int((y * scale - y0) * k)

    for car in model.cars(t):
        left, top = pt(car.x, car.lane_y - CAR_H / 2)
        right, bottom = pt(car.x + CAR_LEN, car.lane_y + CAR_H / 2)
        if right < 0 or left >= width or bottom < 0 or top >= height:
            continue
        cab = int(CAR_LEN * 0.3 * f)
        mid = (left + right) // 2
        r = max(1, int(16 * f))
        out.append(
            [
                Shape("rect", (left, top), (right, bottom), car.color),
                Shape("rect", (mid - cab, top + 2), (mid + cab, top + int(28 * f)), (60, 50, 40)),
                *(
                    Shape("circle", (wx, bottom), (wx, bottom), (20, 20, 20), r)
                    for wx in (left + int(50 * f), right - int(50 * f))
                ),
            ]
        )
    for w in model.walkers_at(t):
        fx, fy = pt(w.x, w.foot_y)
        if fx < -20 or fx >= width + 20 or fy < 0 or fy >= height + 80:
            continue
        body = max(2, int(60 * f))
        half = max(1, int(9 * f))
        stride = half if w.step else -half
        head = (fx, fy - body - half)
        out.append(
            [
                Shape("rect", (fx - half, fy - body), (fx + half, fy - body // 2), w.color),
                Shape(
                    "line", (fx, fy - body // 2), (fx + stride, fy), (40, 40, 40), max(1, half // 2)
                ),
                Shape("circle", head, head, (150, 180, 220), max(1, int(11 * f))),
            ]
        )
    return out


def draw_objects(
    frame: np.ndarray, model: SceneModel, t: float, x0: float, y0: float, scale: float, k: float
) -> None:
    """Draw cars and pedestrians onto a view (arguments as for ``object_shapes``)."""
    height, width = frame.shape[:2]
    for shapes in object_shapes(model, t, x0, y0, scale, k, (width, height)):
        for shape in shapes:
            shape.draw(frame)
