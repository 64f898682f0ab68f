"""The simulator's RTSP server against real clients: PyAV/FFmpeg, ffprobe, GStreamer."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import av
import numpy as np
import pytest

from video import stamp
from video.sim.simulator import Simulator

LOW_LATENCY = {
    "fflags": "nobuffer",
    "flags": "low_delay",
    "max_delay": "0",
    "probesize": "32",
    "analyzeduration": "0",
}
GST_CHECK = """
import json, sys, gi
gi.require_version("Gst", "1.0")
from gi.repository import Gst
Gst.init(None)
url, proto = sys.argv[1], sys.argv[2]
p = Gst.parse_launch(
    f"rtspsrc location={url} protocols={proto} latency=0 ! rtph264depay ! h264parse "
    "! avdec_h264 ! videoconvert ! video/x-raw,format=GRAY8 ! appsink name=s sync=false"
)
p.set_state(Gst.State.PLAYING)
sink = p.get_by_name("s")
frames, caps = 0, None
for _ in range(10):
    sample = sink.emit("try-pull-sample", 5 * Gst.SECOND)
    if sample is None:
        break
    frames += 1
    s = sample.get_caps().get_structure(0)
    caps = [s.get_value("width"), s.get_value("height")]
p.set_state(Gst.State.NULL)
print(json.dumps({"frames": frames, "size": caps}))
"""


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    simulator = Simulator(cameras=3, onvif=False, discovery=False)
    simulator.start()
    yield simulator
    simulator.stop()


def read_frames(
    url: str, count: int, transport: str = "tcp", skip: int = 0
) -> tuple[list[np.ndarray], float]:
    """Decode ``count`` BGR frames (after ``skip``); also return the time to the first frame."""
    start = time.perf_counter()
    first = 0.0
    frames: list[np.ndarray] = []
    with av.open(url, options={**LOW_LATENCY, "rtsp_transport": transport}, timeout=5) as c:
        for i, frame in enumerate(c.decode(video=0)):
            if i == 0:
                first = time.perf_counter() - start
            if i >= skip:
                frames.append(frame.to_ndarray(format="bgr24"))
            if len(frames) >= count:
                break
    return frames, first


def _wait(predicate: object, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_reads_decodable_frames_with_a_recent_stamp(sim: Simulator, transport: str) -> None:
    url = sim.rtsp.url(1, "sub")
    frames, _ = read_frames(url, 5, transport)
    assert [f.shape for f in frames] == [(360, 640, 3)] * 5
    stamps = [s for s in (stamp.decode(f) for f in frames) if s is not None]
    assert len(stamps) == len(frames)
    age_ms = time.time() * 1000 - stamps[-1]
    assert 0 <= age_ms < 3000
    assert stamps == sorted(stamps)


def test_main_stream_is_720p(sim: Simulator) -> None:
    frames, _ = read_frames(sim.rtsp.url(2, "main"), 2, "tcp")
    assert frames[0].shape == (720, 1280, 3)
    assert stamp.decode(frames[-1]) is not None


@pytest.mark.parametrize(("kind", "size"), [("main", (1280, 720)), ("sub", (640, 360))])
def test_ffprobe_sees_size_and_25_fps(sim: Simulator, kind: str, size: tuple[int, int]) -> None:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_streams", "-of", "json",
         sim.rtsp.url(3, kind)],
        capture_output=True, text=True, timeout=30, check=True,
    ).stdout  # fmt: skip
    stream = json.loads(out)["streams"][0]
    assert stream["codec_name"] == "h264"
    assert (stream["width"], stream["height"]) == size
    assert stream["r_frame_rate"] == "25/1"


def test_two_clients_share_one_encoder_that_stops_after_them(sim: Simulator) -> None:
    stream = sim.camera(1).streams["sub"]
    opts = {**LOW_LATENCY, "rtsp_transport": "tcp"}
    url = sim.rtsp.url(1, "sub")
    with av.open(url, options=opts, timeout=5) as a, av.open(url, options=opts, timeout=5) as b:
        next(a.decode(video=0))
        next(b.decode(video=0))
        assert len(stream.clients()) == 2
        workers = [t for t in threading.enumerate() if t.name == "sim-cam1/sub"]
        assert len(workers) == 1
        assert stream.running
    assert _wait(lambda: not stream.running and not stream.clients())
    assert _wait(lambda: not [t for t in threading.enumerate() if t.name == "sim-cam1/sub"])


def test_first_frame_arrives_quickly(sim: Simulator) -> None:
    read_frames(sim.rtsp.url(2, "sub"), 1)  # warm the panorama
    _, first = read_frames(sim.rtsp.url(2, "sub"), 1)
    assert first < 2.0  # generous sanity bound; bench/ reports the real figure


def test_ptz_move_changes_the_streamed_picture(sim: Simulator) -> None:
    cam = sim.camera(3)
    url = sim.rtsp.url(3, "sub")
    before, _ = read_frames(url, 1)
    cam.ptz.absolute_move(0.9, 0.6, 0.5)
    try:
        after, _ = read_frames(url, 1)
    finally:
        cam.ptz.goto_home()
    body = slice(20, None)
    assert np.abs(before[0][body].astype(int) - after[0][body].astype(int)).mean() > 10


def _post(url: str, body: object) -> tuple[int, dict[str, object]]:
    req = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_fault_set_over_http_darkens_the_stream(sim: Simulator) -> None:
    url = sim.rtsp.url(2, "sub")
    normal, _ = read_frames(url, 1)
    status, listing = _post(sim.control_url, {"camera": 2, "kind": "dark", "on": True})
    try:
        assert status == 200
        assert {"camera": 2, "kind": "dark"} in listing["faults"]  # type: ignore[operator]
        with urllib.request.urlopen(sim.control_url, timeout=5) as resp:
            assert {"camera": 2, "kind": "dark"} in json.loads(resp.read())["faults"]
        dark, _ = read_frames(url, 1)
    finally:
        _post(sim.control_url, {"camera": 2, "kind": "dark", "on": False})
    body = slice(20, None)
    assert dark[0][body].mean() < normal[0][body].mean() / 2
    assert sim.faults() == []


def test_control_lists_the_cameras_as_printed(sim: Simulator) -> None:
    with urllib.request.urlopen(sim.control_url.replace("/faults", "/cameras"), timeout=5) as r:
        cameras = json.loads(r.read())
    assert cameras == [info.to_dict() for info in sim.infos]
    assert cameras[0]["name"] == "王益区七一路路口-01"


def test_bad_fault_requests_get_400_with_a_reason(sim: Simulator) -> None:
    status, body = _post(sim.control_url, {"camera": 2, "kind": "smoke"})
    assert status == 400 and "smoke" in str(body["error"])
    status, body = _post(sim.control_url, {"camera": 99, "kind": "blur"})
    assert status == 400 and "99" in str(body["error"])
    status, body = _post(sim.control_url, ["blur"])
    assert status == 400


def test_disconnect_drops_clients_and_refuses_until_cleared(sim: Simulator) -> None:
    url = sim.rtsp.url(1, "main")
    opts = {**LOW_LATENCY, "rtsp_transport": "tcp"}
    with av.open(url, options=opts, timeout=3) as c:
        frames = c.decode(video=0)
        next(frames)
        sim.set_fault(1, "disconnect", True)
        try:
            with pytest.raises((av.error.FFmpegError, StopIteration, OSError)):
                for _ in range(200):  # at most 8 s of stream
                    next(frames)
            with pytest.raises((av.error.FFmpegError, OSError)):
                av.open(url, options=opts, timeout=3)
            assert sim.camera(1).streams["main"].clients() == []
        finally:
            sim.set_fault(1, "disconnect", False)
    frames_after, _ = read_frames(url, 1)
    assert frames_after[0].shape == (720, 1280, 3)


def _gst_play(url: str, proto: str) -> dict[str, object]:
    out = subprocess.run(
        ["/usr/bin/python3", "-c", GST_CHECK, url, proto],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("proto", ["tcp", "udp"])
def test_gstreamer_plays_the_stream(sim: Simulator, proto: str) -> None:
    assert _gst_play(sim.rtsp.url(3, "sub"), proto) == {"frames": 10, "size": [640, 360]}


def test_gstreamer_passes_digest_auth() -> None:
    with Simulator(cameras=1, onvif=False, discovery=False, user="op", password="pw9") as auth:
        url = auth.rtsp.url(1, "sub")
        good = _gst_play(url.replace("rtsp://", "rtsp://op:pw9@"), "tcp")
        bad = _gst_play(url.replace("rtsp://", "rtsp://op:nope@"), "tcp")
    assert good == {"frames": 10, "size": [640, 360]}
    assert bad["frames"] == 0
