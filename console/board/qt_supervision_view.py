"""QtSupervisionView: overdue and supervised incidents of the subtree, for duty officers (督办)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.board import labels
from console.board.controller import BoardController
from console.board.model import COLUMN_KEYS, ID_ROLE, IncidentTableModel, is_overdue
from console.board.qt_dispatch_board import apply_column_widths
from console.board.refusals import refusal_text
from console.service_calls import ServiceCalls
from console.site_time import on_site
from dispatch.errors import DispatchError

logger = logging.getLogger(__name__)
NOTICES_SHOWN = 200  # the latest notices at this center


def needs_supervision(inc: Any, now: datetime) -> bool:
    """Overdue (flag or passed limit) or already under supervision."""
    return bool(inc.supervised) or is_overdue(inc, now)


class QtSupervisionView(QWidget):
    """Overdue + supervised incidents, the supervision notices, and a 督办 button."""

    def __init__(self, controller: BoardController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisionView")
        self.controller = controller
        self.model = IncidentTableModel(
            controller.collection,
            controller.org_name,
            controller.category_name,
            controller.clock,
            controller.in_org,
            parent=self,
        )
        self.model.filter.predicate = needs_supervision
        self.model.rebuild()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMN_KEYS.index("countdown"), Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        apply_column_widths(self.table)
        for key in ("channel", "created"):
            self.table.hideColumn(COLUMN_KEYS.index(key))
        self.summary = QLabel(self)
        self.supervise_button = QPushButton(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self._fetching = False
        self.calls = ServiceCalls("supervision", self)  # notices and 督办 off the Qt thread
        self.notices = QListWidget(self)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.supervise_button)
        split = QSplitter(Qt.Orientation.Horizontal, self)  # rows keep the dock's height
        split.addWidget(self.table)
        notices_box = QWidget(self)
        notices_layout = QVBoxLayout(notices_box)
        notices_layout.setContentsMargins(0, 0, 0, 0)
        self.notices_title = QLabel(self)
        notices_layout.addWidget(self.notices_title)
        notices_layout.addWidget(self.notices, 1)
        split.addWidget(notices_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self._tick = QTimer(self)
        self._tick.setInterval(15000)

        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.supervise_button.clicked.connect(self._on_supervise)
        self.model.rowsInserted.connect(self._on_rows)
        self.model.rowsRemoved.connect(self._on_rows)
        self.model.modelReset.connect(self._on_rows)
        controller.incident_updated.connect(self._on_incident_updated)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        self._retranslate()
        self._on_tick()

    def _retranslate(self) -> None:
        """Set the fixed texts in the current language."""
        self.supervise_button.setText(self.tr("Supervise (24 h)"))
        self.notices_title.setText(self.tr("Supervision notices at this center"))
        self._on_rows()

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate texts and cached cells when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.model.clear_text_cache()
        super().changeEvent(event)

    def stop(self) -> None:
        """Stop the refresh timer and detach its model from the board's incidents."""
        self._tick.stop()
        self.calls.stop()
        self.controller.collection.events.detach(self.model)

    def refresh_notices(self) -> None:
        """Reload the latest supervision notices raised at the user's center, on the worker
        (a database away must not freeze the console)."""
        if self._fetching:
            return
        self._fetching = True
        svc, center = self.controller.svc, self.controller.user.org_id
        self.calls.run(
            lambda: svc.notices(center, latest=NOTICES_SHOWN),
            self._show_notices,
            self._show_notices,
        )

    def _show_notices(self, result: Any) -> None:
        self._fetching = False
        if isinstance(result, DispatchError):
            self._say(refusal_text(result, self.controller.org_name))
            return
        self.notices.clear()
        for notice in result:
            self.notices.addItem(
                self.tr("%1  %2  %3 overdue")
                .replace("%1", on_site(notice.at).strftime("%m-%d %H:%M"))
                .replace("%2", notice.incident_id)
                .replace("%3", labels.label(labels.STEPS, notice.step))
            )

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_rows(self, *_args: Any) -> None:
        self.summary.setText(
            self.tr("%1 overdue or supervised incidents").replace("%1", str(self.model.rowCount()))
        )

    def _on_tick(self) -> None:
        self.model.refilter()
        self.refresh_notices()
        self._on_rows()

    def _on_incident_updated(self, _incident: Any) -> None:
        self._on_rows()

    def _on_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.controller.select(str(current.data(ID_ROLE)))

    def _on_supervise(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self._say(self.tr("Select an incident first."))
            return
        incident_id, c = str(index.data(ID_ROLE)), self.controller
        due = c.clock() + timedelta(hours=24)
        self.supervise_button.setEnabled(False)  # one at a time
        self.calls.run(
            c.act_call(incident_id, "supervise", deadline=due),
            self._supervised,
            self._supervise_refused,
        )

    def _supervised(self, incident: Any) -> None:
        self.supervise_button.setEnabled(True)
        self.controller.adopt(incident)
        self._say(self.tr("Supervision set: %1").replace("%1", incident.id))

    def _supervise_refused(self, exc: DispatchError) -> None:
        self.supervise_button.setEnabled(True)
        self._say(refusal_text(exc, self.controller.org_name))
