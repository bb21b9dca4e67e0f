"""appointments: services sold in slots, new vehicle models, bookings (CONTRACTS section 8)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 10:00:00

An already seeded catalog gets the services, their venues and the models too, so an upgraded
store takes bookings at once; slots are made when first read, so none are inserted here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("title_zh", sa.String(length=200), nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("opens_min", sa.Integer(), nullable=False),
        sa.Column("closes_min", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(length=40), nullable=False),
        sa.CheckConstraint(
            "kind IN ('test_drive', 'maintenance', 'car_wash', 'ev_charging')", name="service_kind"
        ),
        sa.CheckConstraint("duration_min > 0 AND capacity > 0", name="service_positive"),
        sa.CheckConstraint(
            "0 <= opens_min AND opens_min < closes_min AND closes_min <= 1440", name="service_hours"
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "vehicle_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("dealer_id", sa.Integer(), nullable=False),
        sa.Column("apr_bp", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["dealer_id"], ["shops.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "service_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("taken", sa.Integer(), nullable=False),
        sa.CheckConstraint("taken >= 0 AND taken <= capacity", name="slot_within_capacity"),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("service_id", "starts_at"),
    )
    op.create_index(
        "ix_service_slots_service_day", "service_slots", ["service_id", "local_date"], unique=False
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('booked', 'checked_in', 'done', 'cancelled', 'no_show')",
            name="booking_status",
        ),
        sa.ForeignKeyConstraint(["model_id"], ["vehicle_models.id"]),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"]),
        sa.ForeignKeyConstraint(["slot_id"], ["service_slots.id"]),
        sa.ForeignKeyConstraint(["vehicle_id"], ["vehicles.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bookings_vehicle_id", "bookings", ["vehicle_id"], unique=False)
    op.create_index("ix_bookings_slot_id", "bookings", ["slot_id"], unique=False)
    op.create_table(
        "booking_status_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_booking_status_history_booking_id",
        "booking_status_history",
        ["booking_id"],
        unique=False,
    )
    op.create_table(
        "booking_idempotency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"]),
        sa.ForeignKeyConstraint(["vehicle_id"], ["vehicles.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("vehicle_id", "key"),
    )
    _appointments_for_a_seeded_catalog()


def _appointments_for_a_seeded_catalog() -> None:
    """A fresh database is empty here and the seed inserts the appointments itself."""
    from catalog.appointment_seed import insert_appointments

    conn = op.get_bind()
    if conn.execute(sa.text("SELECT count(*) FROM items")).scalar():
        insert_appointments(conn)


def downgrade() -> None:
    from catalog.appointment_seed import added_venue_names

    op.drop_table("booking_idempotency")
    op.drop_index("ix_booking_status_history_booking_id", table_name="booking_status_history")
    op.drop_table("booking_status_history")
    op.drop_index("ix_bookings_slot_id", table_name="bookings")
    op.drop_index("ix_bookings_vehicle_id", table_name="bookings")
    op.drop_table("bookings")
    op.drop_index("ix_service_slots_service_day", table_name="service_slots")
    op.drop_table("service_slots")
    op.drop_table("vehicle_models")
    op.drop_table("services")
    # The venues the upgrade added; a shop of the item seed's stays.
    names = added_venue_names()
    op.get_bind().execute(
        sa.text("DELETE FROM shops WHERE name IN :names").bindparams(
            sa.bindparam("names", expanding=True)
        ),
        {"names": list(names)},
    )
