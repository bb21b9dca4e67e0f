"""Everything the session says about bookings and lease quotes, in the head unit's language.

Beside `replies` in the same style: each sentence is a gettext template with named
placeholders, filled with phrases from `wording` (numbers, money, days and times of the active
language), so one fact is always said the same way: a slot is "Saturday 5 December at 10:00"
(12月5日 星期六上午十点) in the offer, the read-back, the confirmation and the reminder alike.
English says times of day in digits, as a person reads them off the screen and as the speech
engine says them; Chinese says them as spoken (上午十点), since its voice reads digits one by
one. Fixed sentences are constants marked with `N_` and translated where they are said.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from car_ui.booking_state import SHOP_ZONE, BookingView, LeaseQuote, ModelView, ServiceView
from car_ui.i18n import N_, _, chinese, localized, ngettext
from car_ui.session import wording
from car_ui.session.questions import Offer
from car_ui.session.slot_finder import When

KIND_NAMES = {
    "test_drive": N_("test drive"),
    "maintenance": N_("maintenance visit"),
    "car_wash": N_("car wash"),
    "ev_charging": N_("charging slot"),
}
KIND_CHOICES = {  # what "what would you like to book?" offers, as people name them
    "test_drive": N_("a test drive"),
    "maintenance": N_("maintenance"),
    "car_wash": N_("a car wash"),
    "ev_charging": N_("a charging slot"),
}
NOT_BOOKED = N_("OK, I did not book it.")
NOT_MOVED = N_("OK, your booking stays as it was.")
NO_BOOKINGS = N_("You have no upcoming bookings.")
NOTHING_BOOKABLE = N_("The store offers nothing to book right now.")
NO_MODELS = N_("The store has no new models to show right now.")
LEASE_TERMS_WORDS = N_("A lease runs for two, three, four or five years.")
TIME_GONE = N_("That time is no longer offered. Please pick another one.")
NOT_REACHED = N_(
    "I can't reach the store right now, so nothing is booked yet. Say yes to try again."
)
NO_SUCH_BOOKING = N_("This car has no such booking.")
HAS_STARTED = N_("it has already started")
SERVICES_TITLE = N_("Here is what you can book: test drives, maintenance, car washes and charging.")
PARTS_OF_DAY = {"morning": N_("in the morning"), "afternoon": N_("in the afternoon")}
PARTS_OF_DAY["evening"] = N_("in the evening")


def clock_words(moment: datetime) -> str:
    """ "9:00", "15:30" (上午九点, 下午三点半): a time of day in the shop's zone."""
    return wording.clock(moment.astimezone(SHOP_ZONE).time())


def day_words(day: date, today: date) -> str:
    """ "today", "tomorrow", "Saturday 5 December" (今天, 明天, 12月5日 星期六)."""
    if day == today:
        return _("today")
    if (day - today).days == 1:
        return _("tomorrow")
    return wording.day(day)


def slot_words(start: datetime, today: date) -> str:
    """ "Saturday 5 December at 10:00" (12月5日 星期六上午十点)."""
    day = day_words(start.astimezone(SHOP_ZONE).date(), today)
    return _("{day} at {time}").format(day=day, time=clock_words(start))


def kind_name(service: ServiceView) -> str:
    """ "car wash": what a service is, for "no free time for a car wash"."""
    kind = KIND_NAMES.get(service.kind)
    return _(kind) if kind else service_title(service)


def service_title(service: ServiceView) -> str:
    """The service's name in the active language (the store's `title_zh` under zh-CN)."""
    return localized(service.title, service.title_zh)


def model_name(model: ModelView) -> str:
    """The model's name in the active language (the store's `name_zh` under zh-CN)."""
    return localized(model.name, model.name_zh)


def shop_name(service: ServiceView) -> str:
    """The shop's name in the active language (the store's `shop_zh` under zh-CN)."""
    return localized(service.shop, service.shop_zh)


