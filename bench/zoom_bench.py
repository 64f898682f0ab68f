"""What a zoomed tile's picture costs its reader thread, per frame.

A 1920x1080 main stream (yuv420p, as cameras decode) zoomed 2x and 4x into a 16-wall tile
(476x268) and a maximised one (1600x900): the view cut from the YUV planes and converted and
scaled in one swscale pass (``console.pictures.source_picture``), against the baseline
measured in the same run: the whole picture converted to BGRA, then the view cut and scaled
(as until 2026-11-30). Median of 9 rounds of 60 frames each.

    .venv/bin/python bench/zoom_bench.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from av.video.reformatter import VideoReformatter  # noqa: E402

from console.pictures import _zoomed, plane_view, source_picture  # noqa: E402
from video.ingest.models import Frame  # noqa: E402


def whole_then_cut(frame: Any, target: Any, reformatter: Any, crop: Any) -> Any:
    """The baseline: every pixel converted, then the view cut and scaled."""
    source = frame.source
    out = reformatter.reformat(source, source.width, source.height, "bgra", threads=1)
    rows = plane_view(out.planes[0], out.height, out.width, 4)
    return _zoomed(frame, rows, crop, target, None)


def per_frame_ms(make: Any, frames: list[Frame], target: Any, crop: Any) -> float:
    reformatter = VideoReformatter()
    rounds = []
    for _ in range(9):
        began = time.perf_counter()
        for frame in frames:
            make(frame, target, reformatter, crop=crop)
        rounds.append((time.perf_counter() - began) * 1000 / len(frames))
    return statistics.median(rounds)


def main() -> None:
    rng = np.random.default_rng(1)
    frames = []
    for n in range(60):  # a textured picture, a little different each frame
        image = cv2.GaussianBlur(rng.integers(0, 256, (1080, 1920, 3), dtype=np.uint8), (7, 7), 2)
        source = av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv420p")
        frames.append(Frame(image=None, seq=n, decoded_at=0.0, decode_ms=0.0, source=source))
    print("zoomed 1920x1080 main stream, ms per frame on the reader thread (median of 9)")
    print(
        f"{'zoom':>5} {'tile':>10} {'view cut from YUV':>18} "
        f"{'baseline: all BGRA':>19} {'ratio':>6}"
    )
    for factor in (2, 4):
        side = 1 / factor
        crop = ((1 - side) / 2, (1 - side) / 2, side, side)
        for target in ((476, 268), (1600, 900)):
            ours = per_frame_ms(source_picture, frames, target, crop)
            base = per_frame_ms(whole_then_cut, frames, target, crop)
            tile = f"{target[0]}x{target[1]}"
            print(f"{factor:>4}x {tile:>10} {ours:>18.2f} {base:>19.2f} {ours / base:>6.2f}")


if __name__ == "__main__":
    main()
