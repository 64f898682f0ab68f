"""Evidence thumbnails of an incident in a row of labels (snapshots and other files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QBoxLayout, QLabel

SHOWN = 8  # thumbnails at most; the history lists every attachment


def fill_evidence(row: QBoxLayout, attachments: Any, size: int) -> None:
    """Replace the thumbnails in ``row``: each file scaled into ``size`` px (its name when it
    is not an image), the path and sha256 as its tooltip."""
    while row.count():
        item = row.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
    for att in list(attachments)[:SHOWN]:
        thumb = QLabel()
        pix = QPixmap(str(att.path))
        if pix.isNull():
            thumb.setText(Path(att.path).name)
        else:
            thumb.setPixmap(
                pix.scaled(
                    size,
                    size,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        thumb.setToolTip(f"{att.path}\nsha256 {att.sha256}")
        row.addWidget(thumb)
