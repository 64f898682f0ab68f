"""The maintenance view's camera health list: numeric and worst-first sorting, the count of
shown cameras by state, and the org filter applied to both."""

from __future__ import annotations

import codecs
import csv
import io
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from board_world import english_ui  # noqa: F401 (autouse fixture: English texts)
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from console import i18n
from console.camera_catalog import CameraCatalog, CameraEntry
from console.camera_health_model import ORDERS, PICTURE, CameraHealthModel
from console.frames import TileStatus
from console.health_picture import PictureReport
from console.qt_camera_health import QtCameraHealth
from video.diagnostics import Diagnosis, measure
from video.errors import AuthError

GRIDS = {"g1": "610200/610202/t1/v1/g1", "g2": "610200/610203/t2/v2/g2"}


def health_view(qtbot: QtBot) -> tuple[CameraHealthModel, QtCameraHealth]:
    catalog = CameraCatalog(
        [
            CameraEntry("a", "Gate A", grid_id="g1"),
            CameraEntry("b", "Gate B", grid_id="g1"),
            CameraEntry("c", "Market", grid_id="g2"),
            CameraEntry("d", "School", grid_id="g2"),
        ]
    )
    model = CameraHealthModel(catalog, lambda g: f"grid {g}", lambda g: GRIDS.get(g or "", ""))
    view = QtCameraHealth(model, [("610202", "District 2"), ("610203", "District 3")])
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    model.update("a", TileStatus("live", fps=25.0, bitrate_kbps=618.0))
    model.update("b", TileStatus("live", fps=24.5, bitrate_kbps=1200.0, reconnects=12))
    model.update("c", TileStatus("lost", retry_in_s=4.0, reconnects=3))
    # "d": no report yet
    return model, view


def names(view: QtCameraHealth) -> list[str]:
    proxy = view.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def test_columns_sort_numbers_as_numbers_and_states_worst_first(qtbot: QtBot) -> None:
    _model, view = health_view(qtbot)
    assert names(view) == ["Market", "Gate A", "Gate B", "School"]  # lost, live, live, none
    view.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # kbit/s
    assert names(view)[:2] == ["Gate B", "Gate A"]  # 1200 above 618 (as text "618" won)
    assert view.proxy.index(0, 4).data() == "1200"
    view.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # reconnects: 12 above 3
    assert names(view)[:2] == ["Gate B", "Market"]
    view.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # fps: no status first
    assert names(view) == ["School", "Market", "Gate B", "Gate A"]


def test_summary_counts_the_shown_cameras_by_state_and_follows_changes(qtbot: QtBot) -> None:
    model, view = health_view(qtbot)
    qtbot.waitUntil(lambda: view.summary.text().startswith("4 cameras · 2 live"))
    assert view.summary.text() == (
        "4 cameras · 2 live · 0 connecting · 1 stale or lost · 1 not checked yet"
    )
    assert view.summary.property("alarm") is True  # drawn in the alarm colour
    assert view.counts() == {"live": 2, "lost": 1, "": 1}

    model.update("c", TileStatus("reconnecting", reconnects=4))
    qtbot.waitUntil(lambda: "1 connecting · 0 stale or lost" in view.summary.text())
    assert view.summary.property("alarm") is False

    view.org_box.setCurrentIndex(view.org_box.findData("610202"))  # the two gates only
    qtbot.waitUntil(lambda: view.summary.text().startswith("2 cameras · 2 live"))
    assert names(view) == ["Gate A", "Gate B"]
    view.org_box.setCurrentIndex(0)  # all orgs again
    qtbot.waitUntil(lambda: view.summary.text().startswith("4 cameras"))


def test_summary_keeps_up_while_statuses_keep_arriving(qtbot: QtBot) -> None:
    """The wall reports every camera about once a second, so changes never pause; the count
    must still follow them (a debounce that restarts on each change would never fire)."""
    model, view = health_view(qtbot)
    qtbot.waitUntil(lambda: view.summary.text().startswith("4 cameras · 2 live"))
    model.update("d", TileStatus("live", fps=25.0))

    reports = iter(range(1000))

    def reports_arrive() -> None:  # a changed report every 50 ms, quicker than the recount
        model.update("a", TileStatus("live", fps=24.0 + next(reports) % 2))

    timer = QTimer()
    timer.timeout.connect(reports_arrive)
    timer.start(50)
    try:
        qtbot.waitUntil(lambda: view.summary.text().startswith("4 cameras · 3 live"), timeout=2000)
    finally:
        timer.stop()


