"""Secret and PIN guessing is throttled per vehicle and profile, in the database (so across
two workers), through `/sessions` and `/orders` alike, on SQLite and PostgreSQL.

Each test gets its own server: a lock lasts five minutes and would lock the shared one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from mock_retail_api.throttle import MAX_FAILURES
from tests.servers import ApiServer, PostgresCluster

CAR1 = {"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": "driver"}
CAR2 = {"vin": "LVSHFFAL0PF000002", "secret": "demo-secret-2", "profile": "driver"}
LATTE_MEDIUM = 1


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_api(
    request: pytest.FixtureRequest, start_api: Callable[..., ApiServer]
) -> Iterator[httpx.Client]:
    db_url = None
    if request.param == "postgres":
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        db_url = cluster.create_database(f"incar_throttle_{uuid.uuid4().hex[:8]}")
    server = start_api(db_url=db_url, workers=2)
    with httpx.Client(base_url=f"{server.url}/api/v1", timeout=30) as client:
        yield client


def _login(client: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return client.post("/sessions", json=body)


def test_five_wrong_pins_lock_the_pin_even_for_the_right_one(fresh_api: httpx.Client) -> None:
    client = fresh_api
    # a right PIN clears the count: four wrong, one right, four wrong is no lock
    for _ in range(2):
        for _ in range(MAX_FAILURES - 1):
            assert _login(client, {**CAR1, "pin": "0000"}).status_code == 401
        assert _login(client, {**CAR1, "pin": "1234"}).status_code == 201
    for _ in range(MAX_FAILURES):
        assert _login(client, {**CAR1, "pin": "0000"}).status_code == 401
    locked = _login(client, {**CAR1, "pin": "1234"})
    assert (
        locked.status_code == 429 and locked.headers["content-type"] == "application/problem+json"
    )
    assert 0 < int(locked.headers["retry-after"]) <= 300
    assert locked.json()["type"].endswith("/too-many-attempts")
    # the same PIN through an order over the spending limit is locked too
    token = _login(client, CAR1).json()["token"]  # no PIN asked: the secret is not locked
    client.headers["Authorization"] = f"Bearer {token}"
    order = client.post(
        "/orders",
        json={
            "delivery": {"mode": "pickup"},
            "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 20}],
            "pin": "1234",
        },
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert order.status_code == 429 and "retry-after" in order.headers
    # another profile of the car, and another car, are not locked
    assert _login(client, {**CAR1, "profile": "passenger"}).status_code == 201
    assert _login(client, {**CAR2, "pin": "4321"}).status_code == 201


def test_wrong_pins_through_orders_lock_the_pin_for_sessions(fresh_api: httpx.Client) -> None:
    client = fresh_api
    token = _login(client, CAR2).json()["token"]
    over_limit = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": 1, "quantity": 20}]}
    for _ in range(MAX_FAILURES):
        wrong = client.post(
            "/orders",
            json={**over_limit, "pin": "0000"},
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
        )
        assert wrong.status_code == 403, wrong.text
    assert _login(client, {**CAR2, "pin": "4321"}).status_code == 429


def test_five_wrong_secrets_lock_the_vehicle(fresh_api: httpx.Client) -> None:
    client = fresh_api
    for _ in range(MAX_FAILURES):
        assert _login(client, {**CAR2, "secret": "guess"}).status_code == 401
    assert _login(client, CAR2).status_code == 429
    assert _login(client, CAR1).status_code == 201
