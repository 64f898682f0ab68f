"""Roll-call against the patrol: how fast the maintenance view learns the state of cameras
nothing shows.

Prints, in one run against ``xueliang sim`` (16 cameras, its own process):
- the roll-call (``console.health_rollcall``: open, first video packet, close; 8 at once)
  over 400 calls to the live sub streams (each stream called 25 times) plus 20 cameras that
  accept a connection and never answer (each costs the 5 s open timeout): cameras per
  second and the console's CPU milliseconds per call;
- the patrol's decoding checks (``console.health_patrol``: 4 s each, 2 at once) over 8 of
  the same streams, as the baseline: cameras per second and CPU per check;
- the ratio of the two rates and the time each takes for 3,000 cameras at those rates.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from wall_bench import start_simulator  # noqa: E402  (bench/ is sys.path[0])

from console.health_patrol import HealthPatrol  # noqa: E402
from console.health_rollcall import CallResult, RollCall  # noqa: E402
from video.ingest.answer import answer_stream  # noqa: E402
from video.ingest.models import ReaderOptions  # noqa: E402
from video.ingest.reader import StreamReader  # noqa: E402


def run_until(done: Any, timeout_s: float) -> None:
    """Spin the Qt event loop until ``done()`` or the timeout."""
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: (done() or time.monotonic() > deadline) and loop.quit())
    timer.start()
    loop.exec()
    timer.stop()


def rollcall_phase(urls: dict[str, str]) -> tuple[float, float, dict[str, int]]:
    """(seconds, CPU seconds, results by state) for one roll-call of every camera."""
    results: dict[str, CallResult] = {}
    rollcall = RollCall(lambda cid: answer_stream(urls[cid]), lambda: list(urls), set)
    rollcall.answered.connect(lambda r: results.__setitem__(r.camera_id, r))
    cpu, started = time.process_time(), time.monotonic()
    rollcall.start()
    run_until(lambda: len(results) == len(urls), 600)
    seconds, cpu_s = time.monotonic() - started, time.process_time() - cpu
    rollcall.stop(wait=True)
    states: dict[str, int] = {}
    for result in results.values():
        states[result.state] = states.get(result.state, 0) + 1
    return seconds, cpu_s, states


def patrol_phase(urls: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, CPU seconds, checks) for the patrol to check every camera once."""
    checked: set[str] = set()

    def open_reader(camera_id: str, _profile: str, _size: Any) -> StreamReader:
        return StreamReader(urls[camera_id], camera_id, ReaderOptions(output="source"))

    patrol = HealthPatrol(open_reader, lambda: list(urls), set)
    patrol.checked.connect(lambda camera_id, _status: checked.add(camera_id))
    cpu, started = time.process_time(), time.monotonic()
    patrol.start()
    run_until(lambda: len(checked) == len(urls), 600)
    seconds, cpu_s = time.monotonic() - started, time.process_time() - cpu
    patrol.stop()
    return seconds, cpu_s, len(checked)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=25, help="calls per live stream")
    parser.add_argument("--silent", type=int, default=20, help="cameras that never answer")
    parser.add_argument("--patrolled", type=int, default=8, help="cameras the patrol checks")
    args = parser.parse_args()
    QCoreApplication(sys.argv[:1])
    sim, infos = start_simulator(16)
    silent = socket.create_server(("127.0.0.1", 0), backlog=128)
    silent_url = f"rtsp://127.0.0.1:{silent.getsockname()[1]}/cam/sub"
    try:
        live = {f"{i['id']}#{k}": i["rtsp_sub"] for k in range(args.repeat) for i in infos}
        dead = {f"silent-{n}": silent_url for n in range(args.silent)}
        answer_stream(infos[0]["rtsp_sub"])  # warm-up: FFmpeg's first open loads its codecs
        r_s, r_cpu, states = rollcall_phase(live | dead)
        patrolled = {i["id"]: i["rtsp_sub"] for i in infos[: args.patrolled]}
        p_s, p_cpu, checks = patrol_phase(patrolled)
    finally:
        silent.close()
        sim.send_signal(signal.SIGTERM)
        sim.wait(timeout=20)
    calls = len(live) + len(dead)
    r_rate, p_rate = calls / r_s, checks / p_s
    print(f"roll-call: {calls} cameras ({len(live)} live calls, {len(dead)} silent) in {r_s:.1f} s")
    print(f"  states: {states}")
    print(f"  {r_rate:.1f} cameras/s, console CPU {1000 * r_cpu / calls:.1f} ms per call")
    print(f"patrol (baseline, same run): {checks} cameras in {p_s:.1f} s")
    print(f"  {p_rate:.2f} cameras/s, console CPU {1000 * p_cpu / checks:.0f} ms per check")
    print(f"roll-call / patrol rate: {r_rate / p_rate:.0f}x")
    print(
        f"3,000 cameras: roll-call {3000 / r_rate / 60:.1f} min, "
        f"patrol {3000 / p_rate / 60:.0f} min"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
