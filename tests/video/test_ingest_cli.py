"""`xueliang camera watch|snapshot` as a user runs them: a real process, real RTSP peer."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import cv2
import pytest
from cryptography.fernet import Fernet
from gst_rtsp_server import GstServer

from video.registry import Camera, CameraRegistry
from video.registry.crypto import KEY_ENV

SECRET = "pa55-w0rd"
CLI = [sys.executable, "-c", "import sys; from console.cli import main; sys.exit(main())"]


@pytest.fixture(scope="module")
def gst() -> Iterator[GstServer]:
    """An authenticated GStreamer RTSP server."""
    with GstServer(mounts=1, user="op", password=SECRET) as server:
        yield server


@pytest.fixture
def camera_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """A credential key in the environment (never the OS keyring) for this test and the CLI."""
    key = Fernet.generate_key().decode()
    monkeypatch.setenv(KEY_ENV, key)
    return key


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI and return its result."""
    return subprocess.run(
        [*CLI, "camera", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_watch_json(gst: GstServer) -> None:
    result = run("watch", gst.url(0, "op", SECRET), "--seconds", "1.5", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in [
        "state",
        "fps",
        "frames",
        "decode_errors",
        "dropped",
        "reconnects",
        "first_frame_s",
        "latency_ms",
    ]:
        assert key in data
    assert data["state"] == "live"
    assert data["frames"] >= 20
    assert data["latency_ms"] is None  # GStreamer's test source carries no stamp
    assert data["url"].startswith("rtsp://***@127.0.0.1:")
    assert SECRET not in result.stdout + result.stderr


def test_watch_udp_with_downscale_prints_a_summary(gst: GstServer) -> None:
    result = run("watch", gst.url(0, "op", SECRET), "--seconds", "1", "--udp", "--size", "160x90")
    assert result.returncode == 0, result.stderr
    assert " live 160x90 " in result.stdout
    assert SECRET not in result.stdout


def test_snapshot_writes_a_jpeg(gst: GstServer, tmp_path: Path) -> None:
    out = tmp_path / "snap.jpg"
    result = run("snapshot", gst.url(0, "op", SECRET), "-o", str(out))
    assert result.returncode == 0, result.stderr
    image = cv2.imread(str(out))
    assert image is not None and image.shape == (180, 320, 3)
    assert SECRET not in result.stdout


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("kind", "expect"),
    [
        ("password", "camera refused the credentials (401): check user/password"),
        ("path", "(404)"),
        ("port", "connection refused"),
        ("scheme", "not an RTSP URL"),
        ("camera-id", "no camera 'no-such-camera' in the registry"),
    ],
)
def test_bad_input_exits_with_one_clear_line(
    gst: GstServer, tmp_path: Path, kind: str, expect: str, camera_key: str
) -> None:
    good = gst.url(0, "op", SECRET)
    target = {
        "password": gst.url(0, "op", "not-" + SECRET),
        "path": good.replace("/cam0", "/nope"),
        "port": f"rtsp://op:{SECRET}@127.0.0.1:{_closed_port()}/cam0",
        "scheme": f"http://op:{SECRET}@127.0.0.1/cam0",
        "camera-id": "no-such-camera",
    }[kind]
    for args in (("watch", target, "--json"), ("snapshot", target, "-o", str(tmp_path / "x.jpg"))):
        result = run(*args, "--timeout", "5")
        assert result.returncode != 0
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert expect in lines[0]
        assert "Traceback" not in result.stderr
        assert SECRET not in result.stderr + result.stdout
        assert result.stdout == ""


def test_camera_id_resolves_through_the_registry(
    gst: GstServer, tmp_path: Path, camera_key: str
) -> None:
    db = f"sqlite:///{tmp_path / 'cams.db'}"
    registry = CameraRegistry(db)
    try:
        camera = Camera(id="cam-7", name="七一路口", rtsp_main=gst.url(0), rtsp_sub=gst.url(0))
        registry.add(camera, user="op", password=SECRET)
    finally:
        registry.close()
    watch = ["watch", "cam-7", "--profile", "sub", "--seconds", "1", "--json"]
    result = subprocess.run(
        [*CLI, "--db", db, "camera", *watch],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["state"] == "live" and data["frames"] > 0
    assert SECRET not in result.stdout + result.stderr
    out = tmp_path / "cam7.jpg"
    snap = subprocess.run(
        [*CLI, "--db", db, "camera", "snapshot", "cam-7", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert snap.returncode == 0, snap.stderr
    assert cv2.imread(str(out)) is not None
