"""What the screens show: an immutable snapshot of the ordering session.

The session owns the truth and hands the view a `SessionState` after every reply; the Kivy
screens only render it. Money is kept in integer fen (1/100 yuan), never float.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from core.commands import Expecting, Screen


def format_price(fen: int, currency: str = "CNY") -> str:
    """¥28.50 for display; the spoken form is `core.numbers.amount_to_words`."""
    sign = "-" if fen < 0 else ""
    symbol = "¥" if currency == "CNY" else f"{currency} "
    return f"{sign}{symbol}{abs(fen) // 100}.{abs(fen) % 100:02d}"


@dataclass(frozen=True)
class ResultTile:
    item_id: int
    title: str
    title_zh: str
    price_fen: int
    currency: str
    shop: str
    category: str
    in_stock: bool
    shop_zh: str = ""  # the shop's Chinese name ("" from a store that does not send it)


@dataclass(frozen=True)
class SkuOption:
    sku_id: int
    attributes: Mapping[str, str]
    price_fen: int
    stock: int

    @property
    def label(self) -> str:
        """ "Medium / Oat milk" — the attribute values in order."""
        return " / ".join(str(v) for v in self.attributes.values()) or "Standard"


@dataclass(frozen=True)
class OptionGroupView:
    """One made-to-order choice of an item (CONTRACTS section 7): `size`, `milk`, ..."""

    name: str
    default: str
    values: tuple[str, ...]
    price_delta_fen: Mapping[str, int] = field(default_factory=dict)  # value → extra fen


@dataclass(frozen=True)
class ItemView:
    item_id: int
    title: str
    title_zh: str
    shop: str
    category: str
    description: str
    rating: float
    skus: tuple[SkuOption, ...]
    selected_sku_id: int
    quantity: int = 1
    option_groups: tuple[OptionGroupView, ...] = ()  # made-to-order choices (CONTRACTS 7)
    shop_zh: str = ""  # the shop's Chinese name ("" from a store that does not send it)


@dataclass(frozen=True)
class CartLine:
    line_id: int
    sku_id: int
    item_id: int
    title: str
    quantity: int
    unit_price_fen: int
    line_total_fen: int
    attributes: Mapping[str, str] = field(default_factory=dict)  # the variant: {"size": ...}
    # Every choice that defines the line, the SKU's attributes included: {"milk": "oat", ...}
    options: Mapping[str, str] = field(default_factory=dict)
    title_zh: str = ""  # the catalog's Chinese title ("" from a store that does not send it)

    @property
    def variant_label(self) -> str:
        """ "Medium, whole": the attribute values, for the line's on-screen detail."""
        return ", ".join(str(v) for v in self.attributes.values()).capitalize()


@dataclass(frozen=True)
class CartView:
    lines: tuple[CartLine, ...] = ()
    subtotal_fen: int = 0
    discount_fen: int = 0
    delivery_fee_fen: int = 0
    total_fen: int = 0
    currency: str = "CNY"

    @property
    def count(self) -> int:
        """Sum of quantities: what the cart badge shows."""
        return sum(line.quantity for line in self.lines)


@dataclass(frozen=True)
class OrderView:
    order_id: int
    status: str
    total_fen: int
    currency: str
    lines: tuple[CartLine, ...]
    created_at: str
    history: tuple[tuple[str, str], ...] = ()  # (status, timestamp)
    queued: bool = False  # waiting in the offline outbox, not yet accepted by the store
    cancellable: bool = False  # the store says it can still be cancelled
    delivery_mode: str = ""  # "to_vehicle", "pickup", "home" ("" when the store did not say)
    pickup_place: str = ""  # a pickup order: the shop to collect it from
    pickup_place_zh: str = ""
    ready_by: str = ""  # a pickup order: when it will be ready (ISO timestamp)

    @property
    def pickup(self) -> bool:
        return self.delivery_mode == "pickup"


@dataclass(frozen=True)
class ProfileView:
    name: str
    has_pin: bool
    spending_limit_fen: int | None
    active: bool


@dataclass(frozen=True)
class OptionView:
    """One choice on the confirm screen: a delivery mode or a payment method."""

    key: str  # the delivery mode ("to_vehicle", "pickup") or the payment method id
    label: str


@dataclass(frozen=True)
class Restriction:
    """Driving-safety limits in force now (decided by the head unit's safety policy)."""

    active: bool = False
    reason: str = ""
    max_list_items: int | None = None
    keyboard_allowed: bool = True


@dataclass(frozen=True)
class SessionState:
    screen: Screen = Screen.HOME
    profile: str = ""
    profiles: tuple[ProfileView, ...] = ()
    query: str = ""
    results: tuple[ResultTile, ...] = ()
    item: ItemView | None = None
    cart: CartView = field(default_factory=CartView)
    pending_order: CartView | None = None  # what the confirm screen reads back
    needs_pin: bool = False
    orders: tuple[OrderView, ...] = ()
    current_order: OrderView | None = None  # what the tracking screen follows
    restriction: Restriction = field(default_factory=Restriction)
    expecting: Expecting = Expecting.COMMAND
    last_reply: str = ""
    message: str = ""  # a short error or notice for a toast
    # How the next order is delivered and paid: the choices and the current selection.
    delivery_options: tuple[OptionView, ...] = ()
    delivery_mode: str = ""
    payment_methods: tuple[OptionView, ...] = ()
    payment_method_id: str = ""
    categories: tuple[OptionView, ...] = ()  # the store's categories (key: slug), for Home
