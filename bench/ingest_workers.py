"""Worker side of ``bench/ingest_bench.py``: each runs in its own subprocess.

``ingest_bench.py --worker KIND URL…`` calls one of these and prints its JSON result as the
last stdout line; around its measuring window it prints ``WINDOW_START``/``WINDOW_END`` so
the parent can sample the ffmpeg processes running beside it over exactly the same window.
"""

from __future__ import annotations

import os
import threading
import time

WARMUP_S = 2.0
WINDOW_START, WINDOW_END = "window-start", "window-end"  # worker → parent, on stdout


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) of sorted-or-not values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def worker_pyav(
    urls: list[str], seconds: float, gray: bool = False, stamp: bool = True
) -> dict[str, object]:
    """Read every URL with StreamReader; measure own CPU over the window after warm-up."""
    from video.ingest import Frame, ReaderOptions, StreamReader

    latencies: list[float] = []
    reader_ms: list[float] = []  # decode + convert + stamp, inside the reader thread
    lock = threading.Lock()

    def on_frame(frame: Frame) -> None:
        with lock:
            reader_ms.append(frame.decode_ms)
            if frame.latency_ms is not None:
                latencies.append(frame.latency_ms)

    options = ReaderOptions(stamp=stamp, gray=gray)
    # the per-frame probe (a lock and two appends) only where its figures are used: the
    # latency and in-reader times come from the stamped run; the CPU rows read bare
    probe = on_frame if stamp else None
    readers = [StreamReader(u, f"s{i}", options, probe) for i, u in enumerate(urls)]
    for reader in readers:
        reader.start()
    try:
        for reader in readers:
            reader.wait_ready(20)
        first = [reader.stats().first_frame_s or 0.0 for reader in readers]
        time.sleep(WARMUP_S)
        with lock:
            latencies.clear()
            reader_ms.clear()
        frames0 = sum(r.stats().frames for r in readers)
        cpu0, wall0 = time.process_time(), time.monotonic()
        print(WINDOW_START, flush=True)
        time.sleep(seconds)
        cpu1, wall1 = time.process_time(), time.monotonic()
        print(WINDOW_END, flush=True)
        frames = sum(r.stats().frames for r in readers) - frames0
        errors = sum(r.stats().decode_errors for r in readers)
    finally:
        for reader in readers:
            reader.request_stop()
        for reader in readers:
            reader.join(10)
    with lock:
        samples = sorted(latencies)
        own = sorted(reader_ms)
    return {
        "cpu_s": cpu1 - cpu0,
        "wall_s": wall1 - wall0,
        "frames": frames,
        "decode_errors": errors,
        "first_frame_s": first,
        "latency_ms": samples,
        "reader_ms_p50": pct(own, 50),
        "reader_ms_p95": pct(own, 95),
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
    print(WINDOW_START, flush=True)
    time.sleep(seconds)
    cpu1, wall1 = time.process_time(), time.monotonic()
    print(WINDOW_END, flush=True)
    frames = sum(counts) - frames0
    stop.set()
    for thread in threads:
        thread.join(10)
    return {"cpu_s": cpu1 - cpu0, "wall_s": wall1 - wall0, "frames": frames, "first_frame_s": first}


def worker_split(urls: list[str], seconds: float) -> dict[str, object]:
    """Split the latency: source + network vs FFmpeg's wait for the next frame.

    FFmpeg's RTP H.264 demuxer runs its parser, which hands a frame on only when the next one
    starts (RTP's end-of-frame marker is not used). Here the parser is off (``fflags
    noparse``): packets arrive as sent and are grouped by timestamp, so per frame we see when
    its last packet arrived (stamp → complete) and how long until the next frame's first
    packet (the parser's extra wait). One thread per stream, like the readers.
    """
    import av
    import av.error

    from video import stamp
    from video.ingest import ReaderOptions
    from video.ingest.opener import av_options, luma_view

    source_ms: list[float] = []
    wait_ms: list[float] = []
    lock = threading.Lock()
    measure_from = time.monotonic() + WARMUP_S + 2.0
    until = measure_from + seconds

    def probe(url: str) -> None:
        options = av_options(ReaderOptions())
        options["fflags"] = "noparse+nofillin"
        with av.open(url, options=options, timeout=(5.0, None)) as container:
            stream = container.streams.video[0]
            decoder = av.CodecContext.create("h264", "r")
            unit, pts, last = b"", None, 0.0
            for packet in container.demux(stream):
                now = time.time()
                if packet.pts != pts and unit:
                    try:
                        pictures = decoder.decode(av.Packet(unit))
                    except av.error.InvalidDataError:
                        pictures = []
                    for picture in pictures:
                        ms = stamp.decode(luma_view(picture))
                        if ms is not None and time.monotonic() >= measure_from:
                            with lock:
                                source_ms.append(last * 1000 - ms)
                                wait_ms.append((now - last) * 1000)
                    unit = b""
                pts, last = packet.pts, now
                unit += bytes(packet)
                if time.monotonic() > until:
                    break

    threads = [threading.Thread(target=probe, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WARMUP_S + seconds + 30)
    return {"source_ms": sorted(source_ms), "parser_wait_ms": sorted(wait_ms)}


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
