"""The demo world: simulated cameras placed in the grids of one district, and a background
stream of simulated grid-worker reports (some linked to cameras).

Qt-free. ``DemoWorld.start(svc)`` starts the simulator (``xueliang sim`` in a child process,
see ``console.demo_sim``) and returns the camera catalog entries; ``start_reports(svc)``
starts the report thread; ``stop()`` ends both.
Video alarms come from the simulated cameras' real ONVIF events through the console's
linkage (``console.linkage.Linkage``), not from this generator.
"""

from __future__ import annotations

import logging
import random
import secrets
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from console.camera_catalog import CameraEntry
from console.demo_desks import DemoDesks
from console.demo_sim import SimProcess
from dispatch.errors import DispatchError
from dispatch.service import DispatchService
from video.sim.simulator import Simulator

logger = logging.getLogger(__name__)

DEMO_DISTRICT = "610202"  # 王益区
DEMO_LOGIN = "city_op"
DEMO_TAG = "demo"
DEMO_CAMERA_USER = "admin"

# (category code, severity, title, urgent) of simulated grid-worker reports
REPORTS = (
    ("dispute.neighbour", "simple", "邻里噪音纠纷，双方争执", False),
    ("city_management.encroachment", "simple", "路口占道经营，影响通行", False),
    ("city_management.sanitation", "simple", "垃圾堆放未清运", False),
    ("safety.fire", "general", "楼道堆放杂物堵塞消防通道", False),
    ("safety.traffic", "general", "路口信号灯故障，车辆拥堵", True),
    ("public_order.gathering", "complex", "多人聚集争吵，情绪激动", True),
    ("public_order.theft", "general", "电动车多次被盗，居民反映", False),
    ("city_management.facility", "simple", "井盖破损存在安全隐患", False),
    ("dispute.labour", "complex", "工地拖欠工资，工人聚集讨薪", True),
    ("safety.production", "general", "小作坊违规用电", False),
    ("livelihood", "simple", "小区供暖不热，居民求助", False),
    ("stability.petition", "major", "群众集体反映拆迁补偿问题", True),
)


