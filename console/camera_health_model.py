"""The camera health list's model (maintenance role): state, fps, bitrate, reconnects,
video alarms and picture diagnosis per camera, and its filter by org."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from console.board.labels import STATES, label
from console.camera_catalog import CameraCatalog, CatalogChange
from console.frames import TileStatus
from console.health_picture import (
    PictureReport,
    picture_colour,
    picture_rank,
    picture_text,
    picture_tooltip,
)
from console.qt_header import translated_header
from console.site_time import from_epoch
from video.errors import AuthError

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
    "refused": QT_TRANSLATE_NOOP("CameraHealthModel", "Password refused"),
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
PICTURE = 7  # the column of the picture diagnosis
ORDERS = 8  # the column of the camera's open repair work orders
ORDER_KINDS = {
    "offline": QT_TRANSLATE_NOOP("CameraHealthModel", "offline"),
    "picture": QT_TRANSLATE_NOOP("CameraHealthModel", "picture fault"),
}
SORT_ROLE = Qt.ItemDataRole.UserRole  # numbers as numbers: "1200" sorts after "618"


def _refused(status: TileStatus | None) -> bool:
    """Down because the camera refused the password (not while it reconnects)."""
    return (
        status is not None
        and status.state in ("lost", "error")
        and AuthError.reason in status.detail
    )


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
        QT_TRANSLATE_NOOP("CameraHealthModel", "Picture"),
        QT_TRANSLATE_NOOP("CameraHealthModel", "Work order"),
    )

    def __init__(
        self,
        catalog: CameraCatalog,
        org_name: Callable[[str | None], str],
        org_path: Callable[[str | None], str],
        parent: QObject | None = None,
        alarm_state: Callable[[str], tuple[str, str]] | None = None,
        work_order: Callable[[str, str], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        # (state, last error) of a camera's video-alarm subscription; ("", "") for none
        self._alarm_state = alarm_state or (lambda _camera_id: ("", ""))
        # the open repair work order of a kind ("offline", "picture") for a camera, or None
        self._work_order = work_order or (lambda _camera_id, _kind: None)
        self._cameras = catalog.all()
        self._row = {c.id: i for i, c in enumerate(self._cameras)}
        self._status: dict[str, TileStatus] = {}
        self._checked_at: dict[str, float] = {}  # cameras last seen by the patrol, not the wall
        self._pictures: dict[str, PictureReport] = {}  # the last picture diagnosis of each
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

    def update_cameras(self, change: CatalogChange) -> None:
        """The catalog changed: rows of removed cameras go, new cameras are appended (the
        view sorts), changed ones are redrawn; no reset, so selection and scroll stay."""
        rows = sorted((self._row[c.id] for c in change.removed if c.id in self._row), reverse=True)
        for row in rows:  # from the bottom: the rows above keep their numbers
            camera_id = self._cameras[row].id
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._cameras[row]
            for store in (self._status, self._checked_at, self._pictures):
                store.pop(camera_id, None)
            self.endRemoveRows()
        if rows:
            self._row = {c.id: i for i, c in enumerate(self._cameras)}
        for _old, new in change.changed:
            if (at := self._row.get(new.id)) is not None:
                self._cameras[at] = new
                self.dataChanged.emit(self.index(at, 0), self.index(at, ORDERS))
        added = [c for c in change.added if c.id not in self._row]
        if added:
            first = len(self._cameras)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self._cameras.extend(added)
            self._row.update({c.id: first + i for i, c in enumerate(added)})
            self.endInsertRows()

    def refresh_alarms(self) -> None:
        """The video-alarm column changed (one signal for the column, not one per row)."""
        if self._cameras:
            self.dataChanged.emit(self.index(0, ALARMS), self.index(len(self._cameras) - 1, ALARMS))

    def set_picture(self, camera_id: str, report: PictureReport) -> None:
        """A new picture diagnosis of a camera."""
        row = self._row.get(camera_id)
        if row is not None:
            self._pictures[camera_id] = report
            # the State column too: within a state, cameras with a picture fault sort first
            self.dataChanged.emit(self.index(row, 2), self.index(row, PICTURE))

    def refresh_orders(self, camera_id: str) -> None:
        """A camera's open incidents changed: its work-order cell may have."""
        row = self._row.get(camera_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, ORDERS), self.index(row, ORDERS))

    def _orders_data(self, camera_id: str, role: int) -> Any:
        orders = [(k, o) for k in ORDER_KINDS if (o := self._work_order(camera_id, k)) is not None]
        if role == Qt.ItemDataRole.DisplayRole:
            return ", ".join(order.id for _, order in orders) or "—"
        if role == SORT_ROLE:
            return -len(orders)  # cameras with orders first
        if role == Qt.ItemDataRole.ToolTipRole and orders:
            text = QCoreApplication.translate("CameraHealthModel", "Work order %1 (%2): %3")
            return "\n".join(
                text.replace("%1", order.id)
                .replace(
                    "%2", QCoreApplication.translate("CameraHealthModel", str(ORDER_KINDS[kind]))
                )
                .replace("%3", label(STATES, order.state))
                for kind, order in orders
            )
        return None

    def picture(self, camera_id: str) -> PictureReport | None:
        """The last picture diagnosis of a camera (None before any)."""
        return self._pictures.get(camera_id)

    def picture_of(self, row: int) -> PictureReport | None:
        """The last picture diagnosis of a row's camera (None before any)."""
        return self.picture(self._cameras[row].id)

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
        """One per ``COLUMNS`` entry."""
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
        if col == PICTURE:
            return self._picture_data(self._pictures.get(camera.id), role)
        if col == ORDERS:
            return self._orders_data(camera.id, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return camera.name
            if col == 1:
                return self._org_name(camera.grid_id)
            if col == 2:
                state = status.state if status else ""
                if _refused(status):
                    state = "refused"  # down, but a password for the registry, not a repair
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
            if col == 2:  # worst state first; within one state, picture faults first
                rank = STATE_RANK.get(status.state, len(STATE_RANK)) if status else len(STATE_RANK)
                return rank * 1000 + picture_rank(self._pictures.get(camera.id))
            return self._sort_key(camera.name, camera.grid_id, status, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and status:
            return QColor(STATE_COLOURS.get(status.state, "#d7e3f4"))
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= col < ALARMS:
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

    def _picture_data(self, report: PictureReport | None, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return picture_text(report)
        if role == SORT_ROLE:
            return picture_rank(report)
        colour = picture_colour(report)
        if role == Qt.ItemDataRole.ForegroundRole and colour:
            return QColor(colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return picture_tooltip(report)
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

    def tally(self, rows: Iterable[int]) -> dict[str, int]:
        """Cameras of ``rows`` by stream state ("" = not checked yet), plus "alarms not
        followed", "picture faults" and "password refused": one pass over the model's own
        tables (through the proxy, a city's 3,000 rows cost 25 ms of the Qt thread at every
        recount)."""
        counts: dict[str, int] = {}
        cameras, status, pictures, alarm_state = (
            self._cameras,
            self._status,
            self._pictures,
            self._alarm_state,
        )
        for row in rows:
            camera_id = cameras[row].id
            seen = status.get(camera_id)
            state = seen.state if seen else ""
            counts[state] = counts.get(state, 0) + 1
            if _refused(seen):
                counts["password refused"] = counts.get("password refused", 0) + 1
            if alarm_state(camera_id)[0] == "retrying":
                counts["alarms not followed"] = counts.get("alarms not followed", 0) + 1
            picture = pictures.get(camera_id)
            if picture is not None and not picture.diagnosis.ok:
                counts["picture faults"] = counts.get("picture faults", 0) + 1
        return counts

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
            return -1.0
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

    def accepted_rows(self) -> Iterable[int]:
        """Source rows shown (every row when no org is chosen)."""
        model = self.sourceModel()
        assert isinstance(model, CameraHealthModel)
        rows = range(model.rowCount())
        if self._org is None:
            return rows
        return [row for row in rows if self._org in model.org_path(row).split("/")]

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Keep cameras whose grid's path contains the org."""
        if self._org is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, CameraHealthModel)
        return self._org in model.org_path(source_row).split("/")
