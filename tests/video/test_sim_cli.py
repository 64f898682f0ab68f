"""`xueliang sim` as a subprocess: JSON lines when ready, faults from the command line,
clean stop on SIGTERM and SIGINT, one-line errors for bad arguments."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator

import av
import pytest

from video import stamp

CMD = [sys.executable, "-m", "console"]


def _start(*args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [*CMD, "sim", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )


def _lines(proc: subprocess.Popen[bytes], count: int) -> list[dict[str, str]]:
    assert proc.stdout is not None
    return [json.loads(proc.stdout.readline().decode("utf-8")) for _ in range(count)]


@pytest.fixture
def running() -> Iterator[subprocess.Popen[bytes]]:
    proc = _start("--cameras", "2", "--no-onvif", "--fault", "2:dark", "--gop", "10")
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(10)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def test_prints_cameras_serves_and_stops_on_sigterm(running: subprocess.Popen[bytes]) -> None:
    cams = _lines(running, 2)
    assert [c["id"] for c in cams] == ["cam1", "cam2"]
    assert cams[0]["name"] == "王益区七一路路口-01"
    assert set(cams[0]) == {"id", "name", "onvif", "rtsp_main", "rtsp_sub"}
    assert cams[0]["rtsp_sub"].startswith("rtsp://127.0.0.1:")
    assert cams[0]["rtsp_sub"].endswith("/cam1/sub")
    assert running.stderr is not None
    control = running.stderr.readline().decode().split("fault control: ")[1].strip()
    with urllib.request.urlopen(control, timeout=5) as resp:
        assert json.loads(resp.read())["faults"] == [{"camera": 2, "kind": "dark"}]
    opts = {"rtsp_transport": "tcp", "fflags": "nobuffer", "analyzeduration": "0"}
    with av.open(cams[1]["rtsp_sub"], options=opts, timeout=5) as c:
        frame = next(c.decode(video=0)).to_ndarray(format="bgr24")
    assert stamp.decode(frame) is not None
    assert frame[20:].mean() < 60  # camera 2 started dark
    running.send_signal(signal.SIGTERM)
    assert running.wait(10) == 0


def test_stops_on_sigint() -> None:
    proc = _start("--cameras", "1", "--no-onvif")
    try:
        assert _lines(proc, 1)[0]["id"] == "cam1"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(10) == 0
        assert proc.stderr is not None
        assert b"Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def test_credentials_never_in_printed_urls() -> None:
    proc = _start("--cameras", "1", "--no-onvif", "--user", "admin", "--password", "pa55word")
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        assert "pa55word" not in line and "admin" not in line
        assert json.loads(line)["rtsp_main"].startswith("rtsp://127.0.0.1:")
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--fault", "9:blur", "--cameras", "2"], "unknown camera 9"),
        (["--fault", "1:smoke"], "unknown fault kind 'smoke'"),
        (["--fault", "blur"], "CAM:KIND"),
        (["--fixed", "5", "--cameras", "2"], "--fixed 5: there is no such camera, use 1..2"),
        (["--cameras", "0"], "--cameras"),
        (["--user", "admin"], "--password"),
        (["--rtsp-port", "70000"], "ports"),
        (["--cameras", "many"], "invalid int value: 'many'"),
        (["--nice", "25"], "--nice must be between 0 and 19"),
    ],
)
def test_bad_arguments_one_line_exit_2(args: list[str], expected: str) -> None:
    result = subprocess.run([*CMD, "sim", *args], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]
    assert result.stdout == ""


def test_port_in_use_is_one_line_exit_1() -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [*CMD, "sim", "--no-onvif", "--rtsp-port", str(port)],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot listen" in lines[0], result.stderr
