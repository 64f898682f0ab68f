"""`xueliang camera check` against the simulator over RTSP (Digest auth) and a dead address."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from camera_cli import add_camera, run_cli

from video.sim.simulator import SimCameraInfo, Simulator

USER, PASSWORD = "operator", "Chk-Secret-51"


@pytest.fixture(scope="module")
def sim() -> Iterator[list[SimCameraInfo]]:
    simulator = Simulator(cameras=1, user=USER, password=PASSWORD, onvif=False, discovery=False)
    yield simulator.start()
    simulator.stop()


@pytest.fixture
def db(sim: list[SimCameraInfo], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A registry with the simulator's camera and one whose address refuses."""
    url = f"sqlite:///{tmp_path / 'reg.db'}"
    info = sim[0]
    add_camera(capsys, url, "gate", "东门", (info.rtsp_main, info.rtsp_sub), USER, PASSWORD)
    dead = ("rtsp://127.0.0.1:9/main", "rtsp://127.0.0.1:9/sub")
    add_camera(capsys, url, "dead", "北桥", dead, USER, PASSWORD)
    return url


def test_check_every_registered_camera(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "--db", db, "camera", "check")
    assert code == 1  # one camera does not answer: a monitoring job alerts
    lines = out.splitlines()
    assert lines[0].startswith("dead\t北桥\tNO ANSWER\t") and "connection refused" in lines[0]
    assert lines[1].startswith("gate\t东门\tanswers\th264 640x360\t")  # by id
    assert lines[2] == "2 cameras: 1 answers, 1 does not"
    assert PASSWORD not in out + err and "rtsp://***@127.0.0.1:9/sub" in lines[0]


def test_check_one_camera_as_json_and_its_main_stream(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "--db", db, "camera", "check", "gate", "--profile", "main")
    assert code == 0, err
    assert "h264 1280x720" in out and out.endswith("1 camera: 1 answers, 0 do not\n")
    code, out, _ = run_cli(capsys, "--db", db, "camera", "check", "gate", "--json")
    (row,) = json.loads(out)
    assert row["answers"] and (row["width"], row["height"]) == (640, 360)
    assert row["url"].startswith("rtsp://***@") and 0 < row["seconds"] < 5


def test_check_a_url_and_bad_inputs(
    sim: list[SimCameraInfo], db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = sim[0].rtsp_sub.replace("rtsp://", f"rtsp://{USER}:nope-pw@")
    code, out, err = run_cli(capsys, "--db", db, "camera", "check", wrong)
    assert code == 1 and "check user/password" in out and "nope-pw" not in out + err
    code, out, err = run_cli(capsys, "--db", db, "camera", "check", "nope")
    assert code == 1 and "no camera 'nope' in the registry" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "--db", db, "camera", "check", "--parallel", "0")
    assert code == 2 and "--parallel" in err
    empty = db.replace("reg.db", "empty.db")
    code, _, err = run_cli(capsys, "--db", empty, "camera", "check")
    assert code == 1 and "no cameras registered" in err
