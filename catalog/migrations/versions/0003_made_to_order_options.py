"""made-to-order options: option groups and values, who offers them, options on lines

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00

An already seeded catalog gets the option groups too, offered by its menu items (found by
title) and categories, so an upgraded store takes options at once. Its coffee SKUs keep the
attributes they were seeded with; a group that a SKU attribute already fixes (the old seed's
`milk`) is the SKU's, and the API does not offer it as an option for that item.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_UNIQUE_PG = "cart_lines_cart_id_sku_id_key"
_OLD_UNIQUE_SQLITE = "uq_cart_lines_cart_id"  # the name the naming convention gives it
_NEW_UNIQUE = "uq_cart_lines_sku_options"


def upgrade() -> None:
    op.create_table(
        "option_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("label_zh", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "option_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("label_zh", sa.String(length=60), nullable=False),
        sa.Column("price_delta_fen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["option_groups.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "value"),
    )
    op.create_table(
        "item_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("default_value", sa.String(length=40), nullable=False),
        sa.CheckConstraint("(item_id IS NULL) <> (category_id IS NULL)", name="item_or_category"),
        sa.ForeignKeyConstraint(["category_id"], ["categories.id"]),
        sa.ForeignKeyConstraint(["group_id"], ["option_groups.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("category_id", "group_id"),
        sa.UniqueConstraint("item_id", "group_id"),
    )
    with op.batch_alter_table("item_options", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_options_item_id"), ["item_id"], unique=False)

    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.drop_constraint(_OLD_UNIQUE_PG, "cart_lines", type_="unique")
    convention = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
    with op.batch_alter_table("cart_lines", naming_convention=convention) as batch_op:
        if sqlite:
            batch_op.drop_constraint(_OLD_UNIQUE_SQLITE, type_="unique")
        batch_op.add_column(sa.Column("options", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(
            sa.Column("options_key", sa.String(length=1000), nullable=False, server_default="{}")
        )
        batch_op.create_unique_constraint(_NEW_UNIQUE, ["cart_id", "sku_id", "options_key"])
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("options", sa.JSON(), nullable=False, server_default="{}"))

    _options_for_a_seeded_catalog()


def _options_for_a_seeded_catalog() -> None:
    """A fresh database is empty here and the seed inserts the options itself."""
    from catalog.seeding import insert_options, menu_titles

    conn = op.get_bind()
    titles = menu_titles()
    rows = conn.execute(
        sa.text(
            "SELECT min(items.id), items.title FROM items JOIN categories "
            "ON categories.id = items.category_id WHERE categories.slug = 'coffee-tea' "
            "GROUP BY items.title"
        )
    ).all()
    if not conn.execute(sa.text("SELECT count(*) FROM items")).scalar():
        return
    insert_options(conn, {title: item_id for item_id, title in rows if title in titles})


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # The old key allows one line per SKU: keep the first of each.
    op.execute(
        "DELETE FROM cart_lines WHERE id NOT IN "
        "(SELECT min(id) FROM cart_lines GROUP BY cart_id, sku_id)"
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_column("options")
    with op.batch_alter_table("cart_lines", schema=None) as batch_op:
        batch_op.drop_constraint(_NEW_UNIQUE, type_="unique")
        batch_op.drop_column("options_key")
        batch_op.drop_column("options")
        batch_op.create_unique_constraint(
            _OLD_UNIQUE_SQLITE if sqlite else _OLD_UNIQUE_PG, ["cart_id", "sku_id"]
        )
    with op.batch_alter_table("item_options", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_options_item_id"))
    op.drop_table("item_options")
    op.drop_table("option_values")
    op.drop_table("option_groups")
