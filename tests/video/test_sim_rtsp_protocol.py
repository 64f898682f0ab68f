"""RTSP protocol details of the simulator, spoken by hand over a socket: SDP, sessions,
keep-alive and expiry, errors, Digest auth, RTP packetization, slow clients."""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
import socket
import struct
import time
from collections.abc import Iterator

import av
import pytest

from video.sim import rtsp_session
from video.sim.rtsp_auth import REALM, parse_auth_params
from video.sim.rtsp_server import advertised_host, stream_base
from video.sim.simulator import Simulator


class RawRtsp:
    """A minimal RTSP client: one request at a time, replies parsed into (status, headers, body)."""

    def __init__(self, url: str, rcvbuf: int | None = None) -> None:
        m = re.match(r"rtsp://([^:/]+):(\d+)(/.*)", url)
        assert m
        self.url = url
        self.sock = socket.socket()
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(5)
        self.sock.connect((m.group(1), int(m.group(2))))
        self.cseq = 0
        self.buf = b""
        self.rtcp: list[bytes] = []

    def request(
        self, method: str, url: str | None = None, **headers: str
    ) -> tuple[int, dict[str, str], bytes]:
        self.cseq += 1
        lines = [f"{method} {url or self.url} RTSP/1.0", f"CSeq: {self.cseq}"]
        lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return self.reply()

    def _fill(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("server closed the connection")
        self.buf += data

    def reply(self) -> tuple[int, dict[str, str], bytes]:
        while True:
            while self.buf.startswith(b"$"):  # skip interleaved data
                while len(self.buf) < 4:
                    self._fill()
                length = struct.unpack("!H", self.buf[2:4])[0]
                while len(self.buf) < 4 + length:
                    self._fill()
                self.buf = self.buf[4 + length :]
            if b"\r\n\r\n" in self.buf and not self.buf.startswith(b"$"):
                break
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (x.split(":", 1) for x in lines[1:])}
        length = int(headers.get("content-length", 0))
        while len(self.buf) < length:
            self._fill()
        body, self.buf = self.buf[:length], self.buf[length:]
        return int(lines[0].split()[1]), headers, body

    def read_rtp(self, frames: int) -> list[bytes]:
        """Read interleaved RTP packets until ``frames`` access units (marker bits) arrived."""
        packets: list[bytes] = []
        while sum(1 for p in packets if p[1] & 0x80) < frames:
            while len(self.buf) < 4:
                self._fill()
            assert self.buf[:1] == b"$"
            length = struct.unpack("!H", self.buf[2:4])[0]
            while len(self.buf) < 4 + length:
                self._fill()
            data = self.buf[4 : 4 + length]
            (packets if self.buf[1] == 0 else self.rtcp).append(data)  # channel 0 RTP, 1 RTCP
            self.buf = self.buf[4 + length :]
        return packets

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> RawRtsp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    simulator = Simulator(cameras=2, onvif=False, discovery=False, session_timeout=1.0)
    simulator.start()
    yield simulator
    simulator.stop()


def test_options_and_describe_sdp(sim: Simulator) -> None:
    c = RawRtsp(sim.rtsp.url(1, "main"))
    status, headers, _ = c.request("OPTIONS")
    assert status == 200
    assert "GET_PARAMETER" in headers["public"] and "PAUSE" in headers["public"]
    status, headers, body = c.request("DESCRIBE", Accept="application/sdp")
    assert status == 200 and headers["content-type"] == "application/sdp"
    assert headers["content-base"] == sim.rtsp.url(1, "main") + "/"
    sdp = body.decode()
    assert "m=video 0 RTP/AVP 96" in sdp and "a=rtpmap:96 H264/90000" in sdp
    assert "a=control:trackID=0" in sdp
    sprop = re.search(r"sprop-parameter-sets=([^;\r\n]+)", sdp)
    profile = re.search(r"profile-level-id=([0-9A-F]{6})", sdp)
    assert sprop and profile
    sps, pps = (base64.b64decode(x) for x in sprop.group(1).split(","))
    assert sps[0] & 0x1F == 7 and pps[0] & 0x1F == 8
    assert sps[1:4].hex().upper() == profile.group(1)
    assert sps[1] == 77  # Main profile (CABAC, deblocking), as cameras send, not Baseline
    c.close()


