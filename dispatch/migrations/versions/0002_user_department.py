"""Department liaisons: a user may speak for one department.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add app_user.department_id (NULL: not tied to one department)."""
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("department_id", sa.String(60), nullable=True))


def downgrade() -> None:
    """Drop app_user.department_id."""
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("department_id")
