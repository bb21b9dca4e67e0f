"""Everything the session says about bookings and lease quotes, in English.

Beside `replies` in the same style (plain functions, numbers and money in words via
`core.numbers`), so one fact is always said the same way: a slot is "Saturday 5 December at
10:00" in the offer, the read-back, the confirmation and the reminder alike. Times of day
stay in digits, as a person reads them off the screen and as the speech engine says them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from car_ui.booking_state import SHOP_ZONE, BookingView, LeaseQuote, ModelView, ServiceView
from car_ui.session.phrasing import numbered, or_words, sentence
from car_ui.session.questions import Offer
from car_ui.session.slot_finder import When
from core.numbers import amount_to_words, number_to_words

KIND_NAMES = {
    "test_drive": "test drive",
    "maintenance": "maintenance visit",
    "car_wash": "car wash",
    "ev_charging": "charging slot",
}
KIND_CHOICES = {  # what "what would you like to book?" offers, as people name them
    "test_drive": "a test drive",
    "maintenance": "maintenance",
    "car_wash": "a car wash",
    "ev_charging": "a charging slot",
}
NOT_BOOKED = "OK, I did not book it."
NOT_MOVED = "OK, your booking stays as it was."
NO_BOOKINGS = "You have no upcoming bookings."
NOTHING_BOOKABLE = "The store offers nothing to book right now."
NO_MODELS = "The store has no new models to show right now."
LEASE_TERMS_WORDS = "A lease runs for two, three, four or five years."
TIME_GONE = "That time is no longer offered. Please pick another one."
NOT_REACHED = "I can't reach the store right now, so nothing is booked yet. Say yes to try again."
NO_SUCH_BOOKING = "This car has no such booking."
HAS_STARTED = "it has already started"
SERVICES_TITLE = "Here is what you can book: test drives, maintenance, car washes and charging."


def clock_words(moment: datetime) -> str:
    """ "9:00", "15:30": a time of day in the shop's zone."""
    local = moment.astimezone(SHOP_ZONE)
    return f"{local.hour}:{local.minute:02d}"


def day_words(day: date, today: date) -> str:
    """ "today", "tomorrow", "Saturday 5 December"."""
    if day == today:
        return "today"
    if (day - today).days == 1:
        return "tomorrow"
    return f"{day:%A} {day.day} {day:%B}"


def slot_words(start: datetime, today: date) -> str:
    """ "Saturday 5 December at 10:00"."""
    return f"{day_words(start.astimezone(SHOP_ZONE).date(), today)} at {clock_words(start)}"


def kind_name(service: ServiceView) -> str:
    """ "car wash": what a service is, for "no free time for a car wash"."""
    return KIND_NAMES.get(service.kind, service.title)


def service_words(service: ServiceView, model: ModelView | None) -> str:
    """ "test drive of the Ford Explorer at Ford Dealer Pudong", "Express Wash at Sparkle"."""
    if service.kind == "test_drive" and model is not None:
        return f"test drive of the {model.name} at {service.shop}"
    return f"{service.title} at {service.shop}"


def booking_words(booking: BookingView) -> str:
    return service_words(booking.service, booking.model)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _price(fen: int) -> str:
    return f", {amount_to_words(fen)}" if fen > 0 else ""


# ---- asking ------------------------------------------------------------------------------------


def which_service(labels: Sequence[str]) -> str:
    return f"What would you like to book: {or_words(labels)}?"


def which_model(labels: Sequence[str]) -> str:
    return f"Which model: {or_words(numbered(labels))}?"


def which_booking(labels: Sequence[str]) -> str:
    return f"Which booking: {or_words(numbered(labels))}?"


def unknown_model(name: str, models: Sequence[ModelView]) -> str:
    names = or_words([m.name for m in models])
    return f"I don't know a model called {name}. You can choose {names}."


def unknown_when(value: str) -> str:
    return f"I didn't understand the day or time {value}."


def offers(
    what: str, offered: Sequence[Offer], today: date, *, short: bool, opening: str = ""
) -> str:
    """The free times read out, numbered so "the second one" picks one, the day said once
    for the times that share it; while driving in short phrases ("Saturday at 9:00 or
    10:00?")."""
    times = []
    last_day: date | None = None
    for offer in offered:
        day = offer.slot.day
        start = offer.slot.start
        times.append(clock_words(start) if day == last_day else slot_words(start, today))
        last_day = day
    if short:
        return f"{opening}{_capital(what)}: {or_words(times)}?"
    listed = "; ".join(numbered(times))
    return f"{opening}{_capital(what)}, free times: {listed}. Which one?"


def nothing_free(kind: str) -> str:
    return f"There is no free time for a {kind} in the next two weeks."


def none_fits(kind: str, wish: str) -> str:
    return f"There is no free time for a {kind} {wish}. "


