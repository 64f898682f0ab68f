"""IncidentTable: the board's QTableView; painting holds the feed follower's UI lock.

The view calls into the Python model once per painted cell (each a GIL acquisition); while
the follower thread runs Python those acquisitions wait up to the switch interval, which
stretched a 25 ms repaint past 100 ms. Holding ``FeedFollower.ui_lock`` while painting makes
the follower wait for the paint instead (a snapshot fetch takes ~0.3 ms). The paint waits at
most ``PAINT_WAIT_S`` for the lock and paints anyway: a database that hangs the follower's
fetch (a shared PostgreSQL across a dropped link) must never freeze the UI.

Cells are painted by ``CellDelegate``, which draws them directly instead of through the style.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtGui import QFont, QPaintEvent
from PySide6.QtWidgets import QTableView, QWidget

from console.board.cell_delegate import CellDelegate

__all__ = ["IncidentTable"]

PAINT_WAIT_S = 0.01


class IncidentTable(QTableView):
    """QTableView whose paint events run with the follower paused between two fetches."""

    def __init__(
        self, paint_lock: threading.Lock | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._paint_lock = paint_lock
        # Cells hold Chinese titles and names that need no complex shaping: skipping HarfBuzz
        # made a full repaint of 27 visible rows 27-36 ms instead of 43-49 ms (2-core machine,
        # alternating runs); the whole-table repaint after row moves is the board's longest
        # UI stall. Only the strategy is set: family and size still come from the theme.
        font = QFont()
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.setFont(font)
        self.cell_delegate = CellDelegate(self)
        self.setItemDelegate(self.cell_delegate)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """Show a model; the cell delegate paints an IncidentTableModel's cells directly."""
        super().setModel(model)
        self.cell_delegate.set_model(model)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the visible cells, holding the follower's UI lock when it comes quickly."""
        lock = self._paint_lock
        held = lock is not None and lock.acquire(timeout=PAINT_WAIT_S)
        try:
            self.cell_delegate.prepare()
            super().paintEvent(event)
        finally:
            if held and lock is not None:
                lock.release()
