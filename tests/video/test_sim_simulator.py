"""The Simulator composition: ONVIF hook, snapshots, events ticker, faults API, clean stop."""

from __future__ import annotations

import threading
import time

import cv2
import numpy as np
import pytest

from video import stamp
from video.errors import AuthError, SimulatorError, UnknownFaultError, VideoError
from video.ingest.opener import grab_frame
from video.sim.events import TOPIC_MOTION, TOPIC_TAMPER
from video.sim.simulator import Simulator


def _sim_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("sim-")]


def test_onvif_servers_start_with_the_cameras_and_stop_cleanly() -> None:
    sim = Simulator(cameras=2, discovery=False, user="admin", password="pw-123")
    infos = sim.start()
    try:
        assert [i.id for i in infos] == ["cam1", "cam2"]
        for index, info in enumerate(infos, start=1):
            assert info.onvif.startswith("http://127.0.0.1:")
            assert info.onvif.endswith("/onvif/device_service")
            assert sim.onvif_server(index).xaddr == info.onvif
            assert "pw-123" not in str(info.to_dict()) and "admin" not in info.rtsp_main
        assert sim.infos == infos
        assert sim.faults() == []
        with pytest.raises(SimulatorError):
            sim.start()
    finally:
        sim.stop()
    sim.stop()  # twice is fine
    assert _sim_threads() == []


def test_snapshot_is_a_720p_jpeg_of_the_live_picture_with_stamp() -> None:
    sim = Simulator(cameras=1, onvif=False, discovery=False)
    sim.start()
    try:
        cam = sim.camera(1)
        before = time.time() * 1000
        jpeg = cam.snapshot_jpeg()
        img = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        assert img is not None
        assert img.shape == (720, 1280, 3)
        ms = stamp.decode(img)
        assert ms is not None and before - 1000 <= ms <= time.time() * 1000
        assert cam._snapshot is not None
        assert cam._snapshot.pano is cam.streams["main"].renderer().pano  # shared, not copied
        sim.set_fault(1, "signal_loss", True)
        blue = cv2.imdecode(np.frombuffer(cam.snapshot_jpeg(), np.uint8), cv2.IMREAD_COLOR)
        assert blue is not None
        assert blue[100:, :, 0].mean() > 2 * blue[100:, :, 2].mean()
    finally:
        sim.stop()


def test_faults_from_another_thread_publish_events_and_list() -> None:
    sim = Simulator(cameras=2, onvif=False, discovery=False, faults=["2:blur", (1, "noise")])
    sim.start()
    try:
        assert sim.faults() == [{"camera": 1, "kind": "noise"}, {"camera": 2, "kind": "blur"}]
        worker = threading.Thread(target=sim.set_fault, args=(2, "occlusion", True))
        worker.start()
        worker.join()
        tamper = [e for e in sim.camera(2).events.since(0) if e.topic == TOPIC_TAMPER]
        assert [e.state for e in tamper] == [True]
        sim.set_fault(2, "occlusion", False)
        sim.set_fault(1, "ptz", True)
        assert sim.camera(1).ptz.responsive is False
        with pytest.raises(UnknownFaultError) as info:
            sim.set_fault(7, "blur")
        assert isinstance(info.value, VideoError) and "1..2" in str(info.value)
        with pytest.raises(UnknownFaultError):
            sim.set_fault(1, "fog")
        # The motion ticker runs: every camera has published its first motion state.
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            if all(
                any(e.topic == TOPIC_MOTION for e in sim.camera(i).events.since(0)) for i in (1, 2)
            ):
                break
            time.sleep(0.1)
        else:
            pytest.fail("no motion state published")
    finally:
        sim.stop()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cameras": 0}, "--cameras"),
        ({"gop": 0}, "--gop"),
        ({"user": "admin"}, "--password"),
        ({"faults": ["5:blur"]}, "camera 5"),
        ({"faults": ["x:blur"]}, "CAM:KIND"),
    ],
)
def test_bad_settings_are_simulator_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(SimulatorError, match=message):
        Simulator(**kwargs)  # type: ignore[arg-type]


def test_busy_port_is_a_clear_error() -> None:
    first = Simulator(cameras=1, onvif=False, discovery=False)
    first.start()
    try:
        port = first.rtsp.port
        second = Simulator(cameras=1, onvif=False, discovery=False, rtsp_port=port)
        with pytest.raises(SimulatorError, match="cannot listen"):
            second.start()
    finally:
        first.stop()
    assert _sim_threads() == []


def test_a_new_password_is_required_from_then_on() -> None:
    with Simulator(
        cameras=1, user="admin", password="Old-Pw-1", onvif=False, discovery=False
    ) as sim:
        url = sim.infos[0].rtsp_sub
        with_old = url.replace("rtsp://", "rtsp://admin:Old-Pw-1@", 1)
        assert grab_frame(with_old).image.shape == (360, 640, 3)
        sim.set_password("New-Pw-2")
        with pytest.raises(AuthError):
            grab_frame(with_old)
        assert grab_frame(url.replace("rtsp://", "rtsp://admin:New-Pw-2@", 1)) is not None


def test_without_a_user_there_is_no_password_to_set() -> None:
    sim = Simulator(cameras=1, onvif=False, discovery=False)
    with pytest.raises(SimulatorError, match="without a user"):
        sim.set_password("x")
