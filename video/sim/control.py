"""HTTP control endpoint of the simulator: list and toggle faults at run time.

    GET  /faults   -> {"kinds": [...], "faults": [{"camera": 3, "kind": "blur"}, ...]}
    POST /faults   {"camera": 3, "kind": "blur", "on": true} -> the same listing
    GET  /cameras  -> the cameras as the simulator printed them

Runs on the simulator's asyncio loop.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import web

from video.errors import SimulatorError
from video.sim.faults import FAULT_KINDS

logger = logging.getLogger(__name__)


class ControlServer:
    """Small aiohttp app on its own port; ``set_fault`` and ``listing`` come from the simulator."""

    def __init__(
        self,
        set_fault: Callable[[int, str, bool], None],
        faults: Callable[[], list[dict[str, Any]]],
        cameras: Callable[[], list[dict[str, Any]]],
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._set_fault = set_fault
        self._faults = faults
        self._cameras = cameras
        self.host, self.port = host, port
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """The fault endpoint, ``http://host:port/faults``."""
        return f"http://{self.host}:{self.port}/faults"

    async def start(self) -> str:
        """Bind and serve; return the fault endpoint URL."""
        app = web.Application(client_max_size=64 * 1024)
        app.router.add_get("/faults", self._on_list)
        app.router.add_post("/faults", self._on_set)
        app.router.add_get("/cameras", self._on_cameras)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]
        return self.url

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _listing(self) -> dict[str, Any]:
        return {"kinds": list(FAULT_KINDS), "faults": self._faults()}

    async def _on_list(self, request: web.Request) -> web.Response:
        return web.json_response(self._listing())

    async def _on_cameras(self, request: web.Request) -> web.Response:
        return web.json_response(self._cameras(), dumps=lambda o: json.dumps(o, ensure_ascii=False))

    async def _on_set(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return _bad('body must be JSON like {"camera": 3, "kind": "blur", "on": true}')
        if not isinstance(body, dict):
            return _bad('body must be a JSON object like {"camera": 3, "kind": "blur"}')
        camera, kind, on = body.get("camera"), body.get("kind"), body.get("on", True)
        if not isinstance(camera, int) or isinstance(camera, bool):
            return _bad('"camera" must be the camera number (1, 2, ...)')
        if not isinstance(kind, str) or not isinstance(on, bool):
            return _bad('"kind" must be a fault name and "on" true or false')
        try:
            self._set_fault(camera, kind, on)
        except SimulatorError as exc:
            return _bad(str(exc))
        logger.info("control: cam%s %s %s", camera, kind, "on" if on else "off")
        return web.json_response(self._listing())


def _bad(message: str) -> web.Response:
    return web.json_response({"error": message}, status=400)
