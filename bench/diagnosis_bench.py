"""Picture diagnostics: the CPU of one ``diagnose`` call against decoding one frame.

Prints, in one run, for the sub stream (640x360) and the main stream (the simulator's
1280x720) of the same cameras:
- CPU milliseconds per ``video.diagnostics.diagnose(picture, earlier)`` call on real decoded
  BGR pictures (``StreamReader``, BGR out, as ``xueliang camera diagnose`` takes them), the
  earlier picture 2.5 s before; some cameras fault-free, some with a simulated fault;
- the baseline: CPU milliseconds to decode one frame of the same stream (PyAV, one decoder
  thread as our reader uses, over packets recorded from it: about 4 s of each camera from a
  key frame), and the same plus the reader's BGR conversion;
- the ratio diagnosis / decode per frame;
- what a patrol (巡检) pays: one diagnosis per 4 s check, as a share of one core per check
  running and for the maintenance view's patrol (two checks at once), and as a share of
  the check's own decoding (4 s of frames).
These headline figures are over the fault-free cameras (what most cameras are): a fault
changes the picture and so both costs (snow makes a frame 20x dearer to decode). Then the
same over every camera, and by camera its findings (a sanity check), CPU and sharpness.
The simulator's scenes are simpler than a street (fewer bits a frame), so its decoding is
cheaper than a real camera's at the same size: the ratio is on the high side.

The simulator runs in this process to record pictures and packets, and is stopped before
anything is measured: CPU is this process's time (``time.process_time``, all threads) with
nothing else running in it. OpenCV runs on one thread (``cv2.setNumThreads(1)``, as the
simulator and the console set it). Figures are medians over ``--rounds`` rounds.

    .venv/bin/python bench/diagnosis_bench.py [--seconds 5] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import av
import cv2
import numpy as np
from av.codec.context import Flags
from av.video.codeccontext import VideoCodecContext
from av.video.reformatter import VideoReformatter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from video.diagnostics import Limits, diagnose, reference_plane  # noqa: E402
from video.ingest import ReaderOptions, StreamReader  # noqa: E402
from video.ingest.opener import open_stream, to_bgr  # noqa: E402
from video.sim.simulator import Simulator  # noqa: E402

# per camera; each is compared with a reference view of its own first picture, as costly as
# any (a changed scene is found in the tests: its reference must come before the fault)
FAULTS = ("", "", "", "blur", "noise", "stripes", "dark", "signal_loss", "freeze", "jitter")
SERIES = 6  # pictures a shaking one is judged on (the patrol's ticks over its check)
APART_S = 2.5  # the earlier picture is this much older (the CLI's default)
STEP_S = 0.5  # pictures are taken this often
CHECK_S = 4.0  # one patrol check decodes this long
PATROL_AT_ONCE = 2  # checks the maintenance view's patrol runs at once
FPS = 25


@dataclass
class Recording:
    """One stream's packets from a key frame, and what decoding them needs."""

    codec: str
    extradata: bytes | None
    packets: list[bytes]


def pictures(urls: list[str], seconds: float) -> list[list[np.ndarray]]:
    """Per URL, its BGR pictures every ``STEP_S`` for ``seconds`` (a copy each)."""
    readers = [
        StreamReader(url, f"bench{n}", ReaderOptions()).start() for n, url in enumerate(urls)
    ]
    try:
        for reader in readers:
            reader.wait_ready(15)
        taken: list[list[np.ndarray]] = [[] for _ in urls]
        for _ in range(round(seconds / STEP_S) + 1):
            for shots, reader in zip(taken, readers, strict=True):
                frame = reader.latest()
                assert frame is not None
                shots.append(frame.image.copy())
            time.sleep(STEP_S)
        return taken
    finally:
        for reader in readers:
            reader.request_stop()
        for reader in readers:
            reader.join(10)


def record(url: str, count: int) -> Recording:
    """``count`` packets of ``url`` from its first key frame on."""
    container, stream = open_stream(url, ReaderOptions())
    try:
        ctx = stream.codec_context
        packets: list[bytes] = []
        for packet in container.demux(stream):
            if packet.size and (packets or packet.is_keyframe):
                packets.append(bytes(packet))
                if len(packets) == count:
                    break
        extradata = ctx.extradata
        return Recording(ctx.name, bytes(extradata) if extradata else None, packets)
    finally:
        container.close()


