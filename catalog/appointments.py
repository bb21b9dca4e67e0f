"""SQLAlchemy models of what is booked, not bought (CONTRACTS section 8): services sold in time
slots with a capacity, the new vehicle models a dealer offers, and bookings.

Same conventions as `catalog.models`: money in integer fen, datetimes naive UTC. A slot keeps
its own capacity and how many places are taken, so "never more bookings than places" is one
conditional UPDATE of one row, guarded again by a CHECK constraint.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models import Base, Profile, Shop

SERVICE_KINDS = ("test_drive", "maintenance", "car_wash", "ev_charging")
BOOKING_STATUSES = ("booked", "checked_in", "done", "cancelled", "no_show")


class Service(Base):
    """Something a shop sells by appointment, with its opening hours in the shop's time zone:
    slots start at `opens_min` minutes after local midnight, one every `duration_min`, the last
    ending by `closes_min` (1440 is midnight, for a shop open around the clock)."""

    __tablename__ = "services"
    __table_args__ = (
        CheckConstraint(f"kind IN {SERVICE_KINDS}", name="service_kind"),
        CheckConstraint("duration_min > 0 AND capacity > 0", name="service_positive"),
        CheckConstraint(
            "0 <= opens_min AND opens_min < closes_min AND closes_min <= 1440", name="service_hours"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    title_zh: Mapped[str] = mapped_column(String(200))
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    duration_min: Mapped[int]
    price_fen: Mapped[int]
    capacity: Mapped[int]  # places per slot: bays, cars, sales consultants
    opens_min: Mapped[int]
    closes_min: Mapped[int]
    time_zone: Mapped[str] = mapped_column(String(40))

    shop: Mapped[Shop] = relationship(lazy="joined")


class VehicleModel(Base):
    """A new model a dealer offers for test drives and leasing; `apr_bp` is the annual
    percentage rate of its lease in basis points (399 = 3.99 %)."""

    __tablename__ = "vehicle_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_zh: Mapped[str] = mapped_column(String(100))
    price_fen: Mapped[int]
    dealer_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    apr_bp: Mapped[int]

    dealer: Mapped[Shop] = relationship(lazy="joined")


class ServiceSlot(Base):
    """One bookable time of a service. Rows are made on the first read of a day (`slots`),
    and the unique (service, start) makes concurrent first reads insert each slot once."""

    __tablename__ = "service_slots"
    __table_args__ = (
        UniqueConstraint("service_id", "starts_at"),
        CheckConstraint("taken >= 0 AND taken <= capacity", name="slot_within_capacity"),
        Index("ix_service_slots_service_day", "service_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    local_date: Mapped[date]  # the date of `starts_at` in the service's time zone
    capacity: Mapped[int]
    taken: Mapped[int] = mapped_column(default=0)

    service: Mapped[Service] = relationship(lazy="joined")


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (CheckConstraint(f"status IN {BOOKING_STATUSES}", name="booking_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("service_slots.id"), index=True)
    model_id: Mapped[int | None] = mapped_column(ForeignKey("vehicle_models.id"))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    price_fen: Mapped[int]  # the service's price when it was booked
    created_at: Mapped[datetime]

    slot: Mapped[ServiceSlot] = relationship(lazy="joined")
    model: Mapped[VehicleModel | None] = relationship(lazy="joined")
    profile: Mapped[Profile] = relationship(lazy="joined")
    history: Mapped[list[BookingStatusChange]] = relationship(
        order_by="BookingStatusChange.id", cascade="all, delete-orphan", lazy="selectin"
    )


class BookingStatusChange(Base):
    __tablename__ = "booking_status_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]


class BookingIdempotency(Base):
    """As `IdempotencyRecord` for orders: written in the booking's transaction, so a key never
    exists without its booking, and the unique (vehicle, key) stops a concurrent duplicate."""

    __tablename__ = "booking_idempotency"
    __table_args__ = (UniqueConstraint("vehicle_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"))
