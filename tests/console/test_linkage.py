"""Linkage: incident → cameras for the wall; a real ONVIF alarm → incident → camera popped."""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from board_world import G1, G2, G3, T1, World, board, english_ui, settle, world  # noqa: F401 (fixtures)
from PySide6.QtCore import QCoreApplication

from console.board import BoardController
from console.linkage import Linkage, distance_km
from video.onvif import Event, OnvifDevice
from video.sim.events import TOPIC_TAMPER
from video.sim.simulator import Simulator


@dataclass(frozen=True)
class Cam:
    """A registered camera as the registry lists it (id, name, grid, position)."""

    id: str
    name: str
    grid_id: str | None
    lat: float | None
    lon: float | None


CAMERAS = [
    Cam("cam-linked", "黄堡路口", G3, 35.15, 109.05),
    Cam("cam-same-far", "黄堡村北", G1, 35.099, 108.901),
    Cam("cam-next-near", "黄堡村南", G2, 35.101, 108.951),
    Cam("cam-other-far", "陈炉东", G3, 35.19, 109.09),
    Cam("cam-nowhere", "未定位", None, None, None),
]


def test_distance_is_in_kilometres() -> None:
    assert 10.5 < distance_km((109.0, 35.0), (109.0, 35.1)) < 11.5
    assert 9.0 < distance_km((109.0, 35.0), (109.1, 35.0)) < 9.2  # cos(35°) shrinks longitude


def test_incident_puts_linked_then_nearest_cameras_on_the_wall(
    qtbot, world: World, board: BoardController
) -> None:
    inc = world.svc.report(
        f"gw_{G1}_1",
        G1,
        "public_order",
        "simple",
        "路口斗殴",
        cameras=["cam-linked"],
        lat=35.099,
        lon=108.95,
    )
    qtbot.waitUntil(lambda: board.collection.get(inc.id) is not None, timeout=5000)
    linkage = Linkage(board, cameras=lambda: CAMERAS, nearest=2)
    with qtbot.waitSignal(linkage.show_cameras) as sig:
        ids = linkage.show_incident_cameras(inc.id)
    # linked first; then the same grid (though farther) before the nearer camera of grid 2
    assert ids == ["cam-linked", "cam-same-far", "cam-next-near"]
    assert sig.args == [ids]
    linkage.nearest = 4
    assert linkage.cameras_for_incident(inc)[-1] == "cam-other-far"  # never the unplaced one
    assert [i.id for i in linkage.incidents_for_camera("cam-linked")] == [inc.id]
    assert linkage.incidents_for_camera("cam-other-far") == []


def test_camera_badges_follow_the_feed(qtbot, world: World, board: BoardController) -> None:
    linkage = Linkage(board, cameras=lambda: CAMERAS)
    with qtbot.waitSignal(linkage.camera_incidents_changed, timeout=5000) as sig:
        inc = world.svc.report(
            f"gw_{G3}_1", G3, "dispute", "simple", "摊位纠纷", cameras=["cam-other-far"]
        )
    assert sig.args == ["cam-other-far"]
    assert [i.id for i in linkage.incidents_for_camera("cam-other-far")] == [inc.id]


def test_video_alarm_from_a_simulated_camera_files_an_incident_and_pops_it(
    qtbot, world: World, board: BoardController
) -> None:
    sim = Simulator(cameras=1, discovery=False, user="admin", password="alarm-test-pw")
    infos = sim.start()
    device = None
    linkage = None
    try:
        cam_id = infos[0].id
        registered = [Cam(cam_id, infos[0].name, G1, 35.05, 108.95)]
        linkage = Linkage(board, cameras=lambda: registered)
        device = OnvifDevice.from_url(infos[0].onvif, "admin", "alarm-test-pw", timeout_s=5)
        linkage.subscribe(cam_id, device)
        raised: list[object] = []
        popped: list[str] = []
        linkage.alarm_raised.connect(raised.append)
        linkage.pop_camera.connect(popped.append)
        sim.set_fault(1, "occlusion", True)  # the camera publishes a tamper event
        qtbot.waitUntil(lambda: bool(raised) and bool(popped), timeout=15000)
        incident: Any = raised[0]
        assert popped == [cam_id]
        assert incident.channel == "video_alarm"
        assert incident.cameras == (cam_id,)
        assert incident.grid_id == G1 and incident.center_id == T1  # general → the township
        assert board.collection.get(incident.id) is not None  # on the board at once
        assert incident.id in [i.id for i in linkage.incidents_for_camera(cam_id)]
        stored = world.svc.get(incident.id)
        assert stored.channel == "video_alarm" and stored.state == "reported"
        # a repeated alarm from the same camera pops it again but files no duplicate
        with qtbot.waitSignal(linkage.pop_camera):
            again = linkage.handle_camera_event(
                cam_id, Event("tamper", True, time.time(), "vsc_main", TOPIC_TAMPER)
            )
        assert again.id == incident.id
        assert len(world.svc.list_incidents(open_only=True)) == 1
    finally:
        if linkage is not None:
            linkage.close()
        if device is not None:
            device.close()
        sim.stop()


