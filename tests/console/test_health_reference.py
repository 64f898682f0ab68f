"""Reference views and PTZ: a camera turned on purpose (by another console, a preset tour)
is told from one knocked away by its PTZ position, read over real ONVIF from the simulator,
against the position its reference view was taken at."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot
from sim_console import maintenance_window, registry_console
from test_health_picture import _sample

from console.health_picture import PictureChecks, PictureReport, picture_tooltip
from console.health_reference import FIXED, ReferenceView, ReferenceViews, turned
from console.qt_reference_compare import QtReferenceCompare
from video.errors import OnvifConnectionError
from video.ingest.models import ReaderOptions
from video.ingest.reader import StreamReader
from video.onvif import OnvifDevice
from video.onvif.models import PtzStatus
from video.sim.simulator import Simulator

pytestmark = pytest.mark.filterwarnings("ignore:shutdown_timeout should be set:DeprecationWarning")


def test_a_camera_turned_elsewhere_takes_a_new_reference_and_a_knocked_one_is_found(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "reference-views"
    with Simulator(cameras=1, discovery=False) as sim:
        info = sim.infos[0]
        ours = OnvifDevice.from_url(info.onvif)  # the console's own connection
        theirs = OnvifDevice.from_url(info.onvif)  # another console's
        reader = StreamReader(info.rtsp_sub, "cam", ReaderOptions(output="source")).start()
        reports: list[PictureReport] = []
        answering = [True]

        def position(_camera: str) -> PtzStatus:
            if not answering[0]:
                raise OnvifConnectionError("127.0.0.1", "connection refused")
            return ours.ptz_status()

        checks = PictureChecks(folder=folder, ptz_status=position)
        checks.diagnosed.connect(lambda _camera, report: reports.append(report))

        def check() -> PictureReport:
            count = len(reports)
            checks.submit("cam", *_sample(reader, 1.2))
            qtbot.waitUntil(lambda: len(reports) == count + 1, timeout=10000)
            return reports[-1]

        def kept_pan() -> float:
            paths = checks.views.paths("cam")
            assert paths is not None and paths[0].exists()
            return float(json.loads(paths[1].read_text())["pan"])

        try:
            assert check().diagnosis.ok and kept_pan() == 0.0  # its first view, at pan 0
            theirs.ptz_absolute(0.6, 0.2)  # turned from another console
            time.sleep(0.5)
            report = check()
            assert report.diagnosis.ok and report.turned  # a changed scene, but turned
            assert "Turned by PTZ since its reference view" in (picture_tooltip(report) or "")
            assert checks.views.get("cam") is None  # renewed, from pictures taken from now
            report = check()
            assert report.diagnosis.ok and not report.turned
            assert kept_pan() == pytest.approx(0.6)  # the new view, where it stands
            sim.set_fault(1, "scene_change")  # knocked: the head did not move
            time.sleep(0.5)
            report = check()
            assert report.diagnosis.findings == ("scene_changed",) and not report.turned
            answering[0] = False  # its position cannot be read now: the finding stands
            assert check().diagnosis.findings == ("scene_changed",)
            # a view kept before positions were (or while the camera did not answer)
            answering[0] = True
            checks._unread.clear()  # (instead of waiting POSITION_RETRY_S)
            sim.set_fault(1, "scene_change", False)
            paths = checks.views.paths("cam")
            assert paths is not None
            paths[1].unlink()
            assert check().diagnosis.ok  # the same view: where the head stands is its position
            assert kept_pan() == pytest.approx(0.6)
        finally:
            checks.stop()
            reader.stop()
            ours.close()
            theirs.close()


def test_the_maintenance_view_reads_the_position_with_the_registry_password(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A camera shown on the wall, with a password in the registry: its reference view is
    kept with its position; turned from elsewhere, the view is taken again where it stands."""
    with registry_console(tmp_path, cameras=1) as (app, world):
        assert app.registry is not None
        camera_id = app.catalog.ids()[0]
        window = maintenance_window(qtbot, app, on_wall=camera_id)
        assert window.picture_checks is not None
        paths = window.picture_checks.views.paths(camera_id)
        assert paths is not None and paths[0].parent == window.ctx.reference_dir

        def kept_pan() -> float | None:
            try:
                return float(json.loads(paths[1].read_text())["pan"])
            except FileNotFoundError:
                return None

        qtbot.waitUntil(lambda: kept_pan() == 0.0, timeout=20000)
        camera = app.catalog.get(camera_id)
        assert camera is not None
        user, password = app.registry.credentials(camera_id)
        with OnvifDevice.from_url(camera.onvif_url, user, password) as elsewhere:
            elsewhere.ptz_absolute(-0.7, 0.0)
        for _ in range(2):  # found turned, then the view taken again
            qtbot.wait(600)
            window._shown_pictures.examine_now(camera_id)
            qtbot.waitUntil(lambda: camera_id in window._shown_pictures._done, timeout=9000)
        qtbot.waitUntil(lambda: kept_pan() == pytest.approx(-0.7), timeout=20000)
        # knocked where it stands: maintenance compares the picture with its reference view
        assert world.simulator is not None and window.health_model is not None
        world.simulator.set_fault(1, "scene_change")
        model = window.health_model

        def changed() -> bool:
            report = model.picture(camera_id)
            return report is not None and report.seen is not None

        for _ in range(3):
            if changed():
                break
            qtbot.wait(600)
            window._shown_pictures.examine_now(camera_id)
            qtbot.waitUntil(lambda: camera_id in window._shown_pictures._done, timeout=9000)
            qtbot.wait(300)
        assert changed()
        window._on_compare_requested(camera_id)
        dialog = window.findChild(QtReferenceCompare)
        assert dialog is not None and dialog.isVisible()
        assert dialog.reference_picture.pixmap().width() == 320  # 160 wide, shown twice
        assert dialog.seen_picture.pixmap().width() == 320
        assert dialog.reference_caption.text().startswith("Reference view, taken ")
        assert dialog.seen_caption.text().startswith("Picture found changed, ")
        assert "Scene changed: the view moved" in dialog.why.text()
        dialog.take.click()  # set right on purpose: its present view is the reference
        assert not paths[0].exists() and not dialog.isVisible()
        qtbot.waitUntil(paths[0].exists, timeout=20000)  # (examined at once)
        window._on_compare_requested(camera_id)  # what it is judged against now, alone
        alone = next(d for d in window.findChildren(QtReferenceCompare) if d.isVisible())
        assert alone.seen_picture.text() == "No changed scene found since it was taken."
        assert alone.seen_picture.pixmap().isNull() and alone.why.text() == ""
        alone.reject()


