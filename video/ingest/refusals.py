"""Credentials a camera refused, remembered for the whole process.

Every try with a wrong password is a failed login, and cameras lock an address out after a
few (then even the right password is refused for a while). A console opens a camera's
streams from many places: wall tiles (a tour moves a camera to a new tile every few seconds,
each with a new reader), its own window, the patrol, the roll-call. So the wait is kept
here, by camera account (host, port, user, and a digest of the password, never the password
itself), and ``open_stream`` refuses at once, without the network, until ``AUTH_RETRY_S`` has
passed. Other credentials (a password changed in the registry) are tried at once;
``forget`` lets an operator's explicit request try the same ones again.
"""

from __future__ import annotations

import hashlib
import threading
import time
from urllib.parse import unquote, urlsplit

from video.errors import AUTH_RETRY_S

Account = tuple[str, int, str, str]


def account(url: str) -> Account:
    """(host, port, user, password digest) of a URL."""
    parts = urlsplit(url)
    password = unquote(parts.password or "")
    digest = hashlib.sha256(password.encode()).hexdigest()[:16]
    return (parts.hostname or "", parts.port or 554, unquote(parts.username or ""), digest)


class Refusals:
    """Accounts a camera refused and until when they are not tried again. Thread-safe."""

    def __init__(self, wait_s: float = AUTH_RETRY_S) -> None:
        self.wait_s = wait_s
        self._until: dict[Account, float] = {}
        self._lock = threading.Lock()

    def refused(self, url: str) -> None:
        """The camera of ``url`` refused its credentials just now."""
        with self._lock:
            self._until[account(url)] = time.monotonic() + self.wait_s

    def left_s(self, url: str) -> float:
        """Seconds until ``url``'s credentials may be tried again (0: now)."""
        key = account(url)
        with self._lock:
            until = self._until.get(key)
            if until is None:
                return 0.0
            left = until - time.monotonic()
            if left <= 0:
                del self._until[key]
                return 0.0
            return left

    def forget(self, url: str) -> None:
        """Try ``url``'s credentials at the next open (an operator asked to)."""
        with self._lock:
            self._until.pop(account(url), None)


REFUSALS = Refusals()  # the process's
