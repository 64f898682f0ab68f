"""Camera registry: cameras and their tags.

Revision ID: video0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "video0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the camera and camera-tag tables."""
    op.create_table(
        "video_camera",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("grid_id", sa.String(64), nullable=True),
        sa.Column("lat", sa.Float, nullable=True),
        sa.Column("lon", sa.Float, nullable=True),
        sa.Column("onvif_url", sa.String(500), nullable=True),
        sa.Column("rtsp_main", sa.String(1000), nullable=True),
        sa.Column("rtsp_sub", sa.String(1000), nullable=True),
        sa.Column("profiles", sa.Text, nullable=False, server_default="[]"),
        sa.Column("secret", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_video_camera_grid_id", "video_camera", ["grid_id"])
    op.create_table(
        "video_camera_tag",
        sa.Column(
            "camera_id",
            sa.String(64),
            sa.ForeignKey("video_camera.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("tag", sa.String(64), primary_key=True),
    )
    op.create_index("ix_video_camera_tag_tag", "video_camera_tag", ["tag"])


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("video_camera_tag")
    op.drop_index("ix_video_camera_grid_id", "video_camera")
    op.drop_table("video_camera")
