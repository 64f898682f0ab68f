"""The demo: `xueliang demo` end to end, the demo world, badges and snapshot evidence."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.demo import DemoWorld
from console.settings import ConsoleSettings
from dispatch.store import Store

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")


def test_demo_command_saves_a_screenshot_and_exits(tmp_path: Path) -> None:
    shot = tmp_path / "demo.png"
    db = tmp_path / "demo.db"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "console",
            "--db",
            f"sqlite:///{db}",
            "demo",
            "--cameras",
            "3",
            "--screenshot",
            str(shot),
            "--quit-after",
            "8",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"screenshot saved: {shot}" in result.stdout
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
    store = Store.open(f"sqlite:///{db}")
    try:
        from dispatch.service import DispatchService

        incidents = DispatchService(store).list_incidents()
        assert len(incidents) >= 10  # the initial simulated reports
        assert {i.channel for i in incidents} >= {"grid_worker"}
        assert any(i.cameras for i in incidents)
    finally:
        store.close()


@pytest.fixture
def demo(qapp: object, tmp_path: Path) -> Iterator[tuple[ConsoleApp, DemoWorld]]:
    app = ConsoleApp(
        f"sqlite:///{tmp_path / 'demo.db'}", "zh_CN", ConsoleSettings(tmp_path / "c.ini")
    )
    world = DemoWorld(cameras=2, seed=7)
    svc = app.start(load_demo=True)
    world.start(svc, app.open_registry())  # credentials live only in the registry
    app.load_registry_cameras()
    yield app, world
    app.stop()
    world.stop()


def test_demo_world_places_cameras_in_wangyi_grids(demo: tuple[ConsoleApp, DemoWorld]) -> None:
    app, world = demo
    assert app.svc is not None
    entries = app.catalog.all()
    assert len(entries) == 2
    for entry in entries:
        grid = app.svc.org(entry.grid_id or "")
        assert grid.level == "grid" and grid.path.startswith("610200/610202/")
        assert (entry.lon, entry.lat) == grid.centroid
        assert entry.rtsp_sub.startswith("rtsp://127.0.0.1:")  # no credentials in the catalog
        assert "@" in app.open_reader(entry.id, "sub", None).url  # the reader gets them
    incident = world.report_once(app.svc)
    assert incident is not None and incident.channel == "grid_worker"
    assert incident.grid_id in {e.grid_id for e in entries}


def test_badge_and_snapshot_evidence_on_a_live_tile(
    qtbot: QtBot, demo: tuple[ConsoleApp, DemoWorld]
) -> None:
    app, _ = demo
    svc = app.svc
    assert svc is not None
    window = app.open_window(svc.user("city_op"))
    qtbot.addWidget(window)
    window.show()
    camera = app.catalog.all()[0]
    tile = next(t for t in window.wall.tiles() if t.camera_id == camera.id)
    qtbot.waitUntil(lambda: tile.status().state == "live" and tile.has_picture(), timeout=20000)
    worker = svc.users(org_id=camera.grid_id, role="grid_worker")[0]
    incident = svc.report(
        worker.login, camera.grid_id, "safety.fire", "general", "消防通道堵塞", cameras=[camera.id]
    )
    # another writer's change arrives through the feed follower and becomes a badge
    qtbot.waitUntil(lambda: incident.id in {b.incident_id for b in tile.badges()}, timeout=15000)
    assert app.board is not None
    app.board.select(incident.id)
    window._on_snapshot_requested(camera.id, tile.slot)  # saved and attached on a worker
    qtbot.waitUntil(lambda: len(svc.get(incident.id).attachments) == 1, timeout=10000)
    qtbot.waitUntil(
        lambda: any("快照" in e.text or "抓拍" in e.text for e in window.log_model.events()),
        timeout=5000,
    )
    attached = svc.get(incident.id).attachments
    assert len(attached) == 1
    path = Path(attached[0].path)
    assert path.exists() and path.suffix == ".jpg"
    assert attached[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (
        "快照" in window.log_model.events()[0].text or "抓拍" in window.log_model.events()[0].text
    )
    before = {t.name for t in threading.enumerate()}
    assert any(name.startswith("reader-") for name in before)


def test_backlog_is_swept_overdue_by_the_console(
    qtbot: QtBot, demo: tuple[ConsoleApp, DemoWorld]
) -> None:
    """The demo's backlog (filed three hours ago, left open) is marked overdue by the sweep the
    console runs, with a supervision notice at the parent center, as the duty officer finds it."""
    app, world = demo
    assert app.svc is not None
    svc = app.svc
    filed = world.file_backlog(svc, count=4)
    assert len(filed) == 4
    for inc in filed:
        age = datetime.now(UTC) - inc.created_at
        assert timedelta(hours=2.9) < age < timedelta(hours=3.1)
        assert not svc.get(inc.id).overdue  # nobody swept yet
    window = app.open_window(svc.user("city_duty"))
    qtbot.addWidget(window)
    assert app.sweeper is not None
    qtbot.waitUntil(lambda: app.sweeper is not None and app.sweeper.sweeps >= 1, timeout=10000)
    fresh = [svc.get(inc.id) for inc in filed]
    assert all(inc.overdue for inc in fresh if inc.state != "closed")
    notices = {n.incident_id for n in svc.notices()}
    assert {inc.id for inc in fresh if inc.overdue} <= notices
    history = [h.action for h in svc.history(filed[0].id)]
    assert history[0] == "report" and "overdue" in history