def test_errors_unknown_path_no_session_bad_transport(sim: Simulator) -> None:
    c = RawRtsp(sim.rtsp.url(1, "sub"))
    assert c.request("DESCRIBE", sim.rtsp.url(9, "sub"))[0] == 404
    assert c.request("DESCRIBE", sim.rtsp.url(1, "sub").replace("sub", "hd"))[0] == 404
    assert c.request("PLAY", Session="nope")[0] == 454
    assert c.request("RECORD")[0] == 405
    multicast = c.request("SETUP", c.url + "/trackID=0", Transport="RTP/AVP;multicast")
    assert multicast[0] == 461
    c.close()


def _setup_udp(c: RawRtsp) -> str:
    status, headers, _ = c.request(
        "SETUP", c.url + "/trackID=0", Transport="RTP/AVP;unicast;client_port=40000-40001"
    )
    assert status == 200
    assert "server_port=" in headers["transport"]
    sid, _, timeout = headers["session"].partition(";")
    assert timeout == "timeout=1"
    return sid


def test_udp_session_expires_without_keep_alive(sim: Simulator) -> None:
    c = RawRtsp(sim.rtsp.url(2, "sub"))
    sid = _setup_udp(c)
    assert c.request("PLAY", Session=sid)[0] == 200
    assert sim.camera(2).streams["sub"].running
    time.sleep(2.0)
    assert sid not in sim.rtsp.sessions
    assert c.request("GET_PARAMETER", Session=sid)[0] == 200  # keep-alive of a dead session
    assert c.request("PLAY", Session=sid)[0] == 454
    deadline = time.monotonic() + 3
    while sim.camera(2).streams["sub"].running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not sim.camera(2).streams["sub"].running
    c.close()


def test_keep_alive_holds_the_session_and_teardown_ends_it(sim: Simulator) -> None:
    c = RawRtsp(sim.rtsp.url(2, "main"))
    sid = _setup_udp(c)
    assert c.request("PLAY", Session=sid)[0] == 200
    for _ in range(5):  # 2 s, twice the timeout
        time.sleep(0.4)
        assert c.request("GET_PARAMETER", Session=sid)[0] == 200
    assert sid in sim.rtsp.sessions
    assert c.request("PAUSE", Session=sid)[0] == 200
    stream = sim.camera(2).streams["main"]
    assert sim.rtsp.sessions[sid] not in stream.clients()
    assert c.request("PLAY", Session=sid)[0] == 200  # resume after PAUSE
    assert sim.rtsp.sessions[sid] in stream.clients()
    assert c.request("TEARDOWN", Session=sid)[0] == 200
    assert sid not in sim.rtsp.sessions
    c.close()


