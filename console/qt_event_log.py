"""Event log dock: a capped table of console events (camera states, alarms, snapshots)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from console.qt_header import translated_header
from console.site_time import site_now

logger = logging.getLogger(__name__)

MAX_EVENTS = 1000
SOURCE_SAMPLE = "红旗西社区第10网格-10"  # a long camera name, for the source column's width
LEVEL_COLOURS = {"info": "#d7e3f4", "warning": "#ffd43b", "alarm": "#ff8787"}

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class LogEvent:
    """One line of the event log."""

    at: datetime
    source: str
    text: str
    level: str = "info"  # info | warning | alarm


class EventLogModel(QAbstractTableModel):
    """Newest first, at most ``MAX_EVENTS`` rows; rows are inserted/removed, never reset."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("EventLogModel", "Time"),
        QT_TRANSLATE_NOOP("EventLogModel", "Source"),
        QT_TRANSLATE_NOOP("EventLogModel", "Event"),
    )

    def __init__(self, parent: QObject | None = None, limit: int = MAX_EVENTS) -> None:
        super().__init__(parent)
        self._events: list[LogEvent] = []
        self._limit = limit

    def add(self, event: LogEvent) -> None:
        """Insert an event at the top; drop the oldest beyond the limit."""
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._events.insert(0, event)
        self.endInsertRows()
        if len(self._events) > self._limit:
            last = len(self._events) - 1
            self.beginRemoveRows(QModelIndex(), self._limit, last)
            del self._events[self._limit :]
            self.endRemoveRows()

    def events(self) -> list[LogEvent]:
        """The events, newest first."""
        return list(self._events)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Rows (0 under any item: flat table)."""
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Three columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Time, source, text; colour by level."""
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        event = self._events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (event.at.strftime("%H:%M:%S"), event.source, event.text)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(LEVEL_COLOURS.get(event.level, "#d7e3f4"))
        if role == Qt.ItemDataRole.ToolTipRole:  # the date, and a source too long to show
            when = event.at.isoformat(sep=" ", timespec="seconds")
            return f"{when}  {event.source}" if index.column() == 1 else when
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Translated column titles."""
        return translated_header("EventLogModel", self.COLUMNS, section, orientation, role)


class QtEventLog(QWidget):
    """The event log view; call :meth:`log` from the Qt thread."""

    def __init__(self, model: EventLogModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._view = QTableView()
        self._view.setModel(model)
        self._view.verticalHeader().hide()
        self._view.setAlternatingRowColors(True)
        self._view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self._view.setShowGrid(False)
        header = self._view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # sources are cameras too: wide enough for a grid camera's name, whatever the first
        # rows were (a column sized to its contents does not grow with rows added on top)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance(SOURCE_SAMPLE) + 24)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._view)

    def log(self, source: str, text: str, level: str = "info") -> None:
        """Add an event now."""
        self._model.add(LogEvent(site_now(), source, text, level))

    def model(self) -> EventLogModel:
        """The log's model."""
        return self._model

    def changeEvent(self, event: QEvent) -> None:
        """Header titles follow the language."""
        if event.type() == QEvent.Type.LanguageChange:
            self._model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        super().changeEvent(event)
