"""Slots that never go stale: a service's slots for a day are made from its opening hours the
first time anyone reads that day, so a store started weeks after seeding still has the next
14 days.

A day's slots go in with INSERT ... ON CONFLICT DO NOTHING on the unique (service, start):
two workers reading the same new day at once both insert, and each slot exists once (on
PostgreSQL the second insert waits for the first to commit, then skips; SQLite writers take
turns anyway). Times are computed in the service's time zone with `zoneinfo` and stored as
naive UTC; a slot belongs to the local date its start falls on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from catalog.appointments import Service, ServiceSlot

BOOKABLE_DAYS = 14  # today (in the shop's time zone) and the 13 days after it


class SlotTimes(NamedTuple):
    starts_at: datetime  # naive UTC
    ends_at: datetime
    local_date: date


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_today(service: Service, now: datetime) -> date:
    """The date it is at the shop when the store clock (naive UTC) reads `now`."""
    return now.replace(tzinfo=UTC).astimezone(zone(service.time_zone)).date()


def bookable_days(service: Service, now: datetime) -> list[date]:
    today = local_today(service, now)
    return [today + timedelta(days=n) for n in range(BOOKABLE_DAYS)]


def day_slots(service: Service, day: date) -> list[SlotTimes]:
    """The slots of one local day: from opening, one every `duration_min`, the last ending by
    closing time (which may be the next midnight)."""
    tz = zone(service.time_zone)
    midnight = datetime.combine(day, time(0), tzinfo=tz)
    last_start = service.closes_min - service.duration_min
    starts = range(service.opens_min, last_start + 1, service.duration_min)
    slots = []
    for minute in starts:
        start = (midnight + timedelta(minutes=minute)).astimezone(UTC).replace(tzinfo=None)
        slots.append(SlotTimes(start, start + timedelta(minutes=service.duration_min), day))
    return slots


def local_iso(moment: datetime, service: Service) -> str:
    """ISO 8601 with the shop's offset: 2026-12-05T23:30:00+08:00."""
    local = moment.replace(tzinfo=UTC).astimezone(zone(service.time_zone))
    return local.isoformat(timespec="seconds")


def missing(session: Session, service: Service, days: Sequence[date]) -> list[SlotTimes]:
    """The slots of these days not made yet: one counting query; empty once they are made."""
    have = dict(
        session.execute(
            select(ServiceSlot.local_date, func.count())
            .where(ServiceSlot.service_id == service.id, ServiceSlot.local_date.in_(days))
            .group_by(ServiceSlot.local_date)
        ).all()
    )
    wanted = ((day, day_slots(service, day)) for day in days)
    return [slot for day, made in wanted if have.get(day, 0) < len(made) for slot in made]


def insert(session: Session, service: Service, new: Iterable[SlotTimes]) -> None:
    """Insert these slots, skipping any that exist (a concurrent first read made them)."""
    rows: list[dict[str, Any]] = [
        {**slot._asdict(), "service_id": service.id, "capacity": service.capacity, "taken": 0}
        for slot in new
    ]
    dialect = session.get_bind().dialect.name
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(ServiceSlot)
    session.execute(
        statement.on_conflict_do_nothing(index_elements=["service_id", "starts_at"]), rows
    )
