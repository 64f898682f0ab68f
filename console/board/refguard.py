"""Guard against PySide6 6.12.0 dropping a reference to ``None`` on every void call.

In PySide6-Essentials 6.12.0 (CPython 3.11) each call of a Qt method returning ``void``
(``QTimer.setInterval``, ``QSortFilterProxyModel.sort``, ``invalidate`` …) and each
``QModelIndex.data()`` that yields an invalid QVariant returns ``None`` without taking a
reference. After a few thousand calls ``None``'s count reaches zero and the interpreter aborts
("none_dealloc: deallocating None"). ``install()`` measures whether the running binding has
the defect and, only then, gives ``None``, ``True`` and ``False`` a huge reference count
(singletons are never freed; CPython 3.12+ makes them immortal the same way). Idempotent.
"""

from __future__ import annotations

import ctypes
import logging
import sys

logger = logging.getLogger(__name__)

BALLAST = 1 << 40  # ~10^12 lost references before the count could reach zero again
_installed = False


def binding_drops_none(probes: int = 50) -> bool:
    """True if a void Qt call returns ``None`` without a reference (the PySide6 6.12.0 defect)."""
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(probes):
        obj.setObjectName("probe")
    return sys.getrefcount(None) <= before - probes // 2


def install() -> bool:
    """Add the ballast when the defect is present; True if it was (or already is) installed."""
    global _installed
    if _installed:
        return True
    if not binding_drops_none():
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += BALLAST
    _installed = True
    logger.warning(
        "PySide6 drops references to None on void calls; singleton ballast installed "
        "(upgrade or pin PySide6 to a fixed version)"
    )
    return True
