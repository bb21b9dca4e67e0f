"""Which free times answer "Saturday morning", "tomorrow at three", "the second one".

Plain functions over offers (a service's slot), the session's clock and the `date` / `time`
slots of a command (CONTRACTS section 8: an ISO date; "HH:MM" or a part of the day), so the
rules can be read and tested apart from the store: a part of the day filters, an exact time
starts the list at the nearest free time at or after it, earlier free times come first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from car_ui.booking_state import SHOP_ZONE
from car_ui.session.questions import Offer

# The hours (start inclusive, end exclusive, shop time) each part of the day covers.
PARTS_OF_DAY = {"morning": (5, 12), "afternoon": (12, 17), "evening": (17, 24)}


class BadWhen(ValueError):
    """A `date` or `time` slot that is neither an ISO date nor a time of day."""


@dataclass(frozen=True)
class When:
    """A wish for a time: a day, a part of the day, a time of day, any of them left open."""

    day: date | None = None
    part: str | None = None
    at: time | None = None

    @property
    def given(self) -> bool:
        return self.day is not None or self.part is not None or self.at is not None

    def admits(self, start: datetime) -> bool:
        local = start.astimezone(SHOP_ZONE)
        if self.day is not None and local.date() != self.day:
            return False
        if self.part is not None:
            low, high = PARTS_OF_DAY[self.part]
            if not low <= local.hour < high:
                return False
        return self.at is None or local.time().replace(tzinfo=None) >= self.at

    def then(self, later: When) -> When:
        """This wish changed by a later answer: what the answer says wins, the rest stays
        ("tomorrow evening", then "at nine": tomorrow at 21:00); a time of day and a part of
        the day replace each other."""
        timed = later.at is not None or later.part is not None
        return When(
            day=later.day or self.day,
            part=later.part if timed else self.part,
            at=later.at if timed else self.at,
        )

    def as_slots(self) -> dict[str, str]:
        """The wish as a command's `date` and `time` slots."""
        slots = {}
        if self.day is not None:
            slots["date"] = self.day.isoformat()
        if self.part is not None:
            slots["time"] = self.part
        elif self.at is not None:
            slots["time"] = self.at.strftime("%H:%M")
        return slots


def when_of(slots: Mapping[str, Any]) -> When:
    """The wish in a command's `date` and `time` slots; BadWhen names a value that is not one."""
    raw_day = str(slots.get("date") or "").strip()
    raw_time = str(slots.get("time") or "").strip().lower()
    day = None
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            raise BadWhen(raw_day) from None
    if not raw_time:
        return When(day)
    if raw_time in PARTS_OF_DAY:
        return When(day, part=raw_time)
    try:
        at = time.fromisoformat(raw_time)
    except ValueError:
        raise BadWhen(raw_time) from None
    return When(day, at=at.replace(tzinfo=None, second=0, microsecond=0))


def free_offers(offers: Sequence[Offer], now: datetime) -> list[Offer]:
    """The offers with a place left that have not started, earliest first."""
    free = [o for o in offers if o.slot.free and o.slot.start > now]
    return sorted(free, key=lambda o: (o.slot.start, o.service.service_id))


def nearest(offers: Sequence[Offer], when: When, now: datetime, limit: int) -> list[Offer]:
    """Up to `limit` free offers that fit `when`, the nearest first."""
    return [o for o in free_offers(offers, now) if when.admits(o.slot.start)][:limit]


def after_wish(offers: Sequence[Offer], when: When, now: datetime, limit: int) -> list[Offer]:
    """When nothing fits: the nearest free offers after the wished day (or from now)."""
    free = free_offers(offers, now)
    if when.day is not None:
        later = [o for o in free if o.slot.day > when.day]
        free = later or free
    return free[:limit]


def exactly_at(offer: Offer, when: When) -> bool:
    """Whether the offer starts at the very time asked for ("at ten" and a 10:00 slot)."""
    local = offer.slot.start.astimezone(SHOP_ZONE)
    return when.at is not None and local.time().replace(tzinfo=None) == when.at


def picked(offers: Sequence[Offer], when: When) -> Offer | None:
    """The one offered time a short answer ("Saturday", "at four") points at, if just one.

    "Four" may mean 4:00 or 16:00: a time of day matches an offer on the same hour of the
    clock face, as people say it."""
    if not when.given:
        return None

    def fits(offer: Offer) -> bool:
        local = offer.slot.start.astimezone(SHOP_ZONE)
        if when.day is not None and local.date() != when.day:
            return False
        if when.part is not None and not When(part=when.part).admits(offer.slot.start):
            return False
        if when.at is not None:
            same_face = local.hour % 12 == when.at.hour % 12
            return same_face and local.minute == when.at.minute
        return True

    matches = [o for o in offers if fits(o)]
    return matches[0] if len(matches) == 1 else None
