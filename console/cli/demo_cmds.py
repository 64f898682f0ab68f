"""`xueliang demo` (the one-command demo) and `xueliang gui` (sign in against --db).

Qt is imported inside the commands only, so the rest of the CLI never loads PySide6.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

logger = logging.getLogger(__name__)


def language(value: str) -> str:
    """``--lang``: zh_CN, zh, zh-CN or en (an argparse error for anything else)."""
    if not value.replace("-", "_").lower().startswith(("zh", "en")):
        raise argparse.ArgumentTypeError(f"unsupported language {value!r}: use zh_CN or en")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `demo` and `gui` commands."""
    demo = sub.add_parser(
        "demo",
        help="demo console: Tongchuan hierarchy, simulated cameras and reports, wall and board",
    )
    demo.add_argument("--cameras", type=int, default=16, help="simulated cameras (default 16)")
    demo.add_argument("--lang", type=language, default=None, help="zh_CN (default) or en")
    demo.add_argument("--user", default="city_op", help="demo login to sign in as (city_op)")
    demo.add_argument("--login", action="store_true", help="show the login dialog instead")
    demo.add_argument("--screenshot", metavar="FILE", help="save a screenshot of the console")
    demo.add_argument(
        "--quit-after",
        metavar="SECONDS",
        type=float,
        help="exit after SECONDS (0 = run until closed)",
    )
    demo.add_argument("--no-reports", action="store_true", help="no simulated grid-worker reports")
    demo.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="CAM:KIND",
        help="start a simulated camera with a fault, e.g. 17:blur (repeatable)",
    )
    demo.add_argument(
        "--fixed",
        action="append",
        type=int,
        default=[],
        metavar="CAM",
        help="a simulated camera without PTZ (a bullet), e.g. 4 (repeatable)",
    )
    demo.set_defaults(func=run_demo)
    gui = sub.add_parser("gui", help="open the console: sign in against --db")
    gui.add_argument("--lang", type=language, default=None, help="zh_CN (default) or en")
    gui.set_defaults(func=run_gui)


def screen_problem(headless_ok: bool) -> str | None:
    """Why no window can open here (None when it can); picks offscreen when ``headless_ok``."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    if headless_ok:  # only a screenshot is wanted: render without a screen
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    return (
        "no screen: DISPLAY is not set. Run the console in a desktop session, or headless with "
        "--screenshot FILE --quit-after SECONDS (or under xvfb-run)"
    )


def run_demo(args: argparse.Namespace) -> int:
    """Run the demo until the window closes (or ``--quit-after``); exit code."""
    if args.cameras < 1:
        print("--cameras must be at least 1", file=sys.stderr)
        return 2
    from video.errors import SimulatorError
    from video.sim.faults import check_faults, check_fixed

    try:
        check_faults(args.cameras, args.fault)
        check_fixed(args.cameras, args.fixed)
    except SimulatorError as exc:
        print(exc, file=sys.stderr)
        return 2
    problem = screen_problem(headless_ok=bool(args.screenshot and args.quit_after))
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from console.demo_run import DemoSession

    session = DemoSession(
        db_url=args.db,
        language=args.lang,
        cameras=args.cameras,
        login=args.user,
        show_login=args.login,
        reports=not args.no_reports,
        faults=args.fault,
        fixed=args.fixed,
    )
    return session.run(
        screenshot=Path(args.screenshot) if args.screenshot else None,
        quit_after_s=args.quit_after,
    )


def run_gui(args: argparse.Namespace) -> int:
    """Open the login dialog against ``--db`` and then the console; exit code."""
    problem = screen_problem(headless_ok=False)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from console.demo_run import GuiSession

    return GuiSession(db_url=args.db, language=args.lang).run()
