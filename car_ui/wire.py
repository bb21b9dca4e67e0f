"""The retail API's wire format (CONTRACTS sections 3 and 7) as pydantic models: the one
place in the head unit that knows what the store's JSON looks like.

Every response body is validated here and turned into the view models of `core.state`, so a
body of the wrong shape fails in one known way (pydantic's ValidationError, which the client
turns into `MalformedResponse`) instead of a KeyError somewhere above. Money arrives as yuan
numbers and becomes integer fen here, once. Fields the store may add later are ignored;
fields the head unit needs are required; fields a slightly older store may leave out (options,
`cancellable`) have safe defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel, ValidationError

from core.state import (
    CartLine,
    CartView,
    ItemView,
    OptionGroupView,
    OptionView,
    OrderView,
    ResultTile,
    SkuOption,
)

__all__ = ["ValidationError", "describe"]


def to_fen(yuan: Any) -> int:
    """28.5 → 2850 (the agreed conversion: round(x*100))."""
    return round(float(yuan) * 100)


def _fen(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("a price must be a number of yuan")
    if value != value or abs(value) > 1e12:  # NaN or absurd
        raise ValueError("a price must be a finite number of yuan")
    return to_fen(value)


def _text(value: Any) -> Any:
    """null → "", numbers → their digits; anything else is left for pydantic to refuse."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


Fen = Annotated[int, BeforeValidator(_fen)]  # yuan on the wire, fen in the model
Text = Annotated[str, BeforeValidator(_text)]  # optional text: null is ""
Choices = dict[str, Text]  # a variant or a line's options: {"size": "medium", ...}


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# -- sessions ----


class PaymentMethodWire(_Wire):
    id: Text
    label: Text = ""


class ProfileWire(_Wire):
    name: Text = ""
    has_pin: bool = False
    spending_limit: Fen | None = None
    default_delivery: dict[str, Any] | None = None
    payment_methods: list[PaymentMethodWire] = Field(default_factory=list)


class ProfileBriefWire(_Wire):
    name: Text
    has_pin: bool = False


class VehicleWire(_Wire):
    vin: Text = ""
    model: Text = ""
    profiles: list[ProfileBriefWire] = Field(default_factory=list)


class SessionWire(_Wire):
    """201 of POST /sessions."""

    token: Annotated[str, Field(min_length=1)]
    vehicle: VehicleWire = Field(default_factory=VehicleWire)
    profile: ProfileWire = Field(default_factory=ProfileWire)


# -- catalog ----


@dataclass(frozen=True)
class CategoryOption(OptionView):
    """A category on Home: its slug, its English name and its Chinese one (`name_zh`)."""

    label_zh: str = ""


class CategoryWire(_Wire):
    id: int | str
    slug: Text = ""
    name: Text = ""
    name_zh: Text = ""

    def to_view(self) -> CategoryOption:
        key = self.slug or str(self.id)
        return CategoryOption(key, self.name or key, self.name_zh)


class CategoriesWire(RootModel[list[CategoryWire]]):
    """GET /categories: a JSON array."""

    model_config = ConfigDict(frozen=True)


class TileWire(_Wire):
    id: int
    title: str
    title_zh: Text = ""
    price: Fen
    currency: Text = "CNY"
    shop: Text = ""
    shop_zh: Text = ""
    category: Text = ""
    in_stock: bool = True

    def to_view(self) -> ResultTile:
        return ResultTile(
            item_id=self.id,
            title=self.title,
            title_zh=self.title_zh,
            price_fen=self.price,
            currency=self.currency or "CNY",
            shop=self.shop,
            category=self.category,
            in_stock=self.in_stock,
            shop_zh=self.shop_zh,
        )


class SearchWire(_Wire):
    """GET /items."""

    items: list[TileWire]
    total: int = 0


class SkuWire(_Wire):
    id: int
    attributes: Choices = Field(default_factory=dict)
    price: Fen
    stock: int = 0

    def to_view(self) -> SkuOption:
        return SkuOption(self.id, dict(self.attributes), self.price, self.stock)


class OptionValueWire(_Wire):
    value: Text
    price_delta: Fen = 0


class OptionGroupWire(_Wire):
    name: Text
    default: Text = ""
    values: list[OptionValueWire] = Field(default_factory=list)

    def to_view(self) -> OptionGroupView:
        return OptionGroupView(
            name=self.name,
            default=self.default,
            values=tuple(v.value for v in self.values),
            price_delta_fen={v.value: v.price_delta for v in self.values},
        )


class ItemWire(_Wire):
    """GET /items/{id}."""

    id: int
    title: str
    title_zh: Text = ""
    shop: Text = ""
    shop_zh: Text = ""
    category: Text = ""
    description: Text = ""
    rating: float | None = None
    skus: list[SkuWire] = Field(default_factory=list)
    default_sku_id: int | None = None
    option_groups: list[OptionGroupWire] = Field(default_factory=list)

    def to_view(self) -> ItemView:
        skus = tuple(sku.to_view() for sku in self.skus)
        return ItemView(
            item_id=self.id,
            title=self.title,
            title_zh=self.title_zh,
            shop=self.shop,
            category=self.category,
            description=self.description,
            rating=self.rating or 0.0,
            skus=skus,
            selected_sku_id=_first_choice(skus, self.default_sku_id),
            option_groups=tuple(group.to_view() for group in self.option_groups),
            shop_zh=self.shop_zh,
        )


