"""`xueliang camera discover|probe|ptz|add|list|remove` against the simulator."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sim_discovery import start_on_free_port

from console.cli import main
from video.sim.simulator import Simulator

USER, PASSWORD = "operator", "Cli-Secret-93xq"
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.filterwarnings(
    "ignore:shutdown_timeout should be set on BaseRunner:DeprecationWarning"
)


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch) -> Iterator[Simulator]:
    simulator, _port = start_on_free_port(monkeypatch, cameras=2, user=USER, password=PASSWORD)
    yield simulator
    simulator.stop()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _base(sim: Simulator, i: int = 0) -> str:
    return sim._infos[i].onvif.removesuffix("/onvif/device_service")


def test_probe_json(sim: Simulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "camera", "probe", _base(sim), "--user", USER, "--password", PASSWORD, "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    keys = ("manufacturer", "model", "firmware", "serial", "profiles", "ptz", "snapshot_uri")
    assert set(keys) | {"clock_offset_s"} <= data.keys()
    assert data["ptz"] is True and abs(data["clock_offset_s"]) <= 2
    sub = data["profiles"][1]
    assert {k: sub[k] for k in ("token", "name", "encoding", "width", "height", "fps")} == {
        "token": "prof_sub", "name": "sub", "encoding": "H264", "width": 640, "height": 360,
        "fps": 25.0,
    }  # fmt: skip
    assert sub["stream_uri"] == sim._infos[0].rtsp_sub and "@" not in out
    assert PASSWORD not in out + err


def test_discover_json(sim: Simulator, capsys: pytest.CaptureFixture[str]) -> None:
    port = os.environ["XUELIANG_DISCOVERY_PORT"]
    code, out, _ = _run(
        capsys, "camera", "discover", "--address", "127.0.0.1", "--port", port,
        "--timeout", "0.5", "--json",
    )  # fmt: skip
    assert code == 0
    rows = json.loads(out)
    assert sorted(r["xaddrs"][0] for r in rows) == sorted(i.onvif for i in sim._infos)
    assert {r["name"] for r in rows} == {i.name for i in sim._infos}


def test_ptz_commands(
    sim: Simulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XUELIANG_CAMERA_PASSWORD", PASSWORD)
    url = sim._infos[1].onvif
    code, out, err = _run(capsys, "camera", "ptz", url, "move", "--pan", "1", "--seconds", "0.2",
                          "--user", USER, "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["moving"] is False and sim.camera(2).ptz.position().pan > 0.05
    code, out, _ = _run(capsys, "camera", "ptz", url, "--user", USER, "presets", "--json")
    assert [p["token"] for p in json.loads(out)][:3] == ["1", "2", "3"]
    code, out, _ = _run(capsys, "camera", "ptz", url, "goto", "2", "--user", USER)
    assert code == 0 and sim.camera(2).ptz.position().zoom == 0.4
    code, _, _ = _run(capsys, "camera", "ptz", url, "--user", USER, "home")
    assert code == 0 and sim.camera(2).ptz.position().zoom == 0.0
    code, _, _ = _run(capsys, "camera", "ptz", url, "--user", USER, "stop")
    assert code == 0
    code, _, err = _run(capsys, "camera", "ptz", url, "--user", USER, "goto", "nope")
    assert code == 1 and "NoToken" in err and len(err.strip().splitlines()) == 1


def test_add_list_remove(
    sim: Simulator, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("XUELIANG_CAMERA_PASSWORD", PASSWORD)
    code, out, err = _run(
        capsys, "--db", db, "camera", "add", "--onvif", _base(sim), "--user", USER,
        "--id", "wy-001", "--grid", "610202-001", "--tag", "路口", "--lat", "35.08",
        "--lon", "109.1", "--json",
    )  # fmt: skip
    assert code == 0, err
    added = json.loads(out)
    assert added["rtsp_main"] == sim._infos[0].rtsp_main and added["has_credentials"]
    assert len(added["profiles"]) == 2 and added["name"] == "Xueliang XL-SIM-PTZ"
    code, out, err = _run(
        capsys, "--db", db, "camera", "add", "--rtsp", f"rtsp://{USER}:{PASSWORD}@10.0.0.9/ch1",
        "--id", "yt-002", "--name", "印台东门", "--grid", "610203-004",
    )  # fmt: skip
    assert code == 0 and PASSWORD not in out + err
    code, out, _ = _run(capsys, "--db", db, "camera", "list", "--json")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["wy-001", "yt-002"] and PASSWORD not in out
    assert rows[1]["rtsp_main"] == "rtsp://10.0.0.9/ch1"
    code, out, _ = _run(capsys, "--db", db, "camera", "list", "--tag", "路口", "--json")
    assert [r["id"] for r in json.loads(out)] == ["wy-001"]
    code, _, _ = _run(capsys, "--db", db, "camera", "remove", "yt-002")
    assert code == 0
    code, _, err = _run(capsys, "--db", db, "camera", "remove", "yt-002")
    assert code == 1 and "no camera 'yt-002'" in err
    code, _, err = _run(capsys, "--db", db, "camera", "add", "--rtsp", "rtsp://h/x")
    assert code == 2 and "--id and --name" in err


@pytest.mark.parametrize("case", ["wrong-password", "refused", "not-onvif", "bad-scheme"])
def test_bad_inputs_exit_nonzero_with_one_line(sim: Simulator, case: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    secret = "Wr0ng-Pa55-xyz"
    url = {
        "wrong-password": _base(sim),
        "refused": f"http://127.0.0.1:{free}",
        "not-onvif": sim.control_url,
        "bad-scheme": f"rtsp://127.0.0.1:{free}/x",
    }[case]
    result = subprocess.run(
        [sys.executable, "-m", "console", "camera", "probe", url, "--user", USER,
         "--password", secret, "--timeout", "3", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert secret not in result.stderr + result.stdout and result.stdout == ""
    expected = {
        "wrong-password": "check user/password",
        "refused": "cannot connect",
        "not-onvif": "ONVIF",
        "bad-scheme": "http://HOST:PORT",
    }[case]
    assert expected in lines[0]
