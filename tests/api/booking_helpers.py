"""What the booking tests share: the seeded services by id, the store clock, fresh slots.

The API servers of this package live for the whole session and other tests book too, so a
test takes slots nobody has booked yet (all places free), at least a day ahead: the admin
clock, which some tests move, then never reaches them during the run.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tests.api.conftest import Shopper, db_scalar

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The seed's services (CONTRACTS section 8), by id, with their places per slot.
PUDONG_TEST_DRIVE, MINHANG_TEST_DRIVE = 1, 2
XUHUI_MAINTENANCE = 3
SPARKLE_CAR_WASH, CRYSTAL_CAR_WASH = 5, 6
VOLTUP_CHARGING, HONGQIAO_CHARGING = 7, 8
CAPACITY = {1: 2, 2: 1, 3: 2, 4: 2, 5: 3, 6: 3, 7: 4, 8: 4}
# Models: 1-3 at the Pudong dealer, 4-6 at Minhang.
EXPLORER, MACH_E, BRONCO, MONDEO, TERRITORY, EDGE_L = 1, 2, 3, 4, 5, 6


def store_now(shopper: Shopper) -> datetime:
    """The store clock (aware UTC), read by advancing it by nothing."""
    response = shopper.http.post(
        "/admin/clock", headers=shopper.server.admin_headers, json={"advance_seconds": 0}
    )
    response.raise_for_status()
    return datetime.fromisoformat(response.json()["now"].replace("Z", "+00:00"))


def shanghai_today(shopper: Shopper) -> date:
    return store_now(shopper).astimezone(SHANGHAI).date()


def slots(shopper: Shopper, service_id: int, day: date | None = None) -> list[dict[str, Any]]:
    params = {"date": day.isoformat()} if day else {}
    response = shopper.http.get(f"/services/{service_id}/slots", params=params)
    assert response.status_code == 200, response.text
    listed: list[dict[str, Any]] = response.json()["slots"]
    return listed


def slot(shopper: Shopper, service_id: int, slot_id: int) -> dict[str, Any]:
    return next(s for s in slots(shopper, service_id) if s["id"] == slot_id)


def free_slots(shopper: Shopper, service_id: int, count: int = 1) -> list[dict[str, Any]]:
    """`count` slots of the service with every place free, from tomorrow (Shanghai) on."""
    tomorrow = shanghai_today(shopper) + timedelta(days=1)
    fresh = [
        s
        for s in slots(shopper, service_id)
        if local_start(s).date() >= tomorrow and s["capacity_left"] == CAPACITY[service_id]
    ]
    assert len(fresh) >= count, f"service {service_id} has only {len(fresh)} free slots"
    return fresh[:count]


def local_start(listed: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(listed["start"])


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


def book(
    client: Shopper | httpx.Client,
    slot_id: int,
    model_id: int | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> httpx.Response:
    http = client.http if isinstance(client, Shopper) else client
    body: dict[str, Any] = {"slot_id": slot_id, **extra}
    if model_id is not None:
        body["model_id"] = model_id
    return http.post("/bookings", json=body, headers=headers or key())


def booked_in(shopper: Shopper, slot_id: int) -> int:
    """Bookings in the database that hold a place in the slot (cancelled ones give it back)."""
    return int(
        db_scalar(
            shopper.server,
            "SELECT count(*) FROM bookings WHERE slot_id = :s AND status <> 'cancelled'",
            s=slot_id,
        )
    )


def written(shopper: Shopper) -> tuple[int, int, int, int]:
    """Everything a booking request can write: bookings, their history, idempotency keys,
    and the places taken."""
    server = shopper.server
    return (
        int(db_scalar(server, "SELECT count(*) FROM bookings")),
        int(db_scalar(server, "SELECT count(*) FROM booking_status_history")),
        int(db_scalar(server, "SELECT count(*) FROM booking_idempotency")),
        int(db_scalar(server, "SELECT coalesce(sum(taken), 0) FROM service_slots")),
    )


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
