"""Qt item models for the dispatch board: a table over IncidentCollection and a filter proxy.

``IncidentTableModel`` maps the collection's before/after events to Qt's insert/remove/dataChanged
signals, so a change from the feed touches one row and never resets the model. The countdown
column is computed when painted; the board repaints it once a second.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from console.board import labels
from console.board.collection import Incident, IncidentCollection

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
INCIDENT_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = (
    ("id", str(QT_TRANSLATE_NOOP("IncidentTableModel", "ID"))),
    ("title", str(QT_TRANSLATE_NOOP("IncidentTableModel", "Title"))),
    ("severity", str(QT_TRANSLATE_NOOP("IncidentTableModel", "Severity"))),
    ("state", str(QT_TRANSLATE_NOOP("IncidentTableModel", "State"))),
    ("countdown", str(QT_TRANSLATE_NOOP("IncidentTableModel", "Time left"))),
    ("category", str(QT_TRANSLATE_NOOP("IncidentTableModel", "Category"))),
    ("channel", str(QT_TRANSLATE_NOOP("IncidentTableModel", "Channel"))),
    ("center", str(QT_TRANSLATE_NOOP("IncidentTableModel", "Center"))),
    ("grid", str(QT_TRANSLATE_NOOP("IncidentTableModel", "Grid"))),
    ("created", str(QT_TRANSLATE_NOOP("IncidentTableModel", "Reported"))),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
WARN_SECONDS = 30 * 60  # the countdown turns amber this long before the limit

Index = QModelIndex | QPersistentModelIndex


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def seconds_left(deadline: datetime | None, now: datetime) -> float | None:
    """Seconds until ``deadline`` (negative once passed); naive datetimes are taken as UTC."""
    if deadline is None:
        return None
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=UTC)
    return (deadline - now).total_seconds()


def countdown_color(left: float | None, overdue: bool = False) -> QColor | None:
    """Red when passed (or flagged overdue), amber when near, None otherwise."""
    if overdue or (left is not None and left < 0):
        return QColor("#ff5252")
    if left is not None and left < WARN_SECONDS:
        return QColor("#ffb300")
    return None


class IncidentTableModel(QAbstractTableModel):
    """Table of the incidents in an IncidentCollection; lives on the Qt main thread."""

    def __init__(
        self,
        collection: IncidentCollection,
        org_name: Callable[[str | None], str] = lambda oid: oid or "",
        category_name: Callable[[str | None], str] = lambda code: code or "",
        clock: Callable[[], datetime] = utc_now,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.collection = collection
        self._org_name = org_name
        self._category_name = category_name
        self._clock = clock
        self._flash: Callable[[str], QColor | None] = lambda _id: None
        ev = collection.events
        ev.inserting.append(lambda a, b: self.beginInsertRows(QModelIndex(), a, b))
        ev.inserted.append(lambda a, b: self.endInsertRows())
        ev.removing.append(lambda r: self.beginRemoveRows(QModelIndex(), r, r))
        ev.removed.append(lambda r, inc: self.endRemoveRows())
        ev.changed.append(self._on_changed)
        ev.resetting.append(self.beginResetModel)
        ev.reset.append(self.endResetModel)

    def set_flash_lookup(self, lookup: Callable[[str], QColor | None]) -> None:
        """Install the view's "is this row flashing" function (background colour or None)."""
        self._flash = lookup

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of incidents (0 under any valid parent: this is a flat table)."""
        return 0 if parent.isValid() else len(self.collection)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Translated column titles."""
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return QCoreApplication.translate("IncidentTableModel", COLUMNS[section][1])
        return None

    def incident(self, row: int) -> Incident:
        """The incident shown in ``row``."""
        return self.collection[row]

    def index_of(self, incident_id: str, column: int = 0) -> QModelIndex:
        """The model index of an incident's row, invalid if not shown."""
        row = self.collection.row_of(incident_id)
        return QModelIndex() if row is None else self.index(row, column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell data; a row whose incident cannot be read shows as blank, never raises."""
        if not index.isValid() or index.row() >= len(self.collection):
            return None
        inc = self.collection[index.row()]
        key = COLUMN_KEYS[index.column()]
        try:
            return self._cell(inc, key, role)
        except (AttributeError, TypeError, ValueError):
            return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Rows are selectable; an incident without an id shows disabled."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        inc = self.collection[index.row()]
        if not getattr(inc, "id", None):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _cell(self, inc: Incident, key: str, role: int) -> Any:
        if role == ID_ROLE:
            return inc.id
        if role == INCIDENT_ROLE:
            return inc
        if role == SORT_ROLE:
            return self._sort_key(inc, key)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(inc, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "countdown":
            left = seconds_left(inc.deadline, self._clock())
            return countdown_color(left, bool(inc.overdue))
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._flash(inc.id)
        if role == Qt.ItemDataRole.DecorationRole and key == "severity":
            return labels.severity_color(inc.severity)
        if role == Qt.ItemDataRole.ToolTipRole and key == "title":
            return inc.description or inc.title
        return None

    def _display(self, inc: Incident, key: str) -> str:
        if key == "id":
            return str(inc.id)
        if key == "title":
            return ("⚡ " if inc.urgent else "") + (inc.title or "")
        if key == "severity":
            return labels.label(labels.SEVERITIES, inc.severity)
        if key == "state":
            text = labels.label(labels.STATES, inc.state)
            if inc.supervised:
                text += " · " + QCoreApplication.translate("IncidentTableModel", "supervised")
            return text
        if key == "countdown":
            left = seconds_left(inc.deadline, self._clock())
            return "" if left is None else labels.format_countdown(left)
        if key == "category":
            return self._category_name(inc.category)
        if key == "channel":
            return labels.label(labels.CHANNELS, inc.channel)
        if key == "center":
            return self._org_name(inc.center_id)
        if key == "grid":
            return self._org_name(inc.grid_id)
        if key == "created":
            created = inc.created_at
            return created.strftime("%m-%d %H:%M") if created else ""
        return ""

    def _sort_key(self, inc: Incident, key: str) -> Any:
        if key == "severity":
            return labels.SEVERITY_RANK.get(inc.severity, -1)
        if key == "countdown":
            left = seconds_left(inc.deadline, self._clock())
            return float("inf") if left is None else left
        if key == "created":
            return inc.created_at.timestamp() if inc.created_at else 0.0
        return self._display(inc, key)

    def _on_changed(self, row: int, _inc: Incident) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


class IncidentFilterProxy(QSortFilterProxyModel):
    """Sorts by typed keys and filters by state, severity, category, channel, org and overdue."""

    def __init__(
        self,
        in_org: Callable[[Incident, str], bool] = lambda inc, org: True,
        clock: Callable[[], datetime] = utc_now,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._in_org = in_org
        self._clock = clock
        self.filters: dict[str, str | None] = {
            "state": None,
            "severity": None,
            "category": None,
            "channel": None,
            "org": None,
        }
        self.overdue_only = False
        self.text = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_filter(self, key: str, value: str | None) -> None:
        """Set one filter (None = any) and refilter."""
        if key not in self.filters:
            raise KeyError(key)
        self.beginFilterChange()
        self.filters[key] = value or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_overdue_only(self, on: bool) -> None:
        """Show only overdue incidents (flagged by the sweep or past their time limit)."""
        self.beginFilterChange()
        self.overdue_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        """Free-text filter on id, title and address."""
        self.beginFilterChange()
        self.text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Apply every active filter to the source incident."""
        model = self.sourceModel()
        if not isinstance(model, IncidentTableModel) or source_row >= model.rowCount():
            return True
        inc = model.incident(source_row)
        f = self.filters
        for key in ("state", "severity", "category", "channel"):
            if f[key] is not None and getattr(inc, key, None) != f[key]:
                return False
        if f["org"] is not None and not self._in_org(inc, f["org"]):
            return False
        if self.overdue_only and not is_overdue(inc, self._clock()):
            return False
        if self.text:
            hay = f"{inc.id} {inc.title} {getattr(inc, 'address', '')}".lower()
            if self.text not in hay:
                return False
        return True


def is_overdue(inc: Incident, now: datetime) -> bool:
    """True if flagged overdue by the service or past its current time limit."""
    if getattr(inc, "overdue", False):
        return True
    left = seconds_left(getattr(inc, "deadline", None), now)
    return left is not None and left < 0
