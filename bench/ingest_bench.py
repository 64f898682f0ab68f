"""Ingest benchmark: our readers vs ffmpeg on 16 simulated sub streams, in one run.

Starts its own simulator (``xueliang sim --cameras 16``) and prints a figure table:

- CPU of reading 16 sub streams (640×360, 25 fps) with our ``StreamReader`` (PyAV, BGR out,
  stamp decoded) in a subprocess, as a ratio to ``ffmpeg -rtsp_transport tcp -i URL -f null -``
  on the same 16 streams (goal ≤ 1.10). OpenCV's FFmpeg backend is measured the same way
  (the PyAV-vs-OpenCV choice).
- time to first frame: one stream alone (median of 5 opens) and 16 opened at once (goal ≤ 0.5 s)
- glass-to-glass latency p50/p95 from the frame stamp (goal p95 ≤ 100 ms)
- simulator CPU per 640×360 stream: its CPU time / streams / wall time (goal ≤ 7 % of a core)

    .venv/bin/python bench/ingest_bench.py [--streams 16] [--seconds 10] [--json]

CPU is process CPU time (user+system, all threads) over a window that starts after every
stream is live and warmed up. The machine's other load adds noise: compare rows of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLK_TCK = os.sysconf("SC_CLK_TCK")
WARMUP_S = 2.0
FFMPEG = ["ffmpeg", "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp"]


def proc_cpu_s(pid: int) -> float:
    """CPU seconds (user+system, all threads) of a live process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


# --- worker side (runs in a subprocess) ------------------------------------------------------
def worker_pyav(urls: list[str], seconds: float, gray: bool = False) -> dict[str, object]:
    """Read every URL with StreamReader; measure own CPU over the window after warm-up."""
    from video.ingest import Frame, ReaderOptions, StreamReader

    latencies: list[float] = []
    lock = threading.Lock()

    def on_frame(frame: Frame) -> None:
        if frame.latency_ms is not None:
            with lock:
                latencies.append(frame.latency_ms)

    options = ReaderOptions(stamp=True, gray=gray)
    readers = [StreamReader(u, f"s{i}", options, on_frame) for i, u in enumerate(urls)]
    for reader in readers:
        reader.start()
    try:
        for reader in readers:
            reader.wait_ready(20)
        first = [reader.stats().first_frame_s or 0.0 for reader in readers]
        time.sleep(WARMUP_S)
        with lock:
            latencies.clear()
        frames0 = sum(r.stats().frames for r in readers)
        cpu0, wall0 = time.process_time(), time.monotonic()
        time.sleep(seconds)
        cpu1, wall1 = time.process_time(), time.monotonic()
        frames = sum(r.stats().frames for r in readers) - frames0
        errors = sum(r.stats().decode_errors for r in readers)
    finally:
        for reader in readers:
            reader.request_stop()
        for reader in readers:
            reader.join(10)
    with lock:
        samples = sorted(latencies)
    return {
        "cpu_s": cpu1 - cpu0,
        "wall_s": wall1 - wall0,
        "frames": frames,
        "decode_errors": errors,
        "first_frame_s": first,
        "latency_ms": samples,
    }


def worker_opencv(urls: list[str], seconds: float) -> dict[str, object]:
    """Read every URL with cv2.VideoCapture (FFmpeg backend, same open options), a thread each."""
    os.environ["OPENCV_FFMPEG_CAPTURE_OPTIONS"] = (
        "rtsp_transport;tcp|probesize;32|analyzeduration;0"
    )
    import cv2

    stop = threading.Event()
    counts = [0] * len(urls)
    first = [float("nan")] * len(urls)
    opened = threading.Semaphore(0)

    def read(index: int, url: str) -> None:
        started = time.monotonic()
        cap = cv2.VideoCapture(url, cv2.CAP_FFMPEG)
        if cap.read()[0]:
            first[index] = time.monotonic() - started
        opened.release()
        while not stop.is_set() and cap.read()[0]:  # read continuously: no backlog builds up
            counts[index] += 1
        cap.release()

    threads = [threading.Thread(target=read, args=(i, u)) for i, u in enumerate(urls)]
    for thread in threads:
        thread.start()
    for _ in threads:
        opened.acquire(timeout=60)
    time.sleep(WARMUP_S)
    frames0 = sum(counts)
    cpu0, wall0 = time.process_time(), time.monotonic()
    time.sleep(seconds)
    cpu1, wall1 = time.process_time(), time.monotonic()
    frames = sum(counts) - frames0
    stop.set()
    for thread in threads:
        thread.join(10)
    return {"cpu_s": cpu1 - cpu0, "wall_s": wall1 - wall0, "frames": frames, "first_frame_s": first}


def first_frame_alone(url: str, repeats: int = 5) -> list[float]:
    """Time from start to first frame of one reader, opened ``repeats`` times in turn."""
    from video.ingest import StreamReader

    times = []
    for _ in range(repeats):
        with StreamReader(url, "alone") as reader:
            reader.wait_ready(20)
            times.append(reader.stats().first_frame_s or 0.0)
        time.sleep(0.3)
    return times


