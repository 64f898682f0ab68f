"""Translated horizontal header titles for the console's table models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt


def translated_header(
    context: str, columns: Sequence[Any], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """The column title of ``section`` translated in ``context``; None for other requests."""
    if (
        role == Qt.ItemDataRole.DisplayRole
        and orientation == Qt.Orientation.Horizontal
        and 0 <= section < len(columns)
    ):
        return QCoreApplication.translate(context, str(columns[section]))
    return None