def test_a_video_alarm_is_titled_in_the_site_language_whatever_the_ui_shows(
    qtbot, world: World, board: BoardController, english_ui: None
) -> None:
    """The filing console shows English; the record every console reads is in Chinese."""
    linkage = Linkage(board, cameras=lambda: CAMERAS)
    event = Event("motion", True, time.time(), "vsc_main", "tns1:VideoSource/MotionAlarm")
    with qtbot.waitSignal(linkage.alarm_raised, timeout=5000) as raised:
        assert linkage.handle_camera_event("cam-linked", event) is None  # filed on the worker
        # the same camera again while that filing runs: popped, no second incident
        assert linkage.handle_camera_event("cam-linked", event) is None
    incident = raised.args[0]
    assert world.svc.get(incident.id).title == "视频告警：黄堡路口 移动侦测"
    assert len(world.svc.list_incidents(open_only=True)) == 1
    linkage.close()
    shown = QCoreApplication.translate("Linkage", "Video alarm: motion at %1")
    assert shown == "Video alarm: motion at %1"  # while the UI itself shows English


def test_detail_button_puts_the_incident_cameras_on_the_wall(
    qtbot, world: World, board: BoardController
) -> None:
    from PySide6.QtCore import Qt

    from console.board.qt_incident_detail import QtIncidentDetail

    inc = world.svc.report(
        f"gw_{G1}_1", G1, "public_order", "simple", "路口斗殴", cameras=["cam-linked"]
    )
    qtbot.waitUntil(lambda: board.collection.get(inc.id) is not None, timeout=5000)
    linkage = Linkage(board, cameras=lambda: CAMERAS, nearest=1)
    detail = QtIncidentDetail(board, linkage)
    qtbot.addWidget(detail)
    board.select(inc.id)
    settle(qtbot, detail)
    assert "cam-linked" in detail.cameras_label.text()
    with qtbot.waitSignal(linkage.show_cameras) as sig:
        qtbot.mouseClick(detail.cameras_button, Qt.MouseButton.LeftButton)
    assert sig.args == [["cam-linked", "cam-same-far"]]


def picture(linkage: Linkage, camera_id: str, faults: str, detail: str) -> bool:
    """A picture-fault work order asked for."""
    return linkage.report_camera_fault(camera_id, "picture", faults, detail)


def test_a_lasting_picture_fault_files_one_work_order_and_pops_nothing(
    qtbot, world: World, board: BoardController
) -> None:
    linkage = Linkage(board, cameras=lambda: CAMERAS)
    popped: list[str] = []
    linkage.pop_camera.connect(popped.append)
    detail = "模糊：清晰度 0.28，低于 0.36"
    with qtbot.waitSignal(linkage.alarm_raised, timeout=5000) as raised:
        assert picture(linkage, "cam-linked", "模糊", detail)
        assert not picture(linkage, "cam-linked", "模糊", detail)  # being filed
    incident = world.svc.get(raised.args[0].id)
    assert incident.title == "视频质量异常：黄堡路口（模糊）"  # the site's language
    assert incident.category == "equipment.video_quality" and incident.channel == "video_alarm"
    assert incident.description == detail and incident.cameras == ("cam-linked",)
    assert incident.grid_id == G3 and incident.state == "reported"
    assert popped == []  # nothing to watch: the wall is left alone
    assert not picture(linkage, "cam-linked", "过暗", "")  # one open at a time
    assert not picture(linkage, "cam-nowhere", "模糊", "")  # no grid: not routed
    assert len(world.svc.list_incidents(open_only=True)) == 1
    linkage.close()


