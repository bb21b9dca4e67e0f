"""The pieces of the booking screens (car_ui/kv/booking.kv): service tiles, day and time chips,
a booking's row in the history, a lease quote's parts, and how each reads on screen.

Apart from `booking_screens` so the orders screen (car_ui.views.screens) can show bookings
with the same rows without importing the booking screens.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from car_ui.booking_state import (
    SHOP_ZONE,
    BookingView,
    LeaseQuote,
    ServiceTile,
    SlotView,
    booking_of,
)
from car_ui.touch import BookService
from car_ui.views.parts import SuggestionCard
from car_ui.views.theme import icon
from car_ui.views.widgets import Pressable
from core.state import SessionState, format_price

KIND_LABELS = {
    "test_drive": "Test drive",
    "maintenance": "Maintenance",
    "car_wash": "Car wash",
    "ev_charging": "Charging",
}
KIND_ICONS = {
    "test_drive": "steering",
    "maintenance": "car-cog",
    "car_wash": "car-wash",
    "ev_charging": "ev-station",
}
# How the store's booking statuses read in the history.
BOOKING_STATUS_LABELS = {
    "booked": "Booked",
    "checked_in": "Checked in",
    "done": "Done",
    "cancelled": "Cancelled",
    "no_show": "Missed",
}


def kind_glyph(kind: str) -> str:
    return icon(KIND_ICONS.get(kind, "store"))


def booking_status_label(status: str) -> str:
    return BOOKING_STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def price_label(fen: int) -> str:
    return format_price(fen) if fen else "Free"


def day_chip_label(day: date, today: date) -> str:
    """ "Today", "Tomorrow", "Sat 5": a day chip's words."""
    if day == today:
        return "Today"
    if day == today + timedelta(days=1):
        return "Tomorrow"
    return f"{day:%a} {day.day}"


def time_label(slot: SlotView) -> str:
    return f"{slot.start.astimezone(SHOP_ZONE):%H:%M}"


def when_label(slot: SlotView) -> str:
    """ "Sat 5 Dec, 10:00": a booking's time in a row."""
    local = slot.start.astimezone(SHOP_ZONE)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def tile_title(tile: ServiceTile) -> str:
    return tile.model.name if tile.model is not None else tile.service.title


def booking_title(booking: BookingView) -> str:
    """ "Test drive · Ford Explorer", "Car wash · Express car wash"."""
    kind = KIND_LABELS.get(booking.service.kind, booking.service.kind)
    what = booking.model.name if booking.model is not None else booking.service.title
    return f"{kind} · {what}"


def lease_parts(quote: LeaseQuote) -> list[tuple[str, str]]:
    """A lease quote's parts as (label, value) rows, in the order they add up."""
    years = quote.term_months / 12
    term = f"{quote.term_months} months" + (f" ({years:g} years)" if years.is_integer() else "")
    return [
        ("Price", format_price(quote.price_fen)),
        ("Down payment", format_price(quote.down_payment_fen)),
        ("Financed", format_price(quote.financed_fen)),
        ("APR", f"{quote.apr * 100:.2f} %"),
        ("Term", term),
        ("Monthly", format_price(quote.monthly_fen)),
        ("Total payable", format_price(quote.total_payable_fen)),
    ]


def day_window(days: Sequence[date], chosen: date | None, limit: int | None) -> list[int]:
    """Which day chips show (positions in `days`): all of them, or while driving `limit`
    days from the chosen one."""
    if limit is None:
        return list(range(len(days)))
    first = days.index(chosen) if chosen in days else 0
    first = max(0, min(first, len(days) - limit))
    return list(range(first, min(len(days), first + limit)))


def shown_times(times: Sequence[SlotView], offered: Sequence[int], limit: int | None) -> list[int]:
    """Which time chips show (positions in `times`): all of them, or while driving the
    offered ones (else the first free ones) up to `limit`."""
    if limit is None:
        return list(range(len(times)))
    lit = [i for i, slot in enumerate(times) if slot.slot_id in offered]
    free = [i for i, slot in enumerate(times) if slot.free and i not in lit]
    return sorted((lit + free)[:limit])


class ServiceTileCard(Pressable):
    """A service at its shop (for a test drive: a model at its dealer) on the services
    screen; a tap books it."""

    glyph = StringProperty("")
    kind = StringProperty("")
    title = StringProperty("")
    shop = StringProperty("")
    price = StringProperty("")
    duration = StringProperty("")
    suggested = BooleanProperty(False)  # what the vehicle's signals call for


class BookingRow(BoxLayout):
    """A booking in the history, with Move and Cancel while it can still change."""

    booking_id = NumericProperty(0)
    glyph = StringProperty("")
    heading = StringProperty("")
    detail = StringProperty("")
    changeable = BooleanProperty(False)


class LeasePart(BoxLayout):
    label = StringProperty("")
    value = StringProperty("")
    strong = BooleanProperty(False)


def booking_rows(state: SessionState, limit: int | None) -> list[Widget]:
    """The history's booking rows (newest first; `limit` of them while driving)."""
    bookings = booking_of(state).bookings
    if limit is not None:
        bookings = bookings[:limit]
    return [
        BookingRow(
            booking_id=b.booking_id,
            glyph=kind_glyph(b.service.kind),
            heading=f"{booking_title(b)}  ·  {booking_status_label(b.status)}",
            detail=f"{when_label(b.slot)}  ·  {b.service.shop}",
            changeable=b.active and b.cancellable,
        )
        for b in bookings
    ]


# What a vehicle signal suggests booking, as a Home suggestion card: (title, reason).
_SUGGESTION_WORDS = {
    "ev_charging": ("Book a charger", "Battery is low"),
    "maintenance": ("Book maintenance", "Service is due soon"),
}


def suggestion_cards(state: SessionState) -> list[Widget]:
    """Home's cards for the services the vehicle's signals call for; a tap books one."""
    return [
        SuggestionCard(
            message=BookService(kind),
            glyph=kind_glyph(kind),
            title=_SUGGESTION_WORDS[kind][0],
            reason=_SUGGESTION_WORDS[kind][1],
        )
        for kind in booking_of(state).suggestions
        if kind in _SUGGESTION_WORDS
    ]
