"""The shapes of every answer, for the OpenAPI document (and schemathesis's checks of it).

Routes build their bodies as plain dicts and return them as ready responses on the hot path,
so FastAPI documents these models without running them; the API tests check the real answers
against this document. `problems(...)` documents the problem+json errors a route can return.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from mock_retail_api.problems import PROBLEM_MEDIA_TYPE

Json = dict[str, Any]


class Problem(BaseModel):
    """RFC 9457; some problems add members a client may act on (`retry_after`, `lines`)."""

    type: str
    title: str
    status: int
    detail: str


_PROBLEM_SCHEMA = Problem.model_json_schema()
_WHEN = {
    400: "Malformed JSON or a missing Idempotency-Key",
    401: "No, an unknown or an expired token; a wrong secret, PIN or admin token",
    403: "Not allowed: a PIN is required, or the admin clock is off",
    404: "No such resource for this vehicle and profile",
    409: "Out of stock, price changed, not cancellable, or a full or started slot",
    413: "The request body is too large",
    422: "The request does not validate",
    429: "Too many wrong secrets or PINs: locked, see Retry-After",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "description": _WHEN[status],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_SCHEMA}},
        }
        for status in statuses
    }


class Health(BaseModel):
    status: Literal["ok"]


class Category(BaseModel):
    id: int
    slug: str
    name: str
    name_zh: str


class SearchTile(BaseModel):
    id: int
    title: str
    title_zh: str
    price: float
    currency: str
    shop: str
    shop_zh: str  # README: extensions
    category: str
    image_url: str  # the item's picture: GET this path on the API's origin (a PNG)
    in_stock: bool


class SearchPage(BaseModel):
    items: list[SearchTile]
    total: int


class Sku(BaseModel):
    id: int
    attributes: Json
    price: float
    stock: int


class OptionValue(BaseModel):
    value: str
    label_zh: str
    price_delta: float


class OptionGroup(BaseModel):
    name: str
    label: str
    label_zh: str
    default: str
    values: list[OptionValue]


class ShopLocation(BaseModel):
    city: str
    address: str
    latitude: float
    longitude: float


class ItemDetail(SearchTile):
    description: str
    rating: float
    aliases: list[str]
    shop_location: ShopLocation
    default_sku_id: int
    skus: list[Sku]
    option_groups: list[OptionGroup]


class Line(BaseModel):
    sku_id: int
    item_id: int
    title: str
    title_zh: str = ""  # README: extensions
    attributes: Json
    options: dict[str, str]
    quantity: int
    unit_price: float
    line_total: float


class CartLine(Line):
    id: int


class Totals(BaseModel):
    subtotal: float
    discount: float
    delivery_fee: float
    total: float
    currency: str


class Cart(Totals):
    lines: list[CartLine]


class StatusChange(BaseModel):
    status: str
    at: str


class Pickup(BaseModel):
    """Where and when a pickup order is collected (README, API extensions)."""

    place: str
    place_zh: str | None
    ready_by: str


class Order(Totals):
    id: int
    status: str
    cancellable: bool
    lines: list[CartLine]
    created_at: str
    delivery: Json
    payment_method_id: str
    history: list[StatusChange]
    pickup: Pickup | None = None  # only on pickup orders


class Orders(BaseModel):
    orders: list[Order]


class ProfileName(BaseModel):
    name: str
    has_pin: bool


class Vehicle(BaseModel):
    vin: str
    model: str
    profiles: list[ProfileName]


class Profile(ProfileName):
    spending_limit: float | None
    default_delivery: Json
    payment_methods: list[Json]


class SessionOut(BaseModel):
    token: str
    expires_at: str
    vehicle: Vehicle
    profile: Profile


class ClockOut(BaseModel):
    now: str