def decode_cpu(recordings: list[Recording], convert: bool) -> tuple[float, int]:
    """(CPU seconds, frames) decoding every recording once on a fresh decoder, one thread;
    with ``convert`` also to BGR as the reader does (swscale, one thread, kept context)."""
    frames = 0
    started = time.process_time()
    for rec in recordings:
        ctx = cast(VideoCodecContext, av.CodecContext.create(rec.codec, "r"))
        if rec.extradata:
            ctx.extradata = rec.extradata
        ctx.thread_count = 1  # as the reader decodes (video.ingest.opener.open_stream)
        ctx.flags |= Flags.low_delay
        reformatter = VideoReformatter()
        for data in [*rec.packets, None]:
            for frame in ctx.decode(av.Packet(data) if data is not None else None):
                frames += 1
                if convert:
                    to_bgr(frame, None, reformatter)
    return time.process_time() - started, frames


def diagnose_cpu(pairs: list[tuple[np.ndarray, np.ndarray]]) -> float:
    """CPU seconds for one ``diagnose(later, earlier)`` of every pair."""
    started = time.process_time()
    for later, earlier in pairs:
        diagnose(later, earlier)
    return time.process_time() - started


Full = tuple[np.ndarray, np.ndarray, list[np.ndarray], np.ndarray]


def full_cpu(sets: list[Full]) -> float:
    """CPU seconds for one ``diagnose(later, earlier, series, reference)`` of every set."""
    started = time.process_time()
    for later, earlier, series, reference in sets:
        diagnose(later, earlier, series=series, reference=reference)
    return time.process_time() - started


def median_of(rounds: int, measure: Callable[[], float]) -> float:
    """The median of ``rounds`` measurements, after one warm-up."""
    measure()
    return statistics.median(measure() for _ in range(rounds))


@dataclass
class Camera:
    """One camera's figures on one stream profile: CPU seconds over its pictures/frames."""

    fault: str
    calls: int
    diag_s: float
    full_s: float  # with the series and the reference view as well
    frames: int
    dec_s: float
    bgr_s: float
    findings: Counter[str]
    sharpness: tuple[float, float]  # lowest and highest over its pictures


