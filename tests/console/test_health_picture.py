"""Picture checks in the maintenance view against real simulator cameras over RTSP: the
patrol's checks hand their pictures to a worker that diagnoses them, and the health list
shows what was found (column, tooltip, summary, export)."""

from __future__ import annotations

import csv
import io
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sim_console import maintenance_window, sim_console

from console.app import ConsoleApp
from console.camera_health_model import ORDERS, PICTURE
from console.health_patrol import HealthPatrol
from console.health_picture import (
    PictureChecks,
    PictureReport,
    ShownPictures,
    picture_tooltip,
    work_order_text,
)
from video.diagnostics import Diagnosis, Limits, measure
from video.ingest.models import Frame, ReaderOptions
from video.ingest.reader import StreamReader
from video.sim.simulator import SimCameraInfo, Simulator

pytestmark = pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")


@pytest.fixture(scope="module")
def sim() -> Iterator[tuple[Simulator, list[SimCameraInfo]]]:
    """Camera 1 sound, camera 2 out of focus, camera 3 frozen (from its third second),
    camera 4 shaking."""
    simulator = Simulator(cameras=4, discovery=False, onvif=False, faults=["2:blur", "4:jitter"])
    infos = simulator.start()
    threading.Timer(2.0, simulator.set_fault, (3, "freeze")).start()
    time.sleep(2.2)
    yield simulator, infos
    simulator.stop()


def picture_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name == "picture-checks"]


def test_patrol_checks_are_diagnosed_off_the_qt_thread(
    qtbot: QtBot, sim: tuple[Simulator, list[SimCameraInfo]]
) -> None:
    _, infos = sim
    urls = {i.id: i.rtsp_sub for i in infos}

    def open_reader(camera_id: str, profile: str, size: Any) -> StreamReader:
        return StreamReader(urls[camera_id], camera_id, ReaderOptions(output="source"))

    checks = PictureChecks()
    reports: dict[str, PictureReport] = {}
    on_thread: list[bool] = []

    def got(camera_id: str, report: PictureReport) -> None:
        on_thread.append(threading.current_thread() is threading.main_thread())
        reports[camera_id] = report

    checks.diagnosed.connect(got)
    ids = list(urls)
    patrol = HealthPatrol(  # a 1 s check, made as long as two frames 2.2 s apart need
        open_reader, lambda: ids, set, probe_s=1.0, pictures=checks.submit, span_s=2.2
    )
    patrol.start()
    try:
        qtbot.waitUntil(lambda: len(reports) == 4, timeout=40000)
    finally:
        patrol.stop()
        checks.stop()
    sound, blurred, frozen, shaking = (reports[i.id] for i in infos)
    assert sound.diagnosis.findings == ()
    assert blurred.diagnosis.findings == ("blurred",)
    assert frozen.diagnosis.findings == ("frozen",)
    assert shaking.diagnosis.findings == ("shaking",)  # from the frames seen in between
    assert (shaking.diagnosis.measures.shake or 0) > Limits().shake_px
    assert all(r.span_s is not None and r.span_s >= 2.2 for r in reports.values())
    assert abs(sound.at - time.time()) < 30
    assert all(on_thread)  # delivered on the Qt thread
    assert not picture_threads()


def _frame(image: np.ndarray, at: float, seq: int = 1) -> Frame:
    return Frame(image, seq, at, 1.0)


