"""Encryption of camera credentials: Fernet with a key from the OS keyring or a 0600 key file.

Key source, first that applies: ``XUELIANG_CAMERA_KEY`` (a Fernet key, for consoles that share
one PostgreSQL store), an existing ``camera-key`` file in the data dir, the OS keyring when a
real backend is usable, else a new ``camera-key`` file created with mode 0600.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from video.config import data_dir
from video.errors import RegistryError

logger = logging.getLogger(__name__)

KEY_ENV = "XUELIANG_CAMERA_KEY"
KEY_FILE = "camera-key"
KEYRING_SERVICE = "xueliang-console"
KEYRING_NAME = "camera-key"


def _keyring_key() -> bytes | None:
    """The key kept in the OS keyring (created there if missing); None if no usable backend."""
    try:
        import keyring
        from keyring.backends import fail
        from keyring.errors import KeyringError
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    try:
        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_NAME)
        if stored:
            return stored.encode()
        key = Fernet.generate_key()
        keyring.set_password(KEYRING_SERVICE, KEYRING_NAME, key.decode())
        return key
    except KeyringError as exc:
        logger.info("OS keyring not usable (%s); using the key file", type(exc).__name__)
        return None


def _file_key(path: Path) -> bytes:
    if path.exists():
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise RegistryError(
                f"{path} is readable by others (mode {mode:o}): run `chmod 600 {path}`"
            )
        return path.read_bytes().strip()
    key = Fernet.generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    logger.info("created camera credential key file %s", path)
    return key


def load_key() -> tuple[bytes, str]:
    """(key, where it came from: "env", "file" or "keyring")."""
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode(), "env"
    path = data_dir() / KEY_FILE
    if path.exists():
        return _file_key(path), "file"
    key = _keyring_key()
    if key is not None:
        return key, "keyring"
    return _file_key(path), "file"


class CredentialBox:
    """Seals and opens (user, password) pairs."""

    def __init__(self, key: bytes | None = None) -> None:
        raw, self.source = (key, "given") if key is not None else load_key()
        try:
            self._fernet = Fernet(raw)
        except ValueError as exc:
            raise RegistryError(
                f"the camera credential key ({self.source}) is not a valid Fernet key"
            ) from exc

    def seal(self, user: str | None, password: str | None) -> str | None:
        """An encrypted token, or None when there is nothing to keep."""
        if not user and not password:
            return None
        payload = json.dumps({"user": user, "password": password}).encode()
        return self._fernet.encrypt(payload).decode()

    def open(self, token: str | None, camera_id: str) -> tuple[str | None, str | None]:
        """(user, password) from a token; RegistryError if the key does not fit."""
        if not token:
            return None, None
        try:
            data = json.loads(self._fernet.decrypt(token.encode()))
        except InvalidToken as exc:
            raise RegistryError(
                f"cannot decrypt the credentials of camera {camera_id!r}: the key "
                f"({self.source}) is not the one they were saved with; set {KEY_ENV} or "
                "re-add the camera with its password"
            ) from exc
        return data.get("user"), data.get("password")