def measure_camera(
    fault: str, shots: list[np.ndarray], rec: Recording, lag: int, rounds: int
) -> Camera:
    """Diagnosis and decoding CPU of one camera's pictures and packets."""
    pairs = [(shots[k], shots[k - lag]) for k in range(lag, len(shots))]
    step = max(1, lag // (SERIES - 1))
    reference = reference_plane(shots[0])
    sets: list[Full] = [
        (shots[k], shots[k - lag], shots[k - lag : k + 1 : step], reference)
        for k in range(lag, len(shots))
    ]
    said = [diagnose(a, b, series=c, reference=d) for a, b, c, d in sets]
    findings = Counter(", ".join(d.findings) or "ok" for d in said)
    sharpness = [d.measures.sharpness for d in said]
    return Camera(
        fault=fault or "no fault",
        calls=len(pairs),
        diag_s=median_of(rounds, lambda: diagnose_cpu(pairs)),
        full_s=median_of(rounds, lambda: full_cpu(sets)),
        frames=decode_cpu([rec], False)[1],
        dec_s=median_of(rounds, lambda: decode_cpu([rec], False)[0]),
        bgr_s=median_of(rounds, lambda: decode_cpu([rec], True)[0]),
        findings=findings,
        sharpness=(min(sharpness), max(sharpness)),
    )


def per_call_ms(cameras: list[Camera]) -> tuple[float, float, float]:
    """(diagnose, decode, decode + BGR) CPU milliseconds per call or frame over ``cameras``."""
    calls, frames = sum(c.calls for c in cameras), sum(c.frames for c in cameras)
    return (
        1000 * sum(c.diag_s for c in cameras) / calls,
        1000 * sum(c.dec_s for c in cameras) / frames,
        1000 * sum(c.bgr_s for c in cameras) / frames,
    )


def report(profile: str, size: str, cameras: list[Camera]) -> None:
    """Print one profile's figures: the fault-free cameras first (what most cameras are)."""
    clean = [c for c in cameras if c.fault == "no fault"]
    diag_ms, dec_ms, bgr_ms = per_call_ms(clean)
    all_diag_ms, all_dec_ms, _ = per_call_ms(cameras)
    calls, frames = sum(c.calls for c in clean), sum(c.frames for c in clean)
    print(f"{profile} stream {size}, the {len(clean)} fault-free cameras:")
    print(f"  diagnose            {diag_ms:6.2f} ms per call ({calls} calls)")
    full_ms = 1000 * sum(c.full_s for c in clean) / calls
    print(f"  diagnose, with {SERIES} pictures for shaking and a reference view: {full_ms:6.2f} ms")
    print(f"  decode one frame    {dec_ms:6.2f} ms ({frames} frames, PyAV, 1 thread)")
    print(f"  decode + BGR        {bgr_ms:6.2f} ms (the reader's per-frame work)")
    print(
        f"  diagnosis / decode  {diag_ms / dec_ms:6.1f}x (/ decode + BGR {diag_ms / bgr_ms:.1f}x)"
    )
    share = diag_ms / (10 * CHECK_S)  # per cent of one core
    check_ms = CHECK_S * FPS * dec_ms
    print(
        f"  patrol, 1 diagnosis per {CHECK_S:g} s check: {share:.2f} % of a core per check "
        f"running, {PATROL_AT_ONCE * share:.2f} % with {PATROL_AT_ONCE} at once; "
        f"+{100 * diag_ms / check_ms:.0f} % on the check's own decoding "
        f"({CHECK_S * FPS:.0f} frames, {check_ms:.0f} ms)"
    )
    print(
        f"  all {len(cameras)} cameras: diagnose {all_diag_ms:.2f} ms, decode {all_dec_ms:.2f} ms"
        f" a frame, {all_diag_ms / all_dec_ms:.1f}x; by camera: findings, diagnose, decode, "
        f"sharpness (blurred under {Limits().sharpness:g})"
    )
    for c in cameras:
        print(
            f"    {c.fault:<11} {dict(c.findings)}  {1000 * c.diag_s / c.calls:.2f} ms, "
            f"{1000 * c.dec_s / c.frames:.2f} ms, {c.sharpness[0]:.2f}-{c.sharpness[1]:.2f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="pictures taken per camera")
    parser.add_argument("--rounds", type=int, default=3, help="rounds measured (median)")
    args = parser.parse_args()
    cv2.setNumThreads(1)
    faults = [(n, kind) for n, kind in enumerate(FAULTS, start=1) if kind]
    lag = round(APART_S / STEP_S)
    packets = round(CHECK_S * FPS)
    shots: dict[str, list[list[np.ndarray]]] = {}
    recordings: dict[str, list[Recording]] = {}
    with Simulator(cameras=len(FAULTS), faults=faults, onvif=False, discovery=False) as sim:
        for profile in ("sub", "main"):  # one profile at a time: the simulator shares the CPU
            urls = [getattr(info, f"rtsp_{profile}") for info in sim.infos]
            shots[profile] = pictures(urls, args.seconds)
            with ThreadPoolExecutor(len(urls)) as pool:
                recordings[profile] = list(pool.map(lambda u: record(u, packets), urls))
    print(
        f"{len(FAULTS)} cameras ({', '.join(k or 'no fault' for k in FAULTS)}), earlier "
        f"picture {APART_S:g} s before, CPU medians of {args.rounds} rounds"
    )
    for profile in ("sub", "main"):
        cameras = [
            measure_camera(fault, camera_shots, rec, lag, args.rounds)
            for fault, camera_shots, rec in zip(
                FAULTS, shots[profile], recordings[profile], strict=True
            )
        ]
        height, width = shots[profile][0][0].shape[:2]
        report(profile, f"{width}x{height}", cameras)
    return 0


if __name__ == "__main__":
    sys.exit(main())
