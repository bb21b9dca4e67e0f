"""Request bodies (validated strictly: wrong types are errors, not coerced) and money helpers.

Responses are plain dicts built in the route modules: they are on the hot path; their
documented shapes are `responses.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from core.commands import MAX_QUANTITY

CURRENCY = "CNY"

# Every text a client sends: no NUL, which PostgreSQL text cannot hold (a driver error, not a
# validation error, if it got that far). One pattern, on every string of every request.
NO_NUL = r"^[^\x00]*$"
Quantity = Annotated[int, Field(strict=True, ge=1, le=MAX_QUANTITY)]
Id = Annotated[int, Field(strict=True, ge=1, le=2**31 - 1)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NO_NUL)]
OptionWord = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=NO_NUL)]
Pin = Annotated[str, StringConstraints(max_length=12, pattern=NO_NUL)]
# {group: value}; groups left out take the item's defaults (CONTRACTS section 7).
Options = Annotated[dict[OptionWord, OptionWord], Field(max_length=20)]


def yuan(fen: int) -> float:
    """JSON money: yuan with at most two decimals (28.5), computed from exact integer fen."""
    return round(fen / 100, 2)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SessionRequest(_Strict):
    vin: Annotated[str, StringConstraints(min_length=1, max_length=17, pattern=NO_NUL)]
    secret: ShortText
    profile: Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=NO_NUL)]
    pin: Pin | None = None


class CartLineRequest(_Strict):
    sku_id: Id
    quantity: Quantity = 1
    options: Options | None = None


class CartLinePatch(_Strict):
    quantity: Quantity


DeliveryMode = Literal["to_vehicle", "pickup", "home"]


class Delivery(_Strict):
    mode: DeliveryMode
    address: (
        Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=NO_NUL)] | None
    ) = None

    @model_validator(mode="after")
    def _home_needs_address(self) -> Delivery:
        if self.mode == "home" and not self.address:
            raise ValueError("home delivery needs an address")
        return self


class OrderLineRequest(_Strict):
    sku_id: Id
    quantity: Quantity
    options: Options | None = None


class OrderRequest(_Strict):
    delivery: Delivery
    payment_method_id: ShortText | None = None
    lines: Annotated[list[OrderLineRequest], Field(min_length=1, max_length=50)] | None = None
    pin: Pin | None = None
    # The total (yuan) the person heard and confirmed: a different total is 409 price-changed.
    expected_total: Annotated[float, Field(ge=0, le=10_000_000)] | None = None


class ClockAdvance(_Strict):
    advance_seconds: Annotated[float, Field(ge=0, le=10 * 365 * 86400)]


class BookingRequest(_Strict):
    """CONTRACTS section 8: a test drive names the model (one its dealer offers); other
    services take none."""

    slot_id: Id
    model_id: Id | None = None
    note: Annotated[str, StringConstraints(max_length=500, pattern=NO_NUL)] | None = None


class RescheduleRequest(_Strict):
    slot_id: Id


class LeaseQuoteRequest(_Strict):
    model_id: Id
    term_months: Literal[24, 36, 48, 60]
    # Yuan, at most two decimals; above the model's price is 422.
    down_payment: Annotated[float, Field(ge=0, le=100_000_000)]
