"""QtDispatchBoard: the live incident table with filters, countdowns and the new-incident alert."""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.board import labels
from console.board.alert_sound import AlertSound
from console.board.controller import BoardController
from console.board.model import COLUMN_KEYS, ID_ROLE
from console.board.qt_incident_table import IncidentTable

logger = logging.getLogger(__name__)

FLASH_SECONDS = 8.0


COLUMN_WIDTHS = {
    "id": 165,
    "title": 240,
    "severity": 92,
    "state": 140,
    "countdown": 100,
    "category": 110,
    "channel": 96,
    "center": 120,
    "grid": 130,
    "created": 90,
}


def apply_column_widths(table: QTableView) -> None:
    """Default column widths of incident tables (the title column stretches)."""
    for key, width in COLUMN_WIDTHS.items():
        table.setColumnWidth(COLUMN_KEYS.index(key), width)
    table.horizontalHeader().setSectionResizeMode(
        COLUMN_KEYS.index("title"), QHeaderView.ResizeMode.Stretch
    )


class QtDispatchBoard(QWidget):
    """Table of the incidents of the user's subtree, live from the change feed."""

    alerted = Signal(str)  # incident id of a new-incident alert (sound + flash)

    def __init__(self, controller: BoardController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dispatchBoard")
        self.controller = controller
        self.model = controller.model
        self.alerts = 0
        self._flash: dict[str, float] = {}
        self._syncing = False

        self.banner = QLabel(self)
        self.banner.setObjectName("boardAlert")
        self.banner.setVisible(False)
        self.banner.setStyleSheet(
            "QLabel#boardAlert { background: #b71c1c; color: white; padding: 4px 8px;"
            " font-weight: bold; border-radius: 3px; }"
        )
        # the change feed's state: shown while the database cannot be reached
        self.feed_warning = QLabel(self)
        self.feed_warning.setObjectName("feedWarning")
        self.feed_warning.setWordWrap(True)
        self.feed_warning.setVisible(False)
        self._feed_reason = ""  # the latest failure's, shown while the controller says down
        self.count_label = QLabel(self)
        self.state_combo = self._combo(labels.STATES)
        self.severity_combo = self._combo(labels.SEVERITIES)
        self.channel_combo = self._combo(labels.CHANNELS)
        self.category_combo = QComboBox(self)
        self.category_combo.addItem("", None)
        for cat in controller.categories():
            if not getattr(cat, "parent", None):
                self.category_combo.addItem(cat.code, cat.code)  # texts set by _retranslate
        self.org_combo = QComboBox(self)
        self.org_combo.addItem("", None)
        for org in controller.orgs():
            if org.level in ("city", "district", "township"):
                indent = {"city": "", "district": "  ", "township": "    "}[org.level]
                self.org_combo.addItem(indent + str(org.name), org.id)
        self.overdue_check = QCheckBox(self)
        self.sound = AlertSound(self)
        self.sound_check = QCheckBox(self)  # the alert sound switch (operators can mute it)
        self.sound_check.setChecked(True)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)

        self.table = IncidentTable(controller.follower.ui_lock, self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMN_KEYS.index("countdown"), Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)  # one line per incident; cheaper to paint
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        apply_column_widths(self.table)
        header.setSectionResizeMode(COLUMN_KEYS.index("title"), QHeaderView.ResizeMode.Stretch)

        filters = QHBoxLayout()
        for w in (
            self.state_combo,
            self.severity_combo,
            self.category_combo,
            self.channel_combo,
            self.org_combo,
            self.overdue_check,
        ):
            filters.addWidget(w)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.count_label)
        filters.addWidget(self.sound_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.feed_warning)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        # feed bursts reach the model in batches (FeedFollower.min_gap_s): one repaint each

        self.state_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.severity_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.category_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.channel_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.org_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.overdue_check.toggled.connect(self.model.set_overdue_only)
        self.sound_check.toggled.connect(self._on_sound_toggled)
        self.search.textChanged.connect(self.model.set_text)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.model.rowsInserted.connect(self._on_count_changed)
        self.model.rowsRemoved.connect(self._on_count_changed)
        self.model.modelReset.connect(self._on_model_reset)
        controller.current_changed.connect(self._on_current_changed)
        controller.incident_arrived.connect(self._on_incident_arrived)
        controller.feed_error.connect(self._on_feed_error)
        controller.feed_restored.connect(self._on_feed_restored)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        controller.model.set_flash_lookup(self._flash_color)
        self._retranslate()

    def _combo(self, table: dict[str, str]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem("", None)
        for code in table:
            combo.addItem(code, code)  # texts are set by _retranslate
        return combo

    def _retranslate(self) -> None:
        """Set every visible text in the current language."""
        for combo, table, any_text in (
            (self.state_combo, labels.STATES, self.tr("All states")),
            (self.severity_combo, labels.SEVERITIES, self.tr("All severities")),
            (self.channel_combo, labels.CHANNELS, self.tr("All channels")),
        ):
            combo.setItemText(0, any_text)
            for i in range(1, combo.count()):
                combo.setItemText(i, labels.label(table, str(combo.itemData(i))))
        self.category_combo.setItemText(0, self.tr("All categories"))
        for i in range(1, self.category_combo.count()):
            code = str(self.category_combo.itemData(i))
            self.category_combo.setItemText(i, self.controller.category_name(code))
        self.org_combo.setItemText(0, self.tr("All areas"))
        self.overdue_check.setText(self.tr("Overdue only"))
        self.sound_check.setText(self.tr("Alert sound"))
        self.sound_check.setToolTip(self.tr("Play a sound when a new incident arrives"))
        self.search.setPlaceholderText(self.tr("Search id, title, address"))
        self._on_count_changed()
        self._show_feed_state()

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate texts and cached cells when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.model.clear_text_cache()
        super().changeEvent(event)

    def select_incident(self, incident_id: str) -> bool:
        """Select and reveal an incident's row; False if it is not shown (filtered or absent)."""
        index = self.model.index_of(incident_id)
        if not index.isValid():
            return False
        self._syncing = True
        try:
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        finally:
            self._syncing = False
        return True

    def selected_id(self) -> str:
        """Id of the selected incident ("" if none)."""
        index = self.table.selectionModel().currentIndex()
        return str(index.data(ID_ROLE) or "") if index.isValid() else ""

    def stop(self) -> None:
        """Stop the timers (the controller stops the feed)."""
        self._tick.stop()

    def _flash_color(self, incident_id: str) -> QColor | None:
        until = self._flash.get(incident_id)
        if until is None:
            return None
        now = time.monotonic()
        if now > until:
            del self._flash[incident_id]
            return None
        return QColor("#7f1d1d") if int(now * 2) % 2 == 0 else QColor("#3b0d0d")

    def _on_filter_changed(self) -> None:
        self.model.set_filter("state", self.state_combo.currentData())
        self.model.set_filter("severity", self.severity_combo.currentData())
        self.model.set_filter("category", self.category_combo.currentData())
        self.model.set_filter("channel", self.channel_combo.currentData())
        self.model.set_filter("org", self.org_combo.currentData())

    def _on_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        self.controller.select(str(current.data(ID_ROLE) or "") if current.isValid() else "")

    def _on_current_changed(self, incident_id: str) -> None:
        if incident_id and incident_id != self.selected_id():
            self.select_incident(incident_id)

    def _on_model_reset(self) -> None:
        self._on_count_changed()
        if self.controller.current_id:  # a new sort or filter keeps the current incident
            self.select_incident(self.controller.current_id)

    def _on_sound_toggled(self, on: bool) -> None:
        self.sound.enabled = on

    def _on_count_changed(self, *_args: Any) -> None:
        self.count_label.setText(
            self.tr("%1 of %2 incidents")
            .replace("%1", str(self.model.rowCount()))
            .replace("%2", str(len(self.controller.collection)))
        )

    def _on_incident_arrived(self, incident: Any) -> None:
        self.alerts += 1
        self._flash[incident.id] = time.monotonic() + FLASH_SECONDS
        self.banner.setText(
            self.tr("New incident: %1 · %2 · %3")
            .replace("%1", labels.label(labels.SEVERITIES, incident.severity))
            .replace("%2", str(incident.title))
            .replace("%3", self.controller.org_name(incident.grid_id))
        )
        self.banner.setVisible(True)
        self.sound.play()
        self.alerted.emit(incident.id)

    def _on_feed_error(self, reason: str) -> None:
        self._feed_reason = reason
        self._show_feed_state()

    def _on_feed_restored(self) -> None:
        self._show_feed_state()

    def _show_feed_state(self) -> None:
        since = self.controller.feed_down_since
        if since is None:
            self.feed_warning.setVisible(False)
            return
        self.feed_warning.setText(
            self.tr(
                "Dispatch database unreachable since %1: this board is not updating and may be"
                " out of date. Retrying by itself; if this lasts, have the database server and"
                " the network checked. (%2)"
            )
            .replace("%1", since.strftime("%H:%M:%S"))
            .replace("%2", self._feed_reason)
        )
        self.feed_warning.setVisible(True)

    def _on_tick(self) -> None:
        """Once a second: repaint the countdown column and flashing rows, not the whole table."""
        if self.banner.isVisible() and not self._flash:
            self.banner.setVisible(False)
        viewport = self.table.viewport()
        column = COLUMN_KEYS.index("countdown")
        x = self.table.columnViewportPosition(column)
        if x >= 0:
            viewport.update(QRect(x, 0, self.table.columnWidth(column), viewport.height()))
        now = time.monotonic()
        for incident_id, until in list(self._flash.items()):
            row = self.model.row_of(incident_id)
            if row is not None:  # blinking, or one last paint without the flash colour
                y, height = self.table.rowViewportPosition(row), self.table.rowHeight(row)
                if -height < y < viewport.height():
                    viewport.update(QRect(0, y, viewport.width(), height))
            if now > until:
                del self._flash[incident_id]
