"""The quick answer check against the camera simulator over real RTSP (Digest auth)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from digest_sim import digest_camera, with_credentials

from video.errors import (
    AuthError,
    StreamError,
    StreamNotFoundError,
    StreamRefusedError,
    StreamTimeoutError,
)
from video.ingest import ReaderOptions
from video.ingest.answer import answer_stream
from video.sim.simulator import SimCameraInfo, Simulator

PASSWORD = "Sim-Secret-7"


@pytest.fixture(scope="module")
def sim() -> Iterator[tuple[Simulator, SimCameraInfo]]:
    """One simulated camera with Digest auth, RTSP only."""
    with digest_camera(PASSWORD) as camera:
        yield camera


def _auth(url: str, password: str = PASSWORD) -> str:
    return with_credentials(url, password)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_answers_with_codec_and_size(sim: tuple[Simulator, SimCameraInfo]) -> None:
    _, info = sim
    answer = answer_stream(_auth(info.rtsp_sub))
    assert (answer.codec, answer.width, answer.height) == ("h264", 640, 360)
    assert 0 < answer.seconds < 5
    main = answer_stream(_auth(info.rtsp_main))
    assert (main.width, main.height) == (1280, 720)


def test_many_answers_leave_no_thread_or_session(
    sim: tuple[Simulator, SimCameraInfo], monkeypatch: pytest.MonkeyPatch
) -> None:
    simulator, info = sim
    caller = threading.current_thread()
    started: list[str] = []  # threads the checks start (the in-process simulator may start its own)
    original = threading.Thread.start

    def start(thread: threading.Thread) -> None:
        if threading.current_thread() is caller:
            started.append(thread.name)
        original(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    for _ in range(10):
        answer_stream(_auth(info.rtsp_sub))
    assert started == []
    deadline = time.monotonic() + 5
    while len(simulator.rtsp.sessions) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(simulator.rtsp.sessions) == 0  # each check tore its session down


def test_wrong_password_is_auth_error(sim: tuple[Simulator, SimCameraInfo]) -> None:
    _, info = sim
    with pytest.raises(AuthError, match="check user/password") as caught:
        answer_stream(_auth(info.rtsp_sub, "wrong-one"))
    assert "wrong-one" not in str(caught.value) and "\n" not in str(caught.value)


def test_unknown_path_is_not_found(sim: tuple[Simulator, SimCameraInfo]) -> None:
    _, info = sim
    with pytest.raises(StreamNotFoundError, match=r"\(404\)"):
        answer_stream(_auth(info.rtsp_sub.rsplit("/", 1)[0] + "/nope"))


def test_refused_port_and_silent_server() -> None:
    with pytest.raises(StreamRefusedError):
        answer_stream(f"rtsp://127.0.0.1:{_closed_port()}/cam0")
    silent = socket.create_server(("127.0.0.1", 0))
    started = time.monotonic()
    try:
        with pytest.raises(StreamTimeoutError):
            url = f"rtsp://127.0.0.1:{silent.getsockname()[1]}/cam0"
            answer_stream(url, ReaderOptions(open_timeout=1.0, read_timeout=1.0))
    finally:
        silent.close()
    assert time.monotonic() - started < 5


def test_a_camera_that_hangs_up_is_one_line(sim: tuple[Simulator, SimCameraInfo]) -> None:
    simulator, info = sim
    simulator.set_fault(1, "disconnect")
    try:
        with pytest.raises(StreamError) as caught:
            answer_stream(_auth(info.rtsp_sub), ReaderOptions(open_timeout=2.0, read_timeout=2.0))
    finally:
        simulator.set_fault(1, "disconnect", on=False)
    assert PASSWORD not in str(caught.value) and "\n" not in str(caught.value)
    assert answer_stream(_auth(info.rtsp_sub)).codec == "h264"  # back once it is
