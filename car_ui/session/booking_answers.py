"""Answers to the open booking question: a pick among the times offered, "yes" to a read-back,
"no", another day or time for the same booking.

What counts as an answer is decided here (`answers`): "the second one", "at ten", "Saturday",
"yes", "no". A command that names a booking of its own ("book a car wash", "add a latte") is
a new command and wins, as it does over every open question (see questions.py).
"""

from __future__ import annotations

from dataclasses import replace

from car_ui.booking_state import BookingView, ModelView, ServiceView
from car_ui.errors import ApiUnreachable, Conflict
from car_ui.i18n import _
from car_ui.session import booking_changes, booking_display, booking_replies, replies
from car_ui.session.booking_context import BookingContext, booking_context
from car_ui.session.bookings import (
    asked_for,
    booking_request,
    offer_full,
    offer_times,
    read_back,
    service_kind,
    services_for,
)
from car_ui.session.context import Context, ordinal
from car_ui.session.questions import (
    BookingQuestion,
    PendingBooking,
    PendingBookingCancel,
    PendingSlot,
)
from car_ui.session.slot_finder import BadWhen, When, picked, when_of
from core.commands import Command, Expecting, Intent, Reply, Screen
from core.when import parse_when

# What makes a `book` command a new request rather than an answer about its time.
_NAMING_SLOTS = ("service", "service_id", "model", "model_id", "booking_id", "reschedule")


def answers(command: Command, pending: BookingQuestion) -> bool:
    """Whether `command` answers the open booking question."""
    if command.intent in (Intent.CONFIRM, Intent.DENY, Intent.CANCEL):
        return True
    if isinstance(pending, PendingBookingCancel):
        return False
    names_its_own = any(command.slots.get(k) for k in _NAMING_SLOTS)
    refines = command.intent is Intent.BOOK and not names_its_own
    if isinstance(pending, PendingSlot):
        return refines or command.intent in (Intent.SELECT, Intent.UNKNOWN)
    return refines


def answer(ctx: Context, command: Command, pending: BookingQuestion) -> Reply:
    b = booking_context(ctx)
    b.pending = None
    if isinstance(pending, PendingBookingCancel):
        return booking_changes.answer_cancel(b, command, pending)
    if command.intent in (Intent.DENY, Intent.CANCEL):
        let_go(b)
        said = _(booking_replies.NOT_MOVED) if pending.moving else _(booking_replies.NOT_BOOKED)
        return b.reply(command, said)
    if isinstance(pending, PendingSlot):
        return _pick(b, command, pending)
    if command.intent is Intent.CONFIRM:
        return confirm(b, command, pending)
    try:
        when = _wish(b, command)
    except BadWhen as exc:
        return b.reply(command, booking_replies.unknown_when(str(exc)))
    asked = asked_for(pending.offer, pending.model)
    return _again(b, asked, when, pending.model, pending.moving)


def _pick(b: BookingContext, command: Command, pending: PendingSlot) -> Reply:
    """ "The second one", "at ten", "Saturday"; another day or time offers again, the wish
    said before kept where the answer leaves it open ("at nine" is still tomorrow)."""
    offers = pending.offers
    index = ordinal(command)
    if index is not None and 1 <= index <= len(offers):
        return read_back(b, command, offers[index - 1], pending.model, pending.moving)
    try:
        when = _wish(b, command)
        before = when_of(pending.command.slots)
    except BadWhen as exc:
        b.pending = pending
        return b.reply(command, booking_replies.unknown_when(str(exc)))
    chosen = picked(offers, when)
    if chosen is not None:
        return read_back(b, command, chosen, pending.model, pending.moving)
    if when.given:
        return _again(b, pending.command, before.then(when), pending.model, pending.moving)
    b.pending = pending
    return b.reply(command, replies.say_a_number(len(offers)), screen=Screen.BOOKING)


def _again(
    b: BookingContext,
    asked: Command,
    when: When,
    model: ModelView | None,
    moving: BookingView | None,
) -> Reply:
    """Another day or time for the same booking: the times offered again for it."""
    services: tuple[ServiceView, ...] = (moving.service,) if moving is not None else ()
    if not services:
        services = services_for(b, asked, service_kind(b, asked, model), model)
    wished = replace(asked, slots={**asked.slots, **when.as_slots()})
    return offer_times(b, wished, services, model, when, moving)


def _wish(b: BookingContext, command: Command) -> When:
    """The day and time an answer says: its `date` / `time` slots, else read off what was said
    as a short answer ("four" is 16:00, "the fifth" a day; see core.when)."""
    when = when_of(command.slots)
    if when.given or not command.transcript:
        return when
    heard = parse_when(command.transcript, b.today(), answer=True)
    return when_of({"date": heard.date.isoformat() if heard.date else "", "time": heard.time})


def confirm(b: BookingContext, command: Command, pending: PendingBooking) -> Reply:
    """ "Yes": book (or move) it. A lost answer keeps the question open with the same key, so
    the next "yes" gets the booking the store may already have made."""
    b.unsettled_booking = (booking_request(pending), pending.key)
    slot, model = pending.offer.slot, pending.model
    try:
        if pending.moving is not None:
            booking = b.client.reschedule(pending.moving.booking_id, slot.slot_id)
        else:
            model_id = model.model_id if model else None
            booking = b.client.book(pending.key, slot_id=slot.slot_id, model_id=model_id)
    except ApiUnreachable:
        b.pending = pending
        return b.reply(command, _(booking_replies.NOT_REACHED), expecting=Expecting.CONFIRMATION)
    except Conflict as exc:
        b.unsettled_booking = None
        return _refused(b, command, pending, exc)
    b.unsettled_booking = None
    booking_display.show_booked(b, booking)
    today = b.today()
    if pending.moving is not None:
        return b.reply(command, booking_replies.moved(booking, today), screen=Screen.BOOKING)
    reply = b.reply(command, booking_replies.booked(booking, today), screen=Screen.BOOKING)
    return replace(reply, booking_id=booking.booking_id)


def _refused(
    b: BookingContext, command: Command, pending: PendingBooking, error: Conflict
) -> Reply:
    """A 409: the slot filled up meanwhile (the next free times are offered), or the store
    refused for another reason (the booking to move has started), said as the store said it."""
    offer = pending.offer
    fresh = b.client.slots(offer.service.service_id, offer.slot.day)
    now = next((s for s in fresh if s.slot_id == offer.slot.slot_id), None)
    if now is not None and now.free:
        let_go(b)
        return b.reply(command, booking_replies.cannot_change(error.detail))
    full = replace(offer, slot=replace(offer.slot, capacity_left=0))
    return offer_full(b, command, full, pending.model, pending.moving)


def let_go(ctx: Context) -> None:
    """The booking question was closed: nothing on screen waits for a pick or a yes."""
    booking_context(ctx).set_booking(chosen=None, offered=())
