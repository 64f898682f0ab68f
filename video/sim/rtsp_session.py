"""RTSP request parsing, transports and playing sessions of the simulator's RTSP server."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from video.sim.stream import LiveStream

logger = logging.getLogger(__name__)

TCP_BUFFER_LIMIT = 512 * 1024  # bytes queued to one client (TCP, or UDP in user space)
PATH_RE = re.compile(r"^/cam(\d+)/(main|sub)(?:/trackID=\d+)?/?$")


@dataclass
class RtspRequest:
    """A parsed RTSP request."""

    method: str
    url: str
    version: str
    headers: dict[str, str]  # lower-case names
    body: bytes = b""

    @property
    def cseq(self) -> str:
        """The CSeq header (echoed in the reply)."""
        return self.headers.get("cseq", "0")

    @property
    def path(self) -> str:
        """The URL path (``/cam1/main``), without host or query."""
        url = self.url
        if "://" in url:
            url = url.split("://", 1)[1]
            url = "/" + url.split("/", 1)[1] if "/" in url else "/"
        return url.split("?", 1)[0]


def parse_request(head: bytes) -> RtspRequest:
    """Parse a request line and headers (ValueError when malformed)."""
    lines = head.decode("utf-8", "replace").split("\r\n")
    parts = lines[0].split()
    if len(parts) != 3 or not parts[2].startswith("RTSP/"):
        raise ValueError(f"bad request line {lines[0][:80]!r}")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return RtspRequest(parts[0].upper(), parts[1], parts[2], headers)


def parse_path(path: str) -> tuple[int, str] | None:
    """``/cam3/sub[/trackID=0]`` -> (3, "sub"); None if it is not a stream path."""
    m = PATH_RE.match(path)
    return (int(m.group(1)), m.group(2)) if m else None


@dataclass
class Transport:
    """The transport a client asked for in SETUP."""

    tcp: bool
    interleaved: tuple[int, int] = (0, 1)
    client_port: tuple[int, int] = (0, 0)


def parse_transport(header: str) -> Transport | None:
    """Pick the first unicast RTP/AVP transport we support from a Transport header."""
    for spec in header.split(","):
        parts = [p.strip() for p in spec.split(";")]
        profile = parts[0].upper()
        params = {p.partition("=")[0].lower(): p.partition("=")[2] for p in parts[1:]}
        if "multicast" in params:
            continue
        if profile == "RTP/AVP/TCP":
            a, _, b = params.get("interleaved", "0-1").partition("-")
            first = int(a)
            return Transport(True, (first, int(b) if b else first + 1))
        if profile in ("RTP/AVP", "RTP/AVP/UDP") and "client_port" in params:
            a, _, b = params["client_port"].partition("-")
            return Transport(False, client_port=(int(a), int(b) if b else int(a) + 1))
    return None


class Connection:
    """One RTSP TCP connection (the control channel, and the data channel when interleaved)."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        self.peer = writer.get_extra_info("peername") or ("?", 0)
        self.camera: int | None = None  # the camera this connection last asked for
        self.sessions: list[RtspSession] = []

    def close(self) -> None:
        """Close the TCP connection."""
        if not self.writer.is_closing():
            self.writer.close()


@dataclass(eq=False)
class RtspSession:
    """A client's session on one stream. ``deliver`` runs on the loop thread."""

    stream: LiveStream
    camera: int
    transport: Transport
    conn: Connection | None
    udp: asyncio.DatagramTransport | None = None
    udp_rtcp: asyncio.DatagramTransport | None = None
    udp_host: str = ""
    id: str = field(default_factory=lambda: secrets.token_hex(8))
    playing: bool = False
    waiting_key: bool = True
    last_seen: float = field(default_factory=time.monotonic)
    sent_frames: int = 0
    dropped_frames: int = 0

    def touch(self) -> None:
        """Note client activity (a request, RTCP): keeps the session alive."""
        self.last_seen = time.monotonic()

    def deliver(self, packets: list[bytes], keyframe: bool) -> None:
        """Send one access unit, or drop it if the client is behind; resume at an IDR."""
        if self.waiting_key and not keyframe:
            return
        if self.transport.tcp:
            assert self.conn is not None
            writer = self.conn.writer
            if writer.is_closing():
                return
            if writer.transport.get_write_buffer_size() > TCP_BUFFER_LIMIT:
                self.dropped_frames += 1
                if not self.waiting_key:
                    logger.debug("session %s: slow client, dropping until next IDR", self.id)
                    self.waiting_key = True
                    self.stream.request_idr()
                return
            channel = self.transport.interleaved[0]
            writer.write(b"".join(struct.pack("!BBH", 0x24, channel, len(p)) + p for p in packets))
        else:
            if self.udp is None or self.udp.is_closing():
                return
            queued = getattr(self.udp, "get_write_buffer_size", lambda: 0)()
            if queued > TCP_BUFFER_LIMIT:  # the kernel buffer is full, asyncio queues
                self.dropped_frames += 1
                self.waiting_key = True
                self.stream.request_idr()
                return
            addr = (self.udp_host, self.transport.client_port[0])
            for packet in packets:
                self.udp.sendto(packet, addr)
        self.waiting_key = False
        self.sent_frames += 1

    def deliver_rtcp(self, report: bytes) -> None:
        """Send an RTCP sender report on the RTCP channel/port (dropped while resyncing)."""
        if self.waiting_key:
            return
        if self.transport.tcp:
            assert self.conn is not None
            writer = self.conn.writer
            if not writer.is_closing():
                channel = self.transport.interleaved[1]
                writer.write(struct.pack("!BBH", 0x24, channel, len(report)) + report)
        elif self.udp_rtcp is not None and not self.udp_rtcp.is_closing():
            self.udp_rtcp.sendto(report, (self.udp_host, self.transport.client_port[1]))

    def stop(self) -> None:
        """Stop playing (PAUSE, TEARDOWN, expiry, disconnect)."""
        if self.playing:
            self.playing = False
            self.stream.remove_client(self)


@dataclass
class Call:
    """One request being answered, with what the server resolved for it."""

    conn: Connection
    req: RtspRequest
    index: int  # camera number
    stream: LiveStream
    session: RtspSession | None


class UdpSink(asyncio.DatagramProtocol):
    """Server RTP/RTCP socket: only sends; received RTCP (receiver reports) counts as life."""

    def __init__(self, on_packet: Callable[[tuple[str, int]], None]) -> None:
        self.on_packet = on_packet

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        """Client RTCP: refresh sessions of that client address."""
        self.on_packet(addr)

    def error_received(self, exc: Exception) -> None:
        """ICMP port unreachable and the like: the client went away; expiry cleans up."""
        logger.debug("udp error: %s", exc)
