"""The simulated camera's ONVIF HTTP server (aiohttp): one port per camera, like real devices.

Routes every SOAP POST to the device, media, PTZ or events service by the namespace of the
body's first element, checks WS-UsernameToken digest auth, and serves the snapshot JPEG
behind HTTP Digest auth (as cameras do).
Runs on the simulator's asyncio loop: construct, ``await start()``, ``await stop()``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import web

from video.sim import onvif_device, onvif_media, onvif_ptz
from video.sim.discovery_server import DiscoveryTarget
from video.sim.onvif_device import SimDevice
from video.sim.onvif_events import EventsService
from video.sim.onvif_soap import (
    NS,
    NonceCache,
    SoapFault,
    SoapRequest,
    check_auth,
    envelope,
    fault_envelope,
    parse_request,
)
from video.sim.rtsp_auth import DigestAuth

logger = logging.getLogger(__name__)

SOAP_TYPE = "application/soap+xml"
EVENT_NAMESPACES = {NS["tev"], NS["wsnt"]}


class OnvifServer:
    """ONVIF device, media, PTZ and events services for one simulated camera."""

    def __init__(
        self,
        camera: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        user: str | None = None,
        password: str | None = None,
        rtsp_main: str = "",
        rtsp_sub: str = "",
        snapshot: Callable[[], bytes] | None = None,
        location: str = "Tongchuan",
        clock_offset_s: float = 0.0,
    ) -> None:
        self.camera = camera
        self.host = host
        self.port = port
        self._user = user
        self._password = password
        self._snapshot = snapshot
        self.device = SimDevice(
            camera, "", rtsp_main, rtsp_sub, location=location, clock_offset_s=clock_offset_s
        )
        self.events = EventsService(self.device)
        self._http_auth = DigestAuth(user, password) if user and password else None
        self._nonces = NonceCache()
        self._runner: web.AppRunner | None = None
        self.requests = 0
        self.failed_logins = 0  # requests with credentials that were wrong (cameras lock on these)

    def set_password(self, password: str) -> None:
        """Require ``password`` from now on, over WS-Security and HTTP Digest alike."""
        self._password = password
        if self._user:
            self._http_auth = DigestAuth(self._user, password)

    @property
    def xaddr(self) -> str:
        """The device service address, ``http://host:port/onvif/device_service``."""
        return self.device.xaddr("device")

    def discovery_target(self) -> DiscoveryTarget:
        """What the WS-Discovery responder announces for this camera (after start)."""
        return self.device.discovery_target()

    async def start(self) -> str:
        """Bind and serve; return the device service XAddr."""
        app = web.Application(client_max_size=1 << 20)
        app.router.add_post("/onvif/{service}", self._on_soap)
        app.router.add_get("/onvif/snapshot", self._on_snapshot)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self.device.base_url = f"http://{self.host}:{self.port}"
        logger.info("%s: ONVIF on %s", self.device.name, self.xaddr)
        return self.xaddr

    async def stop(self) -> None:
        """Stop serving (pending pull requests are cancelled)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _on_soap(self, request: web.Request) -> web.Response:
        self.requests += 1
        data = await request.read()
        try:
            req = parse_request(data)
            check_auth(req, self._user, self._password, self._nonces, self.device.clock_offset_s)
            body = await self._dispatch(req, request.query.get("id"))
        except SoapFault as fault:
            if "ter:NotAuthorized" in fault.subcodes and b"UsernameToken" in data:
                self.failed_logins += 1
            logger.debug("%s: fault %s %s", self.device.name, fault.subcodes, fault.reason)
            return web.Response(
                status=fault.status, body=fault_envelope(fault), content_type=SOAP_TYPE
            )
        return web.Response(body=envelope(body), content_type=SOAP_TYPE, charset="utf-8")

    async def _dispatch(self, req: SoapRequest, sub_id: str | None) -> str:
        if req.namespace == NS["tds"]:
            return onvif_device.handle(self.device, req)
        if req.namespace == NS["trt"]:
            return onvif_media.handle(self.device, req)
        if req.namespace == NS["tptz"] and self.device.has_ptz:
            return await asyncio.to_thread(onvif_ptz.handle, self.device, req)
        if req.namespace in EVENT_NAMESPACES:
            return await self.events.handle(req, sub_id)
        raise SoapFault(
            "env:Sender",
            ("ter:ActionNotSupported",),
            f"Unknown operation {{{req.namespace}}}{req.operation}",
        )

    async def _on_snapshot(self, request: web.Request) -> web.Response:
        auth = self._http_auth
        if auth is not None and not auth.check("GET", request.headers.get("Authorization")):
            if request.headers.get("Authorization"):  # not the first, credential-less request
                self.failed_logins += 1
            return web.Response(
                status=401, text="401 Unauthorized", headers={"WWW-Authenticate": auth.challenge()}
            )
        if self._snapshot is None:
            raise web.HTTPNotFound(text="no snapshot source")
        jpeg = await asyncio.to_thread(self._snapshot)
        return web.Response(body=jpeg, content_type="image/jpeg")