def service_words(service: ServiceView, model: ModelView | None) -> str:
    """ "test drive of the Ford Explorer at Ford Dealer Pudong", "Express Wash at Sparkle"."""
    shop = shop_name(service)
    if service.kind == "test_drive" and model is not None:
        return _("test drive of the {model} at {shop}").format(model=model_name(model), shop=shop)
    return _("{service} at {shop}").format(service=service_title(service), shop=shop)


def booking_words(booking: BookingView) -> str:
    return service_words(booking.service, booking.model)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _price(fen: int) -> str:
    return _(", {price}").format(price=wording.money(fen)) if fen > 0 else ""


# ---- asking ------------------------------------------------------------------------------------


def which_service(labels: Sequence[str]) -> str:
    return _("What would you like to book: {choices}?").format(
        choices=wording.either([_(label) for label in labels])
    )


def which_model(labels: Sequence[str]) -> str:
    return _("Which model: {choices}?").format(choices=wording.choices(labels))


def which_booking(labels: Sequence[str]) -> str:
    return _("Which booking: {choices}?").format(choices=wording.choices(labels))


def unknown_model(name: str, models: Sequence[ModelView]) -> str:
    names = wording.either([model_name(m) for m in models])
    return _("I don't know a model called {name}. You can choose {names}.").format(
        name=name, names=names
    )


def unknown_when(value: str) -> str:
    return _("I didn't understand the day or time {value}.").format(value=value)


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
        text = _("{what}: {times}?").format(what=_capital(what), times=wording.either(times))
    else:
        text = _("{what}, free times: {times}. Which one?").format(
            what=_capital(what), times=wording.numbered_list(times)
        )
    return wording.sentences(opening, text)


def nothing_free(kind: str) -> str:
    return _("There is no free time for a {kind} in the next two weeks.").format(kind=kind)


def none_fits(kind: str, wish: str) -> str:
    return _("There is no free time for a {kind} {wish}.").format(kind=kind, wish=wish)


def wish_words(when: When, today: date) -> str:
    """ "on Saturday in the morning", "tomorrow at 15:00": the wish said back."""
    words = []
    if when.day is not None:
        said = day_words(when.day, today)
        near = when.day == today or (when.day - today).days == 1
        words.append(said if near else _("on {day}").format(day=said))
    if when.part:
        part = PARTS_OF_DAY.get(when.part)
        words.append(_(part) if part else when.part)
    if when.at:
        words.append(_("at {time}").format(time=wording.clock(when.at)))
    if not words:
        return _("soon")
    return ("" if chinese() else " ").join(words)


def slot_full(start: datetime, today: date) -> str:
    return _("Sorry, {when} has just filled up.").format(when=slot_words(start, today))


# ---- booking -----------------------------------------------------------------------------------


def read_back(offer: Offer, model: ModelView | None, today: date) -> str:
    """ "Test drive of the Ford Explorer at Ford Dealer Pudong, Saturday 5 December at
    10:00. Shall I book it?" """
    what = service_words(offer.service, model)
    when = slot_words(offer.slot.start, today)
    return _("{what}, {when}{price}. Shall I book it?").format(
        what=_capital(what), when=when, price=_price(offer.service.price_fen)
    )


def booked(booking: BookingView, today: date) -> str:
    when = slot_words(booking.slot.start, today)
    return _("Booked: {what}, {when}.").format(what=booking_words(booking), when=when)


def move_read_back(moving: BookingView, offer: Offer, today: date) -> str:
    old = slot_words(moving.slot.start, today)
    new = slot_words(offer.slot.start, today)
    return _("Move your {what} from {old} to {new}? Shall I move it?").format(
        what=booking_words(moving), old=old, new=new
    )


def moved(booking: BookingView, today: date) -> str:
    return _("Moved: your {what} is now {when}.").format(
        what=booking_words(booking), when=slot_words(booking.slot.start, today)
    )


