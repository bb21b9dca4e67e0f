"""The store's JSON for services, slots, models, bookings and lease quotes (CONTRACTS section
8) as pydantic models, turned into the view models of `car_ui.booking_state`.

As in `car_ui.wire`: every body is validated here, money becomes integer fen once, fields the
store may add are ignored. A slot time without its offset is refused: a time the head unit
cannot place in the shop's day would be said and booked wrong.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from car_ui.booking_state import (
    BookingView,
    LeaseQuote,
    ModelView,
    ServiceView,
    SlotView,
)
from car_ui.wire import Fen, HistoryWire, Text


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("a slot time needs its UTC offset")
    return value


Moment = Annotated[datetime, AfterValidator(_aware)]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ServiceWire(_Wire):
    id: int
    kind: Text
    title: Text
    title_zh: Text = ""
    shop: Text = ""
    shop_zh: Text = ""
    duration_min: int = 0
    price: Fen = 0
    image_url: Text = ""

    def to_view(self) -> ServiceView:
        return ServiceView(
            service_id=self.id,
            kind=self.kind,
            title=self.title,
            title_zh=self.title_zh,
            shop=self.shop,
            duration_min=self.duration_min,
            price_fen=self.price,
            image_url=self.image_url,
            shop_zh=self.shop_zh,
        )


class ServicesWire(_Wire):
    """GET /services: `{"services": [...]}`."""

    services: list[ServiceWire]


class SlotWire(_Wire):
    id: int
    start: Moment
    end: Moment
    capacity_left: int = 0

    def to_view(self) -> SlotView:
        return SlotView(self.id, self.start, self.end, self.capacity_left)


class SlotsWire(_Wire):
    """GET /services/{id}/slots: `{"slots": [...]}`."""

    slots: list[SlotWire]


class ModelWire(_Wire):
    id: int
    name: Text
    name_zh: Text = ""
    price: Fen
    dealer: Text = ""
    apr: float = 0.0
    image_url: Text = ""

    def to_view(self) -> ModelView:
        return ModelView(
            model_id=self.id,
            name=self.name,
            name_zh=self.name_zh,
            price_fen=self.price,
            dealer=self.dealer,
            apr=self.apr,
            image_url=self.image_url,
        )


class ModelsWire(_Wire):
    """GET /models: `{"models": [...]}`."""

    models: list[ModelWire]


class BookedSlotWire(_Wire):
    """A booking's slot: its times (the capacity is the slot's business, not the booking's)."""

    id: int
    start: Moment
    end: Moment


class BookingWire(_Wire):
    """POST /bookings, GET /bookings' entries, cancel and reschedule."""

    id: int
    status: Text
    service: ServiceWire
    slot: BookedSlotWire
    model: ModelWire | None = None
    note: Text = ""
    profile: Text = ""
    created_at: Text = ""
    history: list[HistoryWire] = Field(default_factory=list)
    cancellable: bool = False
    price: Fen = 0

    def to_view(self) -> BookingView:
        slot = self.slot
        return BookingView(
            booking_id=self.id,
            status=self.status,
            service=self.service.to_view(),
            slot=SlotView(slot.id, slot.start, slot.end),
            model=self.model.to_view() if self.model else None,
            note=self.note,
            created_at=self.created_at,
            history=tuple((h.status, h.at) for h in self.history),
            cancellable=self.cancellable,
            price_fen=self.price,
        )


class BookingsWire(_Wire):
    """GET /bookings: `{"bookings": [...]}`."""

    bookings: list[BookingWire]


class LeaseQuoteWire(_Wire):
    """POST /lease-quotes."""

    model_id: int
    price: Fen
    monthly_payment: Fen
    apr: float
    term_months: int
    down_payment: Fen
    total_payable: Fen
    financed: Fen = 0

    def to_view(self, model: ModelView) -> LeaseQuote:
        return LeaseQuote(
            model=model,
            price_fen=self.price,
            monthly_fen=self.monthly_payment,
            apr=self.apr,
            term_months=self.term_months,
            down_payment_fen=self.down_payment,
            total_payable_fen=self.total_payable,
            financed_fen=self.financed or self.price - self.down_payment,
        )
