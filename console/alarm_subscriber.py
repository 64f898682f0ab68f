"""Video-alarm subscriptions of every registered camera, kept until each one holds.

At start-up the console follows each camera's ONVIF events, a few seconds after its window
opened (the wall's streams and the board load first). Each camera is first reached (a TCP
connection, many at once: an offline camera costs only waiting), then the reachable ones are
subscribed one at a time: the ONVIF exchanges are Python work on the shared event loop (zeep
builds ~700 objects per camera, ~70 ms), and two at once already cost the demo's wall 5 % of
its frames while they ran, four or more starved the Qt thread of the GIL (5 display ticks a
second). Reached one at a time, every offline camera cost the rest its whole timeout (5 s).
A camera that cannot be subscribed (offline, refusing the password, no event service) is
tried again every ``retry_s`` until it holds or the console stops (credentials the camera
refused are not sent again before ``AUTH_RETRY_S``: ``OnvifDevice`` refuses them itself,
without a login, see ``video.refusals``, and ``held`` lets the rounds skip them); its last
error is kept, one line, for the log and the maintenance view. Once a subscription holds,
the subscription itself recreates a lost pull-point. A camera whose credentials change in
the registry (a password rotated) is subscribed again (``renew``): its old subscription
would pull with the old password, refused, and its alarms would stop without a word.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from video.errors import AUTH_RETRY_S, OnvifAuthError, VideoError

logger = logging.getLogger(__name__)

WORKERS = 16  # cameras being reached at once (each waits on its camera's network)
SUBSCRIBING = 1  # ONVIF subscriptions at once (CPU and GIL on the event loop)
RETRY_S = 60.0
START_AFTER_S = 3.0  # let the window, the wall's streams and the board load come up first


class AlarmSubscriber:
    """Runs ``reach(camera_id)`` then ``subscribe(camera_id)`` for each camera until both
    return without raising.

    ``reach`` and ``subscribe`` raise ``VideoError``, ``OSError`` or ``KeyError`` for a
    camera that cannot be subscribed now; anything else is a bug and is logged with its
    traceback, then retried like the rest.
    """

    def __init__(
        self,
        subscribe: Callable[[str], object],
        camera_ids: Iterable[str],
        workers: int = WORKERS,
        retry_s: float = RETRY_S,
        reach: Callable[[str], object] | None = None,
        start_after_s: float = 0.0,
        unsubscribe: Callable[[str], object] | None = None,
        held: Callable[[str], float] | None = None,
    ) -> None:
        self.start_after_s = start_after_s
        self._subscribe = subscribe
        self._unsubscribe = unsubscribe
        self._reach = reach
        self._held = held  # seconds a camera's refused credentials are not sent again
        self._slots = threading.Semaphore(SUBSCRIBING)
        self._pending = list(dict.fromkeys(camera_ids))
        self._workers = workers
        self.retry_s = retry_s
        self._lock = threading.Lock()
        self._done: set[str] = set()
        self._known = set(self._pending)
        self._generation: dict[str, int] = {}  # renewals of a camera (an older attempt is void)
        self._refused: set[str] = set()  # cameras whose last answer refused the credentials
        self.errors: dict[str, str] = {}  # camera id -> its last error (one line)
        self.version = 0  # grows with every change of a camera's state (views poll it)
        self.rounds = 0
        self._stop = threading.Event()
        self._wake = threading.Event()  # renew: try now, not after the retry wait
        self._thread: threading.Thread | None = None
        self._running = False  # the thread is in its loop (changed under the lock)
        self._closers: list[threading.Thread] = []  # closing forgotten cameras' subscriptions

    def start(self) -> None:
        """Start subscribing on a background thread (returns at once)."""
        with self._lock:
            self._start_locked()

    def _start_locked(self) -> None:
        if not self._running and not self._stop.is_set():
            self._running = True
            self._thread = threading.Thread(target=self._run, name="alarm-subscribe", daemon=True)
            self._thread.start()

    def follow(self, camera_ids: Iterable[str]) -> list[str]:
        """Subscribe these cameras too (added to the registry); those not known yet."""
        with self._lock:
            new = [c for c in dict.fromkeys(camera_ids) if c not in self._known]
            if not new or self._stop.is_set():
                return []
            self._pending.extend(new)
            self._known.update(new)
            self.version += 1
            self._wake.set()
            self._start_locked()
        logger.info("video alarms of %d new camera(s) to follow", len(new))
        return new

    def forget(self, camera_ids: Iterable[str]) -> set[str]:
        """Follow these cameras no more (removed from the registry); their subscriptions are
        closed by ``unsubscribe`` on a thread of its own (each may wait on its camera)."""
        with self._lock:
            gone = {c for c in camera_ids if c in self._known}
            if not gone:
                return set()
            self._pending = [c for c in self._pending if c not in gone]
            self._known -= gone
            self._done -= gone
            for camera_id in gone:
                self.errors.pop(camera_id, None)
                self._refused.discard(camera_id)
                self._generation[camera_id] = self._generation.get(camera_id, 0) + 1
            self.version += 1
        self._close_later(gone)
        return gone

    def _close_later(self, camera_ids: set[str]) -> None:
        unsubscribe = self._unsubscribe
        if unsubscribe is None or not camera_ids:
            return

        def close() -> None:
            for camera_id in sorted(camera_ids):
                try:
                    unsubscribe(camera_id)
                except Exception:  # a camera gone must not stop the others' closing
                    logger.exception("%s: closing its video-alarm subscription failed", camera_id)

        thread = threading.Thread(target=close, name="alarm-unsubscribe", daemon=True)
        with self._lock:
            self._closers = [t for t in self._closers if t.is_alive()] + [thread]
        thread.start()

    def retry_now(self, camera_id: str) -> None:
        """Try a camera not subscribed yet now, not at the next round (an operator asked to,
        after forgetting the refusal of its credentials)."""
        with self._lock:
            if camera_id in self._known and camera_id not in self._done:
                self._wake.set()

    def renew(self, camera_ids: Iterable[str]) -> set[str]:
        """Subscribe these cameras again now (their credentials changed); ``subscribe`` is
        expected to replace a camera's old subscription. Returns the cameras renewed (those
        subscribed here; others are ignored)."""
        with self._lock:
            renewed = {c for c in camera_ids if c in self._known}
            if not renewed or self._stop.is_set():
                return set()
            self._done -= renewed
            for camera_id in renewed:
                self.errors.pop(camera_id, None)
                self._refused.discard(camera_id)
                self._generation[camera_id] = self._generation.get(camera_id, 0) + 1
            self.version += 1
            self._wake.set()
            self._start_locked()
        logger.info("video alarms of %d camera(s) subscribed again: new credentials", len(renewed))
        return renewed

    def stop(self, timeout: float = 15.0) -> None:
        """No new attempts; wait up to ``timeout`` for those in flight (each bounded by its
        device's timeout). Close the subscriptions after this, not before."""
        self._stop.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        deadline = time.monotonic() + timeout
        with self._lock:
            closers = list(self._closers)
        for waited in ([thread] if thread is not None else []) + closers:
            waited.join(max(0.0, deadline - time.monotonic()))

    def subscribed(self) -> set[str]:
        """Cameras whose subscription holds."""
        with self._lock:
            return set(self._done)

    def pending(self) -> list[str]:
        """Cameras not subscribed yet (tried again every ``retry_s``)."""
        with self._lock:
            return [c for c in self._pending if c not in self._done]

    def state(self, camera_id: str) -> tuple[str, str]:
        """("followed" | "retrying" | "subscribing", last error) of a camera; ("", "") for a
        camera not subscribed here (no ONVIF address)."""
        with self._lock:
            if camera_id not in self._known:
                return "", ""
            if camera_id in self._done:
                return "followed", ""
            if camera_id in self.errors:
                return "retrying", self.errors[camera_id]
            return "subscribing", ""

    def _run(self) -> None:
        try:
            delay, self.start_after_s = self.start_after_s, 0.0  # later threads: renewals
            if self._stop.wait(delay):
                return
            with ThreadPoolExecutor(self._workers, thread_name_prefix="alarm-subscribe") as pool:
                self._rounds(pool)
        finally:
            with self._lock:
                if self._thread is threading.current_thread():  # not replaced by a renewal's
                    self._running = False

    def _rounds(self, pool: ThreadPoolExecutor) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            with self._lock:
                pending = [c for c in self._pending if c not in self._done]
                if not pending:  # decided under the lock: a renewal from now starts a thread
                    self._running = False
                    return
                generations = {c: self._generation.get(c, 0) for c in pending}
            todo = [c for c in pending if not self._waits(c)]
            self.rounds += 1
            for future in [pool.submit(self._attempt, c, generations[c]) for c in todo]:
                future.result()
            if self._stop.is_set():  # stopping: the cameras not tried are no news
                return
            left = self.pending()
            if left and not self._wake.is_set():
                with self._lock:
                    refused = sum(1 for c in left if c in self._refused)
                logger.warning(
                    "video alarms of %d camera(s) not followed yet, trying again in %g s"
                    " (%d refused the credentials: sent again after %g s)",
                    len(left),
                    self.retry_s,
                    refused,
                    AUTH_RETRY_S,
                )
            self._wake.wait(self.retry_s)

    def _waits(self, camera_id: str) -> bool:
        """The camera refused these credentials lately: its device would answer for it,
        so the round does not try (no TCP connection, no warning each minute)."""
        if self._held is None or camera_id not in self._refused:
            return False
        try:
            return self._held(camera_id) > 0
        except Exception as exc:  # its device cannot be had (registry away): let it try
            logger.debug("%s: whether its credentials wait: %s", camera_id, exc)
            return False

    def _current(self, camera_id: str, generation: int) -> bool:
        """An attempt begun at ``generation`` still counts (call under the lock)."""
        return camera_id in self._known and self._generation.get(camera_id, 0) == generation

    def _attempt(self, camera_id: str, generation: int) -> None:
        if self._stop.is_set():
            return
        try:
            if self._unsubscribe is not None:  # renewed: the old one first, outside the slot
                self._unsubscribe(camera_id)  # (it may wait on a dead address for seconds)
            if self._reach is not None:
                self._reach(camera_id)
            with self._slots:
                if self._stop.is_set():
                    return
                self._subscribe(camera_id)
        except (VideoError, OSError, KeyError) as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            with self._lock:
                if self._current(camera_id, generation):  # not renewed or forgotten meanwhile
                    self.errors[camera_id] = message
                    self.version += 1
                    if isinstance(exc, OnvifAuthError):
                        self._refused.add(camera_id)
                    else:
                        self._refused.discard(camera_id)
            logger.warning("%s: no video alarms: %s", camera_id, message)
            return
        except Exception:
            logger.exception("%s: subscribing to video alarms failed", camera_id)
            with self._lock:
                if self._current(camera_id, generation):
                    self.errors[camera_id] = "internal error (see the log)"
                    self.version += 1
            return
        with self._lock:
            if not self._current(camera_id, generation):  # renewed or forgotten
                forgotten = camera_id not in self._known
            else:
                forgotten = None
                self._done.add(camera_id)
                self.errors.pop(camera_id, None)
                self._refused.discard(camera_id)
                self.version += 1
        if forgotten is not None:  # renewed: subscribed again next round; forgotten: closed
            if forgotten:
                self._close_later({camera_id})
            return
        logger.info("%s: video alarms followed", camera_id)
