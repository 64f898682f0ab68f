"""Alembic migrations for the dispatch store, run programmatically by ``Store.migrate()``."""
