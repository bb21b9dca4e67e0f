"""full-text search index: FTS5 on SQLite, a GIN tsvector index on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-20 23:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The porter stemmer makes "lattes" find "latte"; triggers keep the index in step with items.
_SQLITE_UP = [
    """CREATE VIRTUAL TABLE items_fts USING fts5(
        search_text, content='items', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER items_fts_update AFTER UPDATE OF search_text ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO items_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS items_fts_update",
    "DROP TRIGGER IF EXISTS items_fts_delete",
    "DROP TRIGGER IF EXISTS items_fts_insert",
    "DROP TABLE IF EXISTS items_fts",
]
_PG_UP = [
    "CREATE INDEX ix_items_search ON items USING gin (to_tsvector('english', search_text))",
]
_PG_DOWN = ["DROP INDEX IF EXISTS ix_items_search"]


def _run(statements: list[str]) -> None:
    for sql in statements:
        op.execute(sql)


def upgrade() -> None:
    _run(_SQLITE_UP if op.get_bind().dialect.name == "sqlite" else _PG_UP)


def downgrade() -> None:
    _run(_SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else _PG_DOWN)