def test_row_double_click_and_menu_ask_for_the_row_camera(qtbot: QtBot) -> None:
    _model, view = health_view(qtbot)
    view.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Gate A, Gate B, Market, School
    activated: list[str] = []
    checks: list[str] = []
    view.camera_activated.connect(activated.append)
    view.check_requested.connect(checks.append)
    row = names(view).index("Market")
    view.view.doubleClicked.emit(view.proxy.index(row, 2))
    assert activated == ["c"]  # the sorted row's camera, not the model's row 2
    references: list[str] = []
    compares: list[str] = []
    view.reference_requested.connect(references.append)
    view.compare_requested.connect(compares.append)
    menu = view.row_menu("d")
    assert [a.text() for a in menu.actions()] == [
        "Show on the wall",
        "Check now",
        "Take its present view as the reference",
        "Its reference view…",
    ]
    menu.actions()[1].trigger()
    menu.actions()[0].trigger()
    menu.actions()[2].trigger()
    assert checks == ["d"] and activated == ["c", "d"] and references == ["d"]
    assert not menu.actions()[3].isEnabled()  # no reference view yet
    view.has_reference = lambda camera_id: camera_id == "d"
    compare = view.row_menu("d").actions()[3]
    assert compare.isEnabled()
    compare.trigger()
    assert compares == ["d"]


def test_summary_is_translated(qtbot: QtBot) -> None:
    _model, view = health_view(qtbot)
    i18n.install("zh_CN")
    try:
        view.changeEvent(QEvent(QEvent.Type.LanguageChange))
        assert view.summary.text() == "共 4 路 · 在线 2 · 连接中 0 · 停滞或离线 1 · 待巡检 1"
        assert view.org_box.itemText(0) == "全部组织"
    finally:
        i18n.install("en")


def test_video_alarm_column_sorts_unfollowed_first_and_explains_why(qtbot: QtBot) -> None:
    states = {"a": ("followed", ""), "b": ("retrying", "127.0.0.1:80: cannot connect")}
    catalog = CameraCatalog([CameraEntry(c, f"Cam {c}", grid_id="g1") for c in "abc"])
    model = CameraHealthModel(
        catalog, str, lambda g: GRIDS.get(g or "", ""), None, lambda c: states.get(c, ("", ""))
    )
    view = QtCameraHealth(model, [])
    qtbot.addWidget(view)
    assert model.headerData(6, Qt.Orientation.Horizontal) == "Video alarms"
    cells = {model.camera_id(r): model.index(r, 6) for r in range(model.rowCount())}
    assert [cells[c].data() for c in "abc"] == ["Followed", "Not followed", "—"]
    assert cells["b"].data(Qt.ItemDataRole.ToolTipRole) == "127.0.0.1:80: cannot connect"
    view.view.sortByColumn(6, Qt.SortOrder.AscendingOrder)
    assert names(view) == ["Cam b", "Cam a", "Cam c"]  # not followed, followed, no ONVIF
    qtbot.waitUntil(lambda: view.summary.text().endswith(" · video alarms of 1 not followed"))
    assert view.summary.property("alarm") is True
    states["c"] = ("subscribing", "")
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.refresh_alarms()
    assert changed.args[0].column() == 6 and changed.args[1].row() == 2
    assert cells["c"].data() == "Subscribing"
    states["b"] = ("followed", "")
    model.refresh_alarms()
    qtbot.waitUntil(lambda: "video alarms" not in view.summary.text())


def test_answers_state_between_connecting_and_live_counted_online(qtbot: QtBot) -> None:
    """A camera that answered the roll-call but has not been measured: its own words, no
    rates, sorted after the troubled ones and before the measured live ones, and counted
    among the live (online) cameras in the summary."""
    model, view = health_view(qtbot)
    model.update("d", TileStatus("answers"))
    row = next(r for r in range(model.rowCount()) if model.camera_id(r) == "d")
    assert model.index(row, 2).data() == "Answered, not measured"
    assert model.index(row, 3).data() == "—" and model.index(row, 4).data() == "—"
    assert model.index(row, 5).data() == "0"
    assert "answered the roll-call" in model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert names(view) == ["Market", "School", "Gate A", "Gate B"]  # lost, answers, live, live
    qtbot.waitUntil(lambda: view.summary.text().startswith("4 cameras · 3 live"))
    assert view.summary.text().endswith("0 not checked yet")


def test_state_column_fits_the_longest_state_name_in_either_language(qtbot: QtBot) -> None:
    _model, view = health_view(qtbot)
    header, metrics = view.view.horizontalHeader(), view.view.fontMetrics()
    assert header.sectionSize(2) > metrics.horizontalAdvance("Answered, not measured")
    i18n.install("zh_CN")
    try:
        view.changeEvent(QEvent(QEvent.Type.LanguageChange))
        assert header.sectionSize(2) > metrics.horizontalAdvance("已应答，待测速")
    finally:
        i18n.install("en")


