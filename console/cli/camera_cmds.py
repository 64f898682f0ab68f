"""`xueliang camera …`: the camera group; stream and ONVIF commands live in their own modules."""

from __future__ import annotations

import argparse
import importlib

PARTS = (
    "console.cli.camera_stream",
    "console.cli.camera_onvif",
    "console.cli.camera_check",
    "console.cli.camera_diagnose",
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `camera` group and every available camera subcommand."""
    parser = sub.add_parser(
        "camera", help="cameras: discover, probe, watch, check, diagnose, snapshot, PTZ, registry"
    )
    camsub = parser.add_subparsers(dest="camera_command", metavar="ACTION")
    for name in PARTS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(camsub)
