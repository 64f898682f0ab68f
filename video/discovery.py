"""WS-Discovery client: find ONVIF cameras by multicast Probe, or by unicast to one address."""

from __future__ import annotations

import logging
import select
import socket
import time
import uuid
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from video.errors import DiscoveryError

logger = logging.getLogger(__name__)

MULTICAST_GROUP = "239.255.255.250"
NS_SOAP = "http://www.w3.org/2003/05/soap-envelope"
NS_WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
NS_WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
SCOPE_BASE = "onvif://www.onvif.org/"
RESEND_S = 0.25  # UDP is lossy: WS-Discovery repeats the Probe


@dataclass(frozen=True)
class DiscoveredDevice:
    """One ProbeMatch: XAddrs, scopes and the name/hardware/location read from them."""

    endpoint: str
    xaddrs: tuple[str, ...]
    scopes: tuple[str, ...]
    name: str
    hardware: str
    location: str


def probe_message(message_id: str) -> bytes:
    """A Probe for ONVIF NetworkVideoTransmitters."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<s:Envelope xmlns:s="{NS_SOAP}" xmlns:a="{NS_WSA}" xmlns:d="{NS_WSD}" '
        'xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><s:Header>'
        f"<a:MessageID>{message_id}</a:MessageID>"
        '<a:To s:mustUnderstand="true">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>'
        f'<a:Action s:mustUnderstand="true">{NS_WSD}/Probe</a:Action>'
        "</s:Header><s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types>"
        "</d:Probe></s:Body></s:Envelope>"
    ).encode()


def _scope_value(scopes: tuple[str, ...], kind: str) -> str:
    prefix = SCOPE_BASE + kind + "/"
    values = [unquote(s[len(prefix) :]) for s in scopes if s.lower().startswith(prefix.lower())]
    return " ".join(v for v in values if v)


def parse_probe_matches(data: bytes, message_id: str) -> list[DiscoveredDevice]:
    """Devices in one ProbeMatches reply to ``message_id`` (others are ignored)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return []
    relates = (root.findtext(f"{{{NS_SOAP}}}Header/{{{NS_WSA}}}RelatesTo") or "").strip()
    if relates != message_id:
        return []
    found = []
    for match in root.iterfind(
        f"{{{NS_SOAP}}}Body/{{{NS_WSD}}}ProbeMatches/{{{NS_WSD}}}ProbeMatch"
    ):
        endpoint = (
            match.findtext(f"{{{NS_WSA}}}EndpointReference/{{{NS_WSA}}}Address") or ""
        ).strip()
        xaddrs = tuple((match.findtext(f"{{{NS_WSD}}}XAddrs") or "").split())
        scopes = tuple((match.findtext(f"{{{NS_WSD}}}Scopes") or "").split())
        found.append(
            DiscoveredDevice(
                endpoint or (xaddrs[0] if xaddrs else ""),
                xaddrs,
                scopes,
                _scope_value(scopes, "name"),
                _scope_value(scopes, "hardware"),
                _scope_value(scopes, "location"),
            )
        )
    return found


def discover(
    timeout_s: float = 3.0,
    address: str | None = None,
    port: int = 3702,
    interface: str | None = None,
) -> list[DiscoveredDevice]:
    """Probe for cameras: multicast when ``address`` is None, unicast to ``address`` otherwise.

    Waits the whole ``timeout_s`` for answers; devices are de-duplicated by endpoint and
    returned in the order they answered. ``interface`` picks the multicast source address.
    """
    message_id = f"urn:uuid:{uuid.uuid4()}"
    message = probe_message(message_id)
    target = (address or MULTICAST_GROUP, port)
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    except OSError as exc:
        raise DiscoveryError(f"cannot open a UDP socket for discovery: {exc}") from exc
    found: dict[str, DiscoveredDevice] = {}
    with sock:
        try:
            if address is None:
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
                if interface:
                    sock.setsockopt(
                        socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(interface)
                    )
            sock.bind((interface or "", 0))
            sock.sendto(message, target)
        except OSError as exc:
            where = address or f"multicast {MULTICAST_GROUP}"
            raise DiscoveryError(
                f"cannot send the WS-Discovery probe to {where}:{port}: {exc.strerror or exc}: "
                "check the address and the network route"
            ) from exc
        deadline = time.monotonic() + timeout_s
        resend_at = time.monotonic() + RESEND_S
        while (now := time.monotonic()) < deadline:
            if resend_at and now >= resend_at:
                resend_at = 0.0
                try:
                    sock.sendto(message, target)
                except OSError as exc:
                    logger.debug("discovery resend failed: %s", exc)
            wait = min(deadline, resend_at or deadline) - now
            ready, _, _ = select.select([sock], [], [], max(0.0, wait))
            if not ready:
                continue
            try:
                data, sender = sock.recvfrom(65535)
            except ConnectionRefusedError:
                continue  # ICMP port unreachable from a unicast target: keep waiting
            except OSError as exc:
                logger.debug("discovery receive failed: %s", exc)
                continue
            for dev in parse_probe_matches(data, message_id):
                if dev.endpoint not in found:
                    logger.debug("discovered %s from %s", dev.endpoint, sender[0])
                    found[dev.endpoint] = dev
    return list(found.values())
