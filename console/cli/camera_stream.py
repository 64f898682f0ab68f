"""`xueliang camera watch|snapshot`: read a live RTSP stream from the command line.

The target is an ``rtsp://`` URL or a camera id from the camera registry. Passwords are never
printed: URLs in output and logs are redacted.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from video.redact import install_log_redaction, redact_url


def register(camsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `camera watch` and `camera snapshot` to the camera group."""
    watch = camsub.add_parser("watch", help="read a live stream and report its health")
    _target_args(watch)
    watch.add_argument("--seconds", type=float, default=5.0, help="how long to watch (5)")
    watch.add_argument("--size", metavar="WxH", help="downscale in the reader, e.g. 640x360")
    watch.add_argument("--json", action="store_true", help="one JSON object on stdout")
    watch.set_defaults(func=run_watch)

    snap = camsub.add_parser("snapshot", help="save one frame of a live stream as an image")
    _target_args(snap)
    snap.add_argument("-o", "--output", required=True, metavar="FILE.jpg", type=Path)
    snap.set_defaults(func=run_snapshot)


def _target_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="RTSP_URL_OR_CAMERA_ID")
    parser.add_argument("--udp", action="store_true", help="RTP over UDP (default: TCP)")
    parser.add_argument(
        "--profile", choices=("main", "sub"), default="main", help="stream of a camera id"
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to get a picture")


def resolve_target(target: str, profile: str, db_url: str | None) -> str:
    """An RTSP URL for ``target``: the URL itself, or the registry's URL for a camera id."""
    if "://" in target:
        return target
    from video.registry import CameraRegistry  # pulls in SQLAlchemy and Alembic: lazy

    registry = CameraRegistry(db_url)
    try:
        return registry.stream_url(target, profile=profile)
    finally:
        registry.close()


def _parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--size {text!r}: use WIDTHxHEIGHT, e.g. 640x360"
        ) from None
    return width, height


def run_watch(args: argparse.Namespace) -> int:
    """Watch a stream for ``--seconds`` and print its stats."""
    from video.ingest import ReaderOptions, StreamReader

    install_log_redaction()
    try:
        size = _parse_size(args.size)
    except argparse.ArgumentTypeError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    url = resolve_target(args.target, args.profile, args.db)
    options = ReaderOptions(transport="udp" if args.udp else "tcp", size=size, stamp=True)
    reader = StreamReader(url, args.target if "://" not in args.target else "", options)
    reader.start()
    try:
        reader.wait_ready(args.timeout)
        deadline = time.monotonic() + args.seconds
        seq = 0
        while (left := deadline - time.monotonic()) > 0:
            frame = reader.wait_frame(seq, min(left, 0.5))
            if frame is not None:
                seq = frame.seq
        stats = reader.stats()
    finally:
        reader.stop()
    fields = ("state", "fps", "frames", "decode_errors", "dropped", "reconnects")
    data = stats.to_dict()
    out = {key: data[key] for key in (*fields, "first_frame_s", "latency_ms")}
    out.update(
        url=redact_url(url),
        bitrate_kbps=data["bitrate_kbps"],
        width=data["width"],
        height=data["height"],
    )
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        latency = stats.latency_ms
        shown = f"{latency.p50:.0f}/{latency.p95:.0f} ms" if latency else "n/a (no stamp)"
        print(
            f"{out['url']}: {stats.state} {stats.width}x{stats.height} {stats.fps:.1f} fps "
            f"{stats.bitrate_kbps:.0f} kbit/s, {stats.frames} frames, "
            f"{stats.decode_errors} decode errors, {stats.dropped} dropped, "
            f"{stats.reconnects} reconnects, first frame {stats.first_frame_s or 0:.3f} s, "
            f"latency p50/p95 {shown}"
        )
    return 0


def run_snapshot(args: argparse.Namespace) -> int:
    """Save the first decodable frame of a stream to ``-o FILE``."""
    import cv2

    from video.ingest import ReaderOptions, grab_frame

    install_log_redaction()
    url = resolve_target(args.target, args.profile, args.db)
    frame = grab_frame(url, ReaderOptions(transport="udp" if args.udp else "tcp"), args.timeout)
    output: Path = args.output
    try:
        written = cv2.imwrite(str(output), frame.image)
    except cv2.error:
        written = False
    if not written:
        print(
            f"{output}: cannot write the image: check the folder and the extension (.jpg, .png)",
            file=sys.stderr,
        )
        return 1
    print(f"{output}: {frame.width}x{frame.height} from {redact_url(url)}")
    return 0