def test_turned_is_a_move_or_another_position_on_the_axes_both_report() -> None:
    here = PtzStatus(0.1, -0.2, 0.0, False)
    assert not turned(here, PtzStatus(0.105, -0.2, 0.0, False))  # within the tolerance
    assert turned(here, PtzStatus(0.1, -0.2, 0.3, False))  # zoomed
    assert turned(here, PtzStatus(0.1, -0.2, 0.0, True))  # moving now
    assert not turned(PtzStatus(0.1, None, None, False), PtzStatus(0.1, 0.9, 0.5, False))


def test_a_reference_view_outlives_a_restart_with_its_position(tmp_path: Path) -> None:
    plane = np.full((90, 160), 77, np.uint8)
    views = ReferenceViews(tmp_path)
    views.keep("cam", ReferenceView(plane, PtzStatus(0.25, None, 0.5, False)), 0)
    views.keep("fixed", ReferenceView(plane, FIXED), 0)  # a camera without PTZ
    views.keep("unread", ReferenceView(plane), 0)  # its position not read
    views.keep("late", ReferenceView(plane), -1)  # renewed since: not kept
    again = ReferenceViews(tmp_path)
    kept = again.get("cam")
    assert kept is not None and np.array_equal(kept.plane, plane)
    assert kept.position == PtzStatus(0.25, None, 0.5, False)
    fixed, unread = again.get("fixed"), again.get("unread")
    assert fixed is not None and fixed.position == FIXED
    assert unread is not None and unread.position is None
    again.set_position("unread", PtzStatus(0.5, 0.0, 0.0, False), 0)  # read since
    assert (again.get("unread") or fixed).position == PtzStatus(0.5, 0.0, 0.0, False)
    assert again.get("late") is None
    paths = again.paths("cam")
    assert paths is not None
    paths[1].write_text('{"pan": "left"}')  # damaged: read again from the camera
    damaged = again.get("cam")
    assert damaged is not None and damaged.position is None
    again.renew("cam")
    assert again.get("cam") is None and not paths[0].exists() and not paths[1].exists()
    again.set_position("cam", FIXED, 1)  # no view to note it for
    assert not paths[1].exists()
    assert not list(tmp_path.glob("*.part*"))  # written whole


def test_a_camera_without_ptz_is_asked_once_and_one_not_answering_seldom(tmp_path: Path) -> None:
    """No PTZ (the camera answers GetStatus with a fault): noted with its view, never asked
    again; a position that cannot be read now is asked again after ``POSITION_RETRY_S``."""
    asked: list[str] = []

    def position(camera_id: str) -> PtzStatus | None:
        asked.append(camera_id)
        if camera_id == "away":
            raise OnvifConnectionError("127.0.0.1", "connection refused")
        return None  # no PTZ

    checks = PictureChecks(folder=tmp_path, ptz_status=position)
    picture = np.full((90, 160), 90, np.uint8)
    generation = checks.views.generation("fixed")
    checks._keep("fixed", np.dstack([picture] * 3), generation)
    assert (checks.views.get("fixed") or ReferenceView(picture)).position == FIXED
    checks._keep("away", np.dstack([picture] * 3), 0)
    assert (checks.views.get("away") or ReferenceView(picture, FIXED)).position is None
    for _ in range(3):  # each sound diagnosis would note the position: asked once
        checks._note_position("away", 0)
    assert asked == ["fixed", "away"]
