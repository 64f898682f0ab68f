"""IncidentTable: the board's QTableView; painting holds the feed follower's UI lock.

The view calls into the Python model once per painted cell (each a GIL acquisition); while
the follower thread runs Python those acquisitions wait up to the switch interval, which
stretched a 25 ms repaint past 100 ms. Holding ``FeedFollower.ui_lock`` while painting makes
the follower wait for the paint instead (a snapshot fetch takes ~0.3 ms).
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QTableView, QWidget

__all__ = ["IncidentTable"]


class IncidentTable(QTableView):
    """QTableView whose paint events run with the follower paused between two fetches."""

    def __init__(self, paint_lock: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paint_lock = paint_lock if paint_lock is not None else contextlib.nullcontext()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the visible cells while holding the follower's UI lock."""
        with self._paint_lock:
            super().paintEvent(event)
