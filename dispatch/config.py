"""Where dispatch keeps its data by default."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    """The user data dir (``XUELIANG_DATA_DIR`` overrides), created if missing."""
    path = Path(os.environ.get("XUELIANG_DATA_DIR") or platformdirs.user_data_dir("xueliang"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """``XUELIANG_DB_URL`` or a SQLite file in the data dir."""
    return os.environ.get("XUELIANG_DB_URL") or f"sqlite:///{data_dir() / 'xueliang.db'}"
