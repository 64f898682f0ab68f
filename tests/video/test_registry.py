"""Camera registry: CRUD, filters, credentials encrypted at rest, never logged."""

from __future__ import annotations

import logging
import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from video.errors import CameraNotFoundError, RegistryError
from video.registry import Camera, CameraRegistry, with_credentials

PASSWORD = "Pa55-雪亮-unique-7f3c"


@pytest.fixture(autouse=True)
def no_os_keyring() -> Iterator[None]:
    """Never touch the developer's real keyring: force the key-file path."""
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "registry.db"


@pytest.fixture
def registry(db_path: Path) -> Iterator[CameraRegistry]:
    reg = CameraRegistry(f"sqlite:///{db_path}")
    yield reg
    reg.close()


def _camera(i: int, **kw: object) -> Camera:
    return Camera(
        id=f"cam{i}",
        name=f"路口-{i}",
        grid_id=kw.pop("grid_id", "610202-001"),  # type: ignore[arg-type]
        lat=35.08,
        lon=109.1,
        onvif_url=f"http://127.0.0.1:{8000 + i}/onvif/device_service",
        rtsp_main=f"rtsp://127.0.0.1:8554/cam{i}/main",
        rtsp_sub=f"rtsp://127.0.0.1:8554/cam{i}/sub",
        profiles=[{"token": "prof_main", "name": "main", "width": 1280}],
        **kw,  # type: ignore[arg-type]
    )


def test_crud_and_filters(registry: CameraRegistry) -> None:
    registry.add(_camera(1, tags=["路口", "ptz"]), user="admin", password=PASSWORD)
    registry.add(_camera(2, grid_id="610202-002", tags=["ptz"]))
    registry.add(_camera(3, tags=[]))
    assert [c.id for c in registry.list()] == ["cam1", "cam2", "cam3"]
    assert [c.id for c in registry.list(grid_id="610202-001")] == ["cam1", "cam3"]
    assert [c.id for c in registry.list(tag="ptz")] == ["cam1", "cam2"]
    assert [c.id for c in registry.list(grid_id="610202-001", tag="ptz")] == ["cam1"]
    cam = registry.get("cam1")
    assert cam.tags == ["ptz", "路口"] and cam.has_credentials
    assert cam.profiles[0]["width"] == 1280
    assert not registry.get("cam2").has_credentials
    cam.name, cam.tags = "北关路口", ["night"]
    registry.update(cam)
    again = registry.get("cam1")
    assert (again.name, again.tags) == ("北关路口", ["night"])
    assert registry.credentials("cam1") == ("admin", PASSWORD)  # kept by update
    registry.update(again, password="new-pass")
    assert registry.credentials("cam1") == ("admin", "new-pass")
    registry.remove("cam2")
    assert [c.id for c in registry.list()] == ["cam1", "cam3"]
    with pytest.raises(CameraNotFoundError, match="camera list"):
        registry.remove("cam2")
    with pytest.raises(CameraNotFoundError):
        registry.get("nope")
    with pytest.raises(RegistryError, match="already registered"):
        registry.add(_camera(1))


def test_stream_url_carries_credentials_only_on_request(registry: CameraRegistry) -> None:
    registry.add(_camera(1), user="ad min", password="p@ss:w/rd")
    url = registry.stream_url("cam1", "sub")
    assert url == "rtsp://ad%20min:p%40ss%3Aw%2Frd@127.0.0.1:8554/cam1/sub"
    assert registry.get("cam1").rtsp_sub == "rtsp://127.0.0.1:8554/cam1/sub"
    assert registry.stream_url("cam1") == url.replace("/sub", "/main")
    with pytest.raises(RegistryError, match="main or sub"):
        registry.stream_url("cam1", "hd")


def test_stream_urls_of_every_camera_in_one_read(registry: CameraRegistry) -> None:
    """What a console keeps so opening a stream asks the database nothing: both profiles of
    each camera with its credentials, the one stream of a single-stream camera for both."""
    registry.add(_camera(1), user="ad min", password="p@ss:w/rd")
    registry.add(_camera(2))  # no credentials
    single = _camera(3)
    single.rtsp_sub = None
    registry.add(single, user="u", password="pw")
    urls = registry.stream_urls()
    assert urls[("cam1", "sub")] == registry.stream_url("cam1", "sub")
    assert urls[("cam1", "main")] == registry.stream_url("cam1", "main")
    assert urls[("cam2", "sub")] == "rtsp://127.0.0.1:8554/cam2/sub"
    assert urls[("cam3", "sub")] == urls[("cam3", "main")] == "rtsp://u:pw@127.0.0.1:8554/cam3/main"
    assert len(urls) == 6

    # a console re-reads them every minute: only changed credentials are decrypted again
    opened: list[str] = []
    box_open = registry._box.open

    def counting(secret: str | None, camera_id: str) -> tuple[str | None, str | None]:
        opened.append(camera_id)
        return box_open(secret, camera_id)

    registry._box.open = counting  # type: ignore[method-assign]
    assert registry.stream_urls() == urls and opened == []
    registry.update(registry.get("cam1"), password="rotated")
    registry.remove("cam2")
    opened.clear()  # (the update opened cam1's old credentials to keep its user)
    again = registry.stream_urls()
    assert opened == ["cam1"]
    assert again[("cam1", "main")] == "rtsp://ad%20min:rotated@127.0.0.1:8554/cam1/main"
    assert ("cam2", "sub") not in again and again[("cam3", "sub")] == urls[("cam3", "sub")]


