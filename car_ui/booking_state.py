"""What the head unit knows and shows of services by appointment (CONTRACTS section 8).

The view models of bookings live here, beside the head unit that alone uses them: services,
their time slots, the new models offered for test drives and leasing, bookings and lease
quotes, all immutable, money in integer fen and times as aware datetimes in the shop's offset.

`HeadUnitState` is `core.state.SessionState` with one more member, `booking`, what the
services and booking screens render. It is a subclass so that every handler that changes the
published state with `dataclasses.replace` keeps the booking part as it is, and every screen
that knows nothing of bookings reads the same snapshot as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from core.state import SessionState
from core.when import SHOP_ZONE  # the shops' zone: days and times are said and shown in it

BOOKABLE_DAYS = 14  # the store offers the next 14 days
SERVICE_KINDS = ("test_drive", "maintenance", "car_wash", "ev_charging")


@dataclass(frozen=True)
class ServiceView:
    service_id: int
    kind: str  # one of SERVICE_KINDS
    title: str
    title_zh: str
    shop: str
    duration_min: int
    price_fen: int
    image_url: str = ""
    shop_zh: str = ""  # the shop's Chinese name ("" from a store that does not send it)


@dataclass(frozen=True)
class SlotView:
    """A time a service can be booked at; `start` and `end` carry the shop's offset."""

    slot_id: int
    start: datetime
    end: datetime
    capacity_left: int = 0

    @property
    def day(self) -> date:
        return self.start.astimezone(SHOP_ZONE).date()

    @property
    def free(self) -> bool:
        return self.capacity_left > 0


@dataclass(frozen=True)
class ModelView:
    """A new model offered for test drives and leasing; `apr` as the store gives it."""

    model_id: int
    name: str
    name_zh: str
    price_fen: int
    dealer: str
    apr: float = 0.0
    image_url: str = ""


@dataclass(frozen=True)
class BookingView:
    booking_id: int
    status: str  # booked, checked_in, done, cancelled, no_show
    service: ServiceView
    slot: SlotView
    model: ModelView | None = None
    note: str = ""
    created_at: str = ""
    history: tuple[tuple[str, str], ...] = ()  # (status, timestamp)
    cancellable: bool = False
    price_fen: int = 0

    @property
    def active(self) -> bool:
        """Still to come: a booking that can be reminded of, moved or cancelled."""
        return self.status in ("booked", "checked_in")


@dataclass(frozen=True)
class LeaseQuote:
    """The store's lease quote, with the model it is for."""

    model: ModelView
    price_fen: int
    monthly_fen: int
    apr: float
    term_months: int
    down_payment_fen: int
    total_payable_fen: int
    financed_fen: int


@dataclass(frozen=True)
class ServiceTile:
    """One tile of the services screen: a service at its shop, or for a test drive one
    model at its dealer (so one tap says everything a booking needs)."""

    service: ServiceView
    model: ModelView | None = None


@dataclass(frozen=True)
class BookingState:
    """What the services and booking screens show."""

    tiles: tuple[ServiceTile, ...] = ()  # the services screen
    service: ServiceView | None = None  # the booking screen's service
    model: ModelView | None = None  # the test drive's model
    today: date | None = None  # the first of the day chips (the shop's today)
    day: date | None = None  # the chosen day
    times: tuple[SlotView, ...] = ()  # the chosen day's free times (the time chips)
    offered: tuple[int, ...] = ()  # slot ids read out as choices
    chosen: SlotView | None = None  # read back, waiting for a yes
    moving: BookingView | None = None  # the booking a reschedule moves
    booked: BookingView | None = None  # the booking just made or moved
    bookings: tuple[BookingView, ...] = ()  # the vehicle's bookings, newest first
    quote: LeaseQuote | None = None
    suggestions: tuple[str, ...] = ()  # service kinds the vehicle's signals suggest
    reminder: str = ""  # the notice of a booking about to start

    @property
    def days(self) -> tuple[date, ...]:
        if self.today is None:
            return ()
        return tuple(self.today + timedelta(days=n) for n in range(BOOKABLE_DAYS))


@dataclass(frozen=True)
class HeadUnitState(SessionState):
    booking: BookingState = field(default_factory=BookingState)


def booking_of(state: SessionState) -> BookingState:
    """The booking part of a snapshot (empty for a state made before the session's)."""
    return state.booking if isinstance(state, HeadUnitState) else BookingState()
