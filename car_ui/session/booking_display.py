"""What the services and booking screens show, kept current by the booking handlers.

The handlers decide; these functions put the decision in the published state
(`BookingState`): the service tiles, the chosen service's day and its times with the offered
ones marked, the read-back's slot, the booking just made, the vehicle's bookings for the
history. One place, so a spoken booking and a tapped one leave the same screen behind.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from car_ui.booking_state import BookingView, ModelView, ServiceTile, ServiceView, SlotView
from car_ui.errors import NotFound
from car_ui.session.booking_context import BookingContext
from car_ui.session.questions import Offer

log = logging.getLogger(__name__)


def tiles(services: Sequence[ServiceView], models: Sequence[ModelView]) -> tuple[ServiceTile, ...]:
    """A tile per service, except test drives: a tile per model at its dealer's service."""
    shown: list[ServiceTile] = []
    for service in services:
        if service.kind != "test_drive":
            shown.append(ServiceTile(service))
            continue
        shown.extend(ServiceTile(service, m) for m in models if m.dealer == service.shop)
    return tuple(shown)


def show_services(b: BookingContext, kind: str | None = None) -> None:
    """The services screen's tiles, of one kind or all (test drives first, as the store
    lists them)."""
    services = b.client.services(kind)
    models = b.models() if any(s.kind == "test_drive" for s in services) else ()
    b.set_booking(tiles=tiles(services, models), today=b.today(), quote=None)


def show_times(
    b: BookingContext,
    service: ServiceView,
    model: ModelView | None,
    day: date | None,
    times: tuple[SlotView, ...],
    moving: BookingView | None,
    offered: Sequence[Offer] = (),
) -> None:
    b.set_booking(
        service=service,
        model=model,
        today=b.today(),
        day=day,
        times=times,
        offered=tuple(o.slot.slot_id for o in offered),
        chosen=None,
        moving=moving,
        booked=None,
    )


def show_chosen(
    b: BookingContext, offer: Offer, model: ModelView | None, moving: BookingView | None
) -> None:
    """The read-back's slot lit on the booking screen, its day's times around it."""
    shown = b.booking
    day = offer.slot.day
    same_day = shown.service == offer.service and shown.day == day and shown.times
    times = shown.times if same_day else b.client.slots(offer.service.service_id, day)
    b.set_booking(
        service=offer.service,
        model=model,
        today=b.today(),
        day=day,
        times=times,
        offered=(offer.slot.slot_id,),
        chosen=offer.slot,
        moving=moving,
        booked=None,
    )


def show_booked(b: BookingContext, booking: BookingView) -> None:
    bookings = refresh(b)
    if booking.booking_id not in {x.booking_id for x in bookings}:
        bookings = (booking, *bookings)
        b.set_booking(bookings=bookings)
    b.set_booking(chosen=None, offered=(), moving=None, booked=booking)


def refresh(b: BookingContext) -> tuple[BookingView, ...]:
    """The vehicle's bookings from the store, newest first (a store without bookings has
    none)."""
    try:
        bookings = b.client.bookings()
    except NotFound:
        log.warning("the API has no /bookings: the history shows orders only")
        bookings = ()
    ordered = tuple(sorted(bookings, key=lambda x: x.booking_id, reverse=True))
    b.set_booking(bookings=ordered, today=b.today())
    return ordered
