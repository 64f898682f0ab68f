"""Saved wall views (视图) of the main window: an operator saves the wall's layout and cameras
under a name and brings them back from the Wall menu in one click (a mixin of
``QtMainWindow``). Views belong to the signed-in user and live in the console's settings.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox, QWidget

from console.wall import WallState
from console.window_parts import WindowParts

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from console.app import ConsoleContext
    from console.qt_video_wall import QtVideoWall

MAX_NAME = 40  # characters of a view's name
QUICK_KEYS = 9  # the first views (by name) come back with Ctrl+Alt+1 … 9


def tidy_name(name: str) -> str:
    """A view's name as saved: runs of spaces as one, none at the ends."""
    return " ".join(name.split())


class ViewsSide(WindowParts):
    """Methods of ``QtMainWindow`` for saved wall views (Qt thread)."""

    # provided by QtMainWindow / QMainWindow
    ctx: ConsoleContext
    wall: QtVideoWall
    act_save_view: QAction
    menu_views: QMenu
    menu_delete_views: QMenu

    def _build_view_actions(self, wall_menu: QMenu) -> None:
        """The Save view action and the Views / Delete view submenus, under the Wall menu."""
        self.act_save_view = self._action("save_view", "Ctrl+Shift+S")
        self.act_save_view.triggered.connect(self._on_save_view)
        wall_menu.addSeparator()
        wall_menu.addAction(self.act_save_view)
        self.menu_views = wall_menu.addMenu("")
        self.menu_delete_views = wall_menu.addMenu("")
        self._rebuild_view_menus()

    def _retranslate_views(self) -> None:
        self.act_save_view.setText(QCoreApplication.translate("QtMainWindow", "Save view…"))
        self.act_save_view.setToolTip(
            QCoreApplication.translate(
                "QtMainWindow", "Save the wall's layout and cameras under a name"
            )
        )
        self.menu_views.setTitle(QCoreApplication.translate("QtMainWindow", "Views"))
        self.menu_delete_views.setTitle(QCoreApplication.translate("QtMainWindow", "Delete view"))
        self._rebuild_view_menus()

    def saved_views(self) -> dict[str, WallState]:
        """This user's saved views, by name."""
        return self.ctx.settings.views(str(self.ctx.user.login))

    def save_view(self, name: str) -> str | None:
        """Save the wall as ``name`` (replacing a view of that name); None, or why not."""
        name = tidy_name(name)
        if not name:
            return QCoreApplication.translate("QtMainWindow", "A view needs a name.")
        if len(name) > MAX_NAME:
            return QCoreApplication.translate(
                "QtMainWindow", "A view's name has at most %1 characters."
            ).replace("%1", str(MAX_NAME))
        current = self.wall.state()
        shown = set(range(current.tile_count()))  # what the layout shows, not hidden slots
        slots = [c if i in shown else None for i, c in enumerate(current.slots)]
        views = self.saved_views()
        views[name] = WallState(layout=current.layout, slots=slots)
        self.ctx.settings.save_views(str(self.ctx.user.login), views)
        self._rebuild_view_menus()
        self.statusBar().showMessage(
            QCoreApplication.translate("QtMainWindow", "View “%1” saved").replace("%1", name), 6000
        )
        return None

    def restore_view(self, name: str) -> bool:
        """Put a saved view on the wall; cameras no longer in the catalog are left out."""
        view = self.saved_views().get(name)
        if view is None:
            self.statusBar().showMessage(
                QCoreApplication.translate("QtMainWindow", "There is no view “%1”.").replace(
                    "%1", name
                ),
                6000,
            )
            return False
        gone = {c for c in view.slots if c and self.ctx.catalog.get(c) is None}
        slots = [None if c in gone else c for c in view.slots]
        self.wall.apply_state(WallState(layout=view.layout, slots=slots))
        text = QCoreApplication.translate("QtMainWindow", "View “%1”").replace("%1", name)
        if gone:
            text += QCoreApplication.translate(
                "QtMainWindow", ": %1 cameras no longer registered were left out"
            ).replace("%1", str(len(gone)))
        self.statusBar().showMessage(text, 6000)
        return True

    def delete_view(self, name: str) -> None:
        """Forget a saved view."""
        views = self.saved_views()
        if views.pop(name, None) is not None:
            self.ctx.settings.save_views(str(self.ctx.user.login), views)
            self._rebuild_view_menus()
            self.statusBar().showMessage(
                QCoreApplication.translate("QtMainWindow", "View “%1” deleted").replace("%1", name),
                6000,
            )

    def _rebuild_view_menus(self) -> None:
        names = list(self.saved_views())
        for menu, handler in (
            (self.menu_views, self.restore_view),
            (self.menu_delete_views, self._on_delete_view),
        ):
            menu.clear()
            for index, name in enumerate(names):
                action = menu.addAction(name, partial(handler, name))
                if menu is self.menu_views and index < QUICK_KEYS:  # Ctrl+Alt+1 … 9
                    action.setShortcut(QKeySequence(f"Ctrl+Alt+{index + 1}"))
            if not names:
                menu.addAction(
                    QCoreApplication.translate("QtMainWindow", "No saved views")
                ).setEnabled(False)

    def _on_save_view(self) -> None:
        parent = cast(QWidget, self)
        name, ok = QInputDialog.getText(
            parent,
            QCoreApplication.translate("QtMainWindow", "Save view"),
            QCoreApplication.translate("QtMainWindow", "Name of the view:"),
            QLineEdit.EchoMode.Normal,
        )
        if not ok:
            return
        clean = tidy_name(name)
        if clean in self.saved_views():
            answer = QMessageBox.question(
                parent,
                QCoreApplication.translate("QtMainWindow", "Save view"),
                QCoreApplication.translate("QtMainWindow", "Replace the view “%1”?").replace(
                    "%1", clean
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        problem = self.save_view(name)
        if problem is not None:
            QMessageBox.warning(
                parent, QCoreApplication.translate("QtMainWindow", "Save view"), problem
            )

    def _on_delete_view(self, name: str) -> None:
        parent = cast(QWidget, self)
        answer = QMessageBox.question(
            parent,
            QCoreApplication.translate("QtMainWindow", "Delete view"),
            QCoreApplication.translate("QtMainWindow", "Delete the view “%1”?").replace("%1", name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_view(name)
