"""Cyclic garbage is collected on the Qt main thread while a board's feed follower or a video
wall runs (each holds it).

CPython runs its cycle collector in whichever thread happens to allocate when a threshold is
crossed. A video wall's readers allocate all the time, and a full collection one of them set
off held the GIL 56 ms at ~100k objects (the wall's longest UI stall). The feed follower
allocates all the time too (a query every 25 ms on SQLite), so with the
collector on, a widget or model that became cyclic garbage was destroyed on the follower thread
(seen under gdb: ``~QGraphicsView`` called from ``_follow_once``), and on the main thread it
could be destroyed inside one of its own paint events (the segfault of the console tests).
Qt objects must be deleted on their own thread, between events.

So while at least one holder exists, automatic collection is off and a main-thread timer
collects instead, generation by generation with the interpreter's own thresholds (the same
policy as pyqtgraph's ``GarbageCollector``). Holders are counted; the last release restores
the collector as it was. Call ``hold``/``release`` from the Qt main thread.

A full (generation 2) collection walks every tracked object, and the demo console holds
~250,000 (zeep's WSDL models of the ONVIF clients alone are most of them): 100-115 ms on the
Qt thread, due every ~20 s, the longest UI stall the demo had. So what exists when the first
holder arrives (modules, start-up state) and the survivors of each full collection are
frozen (``gc.freeze``: long-lived, left out of later collections), and the next full
collection walks only what arrived since: 8 ms. Cyclic garbage among frozen objects (a
long-lived structure dropped later: a camera's ONVIF client replaced when its password
rotated) waits for a sweep that unfreezes everything before the next full collection (100 ms,
once), and for the last release. A sweep is due when what was frozen since the last one has
grown by ``SWEEP_GROWTH`` (what replaced a dropped structure survived and was frozen too),
or when asked (``request_sweep``: cameras removed from the registry leave garbage and nothing
new), at most every ``SWEEP_MIN_S``, and at least every ``SWEEP_MAX_S``: a console whose
long-lived state does not change pauses four times a day, not every hour.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

logger = logging.getLogger(__name__)

# 50 ms: between two collections the Qt thread allocates a few thousand objects at most. At
# 200 ms a start-up burst (zeep building the ONVIF clients) left 25,000 young objects for one
# 37 ms generation-0 collection and a 53 ms generation-1; now the longest is ~20 ms.
INTERVAL_MS = 50
SWEEP_MIN_S = 600.0  # frozen objects are unfrozen (and so collected) at most this often,
SWEEP_GROWTH = 0.25  # when their number grew by this share since the last sweep,
SWEEP_MAX_S = 21600.0  # and at least this often


class MainThreadCollector(QObject):
    """Runs ``gc.collect`` from a main-thread timer while automatic collection is off."""

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.holders = 0
        self._was_enabled = False
        self._clock = clock
        self._swept_at = clock()
        self._swept_size = 0  # objects frozen right after the last sweep
        self.requested = False  # long-lived state was dropped: sweep at the next chance
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)

    def hold(self) -> None:
        """One more holder; the first turns automatic collection off and starts the timer."""
        if self.holders == 0:
            self._was_enabled = gc.isenabled()
            gc.disable()
            gc.freeze()  # what exists now (modules, start-up state) is long-lived too
            self._swept_at = self._clock()
            self._swept_size = gc.get_freeze_count()
            self._timer.start()
        self.holders += 1

    def release(self) -> None:
        """One holder less; the last stops the timer and restores automatic collection."""
        if self.holders == 0:
            return
        self.holders -= 1
        if self.holders == 0:
            self._timer.stop()
            gc.unfreeze()  # the interpreter's own collections see everything again
            if self._was_enabled:
                gc.enable()

    def collect(self) -> int:
        """Collect the generations the interpreter would have by now; the number freed."""
        t0, t1, t2 = gc.get_threshold()
        c0, c1, c2 = gc.get_count()
        if t0 == 0 or c0 <= t0:
            return 0
        generation = 0
        if c1 >= t1:
            generation = 2 if c2 >= t2 else 1
        if generation < 2:
            return gc.collect(generation)
        sweep = self.sweep_due()
        if sweep:
            self._swept_at = self._clock()
            gc.unfreeze()  # this collection walks everything once
        freed = gc.collect(2)
        gc.freeze()  # the survivors are long-lived: later full collections skip them
        if sweep:
            self._swept_size = gc.get_freeze_count()
            self.requested = False
        return freed

    def sweep_due(self) -> bool:
        """Whether the next full collection unfreezes everything first (see above)."""
        since = self._clock() - self._swept_at
        grown = gc.get_freeze_count() >= self._swept_size * (1.0 + SWEEP_GROWTH)
        return since >= SWEEP_MAX_S or (since >= SWEEP_MIN_S and (grown or self.requested))


_collector: MainThreadCollector | None = None


def _on_main_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def hold() -> bool:
    """Collect cyclic garbage on the main thread until ``release``; False if not possible.

    Without a Qt application, or off the main thread, nothing changes (no event loop would
    run the timer) and False is returned: do not call ``release`` then.
    """
    global _collector
    if not _on_main_thread():
        logger.debug("main-thread garbage collection not held: not on the Qt main thread")
        return False
    if _collector is None:
        _collector = MainThreadCollector()
    _collector.hold()
    return True


def release() -> None:
    """Drop one hold taken by ``hold`` (main thread)."""
    if _collector is not None:
        _collector.release()


def request_sweep() -> None:
    """Long-lived state was dropped (cameras removed, their devices closed): the next full
    collection after ``SWEEP_MIN_S`` walks everything once (any thread)."""
    if _collector is not None:
        _collector.requested = True


def holders() -> int:
    """How many holds are active (0 when automatic collection is untouched)."""
    return 0 if _collector is None else _collector.holders
