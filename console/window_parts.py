"""What the main window's mixins (``CatalogSide``, ``ViewsSide``…) use of ``QtMainWindow`` and
``QMainWindow``: declarations for the type checker only, so that no body shadows Qt's."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QStatusBar


class WindowParts:
    """Base of the main window's mixins (empty at run time)."""

    if TYPE_CHECKING:

        def statusBar(self) -> QStatusBar: ...
        def _action(
            self, name: str, shortcut: str | None = None, checkable: bool = False
        ) -> QAction: ...
