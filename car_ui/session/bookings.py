"""Booking a service by appointment: which service, which model, which time, then a yes.

"Book a test drive of the Explorer for Saturday morning": the service kind and the model come
from the command (asked for when missing), the nearest free times that fit the wish are
offered (three, two while driving), a short answer picks one (`booking_answers`), the choice
is read back and booked only after "yes". A reschedule ("move my car wash to tomorrow") walks
the same path for the booking it moves. Taps take the same path: a service tile, a day chip
and a time chip are `book` commands with the ids the screen showed.

Never a wrong or a double booking: one idempotency key per read-back, reused by every retry of
it and by the same request after a lost answer, as checkout does for orders.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from car_ui.booking_state import SHOP_ZONE, BookingView, ModelView, ServiceView
from car_ui.client import new_idempotency_key
from car_ui.i18n import _
from car_ui.session import (
    booking_changes,
    booking_display,
    booking_replies,
    leasing,
    vehicle_models,
    wording,
)
from car_ui.session.booking_context import BookingContext, booking_context
from car_ui.session.context import Answer, Context, Handlers
from car_ui.session.questions import Choice, Offer, PendingBooking, PendingSlot
from car_ui.session.slot_finder import BadWhen, When, after_wish, exactly_at, nearest, when_of
from core.commands import Command, Expecting, Intent, Reply, Screen, Source

MAX_SHOPS = 4  # services of one kind asked for their slots in one search


def book(ctx: Context, command: Command) -> Reply:
    b = booking_context(ctx)
    try:
        when = when_of(command.slots)
    except BadWhen as exc:
        return ctx.reply(command, booking_replies.unknown_when(str(exc)))
    if booking_changes.moves(command):
        moving = booking_changes.booking_to_change(b, command, by_day=False)
        return offer_times(b, command, (moving.service,), moving.model, when, moving)
    model = vehicle_models.model_of(b, command)
    kind = service_kind(b, command, model)
    if kind == "test_drive" and model is None:
        model = vehicle_models.ask_model(b, command)
    services = services_for(b, command, kind, model)
    return offer_times(b, command, services, model, when, None)


def service_kind(b: BookingContext, command: Command, model: ModelView | None) -> str:
    """The kind named, tapped or implied by a model; else the question which."""
    kind = str(command.slots.get("service") or "")
    service_id = command.slots.get("service_id")
    if not kind and service_id is not None:
        kind = next((s.kind for s in b.client.services() if s.service_id == int(service_id)), "")
    if not kind and model is not None:
        kind = "test_drive"  # "book the Explorer": a model is driven, not washed
    if kind:
        return kind
    booking_display.show_services(b)
    kinds = booking_replies.KIND_CHOICES
    options = tuple(Choice(label, {"service": k}) for k, label in kinds.items())
    raise _ask(b, command, options, booking_replies.which_service)


def _ask(
    b: BookingContext,
    command: Command,
    options: tuple[Choice, ...],
    question: Callable[[Sequence[str]], str],
) -> Answer:
    """A question answered on the services screen: its tiles are the choices by touch."""
    answer = b.ask(command, options, question)
    answer.screen = Screen.SERVICES
    return answer


def services_for(
    b: BookingContext, command: Command, kind: str, model: ModelView | None
) -> tuple[ServiceView, ...]:
    """The services that can answer: the one tapped, else those of the kind (a test drive at
    the model's dealer)."""
    found = b.client.services(kind)
    service_id = command.slots.get("service_id")
    if service_id is not None:
        found = tuple(s for s in found if s.service_id == int(service_id))
    elif model is not None:
        found = tuple(s for s in found if s.shop == model.dealer) or found
    if not found:
        raise Answer(_(booking_replies.NOTHING_BOOKABLE))
    return found[:MAX_SHOPS]


def _offers(b: BookingContext, services: tuple[ServiceView, ...], when: When) -> list[Offer]:
    return [
        Offer(service, slot)
        for service in services
        for slot in b.client.slots(service.service_id, when.day)
    ]


def offer_times(
    b: BookingContext,
    command: Command,
    services: tuple[ServiceView, ...],
    model: ModelView | None,
    when: When,
    moving: BookingView | None,
    opening: str = "",
) -> Reply:
    """The nearest free times that fit `when`, offered; a tapped time, the one time there
    is, or one asked for to the minute is read back at once. Nothing that fits: the nearest
    free times after the wish."""
    tapped = command.slots.get("slot_id")
    if tapped is not None:
        offer = _tapped(b, services, int(tapped))
        return read_back(b, command, offer, model, moving, opening)
    now, limit = b.now(), b.list_limit()
    pool = _offers(b, services, when)
    find = nearest
    if not find(pool, when, now, 1):
        if when.day is not None:
            pool = _offers(b, services, When())
        find = after_wish
        kind = booking_replies.kind_name(services[0])
        if not find(pool, when, now, 1):
            booking_display.show_times(b, services[0], model, when.day, (), moving)
            return b.reply(command, booking_replies.nothing_free(kind), screen=Screen.BOOKING)
        wish = booking_replies.wish_words(when, b.today())
        opening = wording.sentences(opening, booking_replies.none_fits(kind, wish))
    first = find(pool, when, now, 1)[0]
    pool = [o for o in pool if o.service == first.service]  # one shop's times at a time
    found = find(pool, when, now, limit)
    if len(found) == 1 or exactly_at(first, when):
        return read_back(b, command, first, model, moving, opening)
    day = when.day if when.day and command.source is Source.TOUCH else first.slot.day
    times = tuple(o.slot for o in pool if o.slot.day == day)
    booking_display.show_times(b, first.service, model, day, times, moving, found)
    asked = {k: v for k, v in command.slots.items() if k != "slot_id"}
    b.pending = PendingSlot(replace(command, slots=asked), tuple(found), model, moving)
    what = booking_replies.service_words(first.service, model)
    short = b.state.restriction.active
    text = booking_replies.offers(what, found, b.today(), short=short, opening=opening)
    return b.reply(command, text, screen=Screen.BOOKING, expecting=Expecting.CLARIFICATION)


def _tapped(b: BookingContext, services: tuple[ServiceView, ...], slot_id: int) -> Offer:
    """A time chip: the slot as the store has it now (its places may have gone)."""
    shown = next((s for s in b.booking.times if s.slot_id == slot_id), None)
    for service in services:
        fresh = b.client.slots(service.service_id, shown.day if shown else None)
        found = next((s for s in fresh if s.slot_id == slot_id), None)
        if found is not None:
            return Offer(service, found)
    raise Answer(_(booking_replies.TIME_GONE), Screen.BOOKING)


def read_back(
    b: BookingContext,
    command: Command,
    offer: Offer,
    model: ModelView | None,
    moving: BookingView | None,
    opening: str = "",
) -> Reply:
    """The question before booking (or moving a booking): what, where, when, the price. A
    time with no place left is said so, with the next free ones."""
    if not offer.slot.free:
        return offer_full(b, command, offer, model, moving)
    pending = PendingBooking(new_idempotency_key(), offer, model, moving)
    b.pending = replace(pending, key=_key(b, pending))
    booking_display.show_chosen(b, offer, model, moving)
    today = b.today()
    if moving is not None:
        text = booking_replies.move_read_back(moving, offer, today)
    else:
        text = booking_replies.read_back(offer, model, today)
    text = wording.sentences(opening, text)
    return b.reply(command, text, screen=Screen.BOOKING, expecting=Expecting.CONFIRMATION)


def offer_full(
    b: BookingContext,
    command: Command,
    offer: Offer,
    model: ModelView | None,
    moving: BookingView | None,
) -> Reply:
    """The slot has no place left: the next free times of the same service, from its time."""
    opening = booking_replies.slot_full(offer.slot.start, b.today())
    local = offer.slot.start.astimezone(SHOP_ZONE)
    after = When(day=local.date(), at=local.time().replace(tzinfo=None))
    asked = replace(asked_for(offer, model), source=command.source)
    return offer_times(b, asked, (offer.service,), model, after, moving, opening)


def asked_for(offer: Offer, model: ModelView | None) -> Command:
    """The booking of an offer, as a command another day or time can refine."""
    slots: dict[str, Any] = {"service_id": offer.service.service_id}
    if model is not None:
        slots["model_id"] = model.model_id
    return Command(Intent.BOOK, slots)


def booking_request(pending: PendingBooking) -> str:
    """What makes two bookings the same request: the slot, the model, the booking moved."""
    model = pending.model.model_id if pending.model else None
    moving = pending.moving.booking_id if pending.moving else None
    body = {"slot": pending.offer.slot.slot_id, "model": model, "moving": moving}
    return json.dumps(body, sort_keys=True)


def _key(b: BookingContext, pending: PendingBooking) -> str:
    """The key of the same request sent before whose booking is not known, else its own."""
    bound = b.unsettled_booking
    if bound is not None and bound[0] == booking_request(pending):
        return bound[1]
    return pending.key


HANDLERS: Handlers = {
    Intent.BOOK: book,
    Intent.CANCEL_BOOKING: booking_changes.cancel_booking,
    Intent.LEASE_QUOTE: leasing.lease_quote,
}