class DemoWorld:
    """Simulator + report generator for ``xueliang demo`` (all threads stopped by ``stop``)."""

    def __init__(
        self,
        cameras: int = 16,
        district: str = DEMO_DISTRICT,
        interval_s: tuple[float, float] = (4.0, 9.0),
        seed: int | None = None,
        in_process: bool = False,
        faults: list[str] | None = None,
        fixed: list[int] | None = None,
    ) -> None:
        self.cameras = cameras
        self.faults = list(faults or [])  # "CAM:KIND": simulated cameras started faulty
        self.fixed = list(fixed or [])  # simulated cameras without PTZ (bullets)
        # In this process only for tests that look inside the simulated cameras (``simulator``);
        # otherwise `xueliang sim` in a child process (see console.demo_sim).
        self.in_process = in_process
        self.sim_process: SimProcess | None = None
        self.district = district
        self.interval_s = interval_s
        self.simulator: Simulator | None = None
        self.entries: list[CameraEntry] = []
        self.reported = 0
        self.backlog: frozenset[str] = frozenset()  # ids of file_backlog's incidents
        self.own_center = "610200"  # the signed-in demo user's center: its work is left to them
        self._random = random.Random(seed)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def demo_grids(self, svc: Any) -> list[Any]:
        """``cameras`` grids of the district, spread over its townships."""
        grids = [g for g in svc.orgs(level="grid") if f"/{self.district}/" in f"/{g.path}/"]
        if not grids:
            raise DispatchError(f"no grids under {self.district}: load the demo hierarchy first")
        step = max(1, len(grids) // self.cameras)
        picked = grids[::step][: self.cameras]
        while len(picked) < self.cameras:  # more cameras than grids: several per grid
            picked.append(grids[len(picked) % len(grids)])
        return picked

    def start(self, svc: Any, registry: Any = None) -> list[CameraEntry]:
        """Start the simulator with one camera per demo grid; the catalog entries.

        With a ``video.registry.CameraRegistry`` the cameras are (re-)registered there, tagged
        ``demo``, with a fresh password that lives only in the registry's sealed secret.
        """
        grids = self.demo_grids(svc)
        names = [f"{g.name}-{i + 1:02d}" for i, g in enumerate(grids)]
        password = secrets.token_urlsafe(12) if registry is not None else None
        user = DEMO_CAMERA_USER if registry is not None else None
        if self.in_process:
            self.simulator = Simulator(
                cameras=self.cameras,
                names=names,
                discovery=False,
                user=user,
                password=password,
                faults=self.faults,
                fixed=self.fixed,
            )
            infos = self.simulator.start()
        else:
            self.sim_process = SimProcess()
            infos = self.sim_process.start(names, user, password, self.faults, self.fixed)
        self.entries = [
            CameraEntry(
                id=info.id,
                name=info.name,
                grid_id=grid.id,
                lon=grid.centroid[0],
                lat=grid.centroid[1],
                onvif_url=info.onvif,
                model="Xueliang simulator",
                rtsp_main=info.rtsp_main,
                rtsp_sub=info.rtsp_sub,
            )
            for info, grid in zip(infos, grids, strict=True)
        ]
        if registry is not None:
            self._register(registry, user, password)
        logger.info("demo: %d simulated cameras in %s", len(self.entries), self.district)
        return self.entries

    def _register(self, registry: Any, user: str | None, password: str | None) -> None:
        from video.registry import Camera

        for old in registry.list(tag=DEMO_TAG):
            registry.remove(old.id)
        for entry in self.entries:
            registry.add(
                Camera(
                    id=entry.id,
                    name=entry.name,
                    grid_id=entry.grid_id,
                    lat=entry.lat,
                    lon=entry.lon,
                    onvif_url=entry.onvif_url,
                    rtsp_main=entry.rtsp_main,
                    rtsp_sub=entry.rtsp_sub,
                    tags=[DEMO_TAG],
                ),
                user,
                password,
            )

    def report_once(self, svc: Any) -> Any | None:
        """File one simulated grid-worker report (linked to the grid's camera); the incident."""
        if not self.entries:
            return None
        camera = self._random.choice(self.entries)
        assert camera.grid_id is not None
        workers = svc.users(org_id=camera.grid_id, role="grid_worker")
        if not workers:
            return None
        category, severity, title, urgent = self._random.choice(REPORTS)
        linked = (camera.id,) if self._random.random() < 0.8 else ()
        try:
            incident = svc.report(
                workers[0].login,
                camera.grid_id,
                category,
                severity,
                title,
                description=f"网格员现场上报：{title}",
                channel="grid_worker",
                cameras=linked,
                urgent=urgent,
                lon=camera.lon,
                lat=camera.lat,
                address=camera.name,
            )
        except DispatchError as exc:
            logger.warning("demo report refused: %s", exc)
            return None
        self.reported += 1
        return incident

    def file_backlog(self, svc: Any, count: int = 4, hours_ago: float = 3.0) -> list[Any]:
        """Reports filed ``hours_ago`` that nobody finished in time, some accepted and left
        soon after: what a duty officer finds on taking over the shift. The console's sweep
        marks them overdue and raises the supervision notices (督办) as it would for real.

        They go through a second service on the same store whose clock reads that time, so
        every record (audit, time limits) is what the service writes, only earlier.
        """
        at = datetime.now(UTC) - timedelta(hours=hours_ago)
        earlier = DispatchService(svc.store, clock=lambda: at)
        filed = [i for i in (self.report_once(earlier) for _ in range(count)) if i is not None]
        at += timedelta(minutes=10)
        desks = DemoDesks(earlier, own_center=self.own_center, seed=self._random.randrange(1 << 30))
        for _ in range(count // 2):
            desks.step_once()
        self.backlog = self.backlog | {i.id for i in filed}  # left alone from now on
        logger.info("demo: %d incidents filed %.0f h ago left open", len(filed), hours_ago)
        return filed

    def start_reports(self, svc: Any, initial: int = 10) -> None:
        """File ``initial`` reports now, then one every few seconds on a background thread."""
        for _ in range(initial):
            self.report_once(svc)
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(svc,), name="demo-reports", daemon=True
        )
        self._thread.start()

    def _run(self, svc: Any) -> None:
        desks = DemoDesks(
            svc,
            own_center=self.own_center,
            seed=self._random.randrange(1 << 30),
            leave=self.backlog,
        )
        while not self._stop.wait(self._random.uniform(*self.interval_s)):
            self.report_once(svc)
            for _ in range(self._random.randint(1, 3)):  # the other consoles at work
                desks.step_once()

    def stop(self) -> None:
        """Stop the report thread, then the simulator."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self.simulator is not None:
            self.simulator.stop()
            self.simulator = None
        if self.sim_process is not None:
            self.sim_process.stop()
            self.sim_process = None
