"""IncidentTableModel: a sorted, filtered table over an IncidentCollection.

The model keeps its own ordered rows (ascending sort keys, bisected), so a change from the
feed costs O(log n) and touches one row: beginInsertRows / beginRemoveRows / beginMoveRows /
dataChanged, never a reset. Sorting happens here, in Python's sort, not in a
QSortFilterProxyModel: a proxy would call ``data()`` across the binding for every comparison
(20,000 rows ≈ 600,000 calls, seconds). Resets happen only for a new snapshot or when the user
changes the sort or a filter. The countdown column is computed when painted.
"""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleData,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from console.board import labels
from console.board.collection import Incident, IncidentCollection
from console.board.filters import (
    FILTER_KEYS,
    IncidentFilter,
    countdown_color,
    is_overdue,
    seconds_left,
    utc_now,
)
from console.site_time import on_site

__all__ = ["COLUMN_KEYS", "ID_ROLE", "IncidentTableModel", "is_overdue", "utc_now"]

ID_ROLE = Qt.ItemDataRole.UserRole + 1
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
INCREMENTAL_LIMIT = 200  # a refilter touching more rows than this resets instead
COUNTDOWN_COLUMN = COLUMN_KEYS.index("countdown")
SEVERITY_COLUMN = COLUMN_KEYS.index("severity")
TITLE_COLUMN = COLUMN_KEYS.index("title")
NO_DEADLINE = datetime.max.replace(tzinfo=UTC)  # sorts after every real time limit
TEXT_CACHE_MAX = 50_000
SERVED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        ID_ROLE,
        INCIDENT_ROLE,
    }
)
Index = QModelIndex | QPersistentModelIndex
CellValues = tuple[str, QColor | None, QColor | None, QColor | None]
ROLE_DISPLAY = Qt.ItemDataRole.DisplayRole.value  # plain ints: compared per painted cell
ROLE_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
ROLE_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
ROLE_DECORATION = Qt.ItemDataRole.DecorationRole.value
ROLE_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
ROLE_ID = ID_ROLE.value if hasattr(ID_ROLE, "value") else int(ID_ROLE)
ROLE_INCIDENT = INCIDENT_ROLE.value if hasattr(INCIDENT_ROLE, "value") else int(INCIDENT_ROLE)
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
NO_FLAGS = Qt.ItemFlag.NoItemFlags


