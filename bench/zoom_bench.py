"""What a zoomed or maximised tile's picture costs its reader thread, per frame.

A 1920x1080 main stream (yuv420p, as cameras decode) zoomed 2x and 4x into a 16-wall tile
(476x268) and a maximised one (1600x900): the view cut from the YUV planes and converted and
scaled in one swscale pass (``console.pictures.source_picture``), against the baseline
measured in the same run: the whole picture converted to BGRA, then the view cut and scaled
(as until 2026-11-30). Median of 9 rounds of 60 frames each.

And a maximised tile, not zoomed, shown smaller than its 1920x1080 main stream: area-averaged
by swscale (``source_picture`` since 2026-11-30), against the baseline of nearest-neighbour
sampling after converting every pixel (as before, and as the wall's small tiles still are),
with each one's PSNR to the frame area-averaged by OpenCV.

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
    maximised()


def nearest(frame: Any, target: Any, reformatter: Any, crop: Any = None) -> Any:
    """The baseline for large tiles: every pixel converted, then sampled to the tile."""
    source = frame.source
    out = reformatter.reformat(source, source.width, source.height, "bgra", threads=1)
    rows = plane_view(out.planes[0], out.height, out.width, 4)
    return cv2.resize(rows, target, interpolation=cv2.INTER_NEAREST_EXACT)


def psnr(got: Any, frame: Frame) -> float:
    """dB from the frame area-averaged to ``got``'s size (BGR channels)."""
    got = np.asarray(got)[:, :, :3].astype(float)
    whole = frame.source.to_ndarray(format="bgr24")
    area = cv2.resize(whole, (got.shape[1], got.shape[0]), interpolation=cv2.INTER_AREA)
    return float(10 * np.log10(255**2 / np.mean((got - area) ** 2)))


def picture_pixels(picture: Any) -> Any:
    width, height = picture.size
    bits = np.frombuffer(picture.image.constBits(), np.uint8)
    rows = bits.reshape(height, picture.image.bytesPerLine())[:, : width * 4]
    return rows.reshape(height, width, 4)


def detailed_frames() -> list[Frame]:
    """Thin lines and characters, moving a little each frame (what sampling breaks up)."""
    frames = []
    for n in range(60):
        image = np.full((1080, 1920, 3), 90, np.uint8)
        for x in range(-n, 1920, 7):
            cv2.line(image, (x, 0), (x + 300, 1080), (40, 200, x % 256), 1)
        for y in range(40, 1080, 60):
            text = f"SHAAN C {12345 + n} 2026-11-30"
            cv2.putText(image, text, (20 + n, y), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (255,) * 3, 2)
        source = av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv420p")
        frames.append(Frame(image=None, seq=n, decoded_at=0.0, decode_ms=0.0, source=source))
    return frames


def maximised() -> None:
    frames = detailed_frames()
    print("maximised 1920x1080 main stream (thin lines, characters), not zoomed: ms per frame,")
    print("PSNR to the frame area-averaged by OpenCV")
    for target in ((1600, 900), (1100, 618), (768, 432)):
        ours = per_frame_ms(source_picture, frames, target, None)
        base = per_frame_ms(nearest, frames, target, None)
        ours_db = psnr(
            picture_pixels(source_picture(frames[0], target, VideoReformatter())), frames[0]
        )
        base_db = psnr(nearest(frames[0], target, VideoReformatter()), frames[0])
        tile = f"{target[0]}x{target[1]}"
        print(
            f"  {tile:>10}: area-averaged {ours:.2f} ms, {ours_db:.1f} dB; "
            f"baseline nearest {base:.2f} ms, {base_db:.1f} dB (time ratio {ours / base:.2f})"
        )


if __name__ == "__main__":
    main()
