"""Opening the screens bookings show on: the services screen, the booking screen and the
history (orders and bookings together), each with what it needs loaded first."""

from __future__ import annotations

from dataclasses import replace

from car_ui.i18n import N_, _
from car_ui.session import booking_display, booking_replies
from car_ui.session.booking_context import booking_context
from car_ui.session.context import Context, Handler
from car_ui.session.orders import show_orders
from core.commands import Command, Intent, Reply, Screen

PICK_A_TIME = N_("Pick a day and a time.")


def open_services(ctx: Context, command: Command) -> Reply:
    b = booking_context(ctx)
    booking_display.show_services(b)
    return b.reply(command, _(booking_replies.SERVICES_TITLE), screen=Screen.SERVICES)


def open_booking(ctx: Context, command: Command) -> Reply:
    """The booking screen shows one service: without one chosen, the services come first."""
    if booking_context(ctx).booking.service is None:
        return open_services(ctx, command)
    return ctx.reply(command, _(PICK_A_TIME), screen=Screen.BOOKING)


def open_history(ctx: Context, command: Command) -> Reply:
    """Orders and bookings: the bookings' statuses are the store's of now, and the reply
    counts the upcoming ones beside the orders."""
    bookings = booking_display.refresh(booking_context(ctx))
    reply = show_orders(ctx, command)
    upcoming = sum(1 for booking in bookings if booking.active)
    if not upcoming:
        return reply
    return replace(reply, text=booking_replies.history(len(ctx.orders), upcoming))


_OPENERS: dict[str, Handler] = {
    Screen.SERVICES.value: open_services,
    Screen.BOOKING.value: open_booking,
    Screen.ORDERS.value: open_history,
}


def opener(command: Command) -> Handler | None:
    """The handler of an `open` for one of these screens; None for any other command."""
    if command.intent is not Intent.OPEN:
        return None
    return _OPENERS.get(str(command.slots.get("screen", "")))