def test_credentials_in_urls_are_moved_into_the_secret(registry: CameraRegistry) -> None:
    cam = _camera(5)
    cam.rtsp_main = f"rtsp://viewer:{PASSWORD}@10.0.0.5:554/ch1"
    registry.add(cam)
    stored = registry.get("cam5")
    assert stored.rtsp_main == "rtsp://10.0.0.5:554/ch1" and stored.has_credentials
    assert registry.credentials("cam5") == ("viewer", PASSWORD)


def test_password_never_in_clear_in_db_or_logs(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    reg = CameraRegistry(f"sqlite:///{db_path}")
    try:
        cam = _camera(7)
        cam.rtsp_main = f"rtsp://admin:{PASSWORD}@127.0.0.1:8554/cam7/main"
        reg.add(cam)
        reg.update(reg.get("cam7"), password=PASSWORD + "2")
        reg.stream_url("cam7")
        reg.list()
    finally:
        reg.close()
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob("registry.db*"))
    assert PASSWORD.encode() not in raw and PASSWORD.encode("utf-16-le") not in raw
    assert b"admin" not in raw  # the user is sealed too
    assert PASSWORD not in caplog.text and "cam7" in caplog.text


def test_key_file_is_private_and_reused(db_path: Path, fresh_data_dir: Path) -> None:
    reg = CameraRegistry(f"sqlite:///{db_path}")
    reg.add(_camera(1), user="u", password=PASSWORD)
    reg.close()
    key = fresh_data_dir / "camera-key"
    assert reg._box.source == "file"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    reopened = CameraRegistry(f"sqlite:///{db_path}")
    assert reopened.credentials("cam1") == ("u", PASSWORD)
    reopened.close()
    os.chmod(key, 0o644)
    with pytest.raises(RegistryError, match="chmod 600"):
        CameraRegistry(f"sqlite:///{db_path}")


def test_wrong_key_is_a_clear_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from cryptography.fernet import Fernet

    reg = CameraRegistry(f"sqlite:///{db_path}", key=Fernet.generate_key())
    reg.add(_camera(1), user="u", password=PASSWORD)
    reg.close()
    monkeypatch.setenv("XUELIANG_CAMERA_KEY", Fernet.generate_key().decode())
    other = CameraRegistry(f"sqlite:///{db_path}")
    with pytest.raises(RegistryError, match="cannot decrypt"):
        other.credentials("cam1")
    with caplog.at_level(logging.WARNING):
        assert other.stream_urls() == {}  # left out (logged): its stream says why when opened
        assert other.stream_urls() == {}  # the console's re-read a minute later: not again
    assert sum("cannot decrypt" in r.getMessage() for r in caplog.records) == 1
    other.close()


def test_coexists_with_its_own_version_table(db_path: Path) -> None:
    CameraRegistry(f"sqlite:///{db_path}").close()
    engine = sa.create_engine(f"sqlite:///{db_path}")
    with engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
        version = conn.execute(sa.text("select version_num from alembic_version_video")).scalar()
    engine.dispose()
    assert {"video_camera", "video_camera_tag", "alembic_version_video"} <= names
    assert "alembic_version" not in names and version == "video0001"


def test_bad_urls() -> None:
    with pytest.raises(RegistryError, match="cannot parse"):
        CameraRegistry("not a url")
    with pytest.raises(RegistryError, match="unsupported"):
        CameraRegistry("mysql://x@y/z")
    assert with_credentials("rtsp://old:pw@h/x", "new", None) == "rtsp://new@h/x"


@pytest.mark.postgres
def test_postgres_store() -> None:
    admin = sa.create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    name = f"xl_registry_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is not reachable: {exc.orig}")
    try:
        reg = CameraRegistry(f"postgresql://postgres@127.0.0.1:5432/{name}")
        reg.add(_camera(1, tags=["a"]), user="admin", password=PASSWORD)
        assert [c.id for c in reg.list(tag="a")] == ["cam1"]
        assert reg.credentials("cam1") == ("admin", PASSWORD)
        reg.remove("cam1")
        reg.close()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
