"""`xueliang camera diagnose` against the simulator over RTSP (Digest auth), with faults."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from camera_cli import add_camera, run_cli

from console.cli import main
from video.redact import redact_url
from video.sim.simulator import SimCameraInfo, Simulator

USER, PASSWORD = "operator", "Diag-Secret-73"
WRONG = "nope-pw-19"


@pytest.fixture(scope="module")
def sim() -> Iterator[list[SimCameraInfo]]:
    """Camera 1 is fault-free, camera 2 out of focus, camera 3 has lost its input, camera 4
    shakes (not registered)."""
    simulator = Simulator(
        cameras=4,
        user=USER,
        password=PASSWORD,
        faults=[(2, "blur"), (3, "signal_loss"), (4, "jitter")],
        onvif=False,
        discovery=False,
    )
    yield simulator.start()
    simulator.stop()


@pytest.fixture
def db(sim: list[SimCameraInfo], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A registry with the three cameras, one with a wrong password, one whose port refuses."""
    url = f"sqlite:///{tmp_path / 'reg.db'}"
    dead = ("rtsp://127.0.0.1:9/main", "rtsp://127.0.0.1:9/sub")
    for camera_id, name, info, password in (
        ("a-gate", "东门", sim[0], PASSWORD),
        ("b-blur", "南街", sim[1], PASSWORD),
        ("c-black", "西站", sim[2], PASSWORD),
        ("d-locked", "北桥", sim[0], WRONG),
        ("e-dead", "河堤", None, PASSWORD),
    ):
        urls = (info.rtsp_main, info.rtsp_sub) if info else dead
        add_camera(capsys, url, camera_id, name, urls, USER, password)
    return url


def test_every_registered_camera_in_order(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "--db", db, "camera", "diagnose", "--parallel", "5")
    assert code == 1, err  # findings and unreadable cameras: a monitoring job alerts
    lines = out.splitlines()
    assert lines[0] == "a-gate\t东门\tok"
    assert lines[1].startswith("b-blur\t南街\tblurred\t(sharpness 0.")
    assert lines[1].endswith(", below 0.36)")
    assert lines[2].startswith("c-black\t西站\tsignal_loss\t(the picture is one flat colour (")
    assert lines[3].startswith("d-locked\t北桥\tNOT EXAMINED\trtsp://***@127.0.0.1:")
    assert lines[3].endswith("camera refused the credentials (401): check user/password")
    assert lines[4].startswith("e-dead\t河堤\tNOT EXAMINED\trtsp://***@127.0.0.1:9/sub: ")
    assert "connection refused" in lines[4]
    assert lines[5] == "5 cameras: 1 ok, 2 with findings, 2 not examined"
    assert len(lines) == 6
    assert PASSWORD not in out + err and WRONG not in out + err and "Traceback" not in err


def test_a_camera_that_looks_right_exits_0(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "--db", db, "camera", "diagnose", "a-gate", "--seconds", "2")
    assert code == 0, err
    assert out == "a-gate\t东门\tok\n1 camera: 1 ok, 0 with findings, 0 not examined\n"


def test_json_with_the_measures_of_a_sub_and_a_main_stream(
    sim: list[SimCameraInfo], db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    blurred_main = sim[1].rtsp_main.replace("rtsp://", f"rtsp://{USER}:{PASSWORD}@")
    argv = ("--db", db, "camera", "diagnose", "a-gate", blurred_main, "--json", "--seconds", "2")
    code, out, err = run_cli(capsys, *argv)
    assert code == 1, err  # one camera with a finding
    good, blurred = json.loads(out)
    assert good["id"] == "a-gate" and good["name"] == "东门" and good["error"] is None
    assert good["ok"] and good["findings"] == []
    assert (good["measures"]["width"], good["measures"]["height"]) == (640, 360)
    assert good["measures"]["changed"] > 0  # the clock ticked between the two pictures
    assert good["url"].startswith("rtsp://***@") and good["url"].endswith("/sub")
    assert blurred["id"] == blurred["url"] == redact_url(blurred_main) and blurred["name"] == ""
    assert not blurred["ok"] and blurred["findings"] == ["blurred"] and blurred["error"] is None
    assert (blurred["measures"]["width"], blurred["measures"]["height"]) == (1280, 720)
    assert blurred["measures"]["sharpness"] < 0.36 and PASSWORD not in out + err


def test_a_shaking_camera_is_judged_on_the_pictures_between(
    sim: list[SimCameraInfo], capsys: pytest.CaptureFixture[str]
) -> None:
    shaking = sim[3].rtsp_sub.replace("rtsp://", f"rtsp://{USER}:{PASSWORD}@")
    code, out, err = run_cli(capsys, "camera", "diagnose", shaking, "--json", "--seconds", "2")
    assert code == 1, err
    (row,) = json.loads(out)
    assert row["findings"] == ["shaking"] and row["measures"]["shake"] > 3
    assert row["reasons"][0].startswith("the picture shifts ")


def test_urls_as_given_and_what_cannot_be_read(
    sim: list[SimCameraInfo], db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = sim[0].rtsp_sub.replace("rtsp://", f"rtsp://{USER}:{WRONG}@")
    code, out, err = run_cli(capsys, "--db", db, "camera", "diagnose", wrong, "--json")
    assert code == 1 and WRONG not in out + err
    (row,) = json.loads(out)
    assert not row["ok"] and row["measures"] is None and "check user/password" in row["error"]
    code, out, err = run_cli(capsys, "--db", db, "camera", "diagnose", "nope")
    assert code == 1 and "no camera 'nope' in the registry" in err and "Traceback" not in err
    empty = db.replace("reg.db", "empty.db")
    code, _, err = run_cli(capsys, "--db", empty, "camera", "diagnose")
    assert code == 1 and "no cameras registered" in err


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [("--seconds", "1", "at least 2 s"), ("--parallel", "0", "at least 1")],
)
def test_too_small_a_value_is_an_argparse_error(
    capsys: pytest.CaptureFixture[str], option: str, value: str, says: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["camera", "diagnose", "a-gate", option, value])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: {value} is too small: {says}" in err
