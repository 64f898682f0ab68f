"""Alembic migrations of the camera registry."""