def _first_choice(skus: tuple[SkuOption, ...], default_sku_id: int | None) -> int:
    """The variant the item screen opens on: the store's default while it is in stock, else the
    first variant that is (a sold-out default with a dead Add button, while others could be
    bought, reads as "this item is sold out"); the default again when every one is sold out."""
    default = default_sku_id if default_sku_id is not None else (skus[0].sku_id if skus else 0)
    if any(sku.sku_id == default and sku.stock > 0 for sku in skus):
        return default
    return next((sku.sku_id for sku in skus if sku.stock > 0), default)


# -- cart and orders ----


class LineWire(_Wire):
    id: int
    sku_id: int
    item_id: int
    title: str
    title_zh: Text = ""
    quantity: int
    unit_price: Fen
    line_total: Fen
    attributes: Choices = Field(default_factory=dict)
    options: Choices = Field(default_factory=dict)

    def to_view(self) -> CartLine:
        return CartLine(
            line_id=self.id,
            sku_id=self.sku_id,
            item_id=self.item_id,
            title=self.title,
            quantity=self.quantity,
            unit_price_fen=self.unit_price,
            line_total_fen=self.line_total,
            attributes=dict(self.attributes),
            options=dict(self.options),
            title_zh=self.title_zh,
        )


class CartWire(_Wire):
    """GET /cart and the answer to every cart change."""

    lines: list[LineWire] = Field(default_factory=list)
    subtotal: Fen = 0
    discount: Fen = 0
    delivery_fee: Fen = 0
    total: Fen = 0
    currency: Text = "CNY"

    def to_view(self) -> CartView:
        return CartView(
            lines=tuple(line.to_view() for line in self.lines),
            subtotal_fen=self.subtotal,
            discount_fen=self.discount,
            delivery_fee_fen=self.delivery_fee,
            total_fen=self.total,
            currency=self.currency or "CNY",
        )


class HistoryWire(_Wire):
    status: str
    at: Text = ""


class DeliveryWire(_Wire):
    mode: Text = ""


class PickupWire(_Wire):
    """Where and when a pickup order can be collected (a README extension to CONTRACTS)."""

    place: Text = ""
    place_zh: Text = ""
    ready_by: Text = ""


class OrderWire(_Wire):
    """POST /orders, GET /orders/{id}, POST /orders/{id}/cancel."""

    id: int
    status: str
    total: Fen
    currency: Text = "CNY"
    lines: list[LineWire] = Field(default_factory=list)
    created_at: Text = ""
    history: list[HistoryWire] = Field(default_factory=list)
    cancellable: bool = False  # said by the store; an older store that does not say: no
    delivery: DeliveryWire = Field(default_factory=DeliveryWire)
    pickup: PickupWire | None = None

    def to_view(self) -> OrderView:
        pickup = self.pickup or PickupWire()
        return OrderView(
            order_id=self.id,
            status=self.status,
            total_fen=self.total,
            currency=self.currency or "CNY",
            lines=tuple(line.to_view() for line in self.lines),
            created_at=self.created_at,
            history=tuple((h.status, h.at) for h in self.history),
            cancellable=self.cancellable,
            delivery_mode=self.delivery.mode,
            pickup_place=pickup.place,
            pickup_place_zh=pickup.place_zh,
            ready_by=pickup.ready_by,
        )


class OrdersWire(_Wire):
    """GET /orders: `{"orders": [...]}`."""

    orders: list[OrderWire]


class VocabularyWire(_Wire):
    """GET /vocabulary: only its shape is checked here; voice.items reads the entries."""

    model_config = ConfigDict(extra="allow", frozen=True)
    items: list[dict[str, Any]]


# -- problems (application/problem+json) ----


class PricedLineWire(_Wire):
    sku_id: int
    unit_price: Fen


class ProblemWire(_Wire):
    """An error body; every member optional, since a proxy's 502 page is not a problem."""

    type: Text = ""
    title: Text = ""
    detail: str | list[Any] | None = None
    # 409 price-changed carries the current prices and totals as extension members.
    lines: list[PricedLineWire] = Field(default_factory=list)
    total: Fen | None = None
    expected_total: Fen | None = None

    @property
    def detail_text(self) -> str:
        if isinstance(self.detail, list):  # FastAPI's own 422s carry a list of field errors
            return "; ".join(
                str(err.get("msg", err)) for err in self.detail if isinstance(err, dict)
            )
        return self.detail or ""

    @property
    def unit_prices_fen(self) -> dict[int, int]:
        return {line.sku_id: line.unit_price for line in self.lines}


def parse_problem(body: Any) -> ProblemWire:
    """The problem in an error body, or an empty one when the body is not a problem."""
    if isinstance(body, Mapping):
        try:
            return ProblemWire.model_validate(body)
        except ValidationError:
            # A problem whose extensions are odd still has a type, title and detail.
            core = {k: body[k] for k in ("type", "title", "detail") if k in body}
            try:
                return ProblemWire.model_validate(core)
            except ValidationError:
                pass
    return ProblemWire()


def describe(error: ValidationError, limit: int = 3) -> str:
    """ "lines.0.quantity: field required; total: a price must be a number of yuan" """
    parts = []
    for err in error.errors()[:limit]:
        where = ".".join(str(p) for p in err["loc"]) or "body"
        message = str(err["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {message[:1].lower()}{message[1:]}")
    more = error.error_count() - limit
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
