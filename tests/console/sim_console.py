"""A console (demo database, English) whose catalog holds simulator cameras, for the
tests that run against real RTSP and ONVIF."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from demo_db import make_demo_db
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.camera_catalog import CameraEntry
from console.demo import DemoWorld
from console.settings import ConsoleSettings
from video.sim.simulator import SimCameraInfo


@contextmanager
def sim_console(
    folder: Path,
    cameras: list[SimCameraInfo],
    extra: dict[str, str] | None = None,
    main: bool = True,
) -> Iterator[ConsoleApp]:
    """The started console with ``cameras`` as "Gate 1", "Gate 2"… in one grid of 王益区,
    ``extra`` cameras (id -> sub-stream URL) as "Bridge", and without main streams unless
    ``main``; stopped and its folder removed afterwards."""
    app = ConsoleApp(make_demo_db(folder / "demo.db"), "en", ConsoleSettings(folder / "c.ini"))
    svc = app.start()
    grid = next(g for g in svc.orgs(level="grid") if g.path.startswith("610200/610202/"))
    entries = [
        CameraEntry(
            i.id,
            f"Gate {n}",
            grid.id,
            *grid.centroid,
            rtsp_main=i.rtsp_main if main else "",
            rtsp_sub=i.rtsp_sub,
        )
        for n, i in enumerate(cameras, 1)
    ]
    for camera_id, url in (extra or {}).items():
        entries.append(CameraEntry(camera_id, "Bridge", grid.id, *grid.centroid, rtsp_sub=url))
    app.set_cameras(entries)
    try:
        yield app
    finally:
        app.stop()
        shutil.rmtree(folder, ignore_errors=True)


def maintenance_window(qtbot: QtBot, app: ConsoleApp, on_wall: str | None = None) -> Any:
    """The maintenance user's window, shown, with a one-tile wall (``on_wall`` on it when
    given; the other cameras off the wall)."""
    assert app.svc is not None
    window = app.open_window(app.svc.user("city_mnt"))
    qtbot.addWidget(window)
    window.show()
    window.wall.set_layout("1")
    if on_wall is not None:
        window.wall.set_camera(0, on_wall)
    return window


@contextmanager
def registry_console(
    folder: Path, cameras: int, fixed: list[int] | None = None
) -> Iterator[tuple[ConsoleApp, DemoWorld]]:
    """The started console on a demo SQLite file whose camera registry holds ``cameras``
    simulated cameras (in this process, with a password), its catalog loaded; no window yet.
    Stopped, with the simulator, afterwards."""
    app = ConsoleApp(f"sqlite:///{folder / 'db.sqlite'}", "en", ConsoleSettings(folder / "c.ini"))
    world = DemoWorld(cameras=cameras, seed=1, in_process=True, fixed=fixed)
    try:
        svc = app.start(load_demo=True)
        world.start(svc, app.open_registry())
        app.load_registry_cameras()
        yield app, world
    finally:
        app.stop()
        world.stop()
