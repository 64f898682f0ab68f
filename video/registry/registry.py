"""The camera registry: cameras in the project's database, credentials encrypted at rest."""

from __future__ import annotations

import builtins
import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError

from video.config import default_db_url
from video.errors import CameraNotFoundError, RegistryError
from video.redact import redact_url, strip_credentials
from video.registry import tables
from video.registry.crypto import CredentialBox
from video.registry.models import Camera, profile_url

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
_KEEP = object()  # "leave the stored credentials as they are"


def _engine(url: str) -> sa.Engine:
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise RegistryError(
            f"cannot parse database URL {redact_url(url)!r}: use sqlite:///PATH or "
            "postgresql://USER@HOST/DB"
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = sa.create_engine(parsed, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    if backend == "postgresql":
        # fail in seconds, not minutes, when the server or the network stops answering (the
        # same limits as dispatch.store.PG_NETWORK; a setting in the URL wins)
        limits = {
            "connect_timeout": 5,
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": 15000,
        }
        args = {key: value for key, value in limits.items() if key not in parsed.query}
        return sa.create_engine(parsed, pool_pre_ping=True, connect_args=args)
    raise RegistryError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")


def _userinfo(url: str | None) -> tuple[str | None, str | None]:
    if not url:
        return None, None
    parts = urlsplit(url)
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return user, password


def with_credentials(url: str, user: str | None, password: str | None) -> str:
    """``url`` with ``user:password@`` (percent-encoded) in its authority."""
    if not user:
        return url
    parts = urlsplit(strip_credentials(url))
    auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
    return urlunsplit(parts._replace(netloc=f"{auth}@{parts.netloc}"))


class CameraRegistry:
    """Cameras in the ``video_camera`` tables of the project database. Thread-safe."""

    def __init__(self, db_url: str | None = None, key: bytes | None = None) -> None:
        self._url = db_url or default_db_url()
        self.engine = _engine(self._url)
        self._box = CredentialBox(key)
        self._unreadable: set[str] = set()  # cameras whose credentials could not be opened
        # stream_urls' last result by camera: ((rtsp_main, rtsp_sub, sealed secret), URLs)
        self._url_cache: dict[str, tuple[tuple[Any, ...], dict[str, str]]] = {}
        self.migrate()

    def migrate(self) -> None:
        """Create or upgrade the registry tables (own Alembic version table)."""
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except OperationalError as exc:
            raise RegistryError(
                f"cannot open the camera registry at {redact_url(self._url)}: {exc.orig}"
            ) from exc

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()

    # -- writes -------------------------------------------------------------------------------

    def _row(self, cam: Camera) -> dict[str, Any]:
        return {
            "name": cam.name,
            "grid_id": cam.grid_id,
            "lat": cam.lat,
            "lon": cam.lon,
            "onvif_url": strip_credentials(cam.onvif_url) if cam.onvif_url else None,
            "rtsp_main": strip_credentials(cam.rtsp_main) if cam.rtsp_main else None,
            "rtsp_sub": strip_credentials(cam.rtsp_sub) if cam.rtsp_sub else None,
            "profiles": json.dumps(cam.profiles, ensure_ascii=False),
            "updated_at": dt.datetime.now(dt.UTC),
        }

    def add(self, camera: Camera, user: str | None = None, password: str | None = None) -> Camera:
        """Register a camera; credentials found in its URLs are moved into the sealed secret."""
        if not camera.id or not camera.name:
            raise RegistryError("a camera needs an id and a name")
        if user is None and password is None:
            for url in (camera.rtsp_main, camera.rtsp_sub, camera.onvif_url):
                user, password = _userinfo(url)
                if user:
                    break
        row = self._row(camera) | {
            "id": camera.id,
            "secret": self._box.seal(user, password),
            "created_at": dt.datetime.now(dt.UTC),
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(tables.camera.insert().values(**row))
                self._write_tags(conn, camera.id, camera.tags)
        except IntegrityError as exc:
            raise RegistryError(
                f"camera {camera.id!r} is already registered: remove it first or pick another id"
            ) from exc
        logger.info("%s: camera registered", camera.id)
        return self.get(camera.id)

    def update(self, camera: Camera, user: Any = _KEEP, password: Any = _KEEP) -> Camera:
        """Replace a camera's fields; credentials change only when ``user``/``password`` given."""
        values = self._row(camera)
        if user is not _KEEP or password is not _KEEP:
            old_user, old_password = self.credentials(camera.id)
            values["secret"] = self._box.seal(
                old_user if user is _KEEP else user,
                old_password if password is _KEEP else password,
            )
        with self.engine.begin() as conn:
            done = conn.execute(
                tables.camera.update().where(tables.camera.c.id == camera.id).values(**values)
            )
            if done.rowcount == 0:
                raise CameraNotFoundError(camera.id)
            conn.execute(
                tables.camera_tag.delete().where(tables.camera_tag.c.camera_id == camera.id)
            )
            self._write_tags(conn, camera.id, camera.tags)
        logger.info("%s: camera updated", camera.id)
        return self.get(camera.id)

    def _write_tags(self, conn: sa.Connection, camera_id: str, tags: builtins.list[str]) -> None:
        unique = sorted({t.strip() for t in tags if t.strip()})
        if unique:
            conn.execute(
                tables.camera_tag.insert(), [{"camera_id": camera_id, "tag": t} for t in unique]
            )

    def remove(self, camera_id: str) -> None:
        """Delete a camera and its tags."""
        with self.engine.begin() as conn:
            conn.execute(
                tables.camera_tag.delete().where(tables.camera_tag.c.camera_id == camera_id)
            )
            done = conn.execute(tables.camera.delete().where(tables.camera.c.id == camera_id))
            if done.rowcount == 0:
                raise CameraNotFoundError(camera_id)
        logger.info("%s: camera removed", camera_id)

    # -- reads --------------------------------------------------------------------------------

    def _cameras(self, where: Any = None) -> builtins.list[Camera]:
        c, t = tables.camera, tables.camera_tag
        query = sa.select(c).order_by(c.c.id)
        if where is not None:
            query = query.where(where)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
            ids = [r["id"] for r in rows]
            tags: dict[str, builtins.list[str]] = {i: [] for i in ids}
            if ids:
                for cam_id, tag in conn.execute(
                    sa.select(t.c.camera_id, t.c.tag)
                    .where(t.c.camera_id.in_(ids))
                    .order_by(t.c.tag)
                ):
                    tags[cam_id].append(tag)
        return [
            Camera(
                id=r["id"],
                name=r["name"],
                grid_id=r["grid_id"],
                lat=r["lat"],
                lon=r["lon"],
                onvif_url=r["onvif_url"],
                rtsp_main=r["rtsp_main"],
                rtsp_sub=r["rtsp_sub"],
                profiles=json.loads(r["profiles"] or "[]"),
                tags=tags[r["id"]],
                has_credentials=bool(r["secret"]),
            )
            for r in rows
        ]

    def get(self, camera_id: str) -> Camera:
        """One camera; CameraNotFoundError if unknown."""
        found = self._cameras(tables.camera.c.id == camera_id)
        if not found:
            raise CameraNotFoundError(camera_id)
        return found[0]

    def list(self, grid_id: str | None = None, tag: str | None = None) -> builtins.list[Camera]:
        """Cameras by id, optionally only one grid's and/or those carrying ``tag``."""
        conds = []
        if grid_id is not None:
            conds.append(tables.camera.c.grid_id == grid_id)
        if tag is not None:
            t = tables.camera_tag
            conds.append(tables.camera.c.id.in_(sa.select(t.c.camera_id).where(t.c.tag == tag)))
        return self._cameras(sa.and_(*conds) if conds else None)

    def credentials(self, camera_id: str) -> tuple[str | None, str | None]:
        """(user, password) of a camera, decrypted (for readers only; never log them)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(tables.camera.c.secret).where(tables.camera.c.id == camera_id)
            ).first()
        if row is None:
            raise CameraNotFoundError(camera_id)
        return self._box.open(row[0], camera_id)

    def stream_urls(self) -> dict[tuple[str, str], str]:
        """Every camera's RTSP URLs WITH credentials, by (camera id, "main"/"sub"), in one
        query: a console keeps them so opening a stream asks the database nothing."""
        c = tables.camera
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(c.c.id, c.c.rtsp_main, c.c.rtsp_sub, c.c.secret)).all()
        urls: dict[tuple[str, str], str] = {}
        known, cache = self._url_cache, {}
        for camera_id, main, sub, secret in rows:
            # a console re-reads every minute: what it read last is not decrypted again
            mine = known.get(camera_id)
            if mine is None or mine[0] != (main, sub, secret):
                mine = ((main, sub, secret), self._camera_urls(camera_id, main, sub, secret))
            cache[camera_id] = mine
            for profile, url in mine[1].items():
                urls[(camera_id, profile)] = url
        self._url_cache = cache  # one reference swap: a concurrent call built its own
        return urls

    def _camera_urls(
        self, camera_id: str, main: str | None, sub: str | None, secret: str | None
    ) -> dict[str, str]:
        try:
            user, password = self._box.open(secret, camera_id)
        except RegistryError as exc:  # left out: opening it says so, camera by camera
            if camera_id not in self._unreadable:  # once: consoles re-read every minute
                self._unreadable.add(camera_id)
                logger.warning("%s", exc)
            return {}
        return {
            profile: with_credentials(url, user, password)
            for profile in ("main", "sub")
            if (url := profile_url(main, sub, profile))
        }

    def stream_url(self, camera_id: str, profile: str = "main") -> str:
        """The RTSP URL of ``profile`` ("main" or "sub") WITH credentials, for stream readers."""
        if profile not in ("main", "sub"):
            raise RegistryError(f"unknown profile {profile!r}: use main or sub")
        cam = self.get(camera_id)
        url = profile_url(cam.rtsp_main, cam.rtsp_sub, profile)
        if not url:
            raise RegistryError(
                f"camera {camera_id!r} has no RTSP URL: add it with --rtsp or --onvif"
            )
        return with_credentials(url, *self.credentials(camera_id))
