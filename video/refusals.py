"""Credentials a camera refused, remembered for the whole process, RTSP and ONVIF alike.

Every try with a wrong password is a failed login, and cameras lock an address out after a
few (then even the right password is refused for a while). A console logs in to a camera
from many places: wall tiles (a tour moves a camera to a new tile every few seconds, each
with a new reader), its own window, the patrol, the roll-call, the alarm subscription and
its pulls, the PTZ panel, snapshots. So the wait is kept here, by camera account (service,
host, port, user, and a digest of the password, never the password itself): ``open_stream``
and ``OnvifDevice`` refuse at once, without the network, until ``AUTH_RETRY_S`` has passed.
Other credentials (a password changed in the registry) are tried at once; ``forget`` lets an
operator's explicit request try the same ones again.
"""

from __future__ import annotations

import hashlib
import threading
import time
from urllib.parse import unquote, urlsplit

from video.errors import AUTH_RETRY_S

Account = tuple[str, str, int, str, str]  # service, host, port, user, password digest
DEFAULT_PORTS = {"rtsp": 554, "rtsps": 322, "http": 80, "https": 443}


def login(service: str, host: str, port: int, user: str | None, password: str | None) -> Account:
    """The account of a login to ``service`` ("rtsp" or "onvif") at ``host:port``."""
    digest = hashlib.sha256((password or "").encode()).hexdigest()[:16]
    return (service, host, int(port), user or "", digest)


def account(url: str) -> Account:
    """The account of a stream URL (rtsp://user:password@host:port/...)."""
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 554)
    user = unquote(parts.username or "")
    return login("rtsp", parts.hostname or "", port, user, unquote(parts.password or ""))


def _key(which: str | Account) -> Account:
    return account(which) if isinstance(which, str) else which


class Refusals:
    """Accounts a camera refused and until when they are not tried again. Thread-safe.

    Each method takes a stream URL or an ``Account`` (``login(...)``)."""

    def __init__(self, wait_s: float = AUTH_RETRY_S) -> None:
        self.wait_s = wait_s
        self._until: dict[Account, float] = {}
        self._lock = threading.Lock()

    def refused(self, which: str | Account) -> None:
        """The camera refused these credentials just now."""
        with self._lock:
            self._until[_key(which)] = time.monotonic() + self.wait_s

    def left_s(self, which: str | Account) -> float:
        """Seconds until these credentials may be tried again (0: now)."""
        key = _key(which)
        with self._lock:
            until = self._until.get(key)
            if until is None:
                return 0.0
            left = until - time.monotonic()
            if left <= 0:
                del self._until[key]
                return 0.0
            return left

    def forget(self, which: str | Account) -> bool:
        """Try these credentials at the next login (an operator asked to). True when they
        had been refused and were still waiting."""
        with self._lock:
            until = self._until.pop(_key(which), None)
        return until is not None and until > time.monotonic()

    def clear(self) -> None:
        """Forget every refusal."""
        with self._lock:
            self._until.clear()


REFUSALS = Refusals()  # the process's