class IncidentTableModel(QAbstractTableModel):
    """Sorted, filtered incidents of a collection; lives on the Qt main thread."""

    def __init__(
        self,
        collection: IncidentCollection,
        org_name: Callable[[str | None], str] = lambda oid: oid or "",
        category_name: Callable[[str | None], str] = lambda code: code or "",
        clock: Callable[[], datetime] = utc_now,
        in_org: Callable[[Incident, str], bool] = lambda inc, org: True,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.collection = collection
        self.filter = IncidentFilter()
        self._org_name = org_name
        self._category_name = category_name
        self._clock = clock
        self._in_org = in_org
        self._flash: Callable[[str], QColor | None] = lambda _id: None
        self._text_cache: dict[str, tuple[int, list[str]]] = {}
        self.text_epoch = 0  # bumped when every display text may have changed (language)
        self.sort_column = "countdown"
        self.descending = False
        self._keys: list[tuple[Any, str]] = []  # ascending
        self._items: list[Incident] = []  # parallel to _keys
        self._key_of: dict[str, tuple[Any, str]] = {}
        ev = collection.events
        ev.inserted.append(self._on_inserted)
        ev.changed.append(self._on_changed)
        ev.removed.append(self._on_removed)
        ev.reset.append(self.rebuild)
        self.rebuild()

    # Qt API ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of incidents shown (0 under any valid parent: this is a flat table)."""
        return 0 if parent.isValid() else len(self._items)

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell data; a row whose incident cannot be read shows blank, never raises."""
        if role not in SERVED_ROLES or not index.isValid():
            return None  # fast path: painting asks ~7 roles per cell, we serve a few
        row = index.row()
        n = len(self._items)
        if row >= n:
            return None
        inc = self._items[n - 1 - row if self.descending else row]
        column = index.column()
        try:
            if role == Qt.ItemDataRole.DisplayRole:
                if column == COUNTDOWN_COLUMN:
                    left = seconds_left(inc.deadline, self._clock())
                    return "" if left is None else labels.format_countdown(left)
                return self._texts(inc)[column]
            return self._cell(inc, COLUMN_KEYS[column], role)
        except (AttributeError, TypeError, ValueError):
            return None

    def multiData(self, index: Index, roleDataSpan: Any) -> None:
        """Every role a delegate asks for a cell, in one call (one trip across the binding).

        Painting asks 7 roles per cell; answering them together keeps the UI thread's Python
        entries per repaint at one per cell (the board's own delegate uses ``cell``).
        """
        slots = (roleDataSpan,) if isinstance(roleDataSpan, QModelRoleData) else roleDataSpan
        row = index.row()
        n = len(self._items)
        if row < 0 or row >= n:
            for slot in slots:
                slot.clearData()
            return
        inc = self._items[n - 1 - row if self.descending else row]
        column = index.column()
        values = self._paint_values(inc, column)
        if values is None:
            for slot in slots:
                slot.clearData()
            return
        text, foreground, background, decoration = values
        title = column == TITLE_COLUMN
        tooltip = (getattr(inc, "description", None) or inc.title) if title else None
        for slot in slots:
            role = slot.role()
            value: Any = None
            if role == ROLE_DISPLAY:
                value = text
            elif role == ROLE_FOREGROUND:
                value = foreground
            elif role == ROLE_BACKGROUND:
                value = background
            elif role == ROLE_DECORATION:
                value = decoration
            elif role == ROLE_TOOLTIP:
                value = tooltip
            elif role == ROLE_ID:
                value = inc.id
            elif role == ROLE_INCIDENT:
                value = inc
            if value is None:
                slot.clearData()
            else:
                slot.setData(value)

    def cell(self, row: int, column: int) -> CellValues | None:
        """(text, foreground, background, decoration) of a cell, for the board's delegate
        (plain Python: no trip across the binding); None for no row or an unreadable one."""
        n = len(self._items)
        if row < 0 or row >= n:
            return None
        return self._paint_values(self._items[n - 1 - row if self.descending else row], column)

    def _paint_values(self, inc: Incident, column: int) -> CellValues | None:
        """Painted roles of a cell; only the countdown and the flash are computed now."""
        try:
            decoration = None
            if column == COUNTDOWN_COLUMN:
                left = seconds_left(inc.deadline, self._clock())
                text = "" if left is None else labels.format_countdown(left)
                foreground = countdown_color(left, bool(inc.overdue))
            else:
                text = self._texts(inc)[column]
                foreground = None
                if column == SEVERITY_COLUMN:
                    decoration = labels.severity_color(inc.severity)
            return text, foreground, self._flash(inc.id), decoration
        except (AttributeError, TypeError, ValueError):
            return None

    def _texts(self, inc: Incident) -> list[str]:
        """Display strings of a row, cached per incident version (countdown excluded)."""
        cached = self._text_cache.get(inc.id)
        if cached is not None and cached[0] == inc.version:
            return cached[1]
        texts = ["" if key == "countdown" else self._display(inc, key) for key in COLUMN_KEYS]
        if len(self._text_cache) > TEXT_CACHE_MAX:
            self._text_cache.clear()
        self._text_cache[inc.id] = (inc.version, texts)
        return texts

    def clear_text_cache(self) -> None:
        """Forget cached display strings (after a language switch) and repaint."""
        self._text_cache.clear()
        self.text_epoch += 1
        if self._items:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1)
            )

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Rows are selectable; an incident without an id shows disabled."""
        row = index.row()
        n = len(self._items)
        if not index.isValid() or row >= n:
            return NO_FLAGS
        inc = self._items[n - 1 - row if self.descending else row]
        return ROW_FLAGS if getattr(inc, "id", None) else NO_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (the header click); a user action, so a reset is fine."""
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_column = COLUMN_KEYS[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.rebuild()

    # look-ups --------------------------------------------------------------------------------
    def incident(self, row: int) -> Incident:
        """The incident shown in ``row``."""
        return self._items[len(self._items) - 1 - row if self.descending else row]

    def row_of(self, incident_id: str) -> int | None:
        """The row showing an incident, or None if it is filtered out or absent."""
        key = self._key_of.get(incident_id)
        if key is None:
            return None
        i = bisect.bisect_left(self._keys, key)
        return self._row(i, len(self._items))

    def index_of(self, incident_id: str, column: int = 0) -> QModelIndex:
        """The model index of an incident's row, invalid if not shown."""
        row = self.row_of(incident_id)
        return QModelIndex() if row is None else self.index(row, column)

    def set_flash_lookup(self, lookup: Callable[[str], QColor | None]) -> None:
        """Install the view's "is this row flashing" function (background colour or None).

        A bound method is held weakly. The model belongs to the controller, which outlives the
        board views: a strong reference would tie view and controller into a reference cycle,
        so a dropped view would be deleted by the cycle collector at an arbitrary allocation,
        e.g. inside its own paint event (or on another Python thread), instead of at once.
        """
        owner = getattr(lookup, "__self__", None)
        func = getattr(lookup, "__func__", None)
        if owner is None or func is None:
            self._flash = lookup
            return
        owner_ref = weakref.ref(owner)

        def flash(incident_id: str) -> QColor | None:
            view = owner_ref()
            return None if view is None else func(view, incident_id)

        self._flash = flash

    # filters ---------------------------------------------------------------------------------
    def set_filter(self, key: str, value: str | None) -> None:
        """Set one of state/severity/category/channel/org (None = any)."""
        if key not in FILTER_KEYS:
            raise KeyError(key)
        if getattr(self.filter, key) != (value or None):
            setattr(self.filter, key, value or None)
            self.refilter()

    def set_overdue_only(self, on: bool) -> None:
        """Show only overdue incidents."""
        if self.filter.overdue_only != on:
            self.filter.overdue_only = on
            self.refilter()

    def set_text(self, text: str) -> None:
        """Free-text filter on id, title and address."""
        text = text.strip().lower()
        if self.filter.text != text:
            self.filter.text = text
            self.refilter()

    def accepts(self, inc: Incident) -> bool:
        """True if this model shows the incident under its current filter."""
        return self.filter.accepts(inc, self._clock(), self._in_org)

    def rebuild(self) -> None:
        """Recompute every row (new snapshot, new sort or a large filter change)."""
        self.beginResetModel()
        now = self._clock()
        if self.filter.is_empty():
            rows = [(self._sort_key(inc), inc) for inc in self.collection]
        else:
            accepts = self.filter.accepts
            rows = [
                (self._sort_key(inc), inc)
                for inc in self.collection
                if accepts(inc, now, self._in_org)
            ]
        rows.sort(key=lambda pair: pair[0])
        self._keys = [k for k, _ in rows]
        self._items = [inc for _, inc in rows]
        self._key_of = {inc.id: k for k, inc in rows}
        self.endResetModel()

    def refilter(self) -> None:
        """Re-apply the filter: row by row when few rows change, else one reset."""
        now = self._clock()
        wanted = {
            inc.id: inc for inc in self.collection if self.filter.accepts(inc, now, self._in_org)
        }
        gone = [i for i in self._key_of if i not in wanted]
        new = [inc for i, inc in wanted.items() if i not in self._key_of]
        if len(gone) + len(new) > INCREMENTAL_LIMIT:
            self.rebuild()
            return
        for incident_id in gone:
            self._remove(incident_id)
        for inc in new:
            self._insert(inc)

    # collection events -----------------------------------------------------------------------
    def _on_inserted(self, first: int, last: int) -> None:
        for row in range(first, last + 1):
            inc = self.collection[row]
            if self.accepts(inc):
                self._insert(inc)

    def _on_removed(self, _row: int, gone: Incident) -> None:
        self._remove(gone.id)

    def _on_changed(self, _row: int, inc: Incident) -> None:
        shown = inc.id in self._key_of
        wanted = self.accepts(inc)
        if shown and not wanted:
            self._remove(inc.id)
        elif wanted and not shown:
            self._insert(inc)
        elif shown:
            self._update(inc)

    # row bookkeeping -------------------------------------------------------------------------
    def _row(self, i: int, n: int) -> int:
        """Display row of ascending position ``i`` in a list of ``n``."""
        return n - 1 - i if self.descending else i

    def _insert(self, inc: Incident) -> None:
        key = self._sort_key(inc)
        i = bisect.bisect_left(self._keys, key)
        n = len(self._items)
        row = n - i if self.descending else i
        self.beginInsertRows(QModelIndex(), row, row)
        self._keys.insert(i, key)
        self._items.insert(i, inc)
        self._key_of[inc.id] = key
        self.endInsertRows()

    def _remove(self, incident_id: str) -> None:
        key = self._key_of.get(incident_id)
        if key is None:
            return
        i = bisect.bisect_left(self._keys, key)
        row = self._row(i, len(self._items))
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[i]
        del self._items[i]
        del self._key_of[incident_id]
        self.endRemoveRows()

    def _update(self, inc: Incident) -> None:
        old_key = self._key_of[inc.id]
        new_key = self._sort_key(inc)
        n = len(self._items)
        i = bisect.bisect_left(self._keys, old_key)
        old_row = self._row(i, n)
        j = bisect.bisect_left(self._keys, new_key)
        if j > i:
            j -= 1  # position in the list without the old entry
        new_row = (n - 1 - j) if self.descending else j
        moved = new_row != old_row
        if moved:
            dest = new_row + 1 if new_row > old_row else new_row
            self.beginMoveRows(QModelIndex(), old_row, old_row, QModelIndex(), dest)
        del self._keys[i]
        del self._items[i]
        self._keys.insert(j, new_key)
        self._items.insert(j, inc)
        self._key_of[inc.id] = new_key
        if moved:
            self.endMoveRows()
        self.dataChanged.emit(self.index(new_row, 0), self.index(new_row, len(COLUMNS) - 1))

    # cells -----------------------------------------------------------------------------------
    def _cell(self, inc: Incident, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(inc, key)
        if role == ID_ROLE:
            return inc.id
        if role == INCIDENT_ROLE:
            return inc
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
            return on_site(inc.created_at).strftime("%m-%d %H:%M") if inc.created_at else ""
        return ""

    def _sort_key(self, inc: Incident) -> tuple[Any, str]:
        """Total order: the column's typed value, then the id (unique)."""
        key = self.sort_column
        value: Any
        if key == "severity":
            value = labels.SEVERITY_RANK.get(inc.severity, -1)
        elif key == "countdown":  # the deadline orders rows exactly as the time left does
            value = inc.deadline or NO_DEADLINE
            if value.tzinfo is None:  # naive times are UTC; never compare naive with aware
                value = value.replace(tzinfo=UTC)
        elif key == "created":
            value = inc.created_at.timestamp() if inc.created_at else 0.0
        else:
            value = self._display(inc, key)
        return (value, str(inc.id))
