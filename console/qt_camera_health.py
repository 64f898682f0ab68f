"""Camera health list (maintenance role): state, fps, bitrate and reconnects per camera,
filterable by org."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.camera_catalog import CameraCatalog
from console.frames import TileStatus
from console.qt_header import translated_header
from console.site_time import from_epoch, site_now
from console.table_export import table_rows, write_csv

logger = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
STATE_COLOURS = {
    "live": "#69db7c",
    "answers": "#b2f2bb",
    "stale": "#ffd43b",
    "lost": "#ff8787",
    "error": "#ff8787",
}
STATE_NAMES = {
    "live": QT_TRANSLATE_NOOP("CameraHealthModel", "Live"),
    "answers": QT_TRANSLATE_NOOP("CameraHealthModel", "Answered, not measured"),
    "connecting": QT_TRANSLATE_NOOP("CameraHealthModel", "Connecting"),
    "reconnecting": QT_TRANSLATE_NOOP("CameraHealthModel", "Reconnecting"),
    "stale": QT_TRANSLATE_NOOP("CameraHealthModel", "Stale"),
    "lost": QT_TRANSLATE_NOOP("CameraHealthModel", "Lost"),
    "error": QT_TRANSLATE_NOOP("CameraHealthModel", "Error"),
    "": QT_TRANSLATE_NOOP("CameraHealthModel", "Not checked yet"),
}
# the State column sorts worst first (ascending): what maintenance staff look for
STATE_RANK = {
    "error": 0,
    "lost": 1,
    "stale": 2,
    "reconnecting": 3,
    "connecting": 4,
    "answers": 5,
    "live": 6,
}
ALARM_NAMES = {
    "followed": QT_TRANSLATE_NOOP("CameraHealthModel", "Followed"),
    "retrying": QT_TRANSLATE_NOOP("CameraHealthModel", "Not followed"),
    "subscribing": QT_TRANSLATE_NOOP("CameraHealthModel", "Subscribing"),
}
ALARM_COLOURS = {"followed": "#69db7c", "retrying": "#ff8787"}
ALARM_RANK = {"retrying": 0, "subscribing": 1, "followed": 2}  # worst first, no ONVIF last
ALARMS = 6  # the column of the video-alarm subscription
SORT_ROLE = Qt.ItemDataRole.UserRole  # numbers as numbers: "1200" sorts after "618"
SUMMARY_DELAY_MS = 300  # the summary is recounted at most this often


class CameraHealthModel(QAbstractTableModel):
    """One row per catalog camera; :meth:`update` emits dataChanged for that row only."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("CameraHealthModel", "Camera"),
        QT_TRANSLATE_NOOP("CameraHealthModel", "Org"),
        QT_TRANSLATE_NOOP("CameraHealthModel", "State"),
        QT_TRANSLATE_NOOP("CameraHealthModel", "FPS"),
        QT_TRANSLATE_NOOP("CameraHealthModel", "kbit/s"),
        QT_TRANSLATE_NOOP("CameraHealthModel", "Reconnects"),
        QT_TRANSLATE_NOOP("CameraHealthModel", "Video alarms"),
    )

    def __init__(
        self,
        catalog: CameraCatalog,
        org_name: Callable[[str | None], str],
        org_path: Callable[[str | None], str],
        parent: QObject | None = None,
        alarm_state: Callable[[str], tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        # (state, last error) of a camera's video-alarm subscription; ("", "") for none
        self._alarm_state = alarm_state or (lambda _camera_id: ("", ""))
        self._cameras = catalog.all()
        self._row = {c.id: i for i, c in enumerate(self._cameras)}
        self._status: dict[str, TileStatus] = {}
        self._checked_at: dict[str, float] = {}  # cameras last seen by the patrol, not the wall
        self._org_name = org_name
        self._org_path = org_path

    def update(self, camera_id: str, status: TileStatus, checked_at: float | None = None) -> None:
        """New stream status for a camera: from its wall tile, or from the health patrol's
        check at ``checked_at`` (wall-clock seconds)."""
        row = self._row.get(camera_id)
        if row is None:
            return
        if self._status.get(camera_id) == status and self._checked_at.get(camera_id) == checked_at:
            return
        self._status[camera_id] = status
        if checked_at is None:
            self._checked_at.pop(camera_id, None)
        else:
            self._checked_at[camera_id] = checked_at
        self.dataChanged.emit(self.index(row, 2), self.index(row, ALARMS - 1))

    def refresh_alarms(self) -> None:
        """The video-alarm column changed (one signal for the column, not one per row)."""
        if self._cameras:
            self.dataChanged.emit(self.index(0, ALARMS), self.index(len(self._cameras) - 1, ALARMS))

    def camera_id(self, row: int) -> str:
        """Camera id of a row."""
        return self._cameras[row].id

    def org_path(self, row: int) -> str:
        """Org path (``city/district/…/grid``) of a row's camera."""
        return self._org_path(self._cameras[row].grid_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per camera."""
        return 0 if parent.isValid() else len(self._cameras)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Seven columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cells; state coloured."""
        if not index.isValid() or not 0 <= index.row() < len(self._cameras):
            return None
        camera = self._cameras[index.row()]
        status = self._status.get(camera.id)
        col = index.column()
        if col == ALARMS:
            return self._alarm_data(camera.id, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return camera.name
            if col == 1:
                return self._org_name(camera.grid_id)
            if col == 2:
                state = status.state if status else ""
                return QCoreApplication.translate(
                    "CameraHealthModel", str(STATE_NAMES.get(state, state))
                )
            if status is None:
                return "—"
            if status.state == "answers" and col < 5:  # answered the roll-call, not measured
                return "—"
            return (f"{status.fps:.1f}", f"{status.bitrate_kbps:.0f}", str(status.reconnects))[
                col - 3
            ]
        if role == SORT_ROLE:
            return self._sort_key(camera.name, camera.grid_id, status, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and status:
            return QColor(STATE_COLOURS.get(status.state, "#d7e3f4"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and status:
            return self._tooltip(camera.id, status)
        return None

    def _alarm_data(self, camera_id: str, role: int) -> Any:
        state, error = self._alarm_state(camera_id)
        if role == Qt.ItemDataRole.DisplayRole:
            name = ALARM_NAMES.get(state)
            return QCoreApplication.translate("CameraHealthModel", str(name)) if name else "—"
        if role == SORT_ROLE:
            return ALARM_RANK.get(state, len(ALARM_RANK))
        if role == Qt.ItemDataRole.ForegroundRole and state in ALARM_COLOURS:
            return QColor(ALARM_COLOURS[state])
        if role == Qt.ItemDataRole.ToolTipRole and error:
            return error
        return None

    def _tooltip(self, camera_id: str, status: TileStatus) -> str | None:
        checked_at = self._checked_at.get(camera_id)
        lines = [status.detail] if status.detail else []
        if status.state == "answers":
            lines.append(
                QCoreApplication.translate(
                    "CameraHealthModel",
                    "Its stream answered the roll-call; fps and bitrate come with its patrol check",
                )
            )
        if checked_at is not None:
            when = from_epoch(checked_at).strftime("%H:%M:%S")
            lines.insert(
                0,
                QCoreApplication.translate(
                    "CameraHealthModel", "Checked at %1 (not on the wall)"
                ).replace("%1", when),
            )
        return "\n".join(lines) or None

    def alarms_of(self, row: int) -> str:
        """The video-alarm subscription state of a row's camera ("" when it has none)."""
        return self._alarm_state(self._cameras[row].id)[0]

    def status(self, camera_id: str) -> TileStatus | None:
        """The last status reported for a camera (None before any)."""
        return self._status.get(camera_id)

    def state_of(self, row: int) -> str:
        """The stream state of a row's camera ("" before any report)."""
        status = self._status.get(self._cameras[row].id)
        return status.state if status else ""

    def _sort_key(self, name: str, grid_id: str | None, status: TileStatus | None, col: int) -> Any:
        if col == 0:
            return name
        if col == 1:
            return self._org_name(grid_id)
        if status is None:  # cameras not checked yet sort after every other
            return len(STATE_RANK) if col == 2 else -1.0
        if col == 2:
            return STATE_RANK.get(status.state, len(STATE_RANK))
        return (status.fps, status.bitrate_kbps, float(status.reconnects))[col - 3]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Translated column titles."""
        return translated_header("CameraHealthModel", self.COLUMNS, section, orientation, role)


class CameraHealthFilter(QSortFilterProxyModel):
    """Rows whose camera lies under one org (None: all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._org: str | None = None

    def set_org(self, org_id: str | None) -> None:
        """Show only cameras under ``org_id``."""
        self.beginFilterChange()
        self._org = org_id or None
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Keep cameras whose grid's path contains the org."""
        if self._org is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, CameraHealthModel)
        return self._org in model.org_path(source_row).split("/")


class QtCameraHealth(QWidget):
    """Org filter, a count of the shown cameras by state, and the sortable health table.

    A row's double-click asks for its camera on the wall (``camera_activated``); its context
    menu offers that and an immediate check (``check_requested``).
    """

    camera_activated = Signal(str)
    check_requested = Signal(str)
    message = Signal(str)  # one line for the status bar (e.g. how an export went)

    def __init__(
        self,
        model: CameraHealthModel,
        orgs: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self.proxy = CameraHealthFilter(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self._org_label = QLabel()
        self.summary = QLabel()
        self.summary.setObjectName("healthSummary")
        self.org_box = QComboBox()
        self.org_box.setMinimumContentsLength(16)
        self.org_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.org_box.addItem("", "")
        for org_id, name in orgs:
            self.org_box.addItem(name, org_id)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_menu)
        self.view.doubleClicked.connect(self._on_double_clicked)
        header = self.view.horizontalHeader()
        # sized once, not on every status change: ResizeToContents measured every row anew
        self.view.resizeColumnsToContents()  # the state column: fitted in _retranslate
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the org name
        header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)  # worst state first
        filters = QHBoxLayout()
        filters.addWidget(self._org_label)
        filters.addWidget(self.org_box)
        filters.addSpacing(16)
        filters.addWidget(self.summary)
        filters.addStretch(1)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._on_export)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(SUMMARY_DELAY_MS)
        self._summary_timer.timeout.connect(self._show_summary)

        self.org_box.currentIndexChanged.connect(self._on_org_chosen)
        model.dataChanged.connect(self._recount_soon)
        self.proxy.layoutChanged.connect(self._recount_soon)
        self.proxy.rowsInserted.connect(self._recount_soon)
        self.proxy.rowsRemoved.connect(self._recount_soon)

        self._retranslate()

    def _recount_soon(self) -> None:
        # A throttle, not a debounce: restarting the timer on every change would starve
        # the count while the wall reports a status every second per camera.
        if not self._summary_timer.isActive():
            self._summary_timer.start()

    def counts(self) -> dict[str, int]:
        """Cameras shown now (the org filter applied) by state; "" = not checked yet;
        "alarms not followed" = those whose video alarms could not be subscribed."""
        counts: dict[str, int] = {}
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0)).row()
            state = self._model.state_of(source)
            counts[state] = counts.get(state, 0) + 1
            if self._model.alarms_of(source) == "retrying":
                counts["alarms not followed"] = counts.get("alarms not followed", 0) + 1
        return counts

    def _show_summary(self) -> None:
        counts = self.counts()
        troubled = sum(counts.get(s, 0) for s in ("stale", "lost", "error"))
        unfollowed = counts.pop("alarms not followed", 0)
        figures = (
            sum(counts.values()),
            counts.get("live", 0) + counts.get("answers", 0),  # answered the roll-call: online
            counts.get("connecting", 0) + counts.get("reconnecting", 0),
            troubled,
            counts.get("", 0),
        )
        text = self.tr(
            "%1 cameras · %2 live · %3 connecting · %4 stale or lost · %5 not checked yet"
        )
        for i, figure in enumerate(figures, start=1):
            text = text.replace(f"%{i}", str(figure))
        if unfollowed:
            text += self.tr(" · video alarms of %1 not followed").replace("%1", str(unfollowed))
        self.summary.setText(text)
        alarm = troubled > 0 or unfollowed > 0
        if self.summary.property("alarm") != alarm:  # re-polish on a change only
            self.summary.setProperty("alarm", alarm)
            self.summary.style().unpolish(self.summary)
            self.summary.style().polish(self.summary)

    def _fit_state_column(self) -> None:
        """Wide enough for every state's name in the UI language (sized once per language)."""
        metrics = self.view.fontMetrics()
        names = [
            QCoreApplication.translate("CameraHealthModel", str(n)) for n in STATE_NAMES.values()
        ]
        widest = max(metrics.horizontalAdvance(name) for name in names) + 28  # margins, arrow
        header = self.view.horizontalHeader()
        header.resizeSection(2, max(header.sectionSize(2), widest))

    def export_to(self, path: Path) -> bool:
        """Write the rows shown (filter and order as on screen) to a CSV file; says how it
        went through ``message``. The reason a camera is down goes in a last column."""
        details = self.tr("Details")

        def detail(row: int) -> list[str]:
            tip = self.proxy.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
            return ["; ".join(str(tip or "").splitlines())]

        rows = table_rows(self.proxy, (details,), detail)
        try:
            write_csv(path, rows)
        except OSError as exc:
            text = self.tr("Cannot write %1: %2. Choose another folder.")
            self.message.emit(text.replace("%1", str(path)).replace("%2", exc.strerror or str(exc)))
            return False
        text = self.tr("Exported %1 cameras to %2")
        self.message.emit(text.replace("%1", str(len(rows) - 1)).replace("%2", str(path)))
        return True

    def _on_export(self) -> None:
        name = f"camera-health-{site_now():%Y%m%d-%H%M}.csv"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export camera health"), str(Path.home() / name), "CSV (*.csv)"
        )
        if path:
            self.export_to(Path(path))

    def _retranslate(self) -> None:
        self._fit_state_column()
        self.export_button.setText(self.tr("Export…"))
        self._org_label.setText(self.tr("Filter by org"))
        self.org_box.setItemText(0, self.tr("All orgs"))
        self._model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate on language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def camera_at(self, proxy_index: QModelIndex) -> str | None:
        """The camera of a row of the (sorted, filtered) table."""
        if not proxy_index.isValid():
            return None
        return self._model.camera_id(self.proxy.mapToSource(proxy_index).row())

    def row_menu(self, camera_id: str) -> QMenu:
        """The actions on one camera's row."""
        menu = QMenu(self)
        menu.addAction(self.tr("Show on the wall"), lambda: self.camera_activated.emit(camera_id))
        menu.addAction(self.tr("Check now"), lambda: self.check_requested.emit(camera_id))
        return menu

    def _on_menu(self, pos: QPoint) -> None:
        camera_id = self.camera_at(self.view.indexAt(pos))
        if camera_id is not None:
            menu = self.row_menu(camera_id)
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.view.viewport().mapToGlobal(pos))

    def _on_double_clicked(self, index: QModelIndex) -> None:
        camera_id = self.camera_at(index)
        if camera_id is not None:
            self.camera_activated.emit(camera_id)

    def _on_org_chosen(self, index: int) -> None:
        self.proxy.set_org(str(self.org_box.itemData(index) or ""))