def ask_cancel(booking: BookingView, today: date) -> str:
    when = slot_words(booking.slot.start, today)
    return _("Cancel your {what}, {when}? Say yes to cancel it.").format(
        what=booking_words(booking), when=when
    )


def cancelled(booking: BookingView, today: date) -> str:
    when = slot_words(booking.slot.start, today)
    return _("Your {what}, {when}, is cancelled.").format(what=booking_words(booking), when=when)


def booking_stays(booking: BookingView) -> str:
    kind = KIND_NAMES.get(booking.service.kind)
    return _("OK, your {kind} stays booked.").format(kind=_(kind) if kind else _("booking"))


def cannot_change(detail: str) -> str:
    return _("That booking can't be changed any more: {detail}").format(
        detail=wording.sentence(_(detail))
    )


def booking_label(booking: BookingView, today: date) -> str:
    """ "car wash, Saturday 5 December at 10:00": a booking among several."""
    return _("{kind}, {when}").format(
        kind=kind_name(booking.service), when=slot_words(booking.slot.start, today)
    )


def history(orders: int, upcoming: int) -> str:
    """ "You have two orders and one upcoming booking." (no orders: "You have no orders")"""
    if orders:
        order_words = ngettext("{count} order", "{count} orders", orders).format(
            count=wording.count(orders)
        )
    else:
        order_words = _("no orders")
    if upcoming:
        booking_count = ngettext(
            "{count} upcoming booking", "{count} upcoming bookings", upcoming
        ).format(count=wording.count(upcoming))
    else:
        booking_count = _("no upcoming bookings")
    return _("You have {orders} and {bookings}.").format(orders=order_words, bookings=booking_count)


def down_payment_not_understood(value: object) -> str:
    return _("I didn't understand the down payment {value}.").format(value=value)


# ---- lease quotes ------------------------------------------------------------------------------


def term_words(months: int) -> str:
    """ "three years", "eighteen months" (三年, 十八个月)."""
    if months % 12 == 0:
        years = months // 12
        return ngettext("{count} year", "{count} years", years).format(count=wording.count(years))
    return ngettext("{count} month", "{count} months", months).format(count=wording.count(months))


def about_yuan(fen: int) -> str:
    """ "three thousand two hundred": a monthly payment rounded as said aloud (to the
    hundred yuan from a thousand up, to the yuan below)."""
    yuan = round(fen / 100)
    if yuan >= 1000:
        yuan = round(yuan, -2)
    return wording.number(yuan)


def lease_quote(quote: LeaseQuote) -> str:
    """ "For the Ford Mustang Mach-E: about three thousand two hundred yuan a month over three
    years, with forty thousand down." """
    down = round(quote.down_payment_fen / 100)
    if down:
        with_down = _("with {amount} down").format(amount=wording.number(down))
    else:
        with_down = _("with nothing down")
    return _("For the {model}: about {monthly} yuan a month over {term}, {down}.").format(
        model=model_name(quote.model),
        monthly=about_yuan(quote.monthly_fen),
        term=term_words(quote.term_months),
        down=with_down,
    )


# ---- reminders and suggestions -----------------------------------------------------------------


def reminder(booking: BookingView, now: datetime) -> str:
    minutes = max(1, round((booking.slot.start - now).total_seconds() / 60))
    left = ngettext("{count} minute", "{count} minutes", minutes).format(
        count=wording.count(minutes)
    )
    return _("Reminder: your {what} starts in {left}, at {time}.").format(
        what=booking_words(booking), left=left, time=clock_words(booking.slot.start)
    )


def suggest_charging(soc_percent: float) -> str:
    return _(
        "Your battery is at {level} percent. Say 'book a charger' to reserve a charging slot."
    ).format(level=wording.number(round(soc_percent)))


def suggest_maintenance(km: float) -> str:
    return _(
        "Service is due in {distance} kilometres. Say 'book maintenance' to find a time."
    ).format(distance=wording.number(round(km)))
