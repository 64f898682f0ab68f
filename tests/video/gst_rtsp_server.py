"""An independent RTSP peer for ingest tests: GStreamer's RTSP server with N test mounts.

Run by the system interpreter (``/usr/bin/python3``, which has ``gi`` and GstRtspServer), not
by the project venv. Each mount ``/camK`` serves ``videotestsrc ! x264enc`` (H.264, zero
latency, one shared encoder per mount however many clients watch). RTP goes over TCP
(interleaved) or UDP, whichever the client asks for.

When the server listens it prints one JSON line ``{"port": P, "urls": [...]}`` on stdout and
then serves until SIGTERM/SIGINT or until stdin closes.

    /usr/bin/python3 tests/video/gst_rtsp_server.py --port 0 --mounts 2 [--user U --password P]
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

SYSTEM_PYTHON = "/usr/bin/python3"

PIPELINE = (
    "( videotestsrc is-live=true pattern={pattern} "
    "! video/x-raw,width={width},height={height},framerate={fps}/1 "
    "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate={kbps} "
    "! video/x-h264,profile=baseline ! rtph264pay name=pay0 pt=96 config-interval=1 )"
)
PATTERNS = ("ball", "smpte", "snow", "pinwheel")


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--mounts", type=int, default=1)
    parser.add_argument("--width", type=int, default=320)
    parser.add_argument("--height", type=int, default=180)
    parser.add_argument("--fps", type=int, default=25)
    parser.add_argument("--gop", type=int, default=25)
    parser.add_argument("--kbps", type=int, default=300)
    parser.add_argument("--user", help="require Basic auth with this user")
    parser.add_argument("--password", default="")
    return parser.parse_args()


class GstServer:
    """Test-side handle: runs this script under the system Python and reads its ready line.

    ``start()`` returns once it listens; ``stop()`` ends it; ``start()`` again on the same
    port restarts it (the kill/restart test). Always ``stop()`` it (or use ``with``).
    """

    def __init__(self, mounts: int = 1, port: int = 0, **flags: Any) -> None:
        self.mounts = mounts
        self.port = port
        self.flags = flags
        self.urls: list[str] = []
        self.proc: subprocess.Popen[str] | None = None

    def start(self, timeout: float = 15.0) -> GstServer:
        """Start the server and wait for its ready line."""
        cmd = [SYSTEM_PYTHON, str(Path(__file__)), "--mounts", str(self.mounts)]
        cmd += ["--port", str(self.port)]
        for key, value in self.flags.items():
            cmd += [f"--{key}", str(value)]
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read() if self.proc.stderr else ""
            self.proc.wait(timeout)
            raise RuntimeError(f"gst RTSP server did not start: {err.strip()}")
        info = json.loads(line)
        self.port = int(info["port"])
        self.urls = list(info["urls"])
        return self

    def url(self, index: int = 0, user: str = "", password: str = "") -> str:
        """The URL of mount ``index``, with credentials when given."""
        base = self.urls[index]
        if not user:
            return base
        return base.replace("rtsp://", f"rtsp://{user}:{password}@", 1)

    def stop(self) -> None:
        """Terminate the server process and reap it."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> GstServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _auth(user: str, password: str) -> Any:
    from gi.repository import GstRtspServer

    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "viewer")
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
    return auth


def main() -> int:
    """Serve the mounts until told to stop."""
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtspServer

    args = _parse()
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.bind)
    server.set_service(str(args.port))
    if args.user:
        server.set_auth(_auth(args.user, args.password))
    mounts = server.get_mount_points()
    for index in range(args.mounts):
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(
            PIPELINE.format(
                pattern=PATTERNS[index % len(PATTERNS)],
                width=args.width,
                height=args.height,
                fps=args.fps,
                gop=args.gop,
                kbps=args.kbps,
            )
        )
        factory.set_shared(True)
        if args.user:
            factory.add_role_from_structure(
                Gst.Structure.new_from_string(
                    "viewer, media.factory.access=(boolean)true, "
                    "media.factory.construct=(boolean)true"
                )
            )
        mounts.add_factory(f"/cam{index}", factory)
    if server.attach(None) == 0:
        print(f"cannot listen on {args.bind}:{args.port}", file=sys.stderr)
        return 1
    port = server.get_bound_port()
    urls = [f"rtsp://{args.bind}:{port}/cam{i}" for i in range(args.mounts)]
    print(json.dumps({"port": port, "urls": urls}), flush=True)

    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    GLib.io_add_watch(
        GLib.IOChannel.unix_new(sys.stdin.fileno()),
        GLib.PRIORITY_DEFAULT,
        GLib.IOCondition.HUP | GLib.IOCondition.IN | GLib.IOCondition.ERR,
        lambda *_: (loop.quit(), False)[1],
    )
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
