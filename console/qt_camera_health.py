"""Camera health list (maintenance role): state, fps, bitrate, reconnects and picture per
camera, filterable by org, exported to CSV."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QPoint, Qt, QTimer, Signal
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

from console.camera_health_model import (
    ORDERS,
    PICTURE,
    SORT_ROLE,
    STATE_NAMES,
    CameraHealthFilter,
    CameraHealthModel,
)
from console.site_time import site_now
from console.table_export import table_rows, write_csv

logger = logging.getLogger(__name__)
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ORDER_SAMPLE = "TC-20261129-000000"  # an incident number, to size the work-order column
SUMMARY_DELAY_MS = 300  # the summary is recounted at most this often


class QtCameraHealth(QWidget):
    """Org filter, a count of the shown cameras by state, and the sortable health table.

    A row's double-click asks for its camera on the wall (``camera_activated``); its context
    menu offers that, an immediate check (``check_requested``), taking the camera's present
    view as its reference for a changed scene (``reference_requested``) and showing that
    view, beside the picture found changed if there is one (``compare_requested``, offered
    when ``has_reference(camera_id)``).
    """

    camera_activated = Signal(str)
    check_requested = Signal(str)
    reference_requested = Signal(str)
    compare_requested = Signal(str)
    message = Signal(str)  # one line for the status bar (e.g. how an export went)

    def __init__(
        self,
        model: CameraHealthModel,
        orgs: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        # whether a camera has a reference view (the window sets it: the picture checks')
        self.has_reference: Callable[[str], bool] = lambda _camera_id: False
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
        return self._model.tally(self.proxy.accepted_rows())

    def _show_summary(self) -> None:
        counts = self.counts()
        troubled = sum(counts.get(s, 0) for s in ("stale", "lost", "error"))
        unfollowed = counts.pop("alarms not followed", 0)
        faulty = counts.pop("picture faults", 0)
        refused = counts.pop("password refused", 0)  # among the lost
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
        if faulty:
            text += self.tr(" · %1 with a picture fault").replace("%1", str(faulty))
        if refused:
            text += self.tr(" · %1 refused the password").replace("%1", str(refused))
        self.summary.setText(text)
        alarm = troubled > 0 or unfollowed > 0 or faulty > 0
        if self.summary.property("alarm") != alarm:  # re-polish on a change only
            self.summary.setProperty("alarm", alarm)
            self.summary.style().unpolish(self.summary)
            self.summary.style().polish(self.summary)

    def _fit_columns(self) -> None:
        """The state column wide enough for every state's name in the UI language, the
        work-order column for an incident number (sized once per language)."""
        metrics = self.view.fontMetrics()
        names = [
            QCoreApplication.translate("CameraHealthModel", str(n)) for n in STATE_NAMES.values()
        ]
        header = self.view.horizontalHeader()
        for column, texts in ((2, names), (ORDERS, [ORDER_SAMPLE])):
            widest = max(metrics.horizontalAdvance(t) for t in texts) + 28  # margins, arrow
            header.resizeSection(column, max(header.sectionSize(column), widest))

    def export_to(self, path: Path) -> bool:
        """Write the rows shown (filter and order as on screen) to a CSV file; says how it
        went through ``message``. The reason a camera is down goes in a last column."""
        details = self.tr("Details")

        def detail(row: int) -> list[str]:
            tips = (
                self.proxy.index(row, c).data(Qt.ItemDataRole.ToolTipRole) for c in (2, PICTURE)
            )
            return ["; ".join(line for tip in tips for line in str(tip or "").splitlines())]

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
        self._fit_columns()
        self.export_button.setText(self.tr("Export…"))
        self._org_label.setText(self.tr("Filter by org"))
        self.org_box.setItemText(0, self.tr("All orgs"))
        last = len(self._model.COLUMNS) - 1
        self._model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)
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
        menu.addAction(
            self.tr("Take its present view as the reference"),
            lambda: self.reference_requested.emit(camera_id),
        )
        compare = menu.addAction(
            self.tr("Its reference view…"), lambda: self.compare_requested.emit(camera_id)
        )
        compare.setEnabled(self.has_reference(camera_id))
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
