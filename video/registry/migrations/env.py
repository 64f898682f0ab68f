"""Alembic environment: online on the connection ``CameraRegistry.migrate()`` passes in."""

from __future__ import annotations

from alembic import context

from video.registry.tables import metadata

VERSION_TABLE = "alembic_version_video"

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
