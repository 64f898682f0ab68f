"""`xueliang sim`: run simulated cameras (RTSP, ONVIF, WS-Discovery, fault control).

Prints one JSON line per camera when ready (``id name onvif rtsp_main rtsp_sub``, URLs
without credentials) and runs until SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from types import FrameType
from typing import NoReturn

logger = logging.getLogger(__name__)

PASSWORD_ENV = "XUELIANG_SIM_PASSWORD"  # --password's default: keeps it off the command line


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `sim` command."""
    parser = sub.add_parser(
        "sim",
        help="run simulated cameras (RTSP, ONVIF, discovery, fault injection)",
        description="Run N simulated street cameras on this host until Ctrl-C / SIGTERM.",
    )
    parser.add_argument("--cameras", type=int, default=4, metavar="N", help="number of cameras")
    parser.add_argument("--bind", default="127.0.0.1", metavar="ADDR", help="address to serve on")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="CAM:KIND",
        help="start with a fault, e.g. 3:blur (repeatable)",
    )
    parser.add_argument(
        "--fixed",
        action="append",
        type=int,
        default=[],
        metavar="CAM",
        help="a camera without PTZ (a bullet), e.g. 3 (repeatable)",
    )
    parser.add_argument("--user", help="require this user (RTSP Digest and ONVIF)")
    parser.add_argument("--password", help="password for --user (default: $XUELIANG_SIM_PASSWORD)")
    parser.add_argument("--gop", type=int, default=25, metavar="N", help="frames per GOP")
    parser.add_argument("--rtsp-port", type=int, default=0, metavar="P", help="0 = a free port")
    parser.add_argument(
        "--control-port", type=int, default=0, metavar="P", help="fault HTTP port (0 = free)"
    )
    parser.add_argument(
        "--session-timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="RTSP session timeout in seconds",
    )
    parser.add_argument("--no-onvif", action="store_true", help="serve RTSP only")
    parser.add_argument(
        "--no-discovery", action="store_true", help="no WS-Discovery (ONVIF still served)"
    )
    parser.add_argument(
        "--name", action="append", default=[], metavar="NAME", help="camera name, in order"
    )
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        metavar="N",
        help="lower the simulator's CPU priority by N (0-19): it yields to a console beside it",
    )
    parser.add_argument(
        "--stop-on-stdin-eof",
        action="store_true",
        help="stop when stdin closes (a parent process that runs the simulator)",
    )
    parser.set_defaults(func=run)

    def one_line_error(message: str) -> NoReturn:
        parser.exit(2, f"xueliang sim: {message}\n")

    setattr(parser, "error", one_line_error)  # noqa: B010 - argparse prints usage otherwise


def _bad(message: str) -> int:
    print(f"xueliang sim: {message}", file=sys.stderr)
    return 2


def _stop_at_eof(stop: threading.Event) -> None:
    """Set ``stop`` once stdin reaches its end (the parent closed it or died)."""
    while sys.stdin.buffer.read(4096):
        pass
    stop.set()


def run(args: argparse.Namespace) -> int:
    """Start the simulator, print the cameras, wait for a signal, stop cleanly."""
    from video.errors import SimulatorError
    from video.sim.faults import check_config, check_fixed

    if not 0 <= args.rtsp_port <= 65535 or not 0 <= args.control_port <= 65535:
        return _bad("ports must be between 0 and 65535")
    if args.session_timeout <= 0:
        return _bad("--session-timeout must be positive")
    if not 0 <= args.nice <= 19:
        return _bad("--nice must be between 0 and 19")
    if args.nice:
        os.nice(args.nice)  # before any thread starts: every encoder thread inherits it
    if args.user and args.password is None:
        args.password = os.environ.get(PASSWORD_ENV)
    try:  # cheap checks first: no OpenCV/PyAV/aiohttp import for a typo
        check_config(args.cameras, args.fault, args.gop, args.user, args.password)
        check_fixed(args.cameras, args.fixed)
    except SimulatorError as exc:
        return _bad(str(exc))
    from video.sim.simulator import Simulator

    try:
        sim = Simulator(
            cameras=args.cameras,
            bind=args.bind,
            rtsp_port=args.rtsp_port,
            user=args.user,
            password=args.password,
            faults=args.fault,
            fixed=args.fixed,
            gop=args.gop,
            onvif=not args.no_onvif,
            discovery=not (args.no_onvif or args.no_discovery),
            names=args.name,
            session_timeout=args.session_timeout,
            control_port=args.control_port,
        )
    except SimulatorError as exc:  # bad arguments
        return _bad(str(exc))
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        infos = sim.start()  # SimulatorError (port in use, ...) -> one line, exit 1
        out = sys.stdout.buffer
        for info in infos:
            out.write(json.dumps(info.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
        out.flush()
        print(f"fault control: {sim.control_url}", file=sys.stderr, flush=True)
        if args.stop_on_stdin_eof:
            threading.Thread(target=_stop_at_eof, args=(stop,), daemon=True).start()
        while not stop.wait(0.5):
            pass
    finally:
        sim.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
