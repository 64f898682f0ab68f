"""Work around a reference-count bug of PySide6 6.12.0 on CPython 3.11.

With PySide6-Essentials 6.12.0, every call of a Qt method that returns ``void`` (``update()``,
``repaint()``, ``setWindowTitle()``, ``processEvents()`` …) takes one reference away from
``None`` (measured: exactly 1.0 per call). A console repaints its tiles 25 times a second, so
``None``'s count soon reaches zero and CPython aborts with "none_dealloc: deallocating None"
(usually at exit, while collecting garbage); ``True``/``False`` show the same symptom
("bool_dealloc"). CPython 3.12+ makes these singletons immortal, which hides the bug; on 3.11
we give them a reference count so large (2**40) that no realistic run can drain it. The
singletons are never freed anyway, so this changes nothing else. Remove once PySide6 is fixed.
"""

from __future__ import annotations

import ctypes
import logging
import sys

logger = logging.getLogger(__name__)

BOOST = 1 << 40
_applied = False


def apply() -> bool:
    """Raise the reference counts of None, True and False once; True when applied now."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += BOOST
    _applied = True
    logger.debug("PySide6 refcount guard applied to None/True/False")
    return True


def leak_per_void_call(samples: int = 200) -> float:
    """References to None lost per void Qt call (0.0 on a fixed PySide6); needs a QApplication."""
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(samples):
        obj.setObjectName("probe")
    return (before - sys.getrefcount(None)) / samples
