"""QtNewIncidentForm: register a walk-in visit (群众来访) or a 12345 hotline call."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.board import labels
from console.board.controller import BoardController
from console.board.qt_hierarchy_picker import QtHierarchyPicker
from console.board.refusals import refusal_text
from console.service_calls import ServiceCalls
from dispatch.errors import DispatchError

logger = logging.getLogger(__name__)

FORM_CHANNELS = ("walk_in", "hotline_12345")


class QtNewIncidentForm(QWidget):
    """Channel, caller, category, severity, title, description and the grid (tree or map)."""

    submitted = Signal(object)  # the new Incident

    def __init__(self, controller: BoardController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newIncidentForm")
        self.controller = controller
        self.calls = ServiceCalls("incident-form", self)  # registrations off the Qt thread
        self.channel = QComboBox(self)
        for code in FORM_CHANNELS:
            self.channel.addItem(labels.label(labels.CHANNELS, code), code)
        self.caller = QLineEdit(self)
        self.category = QComboBox(self)
        self._category_indent: dict[str, str] = {}
        for cat in controller.categories():
            self._category_indent[cat.code] = "    " if getattr(cat, "parent", None) else ""
            self.category.addItem(cat.code, cat.code)  # texts set by _retranslate
        self.severity = QComboBox(self)
        for code in labels.SEVERITIES:
            self.severity.addItem(labels.label(labels.SEVERITIES, code), code)
        self.urgent = QCheckBox(self)
        self.title = QLineEdit(self)
        self.description = QPlainTextEdit(self)
        self.description.setMaximumHeight(90)
        self.address = QLineEdit(self)
        self.grid_picker = QtHierarchyPicker(controller, grids=True, departments=False, parent=self)
        self.grid_picker.setMinimumHeight(160)
        self.grid_label = QLabel(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.submit_button = QPushButton(self)
        self.submit_button.setDefault(True)
        self.grid_id = ""

        form = QFormLayout()
        self.form = form
        form.addRow(QLabel(self), self.channel)  # label texts set by _retranslate
        form.addRow(QLabel(self), self.caller)
        row = QHBoxLayout()
        row.addWidget(self.category, 2)
        row.addWidget(self.severity, 1)
        row.addWidget(self.urgent)
        self.category_label = QLabel(self)
        form.addRow(self.category_label, row)
        for widget in (self.title, self.description, self.address, self.grid_picker):
            form.addRow(QLabel(self), widget)
        form.addRow("", self.grid_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.submit_button)

        self.grid_picker.picked.connect(self._on_grid_picked)
        self.submit_button.clicked.connect(self.submit)
        self._retranslate()

    def _retranslate(self) -> None:
        """Set the fixed texts in the current language."""
        self.setWindowTitle(self.tr("New incident"))
        self.caller.setPlaceholderText(self.tr("Name and phone of the visitor or caller"))
        self.urgent.setText(self.tr("Urgent"))
        self.title.setPlaceholderText(self.tr("Short title"))
        self.description.setPlaceholderText(self.tr("What happened, where, who is involved"))
        self.submit_button.setText(self.tr("Register incident"))
        self.category_label.setText(self.tr("Category"))
        for widget, text in (
            (self.channel, self.tr("Channel")),
            (self.caller, self.tr("Caller / visitor")),
            (self.title, self.tr("Title")),
            (self.description, self.tr("Description")),
            (self.address, self.tr("Address")),
            (self.grid_picker, self.tr("Grid")),
        ):
            label = self.form.labelForField(widget)
            if isinstance(label, QLabel):
                label.setText(text)
        for i in range(self.channel.count()):
            self.channel.setItemText(i, labels.label(labels.CHANNELS, self.channel.itemData(i)))
        for i in range(self.category.count()):
            code = str(self.category.itemData(i))
            name = self.controller.category_name(code)
            self.category.setItemText(i, self._category_indent.get(code, "") + name)
        for i in range(self.severity.count()):
            self.severity.setItemText(i, labels.label(labels.SEVERITIES, self.severity.itemData(i)))
        self._on_grid_picked(self.grid_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        """End the worker with the form (a registration under way still completes)."""
        self.calls.stop()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def set_grid(self, grid_id: str) -> None:
        """Take the grid picked on the map (connect ``QtMapView.grid_clicked`` here)."""
        self.grid_picker.set_selected(grid_id)
        self._on_grid_picked(grid_id)

    def submit(self) -> bool:
        """Register the incident through the service on a worker thread; False (and the
        reason shown) when the form is incomplete. ``submitted(incident)`` follows once the
        service registered it; a refusal is shown in the form."""
        title = self.title.text().strip()
        if not title:
            self._error(self.tr("Enter a title."))
            return False
        if not self.grid_id:
            self._error(self.tr("Pick the grid where it happened."))
            return False
        caller = self.caller.text().strip()
        description = self.description.toPlainText().strip()
        if caller:
            description = f"{self.tr('Caller / visitor')}: {caller}\n{description}".strip()
        call = self.controller.report_call(
            self.grid_id,
            str(self.category.currentData()),
            str(self.severity.currentData()),
            title,
            description=description,
            channel=str(self.channel.currentData()),
            urgent=self.urgent.isChecked(),
            address=self.address.text().strip(),
        )
        self.submit_button.setEnabled(False)  # one registration at a time
        self.message.setText("")
        self.calls.run(
            call,
            self._registered,
            self._refused,
        )
        return True

    def _refused(self, exc: DispatchError) -> None:
        self.submit_button.setEnabled(True)
        self._error(refusal_text(exc, self.controller.org_name))

    def _registered(self, incident: Any) -> None:
        self.submit_button.setEnabled(True)
        self.controller.adopt(incident)
        self.message.setStyleSheet("color: #69f0ae;")
        self.message.setText(self.tr("Registered %1").replace("%1", str(incident.id)))
        self.title.clear()
        self.description.clear()
        self.caller.clear()
        self.controller.select(incident.id)
        self.submitted.emit(incident)

    def _error(self, text: str) -> None:
        self.message.setStyleSheet("color: #ff5252;")
        self.message.setText(text)

    def _on_grid_picked(self, org_id: str) -> None:
        if not org_id:
            self.grid_label.setText(self.tr("No grid picked: choose one in the tree or on the map"))
            return
        org = self.controller.org(org_id)
        if org is None or org.level != "grid":
            self.grid_id = ""
            self.grid_label.setText(self.tr("Pick a grid (the lowest level), not a center."))
            return
        self.grid_id = org_id
        self.grid_label.setText(self.tr("Grid: %1").replace("%1", str(org.name)))
