"""The `xueliang` command line: one entry point, subcommands registered per area.

Each area module exposes ``register(subparsers)`` and sets ``func`` on its parsers.
A ``func`` returns an exit code. Named domain errors become one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

# Area modules, in help order. Each must define register(subparsers).
AREAS = (
    "console.cli.db_cmds",
    "console.cli.org_cmds",
    "console.cli.incident_cmds",
    "console.cli.sim_cmds",
    "console.cli.camera_cmds",
    "console.cli.demo_cmds",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with every available area registered."""
    parser = argparse.ArgumentParser(prog="xueliang", description="雪亮指挥调度台 Xueliang Console")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: XUELIANG_DB_URL or a SQLite file in the user data dir)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in AREAS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # area not built yet
            raise
        module.register(sub)
    _accept_globals_anywhere(parser)
    return parser


def _accept_globals_anywhere(parser: argparse.ArgumentParser) -> None:
    """Let every subcommand take --db after its name too (`xueliang demo --db URL`)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in set(action.choices.values()):
                if not any("--db" in a.option_strings for a in child._actions):
                    child.add_argument(
                        "--db", metavar="URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS
                    )
                _accept_globals_anywhere(child)


def _known_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = []
    for name, cls in (("dispatch.errors", "DispatchError"), ("video.errors", "VideoError")):
        try:
            errors.append(getattr(importlib.import_module(name), cls))
        except (ModuleNotFoundError, AttributeError):
            pass
    return tuple(errors)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    known = _known_errors()
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except known as exc:  # named domain errors: one clear line, no traceback
        print(str(exc), file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
