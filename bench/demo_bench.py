"""Demo bench: README command 1 (``xueliang demo``) as the operator sees it, on this machine.

Runs the demo exactly as ``xueliang demo`` does (demo database, 16 simulated cameras in
``xueliang sim``, grid-worker reports and video alarms, the city operator's console with
its 16-tile wall) under offscreen Qt, each mode in its own process and data dir, and prints
per mode, over ``--seconds`` after a warm-up:

- display ticks a second (the wall's 50 Hz frame timer, from the frame bridge's
  ``display_load`` reports: what the status-bar overload warning watches), and the share of
  decoded frames never shown;
- frames painted per tile per second, and the UI thread's longest stall (lateness of a
  10 ms heartbeat QTimer);
- CPU of the console and of the simulator child.

Mode ``in-process`` is the baseline the demo ran as until 2026-11-28: the simulator's
encoder threads inside the console's process (``DemoWorld(in_process=True)``).

    .venv/bin/python bench/demo_bench.py [--seconds 15] [--warmup 8] [--modes child,in-process]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from procstat import proc_cpu_s, steal_s  # noqa: E402  (bench/ is sys.path[0] when run)

MODES = ("child", "in-process")


@dataclass
class Window:
    """CPU of this process and of the simulator child (if any), and steal, over the window."""

    sim_pid: int | None = None
    ended: bool = False
    t0: float = 0.0
    wall_s: float = 0.0
    cpu_s: float = 0.0
    sim_s: float = 0.0
    steal_s: float = 0.0

    def begin(self, sim_pid: int | None) -> None:
        """Start the window; ``sim_pid`` is the simulator child's, None when in-process."""
        self.sim_pid = sim_pid or None
        self.sim_s = -proc_cpu_s(self.sim_pid) if self.sim_pid else 0.0
        self.steal_s, self.t0, self.cpu_s = -steal_s(), time.monotonic(), -time.process_time()

    def end(self) -> None:
        """Close the window: the figures become the differences."""
        self.cpu_s += time.process_time()
        self.wall_s = time.monotonic() - self.t0
        self.steal_s += steal_s()
        if self.sim_pid:
            self.sim_s += proc_cpu_s(self.sim_pid)
        self.ended = True


def measure(mode: str, seconds: float, warmup: float) -> dict[str, Any]:
    """One demo run in this process (a fresh data dir set by the caller); its figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from heartbeat import Heartbeat
    from PySide6.QtCore import QTimer

    from console.app import qt_application
    from console.demo_run import DemoSession

    qapp = qt_application()
    session = DemoSession(cameras=16)
    session.world.in_process = mode == "in-process"
    loads: list[Any] = []
    window = Window()
    heartbeat = Heartbeat()

    def on_load(load: Any) -> None:
        if heartbeat.measuring:  # not the report sent as the wall stops
            loads.append((time.monotonic(), load))

    def begin() -> None:
        bridge = session.app.bridge
        assert bridge is not None, "the demo opened no wall"
        bridge.display_load.connect(on_load)
        sim = session.world.sim_process
        window.begin(sim.pid if sim is not None else None)
        heartbeat.measuring = True

    def end() -> None:
        heartbeat.measuring = False
        window.end()
        qapp.exit(0)  # exit, not quit: Qt 6's quit() first closes every window

    heartbeat.start()
    QTimer.singleShot(int(warmup * 1000), begin)
    QTimer.singleShot(int((warmup + seconds) * 1000), end)
    code = session.run()
    heartbeat.stop()
    if code != 0 or not window.ended:
        raise SystemExit(f"the demo ended early (exit code {code})")
    wall = window.wall_s
    return {
        "mode": mode,
        "ticks": [load.ticks_per_s for _, load in loads],
        "nominal": loads[0][1].nominal_per_s if loads else 0.0,
        # the first report's window began before ours: frames counted from the second on
        "shown": sum(load.shown for _, load in loads[1:]),
        "missed": sum(load.missed for _, load in loads[1:]),
        "load_s": loads[-1][0] - loads[0][0] if len(loads) > 1 else 0.0,
        "stall_ms": heartbeat.max_ms(),
        "stall_ran_ms": heartbeat.worst[1],
        "stall_waited_ms": heartbeat.worst[2],
        "stall_p99_ms": heartbeat.quantile_ms(0.99),
        "stalls_over_30": heartbeat.count_over(30.0),
        "cpu_cores": window.cpu_s / wall,
        "sim_cores": window.sim_s / wall if mode == "child" else None,
        "steal": window.steal_s / wall,
    }


def report(run: dict[str, Any]) -> None:
    ticks = run["ticks"]
    total = run["shown"] + run["missed"]
    print(f"{run['mode']}:")
    if len(ticks) < 2:
        print("  fewer than two display-load reports: the wall showed nothing")
        return
    print(
        f"  display ticks per second: median {statistics.median(ticks):.1f}, min "
        f"{min(ticks):.1f} (nominal {run['nominal']:.0f}), over {len(ticks)} windows of 2 s"
    )
    per_tile = run["shown"] / run["load_s"] / 16
    unshown = run["missed"] / total if total else 0.0
    print(
        f"  frames painted per tile per second: {per_tile:.1f} (the cameras send 25); "
        f"decoded but never shown {unshown:.1%}"
    )
    print(
        f"  UI thread longest stall: {run['stall_ms']:.0f} ms (a 10 ms heartbeat's lateness), the"
        f" Qt thread running {run['stall_ran_ms']:.0f} ms of it and waiting for a CPU"
        f" {run['stall_waited_ms']:.0f} ms; lateness p99 {run['stall_p99_ms'] or 0:.1f} ms,"
        f" {run['stalls_over_30']} beats over 30 ms late"
    )
    sim = f", the simulator child {run['sim_cores']:.2f}" if run["sim_cores"] is not None else ""
    print(
        f"  CPU: the console {run['cpu_cores']:.2f} cores{sim}; "
        f"hypervisor steal {run['steal']:.2f} of {os.cpu_count()} CPUs"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--warmup", type=float, default=8.0)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--one", choices=MODES, help=argparse.SUPPRESS)  # a child run
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.seconds, args.warmup)), flush=True)
        return 0
    print(f"the demo, 16 cameras, offscreen Qt, {args.seconds:.0f} s after {args.warmup:.0f} s")
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(map(str, os.getloadavg()))}")
    for mode in args.modes.split(","):
        with tempfile.TemporaryDirectory(prefix="demo-bench-") as data:
            env = dict(os.environ, XUELIANG_DATA_DIR=data, QT_QPA_PLATFORM="offscreen")
            command = [sys.executable, __file__, "--one", mode]
            command += ["--seconds", str(args.seconds), "--warmup", str(args.warmup)]
            done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
            lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
            if done.returncode != 0 or not lines:
                tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
                print(f"{mode}: failed: {tail}")
                continue
            report(json.loads(lines[-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
