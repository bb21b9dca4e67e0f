"""Parallel orders never oversell, and concurrent duplicates of one key make one order."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.api.conftest import Shopper, db_scalar, set_stock

CROISSANT_REGULAR = 31  # seeded deterministically: item 6, the croissant's default SKU


def test_parallel_orders_against_small_stock(shopper: Shopper) -> None:
    parallel, stock = 32, 9
    set_stock(shopper.server, CROISSANT_REGULAR, stock)
    orders_before = db_scalar(shopper.server, "SELECT count(*) FROM orders")
    body = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": CROISSANT_REGULAR, "quantity": 1}]}
    token = shopper.http.headers["Authorization"]

    def place(_: int) -> int:
        with httpx.Client(base_url=shopper.http.base_url, timeout=60) as client:
            headers = {"Authorization": token, "Idempotency-Key": uuid.uuid4().hex}
            return client.post("/orders", json=body, headers=headers).status_code

    with ThreadPoolExecutor(parallel) as pool:
        statuses = list(pool.map(place, range(parallel)))
    assert sorted(statuses) == [201] * stock + [409] * (parallel - stock)
    assert shopper.stock(CROISSANT_REGULAR) == 0
    assert db_scalar(shopper.server, "SELECT count(*) FROM orders") == orders_before + stock
    set_stock(shopper.server, CROISSANT_REGULAR, 1000)


def test_concurrent_duplicates_with_one_key_make_one_order(shopper: Shopper) -> None:
    set_stock(shopper.server, CROISSANT_REGULAR, 1000)
    body = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": CROISSANT_REGULAR, "quantity": 2}]}
    headers = {
        "Authorization": shopper.http.headers["Authorization"],
        "Idempotency-Key": uuid.uuid4().hex,
    }

    def place(_: int) -> tuple[int, int]:
        with httpx.Client(base_url=shopper.http.base_url, timeout=60) as client:
            response = client.post("/orders", json=body, headers=headers)
            return response.status_code, response.json()["id"]

    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(place, range(12)))
    assert len({order_id for _, order_id in results}) == 1
    assert sorted(status for status, _ in results) == [200] * 11 + [201]
    assert shopper.stock(CROISSANT_REGULAR) == 998
