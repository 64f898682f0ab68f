"""CPU time of other processes, from /proc (shared by the benches)."""

from __future__ import annotations

import os
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_cpu_s(pid: int) -> float:
    """CPU seconds (user+system, all threads, ended ones too) of a live process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def threads_cpu_s(pid: int) -> float:
    """CPU seconds of a process's live threads with ns precision (/proc/PID/task/*/schedstat).

    /proc/PID/stat counts 10 ms ticks: too coarse for one ffmpeg's ~0.1 s in a window. Our
    own figure (time.process_time) has the same ns precision.
    """
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # a thread that ended just now
    return total / 1e9


class ThreadSched:
    """(seconds on a CPU, seconds runnable but waiting for one) of this process's thread
    ``tid`` (a native thread id), from /proc/self/task/TID/schedstat.

    The file stays open and each reading is one ``pread``: the wall bench reads it on every
    10 ms heartbeat of the Qt thread it measures, and opening it through pathlib each time
    cost that thread ~0.15 ms a beat (18 % of its own busy time, py-spy 2026-11-28),
    counted in the console's CPU.
    """

    def __init__(self, tid: int) -> None:
        self._fd = os.open(f"/proc/self/task/{tid}/schedstat", os.O_RDONLY)

    def read(self) -> tuple[float, float]:
        """The two figures now."""
        fields = os.pread(self._fd, 128, 0).split()
        return int(fields[0]) / 1e9, int(fields[1]) / 1e9

    def close(self) -> None:
        """Release the file."""
        os.close(self._fd)


def steal_s() -> float:
    """CPU seconds the hypervisor gave to other guests (all CPUs; /proc/stat "steal")."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    return int(fields[8]) / CLK_TCK
