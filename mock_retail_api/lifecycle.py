"""How an order moves on with (adjustable) time: created → paid → accepted → preparing →
ready (pickup) or shipped (delivery) → completed.

Status is brought up to date whenever an order is read, from its age on the server clock, so
no background job is needed and every worker process agrees.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from catalog import models as m

# (status, seconds after creation)
_COMMON = (("paid", 5), ("accepted", 30), ("preparing", 60))
SCHEDULES = {
    "pickup": (*_COMMON, ("ready", 300), ("completed", 1800)),
    "delivery": (*_COMMON, ("shipped", 300), ("completed", 1200)),
}
# Once an order is on the road or in the customer's hands it can no longer be cancelled.
NOT_CANCELLABLE = frozenset({"shipped", "completed", "cancelled"})


def cancellable(order: m.Order) -> bool:
    """The one rule, for refusing a cancel and for the `cancellable` every order carries."""
    return order.status not in NOT_CANCELLABLE


def schedule_for(order: m.Order) -> tuple[tuple[str, int], ...]:
    return SCHEDULES["pickup" if order.delivery.get("mode") == "pickup" else "delivery"]


def ready_at(order: m.Order) -> datetime | None:
    """When a pickup order will be (or was) ready to collect: what a driver plans the stop
    by. None for an order that is not picked up."""
    if order.delivery.get("mode") != "pickup":
        return None
    after = dict(SCHEDULES["pickup"])["ready"]
    return order.created_at + timedelta(seconds=after)


def advance(order: m.Order, now: datetime) -> bool:
    """Append the transitions that are due by `now`; True when anything changed."""
    if order.status == "cancelled":
        return False
    reached = {change.status for change in order.history}
    changed = False
    for status, after in schedule_for(order):
        at = order.created_at + timedelta(seconds=after)
        if at > now:
            break
        if status not in reached:
            order.history.append(m.OrderStatusChange(status=status, at=at))
            order.status = status
            changed = True
    return changed
