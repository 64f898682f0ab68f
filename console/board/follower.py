"""The change-feed follower: a background thread that turns feed rows into incident snapshots.

It first loads the open incidents of the user (off the Qt thread), remembering the feed position
taken *before* the query so nothing committed meanwhile is missed; then it waits on
``ChangeFeed.wait_for_change`` and fetches a fresh snapshot of every changed incident.
Batches go out at most every ``min_gap_s``: a change after a quiet spell is sent at once, and a
burst (100 changes/s) is gathered into one batch per gap, which the board applies in one
event-loop pass and so repaints once (a row move repaints the whole table, ~4-8 ms).
Signals are emitted from the follower thread and reach main-thread receivers queued.
On a database error it retries from the same position: a change is never skipped. ``failed``
tells each failed attempt (one line), ``restored`` the first success after failures.
While it runs, cyclic garbage is collected on the Qt main thread only (``main_thread_gc``):
this thread allocates constantly and must never be the one that deletes Qt objects.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Signal

from console import main_thread_gc

logger = logging.getLogger(__name__)

# ≤ 5 batches/s: at most 5 full repaints/s from row moves (each ~4-8 ms of UI time)
MIN_GAP_S = 0.2


def one_line(exc: BaseException, limit: int = 200) -> str:
    """The first line of the error at the root of ``exc`` (the driver's words, without the
    wrappers' prefixes, SQL and links), spaces collapsed, at most ``limit`` characters."""
    root: BaseException = exc
    for _ in range(8):  # orig (SQLAlchemy) or __cause__ (raise ... from), to the bottom
        deeper = getattr(root, "orig", None) or root.__cause__
        if not isinstance(deeper, BaseException) or deeper is root:
            break
        root = deeper
    text = str(root).strip() or type(root).__name__
    line = " ".join(text.splitlines()[0].split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _dispatch_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError]
    try:
        from dispatch.errors import DispatchError

        errors.append(DispatchError)
    except ImportError:  # pragma: no cover - dispatch always present in the console
        pass
    try:
        from sqlalchemy.exc import SQLAlchemyError

        errors.append(SQLAlchemyError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


class FeedFollower(QObject):
    """Follows the change feed on its own thread; emits ``loaded`` then ``changed`` batches.

    ``loaded(list[IncidentSummary], seq)``, ``changed(list[Incident], seq)``, ``failed(str)``
    (one line, per failed attempt) and ``restored()`` (the first success after failures) are
    emitted from the follower thread.
    """

    loaded = Signal(object, int)
    changed = Signal(object, int)
    failed = Signal(str)
    restored = Signal()

    def __init__(
        self,
        svc: Any,
        feed: Any,
        login: str | None,
        since: int | None = None,
        batch: int = 500,
        poll_s: float = 0.5,
        min_gap_s: float = MIN_GAP_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._svc = svc
        self._feed = feed
        self._login = login
        self._since = since
        self._batch = batch
        self._poll_s = poll_s
        self._min_gap_s = min_gap_s
        self._sent_at = -min_gap_s  # monotonic time of the last batch
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._gc_held = False
        self.position = since or 0
        # Held by the follower while it runs Python (a snapshot fetch) and by the board while
        # it paints: painting enters Python thousands of times (model calls), each entry a GIL
        # acquisition that waits up to the switch interval (5 ms) while this thread is busy,
        # which stretched a 25 ms repaint past 100 ms. With the lock, the follower waits
        # for the paint to finish instead (a fetch takes ~0.3 ms, so the paint barely waits).
        self.ui_lock = threading.Lock()

    def start(self) -> None:
        """Start the follower thread (once; call on the Qt main thread)."""
        if self._thread is not None:
            return
        self._gc_held = main_thread_gc.hold()
        self._thread = threading.Thread(target=self._run, name="feed-follower", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Ask the thread to stop and wait for it (idempotent)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                logger.warning("feed follower did not stop within %.1f s", timeout_s)
            self._thread = None
        if self._gc_held:
            self._gc_held = False
            main_thread_gc.release()

    def is_running(self) -> bool:
        """True while the follower thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        errors = _dispatch_errors()
        backoff = 0.2
        loaded = self._since is not None
        failing = False
        while not self._stop.is_set():
            try:
                if not loaded:
                    self._initial_load()
                    loaded = True
                self._follow_once()
                backoff = 0.2
                if failing:
                    failing = False
                    logger.info("feed follower: database reachable again at seq %s", self.position)
                    self.restored.emit()
            except errors as exc:
                reason = one_line(exc)
                if not failing:
                    logger.warning("feed follower: %s; retrying from seq %s", reason, self.position)
                failing = True
                self.failed.emit(reason)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)

    def _initial_load(self) -> None:
        seq = int(self._feed.last_seq())
        incidents = self._svc.list_summaries(login=self._login, open_only=True)
        self.position = seq
        logger.info("feed follower: loaded %d open incidents at seq %d", len(incidents), seq)
        self.loaded.emit(list(incidents), seq)

    def _follow_once(self) -> None:
        if not self._feed.wait_for_change(self.position, self._poll_s):
            return
        gap = self._sent_at + self._min_gap_s - time.monotonic()
        if gap > 0 and self._stop.wait(gap):  # a burst: gather the rest of it
            return
        changes = self._feed.changes_since(self.position, limit=self._batch)
        if not changes:
            return
        ids = list(dict.fromkeys(c.incident_id for c in changes))
        snapshots = []
        for incident_id in ids:
            if self._stop.is_set():
                return  # position not advanced: the next follower resumes here
            with self.ui_lock:
                snapshots.append(self._svc.get(incident_id))
        last = int(changes[-1].seq)
        self.position = last
        self._sent_at = time.monotonic()
        self.changed.emit(snapshots, last)
