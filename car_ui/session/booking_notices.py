"""What the session tells without being asked: a booking about to start, and a service the
vehicle's signals call for (charging when the battery is low, maintenance when service is due).

Each is said once, with the next reply (as a queued order's news is) and shown at once as the
screen's notice; a suggestion may come again after its signal recovered and fell again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from car_ui.booking_state import SERVICE_KINDS
from car_ui.errors import NotFound
from car_ui.session import booking_display, booking_replies
from car_ui.session.booking_context import BookingContext, booking_context
from car_ui.session.context import Context
from voice.booking_words import model_entries

log = logging.getLogger(__name__)

REMIND_BEFORE = timedelta(minutes=30)
LOW_BATTERY_PERCENT = 20.0  # VSS StateOfCharge.Current below this: suggest charging
SERVICE_DUE_KM = 500.0  # VSS DistanceToService below this: suggest maintenance


def start(ctx: Context) -> None:
    """At sign-in: the shop's today, the new models' spoken names (for the understanding),
    the vehicle's bookings (for the history; one about to start is reminded of) and what its
    signals suggest. A store without section 8 leaves them empty."""
    b = booking_context(ctx)
    b.set_booking(today=b.today())
    try:
        models = b.models()
    except NotFound:
        log.warning("the API has no /models: no test drives or lease quotes")
        b.known_models = models = ()
    b.model_vocabulary = tuple(model_entries((m.model_id, m.name) for m in models))
    booking_display.refresh(b)
    remind(b)
    suggest(b)


def remind(ctx: Context) -> None:
    """A booking starting within REMIND_BEFORE of the session's clock: said and shown once."""
    b = booking_context(ctx)
    now = b.now()
    for booking in b.booking.bookings:
        starts_in = booking.slot.start - now
        if not booking.active or booking.booking_id in b.reminded:
            continue
        if timedelta(0) < starts_in <= REMIND_BEFORE:
            b.reminded.add(booking.booking_id)
            _tell(b, booking_replies.reminder(booking, now))
            b.set_booking(reminder=b.state.message)


def suggest(ctx: Context) -> None:
    """Services the vehicle calls for now; a new one is said once, all show on Home."""
    b = booking_context(ctx)
    vehicle = b.vehicle
    wanted: dict[str, str] = {}
    soc = vehicle.soc_percent
    if soc is not None and soc < LOW_BATTERY_PERCENT:
        wanted["ev_charging"] = booking_replies.suggest_charging(soc)
    due = vehicle.service_km
    if due is not None and due < SERVICE_DUE_KM:
        wanted["maintenance"] = booking_replies.suggest_maintenance(due)
    for kind, text in wanted.items():
        if kind not in b.suggested:
            _tell(b, text)
    b.suggested = set(wanted)
    kinds = tuple(k for k in SERVICE_KINDS if k in wanted)
    if kinds != b.booking.suggestions:
        b.set_booking(suggestions=kinds)


def _tell(b: BookingContext, text: str) -> None:
    b.notices.append(text)
    b.set(message=text)