def test_no_work_order_before_the_board_loads_or_outside_the_subtree(qtbot, world: World) -> None:
    township = BoardController(world.svc, world.feed, f"op_{T1}")  # G1 and G2, not G3
    linkage = Linkage(township, cameras=lambda: CAMERAS)
    try:
        assert not township.is_loaded
        assert not picture(linkage, "cam-same-far", "模糊", "")  # could not tell
        qtbot.waitUntil(lambda: township.is_loaded, timeout=5000)
        assert not picture(linkage, "cam-linked", "模糊", "")  # G3: not on its board
        with qtbot.waitSignal(linkage.alarm_raised, timeout=5000):
            assert picture(linkage, "cam-same-far", "模糊", "")
    finally:
        linkage.close()
        township.stop()
    assert [i.cameras for i in world.svc.list_incidents(open_only=True)] == [("cam-same-far",)]


def test_a_camera_offline_for_long_files_its_own_work_order(
    qtbot, world: World, board: BoardController
) -> None:
    linkage = Linkage(board, cameras=lambda: CAMERAS)
    with qtbot.waitSignal(linkage.alarm_raised, timeout=5000) as raised:
        assert picture(linkage, "cam-linked", "模糊", "")
    with qtbot.waitSignal(linkage.alarm_raised, timeout=5000) as offline:
        detail = "rtsp://***@10.0.0.3/sub: connection refused"
        assert linkage.report_camera_fault("cam-linked", "offline", "2026-11-29 09:00", detail)
    incident = world.svc.get(offline.args[0].id)
    assert incident.title == "摄像机离线：黄堡路口（2026-11-29 09:00 起）"
    assert incident.category == "equipment.camera_offline" and incident.description == detail
    assert linkage.work_order("cam-linked", "offline").id == incident.id
    assert linkage.work_order("cam-linked", "picture").id == raised.args[0].id  # one of each
    assert linkage.work_order("cam-same-far", "offline") is None
    assert not linkage.report_camera_fault("cam-linked", "offline", "2026-11-29 09:05", "")
    linkage.close()


def test_an_open_work_order_does_not_swallow_an_alarm(
    qtbot, world: World, board: BoardController
) -> None:
    """A covered lens has its repair order; someone then tampers with the camera: the
    operators get that alarm and the camera on their wall."""
    linkage = Linkage(board, cameras=lambda: CAMERAS)
    with qtbot.waitSignal(linkage.alarm_raised, timeout=5000):
        assert picture(linkage, "cam-linked", "遮挡", "")
    tamper = Event("tamper", True, time.time(), "vsc_main", TOPIC_TAMPER)
    popped: list[str] = []
    linkage.pop_camera.connect(popped.append)
    with qtbot.waitSignal(linkage.alarm_raised, timeout=5000) as raised:
        assert linkage.handle_camera_event("cam-linked", tamper) is None  # filed anew
    alarm = raised.args[0]
    assert popped == ["cam-linked"]
    assert alarm.title == "视频告警：黄堡路口 遮挡/破坏"
    with qtbot.waitSignal(linkage.pop_camera, timeout=5000):  # the same alarm again: reused
        assert linkage.handle_camera_event("cam-linked", tamper).id == alarm.id
    assert len(world.svc.list_incidents(open_only=True)) == 2
    linkage.close()


def test_a_work_order_another_console_just_filed_is_not_filed_twice(
    qtbot, world: World, board: BoardController, caplog
) -> None:
    linkage = Linkage(board, cameras=lambda: CAMERAS)
    board.follower.stop()  # this board has not seen the other console's order yet
    other = world.svc.report_as_system(
        G3, "equipment.video_quality", "general", "视频质量异常：黄堡路口（模糊）",
        cameras=["cam-linked"], once_per_camera=True,
    )  # fmt: skip
    raised: list[object] = []
    linkage.alarm_raised.connect(raised.append)
    with caplog.at_level(logging.INFO, logger="console.linkage"):
        assert picture(linkage, "cam-linked", "模糊", "")  # asked: the service says no
        qtbot.waitUntil(lambda: ("cam-linked", "picture") not in linkage._filing, timeout=5000)
    assert raised == [] and f"{other.id} is open for camera cam-linked already" in caplog.text
    assert [i.id for i in world.svc.list_incidents(open_only=True)] == [other.id]
    linkage.close()
