"""Guard against PySide6 builds that drop a reference to None on void calls.

PySide6-Essentials 6.12.0 on CPython 3.11 takes one reference away from ``None`` on every
call of a Qt method returning void; a console repainting 16 tiles at 25 fps aborts with
"none_dealloc" within minutes. pyproject pins a version without the defect; this test fails
if a leaking build is ever installed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget


def test_void_qt_calls_keep_none_refcount(qtbot: object) -> None:
    """Thousands of void calls leave the reference counts of None, True and False unchanged."""
    timer, obj, widget = QTimer(), QObject(), QWidget()
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for _ in range(5000):
        timer.setInterval(5)
        obj.setObjectName("probe")
        widget.update()
        widget.setEnabled(True)
    after = [sys.getrefcount(x) for x in (None, True, False)]
    # Other threads may hold a few references at either moment; the defect loses 5,000+.
    lost = [b - a for a, b in zip(after, before, strict=True)]
    assert max(lost) < 500, f"PySide6 lost references to None/True/False: {lost}"
