"""Media service of the simulated camera (trt:): profiles, stream and snapshot URIs."""

from __future__ import annotations

from dataclasses import dataclass

from video.sim.onvif_device import SimDevice
from video.sim.onvif_soap import SoapRequest, action_not_supported, attr, el, invalid_args

PTZ_NODE = "ptz_node"
SPACES = "http://www.onvif.org/ver10/tptz"


@dataclass(frozen=True)
class SimProfile:
    """One media profile the simulator publishes."""

    token: str
    name: str
    width: int
    height: int
    fps: int
    bitrate_kbps: int
    gop: int


PROFILES = (
    SimProfile("prof_main", "main", 1280, 720, 25, 2048, 50),
    SimProfile("prof_sub", "sub", 640, 360, 25, 512, 50),
)


def profile(token: str) -> SimProfile:
    """The profile with this token, or the ONVIF NoProfile fault."""
    for p in PROFILES:
        if p.token == token:
            return p
    raise invalid_args("ter:NoProfile", f"Profile token {token!r} does not exist")


def _profile_xml(p: SimProfile, with_ptz: bool = True) -> str:
    vsc = (
        f'<tt:VideoSourceConfiguration token="vsc_main">{el("tt:Name", "VideoSource")}'
        f"{el('tt:UseCount', len(PROFILES))}{el('tt:SourceToken', 'vs_main')}"
        '<tt:Bounds x="0" y="0" width="1280" height="720"/></tt:VideoSourceConfiguration>'
    )
    vec = (
        f"<tt:VideoEncoderConfiguration token={attr('vec_' + p.name)}>"
        + el("tt:Name", "H264 " + p.name)
        + el("tt:UseCount", 1)
        + el("tt:Encoding", "H264")
        + f"<tt:Resolution>{el('tt:Width', p.width)}{el('tt:Height', p.height)}</tt:Resolution>"
        + el("tt:Quality", 4)
        + "<tt:RateControl>"
        + el("tt:FrameRateLimit", p.fps)
        + el("tt:EncodingInterval", 1)
        + el("tt:BitrateLimit", p.bitrate_kbps)
        + "</tt:RateControl>"
        + f"<tt:H264>{el('tt:GovLength', p.gop)}{el('tt:H264Profile', 'Main')}</tt:H264>"
        + "<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type>"
        + "<tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address>"
        + "<tt:Port>0</tt:Port><tt:TTL>1</tt:TTL><tt:AutoStart>false</tt:AutoStart>"
        + "</tt:Multicast>"
        + el("tt:SessionTimeout", "PT60S")
        + "</tt:VideoEncoderConfiguration>"
    )
    ptz = (
        '<tt:PTZConfiguration token="ptz_conf">'
        + el("tt:Name", "PTZ")
        + el("tt:UseCount", len(PROFILES))
        + el("tt:NodeToken", PTZ_NODE)
        + el(
            "tt:DefaultAbsolutePantTiltPositionSpace",
            SPACES + "/PanTiltSpaces/PositionGenericSpace",
        )
        + el("tt:DefaultAbsoluteZoomPositionSpace", SPACES + "/ZoomSpaces/PositionGenericSpace")
        + el(
            "tt:DefaultRelativePanTiltTranslationSpace",
            SPACES + "/PanTiltSpaces/TranslationGenericSpace",
        )
        + el(
            "tt:DefaultRelativeZoomTranslationSpace", SPACES + "/ZoomSpaces/TranslationGenericSpace"
        )
        + el(
            "tt:DefaultContinuousPanTiltVelocitySpace",
            SPACES + "/PanTiltSpaces/VelocityGenericSpace",
        )
        + el("tt:DefaultContinuousZoomVelocitySpace", SPACES + "/ZoomSpaces/VelocityGenericSpace")
        + el("tt:DefaultPTZTimeout", "PT10S")
        + "</tt:PTZConfiguration>"
    )
    return (
        f'<trt:Profiles token={attr(p.token)} fixed="true">{el("tt:Name", p.name)}'
        f"{vsc}{vec}{ptz if with_ptz else ''}</trt:Profiles>"
    )


def _media_uri(uri: str, tag: str) -> str:
    return (
        f"<trt:{tag}Response><trt:MediaUri>"
        + el("tt:Uri", uri)
        + el("tt:InvalidAfterConnect", False)
        + el("tt:InvalidAfterReboot", False)
        + el("tt:Timeout", "PT0S")
        + f"</trt:MediaUri></trt:{tag}Response>"
    )


def handle(dev: SimDevice, req: SoapRequest) -> str:
    """Answer one media-service operation with its response body."""
    op = req.operation
    if op == "GetProfiles":
        body = "".join(_profile_xml(p, dev.has_ptz) for p in PROFILES)
        return f"<trt:GetProfilesResponse>{body}</trt:GetProfilesResponse>"
    if op == "GetProfile":
        p = profile(req.text("trt:ProfileToken"))
        one = _profile_xml(p, dev.has_ptz).replace("trt:Profiles", "trt:Profile")
        return f"<trt:GetProfileResponse>{one}</trt:GetProfileResponse>"
    if op == "GetStreamUri":
        p = profile(req.text("trt:ProfileToken"))
        return _media_uri(dev.rtsp_main if p.name == "main" else dev.rtsp_sub, "GetStreamUri")
    if op == "GetSnapshotUri":
        p = profile(req.text("trt:ProfileToken"))
        return _media_uri(f"{dev.base_url}/onvif/snapshot?profile={p.token}", "GetSnapshotUri")
    raise action_not_supported(op)
