"""The main window's Help menu (a mixin of ``QtMainWindow``): 操作说明 (F1), the table of every
shortcut and of what the mouse and keys do on the wall."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from console.qt_shortcuts_dialog import QtShortcutsDialog
from console.window_parts import WindowParts

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QMenuBar


def _tr(text: str) -> str:
    return QCoreApplication.translate("QtMainWindow", text)


class HelpSide(WindowParts):
    """Methods of ``QtMainWindow`` for the Help menu (Qt thread)."""

    act_keys: QAction
    menu_help: QMenu
    shortcuts_dialog: QtShortcutsDialog | None = None

    if TYPE_CHECKING:

        def actions(self) -> list[QAction]: ...

    def _build_help_menu(self, bar: QMenuBar) -> None:
        self.act_keys = self._action("keys", "F1")
        self.act_keys.triggered.connect(self.show_shortcuts)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_keys)

    def _retranslate_help(self) -> None:
        self.menu_help.setTitle(_tr("&Help"))
        self.act_keys.setText(_tr("Keys and mouse…"))

    def show_shortcuts(self) -> QtShortcutsDialog:
        """Open the table (or bring it up when open); the shortcuts are the window's own."""
        dialog = self.shortcuts_dialog
        if dialog is None:
            dialog = QtShortcutsDialog(self.actions(), self)  # type: ignore[arg-type]
            dialog.destroyed.connect(self._forget_shortcuts)
            self.shortcuts_dialog = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    def _forget_shortcuts(self) -> None:
        self.shortcuts_dialog = None