def wish_words(when: When, today: date) -> str:
    """ "on Saturday in the morning", "tomorrow at 15:00": the wish said back."""
    words = []
    if when.day is not None:
        said = day_words(when.day, today)
        words.append(said if said in ("today", "tomorrow") else f"on {said}")
    if when.part:
        words.append(f"in the {when.part}")
    if when.at:
        words.append(f"at {when.at.hour}:{when.at.minute:02d}")
    return " ".join(words) or "soon"


def slot_full(start: datetime, today: date) -> str:
    return f"Sorry, {slot_words(start, today)} has just filled up. "


# ---- booking -----------------------------------------------------------------------------------


def read_back(offer: Offer, model: ModelView | None, today: date) -> str:
    """ "Test drive of the Ford Explorer at Ford Dealer Pudong, Saturday 5 December at
    10:00. Shall I book it?" """
    what = service_words(offer.service, model)
    when = slot_words(offer.slot.start, today)
    return f"{_capital(what)}, {when}{_price(offer.service.price_fen)}. Shall I book it?"


def booked(booking: BookingView, today: date) -> str:
    when = slot_words(booking.slot.start, today)
    return f"Booked: {booking_words(booking)}, {when}."


def move_read_back(moving: BookingView, offer: Offer, today: date) -> str:
    old = slot_words(moving.slot.start, today)
    new = slot_words(offer.slot.start, today)
    return f"Move your {booking_words(moving)} from {old} to {new}? Shall I move it?"


def moved(booking: BookingView, today: date) -> str:
    return f"Moved: your {booking_words(booking)} is now {slot_words(booking.slot.start, today)}."


def ask_cancel(booking: BookingView, today: date) -> str:
    when = slot_words(booking.slot.start, today)
    return f"Cancel your {booking_words(booking)}, {when}? Say yes to cancel it."


def cancelled(booking: BookingView, today: date) -> str:
    when = slot_words(booking.slot.start, today)
    return f"Your {booking_words(booking)}, {when}, is cancelled."


def booking_stays(booking: BookingView) -> str:
    return f"OK, your {KIND_NAMES.get(booking.service.kind, 'booking')} stays booked."


def cannot_change(detail: str) -> str:
    return f"That booking can't be changed any more: {sentence(detail)}"


def booking_label(booking: BookingView, today: date) -> str:
    """ "car wash, Saturday 5 December at 10:00": a booking among several."""
    kind = KIND_NAMES.get(booking.service.kind, booking.service.title)
    return f"{kind}, {slot_words(booking.slot.start, today)}"


def history(orders: int, upcoming: int) -> str:
    """ "You have two orders and one upcoming booking." """
    order_words = f"{number_to_words(orders)} {'order' if orders == 1 else 'orders'}"
    noun = "upcoming booking" if upcoming == 1 else "upcoming bookings"
    return f"You have {order_words} and {number_to_words(upcoming)} {noun}."


def down_payment_not_understood(value: object) -> str:
    return f"I didn't understand the down payment {value}."


# ---- lease quotes ------------------------------------------------------------------------------


def term_words(months: int) -> str:
    """ "three years", "eighteen months"."""
    if months % 12 == 0:
        years = months // 12
        return f"{number_to_words(years)} {'year' if years == 1 else 'years'}"
    return f"{number_to_words(months)} months"


def about_yuan(fen: int) -> str:
    """ "three thousand two hundred": a monthly payment rounded as said aloud (to the
    hundred yuan from a thousand up, to the yuan below)."""
    yuan = round(fen / 100)
    if yuan >= 1000:
        yuan = round(yuan, -2)
    return number_to_words(yuan)


def lease_quote(quote: LeaseQuote) -> str:
    """ "For the Ford Mustang Mach-E: about three thousand two hundred yuan a month over three
    years, with forty thousand down." """
    down = round(quote.down_payment_fen / 100)
    with_down = f"with {number_to_words(down)} down" if down else "with nothing down"
    monthly = about_yuan(quote.monthly_fen)
    return (
        f"For the {quote.model.name}: about {monthly} yuan a month over "
        f"{term_words(quote.term_months)}, {with_down}."
    )


# ---- reminders and suggestions -----------------------------------------------------------------


def reminder(booking: BookingView, now: datetime) -> str:
    minutes = max(1, round((booking.slot.start - now).total_seconds() / 60))
    left = f"{number_to_words(minutes)} {'minute' if minutes == 1 else 'minutes'}"
    return (
        f"Reminder: your {booking_words(booking)} starts in {left}, "
        f"at {clock_words(booking.slot.start)}."
    )


def suggest_charging(soc_percent: float) -> str:
    level = number_to_words(round(soc_percent))
    return f"Your battery is at {level} percent. Say 'book a charger' to reserve a charging slot."


def suggest_maintenance(km: float) -> str:
    distance = number_to_words(round(km))
    return f"Service is due in {distance} kilometres. Say 'book maintenance' to find a time."
