"""A camera's reference view (基准画面), beside the picture found changed (场景变更) if there is
one, for maintenance to tell a knocked camera (send someone) from one set right on purpose
(take the present view as its reference), or to see what a camera is judged against."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from console.health_picture import PictureReport, finding_lines
from console.health_reference import ReferenceView
from console.site_time import from_epoch

SCALE = 2  # the small grey pictures (160 wide) shown twice their size


def grey_pixmap(plane: np.ndarray, scale: int = SCALE) -> QPixmap:
    """A grey picture (uint8, H x W) as a pixmap ``scale`` times its size, smoothed."""
    plane = np.ascontiguousarray(plane, np.uint8)
    height, width = plane.shape
    image = QImage(plane.data, width, height, width, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(image).scaled(
        width * scale,
        height * scale,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


class QtReferenceCompare(QDialog):
    """The reference view and the picture found changed (``report``; None: none since the
    view was taken) side by side, when each was taken, why the scene reads as changed;
    "take the present view as the reference" emits ``reference_requested(camera_id)`` and
    closes."""

    reference_requested = Signal(str)

    def __init__(
        self,
        camera_id: str,
        camera_name: str,
        reference: ReferenceView,
        report: PictureReport | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.camera_id, self._name = camera_id, camera_name
        self._reference, self._report = reference, report
        self.reference_picture = QLabel()
        pixmap = grey_pixmap(reference.plane)
        self.reference_picture.setPixmap(pixmap)
        self.seen_picture = QLabel()
        self.seen_picture.setMinimumSize(pixmap.size())  # (an empty frame without one)
        self.seen_picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.seen_picture.setWordWrap(True)
        if report is not None and report.seen is not None:
            self.seen_picture.setPixmap(grey_pixmap(report.seen))
        self.reference_caption, self.seen_caption = QLabel(), QLabel()
        self.why = QLabel()
        self.why.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(self.reference_caption, 0, 0)
        grid.addWidget(self.seen_caption, 0, 1)
        grid.addWidget(self.reference_picture, 1, 0)
        grid.addWidget(self.seen_picture, 1, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.take = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.take.clicked.connect(self._on_take)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.why)
        layout.addWidget(self.buttons)
        self._retranslate()

    def _on_take(self) -> None:
        self.reference_requested.emit(self.camera_id)
        self.accept()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("%1: reference view").replace("%1", self._name))
        taken = self._reference.taken_at
        when = from_epoch(taken).strftime("%m-%d %H:%M") if taken is not None else "—"
        self.reference_caption.setText(self.tr("Reference view, taken %1").replace("%1", when))
        report = self._report
        if report is None:
            self.seen_caption.setText("")
            self.seen_picture.setText(self.tr("No changed scene found since it was taken."))
            self.why.setText("")
        else:
            seen = from_epoch(report.at).strftime("%m-%d %H:%M:%S")
            self.seen_caption.setText(self.tr("Picture found changed, %1").replace("%1", seen))
            self.why.setText("\n".join(finding_lines(report)))
        self.take.setText(self.tr("Take the present view as the reference"))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate on language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
