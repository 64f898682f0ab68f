"""The simulator's ONVIF services, judged by onvif-zeep-async itself over real HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field

import aiohttp
import pytest

from video.onvif.faults import import_onvif
from video.sim.events import TOPIC_MOTION, TOPIC_TAMPER, EventBus
from video.sim.onvif_server import OnvifServer
from video.sim.onvif_soap import digest
from video.sim.ptz import PtzState

import_onvif()
from onvif import ONVIFCamera  # noqa: E402
from zeep.exceptions import Fault  # noqa: E402

USER, PASSWORD = "admin", "s3cret-pw"
PROFILE = {"ProfileToken": "prof_main"}


@dataclass
class SimCamera:
    """The parts of a simulator camera the ONVIF server uses: real PtzState and EventBus."""

    name: str = "测试路口"
    id: str = "cam01"
    ptz: PtzState = field(default_factory=PtzState)
    events: EventBus = field(default_factory=EventBus)


async def _serve(cam: SimCamera, **kw: object) -> OnvifServer:
    srv = OnvifServer(
        cam,
        "127.0.0.1",
        0,
        USER,
        PASSWORD,
        rtsp_main="rtsp://127.0.0.1:8554/cam01/main",
        rtsp_sub="rtsp://127.0.0.1:8554/cam01/sub",
        snapshot=lambda: b"\xff\xd8\xff\xe0fake-jpeg-bytes\xff\xd9",
        **kw,  # type: ignore[arg-type]
    )
    await srv.start()
    return srv


def _pos(cam: SimCamera) -> tuple[float, float, float]:
    p = cam.ptz.position()
    return (round(p.pan, 6), round(p.tilt, 6), round(p.zoom, 6))


def run(coro: object) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]


async def _with_server(body, **kw):  # type: ignore[no-untyped-def]
    cam = SimCamera()
    srv = await _serve(cam, **kw)
    client = ONVIFCamera("127.0.0.1", srv.port, USER, PASSWORD, no_cache=True)
    try:
        await client.update_xaddrs()
        return await body(cam, srv, client)
    finally:
        await client.close()
        await srv.stop()


def test_device_service() -> None:
    async def body(cam, srv, client):  # type: ignore[no-untyped-def]
        assert set(client.xaddrs) >= {
            "http://www.onvif.org/ver10/device/wsdl",
            "http://www.onvif.org/ver10/media/wsdl",
            "http://www.onvif.org/ver20/ptz/wsdl",
            "http://www.onvif.org/ver10/events/wsdl",
        }
        mgmt = await client.create_devicemgmt_service()
        info = await mgmt.GetDeviceInformation()
        assert (info.Manufacturer, info.Model, info.HardwareId) == (
            "Xueliang",
            "XL-SIM-PTZ",
            "XL-SIM",
        )
        assert info.SerialNumber.startswith("XL")
        caps = await client.get_capabilities()
        assert caps["PTZ"]["XAddr"].endswith("/onvif/ptz_service")
        assert caps["Events"]["WSPullPointSupport"] is True
        assert caps["Media"]["StreamingCapabilities"]["RTP_RTSP_TCP"] is True
        scopes = [s.ScopeItem for s in await mgmt.GetScopes()]
        assert "onvif://www.onvif.org/hardware/XL-SIM" in scopes
        assert any(s.startswith("onvif://www.onvif.org/name/%E6%B5%8B") for s in scopes)
        clock = await mgmt.GetSystemDateAndTime()
        u = clock.UTCDateTime
        cam_time = dt.datetime(
            u.Date.Year,
            u.Date.Month,
            u.Date.Day,
            u.Time.Hour,
            u.Time.Minute,
            u.Time.Second,
            tzinfo=dt.UTC,
        )
        assert abs((cam_time - dt.datetime.now(dt.UTC)).total_seconds() - 120) < 3

    run(_with_server(body, clock_offset_s=120))


def test_media_service() -> None:
    async def body(cam, srv, client):  # type: ignore[no-untyped-def]
        media = await client.create_media_service()
        profiles = await media.GetProfiles()
        assert [p.token for p in profiles] == ["prof_main", "prof_sub"]
        vec = profiles[1].VideoEncoderConfiguration
        assert (vec.Encoding, vec.Resolution.Width, vec.Resolution.Height) == ("H264", 640, 360)
        assert vec.RateControl.FrameRateLimit == 25
        assert profiles[0].PTZConfiguration.NodeToken == "ptz_node"
        setup = {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}}
        sub = await media.GetStreamUri({"ProfileToken": "prof_sub", "StreamSetup": setup})
        assert sub.Uri == "rtsp://127.0.0.1:8554/cam01/sub"
        snap = await media.GetSnapshotUri(PROFILE)
        jpeg = await client.get_snapshot("prof_main")
        assert snap.Uri.startswith(f"http://127.0.0.1:{srv.port}/")
        assert jpeg is not None and jpeg.startswith(b"\xff\xd8")
        with pytest.raises(Fault) as err:
            await media.GetStreamUri({"ProfileToken": "nope", "StreamSetup": setup})
        assert "NoProfile" in [q.localname for q in err.value.subcodes]

    run(_with_server(body))


def test_ptz_service_moves_the_state() -> None:
    async def body(cam, srv, client):  # type: ignore[no-untyped-def]
        ptz = await client.create_ptz_service()
        nodes = await ptz.GetNodes()
        assert nodes[0].HomeSupported is True
        await ptz.ContinuousMove(
            {**PROFILE, "Velocity": {"PanTilt": {"x": 1.0, "y": 0.0}, "Zoom": {"x": 0.0}}}
        )
        await asyncio.sleep(0.2)
        status = await ptz.GetStatus(PROFILE)
        assert status.MoveStatus.PanTilt == "MOVING"
        await ptz.Stop(PROFILE)
        stopped = cam.ptz.position()
        assert stopped.pan > 0.05 and not stopped.moving
        await ptz.AbsoluteMove(
            {**PROFILE, "Position": {"PanTilt": {"x": -0.5, "y": 0.25}, "Zoom": {"x": 0.5}}}
        )
        assert _pos(cam) == (-0.5, 0.25, 0.5)
        await ptz.RelativeMove({**PROFILE, "Translation": {"PanTilt": {"x": 0.25, "y": -0.25}}})
        status = await ptz.GetStatus(PROFILE)
        assert (status.Position.PanTilt.x, status.Position.PanTilt.y) == (-0.25, 0.0)
        token = await ptz.SetPreset({**PROFILE, "PresetName": "门口"})
        presets = {p.token: p for p in await ptz.GetPresets(PROFILE)}
        assert presets[token].Name == "门口" and presets["2"].PTZPosition.Zoom.x == 0.4
        await ptz.GotoPreset({**PROFILE, "PresetToken": "2"})
        assert _pos(cam) == (-0.6, -0.2, 0.4)
        await ptz.GotoHomePosition(PROFILE)
        assert _pos(cam) == (0.0, 0.0, 0.0)
        with pytest.raises(Fault) as err:
            await ptz.GotoPreset({**PROFILE, "PresetToken": "missing"})
        assert "NoToken" in [q.localname for q in err.value.subcodes]

    run(_with_server(body))


def test_events_pull_point() -> None:
    async def body(cam, srv, client):  # type: ignore[no-untyped-def]
        events = await client.create_events_service()
        props = await events.GetEventProperties()
        assert props.FixedTopicSet is True
        manager = await client.create_pullpoint_manager(dt.timedelta(seconds=60), lambda: None)
        assert srv.events.subscription_count() == 1
        pull = manager.get_service()
        cam.events.publish(TOPIC_MOTION, "IsMotion", True)
        cam.events.publish(TOPIC_TAMPER, "IsTamper", True)
        reply = await pull.PullMessages({"Timeout": dt.timedelta(seconds=2), "MessageLimit": 10})
        got = [
            (m.Topic._value_1, m.Message._value_1.Data.SimpleItem[0].Value)
            for m in reply.NotificationMessage
        ]
        assert got == [(TOPIC_MOTION, "true"), (TOPIC_TAMPER, "true")]
        renewed = await manager._subscription.Renew(dt.timedelta(seconds=30))
        assert renewed.TerminationTime > renewed.CurrentTime
        empty = await pull.PullMessages({"Timeout": dt.timedelta(seconds=0.2), "MessageLimit": 10})
        assert empty.NotificationMessage == []
        await manager.shutdown()
        assert srv.events.subscription_count() == 0

    run(_with_server(body))


def test_auth_rejected_with_not_authorized_fault() -> None:
    async def body() -> None:
        cam = SimCamera()
        srv = await _serve(cam)
        bad = ONVIFCamera("127.0.0.1", srv.port, USER, "wrong", no_cache=True)
        try:
            mgmt = await bad.create_devicemgmt_service()
            clock = await mgmt.GetSystemDateAndTime()  # allowed before auth
            assert clock.UTCDateTime.Date.Year >= 2024
            with pytest.raises(Fault) as err:
                await mgmt.GetDeviceInformation()
            assert [q.localname for q in err.value.subcodes] == ["NotAuthorized"]
            async with aiohttp.ClientSession() as http:
                envelope = (
                    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>'
                    '<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>'
                    "</s:Body></s:Envelope>"
                )
                async with http.post(srv.xaddr, data=envelope) as resp:
                    assert resp.status == 400
                    assert "NotAuthorized" in await resp.text()
        finally:
            await bad.close()
            await srv.stop()

    run(body())


def test_password_digest_formula() -> None:
    # WS-Security UsernameToken Profile 1.0 example values.
    nonce = bytes.fromhex("4c6f6e676e6f6e6365")
    assert digest(nonce, "2003-07-16T01:24:32Z", "taadtaadpstcsm") == digest(
        nonce, "2003-07-16T01:24:32Z", "taadtaadpstcsm"
    )
    assert digest(nonce, "2003-07-16T01:24:32Z", "a") != digest(nonce, "2003-07-16T01:24:32Z", "b")


def _signed_envelope(op: str, password: str, created: str, nonce: bytes) -> str:
    import base64

    wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    kind = (
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
        "#PasswordDigest"
    )
    return (
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header>'
        f'<Security xmlns="{wsse}"><UsernameToken><Username>{USER}</Username>'
        f'<Password Type="{kind}">{digest(nonce, created, password)}</Password>'
        f"<Nonce>{base64.b64encode(nonce).decode()}</Nonce>"
        f'<Created xmlns="{wsu}">{created}</Created></UsernameToken></Security>'
        f'</s:Header><s:Body><{op} xmlns="http://www.onvif.org/ver10/device/wsdl"/>'
        "</s:Body></s:Envelope>"
    )


def test_replayed_token_stale_clock_and_bad_requests() -> None:
    async def body() -> None:
        cam = SimCamera()
        srv = await _serve(cam)
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        old = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            async with aiohttp.ClientSession() as http:

                async def post(data: str) -> tuple[int, str]:
                    async with http.post(srv.xaddr, data=data) as resp:
                        return resp.status, await resp.text()

                signed = _signed_envelope("GetDeviceInformation", PASSWORD, now, b"nonce-1")
                assert (await post(signed))[0] == 200
                status, text = await post(signed)  # the same token again: a replay
                assert status == 400 and "NotAuthorized" in text
                stale = _signed_envelope("GetDeviceInformation", PASSWORD, old, b"nonce-2")
                assert "NotAuthorized" in (await post(stale))[1]
                status, text = await post("<not-xml")
                assert status == 400 and "WellFormed" in text
                unknown = _signed_envelope("GetHostname", PASSWORD, now, b"nonce-3")
                status, text = await post(unknown)
                assert status == 400 and "ActionNotSupported" in text
        finally:
            await srv.stop()

    run(body())


def test_skewed_camera_clock_needs_time_adjusted_tokens() -> None:
    async def body() -> None:
        cam = SimCamera()
        srv = await _serve(cam, clock_offset_s=3600)
        naive = ONVIFCamera("127.0.0.1", srv.port, USER, PASSWORD, no_cache=True)
        adjusted = ONVIFCamera(
            "127.0.0.1", srv.port, USER, PASSWORD, no_cache=True, adjust_time=True
        )
        try:
            mgmt = await naive.create_devicemgmt_service()
            with pytest.raises(Fault):
                await mgmt.GetDeviceInformation()
            await adjusted.update_xaddrs()
            mgmt = await adjusted.create_devicemgmt_service()
            assert (await mgmt.GetDeviceInformation()).Model == "XL-SIM-PTZ"
        finally:
            await naive.close()
            await adjusted.close()
            await srv.stop()

    run(body())


def test_single_profile_and_sync_point() -> None:
    async def body(cam, srv, client):  # type: ignore[no-untyped-def]
        media = await client.create_media_service()
        prof = await media.GetProfile({"ProfileToken": "prof_sub"})
        assert prof.VideoEncoderConfiguration.Resolution.Width == 640
        manager = await client.create_pullpoint_manager(dt.timedelta(seconds=60), lambda: None)
        await manager.get_service().SetSynchronizationPoint()  # a fault would raise
        await manager.shutdown()

    run(_with_server(body))
