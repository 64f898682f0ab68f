"""RTP packetization of H.264 (RFC 6184: single NAL unit and FU-A) and the stream's SDP."""

from __future__ import annotations

import struct

PAYLOAD_TYPE = 96
CLOCK_RATE = 90_000
MAX_PAYLOAD = 1400  # fits a 1500-byte MTU with IP/UDP/RTP headers
NTP_EPOCH_OFFSET = 2_208_988_800  # seconds from 1900 (NTP) to 1970 (Unix)


class RtpPacketizer:
    """Turns access units into RTP packets with one SSRC and a running sequence number."""

    def __init__(self, ssrc: int, seq: int = 0) -> None:
        self.ssrc = ssrc
        self.seq = seq & 0xFFFF
        self.packets = 0  # sender counts for RTCP sender reports
        self.octets = 0

    def _header(self, timestamp: int, marker: bool) -> bytes:
        header = struct.pack(
            "!BBHII",
            0x80,
            (0x80 if marker else 0) | PAYLOAD_TYPE,
            self.seq,
            timestamp & 0xFFFFFFFF,
            self.ssrc,
        )
        self.seq = (self.seq + 1) & 0xFFFF
        self.packets += 1
        return header

    def packetize(self, nals: tuple[bytes, ...] | list[bytes], timestamp: int) -> list[bytes]:
        """RTP packets for one access unit; the marker bit is set on its last packet."""
        packets: list[bytes] = []
        for index, nal in enumerate(nals):
            last_nal = index == len(nals) - 1
            if len(nal) <= MAX_PAYLOAD:
                packets.append(self._header(timestamp, last_nal) + nal)
                continue
            # FU-A: FU indicator keeps F/NRI with type 28; FU header carries S/E and the type.
            indicator = bytes([(nal[0] & 0xE0) | 28])
            nal_type = nal[0] & 0x1F
            body = memoryview(nal)[1:]
            chunk = MAX_PAYLOAD - 2
            for offset in range(0, len(body), chunk):
                start = offset == 0
                end = offset + chunk >= len(body)
                fu_header = bytes([(0x80 if start else 0) | (0x40 if end else 0) | nal_type])
                packets.append(
                    self._header(timestamp, last_nal and end)
                    + indicator
                    + fu_header
                    + body[offset : offset + chunk]
                )
        self.octets += sum(len(p) - 12 for p in packets)
        return packets

    def sender_report(self, wall_time: float, timestamp: int, cname: str) -> bytes:
        """An RTCP compound packet: SR (wall clock <-> RTP time, counts) + SDES CNAME."""
        ntp = wall_time + NTP_EPOCH_OFFSET
        seconds = int(ntp)
        fraction = int((ntp - seconds) * (1 << 32)) & 0xFFFFFFFF
        sr = struct.pack(
            "!BBHIIIIII",
            0x80,
            200,
            6,
            self.ssrc,
            seconds & 0xFFFFFFFF,
            fraction,
            timestamp & 0xFFFFFFFF,
            self.packets & 0xFFFFFFFF,
            self.octets & 0xFFFFFFFF,
        )
        text = cname.encode()[:255]
        item = struct.pack("!IBB", self.ssrc, 1, len(text)) + text + b"\x00"
        item += b"\x00" * (-len(item) % 4)
        sdes = struct.pack("!BBH", 0x81, 202, len(item) // 4) + item
        return sr + sdes


def build_sdp(
    host: str, session_id: int, title: str, fmtp: str, width: int, height: int, fps: int
) -> str:
    """The SDP a DESCRIBE returns for one H.264 stream."""
    lines = [
        "v=0",
        f"o=- {session_id} 1 IN IP4 {host}",
        f"s={title}",
        "c=IN IP4 0.0.0.0",
        "t=0 0",
        "a=control:*",
        "a=range:npt=0-",
        f"m=video 0 RTP/AVP {PAYLOAD_TYPE}",
        f"a=rtpmap:{PAYLOAD_TYPE} H264/{CLOCK_RATE}",
        f"a=fmtp:{PAYLOAD_TYPE} {fmtp}",
        f"a=framerate:{fps}",
        f"a=x-dimensions:{width},{height}",
        "a=control:trackID=0",
    ]
    return "\r\n".join(lines) + "\r\n"
