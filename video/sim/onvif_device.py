"""Device management service of the simulated camera (tds:)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from video.sim.discovery_server import DiscoveryTarget, endpoint_for
from video.sim.onvif_soap import SoapFault, SoapRequest, action_not_supported, el

MANUFACTURER = "Xueliang"
MODEL = "XL-SIM-PTZ"
FIXED_MODEL = "XL-SIM-BULLET"  # a camera without PTZ
FIRMWARE = "1.0.0"
HARDWARE = "XL-SIM"

SERVICE_PATHS = {
    "device": ("http://www.onvif.org/ver10/device/wsdl", "/onvif/device_service", (2, 60)),
    "media": ("http://www.onvif.org/ver10/media/wsdl", "/onvif/media_service", (2, 60)),
    "ptz": ("http://www.onvif.org/ver20/ptz/wsdl", "/onvif/ptz_service", (2, 60)),
    "events": ("http://www.onvif.org/ver10/events/wsdl", "/onvif/events_service", (2, 60)),
}


@dataclass
class SimDevice:
    """What the ONVIF services know about one simulated camera."""

    camera: Any  # has .name, .ptz (PtzState), .events (EventBus)
    base_url: str  # http://host:port
    rtsp_main: str
    rtsp_sub: str
    location: str = "Tongchuan"
    clock_offset_s: float = 0.0
    profiles: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Camera name (for scopes and device info)."""
        return str(getattr(self.camera, "name", "camera"))

    @property
    def serial(self) -> str:
        """A stable serial number derived from the camera id or name."""
        key = str(getattr(self.camera, "id", None) or self.name)
        return "XL" + hashlib.sha1(key.encode()).hexdigest()[:10].upper()

    @property
    def has_ptz(self) -> bool:
        """False for a fixed camera: no PTZ service, capability, scope or configuration."""
        return bool(getattr(self.camera, "has_ptz", True))

    def services(self) -> list[tuple[str, str, tuple[int, int]]]:
        """(namespace, path, version) of each service this camera offers."""
        return [v for k, v in SERVICE_PATHS.items() if k != "ptz" or self.has_ptz]

    def xaddr(self, service: str) -> str:
        """The XAddr of one service."""
        return self.base_url + SERVICE_PATHS[service][1]

    def now(self) -> dt.datetime:
        """The device clock (UTC), including the simulated offset."""
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.clock_offset_s)

    def discovery_target(self) -> DiscoveryTarget:
        """What WS-Discovery announces: a per-device endpoint URN, the XAddr and the scopes."""
        key = f"{getattr(self.camera, 'id', None) or self.name}@{self.base_url}"
        return DiscoveryTarget(
            endpoint_for(key), (self.xaddr("device"),), tuple(s for _, s in self.scopes())
        )

    def scopes(self) -> list[tuple[str, str]]:
        """(ScopeDef, ScopeItem) pairs, as GetScopes and WS-Discovery publish them."""
        base = "onvif://www.onvif.org/"
        return [
            ("Fixed", base + "type/video_encoder"),
            *([("Fixed", base + "type/ptz")] if self.has_ptz else []),
            ("Fixed", base + "Profile/Streaming"),
            ("Fixed", base + "hardware/" + quote(HARDWARE, safe="")),
            ("Configurable", base + "name/" + quote(self.name, safe="")),
            ("Configurable", base + "location/" + quote(self.location, safe="")),
        ]


