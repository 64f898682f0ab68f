"""`xueliang camera diagnose`: picture diagnostics (视频质量诊断) from the command line.

For each camera a reader decodes its stream, the first picture and the newest one some
seconds later (and one every half second between) are compared by
``video.diagnostics.diagnose`` (no signal, frozen, covered, out of focus, too dark or bright,
colour cast, snow, stripes, shaking), and the reader is stopped.
Several cameras at once; one line per camera, in the order given, says "ok", what is wrong
and by how much, or why its stream could not be read. Exit status 0 when every camera was
examined and shows nothing, 1 otherwise (a monitoring job can alert on it).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from console.cli.camera_check import resolve_targets
from video.errors import StreamTimeoutError, VideoError
from video.redact import install_log_redaction, redact_url

if TYPE_CHECKING:
    from video.ingest import Frame

MIN_SECONDS = 2.0  # video.diagnostics.MIN_SPAN_S, without importing OpenCV for argparse
STEP_S = 0.5  # a picture is kept this often between the first and the last
BETWEEN = 8  # at most this many of them


def _number_at_least(minimum: float, kind: Callable[[str], Any], why: str) -> Any:
    """An argparse ``type`` that rejects values under ``minimum`` with a clear message."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text} is too small: {why}")
        return value

    return parse


def register(camsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `camera diagnose` to the camera group."""
    diag = camsub.add_parser(
        "diagnose",
        help="what is wrong with each camera's picture? (all registered by default)",
    )
    diag.add_argument(
        "targets", nargs="*", metavar="CAMERA_ID_OR_RTSP_URL", help="default: every camera"
    )
    diag.add_argument("--profile", choices=("main", "sub"), default="sub", help="(sub)")
    diag.add_argument("--udp", action="store_true", help="RTP over UDP (default: TCP)")
    diag.add_argument(
        "--seconds",
        type=_number_at_least(MIN_SECONDS, float, "at least 2 s, so an OSD clock ticks"),
        default=2.5,
        help="seconds between the two pictures compared (2.5; at least 2)",
    )
    diag.add_argument(
        "--parallel",
        type=_number_at_least(1, int, "at least 1"),
        default=4,
        help="cameras at once; each decodes its stream (4)",
    )
    diag.add_argument(
        "--timeout",
        type=_number_at_least(0.5, float, "at least 0.5 s"),
        default=10.0,
        help="seconds to wait for the first picture (10)",
    )
    diag.add_argument("--json", action="store_true", help="a JSON list on stdout")
    diag.set_defaults(func=run_diagnose)


def _pictures(
    url: str, camera_id: str, args: argparse.Namespace
) -> tuple[Frame, Frame, list[Frame]]:
    """(first, later) decoded BGR frames of ``url``, ``args.seconds`` apart, and one
    frame every half second between them (for a shaking picture)."""
    from video.ingest import FrameSeries, ReaderOptions, StreamReader

    transport = "udp" if args.udp else "tcp"
    options = ReaderOptions(transport, open_timeout=args.timeout, read_timeout=args.timeout)
    reader = StreamReader(url, camera_id, options).start()
    try:
        reader.wait_ready(args.timeout)
        first = reader.latest()
        series = FrameSeries(BETWEEN)  # the last moments: memory bounded
        series.add(first)
        began = time.monotonic()
        while (left := args.seconds - (time.monotonic() - began)) > 0:
            time.sleep(min(STEP_S, left))
            series.add(reader.latest())
        later = reader.latest()
        if first is None or later is None or later.seq <= first.seq:  # stalled meanwhile
            later = reader.wait_frame(first.seq if first else 0, args.timeout)
            if first is None or later is None:
                detail = f"no new picture within {args.seconds + args.timeout:g} s"
                raise StreamTimeoutError(redact_url(url), detail)
        deadline = time.monotonic() + 1.0  # the frames just short of the span: one more
        while later.decoded_at - first.decoded_at < args.seconds and time.monotonic() < deadline:
            newer = reader.wait_frame(later.seq, max(0.0, deadline - time.monotonic()))
            if newer is None:
                break
            later = newer
        return first, later, series.between(later)
    finally:
        reader.stop()


def _examine(target: tuple[str, str, str], args: argparse.Namespace) -> dict[str, Any]:
    """One camera's row: its findings and measures, or why it could not be examined."""
    from video.diagnostics import Limits, diagnose, explain, fill  # OpenCV and NumPy: lazy

    limits = Limits()
    camera_id, name, url = target
    row: dict[str, Any] = {"id": camera_id, "name": name, "url": redact_url(url) if url else ""}
    failed = {"ok": False, "findings": [], "measures": None, "reasons": []}
    if not url:
        return row | failed | {"error": "no RTSP URL registered: add one"}
    try:
        first, later, between = _pictures(url, camera_id, args)
        # a stream that stalled right after the first picture: too close to judge "frozen"
        span_s = later.decoded_at - first.decoded_at
        apart = span_s >= MIN_SECONDS
        series = [f.image for f in (first, *between, later)]
        diagnosis = diagnose(later.image, first.image if apart else None, limits, series)
    except VideoError as exc:
        return row | failed | {"error": str(exc)}
    except ValueError as exc:  # a picture diagnose cannot examine (e.g. a tiny stream)
        return row | failed | {"error": f"{redact_url(url)}: {exc}"}
    measures = asdict(diagnosis.measures)
    findings = list(diagnosis.findings)
    return row | {
        "ok": diagnosis.ok,
        "findings": findings,
        "measures": measures,
        "reasons": [fill(*explain(f, diagnosis.measures, limits, span_s)) for f in findings],
        "error": None,
    }


def _line(row: dict[str, Any]) -> str:
    label = f"{row['id']}\t{row['name'] or '-'}"
    if row["error"]:
        return f"{label}\tNOT EXAMINED\t{row['error']}"
    if row["ok"]:
        return f"{label}\tok"
    return f"{label}\t{', '.join(row['findings'])}\t({'; '.join(row['reasons'])})"


def run_diagnose(args: argparse.Namespace) -> int:
    """Diagnose every target; print a line (or a JSON object) each and a count."""
    install_log_redaction()
    targets = resolve_targets(args)
    if not targets:
        print("no cameras registered: add some with `xueliang camera add`", file=sys.stderr)
        return 1
    rows: list[dict[str, Any]] = []
    pool = ThreadPoolExecutor(args.parallel, thread_name_prefix="diagnose")
    try:
        for row in pool.map(lambda target: _examine(target, args), targets):
            rows.append(row)
            if not args.json:  # as soon as it and every camera before it are done
                print(_line(row), flush=True)
    except KeyboardInterrupt:  # Ctrl-C: the cameras not started yet are not examined
        pool.shutdown(wait=False, cancel_futures=True)
        print(f"interrupted after {len(rows)} of {len(targets)} cameras", file=sys.stderr)
        return 130
    pool.shutdown()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        total = len(rows)
        good = sum(row["ok"] for row in rows)
        unread = sum(bool(row["error"]) for row in rows)
        print(
            f"{total} camera{'' if total == 1 else 's'}: {good} ok, "
            f"{total - good - unread} with findings, {unread} not examined"
        )
    return 0 if all(row["ok"] for row in rows) else 1
