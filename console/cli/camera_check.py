"""`xueliang camera check`: the roll-call (点名) from the command line, for scripts and cron.

Each camera's stream is opened until its first video packet and closed (no decoding), several
at once; one line per camera says whether it answers and, if not, why. Exit status 0 when
every camera answers, 1 when any does not (a monitoring job can alert on it).
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from video.errors import VideoError
from video.redact import install_log_redaction, redact_url


def register(camsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `camera check` to the camera group."""
    check = camsub.add_parser(
        "check", help="call cameras: does each stream answer? (all registered by default)"
    )
    check.add_argument(
        "targets", nargs="*", metavar="CAMERA_ID_OR_RTSP_URL", help="default: every camera"
    )
    check.add_argument("--profile", choices=("main", "sub"), default="sub", help="(sub)")
    check.add_argument("--udp", action="store_true", help="RTP over UDP (default: TCP)")
    check.add_argument("--parallel", type=int, default=8, help="calls at once (8)")
    check.add_argument("--timeout", type=float, default=5.0, help="seconds per camera (5)")
    check.add_argument("--json", action="store_true", help="a JSON list on stdout")
    check.set_defaults(func=run_check)


def resolve_targets(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """(id, name, URL with credentials) of each camera named in ``args.targets`` (registry
    ids of ``args.profile``; URLs as given pass through), every registered camera by default.
    Shared with `camera diagnose`."""
    ids = [t for t in args.targets if "://" not in t]
    found: list[tuple[str, str, str]] = []
    if ids or not args.targets:
        from video.registry import CameraRegistry  # SQLAlchemy and Alembic: lazy

        registry = CameraRegistry(args.db)
        try:
            cameras = [registry.get(i) for i in ids] if ids else registry.list()
            for cam in cameras:
                try:
                    url = registry.stream_url(cam.id, args.profile)
                except VideoError:
                    url = ""  # no RTSP URL registered: reported as such
                found.append((cam.id, cam.name, url))
        finally:
            registry.close()
    by_id = {camera_id: (camera_id, name, url) for camera_id, name, url in found}
    return [
        (redact_url(t), "", t) if "://" in t else by_id[t]
        for t in (args.targets or [f[0] for f in found])
    ]


def _call(target: tuple[str, str, str], options: Any) -> dict[str, Any]:
    from video.ingest.answer import answer_stream

    camera_id, name, url = target
    row: dict[str, Any] = {"id": camera_id, "name": name, "url": redact_url(url) if url else ""}
    if not url:
        return row | {"answers": False, "error": "no RTSP URL registered: add one"}
    try:
        answer = answer_stream(url, options)
    except VideoError as exc:
        return row | {"answers": False, "error": str(exc)}
    size = {"width": answer.width, "height": answer.height}
    return row | {"answers": True, "codec": answer.codec, **size, "seconds": answer.seconds}


def run_check(args: argparse.Namespace) -> int:
    """Call every target; print a line (or a JSON object) each and a count."""
    from video.ingest import ReaderOptions

    install_log_redaction()
    if args.parallel < 1 or args.timeout <= 0:
        print("--parallel must be at least 1 and --timeout above 0", file=sys.stderr)
        return 2
    targets = resolve_targets(args)
    if not targets:
        print("no cameras registered: add some with `xueliang camera add`", file=sys.stderr)
        return 1
    transport = "udp" if args.udp else "tcp"
    options = ReaderOptions(transport, open_timeout=args.timeout, read_timeout=args.timeout)
    with ThreadPoolExecutor(args.parallel, thread_name_prefix="check") as pool:
        rows = list(pool.map(lambda target: _call(target, options), targets))
    failed = sum(not row["answers"] for row in rows)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            label = f"{row['id']}\t{row['name'] or '-'}"
            if row["answers"]:
                picture = f"{row['codec']} {row['width']}x{row['height']}"
                print(f"{label}\tanswers\t{picture}\t{row['seconds']:.2f} s")
            else:
                print(f"{label}\tNO ANSWER\t{row['error']}")
        total, answered = len(rows), len(rows) - failed
        print(
            f"{total} camera{'' if total == 1 else 's'}: {answered} "
            f"answer{'s' if answered == 1 else ''}, {failed} {'does' if failed == 1 else 'do'} not"
        )
    return 1 if failed else 0
