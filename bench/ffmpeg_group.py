"""ffmpeg's bare decode of the streams a bench reads, running beside it (shared by the benches)."""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from procstat import threads_cpu_s

FFMPEG = ["ffmpeg", "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp"]


class Sample(NamedTuple):
    """What a group had used and decoded at one moment."""

    cpu_s: float  # CPU seconds summed over every ffmpeg
    frames: int  # frames they reported (0 with hour-long reports, until they exit)
    at: float  # monotonic time


class Window(NamedTuple):
    """CPU, frames and wall time between two samples."""

    cpu_s: float
    frames: int
    wall_s: float


def between(start: Sample, end: Sample) -> Window:
    """The window from ``start`` to ``end``."""
    return Window(end.cpu_s - start.cpu_s, end.frames - start.frames, end.at - start.at)


def progress_frames(progress: Path) -> int:
    """The ``frame=`` count of the last complete block ffmpeg wrote to its -progress file."""
    try:
        text = progress.read_text()
    except FileNotFoundError:
        return 0
    # a block ends with "progress=…"; the block being written right now may be cut short
    complete = text[: text.rfind("progress=")]
    counts = [int(line[6:]) for line in complete.splitlines() if line.startswith("frame=")]
    return counts[-1] if counts else 0


class FfmpegGroup:
    """One ``ffmpeg -i URL -f null -`` per stream; ``sample()`` on demand; ``close()`` at the end.

    ``threads`` None runs ffmpeg with its defaults (frame-threaded decoding), "1" adds
    ``-threads 1``. CPU comes from /proc schedstat (ns). ``report_s`` is the -progress period:
    0.2 s gives frames per window; the default hour writes one block at the first frame and
    one at exit, so no periodic report's CPU falls in a window, and ``close`` still returns
    the whole run's frames.
    """

    def __init__(self, urls: list[str], threads: str | None = None, report_s: float = 3600) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="ffmpeg-group-")
        self.progress = [Path(self._folder.name) / f"ffmpeg-{i}.txt" for i in range(len(urls))]
        self.started = time.monotonic()
        self._closed_fps: float | None = None
        head = [*FFMPEG, *(["-threads", threads] if threads else [])]
        head += ["-stats_period", str(report_s)]
        self.procs = [
            subprocess.Popen(
                [*head, "-progress", str(out), "-i", url, "-an", "-f", "null", "-"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for url, out in zip(urls, self.progress, strict=True)
        ]

    def sample(self) -> Sample:
        """CPU used and frames reported by every ffmpeg so far, now."""
        cpu = sum(threads_cpu_s(p.pid) for p in self.procs)
        return Sample(cpu, sum(progress_frames(out) for out in self.progress), time.monotonic())

    def alive(self) -> int:
        """How many ffmpeg processes still run."""
        return sum(p.poll() is None for p in self.procs)

    def close(self) -> float:
        """Stop them all; frames each decoded per second of its run (from its last block).

        Closing again returns the first close's figure."""
        if self._closed_fps is not None:
            return self._closed_fps
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        frames = sum(progress_frames(out) for out in self.progress)
        self._folder.cleanup()
        self._closed_fps = frames / len(self.procs) / (time.monotonic() - self.started)
        return self._closed_fps
