"""A synchronous ONVIF camera facade over onvif-zeep-async, running on the shared OnvifLoop.

Every public method blocks the caller (never the Qt thread: call from a worker) and raises
only ``video.errors.OnvifError`` subclasses, translated in ``faults.translate``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import socket
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from video.errors import OnvifAuthError
from video.onvif.faults import import_onvif, translate, warm_wsdl
from video.onvif.loop import OnvifLoop
from video.onvif.models import DeviceInfo, Event, Preset, Profile, PtzStatus
from video.redact import strip_credentials
from video.refusals import REFUSALS, login

logger = logging.getLogger(__name__)

T = TypeVar("T")
PTZ_NAMESPACE = "http://www.onvif.org/ver20/ptz/wsdl"


def _num(obj: Any, *path: str) -> float | None:
    for name in path:
        obj = getattr(obj, name, None) if obj is not None else None
    return float(obj) if obj is not None else None


class OnvifDevice:
    """One ONVIF camera. Thread-safe; each call is one round of SOAP requests on the loop."""

    def __init__(
        self,
        host: str,
        port: int = 80,
        user: str | None = None,
        password: str | None = None,
        timeout_s: float = 5.0,
        loop: OnvifLoop | None = None,
    ) -> None:
        self.host = host
        self.port = int(port)
        self.address = f"{host}:{self.port}"
        self.timeout_s = timeout_s
        self._user = user
        self._password = password
        # credentials the camera refused are not tried again for a while (video.refusals)
        self.account = login("onvif", host, self.port, user, password)
        self._loop = loop or OnvifLoop.shared()
        self._cam: Any = None
        self._connect_lock: asyncio.Lock | None = None
        self._profiles: list[Any] | None = None

    @classmethod
    def from_url(
        cls, url: str, user: str | None = None, password: str | None = None, timeout_s: float = 5.0
    ) -> OnvifDevice:
        """From ``http://host:port[/onvif/device_service]`` (user/password in the URL also work)."""
        parts = urlsplit(url if "://" in url else "http://" + url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            from video.errors import OnvifProtocolError

            raise OnvifProtocolError(
                strip_credentials(url), "not an ONVIF address: use http://HOST:PORT"
            )
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return cls(
            parts.hostname, port, user or parts.username, password or parts.password, timeout_s
        )

    # -- plumbing -----------------------------------------------------------------------------

    def _run(
        self,
        operation: str,
        fn: Callable[[], Awaitable[T]],
        extra_s: float = 0.0,
        logs_in: bool = True,
    ) -> T:
        limit = self.timeout_s + extra_s
        if logs_in and REFUSALS.left_s(self.account) > 0:
            raise OnvifAuthError(self.address)  # refused lately: no failed login again

        async def guarded() -> T:
            try:
                await warm_wsdl()  # parsing the WSDLs once is CPU work, not camera latency
                return await asyncio.wait_for(fn(), limit)
            except BaseException as exc:
                if isinstance(exc, asyncio.CancelledError):
                    raise
                error = translate(exc, self.address, operation, limit)
                if isinstance(error, OnvifAuthError) and await self.login_refused():
                    REFUSALS.refused(self.account)
                raise error from None

        return self._loop.run(guarded())

    async def login_refused(self) -> bool:
        """After an answer "not authorized": whether the camera refuses this account's login
        (wrong password), not only one operation to it (a user level without PTZ, an expired
        pull-point). A failure while connecting proves it; otherwise one authenticated
        GetDeviceInformation decides (on the loop thread)."""
        cam = self._cam
        if cam is None or REFUSALS.left_s(self.account) > 0:  # the login itself was refused
            return True  # (or lately, by another call: no second failed login to prove it)
        try:
            mgmt = await cam.create_devicemgmt_service()
            await asyncio.wait_for(mgmt.GetDeviceInformation(), self.timeout_s)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            proof = translate(exc, self.address, "GetDeviceInformation", self.timeout_s)
            return isinstance(proof, OnvifAuthError)
        return False

    def refused_s(self) -> float:
        """Seconds until this device's credentials are tried again after the camera
        refused them (0: they are tried at the next call)."""
        return REFUSALS.left_s(self.account)

    def forget_refusal(self) -> bool:
        """Try the credentials at the next call even if the camera refused them lately (an
        operator asked to: the password was fixed on the camera). True if they waited."""
        return REFUSALS.forget(self.account)

    async def _camera(self) -> Any:
        if self._connect_lock is None:
            self._connect_lock = asyncio.Lock()
        async with self._connect_lock:
            if self._cam is None:
                onvif = import_onvif()
                # no credentials configured: an empty UsernameToken (the library puts None
                # into the XML and failed with a TypeError before sending anything)
                cam = onvif.ONVIFCamera(
                    self.host,
                    self.port,
                    self._user or "",
                    self._password or "",
                    no_cache=True,
                    adjust_time=True,
                )
                try:
                    await cam.update_xaddrs()
                except BaseException:
                    await cam.close()
                    raise
                self._cam = cam
            return self._cam

    async def _media_profiles(self) -> list[Any]:
        if self._profiles is None:
            media = await (await self._camera()).create_media_service()
            self._profiles = list(await media.GetProfiles() or [])
        return self._profiles

    async def _ptz_token(self) -> tuple[Any, str]:
        cam = await self._camera()
        if PTZ_NAMESPACE not in cam.xaddrs:
            from video.errors import OnvifFaultError

            raise OnvifFaultError(self.address, "PTZ", "NoPTZ", "camera has no PTZ service")
        profiles = await self._media_profiles()
        with_ptz = [p for p in profiles if getattr(p, "PTZConfiguration", None) is not None]
        token = (with_ptz or profiles)[0].token
        return await cam.create_ptz_service(), token

    # -- device and media ---------------------------------------------------------------------

    def device_info(self) -> DeviceInfo:
        """Manufacturer, model, firmware, serial and hardware id."""

        async def call() -> DeviceInfo:
            mgmt = await (await self._camera()).create_devicemgmt_service()
            r = await mgmt.GetDeviceInformation()
            return DeviceInfo(
                str(r.Manufacturer or ""),
                str(r.Model or ""),
                str(r.FirmwareVersion or ""),
                str(r.SerialNumber or ""),
                str(r.HardwareId or ""),
            )

        return self._run("GetDeviceInformation", call)

    def has_ptz(self) -> bool:
        """True if the camera publishes a PTZ service."""

        async def call() -> bool:
            return PTZ_NAMESPACE in (await self._camera()).xaddrs

        return self._run("GetServices", call)

    def profiles(self) -> list[Profile]:
        """Media profiles with encoder settings and RTSP URIs (credentials stripped)."""

        async def call() -> list[Profile]:
            media = await (await self._camera()).create_media_service()
            out = []
            for p in await self._media_profiles():
                vec = getattr(p, "VideoEncoderConfiguration", None)
                res = getattr(vec, "Resolution", None)
                fps = _num(vec, "RateControl", "FrameRateLimit")
                uri = await media.GetStreamUri(
                    {
                        "ProfileToken": p.token,
                        "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
                    }
                )
                out.append(
                    Profile(
                        token=str(p.token),
                        name=str(p.Name or p.token),
                        encoding=str(getattr(vec, "Encoding", "") or ""),
                        width=int(getattr(res, "Width", 0) or 0),
                        height=int(getattr(res, "Height", 0) or 0),
                        fps=fps or 0.0,
                        stream_uri=strip_credentials(str(uri.Uri or "")),
                        has_ptz=getattr(p, "PTZConfiguration", None) is not None,
                    )
                )
            return out

        return self._run("GetProfiles", call)

    def snapshot_uri(self, profile_token: str | None = None) -> str:
        """The JPEG snapshot URI of a profile (default: the first)."""

        async def call() -> str:
            token = profile_token or (await self._media_profiles())[0].token
            media = await (await self._camera()).create_media_service()
            r = await media.GetSnapshotUri({"ProfileToken": token})
            return strip_credentials(str(r.Uri or ""))

        return self._run("GetSnapshotUri", call)

    def snapshot(self, profile_token: str | None = None) -> bytes:
        """One JPEG from the camera's snapshot URI (HTTP digest auth with our credentials)."""

        async def call() -> bytes:
            cam = await self._camera()
            token = profile_token or (await self._media_profiles())[0].token
            jpeg = await cam.get_snapshot(token, timeout=self.timeout_s)
            if not jpeg:
                from video.errors import OnvifProtocolError

                raise OnvifProtocolError(self.address, "camera returned no snapshot image")
            return bytes(jpeg)

        return self._run("GetSnapshot", call)

    def clock_offset_s(self) -> float:
        """Camera UTC clock minus ours, in seconds (1 s resolution, as ONVIF reports it)."""

        async def call() -> float:
            mgmt = await (await self._camera()).create_devicemgmt_service()
            r = await mgmt.authless_GetSystemDateAndTime()
            u = r.UTCDateTime
            cam = dt.datetime(
                u.Date.Year,
                u.Date.Month,
                u.Date.Day,
                u.Time.Hour,
                u.Time.Minute,
                u.Time.Second,
                tzinfo=dt.UTC,
            )
            now = dt.datetime.now(dt.UTC).replace(microsecond=0)
            return (cam - now).total_seconds()

        return self._run("GetSystemDateAndTime", call)

    # -- PTZ ----------------------------------------------------------------------------------

    def ptz_move(
        self,
        pan: float,
        tilt: float,
        zoom: float = 0.0,
        seconds: float | None = None,
        timeout: float | None = None,
    ) -> None:
        """Continuous move at velocities in [-1, 1]; with ``seconds``, block then stop; with
        ``timeout``, return at once and let the camera stop by itself after that long unless
        another move or a stop comes first (ONVIF's ContinuousMove Timeout)."""

        async def call() -> None:
            ptz, token = await self._ptz_token()
            req: dict[str, Any] = {
                "ProfileToken": token,
                "Velocity": {"PanTilt": {"x": pan, "y": tilt}, "Zoom": {"x": zoom}},
            }
            if seconds is not None or timeout is not None:
                req["Timeout"] = dt.timedelta(seconds=seconds or timeout or 0.0)
            await ptz.ContinuousMove(req)
            if seconds is not None:
                await asyncio.sleep(seconds)
                await ptz.Stop({"ProfileToken": token, "PanTilt": True, "Zoom": True})

        self._run("ContinuousMove", call, extra_s=seconds or 0.0)

    def ptz_stop(self) -> None:
        """Stop pan, tilt and zoom."""

        async def call() -> None:
            ptz, token = await self._ptz_token()
            await ptz.Stop({"ProfileToken": token, "PanTilt": True, "Zoom": True})

        self._run("Stop", call)

    def ptz_absolute(self, pan: float, tilt: float, zoom: float | None = None) -> None:
        """Move to an absolute position (generic spaces)."""

        async def call() -> None:
            ptz, token = await self._ptz_token()
            pos: dict[str, Any] = {"PanTilt": {"x": pan, "y": tilt}}
            if zoom is not None:
                pos["Zoom"] = {"x": zoom}
            await ptz.AbsoluteMove({"ProfileToken": token, "Position": pos})

        self._run("AbsoluteMove", call)

    def ptz_relative(self, pan: float, tilt: float, zoom: float = 0.0) -> None:
        """Move by an offset (generic translation spaces)."""

        async def call() -> None:
            ptz, token = await self._ptz_token()
            await ptz.RelativeMove(
                {
                    "ProfileToken": token,
                    "Translation": {"PanTilt": {"x": pan, "y": tilt}, "Zoom": {"x": zoom}},
                }
            )

        self._run("RelativeMove", call)

    def ptz_status(self) -> PtzStatus:
        """Position and move status."""

        async def call() -> PtzStatus:
            ptz, token = await self._ptz_token()
            s = await ptz.GetStatus({"ProfileToken": token})
            move = getattr(s, "MoveStatus", None)
            moving = any(
                str(getattr(move, axis, "") or "").upper() == "MOVING"
                for axis in ("PanTilt", "Zoom")
            )
            return PtzStatus(
                _num(s, "Position", "PanTilt", "x"),
                _num(s, "Position", "PanTilt", "y"),
                _num(s, "Position", "Zoom", "x"),
                moving,
            )

        return self._run("GetStatus", call)

    def ptz_presets(self) -> list[Preset]:
        """Stored presets."""

        async def call() -> list[Preset]:
            ptz, token = await self._ptz_token()
            return [
                Preset(
                    str(p.token),
                    str(p.Name or p.token),
                    _num(p, "PTZPosition", "PanTilt", "x"),
                    _num(p, "PTZPosition", "PanTilt", "y"),
                    _num(p, "PTZPosition", "Zoom", "x"),
                )
                for p in await ptz.GetPresets({"ProfileToken": token}) or []
            ]

        return self._run("GetPresets", call)

    def ptz_set_preset(self, name: str) -> str:
        """Store the current position as a preset; return its token."""

        async def call() -> str:
            ptz, token = await self._ptz_token()
            return str(await ptz.SetPreset({"ProfileToken": token, "PresetName": name}))

        return self._run("SetPreset", call)

    def ptz_goto(self, preset_token: str) -> None:
        """Go to a preset by token."""

        async def call() -> None:
            ptz, token = await self._ptz_token()
            await ptz.GotoPreset({"ProfileToken": token, "PresetToken": preset_token})

        self._run("GotoPreset", call)

    def ptz_home(self) -> None:
        """Go to the home position."""

        async def call() -> None:
            ptz, token = await self._ptz_token()
            await ptz.GotoHomePosition({"ProfileToken": token})

        self._run("GotoHomePosition", call)

    # -- events and lifetime ------------------------------------------------------------------

    def subscribe_events(self, callback: Callable[[Event], None]) -> Any:
        """Start a pull-point subscription; ``callback`` runs on the loop thread. Returns it."""
        from video.onvif.events import Subscription

        sub = Subscription(self, callback)
        self._run("CreatePullPointSubscription", sub.start)
        return sub

    def reachable(self, timeout_s: float | None = None) -> None:
        """Open and close a TCP connection to the device service (the calling thread waits;
        no ONVIF, no event loop): raises OnvifConnectionError or OnvifTimeoutError. Cheap
        enough to try many cameras at once before the costly ONVIF exchanges."""
        from video.errors import OnvifConnectionError, OnvifTimeoutError

        limit = self.timeout_s if timeout_s is None else timeout_s
        try:
            socket.create_connection((self.host, self.port), timeout=limit).close()
        except TimeoutError:
            raise OnvifTimeoutError(self.address, "a TCP connection", limit) from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise OnvifConnectionError(
                self.address, f"cannot connect ({reason}): check the address and port"
            ) from None

    def close(self) -> None:
        """Close the HTTP sessions (the shared loop keeps running)."""

        async def call() -> None:
            cam, self._cam, self._profiles = self._cam, None, None
            if cam is not None:
                await cam.close()

        if self._cam is not None:
            self._run("close", call, logs_in=False)

    def __enter__(self) -> OnvifDevice:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
