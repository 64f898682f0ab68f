"""Times on the site's clock (China Standard Time) whatever the workstation's zone: the board,
the incident detail and its deadline editor agree with the incident numbers' day."""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from board_world import G1, World, detail_on, english_ui, settle, world  # noqa: F401 (fixtures)
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from test_board_model import make

from console.board import BoardController
from console.board.collection import IncidentCollection
from console.board.model import COLUMN_KEYS, IncidentTableModel
from console.site_time import editor_time, from_editor, from_epoch, on_site, site_now
from dispatch.base import SITE_TZ

LATE_EVENING_UTC = datetime(2026, 11, 27, 20, 30, tzinfo=UTC)  # 04:30 next day in China


@pytest.fixture
def workstation_in_new_york() -> Iterator[None]:
    """The workstation's zone set to one far from the site's (UTC-5 in November)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_site_clock_ignores_the_workstation_zone(workstation_in_new_york: None) -> None:
    assert datetime.now().astimezone().utcoffset() != SITE_TZ.utcoffset(None)  # zone took
    assert on_site(LATE_EVENING_UTC).strftime("%Y-%m-%d %H:%M") == "2026-11-28 04:30"
    assert on_site(LATE_EVENING_UTC.replace(tzinfo=None)) == on_site(LATE_EVENING_UTC)  # stored
    assert from_epoch(LATE_EVENING_UTC.timestamp()) == LATE_EVENING_UTC
    assert from_epoch(0).strftime("%H:%M") == "08:00"
    assert abs(site_now() - datetime.now(UTC)).total_seconds() < 5
    shown = editor_time(LATE_EVENING_UTC)
    assert (shown.day, shown.hour, shown.tzinfo) == (28, 4, None)
    assert from_editor(shown) == LATE_EVENING_UTC


def test_board_shows_report_time_on_site(workstation_in_new_york: None) -> None:
    coll = IncidentCollection()
    model = IncidentTableModel(coll, clock=lambda: LATE_EVENING_UTC)
    coll.replace_all([make(1, created_at=LATE_EVENING_UTC)])
    assert model.data(model.index(0, COLUMN_KEYS.index("created"))) == "11-28 04:30"


def test_deadline_editor_reads_and_writes_site_time(
    qtbot, world: World, workstation_in_new_york: None
) -> None:
    """The city duty officer extends a district incident's time limit to 18:00 site time."""
    inc = world.svc.report(f"gw_{G1}_1", G1, "dispute", "complex", "宅基地边界纠纷")
    controller = BoardController(world.svc, world.feed, "city_duty")
    qtbot.waitUntil(lambda: controller.is_loaded, timeout=5000)
    try:
        detail = detail_on(qtbot, controller, inc.id)
        # the editor starts a day ahead of now on the site's clock
        start = detail.deadline.dateTime()
        tomorrow = editor_time(site_now()).date().toordinal() + 1
        assert start.date().toPython().toordinal() == tomorrow
        shown = on_site(inc.deadline).strftime("%Y-%m-%d %H:%M")
        assert detail.fields["deadline"].text() == shown

        later = on_site(inc.deadline).date().toordinal() + 2
        day = datetime.fromordinal(later)
        detail.deadline.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(18, 0)))
        button = detail.buttons["extend"]
        assert button.isEnabled()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        settle(qtbot, detail)
        fresh = world.svc.get(inc.id)
        assert fresh.deadline == day.replace(hour=18, tzinfo=SITE_TZ)  # 10:00 UTC
        assert detail.fields["deadline"].text() == f"{day:%Y-%m-%d} 18:00"
    finally:
        controller.stop()