def test_interleaved_rtp_is_rfc6184(sim: Simulator) -> None:
    c = RawRtsp(sim.rtsp.url(1, "main"))
    status, headers, _ = c.request(
        "SETUP", c.url + "/trackID=0", Transport="RTP/AVP/TCP;unicast;interleaved=0-1"
    )
    assert status == 200 and "interleaved=0-1" in headers["transport"]
    sid = headers["session"].split(";")[0]
    status, headers, _ = c.request("PLAY", Session=sid)
    assert status == 200 and "seq=" in headers["rtp-info"] and "rtptime=" in headers["rtp-info"]
    packets = c.read_rtp(8)  # well within the 1 s session timeout
    assert all(r[1] == 200 for r in c.rtcp)  # sender reports on the RTCP channel
    types, timestamps, seqs, markers = [], [], [], []
    for p in packets:
        assert p[0] >> 6 == 2 and p[1] & 0x7F == 96
        seqs.append(struct.unpack("!H", p[2:4])[0])
        timestamps.append(struct.unpack("!I", p[4:8])[0])
        markers.append(bool(p[1] & 0x80))
        nal_type = p[12] & 0x1F
        types.append(p[13] & 0x1F if nal_type == 28 else nal_type)
        assert nal_type in (1, 5, 6, 7, 8, 28)  # single NAL or FU-A, no STAP-A
        assert len(p) <= 1412
    assert types[:2] == [7, 8]  # the new client starts with SPS, PPS, then the IDR
    assert 5 in types[2:4]
    assert all((b - a) & 0xFFFF == 1 for a, b in itertools.pairwise(seqs))
    # One timestamp per access unit, advancing ~3600 ticks (90 kHz / 25 fps) per frame.
    frame_ts = [t for t, m in zip(timestamps, markers, strict=True) if m]
    steps = [(b - a) & 0xFFFFFFFF for a, b in itertools.pairwise(frame_ts)]
    assert len(steps) >= 3
    assert all(step % 3600 == 0 for step in steps) and 3600 in steps  # a regular grid
    c.close()


def test_slow_client_is_dropped_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rtsp_session, "TCP_BUFFER_LIMIT", 16 * 1024)
    sim = Simulator(cameras=1, onvif=False, discovery=False, faults=["1:noise"])
    sim.start()  # noise (snow) makes large frames that fill buffers fast
    slow = RawRtsp(sim.rtsp.url(1, "main"), rcvbuf=4096)
    try:
        _, headers, _ = slow.request(
            "SETUP", slow.url + "/trackID=0", Transport="RTP/AVP/TCP;unicast;interleaved=0-1"
        )
        sid = headers["session"].split(";")[0]
        assert slow.request("PLAY", Session=sid)[0] == 200
        session = sim.rtsp.sessions[sid]
        opts = {"rtsp_transport": "tcp", "fflags": "nobuffer", "analyzeduration": "0"}
        with av.open(sim.rtsp.url(1, "main"), options=opts, timeout=5) as fast:
            for decoded, _ in enumerate(fast.decode(video=0), start=1):  # fast client flows
                if session.dropped_frames > 0 and decoded >= 25:
                    break
                assert decoded < 500, "slow client never dropped a frame"
        assert session.dropped_frames > 0
    finally:
        slow.close()
        sim.stop()


@pytest.fixture(scope="module")
def auth_sim() -> Iterator[Simulator]:
    simulator = Simulator(cameras=1, onvif=False, discovery=False, user="admin", password="s3cret!")
    simulator.start()
    yield simulator
    simulator.stop()


def _with_creds(url: str, user: str, password: str) -> str:
    return url.replace("rtsp://", f"rtsp://{user}:{password}@")


def test_digest_auth_challenge_and_manual_response(auth_sim: Simulator) -> None:
    url = auth_sim.rtsp.url(1, "sub")
    c = RawRtsp(url)
    assert c.request("OPTIONS")[0] == 200
    status, headers, _ = c.request("DESCRIBE")
    assert status == 401
    challenge = parse_auth_params(headers["www-authenticate"])
    assert challenge["realm"] == REALM

    def md5(s: str) -> str:
        return hashlib.md5(s.encode()).hexdigest()

    ha1 = md5(f"admin:{REALM}:s3cret!")
    response = md5(f"{ha1}:{challenge['nonce']}:{md5('DESCRIBE:' + url)}")  # RFC 2069 style
    auth = f'Digest username="admin", realm="{REALM}", nonce="{challenge["nonce"]}", '
    auth += f'uri="{url}", response="{response}"'
    assert c.request("DESCRIBE", Authorization=auth)[0] == 200
    assert c.request("DESCRIBE", Authorization=auth.replace(response, "0" * 32))[0] == 401
    c.close()


