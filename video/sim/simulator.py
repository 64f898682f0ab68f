"""The camera simulator: N cameras with RTSP, ONVIF, discovery and fault control.

``Simulator.start()`` runs everything on its own asyncio thread and returns at once with
the cameras' addresses (ports 0 pick free ports); ``stop()`` tears it all down. Each
stream renders and encodes on its own worker thread, only while someone plays it.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import cv2

from video.errors import SimulatorError, UnknownFaultError
from video.sim.camera import SimCamera
from video.sim.control import ControlServer
from video.sim.faults import FAULT_KINDS, check_config, check_fixed, check_kind
from video.sim.rtsp_server import RtspServer

logger = logging.getLogger(__name__)

MOTION_TICK_S = 0.5


@dataclass
class SimCameraInfo:
    """What the simulator prints per camera (URLs never carry credentials)."""

    id: str
    name: str
    onvif: str
    rtsp_main: str
    rtsp_sub: str

    def to_dict(self) -> dict[str, str]:
        """As a plain dict (for JSON)."""
        return asdict(self)


class Simulator:
    """N simulated cameras on one host. Thread-safe public methods."""

    def __init__(
        self,
        cameras: int = 4,
        bind: str = "127.0.0.1",
        rtsp_port: int = 0,
        user: str | None = None,
        password: str | None = None,
        faults: Iterable[str | tuple[int, str]] = (),
        gop: int = 25,
        names: Sequence[str] | None = None,
        onvif: bool = True,
        discovery: bool = True,
        session_timeout: float = 60.0,
        control_port: int = 0,
        fixed: Iterable[int] = (),
    ) -> None:
        self._initial_faults = check_config(cameras, faults, gop, user, password)
        without_ptz = check_fixed(cameras, fixed)
        self.bind, self.gop = bind, gop
        self._user, self._password = user, password
        names = list(names or [])
        self._cameras = {
            i: SimCamera(i, names[i - 1] if i <= len(names) else None, i not in without_ptz)
            for i in range(1, cameras + 1)
        }
        self._want_onvif, self._want_discovery = onvif, discovery
        self.rtsp = RtspServer(self._cameras, bind, rtsp_port, user, password, session_timeout)
        self.control = ControlServer(
            self.set_fault, self.faults, self._info_dicts, bind, control_port
        )
        self._onvif: dict[int, Any] = {}
        self._discovery: Any = None
        self._infos: list[SimCameraInfo] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ticker: asyncio.Task[None] | None = None

    @property
    def control_url(self) -> str:
        """The HTTP fault endpoint (``http://host:port/faults``)."""
        return self.control.url

    @property
    def infos(self) -> list[SimCameraInfo]:
        """The cameras' addresses, as ``start()`` returned them."""
        return list(self._infos)

    def onvif_server(self, index: int) -> Any:
        """The ONVIF server (``video.sim.onvif_server.OnvifServer``) of camera ``index``."""
        self.camera(index)
        try:
            return self._onvif[index]
        except KeyError:
            raise SimulatorError(f"camera {index} has no ONVIF server (onvif=False)") from None

    def camera(self, index: int) -> SimCamera:
        """Camera ``index`` (1-based)."""
        try:
            return self._cameras[index]
        except KeyError:
            raise UnknownFaultError("camera", index, f"1..{len(self._cameras)}") from None

    def _checked(self, camera: int, kind: str) -> tuple[int, str]:
        self.camera(camera)
        return camera, check_kind(kind)

    # -- lifecycle ----------------------------------------------------------------------
    def start(self, timeout: float = 30.0) -> list[SimCameraInfo]:
        """Start serving on a background asyncio thread; return the cameras' addresses."""
        if self._loop is not None:
            raise SimulatorError("simulator already started")
        # Every stream draws and converts small frames with OpenCV on its own worker thread:
        # OpenCV's thread pool only adds hand-offs and busy-waiting (its idle workers spin in
        # sched_yield: 13 % of the simulator's CPU with 16 streams, measured with perf).
        # Process-wide; the console sets the same for its frame bridge.
        cv2.setNumThreads(1)
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="sim-loop", daemon=True)
        self._thread.start()
        try:
            self._infos = asyncio.run_coroutine_threadsafe(self._astart(), loop).result(timeout)
        except OSError as exc:
            self.stop()
            raise SimulatorError(f"cannot listen on {self.bind}: {exc.strerror or exc}") from exc
        except BaseException:
            self.stop()
            raise
        return list(self._infos)

    async def _astart(self) -> list[SimCameraInfo]:
        loop = asyncio.get_running_loop()
        for camera in self._cameras.values():
            camera.attach(loop, self.gop)
        await self.rtsp.start()
        await self.control.start()
        for index, kind in self._initial_faults:
            self._apply_fault(index, kind, True)
        infos = []
        for index, camera in self._cameras.items():
            main, sub = self.rtsp.url(index, "main"), self.rtsp.url(index, "sub")
            xaddr = await self._start_onvif(camera, main, sub) if self._want_onvif else ""
            infos.append(SimCameraInfo(camera.id, camera.name, xaddr, main, sub))
        if self._want_discovery:
            await self._start_discovery()
        self._ticker = asyncio.create_task(self._tick_motion())
        return infos

    async def _start_onvif(self, camera: SimCamera, main: str, sub: str) -> str:
        try:
            from video.sim.onvif_server import OnvifServer
        except ModuleNotFoundError as exc:  # helper H5's part not in this tree yet
            if exc.name != "video.sim.onvif_server":
                raise
            return ""
        server = OnvifServer(
            camera, host=self.bind, port=0, user=self._user, password=self._password,
            rtsp_main=main, rtsp_sub=sub, snapshot=camera.snapshot_jpeg,
        )  # fmt: skip
        self._onvif[camera.index] = server
        return str(await server.start())

    async def _start_discovery(self) -> None:
        try:
            discovery_server = importlib.import_module("video.sim.discovery_server")
        except ModuleNotFoundError as exc:  # helper H5's part not in this tree yet
            if exc.name != "video.sim.discovery_server":
                raise
            return
        self._discovery = discovery_server.DiscoveryServer(
            [server.device for server in self._onvif.values()], host=self.bind
        )
        await self._discovery.start()

    async def _tick_motion(self) -> None:
        while True:
            for camera in self._cameras.values():
                camera.update_motion()
            await asyncio.sleep(MOTION_TICK_S)

    def stop(self) -> None:
        """Stop every server and worker thread; safe to call twice."""
        loop, self._loop = self._loop, None
        if loop is None:
            return
        if loop.is_running():
            asyncio.run_coroutine_threadsafe(self._astop(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        for camera in self._cameras.values():
            camera.close()
        loop.close()

    async def _astop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        if self._discovery is not None:
            await self._discovery.stop()
        for server in self._onvif.values():
            await server.stop()
        await self.control.stop()
        await self.rtsp.close()

    # -- faults -------------------------------------------------------------------------
    def set_password(self, password: str) -> None:
        """Give every camera a new password (RTSP Digest and ONVIF), as when a site rotates
        them; sessions already open go on, new ones need it. Needs a user set at start."""
        if not self._user:
            raise SimulatorError("the simulator was started without a user: no password to set")
        self._password = password
        self.rtsp.set_password(password)
        for server in self._onvif.values():
            server.set_password(password)

    def set_fault(self, camera: int, kind: str, on: bool = True) -> None:
        """Turn fault ``kind`` on or off for camera ``camera`` (1-based); any thread."""
        self._checked(camera, kind)
        loop = self._loop
        if loop is None:
            self._apply_fault(camera, kind, on)
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._apply_fault(camera, kind, on)
        else:
            done = asyncio.run_coroutine_threadsafe(self._aapply(camera, kind, on), loop)
            done.result(5)

    async def _aapply(self, camera: int, kind: str, on: bool) -> None:
        self._apply_fault(camera, kind, on)

    def _apply_fault(self, index: int, kind: str, on: bool) -> None:
        cam = self._cameras[index]
        cam.set_fault(kind, on)
        if kind == "disconnect" and on and self._loop is not None:
            dropped = self.rtsp.drop_camera(index)
            logger.info("%s: disconnect fault dropped %d sessions", cam.id, dropped)

    def faults(self) -> list[dict[str, Any]]:
        """Active faults, ``[{"camera": 3, "kind": "blur"}, ...]``."""
        return [
            {"camera": index, "kind": kind}
            for index, cam in self._cameras.items()
            for kind in FAULT_KINDS
            if kind in cam.faults
        ]

    def _info_dicts(self) -> list[dict[str, Any]]:
        return [info.to_dict() for info in self._infos]

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
