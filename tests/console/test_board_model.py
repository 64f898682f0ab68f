"""The board's Qt-free collection and its item models: incremental changes, never a reset."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from board_world import english_ui  # noqa: F401 (autouse fixture)
from PySide6.QtCore import QModelIndex, Qt

from console.board.collection import IncidentCollection
from console.board.filters import is_overdue
from console.board.model import COLUMN_KEYS, ID_ROLE, IncidentTableModel
from dispatch.models import Incident

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def make(n: int, **kw: object) -> Incident:
    """An incident as the service returns it (plain dataclass, no database needed here)."""
    fields: dict[str, object] = dict(
        id=f"TC-20261127-{n:06d}",
        title=f"incident {n}",
        description="",
        category="public_order",
        severity=("simple", "general", "complex", "major")[n % 4],
        urgent=False,
        channel="grid_worker",
        state="reported",
        grid_id="g1",
        lat=None,
        lon=None,
        address="",
        reporter="gw",
        center_id="c1",
        assignee_kind=None,
        assignee_id=None,
        co_handlers=(),
        deadline=NOW + timedelta(minutes=10 * n - 20),
        deadlines={},
        supervised=False,
        supervise_deadline=None,
        overdue=False,
        version=1,
        created_at=NOW,
        updated_at=NOW,
        cameras=(f"cam{n % 3}",),
    )
    fields.update(kw)
    return Incident(**fields)  # type: ignore[arg-type]


def ids(model: IncidentTableModel) -> list[str]:
    """Incident ids in display order."""
    return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]


def test_model_applies_changes_incrementally(qtmodeltester) -> None:
    coll = IncidentCollection(accepts=lambda inc: inc.state != "closed")
    model = IncidentTableModel(coll, clock=lambda: NOW)
    coll.replace_all([make(i) for i in range(5)])
    qtmodeltester.check(model)
    resets: list[int] = []
    inserted: list[tuple[int, int]] = []
    removed: list[int] = []
    changed: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    model.rowsRemoved.connect(lambda _p, a, b: removed.append(a))
    model.dataChanged.connect(lambda tl, br, roles=(): changed.append(tl.row()))

    # rows are sorted by time left (deadline): make(n) is due at 10·n − 20 minutes
    assert coll.apply(make(9)) == "insert"
    assert inserted == [(5, 5)]
    assert coll.apply(replace(make(2), state="accepted", version=2)) == "update"
    assert changed == [2]
    assert model.data(model.index(2, COLUMN_KEYS.index("state"))) == "Accepted"
    # an older snapshot arriving late does not overwrite the newer one
    assert coll.apply(make(2)) == "stale"
    assert coll.apply(replace(make(1), state="closed", version=3)) == "remove"
    assert removed == [1]
    assert coll.row_of(make(9).id) == 4 and coll.row_of(make(2).id) == 1
    assert coll.apply(replace(make(7), state="closed")) == "ignore"
    # a new deadline moves the row (beginMoveRows), still no reset
    moved: list[tuple[int, int]] = []
    model.rowsMoved.connect(lambda _p, a, _b, _d, dest: moved.append((a, dest)))
    later = NOW + timedelta(hours=5)
    assert coll.apply(replace(make(0), deadline=later, version=4)) == "update"
    assert moved == [(0, 5)] and ids(model)[-1] == make(0).id
    assert resets == []
    assert [i.id for i in coll.for_camera("cam0")] == [make(0).id, make(3).id, make(9).id]
    qtmodeltester.check(model)


def test_countdown_colours_and_overdue() -> None:
    coll = IncidentCollection()
    model = IncidentTableModel(coll, clock=lambda: NOW)
    coll.replace_all([make(9), make(0), make(3)])  # +70 min, -20 min, +10 min
    col = COLUMN_KEYS.index("countdown")
    texts = [model.data(model.index(r, col)) for r in range(3)]
    assert texts == ["-00:20:00", "00:10:00", "01:10:00"]
    colours = [model.data(model.index(r, col), Qt.ItemDataRole.ForegroundRole) for r in range(3)]
    assert colours[0].name() == "#ff5252" and colours[1].name() == "#ffb300"
    assert colours[2] is None
    assert is_overdue(make(0), NOW) and not is_overdue(make(9), NOW)
    assert is_overdue(make(9, overdue=True), NOW)


def test_filters_and_sorting(qtmodeltester) -> None:
    coll = IncidentCollection()
    model = IncidentTableModel(coll, clock=lambda: NOW, in_org=lambda inc, org: inc.grid_id == org)
    coll.replace_all(
        [
            make(i, grid_id=f"g{i % 2}", channel=("walk_in", "hotline_12345")[i % 2])
            for i in range(8)
        ]
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 8
    model.set_filter("severity", "major")
    assert set(ids(model)) == {make(3).id, make(7).id}
    model.set_filter("severity", None)
    model.set_filter("channel", "walk_in")
    assert model.rowCount() == 4
    model.set_filter("org", "g1")
    assert model.rowCount() == 0
    model.set_filter("channel", None)
    assert model.rowCount() == 4
    model.set_filter("org", None)
    model.set_filter("category", "public")  # a prefix of a code is not a parent category
    assert model.rowCount() == 0
    model.set_filter("category", "public_order")
    assert model.rowCount() == 8
    model.set_filter("category", None)
    model.set_overdue_only(True)
    assert model.rowCount() == 2  # deadlines -20 and -10 min
    model.set_overdue_only(False)
    model.set_text("incident 5")
    assert ids(model) == [make(5).id]
    model.set_text("")
    # sorting by the typed severity rank, not by the translated text, both ways
    model.sort(COLUMN_KEYS.index("severity"), Qt.SortOrder.DescendingOrder)
    assert ids(model)[:2] == [make(7).id, make(3).id]
    qtmodeltester.check(model)
    # a live insertion lands at its sorted place without a reset, also in descending order
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    coll.apply(make(11, severity="major"))
    assert model.rowCount() == 9 and ids(model)[:3] == [make(11).id, make(7).id, make(3).id]
    coll.apply(replace(make(11), severity="simple", version=2))
    assert ids(model)[6:] == [make(11).id, make(4).id, make(0).id] and resets == []
    assert not model.index_of("nope").isValid()
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(QModelIndex()) == 10
    qtmodeltester.check(model)


def test_multi_data_answers_like_data() -> None:
    """Painting asks all roles of a cell at once (multiData): same answers as data()."""
    from PySide6.QtCore import QModelRoleData
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

    flashing = "TC-20261127-000003"
    coll = IncidentCollection()
    model = IncidentTableModel(coll, clock=lambda: NOW)
    model.set_flash_lookup(lambda i: QColor("#7f1d1d") if i == flashing else None)
    coll.replace_all([make(i, urgent=i == 1, description=f"d{i}") for i in range(5)])
    roles = [
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.CheckStateRole,
        ID_ROLE,
    ]
    served = 0
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in roles:
                slot = QModelRoleData(role.value if hasattr(role, "value") else int(role))
                slot.setData("stale")  # must be overwritten or cleared
                model.multiData(index, slot)
                assert slot.data() == index.data(role), (row, column, role)
                served += slot.data() is not None
    assert served > model.rowCount() * model.columnCount()  # display + extras, not all None
    # the view's delegate fills its style option through multiData
    option = QStyleOptionViewItem()
    index = model.index_of(flashing, COLUMN_KEYS.index("countdown"))
    QStyledItemDelegate().initStyleOption(option, index)
    assert option.text == index.data()
    assert option.backgroundBrush.color() == QColor("#7f1d1d")
    past = model.index_of("TC-20261127-000000", COLUMN_KEYS.index("countdown"))
    QStyledItemDelegate().initStyleOption(option, past)
    assert option.text.startswith("-")  # overdue countdown, red
    assert option.palette.text().color() == QColor("#ff5252")
    # an invalid index clears every role
    slot = QModelRoleData(0)
    slot.setData("stale")
    model.multiData(QModelIndex(), slot)
    assert slot.data() is None
