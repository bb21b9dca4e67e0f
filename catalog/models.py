"""SQLAlchemy 2 models of the store: catalog, vehicles and profiles, carts, orders, tokens.

Money is integer fen everywhere in the database; the API converts to yuan only at the edge.
Datetimes are naive UTC: SQLite keeps no time zone, so every value is UTC by convention.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_zh: Mapped[str] = mapped_column(String(100))


class Shop(Base):
    __tablename__ = "shops"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))
    city: Mapped[str] = mapped_column(String(60))
    address: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float]
    longitude: Mapped[float]


class Item(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    title_zh: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[Any]]
    rating: Mapped[float]
    # Not a foreign key: SKUs reference items, so a key back would be a cycle for bulk inserts.
    default_sku_id: Mapped[int]
    # Title, aliases and category name in one lower-case string: what full-text search indexes.
    search_text: Mapped[str] = mapped_column(Text)

    category: Mapped[Category] = relationship(lazy="joined")
    shop: Mapped[Shop] = relationship(lazy="joined")
    skus: Mapped[list[Sku]] = relationship(order_by="Sku.id", back_populates="item")


class Sku(Base):
    __tablename__ = "skus"
    __table_args__ = (CheckConstraint("stock >= 0", name="stock_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    attributes: Mapped[dict[str, Any]]
    price_fen: Mapped[int]
    stock: Mapped[int]

    item: Mapped[Item] = relationship(back_populates="skus")


class OptionGroup(Base):
    """A made-to-order choice such as milk or shots (CONTRACTS section 7), with its values."""

    __tablename__ = "option_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(60))
    label_zh: Mapped[str] = mapped_column(String(60))

    values: Mapped[list[OptionValue]] = relationship(order_by="OptionValue.id", lazy="selectin")


class OptionValue(Base):
    __tablename__ = "option_values"
    __table_args__ = (UniqueConstraint("group_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("option_groups.id"))
    value: Mapped[str] = mapped_column(String(40))
    label_zh: Mapped[str] = mapped_column(String(60))
    # Charged over the item's default value of the group, never below it.
    price_delta_fen: Mapped[int]


class ItemOption(Base):
    """An option group offered by one item or by every item of a category, with the default
    value; an item's own row wins over its category's for the same group."""

    __tablename__ = "item_options"
    __table_args__ = (
        CheckConstraint("(item_id IS NULL) <> (category_id IS NULL)", name="item_or_category"),
        UniqueConstraint("item_id", "group_id"),
        UniqueConstraint("category_id", "group_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("option_groups.id"))
    default_value: Mapped[str] = mapped_column(String(40))


class Promotion(Base):
    """Either spend-X-save-Y on the whole order or a percentage off one category."""

    __tablename__ = "promotions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "spend_save" | "category_percent"
    title: Mapped[str] = mapped_column(String(200))
    threshold_fen: Mapped[int] = mapped_column(default=0)
    save_fen: Mapped[int] = mapped_column(default=0)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    percent: Mapped[int] = mapped_column(default=0)


class Vehicle(Base):
    __tablename__ = "vehicles"

    id: Mapped[int] = mapped_column(primary_key=True)
    vin: Mapped[str] = mapped_column(String(17), unique=True)
    model: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(200))

    profiles: Mapped[list[Profile]] = relationship(order_by="Profile.id")


class Profile(Base):
    __tablename__ = "profiles"
    __table_args__ = (UniqueConstraint("vehicle_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    name: Mapped[str] = mapped_column(String(60))
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    spending_limit_fen: Mapped[int | None]
    default_delivery: Mapped[dict[str, Any]]
    payment_methods: Mapped[list[Any]]


class Cart(Base):
    """One cart per profile; a profile belongs to one vehicle, so per vehicle+profile."""

    __tablename__ = "carts"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id"), unique=True)

    lines: Mapped[list[CartLine]] = relationship(
        order_by="CartLine.id", cascade="all, delete-orphan"
    )


class CartLine(Base):
    """One SKU made one way: the same SKU with other options is another line."""

    __tablename__ = "cart_lines"
    __table_args__ = (
        UniqueConstraint("cart_id", "sku_id", "options_key", name="uq_cart_lines_sku_options"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id"))
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    quantity: Mapped[int]
    # Every option group of the item with its chosen or default value; `options_key` is the
    # same as canonical JSON, for the unique constraint (JSON has no equality on PostgreSQL).
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    options_key: Mapped[str] = mapped_column(String(1000), default="{}")

    sku: Mapped[Sku] = relationship(lazy="joined")


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id"))
    status: Mapped[str] = mapped_column(String(20))
    delivery: Mapped[dict[str, Any]]
    payment_method_id: Mapped[str] = mapped_column(String(60))
    subtotal_fen: Mapped[int]
    discount_fen: Mapped[int]
    delivery_fee_fen: Mapped[int]
    total_fen: Mapped[int]
    created_at: Mapped[datetime]

    lines: Mapped[list[OrderLine]] = relationship(
        order_by="OrderLine.id", cascade="all, delete-orphan"
    )
    history: Mapped[list[OrderStatusChange]] = relationship(
        order_by="OrderStatusChange.id", cascade="all, delete-orphan"
    )


class OrderLine(Base):
    """A snapshot: title and price as they were when the order was placed."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    item_id: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int]
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)  # as on the cart line
    unit_price_fen: Mapped[int]  # the SKU's price plus the options' deltas
    line_total_fen: Mapped[int]

    # A SKU's attributes define it and never change, so the line names its variant from there.
    sku: Mapped[Sku] = relationship(lazy="joined")


class OrderStatusChange(Base):
    __tablename__ = "order_status_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]


class IdempotencyRecord(Base):
    """Written in the same transaction as the order, so a key never exists without its order."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("vehicle_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))


class ApiToken(Base):
    """Only the SHA-256 of the token is stored: a leaked database grants no sessions."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class ServerClock(Base):
    """The order-lifecycle clock's offset from real time, shared by every worker process."""

    __tablename__ = "server_clock"

    id: Mapped[int] = mapped_column(primary_key=True)
    offset_seconds: Mapped[float] = mapped_column(default=0.0)


class AuthThrottle(Base):
    """Wrong answers in a row to one secret (`secret:<vehicle id>`) or PIN (`pin:<profile
    id>`), and until when they lock it: in the database, so every worker counts the same."""

    __tablename__ = "auth_throttle"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
