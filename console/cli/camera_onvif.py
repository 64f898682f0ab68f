"""`xueliang camera discover|probe|ptz|add|list|remove`: ONVIF and the camera registry.

Passwords come from --password or XUELIANG_CAMERA_PASSWORD and are never printed: URLs in
output carry no credentials and log lines are redacted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from video.redact import install_log_redaction, strip_credentials

PASSWORD_ENV = "XUELIANG_CAMERA_PASSWORD"


def register(camsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ONVIF and registry commands to the `camera` group."""
    disc = camsub.add_parser("discover", help="find ONVIF cameras by WS-Discovery")
    disc.add_argument(
        "--address", metavar="HOST", help="probe this host by unicast (default: multicast)"
    )
    disc.add_argument("--port", type=int, default=3702, help="WS-Discovery UDP port (3702)")
    disc.add_argument("--interface", metavar="IP", help="local address for multicast")
    disc.add_argument(
        "--timeout", type=float, default=3.0, metavar="S", help="seconds to listen (3)"
    )
    disc.add_argument("--json", action="store_true", help="JSON on stdout")
    disc.set_defaults(func=run_discover)

    probe = camsub.add_parser("probe", help="read device info, profiles and URIs over ONVIF")
    probe.add_argument("url", metavar="http://HOST:PORT")
    _auth_args(probe)
    probe.add_argument("--json", action="store_true", help="JSON on stdout")
    probe.set_defaults(func=run_probe)

    ptz = camsub.add_parser("ptz", help="move a PTZ camera, list or go to presets")
    ptz.add_argument("url", metavar="ONVIF_URL")
    _auth_args(ptz)
    actions = ptz.add_subparsers(dest="ptz_action", metavar="ACTION", required=True)
    move = actions.add_parser("move", help="continuous move at velocities in [-1, 1]")
    move.add_argument("--pan", type=float, default=0.0)
    move.add_argument("--tilt", type=float, default=0.0)
    move.add_argument("--zoom", type=float, default=0.0)
    move.add_argument("--seconds", type=float, help="stop after this long")
    goto = actions.add_parser("goto", help="go to a preset token")
    goto.add_argument("preset")
    for name, text in (
        ("stop", "stop moving"),
        ("presets", "list presets"),
        ("home", "go to the home position"),
        ("status", "position"),
    ):
        actions.add_parser(name, help=text)
    for action in actions.choices.values():
        _auth_args(action, suppress=True)
        action.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    ptz.set_defaults(func=run_ptz, json=False)

    add = camsub.add_parser("add", help="register a camera (from ONVIF or an RTSP URL)")
    src = add.add_mutually_exclusive_group(required=True)
    src.add_argument("--onvif", metavar="URL", help="probe this ONVIF address for profiles")
    src.add_argument("--rtsp", metavar="URL", help="main stream RTSP URL")
    add.add_argument("--rtsp-sub", metavar="URL", help="sub stream RTSP URL (with --rtsp)")
    add.add_argument("--id", dest="camera_id", help="camera id (default: from the device)")
    add.add_argument("--name", help="display name (default: from the device)")
    add.add_argument("--grid", help="grid id the camera belongs to")
    add.add_argument("--lat", type=float)
    add.add_argument("--lon", type=float)
    add.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    _auth_args(add)
    add.add_argument("--json", action="store_true", help="JSON on stdout")
    add.set_defaults(func=run_add)

    lst = camsub.add_parser("list", help="registered cameras")
    lst.add_argument("--grid", help="only this grid")
    lst.add_argument("--tag", help="only cameras with this tag")
    lst.add_argument("--json", action="store_true", help="JSON on stdout")
    lst.set_defaults(func=run_list)

    rm = camsub.add_parser("remove", help="remove a registered camera")
    rm.add_argument("camera_id", metavar="ID")
    rm.set_defaults(func=run_remove)


def _auth_args(parser: argparse.ArgumentParser, suppress: bool = False) -> None:
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument("--user", default=default, help="camera user")
    parser.add_argument(
        "--password", default=default, help=f"camera password (or set {PASSWORD_ENV})"
    )
    parser.add_argument(
        "--timeout", type=float, default=argparse.SUPPRESS if suppress else 5.0,
        metavar="S", help="seconds per ONVIF request (5)",
    )  # fmt: skip


def _password(args: argparse.Namespace) -> str | None:
    return args.password or os.environ.get(PASSWORD_ENV) or None


def _print(args: argparse.Namespace, data: Any, text: Callable[[], str]) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(text())


def _with_device(args: argparse.Namespace, fn: Callable[[Any], int]) -> int:
    install_log_redaction()
    from video.onvif import OnvifDevice, OnvifLoop

    dev = OnvifDevice.from_url(args.url, args.user, _password(args), args.timeout)
    try:
        return fn(dev)
    finally:
        try:
            dev.close()
        finally:
            OnvifLoop.shared().stop()


def run_discover(args: argparse.Namespace) -> int:
    """`camera discover`."""
    from video.discovery import discover

    found = discover(args.timeout, args.address, args.port, args.interface)
    rows = [
        {"endpoint": d.endpoint, "name": d.name, "hardware": d.hardware, "location": d.location,
         "xaddrs": list(d.xaddrs), "scopes": list(d.scopes)}
        for d in found
    ]  # fmt: skip
    _print(args, rows, lambda: "\n".join(
        f"{r['name'] or '?'}\t{' '.join(r['xaddrs'])}\t{r['hardware']}\t{r['location']}"
        for r in rows
    ) or "no cameras answered")  # fmt: skip
    return 0


