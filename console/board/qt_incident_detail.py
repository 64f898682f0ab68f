"""QtIncidentDetail: one incident's fields, history timeline, evidence, cameras and actions.

Action buttons are enabled from ``svc.allowed_actions`` for this user, but the service still
decides: every refusal (permission, transition, conflict, missing reason …) is shown in the
message bar in one line, never as a traceback.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.board import labels
from console.board.controller import BoardController
from console.board.evidence_strip import fill_evidence
from console.board.filters import countdown_color, seconds_left
from console.board.qt_hierarchy_picker import QtHierarchyPicker
from console.board.refusals import refusal_text
from console.service_calls import ServiceCalls
from console.site_time import editor_time, from_editor, on_site, site_now
from dispatch.errors import DispatchError, StoreError

logger = logging.getLogger(__name__)

FIELD_KEYS = (
    "id",
    "category",
    "channel",
    "grid",
    "center",
    "assignee",
    "reporter",
    "address",
    "created",
    "deadline",
    "description",
)
ACTION_ORDER = tuple(a for a in labels.ACTIONS if a not in labels.HISTORY_ONLY)
THUMB = 96


class QtIncidentDetail(QWidget):
    """Details and actions of the controller's current incident (main thread)."""

    cameras_requested = Signal(str)  # incident id: put its cameras on the wall
    acted = Signal(str, str)  # incident id, action, after the service accepted it

    def __init__(
        self, controller: BoardController, linkage: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDetail")
        self.controller = controller
        self.linkage = linkage
        self.incident: Any = None
        self.allowed: list[str] = []
        # reads and actions run on this worker, so a slow or unreachable database never
        # freezes the console; _wanted is the incident the latest show_incident asked for
        self.calls = ServiceCalls("incident-detail", self)
        self._wanted = ""

        self.title = QLabel(self)
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.badge = QLabel(self)
        self.countdown = QLabel(self)
        self.message = QLabel(self)
        self.message.setObjectName("detailMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        self.fields: dict[str, QLabel] = {}
        self.form = form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key in FIELD_KEYS:
            value = QLabel(self)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(key, value)

        self.cameras_label = QLabel(self)
        self.cameras_label.setWordWrap(True)
        self.cameras_button = QPushButton(self)
        self.evidence = QHBoxLayout()
        self.evidence.setAlignment(Qt.AlignmentFlag.AlignLeft)
        evidence_box = QWidget(self)
        evidence_box.setLayout(self.evidence)

        self.history = QTreeWidget(self)
        self.history.setRootIsDecorated(False)
        self.history.setColumnWidth(0, 110)
        self.history.setColumnWidth(1, 70)
        self.history.setColumnWidth(2, 130)
        self.history.setColumnWidth(3, 190)

        self.buttons: dict[str, QPushButton] = {}
        self.button_grid = QGridLayout()
        for action in ACTION_ORDER:
            button = QPushButton(self)
            button.setObjectName(f"action_{action}")
            button.setEnabled(False)
            button.setVisible(False)
            self.buttons[action] = button
        self.no_actions = QLabel(self)
        self.no_actions.setStyleSheet("color: #8aa4b8;")
        self.picker = QtHierarchyPicker(controller, parent=self)
        self.picker.setMinimumHeight(140)
        self.reason = QLineEdit(self)
        self.rating = QSpinBox(self)
        self.rating.setRange(1, 5)
        self.rating.setValue(5)
        self.rating.setPrefix("★ ")
        self.deadline = QDateTimeEdit(self)
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd HH:mm")
        tomorrow = editor_time(site_now() + timedelta(days=1))  # fields as read on site
        self.deadline.setDateTime(
            QDateTime(
                QDate(tomorrow.year, tomorrow.month, tomorrow.day),
                QTime(tomorrow.hour, tomorrow.minute),
            )
        )
        self.params = params = QFormLayout()
        for widget in (self.picker, self.reason, self.rating, self.deadline):
            params.addRow(QLabel(self), widget)  # texts set by _retranslate
        self.actions_box = actions_box = QGroupBox(self)
        actions_layout = QVBoxLayout(actions_box)
        actions_layout.addWidget(self.no_actions)
        actions_layout.addLayout(self.button_grid)
        actions_layout.addLayout(params)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        # the title on its own line: beside the badge and countdown a narrow dock left it
        # a few pixels and wrapped it one character per line
        top_layout.addWidget(self.title)
        head = QHBoxLayout()
        head.addWidget(self.badge)
        head.addStretch(1)
        head.addWidget(self.countdown)
        top_layout.addLayout(head)
        top_layout.addWidget(self.message)
        top_layout.addLayout(form)
        cams = QHBoxLayout()
        cams.addWidget(self.cameras_label, 1)
        cams.addWidget(self.cameras_button)
        top_layout.addLayout(cams)
        top_layout.addWidget(evidence_box)
        top_layout.addWidget(actions_box)
        top_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(top)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(scroll)
        split.addWidget(self.history)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)

        for action, button in self.buttons.items():
            button.setProperty("action", action)
            # a bound method, not a lambda over self: Qt would hold the lambda and with it
            # the pane, which then outlived its last reference
            button.clicked.connect(self._on_action_button)
        self.cameras_button.clicked.connect(self._on_cameras)
        controller.current_changed.connect(self._on_current_changed)
        controller.incident_updated.connect(self._on_incident_updated)
        controller.feed_restored.connect(self._on_feed_restored)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        self._retranslate()
        self.show_incident(controller.current_id)

    def _retranslate(self) -> None:
        """Set every fixed text in the current language, then refresh the shown incident."""
        names = {
            "id": self.tr("ID"),
            "category": self.tr("Category"),
            "channel": self.tr("Channel"),
            "grid": self.tr("Grid"),
            "center": self.tr("Owning center"),
            "assignee": self.tr("Assignee"),
            "reporter": self.tr("Reporter"),
            "address": self.tr("Address"),
            "created": self.tr("Reported at"),
            "deadline": self.tr("Time limit"),
            "description": self.tr("Description"),
        }
        for key, value in self.fields.items():
            label = self.form.labelForField(value)
            if isinstance(label, QLabel):
                label.setText(names[key])
        for widget, text in (
            (self.picker, self.tr("Dispatch to")),
            (self.reason, self.tr("Reason")),
            (self.rating, self.tr("Rating")),
            (self.deadline, self.tr("New deadline")),
        ):
            label = self.params.labelForField(widget)
            if isinstance(label, QLabel):
                label.setText(text)
        self.cameras_button.setText(self.tr("Show cameras on wall"))
        self.history.setHeaderLabels(
            [self.tr("Time"), self.tr("Action"), self.tr("By"), self.tr("State"), self.tr("Note")]
        )
        for action, button in self.buttons.items():
            button.setText(labels.label(labels.ACTIONS, action))
        self.no_actions.setText(self.tr("No action is open to you at this stage."))
        self.reason.setPlaceholderText(
            self.tr("Reason (needed to reject, return, rework, escalate, suspend)")
        )
        self.actions_box.setTitle(self.tr("Actions"))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self.incident is not None:
                self.show_incident(self.incident.id)
            else:
                self._clear()
        super().changeEvent(event)

    # public --------------------------------------------------------------------------------
    def show_incident(self, incident_id: str) -> None:
        """Load one incident fresh from the service (on the worker) and show it; "" clears."""
        self.message.setVisible(False)
        self._wanted = incident_id
        if not incident_id:
            self._clear()
            return
        c = self.controller

        def load() -> tuple[Any, list[Any], list[str]]:
            incident, history = c.get(incident_id), c.history(incident_id)
            for entry in history:
                c.user_name(entry.actor)  # names cached here, not read on the Qt thread
            return incident, history, c.allowed_actions(incident_id)

        self.calls.run(
            load,
            lambda loaded: self._loaded(incident_id, loaded),
            lambda exc: self._load_failed(incident_id, exc),
        )

    def idle(self) -> bool:
        """No read or action is under way (what is shown is what the service said last)."""
        return self.calls.pending == 0

    def _loaded(self, incident_id: str, loaded: tuple[Any, list[Any], list[str]]) -> None:
        if incident_id != self._wanted:
            return  # another incident was asked for meanwhile
        incident, history, self.allowed = loaded
        self.incident = incident
        self._fill(incident, history)

    def _load_failed(self, incident_id: str, exc: DispatchError) -> None:
        if incident_id != self._wanted:
            return
        shown = self.incident is not None and self.incident.id == incident_id
        if shown and isinstance(exc, StoreError):
            self._layout_actions()  # the database away: the last state read stays, to retry
        else:
            self._clear()
        self.show_message(refusal_text(exc, self.controller.org_name), error=True)

    def show_message(self, text: str, error: bool) -> None:
        """One line in the message bar: red for a refusal, green for success."""
        color = "#b71c1c" if error else "#1b5e20"
        self.message.setStyleSheet(f"background: {color}; color: white; padding: 4px;")
        self.message.setText(text)
        self.message.setVisible(True)

    def stop(self) -> None:
        """Stop the countdown timer and the worker."""
        self._tick.stop()
        self.calls.stop()

    # filling -------------------------------------------------------------------------------
    def _clear(self) -> None:
        self.incident = None
        self.allowed = []
        self.title.setText(self.tr("No incident selected"))
        self.badge.clear()
        self.countdown.clear()
        for value in self.fields.values():
            value.clear()
        self.cameras_label.clear()
        self.cameras_button.setEnabled(False)
        self.history.clear()
        self._set_evidence(())
        self._layout_actions()

    def _fill(self, inc: Any, history: list[Any]) -> None:
        c = self.controller
        self.title.setText(("⚡ " if inc.urgent else "") + str(inc.title))
        color = labels.severity_color(inc.severity).name()
        self.badge.setText(
            f"{labels.label(labels.SEVERITIES, inc.severity)} · "
            f"{labels.label(labels.STATES, inc.state)}"
            + (" · " + self.tr("supervised") if inc.supervised else "")
        )
        self.badge.setStyleSheet(
            f"background: {color}; color: white; padding: 2px 6px; border-radius: 3px;"
        )
        assignee = c.org_name(inc.assignee_id) if inc.assignee_id else "—"
        if inc.co_handlers:
            assignee += " + " + ", ".join(c.org_name(x) for x in inc.co_handlers)
        values = {
            "id": str(inc.id),
            "category": c.category_name(inc.category),
            "channel": labels.label(labels.CHANNELS, inc.channel),
            "grid": c.org_name(inc.grid_id),
            "center": c.org_name(inc.center_id),
            "assignee": assignee,
            "reporter": c.user_name(str(inc.reporter)),
            "address": str(inc.address or "—"),
            "created": on_site(inc.created_at).strftime("%Y-%m-%d %H:%M"),
            "deadline": on_site(inc.deadline).strftime("%Y-%m-%d %H:%M") if inc.deadline else "—",
            "description": str(inc.description or "—"),
        }
        for key, text in values.items():
            self.fields[key].setText(text)
        cams = list(inc.cameras)
        self.cameras_label.setText(
            self.tr("Linked cameras: %1").replace("%1", ", ".join(cams) if cams else "—")
        )
        self.cameras_button.setEnabled(True)
        self._set_evidence(inc.attachments)
        self.history.clear()
        for entry in history:
            row = QTreeWidgetItem(
                [
                    on_site(entry.at).strftime("%m-%d %H:%M:%S"),
                    labels.label(labels.ACTIONS, entry.action) or str(entry.action),
                    self.controller.user_name(entry.actor),
                    f"{labels.label(labels.STATES, entry.from_state) or '·'} → "
                    f"{labels.label(labels.STATES, entry.to_state)}",
                    str(entry.reason or ""),
                ]
            )
            self.history.addTopLevelItem(row)
        self._layout_actions()
        self._on_tick()

    def _layout_actions(self) -> None:
        """Show only the actions open to this user, four to a row, and the inputs they need."""
        for button in self.buttons.values():
            self.button_grid.removeWidget(button)
        n = 0
        for action, button in self.buttons.items():
            on = action in self.allowed
            button.setEnabled(on)
            button.setVisible(on)
            if on:
                self.button_grid.addWidget(button, n // 4, n % 4)
                n += 1
        self.no_actions.setVisible(n == 0 and self.incident is not None)
        allowed = set(self.allowed)
        self.params.setRowVisible(self.picker, bool(allowed & labels.TARGET_ACTIONS))
        self.params.setRowVisible(self.reason, bool(allowed & labels.REASON_ACTIONS))
        self.params.setRowVisible(self.rating, bool(allowed & labels.RATING_ACTIONS))
        self.params.setRowVisible(self.deadline, bool(allowed & labels.DEADLINE_ACTIONS))

    def _set_evidence(self, attachments: Any) -> None:
        fill_evidence(self.evidence, attachments, THUMB)

    # handlers ------------------------------------------------------------------------------
    def _on_current_changed(self, incident_id: str) -> None:
        self.show_incident(incident_id)

    def _on_incident_updated(self, incident: Any) -> None:
        if self.incident is not None and incident.id == self.incident.id:
            shown = not self.message.isHidden()  # isVisible is False in a hidden tab
            text, style = self.message.text(), self.message.styleSheet()
            self.show_incident(incident.id)
            if shown:  # keep the last outcome visible across the refresh
                self.message.setText(text)
                self.message.setStyleSheet(style)
                self.message.setVisible(True)

    def _on_action_button(self) -> None:
        button = self.sender()
        action = button.property("action") if button is not None else None
        if isinstance(action, str):
            self._on_action(action)

    def _on_action(self, action: str) -> None:
        if self.incident is None:
            return
        kwargs: dict[str, Any] = {"expect_version": self.incident.version}
        if action in labels.TARGET_ACTIONS:
            target = self.picker.selected_id()
            if not target:
                self.show_message(self.tr("Pick a target in the tree first."), error=True)
                return
            kwargs["to"] = target
        if action in labels.REASON_ACTIONS:
            kwargs["reason"] = self.reason.text().strip() or None
        if action in labels.RATING_ACTIONS:
            kwargs["rating"] = self.rating.value()
        if action in labels.DEADLINE_ACTIONS:
            shown = self.deadline.dateTime()
            day, hm = shown.date(), shown.time()
            kwargs["deadline"] = from_editor(
                datetime(day.year(), day.month(), day.day(), hm.hour(), hm.minute())
            )
        incident_id = self.incident.id
        for button in self.buttons.values():
            button.setEnabled(False)  # one action at a time, no double submit
        self.calls.run(
            self.controller.act_call(incident_id, action, **kwargs),
            lambda incident: self._acted(incident, action),
            lambda exc: self._refused(incident_id, action, exc),
        )

    def _acted(self, incident: Any, action: str) -> None:
        self.controller.adopt(incident)  # the board row follows without waiting for the feed
        self.reason.clear()
        self.show_incident(incident.id)
        self.show_message(
            self.tr("Done: %1").replace("%1", labels.label(labels.ACTIONS, action)), error=False
        )
        self.acted.emit(incident.id, action)

    def _refused(self, incident_id: str, action: str, exc: DispatchError) -> None:
        logger.info("%s: %s refused: %s", incident_id, action, exc)
        self.show_incident(incident_id)  # the latest state, then why it was refused
        self.show_message(refusal_text(exc, self.controller.org_name), error=True)

    def _on_feed_restored(self) -> None:
        if self.incident is not None:  # read what changed while the database was away
            self.show_incident(self.incident.id)

    def _on_cameras(self) -> None:
        if self.incident is None:
            return
        self.cameras_requested.emit(self.incident.id)
        if self.linkage is not None:
            self.linkage.show_incident_cameras(self.incident.id, self.incident)

    def _on_tick(self) -> None:
        inc = self.incident
        if inc is None:
            return
        left = seconds_left(inc.deadline, self.controller.clock())
        if left is None:
            self.countdown.clear()
            return
        color = countdown_color(left, inc.overdue)
        text = self.tr("Time left %1") if left >= 0 else self.tr("Overdue by %1")
        self.countdown.setText(text.replace("%1", labels.format_countdown(abs(left))))
        self.countdown.setStyleSheet(
            f"color: {color.name()}; font-weight: bold;" if color else "font-weight: bold;"
        )
