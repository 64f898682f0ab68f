"""Camera tree dock: the org hierarchy (city → district → township → village → grid) with the
cameras under their grids, a search box, and camera drags onto the wall."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from console.camera_catalog import CameraCatalog, CameraEntry, CatalogChange
from console.mime import CAMERA_MIME, encode_camera

logger = logging.getLogger(__name__)
DIRECT_CHILDREN = Qt.FindChildOption.FindDirectChildrenOnly

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
LEVEL_ORDER = ("city", "district", "township", "village", "community", "grid")
# A tree of more cameras opens at its townships, not down to every camera: thousands of rows
# help nobody (search and the map find a camera), and Qt updates every expanded row on each
# row added or removed (~1 ms a row when a city's 2,800 grids are open).
EXPAND_CAMERAS_MAX = 200
STATE_COLOURS = {
    "live": "#37b24d",
    "answers": "#37b24d",
    "lost": "#e03131",
    "stale": "#f59f00",
    "error": "#e03131",
}


class CameraTreeModel(QStandardItemModel):
    """Orgs and cameras; camera rows drag as ``CAMERA_MIME``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._camera_items: dict[str, QStandardItem] = {}
        self._org_items: dict[str, QStandardItem] = {}
        self._orgs: dict[str, Any] = {}  # every org by id (shown or not)

    def load(self, orgs: Iterable[Any], catalog: CameraCatalog, only_with_cameras: bool) -> None:
        """Build the tree from orgs (``id, name, level, parent_id``) and the camera catalog.

        With ``only_with_cameras`` grids without a camera are left out (a city has thousands).
        """
        self.clear()
        self._camera_items.clear()
        self._org_items.clear()
        self._orgs = {o.id: o for o in orgs}
        by_parent: dict[str | None, list[Any]] = {}
        for org in self._orgs.values():
            by_parent.setdefault(org.parent_id, []).append(org)
        keep: set[str] | None = None
        if only_with_cameras:
            keep = set()
            for grid_id in catalog.grids():
                keep.update(self._chain(grid_id))
        root = self.invisibleRootItem()
        tops = [o for o in self._orgs.values() if o.parent_id not in self._orgs]
        stack: list[tuple[QStandardItem, Any]] = [(root, o) for o in self._sorted(tops)]
        while stack:
            parent_item, org = stack.pop(0)
            if keep is not None and org.id not in keep and org.level != "city":
                continue
            item = self._org_item(org)
            parent_item.appendRow(item)
            stack[0:0] = [(item, child) for child in self._sorted(by_parent.get(org.id, []))]
        for camera in catalog.all():
            self._add_camera(camera)

    def update_cameras(self, change: CatalogChange) -> None:
        """Apply a catalog change without a rebuild (a rebuild of a city's tree takes a
        quarter of a second of the Qt thread): rows of removed cameras go, with the orgs
        they leave empty; new cameras join their grid, its missing orgs created, in their
        place by name; renamed ones are renamed, moved ones moved. Added and moved rows come
        uncoloured: the caller colours them by stream state."""
        moved = [new for old, new in change.changed if old.grid_id != new.grid_id]
        for camera in [*change.removed, *moved]:
            self._drop_camera(camera.id)
        for camera in [*change.added, *moved]:  # in their place by name, in their grid
            self._add_camera(camera, in_order=True)
        for old, new in change.changed:
            if old.grid_id == new.grid_id and old.name != new.name:
                self._rename(new)

    def _rename(self, camera: CameraEntry) -> None:
        """A camera renamed in its grid: its row keeps its colour and moves only when the
        new name sorts elsewhere (a grid's orgs are not dropped and made anew)."""
        item = self._camera_items.get(camera.id)
        if item is None:
            return
        item.setText(camera.name)
        item.setToolTip(f"{camera.name} · {camera.id}")
        parent = item.parent() or self.invisibleRootItem()
        row, key = item.row(), self._order(item)
        before = row > 0 and self._order(parent.child(row - 1)) > key
        after = row + 1 < parent.rowCount() and self._order(parent.child(row + 1)) < key
        if before or after:
            self._place(parent, parent.takeRow(row)[0])

    def _chain(self, org_id: str | None) -> list[str]:
        """``org_id`` and its ancestors, up to the top (known orgs only)."""
        chain: list[str] = []
        while org_id is not None and org_id in self._orgs and org_id not in chain:
            chain.append(org_id)
            org_id = self._orgs[org_id].parent_id
        return chain

    @staticmethod
    def _row(kind: str, id_: str, name: str) -> QStandardItem:
        """A row of the tree: an org, or a camera (which drags onto the wall)."""
        item = QStandardItem(name)
        item.setEditable(False)
        item.setData(kind, KIND_ROLE)
        item.setData(id_, ID_ROLE)
        item.setToolTip(f"{name} · {id_}")
        item.setDragEnabled(kind == "camera")
        return item

    def _org_item(self, org: Any) -> QStandardItem:
        item = self._org_items[org.id] = self._row("org", org.id, org.name)
        return item

    def _grid_item(self, grid_id: str | None) -> QStandardItem:
        """The row a camera of ``grid_id`` goes under: its grid, the grid's missing orgs
        created under the nearest one shown, in their place; the top level for an unknown
        grid."""
        chain = self._chain(grid_id)
        parent = self.invisibleRootItem()
        for org_id in reversed(chain):
            item = self._org_items.get(org_id)
            if item is None:
                item = self._org_item(self._orgs[org_id])
                self._place(parent, item)
            parent = item
        return parent

    def _add_camera(self, camera: CameraEntry, in_order: bool = False) -> None:
        """A camera row under its grid: appended (``load`` adds them by name), or put in
        its place by name among the grid's cameras (``in_order``)."""
        item = self._row("camera", camera.id, camera.name)
        item.setForeground(QColor("#9fd3ff"))
        parent = self._grid_item(camera.grid_id)
        if in_order:
            self._place(parent, item)
        else:
            parent.appendRow(item)
        self._camera_items[camera.id] = item

    @staticmethod
    def _order(item: QStandardItem) -> tuple[int, str, str]:
        """Where a row sorts among its siblings: orgs by id, then cameras by name."""
        if item.data(KIND_ROLE) == "org":
            return (0, str(item.data(ID_ROLE)), "")
        return (1, item.text(), str(item.data(ID_ROLE)))

    def _place(self, parent: QStandardItem, item: QStandardItem) -> None:
        key = self._order(item)
        rows = range(parent.rowCount())
        row = next((r for r in rows if self._order(parent.child(r)) > key), parent.rowCount())
        parent.insertRow(row, item)

    def _drop_camera(self, camera_id: str) -> None:
        item = self._camera_items.pop(camera_id, None)
        if item is None:
            return
        parent = item.parent() or self.invisibleRootItem()
        parent.removeRow(item.row())
        while parent is not self.invisibleRootItem() and not parent.hasChildren():
            org_id = str(parent.data(ID_ROLE))
            if self._orgs.get(org_id) is not None and self._orgs[org_id].level == "city":
                break
            self._org_items.pop(org_id, None)
            above = parent.parent() or self.invisibleRootItem()
            above.removeRow(parent.row())
            parent = above

    @staticmethod
    def _sorted(orgs: Sequence[Any]) -> list[Any]:
        return sorted(orgs, key=lambda o: o.id)

    def set_camera_state(self, camera_id: str, state: str) -> None:
        """Colour a camera row by stream state (dataChanged, no reset)."""
        item = self._camera_items.get(camera_id)
        if item is not None:
            item.setForeground(QColor(STATE_COLOURS.get(state, "#9fd3ff")))

    def org_index(self, org_id: str) -> QModelIndex:
        """Index of an org row (invalid when not shown)."""
        item = self._org_items.get(org_id)
        return item.index() if item else QModelIndex()

    def camera_count(self) -> int:
        """Camera rows in the tree."""
        return len(self._camera_items)

    def camera_index(self, camera_id: str) -> QModelIndex:
        """Index of a camera row (invalid when unknown)."""
        item = self._camera_items.get(camera_id)
        return item.index() if item else QModelIndex()

    def mimeTypes(self) -> list[str]:
        """Only camera drags."""
        return [CAMERA_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The first camera among ``indexes``."""
        mime = QMimeData()
        for index in indexes:
            if index.data(KIND_ROLE) == "camera":
                mime.setData(CAMERA_MIME, encode_camera(str(index.data(ID_ROLE))))
                break
        return mime


class QtCameraTree(QWidget):
    """Search box + tree. Signals (Qt thread): camera activated (double-click), org selected."""

    camera_activated = Signal(str)
    org_selected = Signal(str)

    def __init__(self, model: CameraTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        # the search's filter stands between the model and the view only while searching: a
        # filter follows every row added or removed, and doubled the cost of a registry change
        self._proxy: QSortFilterProxyModel | None = None
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.view = QTreeView()
        self.view.setModel(model)
        self.view.setHeaderHidden(True)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setUniformRowHeights(True)
        # a narrow dock shows a long name's start and end: "南市北…网格-02", not "南市北社区第8…"
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.view)

        self.search.textChanged.connect(self._on_search)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.clicked.connect(self._on_clicked)

        self._retranslate()
        self.expand_default()

    def expand_default(self) -> None:
        """Expand down to the grids that hold cameras (to the townships only for more than
        ``EXPAND_CAMERAS_MAX`` cameras)."""
        self.view.expandToDepth(1)
        if self._model.camera_count() > EXPAND_CAMERAS_MAX:
            return
        for row in range(self._model.rowCount()):
            self._expand_to_cameras(self._model.index(row, 0))

    def _expand_to_cameras(self, index: QModelIndex) -> bool:
        has_camera = False
        for row in range(self._model.rowCount(index)):
            child = self._model.index(row, 0, index)
            if child.data(KIND_ROLE) == "camera" or self._expand_to_cameras(child):
                has_camera = True
        if has_camera:
            self.view.expand(self.view_index(index))
        return has_camera

    def expand_to(self, camera_id: str) -> None:
        """Expand the orgs above a camera's row (a camera just added)."""
        self._expand_above(self.view_index(self._model.camera_index(camera_id)))

    def _expand_above(self, index: QModelIndex) -> None:
        """Expand the rows above ``index`` (of the view's model), so that it shows."""
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()

    def view_index(self, index: QModelIndex) -> QModelIndex:
        """The view's index of a tree model's ``index`` (through the search's filter while
        searching; invalid when filtered out)."""
        if self._proxy is None or not index.isValid():
            return index
        return self._proxy.mapFromSource(index)

    def _model_index(self, index: QModelIndex) -> QModelIndex:
        """The tree model's index of a view's ``index``."""
        if self._proxy is None or not index.isValid():
            return index
        return self._proxy.mapToSource(index)

    def select_camera(self, camera_id: str) -> None:
        """Select and show a camera row."""
        index = self.view_index(self._model.camera_index(camera_id))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def select_org(self, org_id: str) -> None:
        """Select and show an org row."""
        index = self.view_index(self._model.org_index(org_id))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search orgs and cameras…"))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate on language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @contextmanager
    def changing(self) -> Iterator[None]:
        """Rows added and removed inside (a registry change) reach a searched tree without
        its filter, which then filters again: a filter follows every row added or removed
        across every open row (0.2 s for a search opening a city's grids). The same rows
        open again, the current row kept, the row on top kept."""
        if self._proxy is None:
            yield
            return
        top = self._model_index(self.view.indexAt(QPoint(0, 0)))
        top_row = (top.data(KIND_ROLE), top.data(ID_ROLE)) if top.isValid() else None
        self._unfilter()  # (the view's selection follows the current row through the change)
        try:
            yield
        finally:
            text = self.search.text().strip()
            if text:
                self._filter(text)  # (the current row carried over)
                self.view.expandAll()
            if top_row is not None:
                kind, row_id = top_row
                find = self._model.org_index if kind == "org" else self._model.camera_index
                index = self.view_index(find(str(row_id)))
                if index.isValid():
                    self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)

    def _on_search(self, text: str) -> None:
        text = text.strip()
        if text:  # a new filter each time: one narrowed in place updates every open row
            self._filter(text)  # for each row it drops (0.6 s for a city's "12")
            self.view.expandAll()
        elif self._proxy is not None:  # cleared: the usual view, the row picked kept
            self._unfilter()
            self.expand_default()
            current = self.view.currentIndex()
            if current.isValid():
                self._expand_above(current)
                self.view.scrollTo(current)

    def _filter(self, text: str) -> None:
        """Put a filter on ``text`` between the model and the view (replacing one there),
        the current row kept when it matches."""
        current = self._model_index(self.view.currentIndex())
        proxy = QSortFilterProxyModel(self)
        proxy.setRecursiveFilteringEnabled(True)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        proxy.setFilterFixedString(text)
        proxy.setSourceModel(self._model)
        old, self._proxy = self._proxy, proxy
        self._set_model(proxy)
        if old is not None:
            old.deleteLater()
        if current.isValid():
            self.view.setCurrentIndex(proxy.mapFromSource(current))

    def _unfilter(self) -> None:
        """The model shown straight again, the filter dropped, the current row kept."""
        current = self._model_index(self.view.currentIndex())
        proxy, self._proxy = self._proxy, None
        self._set_model(self._model)
        if proxy is not None:
            proxy.deleteLater()
        if current.isValid():
            self.view.setCurrentIndex(current)

    def _set_model(self, model: QStandardItemModel | QSortFilterProxyModel) -> None:
        """Show ``model``; the selection models made for the one replaced go (neither the
        view nor its header deletes those it replaces)."""
        self.view.setModel(model)
        keep = {self.view.selectionModel(), self.view.header().selectionModel()}
        for owner in (self.view, self.view.header()):
            for old in owner.findChildren(QItemSelectionModel, options=DIRECT_CHILDREN):
                if old not in keep:
                    old.deleteLater()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == "camera":
            self.camera_activated.emit(str(index.data(ID_ROLE)))

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == "org":
            self.org_selected.emit(str(index.data(ID_ROLE)))