# --- parent side ---------------------------------------------------------------------------
def start_sim(streams: int) -> tuple[subprocess.Popen[str], list[dict[str, str]]]:
    """Start ``xueliang sim`` and read its camera lines."""
    code = "import sys; from console.cli import main; sys.exit(main())"
    cmd = [sys.executable, "-c", code, "sim", "--cameras", str(streams), "--no-onvif"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    cams = [json.loads(proc.stdout.readline()) for _ in range(streams)]
    return proc, cams


def run_worker(kind: str, urls: list[str], seconds: float, sim_pid: int) -> dict[str, object]:
    """Run a reading worker in a subprocess; add the simulator's CPU over the same run."""
    cmd = [sys.executable, __file__, "--worker", kind, "--seconds", str(seconds), *urls]
    sim0, wall0 = proc_cpu_s(sim_pid), time.monotonic()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    result["sim_cpu_s"], result["sim_wall_s"] = proc_cpu_s(sim_pid) - sim0, time.monotonic() - wall0
    return result


def _ffmpeg_frames(progress: Path) -> int:
    """The last ``frame=`` count ffmpeg wrote to its -progress file."""
    try:
        lines = progress.read_text().splitlines()
    except FileNotFoundError:
        return 0
    counts = [int(line[6:]) for line in lines if line.startswith("frame=")]
    return counts[-1] if counts else 0


def run_ffmpeg(urls: list[str], seconds: float, sim_pid: int, tmp: Path) -> dict[str, float]:
    """16 × ``ffmpeg -i URL -f null -``; their summed CPU over the window after warm-up."""
    progress = [tmp / f"ffmpeg-{i}.txt" for i in range(len(urls))]
    procs = [
        subprocess.Popen(
            [*FFMPEG, "-stats_period", "0.1", "-progress", str(out), "-i", url, "-f", "null", "-"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for url, out in zip(urls, progress, strict=True)
    ]
    try:
        time.sleep(WARMUP_S + 1.5)  # open + warm-up
        cpu0 = sum(proc_cpu_s(p.pid) for p in procs)
        frames0 = sum(_ffmpeg_frames(out) for out in progress)
        sim0, wall0 = proc_cpu_s(sim_pid), time.monotonic()
        time.sleep(seconds)
        cpu1 = sum(proc_cpu_s(p.pid) for p in procs)
        frames1 = sum(_ffmpeg_frames(out) for out in progress)
        sim1, wall1 = proc_cpu_s(sim_pid), time.monotonic()
        alive = sum(p.poll() is None for p in procs)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
    return {
        "cpu_s": cpu1 - cpu0,
        "wall_s": wall1 - wall0,
        "frames": frames1 - frames0,
        "alive": alive,
        "sim_cpu_s": sim1 - sim0,
        "sim_wall_s": wall1 - wall0,
    }


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) of sorted-or-not values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> int:
    """Run the benchmark and print the figure table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0, help="measuring window per row")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument(
        "--worker", choices=("pyav", "gray", "opencv", "alone"), help=argparse.SUPPRESS
    )
    parser.add_argument("urls", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        if args.worker == "alone":
            result: dict[str, object] = {"first_frame_s": first_frame_alone(args.urls[0])}
        elif args.worker == "opencv":
            result = worker_opencv(args.urls, args.seconds)
        else:
            result = worker_pyav(args.urls, args.seconds, gray=args.worker == "gray")
        print(json.dumps(result))
        return 0

    sim, cams = start_sim(args.streams)
    try:
        urls = [cam["rtsp_sub"] for cam in cams]
        alone = run_worker("alone", urls[:1], 0, sim.pid)
        ours = run_worker("pyav", urls, args.seconds, sim.pid)
        with tempfile.TemporaryDirectory() as tmp:
            ffmpeg = run_ffmpeg(urls, args.seconds, sim.pid, Path(tmp))
        gray = run_worker("gray", urls, args.seconds, sim.pid)
        opencv = run_worker("opencv", urls, args.seconds, sim.pid)
    finally:
        sim.terminate()
        sim.wait(15)
    n = args.streams
    figures = summarize(n, alone, ours, ffmpeg, gray, opencv)
    print_table(figures, n, args.seconds)
    if args.json:
        print(json.dumps(figures))
    return 0


def summarize(
    n: int,
    alone: dict[str, object],
    ours: dict[str, object],
    ffmpeg: dict[str, float],
    gray: dict[str, object],
    opencv: dict[str, object],
) -> dict[str, float]:
    """The headline figures from the raw measurements."""

    def num(run: dict[str, object] | dict[str, float], key: str) -> float:
        return float(run[key])  # type: ignore[arg-type]

    def core(run: dict[str, object] | dict[str, float]) -> float:
        return num(run, "cpu_s") / num(run, "wall_s")

    def per_frame_ms(run: dict[str, object] | dict[str, float]) -> float:
        return 1000 * num(run, "cpu_s") / max(1.0, num(run, "frames"))

    def fps(run: dict[str, object] | dict[str, float]) -> float:
        return num(run, "frames") / num(run, "wall_s")

    lat = [float(v) for v in ours["latency_ms"]]  # type: ignore[attr-defined]
    first16 = [float(v) for v in ours["first_frame_s"]]  # type: ignore[attr-defined]
    alone_first = [float(v) for v in alone["first_frame_s"]]  # type: ignore[attr-defined]
    cv_first = [float(v) for v in opencv["first_frame_s"] if v == v]  # type: ignore[attr-defined]
    sims = [num(r, "sim_cpu_s") / num(r, "sim_wall_s") for r in (ours, ffmpeg, gray, opencv)]
    figures = {
        "cpu_ratio_ours_vs_ffmpeg": core(ours) / core(ffmpeg),
        "ffmpeg_alive": num(ffmpeg, "alive"),
        "first_frame_alone_median_s": statistics.median(alone_first),
        "first_frame_16_p50_s": pct(first16, 50),
        "first_frame_16_max_s": max(first16),
        "opencv_first_frame_16_p50_s": pct(cv_first, 50) if cv_first else float("nan"),
        "latency_p50_ms": pct(lat, 50),
        "latency_p95_ms": pct(lat, 95),
        "latency_samples": float(len(lat)),
        "sim_cpu_per_stream_pct": 100 * statistics.median(sims) / n,
    }
    for key, run in (("ours", ours), ("gray", gray), ("ffmpeg", ffmpeg), ("opencv", opencv)):
        figures[f"{key}_cpu_core"] = core(run)
        figures[f"{key}_fps"] = fps(run)
        figures[f"{key}_ms_per_frame"] = per_frame_ms(run)
        figures[f"cpu_ratio_per_frame_{key}_vs_ffmpeg"] = per_frame_ms(run) / per_frame_ms(ffmpeg)
    return figures


def print_table(f: dict[str, float], n: int, seconds: float) -> None:
    """The figure table: one row per reader, then one row per headline figure with its goal."""
    print(f"ingest bench: {n} sub streams (640x360, 25 fps offered each), {seconds:g} s windows,")
    print(f"{os.cpu_count()} CPUs, load average now {os.getloadavg()[0]:.1f}")
    print(f"  {'reader':<34}{'CPU cores':>10}{'frames/s':>10}{'CPU ms/frame':>14}")
    for key, label in (
        ("ours", "ours: PyAV, BGR + stamp"),
        ("gray", "ours: PyAV, luma only + stamp"),
        ("ffmpeg", "ffmpeg -i URL -f null -"),
        ("opencv", "OpenCV FFmpeg backend, BGR"),
    ):
        core, fps, per = f[f"{key}_cpu_core"], f[f"{key}_fps"], f[f"{key}_ms_per_frame"]
        print(f"  {label:<34}{core:>10.3f}{fps:>10.0f}{per:>14.3f}")
    rows = [
        ("CPU ratio ours / ffmpeg, per second", f"{f['cpu_ratio_ours_vs_ffmpeg']:.2f}", ""),
        (
            "CPU ratio ours / ffmpeg, per frame",
            f"{f['cpu_ratio_per_frame_ours_vs_ffmpeg']:.2f}",
            "goal ≤ 1.10",
        ),
        (
            "CPU ratio luma-only / ffmpeg, per frame",
            f"{f['cpu_ratio_per_frame_gray_vs_ffmpeg']:.2f}",
            "",
        ),
        (
            "CPU ratio OpenCV / ffmpeg, per frame",
            f"{f['cpu_ratio_per_frame_opencv_vs_ffmpeg']:.2f}",
            "",
        ),
        (
            "first frame, one stream (median of 5)",
            f"{f['first_frame_alone_median_s']:.3f} s",
            "goal ≤ 0.5 s",
        ),
        (
            f"first frame, {n} opened at once p50 / max",
            f"{f['first_frame_16_p50_s']:.3f} / {f['first_frame_16_max_s']:.3f} s",
            "",
        ),
        (f"first frame, OpenCV {n} at once p50", f"{f['opencv_first_frame_16_p50_s']:.3f} s", ""),
        (
            "glass-to-glass latency p50 / p95",
            f"{f['latency_p50_ms']:.1f} / {f['latency_p95_ms']:.1f} ms",
            "goal p95 ≤ 100 ms",
        ),
        (
            "simulator CPU per 640x360 stream",
            f"{f['sim_cpu_per_stream_pct']:.1f} % of a core",
            "goal ≤ 7 %",
        ),
    ]
    for name, value, goal in rows:
        print(f"  {name:<44}{value:>22}  {goal}")


if __name__ == "__main__":
    sys.exit(main())
