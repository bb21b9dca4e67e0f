"""The documented shapes of CONTRACTS section 8's answers, as `responses.py` is for the rest:
FastAPI puts them in the OpenAPI document; the routes build plain dicts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from mock_retail_api.responses import StatusChange

ServiceKind = Literal["test_drive", "maintenance", "car_wash", "ev_charging"]
BookingStatus = Literal["booked", "checked_in", "done", "cancelled", "no_show"]


class Service(BaseModel):
    id: int
    kind: ServiceKind
    title: str
    title_zh: str
    shop: str
    shop_zh: str  # README: extensions
    duration_min: int
    price: float
    image_url: str


class Services(BaseModel):
    services: list[Service]


class SlotTime(BaseModel):
    id: int
    start: str  # ISO 8601 with the shop's offset
    end: str


class Slot(SlotTime):
    capacity_left: int


class Slots(BaseModel):
    slots: list[Slot]


class VehicleModel(BaseModel):
    id: int
    name: str
    name_zh: str
    price: float
    dealer: str
    dealer_zh: str  # README: extensions
    apr: float  # a fraction: 0.0399 is 3.99 % a year
    image_url: str


class VehicleModels(BaseModel):
    models: list[VehicleModel]


class Booking(BaseModel):
    id: int
    status: BookingStatus
    service: Service
    slot: SlotTime
    model: VehicleModel | None
    note: str | None
    profile: str
    created_at: str
    history: list[StatusChange]
    cancellable: bool
    price: float


class Bookings(BaseModel):
    bookings: list[Booking]


class LeaseQuote(BaseModel):
    model_id: int
    price: float
    monthly_payment: float
    apr: float
    term_months: int
    down_payment: float
    total_payable: float
    financed: float
