"""The pieces of the booking screens (car_ui/kv/booking.kv): service tiles, day and time chips,
a booking's row in the history, a lease quote's parts, and how each reads on screen.

Apart from `booking_screens` so the orders screen (car_ui.views.order_screens) can show bookings
with the same rows without importing the booking screens.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from babel.dates import format_date
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
from car_ui.i18n import N_, _, chinese, ngettext
from car_ui.session.booking_replies import model_name, service_title, slot_words
from car_ui.touch import BookService
from car_ui.views.parts import SuggestionCard, shop_name
from car_ui.views.theme import icon
from car_ui.views.widgets import Pressable
from core.state import SessionState, format_price

# msgids: shown with kind_label(), in the language of the moment
KIND_LABELS = {
    "test_drive": N_("Test drive"),
    "maintenance": N_("Maintenance"),
    "car_wash": N_("Car wash"),
    "ev_charging": N_("Charging"),
}
KIND_ICONS = {
    "test_drive": "steering",
    "maintenance": "car-cog",
    "car_wash": "car-wash",
    "ev_charging": "ev-station",
}
# How the store's booking statuses read in the history.
BOOKING_STATUS_LABELS = {
    "booked": N_("Booked"),
    "checked_in": N_("Checked in"),
    "done": N_("Done"),
    "cancelled": N_("Cancelled"),
    "no_show": N_("Missed"),
}
# Lease quote rows whose value is drawn strong
STRONG_LEASE_PARTS = (N_("Monthly"), N_("Total payable"))


def kind_glyph(kind: str) -> str:
    return icon(KIND_ICONS.get(kind, "store"))


def kind_label(kind: str) -> str:
    """ "Test drive" / 试驾: a service kind on the screens."""
    label = KIND_LABELS.get(kind)
    return _(label) if label else kind


def booking_status_label(status: str) -> str:
    label = BOOKING_STATUS_LABELS.get(status)
    return _(label) if label else status.replace("_", " ").capitalize()


def price_label(fen: int) -> str:
    return format_price(fen) if fen else _("Free")


def minutes_label(minutes: int) -> str:
    """ "30 min" / "30分钟"."""
    return _("{n} min").format(n=minutes)


def day_chip_label(day: date, today: date) -> str:
    """ "Today", "Tomorrow", "Sat 5" (今天, 明天, 12月5日 周六): a day chip's words."""
    if day == today:
        return _("Today")
    if day == today + timedelta(days=1):
        return _("Tomorrow")
    if chinese():
        return format_date(day, "M月d日 EEE", locale="zh_CN")
    return f"{day:%a} {day.day}"


def time_label(slot: SlotView) -> str:
    """ "14:00": a time chip (the 24-hour clock reads the same in both languages)."""
    return f"{slot.start.astimezone(SHOP_ZONE):%H:%M}"


def when_label(slot: SlotView) -> str:
    """ "Sat 5 Dec, 10:00" (12月5日 周六 10:00): a booking's time in a row."""
    local = slot.start.astimezone(SHOP_ZONE)
    if chinese():
        return f"{format_date(local.date(), 'M月d日 EEE', locale='zh_CN')} {local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def when_shown(start: datetime, today: date) -> str:
    """The read-back's time on screen: "Saturday 5 December at 10:00" as it is said in
    English; in Chinese with digits (12月5日 周六 10:00, 今天 10:00), not as spoken."""
    if chinese():
        local = start.astimezone(SHOP_ZONE)
        return f"{day_chip_label(local.date(), today)} {local:%H:%M}"
    return slot_words(start, today)


def tile_title(tile: ServiceTile) -> str:
    return model_name(tile.model) if tile.model is not None else service_title(tile.service)


def booking_title(booking: BookingView) -> str:
    """ "Test drive · Ford Explorer", "Car wash · Express car wash"."""
    kind = kind_label(booking.service.kind)
    model = booking.model
    what = model_name(model) if model is not None else service_title(booking.service)
    return f"{kind} · {what}"


def term_label(months: int) -> str:
    """ "36 months (3 years)" / "36个月(3年)"."""
    label = ngettext("{n} month", "{n} months", months).format(n=months)
    if months % 12 == 0:
        years = months // 12
        label += _(" ({n} years)").format(n=years) if years != 1 else _(" (1 year)")
    return label


def lease_parts(quote: LeaseQuote) -> list[tuple[str, str]]:
    """A lease quote's parts as (label, value) rows, in the order they add up; the labels
    in the active language (STRONG_LEASE_PARTS names the strong ones, as msgids)."""
    return [
        (N_("Price"), format_price(quote.price_fen)),
        (N_("Down payment"), format_price(quote.down_payment_fen)),
        (N_("Financed"), format_price(quote.financed_fen)),
        (N_("APR"), f"{quote.apr * 100:.2f} %"),
        (N_("Term"), term_label(quote.term_months)),
        (N_("Monthly"), format_price(quote.monthly_fen)),
        (N_("Total payable"), format_price(quote.total_payable_fen)),
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


def booking_rows(state: SessionState, limit: int | None, lang: str) -> list[Widget]:
    """The history's booking rows (newest first; `limit` of them while driving)."""
    bookings = booking_of(state).bookings
    if limit is not None:
        bookings = bookings[:limit]
    return [
        BookingRow(
            booking_id=b.booking_id,
            glyph=kind_glyph(b.service.kind),
            heading=f"{booking_title(b)}  ·  {booking_status_label(b.status)}",
            detail=f"{when_label(b.slot)}  ·  {shop_name(b.service, lang)}",
            changeable=b.active and b.cancellable,
        )
        for b in bookings
    ]


# What a vehicle signal suggests booking, as a Home suggestion card: (title, reason).
_SUGGESTION_WORDS = {
    "ev_charging": (N_("Book a charger"), N_("Battery is low")),
    "maintenance": (N_("Book maintenance"), N_("Service is due soon")),
}


def suggestion_cards(state: SessionState) -> list[Widget]:
    """Home's cards for the services the vehicle's signals call for; a tap books one."""
    return [
        SuggestionCard(
            message=BookService(kind),
            glyph=kind_glyph(kind),
            title=_(_SUGGESTION_WORDS[kind][0]),
            reason=_(_SUGGESTION_WORDS[kind][1]),
        )
        for kind in booking_of(state).suggestions
        if kind in _SUGGESTION_WORDS
    ]
