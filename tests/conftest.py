"""Shared fixtures: every test gets a fresh data dir and no inherited database URL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# pytest-qt creates the session QApplication before any fixture runs: pick the platform now.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def fresh_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the app's data dir at a temp folder and clear inherited settings."""
    data = tmp_path / "xueliang-data"
    data.mkdir()
    monkeypatch.setenv("XUELIANG_DATA_DIR", str(data))
    monkeypatch.delenv("XUELIANG_DB_URL", raising=False)
    yield data


@pytest.fixture(autouse=True)
def no_remembered_refusals() -> Iterator[None]:
    """Credentials refused in one test are not held back in the next (video.refusals keeps
    them for the whole process, by host, port and user: ports are reused)."""
    from video.refusals import REFUSALS

    yield
    REFUSALS.clear()
