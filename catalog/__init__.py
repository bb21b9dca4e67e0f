"""The store's catalog: SQLAlchemy models, Alembic migrations, the deterministic seed and search."""
