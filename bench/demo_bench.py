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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from procstat import proc_cpu_s, steal_s  # noqa: E402  (bench/ is sys.path[0] when run)

MODES = ("child", "in-process")


def measure(mode: str, seconds: float, warmup: float) -> dict[str, Any]:
    """One demo run in this process (a fresh data dir set by the caller); its figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer

    from console.app import qt_application
    from console.demo_run import DemoSession

    qapp = qt_application()
    session = DemoSession(cameras=16)
    session.world.in_process = mode == "in-process"
    loads: list[Any] = []
    stalls: list[float] = []
    marks: dict[str, float] = {}
    beat = QElapsedTimer()
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(10)

    def on_beat() -> None:
        late = beat.restart() - 10.0
        if "cpu0" in marks:
            stalls.append(late)

    def on_load(load: Any) -> None:
        if "cpu0" in marks and "cpu" not in marks:  # not the one sent as the wall stops
            loads.append((time.monotonic(), load))

    def begin() -> None:
        bridge = session.app.bridge
        assert bridge is not None, "the demo opened no wall"
        bridge.display_load.connect(on_load)
        sim = session.world.sim_process
        marks["sim_pid"] = float(sim.pid) if sim is not None and sim.pid else 0.0
        marks["sim0"] = proc_cpu_s(int(marks["sim_pid"])) if marks["sim_pid"] else 0.0
        marks["steal0"], marks["t0"] = steal_s(), time.monotonic()
        marks["cpu0"] = time.process_time()

    def end() -> None:
        marks["cpu"] = time.process_time() - marks["cpu0"]
        marks["wall"] = time.monotonic() - marks["t0"]
        marks["steal"] = steal_s() - marks["steal0"]
        if marks["sim_pid"]:
            marks["sim"] = proc_cpu_s(int(marks["sim_pid"])) - marks["sim0"]
        qapp.exit(0)  # exit, not quit: Qt 6's quit() first closes every window

    heartbeat.timeout.connect(on_beat)
    beat.start()
    heartbeat.start()
    QTimer.singleShot(int(warmup * 1000), begin)
    QTimer.singleShot(int((warmup + seconds) * 1000), end)
    code = session.run()
    heartbeat.stop()
    if code != 0 or "cpu" not in marks:
        raise SystemExit(f"the demo ended early (exit code {code})")
    wall = marks["wall"]
    return {
        "mode": mode,
        "ticks": [load.ticks_per_s for _, load in loads],
        "nominal": loads[0][1].nominal_per_s if loads else 0.0,
        # the first report's window began before ours: frames counted from the second on
        "shown": sum(load.shown for _, load in loads[1:]),
        "missed": sum(load.missed for _, load in loads[1:]),
        "load_s": loads[-1][0] - loads[0][0] if len(loads) > 1 else 0.0,
        "stall_ms": max(stalls) if stalls else None,
        "cpu_cores": marks["cpu"] / wall,
        "sim_cores": marks.get("sim", 0.0) / wall if mode == "child" else None,
        "steal": marks["steal"] / wall,
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
    print(f"  UI thread longest stall: {run['stall_ms']:.0f} ms (a 10 ms heartbeat's lateness)")
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