def test_a_bug_in_one_diagnosis_is_logged_and_the_next_goes_on(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    checks = PictureChecks()
    reports: dict[str, PictureReport] = {}
    checks.diagnosed.connect(lambda camera_id, report: reports.__setitem__(camera_id, report))
    now = time.time()
    grey = np.full((360, 640), 128, np.uint8)  # a luma plane where BGR is expected
    picture = np.random.default_rng(1).integers(0, 255, (360, 640, 3), dtype=np.uint8)
    with caplog.at_level(logging.ERROR):
        checks.submit("broken", None, _frame(grey, now))
        checks.submit("fine", _frame(picture, now - 3), _frame(picture, now, 2))
        qtbot.waitUntil(lambda: "fine" in reports, timeout=5000)
    checks.stop()
    assert "broken" not in reports
    assert "picture check of broken failed" in caplog.text and "Traceback" in caplog.text
    assert reports["fine"].diagnosis.measures.changed == 0.0  # the same picture 3 s apart
    assert "frozen" in reports["fine"].diagnosis.findings and reports["fine"].span_s == 3.0


def test_waiting_checks_are_bounded_and_dropped_at_stop(qtbot: QtBot) -> None:
    checks = PictureChecks()
    reports: list[str] = []
    checks.diagnosed.connect(lambda camera_id, _report: reports.append(camera_id))
    picture = np.full((360, 640, 3), 90, np.uint8)
    now = time.time()
    for n in range(100):
        checks.submit(f"cam-{n}", None, _frame(picture, now))
    qtbot.waitUntil(lambda: "cam-99" in reports, timeout=10000)
    assert len(reports) <= 1 + 16  # the one under way when the rest came, and the queue
    checks.stop()
    checks.submit("late", None, _frame(picture, now))
    qtbot.wait(200)
    assert "late" not in reports and not picture_threads()


@pytest.fixture
def console(
    qapp: Any, tmp_path: Path, sim: tuple[Simulator, list[SimCameraInfo]]
) -> Iterator[ConsoleApp]:
    with sim_console(tmp_path, sim[1]) as app:
        yield app


def test_health_list_shows_the_picture_faults_found(
    qtbot: QtBot, console: ConsoleApp, sim: tuple[Simulator, list[SimCameraInfo]], tmp_path: Path
) -> None:
    _, infos = sim
    window = maintenance_window(qtbot, console, infos[0].id)  # the sound camera on the wall
    model, health = window.health_model, window.health
    assert model is not None and health is not None
    window.patrol.recheck_s = 3.0  # each camera off the wall diagnosed again soon
    window._picture_faults.after_s = 2.0  # and a fault seen again 2 s on is an order
    rows = {model.camera_id(r): r for r in range(model.rowCount())}
    blurred, frozen = rows[infos[1].id], rows[infos[2].id]
    assert model.headerData(PICTURE, Qt.Orientation.Horizontal) == "Picture"
    assert model.index(blurred, PICTURE).data() == "—"  # not examined yet
    qtbot.waitUntil(lambda: model.index(blurred, PICTURE).data() == "Blurred", timeout=30000)
    qtbot.waitUntil(lambda: model.index(frozen, PICTURE).data() == "Frozen", timeout=30000)
    tip = model.index(blurred, PICTURE).data(3)  # ToolTipRole
    assert tip.startswith("Picture examined at ") and "Blurred: sharpness 0." in tip
    assert "below 0.36" in tip
    # the wall's camera is examined from the frames the wall shows, not by the patrol
    qtbot.waitUntil(lambda: model.index(rows[infos[0].id], PICTURE).data() == "OK", timeout=10000)
    assert infos[0].id not in window.patrol.checked_at
    shaking = model.index(rows[infos[3].id], PICTURE)
    qtbot.waitUntil(lambda: shaking.data() == "Shaking", timeout=30000)
    qtbot.waitUntil(lambda: "3 with a picture fault" in health.summary.text(), timeout=5000)
    target = tmp_path / "health.csv"
    assert health.export_to(target)
    table = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert table[0][PICTURE] == "Picture" and table[0][-1] == "Details"
    row = next(r for r in table if r[0] == "Gate 2")
    assert row[PICTURE] == "Blurred" and "Blurred: sharpness" in row[-1]
    # found again later: one 视频质量异常 work order for each faulty camera, none for the sound
    assert console.svc is not None

    def orders() -> dict[tuple[str, ...], Any]:
        found = console.svc.list_incidents(open_only=True)  # type: ignore[union-attr]
        return {i.cameras: i for i in found if i.category == "equipment.video_quality"}

    qtbot.waitUntil(lambda: len(orders()) == 3, timeout=30000)
    blurred_order = orders()[(infos[1].id,)]
    assert blurred_order.title == "视频质量异常：Gate 2（模糊）"
    assert blurred_order.description.startswith("模糊：清晰度 0.")
    assert orders()[(infos[2].id,)].title == "视频质量异常：Gate 3（画面冻结）"
    assert orders()[(infos[3].id,)].title == "视频质量异常：Gate 4（画面抖动）"
    order_cell = model.index(blurred, ORDERS)  # the list shows the open order
    qtbot.waitUntil(lambda: order_cell.data() == blurred_order.id, timeout=5000)
    assert order_cell.data(3) == f"Work order {blurred_order.id} (picture fault): Reported"
    qtbot.wait(4000)  # more diagnoses of the same faults: no second order
    assert len(orders()) == 3
    assert set(orders()) == {(infos[1].id,), (infos[2].id,), (infos[3].id,)}


def test_shown_cameras_are_examined_from_their_frames_every_so_often(qtbot: QtBot) -> None:
    picture = np.zeros((360, 640, 3), np.uint8)
    seq = {"a": 1, "b": 1}
    shown = {"a", "b"}
    submitted: list[tuple[str, int, int, int]] = []

    def frames() -> dict[str, Frame | None]:
        for camera_id in seq:
            seq[camera_id] += 1
        return {c: _frame(picture, time.time(), seq[c]) for c in sorted(shown)} | {"c": None}

    sampler = ShownPictures(
        frames,
        lambda c, first, last, between: submitted.append((c, first.seq, last.seq, len(between))),
        every_s=1.5,
        span_s=1.1,
    )
    sampler.start()
    qtbot.waitUntil(lambda: len(submitted) == 2, timeout=3000)
    shown.discard("b")  # taken off the wall: left to the patrol
    qtbot.waitUntil(lambda: len(submitted) == 3, timeout=4000)
    qtbot.wait(1000)
    sampler.stop()
    assert [c for c, _, _, _ in submitted] == ["a", "b", "a"]  # "a" again after every_s
    assert all(last > first for _, first, last, _ in submitted)
    assert all(between >= 1 for *_, between in submitted)  # a frame of each tick between


def test_a_work_order_says_what_and_why_in_the_site_language() -> None:
    measures = measure(np.zeros((360, 640, 3), np.uint8))
    report = PictureReport(Diagnosis(("blurred", "dark"), measures), time.time())
    names, lines = work_order_text(report, ("blurred", "dark"))
    assert names == "模糊、过暗"
    assert lines.splitlines() == ["模糊：清晰度 0.00，低于 0.36", "过暗：亮度 0.00/255，低于 40"]
    tuned = PictureReport(report.diagnosis, report.at, limits=Limits(sharpness=0.3))
    assert work_order_text(tuned, ("blurred",))[1] == "模糊：清晰度 0.00，低于 0.30"  # its limits


def _sample(reader: StreamReader, span_s: float = 2.2) -> tuple[Frame, Frame, list[Frame]]:
    """(first, last, between) of a reader, one frame every 0.5 s over ``span_s``."""
    frames = [reader.wait_frame(0, 10)]
    began = time.monotonic()
    while time.monotonic() - began < span_s:
        time.sleep(0.5)
        frame = reader.latest()
        if frame is not None and frame.seq != frames[-1].seq:
            frames.append(frame)
    return frames[0], frames[-1], frames[1:-1]


def test_a_knocked_camera_is_found_against_its_reference_view_kept_across_restarts(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The first sound picture is the camera's reference view, saved; a console started
    later finds the camera knocked to another view; told the view is right (turned on
    purpose), it takes the next sound picture as the reference."""
    folder = tmp_path / "reference-views"
    with Simulator(cameras=1, discovery=False, onvif=False) as knocked:
        url = knocked.infos[0].rtsp_sub
        reader = StreamReader(url, "cam", ReaderOptions(output="source")).start()
        try:
            reports: list[PictureReport] = []
            checks = PictureChecks(folder=folder)
            checks.diagnosed.connect(lambda _camera, report: reports.append(report))
            checks.submit("cam", *_sample(reader))
            qtbot.waitUntil(lambda: len(reports) == 1, timeout=10000)
            checks.stop()
            assert reports[0].diagnosis.ok and len(list(folder.glob("*.png"))) == 1
            knocked.set_fault(1, "scene_change")
            time.sleep(0.5)
            again = PictureChecks(folder=folder)  # the console started again
            again.diagnosed.connect(lambda _camera, report: reports.append(report))
            again.submit("cam", *_sample(reader))
            qtbot.waitUntil(lambda: len(reports) == 2, timeout=10000)
            assert reports[1].diagnosis.findings == ("scene_changed",)
            tip = picture_tooltip(reports[1]) or ""
            assert "Scene changed: the view moved 33 % from its reference picture" in tip
            again.renew_reference("cam", settle_s=60)  # turned by PTZ: still moving maybe
            assert not list(folder.glob("*.png"))
            again.submit("cam", *_sample(reader, 0.6))
            qtbot.waitUntil(lambda: len(reports) == 3, timeout=10000)
            assert reports[-1].diagnosis.ok and not list(folder.glob("*.png"))  # too soon
            again.renew_reference("cam")  # maintenance: this is its view now
            for expected in (3, 4):  # the next sound picture is the reference
                again.submit("cam", *_sample(reader, 0.6))
                qtbot.waitUntil(lambda n=expected: len(reports) == n + 1, timeout=10000)
                assert reports[-1].diagnosis.ok
            assert len(list(folder.glob("*.png"))) == 1
            again.stop()
        finally:
            reader.stop()
