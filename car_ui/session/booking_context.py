"""The context of a session that books as well as orders.

`BookingContext` is the handlers' `Context` plus what bookings need beyond it: the session's
clock (the shop's "today", what "in 30 minutes" means), which bookings were already reminded
of and which suggestions already made (each is said once), the key of a booking request sent
but not known to have landed, and the models list, asked of the store once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from car_ui.booking_state import SHOP_ZONE, BookingState, HeadUnitState, ModelView, booking_of
from car_ui.session.context import Context
from voice.items import VocabularyEntry

Clock = Callable[[], datetime]
SPOKEN_CHOICES = 3
DRIVING_CHOICES = 2  # short lists while the driver is moving (car_ui.safety)


def shop_clock() -> datetime:
    return datetime.now(SHOP_ZONE)


class BookingContext(Context):
    def __init__(self, *args: Any, clock: Clock = shop_clock, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clock = clock
        self.state = HeadUnitState(restriction=self.state.restriction)
        self.reminded: set[int] = set()  # booking ids whose reminder was given
        self.suggested: set[str] = set()  # service kinds suggested while the signal lasts
        # The last booking request sent and its idempotency key, until its booking is known:
        # booking the same slot again after a lost answer reuses the key (one booking).
        self.unsettled_booking: tuple[str, str] | None = None
        self.known_models: tuple[ModelView, ...] | None = None
        self.model_vocabulary: tuple[VocabularyEntry, ...] = ()  # the models' spoken names

    @property
    def booking(self) -> BookingState:
        return booking_of(self.state)

    def set_booking(self, **changes: Any) -> None:
        """Change what the services and booking screens show."""
        self.set(booking=replace(self.booking, **changes))

    def now(self) -> datetime:
        return self.clock().astimezone(SHOP_ZONE)

    def today(self) -> date:
        return self.now().date()

    def list_limit(self) -> int:
        """How many choices a reply reads out: three, two while the driver is moving."""
        return DRIVING_CHOICES if self.state.restriction.active else SPOKEN_CHOICES

    def models(self) -> tuple[ModelView, ...]:
        if self.known_models is None:
            self.known_models = self.client.models()
        return self.known_models


def booking_context(ctx: Context) -> BookingContext:
    """The booking view of a handler's context (the session always makes one)."""
    if not isinstance(ctx, BookingContext):
        raise TypeError("bookings need the session's BookingContext")
    return ctx
