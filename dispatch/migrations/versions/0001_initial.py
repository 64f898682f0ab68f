"""Initial dispatch schema: hierarchy, incidents, audit chain, change feed, notices.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    """Create every table and index."""
    op.create_table(
        "org",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("parent_id", sa.String(40), sa.ForeignKey("org.id"), nullable=True),
        sa.Column("kind", sa.String(8), nullable=True),
        sa.Column("population", sa.Integer, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("polygon", sa.Text, nullable=False),
        sa.Column("path", sa.String(200), nullable=False),
    )
    op.create_index("ix_org_parent", "org", ["parent_id"])
    op.create_index("ix_org_level", "org", ["level"])
    op.create_index("ix_org_path", "org", ["path"])
    op.create_table(
        "department",
        sa.Column("id", sa.String(60), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("org_id", sa.String(40), sa.ForeignKey("org.id"), nullable=False),
    )
    op.create_index("ix_department_org", "department", ["org_id"])
    op.create_table(
        "app_user",
        sa.Column("login", sa.String(80), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("org_id", sa.String(40), sa.ForeignKey("org.id"), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
    )
    op.create_index("ix_user_org", "app_user", ["org_id"])
    _create_incident()
    op.create_table(
        "incident_camera",
        sa.Column("incident_id", sa.String(24), sa.ForeignKey("incident.id"), primary_key=True),
        sa.Column("camera_id", sa.String(100), primary_key=True),
    )
    op.create_index("ix_incident_camera_camera", "incident_camera", ["camera_id"])
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(24), sa.ForeignKey("incident.id"), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("added_by", sa.String(80), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_attachment_incident", "attachment", ["incident_id"])
    _create_chain_tables()


def _create_incident() -> None:
    op.create_table(
        "incident",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("grid_id", sa.String(40), sa.ForeignKey("org.id"), nullable=False),
        sa.Column("area_district", sa.String(40), nullable=False),
        sa.Column("area_township", sa.String(40), nullable=False),
        sa.Column("area_village", sa.String(40), nullable=False),
        sa.Column("lat", sa.Float, nullable=True),
        sa.Column("lon", sa.Float, nullable=True),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("reporter", sa.String(80), nullable=False),
        sa.Column("center_id", sa.String(40), sa.ForeignKey("org.id"), nullable=False),
        sa.Column("assignee_kind", sa.String(12), nullable=True),
        sa.Column("assignee_id", sa.String(60), nullable=True),
        sa.Column("co_handlers", sa.Text, nullable=False),
        sa.Column("deadline", sa.Float, nullable=True),
        sa.Column("deadlines", sa.Text, nullable=False),
        sa.Column("supervised", sa.Boolean, nullable=False),
        sa.Column("supervise_deadline", sa.Float, nullable=True),
        sa.Column("overdue", sa.Boolean, nullable=False),
        sa.Column("suspended_from", sa.String(16), nullable=True),
        sa.Column("suspended_at", sa.Float, nullable=True),
        sa.Column("rating", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    for name, cols in (
        ("ix_incident_center_state", ["center_id", "state"]),
        ("ix_incident_district_state", ["area_district", "state"]),
        ("ix_incident_township_state", ["area_township", "state"]),
        ("ix_incident_village_state", ["area_village", "state"]),
        ("ix_incident_grid_state", ["grid_id", "state"]),
        ("ix_incident_state_deadline", ["state", "deadline"]),
        ("ix_incident_assignee", ["assignee_id", "state"]),
    ):
        op.create_index(name, "incident", cols)


def _create_chain_tables() -> None:
    op.create_table(
        "audit",
        sa.Column("seq", SEQ, primary_key=True),
        sa.Column("incident_id", sa.String(24), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("center", sa.String(40), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("from_state", sa.String(16), nullable=True),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_incident", "audit", ["incident_id"])
    op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.execute(sa.text("INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "')"))
    op.create_table(
        "change",
        sa.Column("seq", SEQ, primary_key=True),
        sa.Column("incident_id", sa.String(24), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_table(
        "day_counter",
        sa.Column("day", sa.String(8), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(24), nullable=False),
        sa.Column("center_id", sa.String(40), nullable=False),
        sa.Column("step", sa.String(16), nullable=False),
        sa.Column("cycle", sa.Float, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ux_notice_step", "notice", ["incident_id", "step", "cycle"], unique=True)
    op.create_index("ix_notice_center", "notice", ["center_id"])
    op.create_table(
        "meta",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    """Drop every table, children first."""
    for name in (
        "meta",
        "notice",
        "day_counter",
        "change",
        "chain_head",
        "audit",
        "attachment",
        "incident_camera",
        "incident",
        "app_user",
        "department",
        "org",
    ):
        op.drop_table(name)
