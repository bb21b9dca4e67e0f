"""Never more bookings than places, under 50 concurrent requests, on SQLite and PostgreSQL
(each with two worker processes); concurrent replays of one key make one booking; concurrent
first reads of a day make each slot once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.api.booking_helpers import (
    HONGQIAO_CHARGING,
    MINHANG_TEST_DRIVE,
    TERRITORY,
    VOLTUP_CHARGING,
    book,
    booked_in,
    free_slots,
    slot,
)
from tests.api.conftest import Shopper, db_scalar
from tests.servers import ApiServer, PostgresCluster

RACERS = 50


def _race(shopper: Shopper, slot_id: int, model_id: int | None, same_key: bool) -> list[int]:
    """`RACERS` bookings of the slot at once, each on its own connection."""
    token = shopper.http.headers["Authorization"]
    shared = uuid.uuid4().hex

    def one(_: int) -> int:
        with httpx.Client(base_url=shopper.http.base_url, timeout=60) as client:
            headers = {
                "Authorization": token,
                "Idempotency-Key": shared if same_key else uuid.uuid4().hex,
            }
            return book(client, slot_id, model_id, headers).status_code

    with ThreadPoolExecutor(RACERS) as pool:
        return list(pool.map(one, range(RACERS)))


@pytest.mark.parametrize(
    ("service_id", "model_id", "places"),
    [(VOLTUP_CHARGING, None, 4), (MINHANG_TEST_DRIVE, TERRITORY, 1)],
)
def test_fifty_bookings_at_once_fill_the_places_and_no_more(
    shopper: Shopper, service_id: int, model_id: int | None, places: int
) -> None:
    (chosen,) = free_slots(shopper, service_id)
    statuses = _race(shopper, chosen["id"], model_id, same_key=False)
    assert sorted(statuses) == [201] * places + [409] * (RACERS - places)
    assert booked_in(shopper, chosen["id"]) == places
    assert slot(shopper, service_id, chosen["id"])["capacity_left"] == 0
    taken = db_scalar(
        shopper.server, "SELECT taken FROM service_slots WHERE id = :s", s=chosen["id"]
    )
    assert taken == places


def test_fifty_replays_of_one_key_at_once_make_one_booking(shopper: Shopper) -> None:
    (chosen,) = free_slots(shopper, HONGQIAO_CHARGING)
    statuses = _race(shopper, chosen["id"], None, same_key=True)
    assert sorted(statuses) == [200] * (RACERS - 1) + [201]
    assert booked_in(shopper, chosen["id"]) == 1
    assert slot(shopper, HONGQIAO_CHARGING, chosen["id"])["capacity_left"] == 3


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_concurrent_first_reads_make_each_slot_once(
    engine: str, request: pytest.FixtureRequest, start_api: Callable[..., ApiServer]
) -> None:
    """A fresh store has no slots; 20 cars asking for the 14 days at once all get the same
    list, and the charging hub open around the clock has exactly 14 x 48 slots."""
    db_url = None
    if engine == "postgres":
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        db_url = cluster.create_database("incar_first_reads")
    server = start_api(db_url=db_url, workers=2)
    shopper = Shopper(server)
    token = shopper.http.headers["Authorization"]

    def listing(_: int) -> list[int]:
        with httpx.Client(base_url=f"{server.url}/api/v1", timeout=60) as client:
            response = client.get(
                f"/services/{VOLTUP_CHARGING}/slots", headers={"Authorization": token}
            )
            assert response.status_code == 200, response.text
            return [s["id"] for s in response.json()["slots"]]

    try:
        with ThreadPoolExecutor(20) as pool:
            lists = list(pool.map(listing, range(20)))
        assert all(ids == lists[0] for ids in lists)
        made = db_scalar(server, "SELECT count(*) FROM service_slots WHERE service_id = 7")
        assert made == 14 * 48
    finally:
        shopper.close()