def probe_dict(dev: Any) -> dict[str, Any]:
    """What `camera probe --json` prints for one device."""
    info = dev.device_info()
    profiles = dev.profiles()
    has_ptz = dev.has_ptz()
    return {
        "manufacturer": info.manufacturer,
        "model": info.model,
        "firmware": info.firmware,
        "serial": info.serial,
        "hardware_id": info.hardware_id,
        "profiles": [
            {
                "token": p.token,
                "name": p.name,
                "encoding": p.encoding,
                "width": p.width,
                "height": p.height,
                "fps": p.fps,
                "stream_uri": strip_credentials(p.stream_uri),
            }
            for p in profiles
        ],
        "ptz": has_ptz,
        "snapshot_uri": strip_credentials(dev.snapshot_uri()) if profiles else None,
        "clock_offset_s": dev.clock_offset_s(),
    }


def run_probe(args: argparse.Namespace) -> int:
    """`camera probe`."""

    def probe(dev: Any) -> int:
        data = probe_dict(dev)
        _print(args, data, lambda: "\n".join(
            [f"{data['manufacturer']} {data['model']} firmware {data['firmware']} "
             f"serial {data['serial']}, PTZ {'yes' if data['ptz'] else 'no'}, "
             f"clock offset {data['clock_offset_s']:+.0f} s"]
            + [f"  {p['name']}: {p['encoding']} {p['width']}x{p['height']} @{p['fps']:g} "
               f"{p['stream_uri']}" for p in data["profiles"]]
        ))  # fmt: skip
        return 0

    return _with_device(args, probe)


def run_ptz(args: argparse.Namespace) -> int:
    """`camera ptz URL ACTION`."""

    def act(dev: Any) -> int:
        action = args.ptz_action
        if action == "move":
            dev.ptz_move(args.pan, args.tilt, args.zoom, args.seconds)
        elif action == "stop":
            dev.ptz_stop()
        elif action == "goto":
            dev.ptz_goto(args.preset)
        elif action == "home":
            dev.ptz_home()
        elif action == "presets":
            rows = [vars(p) for p in dev.ptz_presets()]
            _print(args, rows, lambda: "\n".join(f"{r['token']}\t{r['name']}" for r in rows))
            return 0
        if action in ("status", "move", "stop", "goto", "home"):
            s = dev.ptz_status()
            data = {"pan": s.pan, "tilt": s.tilt, "zoom": s.zoom, "moving": s.moving}
            _print(args, data, lambda: f"pan {s.pan} tilt {s.tilt} zoom {s.zoom}"
                   + (" moving" if s.moving else ""))  # fmt: skip
        return 0

    return _with_device(args, act)


def _registry(args: argparse.Namespace) -> Any:
    install_log_redaction()
    from video.registry import CameraRegistry

    return CameraRegistry(args.db)


def run_add(args: argparse.Namespace) -> int:
    """`camera add`."""
    from video.registry import Camera

    user, password = args.user, _password(args)
    profiles: list[dict[str, Any]] = []
    name, camera_id = args.name, args.camera_id
    rtsp_main, rtsp_sub = args.rtsp, args.rtsp_sub
    if args.onvif:
        args.url = args.onvif
        probed: dict[str, Any] = {}
        _with_device(args, lambda dev: probed.update(probe_dict(dev)) or 0)
        profiles = probed["profiles"]
        by_name = {p["name"]: p["stream_uri"] for p in profiles}
        uris = [p["stream_uri"] for p in profiles]
        rtsp_main = by_name.get("main") or (uris[0] if uris else None)
        rtsp_sub = by_name.get("sub") or (uris[1] if len(uris) > 1 else None)
        name = name or f"{probed['manufacturer']} {probed['model']}".strip()
        camera_id = camera_id or probed["serial"]
    if not camera_id or not name:
        print("camera add --rtsp needs --id and --name", file=sys.stderr)
        return 2
    cam = Camera(
        id=camera_id, name=name, grid_id=args.grid, lat=args.lat, lon=args.lon,
        onvif_url=strip_credentials(args.onvif) if args.onvif else None,
        rtsp_main=rtsp_main, rtsp_sub=rtsp_sub, profiles=profiles, tags=args.tag,
    )  # fmt: skip
    reg = _registry(args)
    try:
        saved = reg.add(cam, user=user, password=password)
    finally:
        reg.close()
    _print(args, saved.to_dict(), lambda: f"added {saved.id} {saved.name}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """`camera list`."""
    reg = _registry(args)
    try:
        cams = reg.list(grid_id=args.grid, tag=args.tag)
    finally:
        reg.close()
    rows = [c.to_dict() for c in cams]
    _print(args, rows, lambda: "\n".join(
        f"{c.id}\t{c.name}\t{c.grid_id or '-'}\t{c.rtsp_main or '-'}\t{','.join(c.tags)}"
        for c in cams
    ) or "no cameras registered")  # fmt: skip
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """`camera remove ID`."""
    reg = _registry(args)
    try:
        reg.remove(args.camera_id)
    finally:
        reg.close()
    print(f"removed {args.camera_id}")
    return 0