def test_export_writes_the_rows_shown_with_the_reasons(qtbot: QtBot, tmp_path: Path) -> None:
    """What the engineer sees (filter and order) goes to a CSV Excel opens as it is, with the
    reason a camera is down in a last column; a file that cannot be written is one line in
    the status bar and leaves nothing behind."""
    model, view = health_view(qtbot)
    model.update("c", TileStatus("lost", reconnects=3, detail="rtsp://***@10.0.0.3/sub: refused"))
    view.org_box.setCurrentIndex(view.org_box.findData("610203"))  # Market and School only
    messages: list[str] = []
    view.message.connect(messages.append)
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "health.csv"
    assert view.export_to(target)
    raw = target.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "Camera", "Org", "State", "FPS", "kbit/s", "Reconnects", "Video alarms", "Picture",
        "Work order", "Details",
    ]  # fmt: skip
    assert [r[0] for r in rows[1:]] == ["Market", "School"]  # lost first, as on screen
    assert rows[1][2:6] == ["Lost", "0.0", "0", "3"]
    assert rows[1][7:] == ["—", "—", "rtsp://***@10.0.0.3/sub: refused"]
    assert messages == [f"Exported 2 cameras to {target}"]

    missing = folder / "no-such-folder" / "health.csv"
    assert not view.export_to(missing)
    assert messages[-1].startswith(f"Cannot write {missing}: ")
    assert messages[-1].endswith("Choose another folder.")
    taken = folder / "taken.csv"
    taken.mkdir()  # written in full, then the rename over a folder fails
    assert not view.export_to(taken) and messages[-1].startswith(f"Cannot write {taken}: ")
    assert sorted(p.name for p in folder.iterdir()) == ["health.csv", "taken.csv"]  # no .part


def test_export_button_asks_where_to_save(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _model, view = health_view(qtbot)
    target = tmp_path / "chosen.csv"
    asked: list[str] = []

    def choose(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), "CSV (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    view.export_button.click()
    assert Path(asked[0]).name.startswith("camera-health-") and asked[0].endswith(".csv")
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == 5  # header + 4 cameras


def test_picture_faults_sort_first_within_a_state_and_are_counted(qtbot: QtBot) -> None:
    model, view = health_view(qtbot)
    measures = measure(np.zeros((360, 640, 3), np.uint8))
    model.set_picture("a", PictureReport(Diagnosis((), measures), time.time()))
    model.set_picture("b", PictureReport(Diagnosis(("blurred", "dark"), measures), time.time()))
    assert names(view) == ["Market", "Gate B", "Gate A", "School"]  # live: the faulty first
    view.view.sortByColumn(PICTURE, Qt.SortOrder.AscendingOrder)
    assert names(view) == ["Gate B", "Gate A", "Market", "School"]  # examined ones first
    assert [view.proxy.index(r, PICTURE).data() for r in range(4)] == [
        "Blurred, Too dark", "OK", "—", "—",
    ]  # fmt: skip
    tip = view.proxy.index(0, PICTURE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines()[1:3] == ["Blurred: sharpness 0.00, below 0.36", (
        "Too dark: brightness 0.00 of 255, below 40"
    )]  # fmt: skip
    qtbot.waitUntil(lambda: view.summary.text().endswith(" · 1 with a picture fault"))


@dataclass(frozen=True)
class Order:
    id: str
    state: str


def test_open_work_orders_are_listed_first_and_follow_changes(qtbot: QtBot) -> None:
    orders: dict[tuple[str, str], Order] = {
        ("c", "offline"): Order("TC-20261129-000007", "reported")
    }
    catalog = CameraCatalog([CameraEntry(i, f"Cam {i}", grid_id="g1") for i in "abc"])
    model = CameraHealthModel(
        catalog, str, lambda g: GRIDS.get(g or "", ""),
        work_order=lambda camera_id, kind: orders.get((camera_id, kind)),
    )  # fmt: skip
    view = QtCameraHealth(model, [])
    qtbot.addWidget(view)
    view.view.sortByColumn(ORDERS, Qt.SortOrder.AscendingOrder)
    assert names(view)[0] == "Cam c"
    cell = view.proxy.index(0, ORDERS)
    assert cell.data() == "TC-20261129-000007"
    assert (
        cell.data(Qt.ItemDataRole.ToolTipRole)
        == "Work order TC-20261129-000007 (offline): Reported"
    )
    orders[("a", "picture")] = Order("TC-20261129-000009", "accepted")
    with qtbot.waitSignal(model.dataChanged):
        model.refresh_orders("a")
    assert view.proxy.index(0, ORDERS).data() in ("TC-20261129-000007", "TC-20261129-000009")
    row_a = next(r for r in range(3) if view.proxy.index(r, 0).data() == "Cam a")
    assert "(picture fault): Accepted" in view.proxy.index(row_a, ORDERS).data(3)
    assert view.proxy.index(2, ORDERS).data() == "—"


def test_a_refused_password_is_named_in_the_state_column(qtbot: QtBot) -> None:
    """Down, but a password to update in the registry, not a repair: said so in its State
    cell (counted with the lost ones in the summary)."""
    model, view = health_view(qtbot)
    refused = f"rtsp://***@10.0.0.3/sub: {AuthError.reason}"
    model.update("d", TileStatus("lost", detail=refused))
    row = next(r for r in range(model.rowCount()) if model.camera_id(r) == "d")
    assert model.index(row, 2).data() == "Password refused"
    assert model.state_of(row) == "lost"
    qtbot.waitUntil(lambda: view.summary.text().endswith(" · 1 refused the password"))
