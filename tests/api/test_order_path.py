"""The order path's cost in SQL statements, and what it must keep while getting cheaper
(issue 11): a short SKU among several still refuses the whole order, and a clock move made
through one worker is seen by the other at once.

The statement count runs the app in-process on a real database (SQLite, then the suite's
PostgreSQL), counting what SQLAlchemy sends (`before_cursor_execute`); it does not depend on
load, unlike `incar bench api`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, event

from mock_retail_api.app import create_app
from tests.api.conftest import Shopper, set_stock
from tests.servers import seed

LATTE, AMERICANO, FLAT_WHITE = 1, 5, 9  # medium SKUs of three Riverside Coffee items
DRIVER = {"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": "driver"}

# Statements for `POST /orders` from a three-line cart, once the process has its catalog
# caches: the idempotency check, the cart and its lines, prices, the profile; the order, its
# lines, its first status, the idempotency record; the stock decrements (one executemany);
# emptying the cart. SQLite adds BEGIN IMMEDIATE and inserts the lines one by one. Before
# issue 11 this was 19 on PostgreSQL and 22 on SQLite.
MOST_STATEMENTS = {"sqlite": 14, "postgres": 11}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(engine name, URL) of a newly seeded database that only this test uses."""
    if request.param == "sqlite":
        db_url = f"sqlite:///{tmp_path / 'orders.sqlite3'}"
    else:
        db_url = request.getfixturevalue("pg_db_url")
    seed(db_url)
    yield request.param, db_url


async def _statements_for_cart_order(db_url: str) -> tuple[int, dict[str, Any]]:
    app = create_app(db_url)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://store/api/v1") as http:
        session = await http.post("/sessions", json=DRIVER)
        http.headers["Authorization"] = f"Bearer {session.json()['token']}"

        async def fill_cart() -> None:
            for sku_id in (LATTE, AMERICANO, FLAT_WHITE):
                added = await http.post("/cart/lines", json={"sku_id": sku_id, "quantity": 1})
                added.raise_for_status()

        async def order_from_cart() -> httpx.Response:
            return await http.post(
                "/orders",
                json={"delivery": {"mode": "pickup"}},
                headers={"Idempotency-Key": uuid.uuid4().hex},
            )

        await fill_cart()
        assert (await order_from_cart()).status_code == 201  # fills the process's caches
        await fill_cart()
        statements: list[str] = []

        def count(*args: Any) -> None:
            statements.append(args[2])

        event.listen(Engine, "before_cursor_execute", count)
        try:
            placed = await order_from_cart()
        finally:
            event.remove(Engine, "before_cursor_execute", count)
        assert placed.status_code == 201, placed.text
        cart = await http.get("/cart")
    assert cart.json()["lines"] == []
    return len(statements), placed.json()


def test_an_order_from_a_three_line_cart_takes_few_statements(fresh_db: tuple[str, str]) -> None:
    engine, db_url = fresh_db
    used, order = asyncio.run(_statements_for_cart_order(db_url))
    assert [line["sku_id"] for line in order["lines"]] == [LATTE, AMERICANO, FLAT_WHITE]
    assert order["lines"][0]["attributes"] == {"size": "medium"}
    assert used <= MOST_STATEMENTS[engine], f"{used} statements on {engine}"


def test_one_short_sku_refuses_the_whole_order_and_names_it(shopper: Shopper) -> None:
    for sku_id, stock in ((LATTE, 10), (AMERICANO, 1), (FLAT_WHITE, 10)):
        set_stock(shopper.server, sku_id, stock)
    lines = [{"sku_id": s, "quantity": 2} for s in (LATTE, AMERICANO, FLAT_WHITE)]
    before = len(shopper.orders())
    refused = shopper.http.post(
        "/orders",
        json={"delivery": {"mode": "pickup"}, "lines": lines},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == "Americano is out of stock"
    assert [shopper.stock(s) for s in (LATTE, AMERICANO, FLAT_WHITE)] == [10, 1, 10]
    assert len(shopper.orders()) == before
    for sku_id in (LATTE, AMERICANO, FLAT_WHITE):
        set_stock(shopper.server, sku_id, 1000)


def test_a_clock_move_reaches_every_worker_at_once(shopper: Shopper) -> None:
    """Each worker caches the clock offset; a move through one must not leave the other
    behind. Fresh connections spread the reads over both workers of the `api` server."""
    body = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": LATTE, "quantity": 1}]}
    order = shopper.http.post("/orders", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
    path = f"/orders/{order.json()['id']}"

    def statuses() -> set[str]:
        seen = set()
        for _ in range(12):
            with httpx.Client(base_url=shopper.http.base_url, headers=shopper.http.headers) as c:
                seen.add(c.get(path).json()["status"])
        return seen

    assert statuses() == {"created"}
    shopper.advance_clock(400)
    assert statuses() == {"ready"}
