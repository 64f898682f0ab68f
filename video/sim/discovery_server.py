"""WS-Discovery responder of the simulator: answers Probe (multicast and unicast) for its cameras.

One responder per simulator answers for all its cameras with one ProbeMatches message per
camera (SOAP 1.2, WS-Addressing 2004/08). Runs on the simulator's asyncio loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import struct
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

logger = logging.getLogger(__name__)

MULTICAST_GROUP = "239.255.255.250"
PORT = 3702
PORT_ENV = "XUELIANG_DISCOVERY_PORT"  # override for tests run in parallel on one host
NS_SOAP = "http://www.w3.org/2003/05/soap-envelope"
NS_WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
NS_WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
NS_DN = "http://www.onvif.org/ver10/network/wsdl"
NS_TDS = "http://www.onvif.org/ver10/device/wsdl"
ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
OUR_TYPES = {(NS_DN, "NetworkVideoTransmitter"), (NS_TDS, "Device")}
MAX_DATAGRAM = 65507


@dataclass(frozen=True)
class DiscoveryTarget:
    """What one camera announces: endpoint URN, XAddrs and scope URIs."""

    endpoint: str
    xaddrs: tuple[str, ...]
    scopes: tuple[str, ...]


def endpoint_for(key: str) -> str:
    """A stable ``urn:uuid:`` endpoint reference for a camera id."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "xueliang-sim/" + key))


def _probe(data: bytes) -> tuple[str, list[tuple[str, str]] | None, list[str]] | None:
    """(MessageID, requested types or None, requested scopes) of a Probe; None if not one."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    probe = root.find(f"{{{NS_SOAP}}}Body/{{{NS_WSD}}}Probe")
    if probe is None:
        return None
    message_id = root.findtext(f"{{{NS_SOAP}}}Header/{{{NS_WSA}}}MessageID") or ""
    types_el = probe.find(f"{{{NS_WSD}}}Types")
    types: list[tuple[str, str]] | None = None
    if types_el is not None and (types_el.text or "").strip():
        types = []
        for qname in (types_el.text or "").split():
            prefix, _, local = qname.rpartition(":")
            types.append((types_el.nsmap.get(prefix or None, "") or "", local))
    scopes = (probe.findtext(f"{{{NS_WSD}}}Scopes") or "").split()
    return message_id.strip(), types, scopes


def _scope_matches(wanted: str, have: Sequence[str]) -> bool:
    """RFC 3986 prefix rule: each path segment of ``wanted`` must lead one of ``have``."""
    w = wanted.rstrip("/").split("/")
    return any(h.rstrip("/").split("/")[: len(w)] == w for h in have)


def _matches(
    types: list[tuple[str, str]] | None, scopes: list[str], target: DiscoveryTarget
) -> bool:
    if types is not None and not all(t in OUR_TYPES for t in types):
        return False
    return all(_scope_matches(s, target.scopes) for s in scopes)


def probe_matches(relates_to: str, target: DiscoveryTarget, number: int) -> bytes:
    """The ProbeMatches envelope for one camera."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<s:Envelope xmlns:s="{NS_SOAP}" xmlns:a="{NS_WSA}" xmlns:d="{NS_WSD}" '
        f'xmlns:dn="{NS_DN}" xmlns:tds="{NS_TDS}"><s:Header>'
        f"<a:MessageID>urn:uuid:{uuid.uuid4()}</a:MessageID>"
        f"<a:RelatesTo>{escape(relates_to)}</a:RelatesTo>"
        f"<a:To>{ANONYMOUS}</a:To>"
        f"<a:Action>{NS_WSD}/ProbeMatches</a:Action>"
        f'<d:AppSequence InstanceId="1" MessageNumber="{number}"/>'
        "</s:Header><s:Body><d:ProbeMatches><d:ProbeMatch>"
        f"<a:EndpointReference><a:Address>{escape(target.endpoint)}</a:Address>"
        "</a:EndpointReference>"
        "<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>"
        f"<d:Scopes>{escape(' '.join(target.scopes))}</d:Scopes>"
        f"<d:XAddrs>{escape(' '.join(target.xaddrs))}</d:XAddrs>"
        "<d:MetadataVersion>1</d:MetadataVersion>"
        "</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
    ).encode()


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, server: DiscoveryServer) -> None:
        self._server = server
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        self._server._on_datagram(data, addr)


class DiscoveryServer:
    """Answers WS-Discovery Probes for its cameras.

    ``targets`` is a callable returning DiscoveryTargets, or a sequence of objects with a
    ``discovery_target()`` method (the simulator passes its ONVIF ``SimDevice`` objects).
    """

    def __init__(
        self,
        targets: Callable[[], Sequence[DiscoveryTarget]] | Sequence[Any],
        host: str = "127.0.0.1",
        port: int | None = None,
        multicast: bool = True,
    ) -> None:
        self._targets = targets
        self.host = host
        self.port = int(os.environ.get(PORT_ENV) or PORT) if port is None else port
        self.multicast = multicast
        self._protocol: _Protocol | None = None
        self._number = 0
        self.probes = 0

    async def start(self) -> None:
        """Bind UDP ``port`` (and join the multicast group on ``host``'s interface)."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if hasattr(socket, "SO_REUSEPORT"):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind(("" if self.multicast else self.host, self.port))
            sock.setblocking(False)
        except OSError:
            sock.close()
            raise
        if self.multicast:
            self._join(sock)
        self.port = sock.getsockname()[1]
        loop = asyncio.get_running_loop()
        _, protocol = await loop.create_datagram_endpoint(lambda: _Protocol(self), sock=sock)
        self._protocol = protocol
        logger.info("WS-Discovery on udp/%s (multicast %s)", self.port, self.multicast)

    def _join(self, sock: socket.socket) -> None:
        iface = socket.inet_aton(self.host)
        mreq = struct.pack("4s4s", socket.inet_aton(MULTICAST_GROUP), iface)
        try:
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
        except OSError as exc:  # e.g. loopback without the MULTICAST flag: unicast still works
            logger.warning(
                "WS-Discovery: cannot join %s on %s (%s); answering unicast probes only",
                MULTICAST_GROUP,
                self.host,
                exc.strerror or exc,
            )
            self.multicast = False

    async def stop(self) -> None:
        """Close the socket."""
        if self._protocol is not None and self._protocol.transport is not None:
            self._protocol.transport.close()
        self._protocol = None

    def targets(self) -> list[DiscoveryTarget]:
        """The cameras announced right now."""
        if callable(self._targets):
            return list(self._targets())
        return [
            t if isinstance(t, DiscoveryTarget) else t.discovery_target() for t in self._targets
        ]

    def _on_datagram(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        probe = _probe(data[:MAX_DATAGRAM])
        if probe is None or self._protocol is None or self._protocol.transport is None:
            return
        self.probes += 1
        message_id, types, scopes = probe
        for target in self.targets():
            if _matches(types, scopes, target):
                self._number += 1
                reply = probe_matches(message_id, target, self._number)
                self._protocol.transport.sendto(reply, addr)
