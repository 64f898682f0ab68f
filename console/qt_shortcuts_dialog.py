"""操作说明: every keyboard shortcut of the console and what the mouse and keys do on the wall,
in one table. The shortcuts are read from the window's own actions, so the table cannot
drift from them; the wall's mouse and PTZ keys, which are no actions, are listed here."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# what one does on the wall (no QAction): (what, how), translated in the dialog's context
WALL_GESTURES = (
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Put a camera on a tile"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Drag it from the tree or the map"),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Swap two tiles"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Drag a tile onto another"),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Select a tile (the tree and the PTZ panel follow)"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Click it"),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Maximise a tile, or restore it"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Double-click it"),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Digital zoom in or out, around the cursor"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Mouse wheel on a tile"),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Digital zoom on the selected tile"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "+ and - (0: the whole picture)"),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Move a zoomed tile's view"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Drag on the zoomed tile"),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Move a zoomed view to a place"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Click or drag on its map (lower right)"),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Turn the selected tile's camera (PTZ)"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Hold the arrow keys"),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Zoom the selected tile's camera (PTZ)"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Hold Page Up / Page Down"),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Who steers a camera (PTZ)"),
        QT_TRANSLATE_NOOP(
            "QtShortcutsDialog",
            "One console at a time, until 30 s after its last command or until it selects "
            "another camera; a higher center, or a higher role at the same level, may take it over",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Snapshot, PTZ, own window, info, whole picture"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Right-click a tile"),
    ),
    (
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Bring back a saved view"),
        QT_TRANSLATE_NOOP("QtShortcutsDialog", "Ctrl+Alt+1 … 9"),
    ),
)


def action_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(what, keys) of each action with a shortcut, in the order given (no duplicates)."""
    rows: list[tuple[str, str]] = []
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        what = action.text().replace("&", "").strip()
        if keys and what and (what, keys) not in rows:
            rows.append((what, keys))
    return rows


class QtShortcutsDialog(QDialog):
    """The table of shortcuts and wall gestures (not modal: it may stay open beside the wall)."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keys and mouse"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        rows = action_rows(actions) + [
            (self.tr(str(what)), self.tr(str(how))) for what, how in WALL_GESTURES
        ]
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys or mouse")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, (what, how) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(how))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def rows(self) -> list[tuple[str, str]]:
        """The table's rows as shown."""
        cells = [
            (self.table.item(r, 0), self.table.item(r, 1)) for r in range(self.table.rowCount())
        ]
        return [(a.text(), b.text()) for a, b in cells if a is not None and b is not None]
