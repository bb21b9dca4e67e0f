"""Changing a booking: which one ("my car wash", the one tapped), cancelling it after a yes,
and finding the booking a reschedule moves (the moving itself is a booking's path, see
`bookings`)."""

from __future__ import annotations

from datetime import date

from car_ui.booking_state import BookingView
from car_ui.errors import Conflict
from car_ui.i18n import _
from car_ui.session import booking_display, booking_replies
from car_ui.session.booking_context import BookingContext, booking_context
from car_ui.session.context import Answer, Context
from car_ui.session.questions import Choice, PendingBookingCancel
from car_ui.session.slot_finder import BadWhen, when_of
from core.commands import Command, Expecting, Intent, Reply, Screen


def moves(command: Command) -> bool:
    """A `book` command that moves a booking: "move my car wash", a booking's Move button."""
    return bool(command.slots.get("reschedule")) or command.slots.get("booking_id") is not None


def booking_to_change(b: BookingContext, command: Command, *, by_day: bool) -> BookingView:
    """The booking meant: the one tapped, else the upcoming one of the kind named (and of the
    day named, when the day says which rather than where to move it); asked when several."""
    bookings = booking_display.refresh(b)
    wanted = command.slots.get("booking_id")
    if wanted is not None:
        found = next((x for x in bookings if x.booking_id == int(wanted)), None)
        if found is None:
            raise Answer(_(booking_replies.NO_SUCH_BOOKING), Screen.ORDERS)
        return found
    kind = str(command.slots.get("service") or "")
    day = _day(command) if by_day else None
    upcoming = [
        x
        for x in bookings
        if x.active and (not kind or x.service.kind == kind) and (day is None or x.slot.day == day)
    ]
    if not upcoming:
        raise Answer(_(booking_replies.NO_BOOKINGS), Screen.ORDERS)
    if len(upcoming) == 1:
        return upcoming[0]
    upcoming.sort(key=lambda x: x.slot.start)
    today = b.today()
    options = tuple(
        Choice(booking_replies.booking_label(x, today), {"booking_id": x.booking_id})
        for x in upcoming[:3]
    )
    answer = b.ask(command, options, booking_replies.which_booking)
    answer.screen = Screen.ORDERS
    raise answer


def _day(command: Command) -> date | None:
    try:
        return when_of(command.slots).day
    except BadWhen:
        return None


def cancel_booking(ctx: Context, command: Command) -> Reply:
    """ "Cancel my test drive": which booking is read back; cancelled only after a yes."""
    b = booking_context(ctx)
    booking = booking_to_change(b, command, by_day=True)
    if not booking.cancellable:
        return b.reply(command, booking_replies.cannot_change(booking_replies.HAS_STARTED))
    b.pending = PendingBookingCancel(booking)
    text = booking_replies.ask_cancel(booking, b.today())
    return b.reply(command, text, screen=Screen.ORDERS, expecting=Expecting.CONFIRMATION)


def answer_cancel(b: BookingContext, command: Command, pending: PendingBookingCancel) -> Reply:
    booking = pending.booking
    if command.intent is not Intent.CONFIRM:
        return b.reply(command, booking_replies.booking_stays(booking))
    try:
        cancelled = b.client.cancel_booking(booking.booking_id)
    except Conflict as exc:
        return b.reply(command, booking_replies.cannot_change(exc.detail), screen=Screen.ORDERS)
    booking_display.refresh(b)
    text = booking_replies.cancelled(cancelled, b.today())
    return b.reply(command, text, screen=Screen.ORDERS)
