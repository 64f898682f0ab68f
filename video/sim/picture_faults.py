"""Picture faults: lens and sensor trouble applied to a rendered view.

Applied to the BGR view before the overlays (name, clock, stamp) are burned in, like a real
camera whose lens or sensor misbehaves while its OSD still works.
"""

from __future__ import annotations

import cv2
import numpy as np


class PictureFaults:
    """Applies lens/sensor faults to views of one size (caches noise and stripe patterns)."""

    def __init__(self, width: int, height: int, seed: int) -> None:
        self.width, self.height = width, height
        rng = np.random.default_rng(seed)
        # A few precomputed snow frames, cycled: generating noise per frame costs too much.
        self._snow = [rng.integers(0, 256, size=(height, width), dtype=np.uint8) for _ in range(4)]
        period = max(2, height // 90)  # thin interference lines
        rows = (np.arange(height) // period) % 2 == 0
        self._stripe_rows = np.nonzero(rows)[0]
        self._tick = 0

    def apply(self, view: np.ndarray, active: frozenset[str]) -> np.ndarray:
        """Return the view with the active picture faults applied (may modify ``view``)."""
        self._tick += 1
        if "blur" in active:
            k = max(3, (self.width // 40) | 1)
            view = cv2.blur(view, (k, k))
        if "dark" in active:
            view = cv2.convertScaleAbs(view, alpha=0.18, beta=0)
        if "bright" in active:
            view = cv2.convertScaleAbs(view, alpha=0.35, beta=175)
        if "color_cast" in active:
            view[:, :, 2] = cv2.convertScaleAbs(view[:, :, 2], alpha=1.0, beta=110)  # red cast
            view[:, :, 0] = cv2.convertScaleAbs(view[:, :, 0], alpha=0.5)
        if "noise" in active:
            snow = self._snow[self._tick % len(self._snow)]
            view = cv2.addWeighted(view, 0.35, cv2.cvtColor(snow, cv2.COLOR_GRAY2BGR), 0.65, 0)
        if "stripes" in active:
            shift = self._tick % (2 * max(2, self.height // 90))  # they roll
            rows = (self._stripe_rows + shift) % self.height
            view[rows] = (view[rows] // 4 + 150).astype(np.uint8)
        if "occlusion" in active:
            # Something (a bag, a hand, spray) covers most of the lens.
            x1, y1 = int(self.width * 0.93), int(self.height * 0.95)
            view[int(self.height * 0.04) : y1, int(self.width * 0.05) : x1] = (28, 30, 32)
        return view
