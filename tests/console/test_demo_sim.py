"""The demo's simulator as a child process: its cameras, its password, its end."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from console.demo_sim import SIM_NICE, SimProcess
from dispatch.errors import DispatchError
from video.diagnostics import diagnose
from video.errors import AuthError
from video.ingest.opener import grab_frame

PASSWORD = "demo-Secret-42"


def test_cameras_come_up_named_and_guarded_by_a_password_kept_off_the_command_line() -> None:
    sim = SimProcess()
    cameras = sim.start(["南关街社区第1网格-01", "桃园街道第2网格-02"], "admin", PASSWORD)
    try:
        assert [c.name for c in cameras] == ["南关街社区第1网格-01", "桃园街道第2网格-02"]
        assert all(c.rtsp_sub.startswith("rtsp://127.0.0.1:") and c.onvif for c in cameras)
        assert sim.pid is not None
        command = Path(f"/proc/{sim.pid}/cmdline").read_bytes().decode()
        assert PASSWORD not in command and "--name" in command
        with pytest.raises(AuthError):
            grab_frame(cameras[0].rtsp_sub)  # no credentials
        authed = cameras[0].rtsp_sub.replace("rtsp://", f"rtsp://admin:{PASSWORD}@")
        assert grab_frame(authed).image.shape[:2] == (360, 640)
        # every thread of the child yields to the console (nice, field 19 of stat)
        expected = min(19, os.nice(0) + SIM_NICE)
        tasks = list(Path(f"/proc/{sim.pid}/task").iterdir())
        assert len(tasks) > 4  # encoders and servers are running
        for task in tasks:
            try:
                stat = (task / "stat").read_text()
            except FileNotFoundError:
                continue  # a short-lived thread that has ended
            assert int(stat.rsplit(")", 1)[1].split()[16]) == expected, task.name
    finally:
        sim.stop()
    assert sim.pid is None


def test_the_child_stops_when_its_parent_end_of_stdin_closes() -> None:
    sim = SimProcess()
    sim.start(["甲-01"])
    proc = sim._proc
    assert proc is not None and proc.stdin is not None
    proc.stdin.close()  # as when the console dies
    assert proc.wait(timeout=20) == 0
    sim.stop()


def test_a_simulator_that_cannot_start_is_one_clear_error() -> None:
    with pytest.raises(DispatchError, match=r"did not start: .*give both --user and --password"):
        SimProcess().start(["甲-01"], "admin", "")
    with pytest.raises(DispatchError, match="at least one camera"):
        SimProcess().start([])


def test_cameras_start_with_the_faults_asked_for() -> None:
    sim = SimProcess()
    cameras = sim.start(["甲-01", "乙-02"], faults=["2:blur"])
    try:
        sound, blurred = (grab_frame(c.rtsp_sub).image for c in cameras)
    finally:
        sim.stop()
    assert diagnose(sound).findings == ()
    assert diagnose(blurred).findings == ("blurred",)
