"""The display-load warning: a live tile on a simulator camera, then a Qt thread kept busy."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from console import i18n
from console.frames import DisplayLoad, FrameBridge
from console.qt_display_load import QtDisplayLoadLabel
from console.qt_video_wall import QtVideoWall
from video.ingest.models import ReaderOptions
from video.ingest.reader import StreamReader
from video.sim.simulator import SimCameraInfo, Simulator

# The simulator's aiohttp control server trips this aiohttp deprecation; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")


@pytest.fixture(scope="module")
def camera() -> Iterator[SimCameraInfo]:
    simulator = Simulator(cameras=1, discovery=False, onvif=False)
    infos = simulator.start()
    yield infos[0]
    simulator.stop()


@pytest.fixture
def wall(qtbot: QtBot, camera: SimCameraInfo) -> Iterator[tuple[QtVideoWall, FrameBridge]]:
    def open_reader(camera_id: str, profile: str, size: tuple[int, int] | None) -> StreamReader:
        return StreamReader(camera.rtsp_sub, camera_id, ReaderOptions(size=size))

    i18n.install("en")
    bridge = FrameBridge(open_reader)
    widget = QtVideoWall(bridge, lambda camera_id: camera_id)
    qtbot.addWidget(widget)
    widget.resize(640, 360)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget, bridge
    widget.stop()
    bridge.stop()


def test_a_stream_faster_than_the_display_is_not_an_overload() -> None:
    # a 60 fps main stream on 50 Hz ticks skips a sixth of its frames by design
    assert not DisplayLoad(ticks_per_s=50.0, nominal_per_s=50.0, shown=100, missed=20).overloaded
    late = DisplayLoad(ticks_per_s=12.0, nominal_per_s=50.0, shown=24, missed=26)
    assert late.overloaded and round(late.missed_share, 2) == 0.52
    assert DisplayLoad(0.0, 50.0, 0, 0).missed_share == 0.0


def test_one_late_window_alone_is_no_warning(qtbot: QtBot) -> None:
    label = QtDisplayLoadLabel()
    qtbot.addWidget(label)
    late = DisplayLoad(ticks_per_s=12.0, nominal_per_s=50.0, shown=24, missed=26)
    fine = DisplayLoad(ticks_per_s=50.0, nominal_per_s=50.0, shown=100, missed=0)
    label.set_load(late)  # a start-up burst
    assert label.isHidden()
    label.set_load(fine)
    label.set_load(late)
    assert label.isHidden()
    label.set_load(late)  # the second late window running
    assert not label.isHidden() and label.text().endswith("52% of video frames not shown")
    label.set_load(fine)
    assert label.isHidden()


def test_warning_shows_while_the_qt_thread_is_kept_busy_and_hides_after(
    qtbot: QtBot, wall: tuple[QtVideoWall, FrameBridge], camera: SimCameraInfo
) -> None:
    widget, bridge = wall
    label = QtDisplayLoadLabel()
    qtbot.addWidget(label)
    bridge.display_load.connect(label.set_load)
    reports: list[DisplayLoad] = []
    bridge.display_load.connect(reports.append)
    widget.set_camera(0, camera.id)
    tile = widget.tiles()[0]
    qtbot.waitUntil(lambda: tile.has_picture() and tile.status().state == "live", timeout=15000)

    reports.clear()  # a whole window with the stream live and the Qt thread free
    qtbot.waitUntil(lambda: bool(reports), timeout=5000)
    assert reports[-1].shown >= 30 and not reports[-1].overloaded
    assert label.isHidden()

    hog = QTimer()  # something on the Qt thread holding it 90 ms at a time
    hog.setInterval(5)
    hog.timeout.connect(lambda: time.sleep(0.09))
    hog.start()
    try:
        qtbot.waitUntil(lambda: not label.isHidden(), timeout=10000)
    finally:
        hog.stop()
    load = label.load()
    assert load is not None and load.overloaded
    assert load.missed > 0 and load.ticks_per_s < 0.9 * load.nominal_per_s
    assert label.text().startswith("Workstation overloaded:")
    assert f"{round(load.missed_share * 100)}%" in label.text()

    i18n.install("zh_CN")
    try:
        label.retranslate()
        assert label.text().startswith("本机负载过高")
        assert "请关闭其他程序" in label.toolTip()
    finally:
        i18n.install("en")

    qtbot.waitUntil(label.isHidden, timeout=10000)  # the ticks keep up again

    widget.set_camera(0, None)  # the last feed gone: a closing report with nothing in it
    qtbot.waitUntil(lambda: reports[-1].shown == 0 and reports[-1].ticks_per_s == 0.0)
    assert label.isHidden()
