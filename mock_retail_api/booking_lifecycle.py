"""How a booking moves on with the (adjustable) store clock, as orders do in `lifecycle`:
booked → checked_in when its slot starts → done when the slot ends. Cancelled is final.

Status is brought up to date whenever a booking is read, so no background job is needed and
every worker agrees; each change is stamped with the time it became due (the slot's start or
end), not the time it was noticed. `no_show` is in the vocabulary for a shop to set; the mock
store has no way to tell that a car did not come, so its clock never sets it.
"""

from __future__ import annotations

from datetime import datetime

from catalog import appointments as a

FINAL = frozenset({"done", "cancelled", "no_show"})


def schedule(booking: a.Booking) -> tuple[tuple[str, datetime], ...]:
    return (("checked_in", booking.slot.starts_at), ("done", booking.slot.ends_at))


def advance(booking: a.Booking, now: datetime) -> bool:
    """Append the transitions due by `now`; True when anything changed."""
    if booking.status in FINAL:
        return False
    reached = {change.status for change in booking.history}
    changed = False
    for status, at in schedule(booking):
        if at > now:
            break
        if status not in reached:
            booking.history.append(a.BookingStatusChange(status=status, at=at))
            booking.status = status
            changed = True
    return changed


def changeable(booking: a.Booking, now: datetime) -> bool:
    """The one rule for cancelling and rescheduling, and for the `cancellable` every booking
    carries: still booked, and its slot has not started."""
    return booking.status == "booked" and booking.slot.starts_at > now
