"""SQLAlchemy Core tables; times are UTC epoch seconds (float) for speed on both backends.

The Alembic migrations in ``dispatch/migrations`` create exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

org = Table(
    "org",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("level", String(16), nullable=False),
    Column("parent_id", String(40), ForeignKey("org.id"), nullable=True),
    Column("kind", String(8), nullable=True),
    Column("population", Integer, nullable=False, default=0),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("polygon", Text, nullable=False),
    Column("path", String(200), nullable=False),
    Index("ix_org_parent", "parent_id"),
    Index("ix_org_level", "level"),
    Index("ix_org_path", "path"),
)

department = Table(
    "department",
    metadata,
    Column("id", String(60), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("code", String(40), nullable=False),
    Column("org_id", String(40), ForeignKey("org.id"), nullable=False),
    Index("ix_department_org", "org_id"),
)

user = Table(
    "app_user",
    metadata,
    Column("login", String(80), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("org_id", String(40), ForeignKey("org.id"), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("department_id", String(60), nullable=True),
    Index("ix_user_org", "org_id"),
)

incident = Table(
    "incident",
    metadata,
    Column("id", String(24), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("category", String(40), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("state", String(16), nullable=False),
    Column("grid_id", String(40), ForeignKey("org.id"), nullable=False),
    # ancestors of the grid, for fast subtree listing by equality
    Column("area_district", String(40), nullable=False),
    Column("area_township", String(40), nullable=False),
    Column("area_village", String(40), nullable=False),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("address", String(200), nullable=False),
    Column("reporter", String(80), nullable=False),
    Column("center_id", String(40), ForeignKey("org.id"), nullable=False),
    Column("assignee_kind", String(12), nullable=True),
    Column("assignee_id", String(60), nullable=True),
    Column("co_handlers", Text, nullable=False),
    Column("deadline", Float, nullable=True),
    Column("deadlines", Text, nullable=False),
    Column("supervised", Boolean, nullable=False),
    Column("supervise_deadline", Float, nullable=True),
    Column("overdue", Boolean, nullable=False),
    Column("suspended_from", String(16), nullable=True),
    Column("suspended_at", Float, nullable=True),
    Column("rating", Integer, nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Index("ix_incident_center_state", "center_id", "state"),
    Index("ix_incident_district_state", "area_district", "state"),
    Index("ix_incident_township_state", "area_township", "state"),
    Index("ix_incident_village_state", "area_village", "state"),
    Index("ix_incident_grid_state", "grid_id", "state"),
    Index("ix_incident_state_deadline", "state", "deadline"),
    Index("ix_incident_assignee", "assignee_id", "state"),
)

incident_camera = Table(
    "incident_camera",
    metadata,
    Column("incident_id", String(24), ForeignKey("incident.id"), primary_key=True),
    Column("camera_id", String(100), primary_key=True),
    Index("ix_incident_camera_camera", "camera_id"),
)

attachment = Table(
    "attachment",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(24), ForeignKey("incident.id"), nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("added_by", String(80), nullable=False),
    Column("at", Float, nullable=False),
    Index("ix_attachment_incident", "incident_id"),
)

audit = Table(
    "audit",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("incident_id", String(24), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("role", String(20), nullable=False),
    Column("center", String(40), nullable=False),
    Column("action", String(16), nullable=False),
    Column("from_state", String(16), nullable=True),
    Column("to_state", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    Column("at", Float, nullable=False),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_incident", "incident_id"),
)

# One row (id=1): the last audit seq and hash; locked by every writer to serialize the chain.
chain_head = Table(
    "chain_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
)

change = Table(
    "change",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("incident_id", String(24), nullable=False),
    Column("action", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", Float, nullable=False),
)

day_counter = Table(
    "day_counter",
    metadata,
    Column("day", String(8), primary_key=True),
    Column("n", Integer, nullable=False),
)

notice = Table(
    "notice",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(24), nullable=False),
    Column("center_id", String(40), nullable=False),
    Column("step", String(16), nullable=False),
    Column("cycle", Float, nullable=False),
    Column("at", Float, nullable=False),
    Column("text", Text, nullable=False),
    Index("ux_notice_step", "incident_id", "step", "cycle", unique=True),
    Index("ix_notice_center", "center_id"),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("value", Text, nullable=False),
)

# Who steers a camera's PTZ (dispatch/ptz.py): one row per camera held, lapsing at ``until``.
ptz_hold = Table(
    "ptz_hold",
    metadata,
    Column("camera_id", String(100), primary_key=True),
    Column("login", String(80), nullable=False),
    Column("org_id", String(40), nullable=False),
    Column("until", Float, nullable=False),
    Column("console", String(40), nullable=False),  # which workstation: one login, two desks
)