def handle(dev: SimDevice, req: SoapRequest) -> str:
    """Answer one device-service operation with its response body."""
    op = req.operation
    if op == "GetDeviceInformation":
        return (
            "<tds:GetDeviceInformationResponse>"
            + el("tds:Manufacturer", MANUFACTURER)
            + el("tds:Model", MODEL if dev.has_ptz else FIXED_MODEL)
            + el("tds:FirmwareVersion", FIRMWARE)
            + el("tds:SerialNumber", dev.serial)
            + el("tds:HardwareId", HARDWARE)
            + "</tds:GetDeviceInformationResponse>"
        )
    if op == "GetSystemDateAndTime":
        return _date_and_time(dev)
    if op == "GetCapabilities":
        return _capabilities(dev, req.text("tds:Category", "All"))
    if op == "GetServices":
        services = "".join(
            "<tds:Service>"
            + el("tds:Namespace", ns)
            + el("tds:XAddr", dev.base_url + path)
            + f"<tds:Version>{el('tt:Major', major)}{el('tt:Minor', minor)}</tds:Version>"
            + "</tds:Service>"
            for ns, path, (major, minor) in dev.services()
        )
        return f"<tds:GetServicesResponse>{services}</tds:GetServicesResponse>"
    if op == "GetScopes":
        items = "".join(
            f"<tds:Scopes>{el('tt:ScopeDef', d)}{el('tt:ScopeItem', s)}</tds:Scopes>"
            for d, s in dev.scopes()
        )
        return f"<tds:GetScopesResponse>{items}</tds:GetScopesResponse>"
    raise action_not_supported(op)


def _date_and_time(dev: SimDevice) -> str:
    now = dev.now()
    local = now + dt.timedelta(hours=8)

    def stamp(tag: str, t: dt.datetime) -> str:
        return (
            f"<tt:{tag}><tt:Time>{el('tt:Hour', t.hour)}{el('tt:Minute', t.minute)}"
            f"{el('tt:Second', t.second)}</tt:Time><tt:Date>{el('tt:Year', t.year)}"
            f"{el('tt:Month', t.month)}{el('tt:Day', t.day)}</tt:Date></tt:{tag}>"
        )

    return (
        "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
        + el("tt:DateTimeType", "NTP")
        + el("tt:DaylightSavings", False)
        + "<tt:TimeZone><tt:TZ>CST-8</tt:TZ></tt:TimeZone>"
        + stamp("UTCDateTime", now)
        + stamp("LocalDateTime", local)
        + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
    )


def _capabilities(dev: SimDevice, category: str) -> str:
    parts = {
        "Device": "<tt:Device>"
        + el("tt:XAddr", dev.xaddr("device"))
        + "<tt:System>"
        + el("tt:DiscoveryResolve", False)
        + el("tt:DiscoveryBye", False)
        + el("tt:RemoteDiscovery", False)
        + el("tt:SystemBackup", False)
        + el("tt:SystemLogging", False)
        + el("tt:FirmwareUpgrade", False)
        + "<tt:SupportedVersions><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor>"
        + "</tt:SupportedVersions></tt:System></tt:Device>",
        "Events": "<tt:Events>"
        + el("tt:XAddr", dev.xaddr("events"))
        + el("tt:WSSubscriptionPolicySupport", False)
        + el("tt:WSPullPointSupport", True)
        + el("tt:WSPausableSubscriptionManagerInterfaceSupport", False)
        + "</tt:Events>",
        "Media": "<tt:Media>"
        + el("tt:XAddr", dev.xaddr("media"))
        + "<tt:StreamingCapabilities>"
        + el("tt:RTPMulticast", False)
        + el("tt:RTP_TCP", True)
        + el("tt:RTP_RTSP_TCP", True)
        + "</tt:StreamingCapabilities></tt:Media>",
        "PTZ": f"<tt:PTZ>{el('tt:XAddr', dev.xaddr('ptz'))}</tt:PTZ>",
    }
    if not dev.has_ptz:
        del parts["PTZ"]
    if category != "All" and category not in parts:
        raise SoapFault(
            "env:Receiver",
            ("ter:ActionNotSupported", "ter:NoSuchService"),
            f"No capabilities for category {category}",
        )
    chosen = parts.values() if category == "All" else [parts[category]]
    return (
        "<tds:GetCapabilitiesResponse><tds:Capabilities>"
        + "".join(chosen)
        + "</tds:Capabilities></tds:GetCapabilitiesResponse>"
    )
