"""The simulator's RTSP server (asyncio, pure Python): one port, paths ``/cam<N>/main|sub``.

OPTIONS, DESCRIBE, SETUP (RTP/AVP/TCP interleaved and RTP/AVP UDP unicast), PLAY, PAUSE,
TEARDOWN, GET_PARAMETER/SET_PARAMETER; optional Digest auth; sessions expire after
``session_timeout`` seconds without a request or RTCP. Runs on the simulator's loop and only
does I/O: rendering and encoding happen on each stream's worker thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import random
import re
import socket
import struct
import time

from video.sim.camera import SimCamera
from video.sim.encoder import FPS
from video.sim.rtp import build_sdp
from video.sim.rtsp_auth import DigestAuth
from video.sim.rtsp_session import (
    Call,
    Connection,
    RtspRequest,
    RtspSession,
    UdpSink,
    parse_path,
    parse_request,
    parse_transport,
)

logger = logging.getLogger(__name__)

METHODS = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER"
SERVER = "XueliangSim/1.0"


def advertised_host(bind: str) -> str:
    """The address to print in URLs for a bind address (a wildcard becomes this host's IP)."""
    if bind not in ("", "0.0.0.0", "::"):
        return bind
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


def stream_base(url: str) -> str:
    """``rtsp://h:p/cam1/main[/trackID=0]`` -> ``rtsp://h:p/cam1/main/``, as the client spelled
    it (so a wildcard bind never leaks into Content-Base), minus any credentials."""
    url = re.sub(r"^(rtsp://)[^@/]*@", r"\1", url.split("?", 1)[0]).rstrip("/")
    if url.rsplit("/", 1)[-1].startswith("trackID="):
        url = url.rsplit("/", 1)[0]
    return url + "/"


class RtspServer:
    """Serves every simulated camera's streams on one TCP port (plus two UDP ports)."""

    def __init__(
        self,
        cameras: dict[int, SimCamera],
        host: str = "127.0.0.1",
        port: int = 0,
        user: str | None = None,
        password: str | None = None,
        session_timeout: float = 60.0,
    ) -> None:
        self.cameras = cameras
        self.host, self.port = host, port
        self.session_timeout = session_timeout
        self._auth = DigestAuth(user, password or "") if user else None
        self._user = user
        self.failed_logins = 0  # requests with credentials that were wrong (cameras lock on these)
        self._server: asyncio.Server | None = None
        self._rtp: asyncio.DatagramTransport | None = None
        self._rtcp: asyncio.DatagramTransport | None = None
        self.server_ports = (0, 0)
        self.sessions: dict[str, RtspSession] = {}
        self._connections: set[Connection] = set()
        self._reaper: asyncio.Task[None] | None = None
        self._session_base = random.getrandbits(31)

    def set_password(self, password: str) -> None:
        """Require ``password`` from now on (the user stays)."""
        if self._user:
            self._auth = DigestAuth(self._user, password)

    def url(self, index: int, kind: str) -> str:
        """The stream URL (never with credentials)."""
        return f"rtsp://{advertised_host(self.host)}:{self.port}/cam{index}/{kind}"

    async def start(self) -> int:
        """Bind the RTSP port and the UDP RTP/RTCP ports; return the RTSP port."""
        loop = asyncio.get_running_loop()
        self._server = await asyncio.start_server(self._on_connection, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        self._rtp, _ = await loop.create_datagram_endpoint(
            lambda: UdpSink(self._on_rtcp), local_addr=(self.host, 0)
        )
        self._rtcp, _ = await loop.create_datagram_endpoint(
            lambda: UdpSink(self._on_rtcp), local_addr=(self.host, 0)
        )
        self.server_ports = (
            self._rtp.get_extra_info("sockname")[1],
            self._rtcp.get_extra_info("sockname")[1],
        )
        self._reaper = asyncio.create_task(self._reap())
        logger.info("RTSP on %s:%s (udp %s)", self.host, self.port, self.server_ports)
        return self.port

    async def close(self) -> None:
        """Stop serving, drop every client."""
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
        for session in list(self.sessions.values()):
            self._end_session(session)
        for conn in list(self._connections):
            conn.close()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._server.wait_closed(), 2.0)
        for transport in (self._rtp, self._rtcp):
            if transport is not None:
                transport.close()

    def drop_camera(self, index: int) -> int:
        """Drop every session and connection of camera ``index`` (the disconnect fault)."""
        dropped = 0
        for session in list(self.sessions.values()):
            if session.camera == index:
                self._end_session(session)
                dropped += 1
        for conn in list(self._connections):
            if conn.camera == index:
                conn.close()
        return dropped

    # -- connection handling ------------------------------------------------------------
    async def _on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        conn = Connection(writer)
        self._connections.add(conn)
        try:
            while True:
                first = await reader.readexactly(1)
                if first == b"$":  # interleaved data from the client (RTCP receiver reports)
                    _, length = struct.unpack("!BH", await reader.readexactly(3))
                    await reader.readexactly(length)
                    for session in conn.sessions:
                        session.touch()
                    continue
                head = first + await reader.readuntil(b"\r\n\r\n")
                req = parse_request(head[:-4])
                length = int(req.headers.get("content-length", "0") or 0)
                if length:
                    req.body = await reader.readexactly(length)
                if not await self._handle(conn, req):
                    break
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        except ValueError as exc:
            logger.debug("%s: bad request: %s", conn.peer, exc)
        finally:
            for session in list(conn.sessions):
                if session.transport.tcp:
                    self._end_session(session)
            self._connections.discard(conn)
            conn.close()

    def _reply(
        self,
        conn: Connection,
        req: RtspRequest,
        status: str = "200 OK",
        headers: dict[str, str] | None = None,
        body: bytes = b"",
    ) -> None:
        lines = [f"RTSP/1.0 {status}", f"CSeq: {req.cseq}", f"Server: {SERVER}"]
        lines.append(f"Date: {email.utils.formatdate(usegmt=True)}")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if body:
            lines.append(f"Content-Length: {len(body)}")
        conn.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

    async def _handle(self, conn: Connection, req: RtspRequest) -> bool:
        """Answer one request; False to close the connection."""
        target = parse_path(req.path)
        session = self.sessions.get(req.headers.get("session", "").split(";")[0].strip())
        if session is not None:
            session.touch()
        if req.method == "OPTIONS":
            self._reply(conn, req, headers={"Public": METHODS})
            return True
        if target is not None and target[0] in self.cameras:
            conn.camera = target[0]
            if "disconnect" in self.cameras[target[0]].faults:
                return False  # the camera is "offline": hang up without a word
        if self._auth and not self._auth.check(req.method, req.headers.get("authorization")):
            if req.headers.get("authorization"):  # not the first, credential-less request
                self.failed_logins += 1
            self._reply(conn, req, "401 Unauthorized", {"WWW-Authenticate": self._auth.challenge()})
            return True
        if req.method in ("GET_PARAMETER", "SET_PARAMETER"):  # keep-alive, any URL
            self._reply(conn, req, headers={"Session": session.id} if session else {})
            return True
        if target is None or target[0] not in self.cameras:
            self._reply(conn, req, "404 Stream Not Found")
            return True
        handler = {
            "DESCRIBE": self._describe,
            "SETUP": self._setup,
            "PLAY": self._play,
            "PAUSE": self._pause,
            "TEARDOWN": self._teardown,
        }.get(req.method)
        if handler is None:
            self._reply(conn, req, "405 Method Not Allowed", {"Allow": METHODS})
            return True
        if session is None and req.method in ("PLAY", "PAUSE", "TEARDOWN"):
            self._reply(conn, req, "454 Session Not Found")
            return True
        call = Call(conn, req, target[0], self.cameras[target[0]].streams[target[1]], session)
        await handler(call)
        return True

    def _session_header(self, session: RtspSession) -> str:
        return f"{session.id};timeout={int(self.session_timeout)}"

    async def _describe(self, call: Call) -> None:
        stream = call.stream
        base = stream_base(call.req.url)
        loop = asyncio.get_running_loop()
        # Draw the panorama now, while the client sets up, so PLAY starts quickly.
        loop.run_in_executor(None, stream.renderer)
        fmtp = await loop.run_in_executor(None, stream.fmtp)  # encodes once per size
        title = f"Xueliang sim cam{call.index} {stream.kind}"
        sdp = build_sdp(
            advertised_host(self.host), self._session_base + call.index, title, fmtp, stream.width,
            stream.height, FPS,
        )  # fmt: skip
        headers = {"Content-Base": base, "Content-Type": "application/sdp"}
        self._reply(call.conn, call.req, headers=headers, body=sdp.encode())

    async def _setup(self, call: Call) -> None:
        conn, stream = call.conn, call.stream
        transport = parse_transport(call.req.headers.get("transport", ""))
        if transport is None:
            self._reply(conn, call.req, "461 Unsupported Transport")
            return
        if call.session is not None:
            self._end_session(call.session)
        session = RtspSession(stream, call.index, transport, conn)
        if transport.tcp:
            a, b = transport.interleaved
            reply_transport = f"RTP/AVP/TCP;unicast;interleaved={a}-{b}"
        else:
            session.udp, session.udp_rtcp, session.udp_host = self._rtp, self._rtcp, conn.peer[0]
            a, b = transport.client_port
            s1, s2 = self.server_ports
            reply_transport = (
                f"RTP/AVP;unicast;client_port={a}-{b};server_port={s1}-{s2};"
                f"ssrc={stream.packetizer.ssrc:08X}"
            )
        self.sessions[session.id] = session
        conn.sessions.append(session)
        headers = {"Transport": reply_transport, "Session": self._session_header(session)}
        self._reply(conn, call.req, headers=headers)

    async def _play(self, call: Call) -> None:
        session, stream = call.session, call.stream
        assert session is not None
        track = stream_base(call.req.url) + "trackID=0"
        info = f"url={track};seq={stream.packetizer.seq};rtptime={stream.rtp_timestamp()}"
        headers = {"Session": self._session_header(session), "Range": "npt=0.000-"}
        headers["RTP-Info"] = info
        if not session.playing:  # packets go out from later loop callbacks, after this reply
            session.playing = True
            session.waiting_key = True
            stream.add_client(session)
        self._reply(call.conn, call.req, headers=headers)

    async def _pause(self, call: Call) -> None:
        assert call.session is not None
        call.session.stop()
        self._reply(call.conn, call.req, headers={"Session": self._session_header(call.session)})

    async def _teardown(self, call: Call) -> None:
        assert call.session is not None
        self._end_session(call.session)
        self._reply(call.conn, call.req, headers={"Session": call.session.id})

    # -- sessions -----------------------------------------------------------------------
    def _end_session(self, session: RtspSession) -> None:
        session.stop()
        self.sessions.pop(session.id, None)
        if session.conn is not None and session in session.conn.sessions:
            session.conn.sessions.remove(session)

    def _on_rtcp(self, addr: tuple[str, int]) -> None:
        for session in self.sessions.values():
            udp = not session.transport.tcp and session.udp_host == addr[0]
            if udp and addr[1] in session.transport.client_port:
                session.touch()

    async def _reap(self) -> None:
        period = max(0.2, min(5.0, self.session_timeout / 4))
        while True:
            await asyncio.sleep(period)
            limit = time.monotonic() - self.session_timeout
            for session in list(self.sessions.values()):
                if session.last_seen < limit:
                    logger.info("session %s expired (no keep-alive)", session.id)
                    self._end_session(session)
                    if session.transport.tcp and session.conn is not None:
                        session.conn.close()
