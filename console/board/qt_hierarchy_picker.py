"""QtHierarchyPicker: pick a dispatch target or a grid in the user's subtree, or a department."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from console.board import labels
from console.board.controller import BoardController

logger = logging.getLogger(__name__)

ORG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "org" level name or "department"


def build_hierarchy_model(
    controller: BoardController, grids: bool = True, departments: bool = True
) -> QStandardItemModel:
    """A tree model of the user's center and everything below it, then its departments."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(
        [QCoreApplication.translate("QtHierarchyPicker", "Organisation")]
    )
    items: dict[str, QStandardItem] = {}
    root_id = controller.user.org_id
    for org in controller.orgs():  # parents before children (ordered by path)
        if org.level == "grid" and not grids:
            continue
        item = QStandardItem(f"{org.name}  ·  {labels.label(labels.LEVELS, org.level)}")
        item.setData(org.id, ORG_ID_ROLE)
        item.setData(org.level, KIND_ROLE)
        item.setEditable(False)
        item.setToolTip(org.id)
        parent = items.get(org.parent_id or "") if org.id != root_id else None
        (parent or model.invisibleRootItem()).appendRow(item)
        items[org.id] = item
    if departments:
        depts = controller.departments()
        if depts:
            node = QStandardItem(QCoreApplication.translate("QtHierarchyPicker", "Departments"))
            node.setEditable(False)
            node.setSelectable(False)
            for dept in depts:
                child = QStandardItem(f"{dept.name}  ·  {controller.org_name(dept.org_id)}")
                child.setData(dept.id, ORG_ID_ROLE)
                child.setData("department", KIND_ROLE)
                child.setEditable(False)
                node.appendRow(child)
            model.invisibleRootItem().appendRow(node)
    return model


class QtHierarchyPicker(QWidget):
    """A searchable tree of the user's subtree plus departments; emits the picked id."""

    picked = Signal(str)

    def __init__(
        self,
        controller: BoardController,
        grids: bool = True,
        departments: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.source = build_hierarchy_model(controller, grids, departments)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.expandToDepth(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)

        self.search.textChanged.connect(self._on_search)
        self._retranslate()
        self.tree.selectionModel().currentChanged.connect(self._on_current)

    def _retranslate(self) -> None:
        """Search hint and the level names in the tree, in the current language."""
        self.search.setPlaceholderText(self.tr("Search org, grid or department"))
        stack = [self.source.invisibleRootItem()]
        while stack:
            item = stack.pop()
            for row in range(item.rowCount()):
                child = item.child(row)
                stack.append(child)
                kind = child.data(KIND_ROLE)
                org = self.controller.org(child.data(ORG_ID_ROLE))
                if org is not None:
                    child.setText(f"{org.name}  ·  {labels.label(labels.LEVELS, org.level)}")
                elif kind is None:  # the departments node
                    child.setText(QCoreApplication.translate("QtHierarchyPicker", "Departments"))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def selected_id(self) -> str:
        """The picked org or department id ("" if none)."""
        index = self.tree.currentIndex()
        return str(index.data(ORG_ID_ROLE) or "") if index.isValid() else ""

    def set_selected(self, org_id: str) -> bool:
        """Select an id in the tree; False if it is not offered."""
        found = self._find(org_id)
        if found is None:
            return False
        index = self.proxy.mapFromSource(found)
        if not index.isValid():
            self.search.clear()
            index = self.proxy.mapFromSource(found)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def offered_ids(self) -> list[str]:
        """Every id the picker offers (for tests and checks)."""
        out: list[str] = []
        stack = [self.source.invisibleRootItem()]
        while stack:
            item = stack.pop()
            for row in range(item.rowCount()):
                child = item.child(row)
                if child.data(ORG_ID_ROLE):
                    out.append(str(child.data(ORG_ID_ROLE)))
                stack.append(child)
        return out

    def _find(self, org_id: str) -> QModelIndex | None:
        hits = self.source.match(
            self.source.index(0, 0),
            ORG_ID_ROLE,
            org_id,
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        return hits[0] if hits else None

    def _on_search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.tree.expandAll()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        org_id = current.data(ORG_ID_ROLE) if current.isValid() else None
        if org_id:
            self.picked.emit(str(org_id))
