"""PTZ holds: who steers a camera, shared by every console on the database.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ptz_hold."""
    op.create_table(
        "ptz_hold",
        sa.Column("camera_id", sa.String(100), primary_key=True),
        sa.Column("login", sa.String(80), nullable=False),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("until", sa.Float, nullable=False),
        sa.Column("console", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    """Drop ptz_hold."""
    op.drop_table("ptz_hold")
