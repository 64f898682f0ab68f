"""The registry's own tables and metadata (Alembic version table ``alembic_version_video``)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

camera = sa.Table(
    "video_camera",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("grid_id", sa.String(64), nullable=True, index=True),
    sa.Column("lat", sa.Float, nullable=True),
    sa.Column("lon", sa.Float, nullable=True),
    sa.Column("onvif_url", sa.String(500), nullable=True),
    sa.Column("rtsp_main", sa.String(1000), nullable=True),
    sa.Column("rtsp_sub", sa.String(1000), nullable=True),
    sa.Column("profiles", sa.Text, nullable=False, server_default="[]"),
    sa.Column("secret", sa.Text, nullable=True),  # Fernet token of {"user":…, "password":…}
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

camera_tag = sa.Table(
    "video_camera_tag",
    metadata,
    sa.Column(
        "camera_id",
        sa.String(64),
        sa.ForeignKey("video_camera.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("tag", sa.String(64), primary_key=True),
    sa.Index("ix_video_camera_tag_tag", "tag"),
)