def test_ffmpeg_with_good_and_bad_password(auth_sim: Simulator) -> None:
    url = auth_sim.rtsp.url(1, "sub")
    opts = {"rtsp_transport": "tcp", "fflags": "nobuffer", "analyzeduration": "0"}
    with av.open(_with_creds(url, "admin", "s3cret!"), options=opts, timeout=5) as c:
        frame = next(c.decode(video=0))
        assert (frame.width, frame.height) == (640, 360)
    with pytest.raises(av.error.FFmpegError, match=r"401|Unauthorized"):
        av.open(_with_creds(url, "admin", "wrong"), options=opts, timeout=5)
    with pytest.raises(av.error.FFmpegError, match=r"401|Unauthorized"):
        av.open(url, options=opts, timeout=5)


def test_udp_rtp_and_rtcp_sender_reports_reach_the_client_ports(sim: Simulator) -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rtp,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rtcp,
        RawRtsp(sim.rtsp.url(1, "sub")) as c,
    ):
        rtp.bind(("127.0.0.1", 0))
        rtcp.bind(("127.0.0.1", 0))
        ports = f"{rtp.getsockname()[1]}-{rtcp.getsockname()[1]}"
        status, headers, _ = c.request(
            "SETUP", c.url + "/trackID=0", Transport=f"RTP/AVP;unicast;client_port={ports}"
        )
        assert status == 200
        sid = headers["session"].split(";")[0]
        ssrc = int(re.search(r"ssrc=([0-9A-F]+)", headers["transport"]).group(1), 16)  # type: ignore[union-attr]
        assert c.request("PLAY", Session=sid)[0] == 200
        rtp.settimeout(3)
        first = rtp.recv(2048)
        assert first[1] & 0x7F == 96 and struct.unpack("!I", first[8:12])[0] == ssrc
        rtcp.settimeout(0.5)
        report = b""
        deadline = time.monotonic() + 4
        while not report and time.monotonic() < deadline:
            assert c.request("GET_PARAMETER", Session=sid)[0] == 200  # keep-alive
            try:
                report = rtcp.recv(2048)
            except TimeoutError:
                continue
        assert report, "no RTCP sender report within 4 s"
        assert report[1] == 200 and struct.unpack("!I", report[4:8])[0] == ssrc
        ntp_seconds = struct.unpack("!I", report[8:12])[0] - 2_208_988_800
        assert abs(ntp_seconds - time.time()) < 5
        packets, octets = struct.unpack("!II", report[20:28])
        assert packets > 0 and octets > packets
        assert report[29] == 202 and b"cam1/sub" in report[28:]  # SDES CNAME follows
        assert c.request("TEARDOWN", Session=sid)[0] == 200


def test_jitter_fault_makes_frame_timing_irregular(sim: Simulator) -> None:
    sim.set_fault(2, "jitter", True)
    try:
        with RawRtsp(sim.rtsp.url(2, "sub")) as c:
            _, headers, _ = c.request(
                "SETUP", c.url + "/trackID=0", Transport="RTP/AVP/TCP;unicast;interleaved=0-1"
            )
            assert c.request("PLAY", Session=headers["session"].split(";")[0])[0] == 200
            packets = c.read_rtp(12)
    finally:
        sim.set_fault(2, "jitter", False)
    frame_ts = [struct.unpack("!I", p[4:8])[0] for p in packets if p[1] & 0x80]
    steps = [(b - a) & 0xFFFFFFFF for a, b in itertools.pairwise(frame_ts)]
    assert any(step % 3600 for step in steps)  # off the 25 fps grid
    assert max(steps) - min(steps) > 1000  # > 11 ms spread


def test_urls_never_carry_wildcards_or_credentials() -> None:
    assert advertised_host("127.0.0.1") == "127.0.0.1"
    assert advertised_host("0.0.0.0") not in ("0.0.0.0", "")
    assert stream_base("rtsp://admin:pw@10.0.0.5:554/cam3/sub/trackID=0") == (
        "rtsp://10.0.0.5:554/cam3/sub/"
    )
    assert stream_base("rtsp://10.0.0.5:554/cam3/sub") == "rtsp://10.0.0.5:554/cam3/sub/"
