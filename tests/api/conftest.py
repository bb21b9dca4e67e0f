"""One real API per database engine for this package's tests: SQLite and PostgreSQL.

Both servers live for the whole session (seeding and starting cost seconds); tests keep out of
each other's way by emptying their cart first and by setting the stock they rely on directly
in the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.servers import ApiServer, PostgresCluster, seed

DEMO = {
    "driver": ("LVSHFFAL0PF000001", "demo-secret", "driver", None),
    "passenger": ("LVSHFFAL0PF000001", "demo-secret", "passenger", None),
    "other": ("LVSHFFAL0PF000002", "demo-secret-2", "driver", None),
}


class Shopper:
    """A logged-in client of one demo profile, with its cart emptied."""

    def __init__(self, server: ApiServer, who: str = "driver") -> None:
        vin, secret, profile, pin = DEMO[who]
        self.server = server
        self.http = httpx.Client(base_url=f"{server.url}/api/v1", timeout=30)
        body: dict[str, Any] = {"vin": vin, "secret": secret, "profile": profile}
        if pin:
            body["pin"] = pin
        response = self.http.post("/sessions", json=body)
        assert response.status_code == 201, response.text
        self.session = response.json()
        self.http.headers["Authorization"] = f"Bearer {self.session['token']}"
        for line in self.cart()["lines"]:
            self.http.delete(f"/cart/lines/{line['id']}").raise_for_status()

    def cart(self) -> dict[str, Any]:
        response = self.http.get("/cart")
        response.raise_for_status()
        return response.json()

    def orders(self) -> list[dict[str, Any]]:
        response = self.http.get("/orders")
        response.raise_for_status()
        orders: list[dict[str, Any]] = response.json()["orders"]
        return orders

    def item(self, item_id: int) -> dict[str, Any]:
        response = self.http.get(f"/items/{item_id}")
        response.raise_for_status()
        return response.json()

    def search(self, q: str, **params: Any) -> dict[str, Any]:
        response = self.http.get("/items", params={"q": q, **params})
        response.raise_for_status()
        return response.json()

    def advance_clock(self, seconds: float) -> None:
        """Move the store's order clock, as its operator (the server's admin token)."""
        response = self.http.post(
            "/admin/clock", headers=self.server.admin_headers, json={"advance_seconds": seconds}
        )
        response.raise_for_status()

    def stock(self, sku_id: int) -> int:
        return int(db_scalar(self.server, "SELECT stock FROM skus WHERE id = :s", s=sku_id))

    def close(self) -> None:
        self.http.close()


def set_stock(server: ApiServer, sku_id: int, stock: int) -> None:
    """Arrange a test's stock directly in the database (the API never caches stock)."""
    engine = create_engine(server.db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE skus SET stock = :n WHERE id = :s"), {"n": stock, "s": sku_id})
    engine.dispose()


@contextmanager
def price_of(server: ApiServer, sku_id: int, price_fen: int) -> Iterator[None]:
    """A SKU's price changed in the database for the block (a shop repricing mid-checkout)."""
    before = db_scalar(server, "SELECT price_fen FROM skus WHERE id = :s", s=sku_id)
    engine = create_engine(server.db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE skus SET price_fen = :p WHERE id = :s"), {"p": price_fen, "s": sku_id}
            )
        yield
    finally:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE skus SET price_fen = :p WHERE id = :s"), {"p": before, "s": sku_id}
            )
        engine.dispose()


def db_scalar(server: ApiServer, sql: str, **params: Any) -> Any:
    engine = create_engine(server.db_url)
    with engine.connect() as conn:
        value = conn.execute(text(sql), params).scalar()
    engine.dispose()
    return value


@pytest.fixture(
    scope="session",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    """A seeded API with two workers on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        db_url = f"sqlite:///{tmp_path_factory.mktemp('api-db') / 'api.sqlite3'}"
        seed(db_url)
    else:
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        db_url = cluster.create_database("incar_api_tests")
    server = ApiServer(db_url, workers=2).start()
    yield server
    server.stop()


@pytest.fixture
def shopper(api: ApiServer) -> Iterator[Shopper]:
    client = Shopper(api)
    yield client
    client.close()


@pytest.fixture
def other_vehicle(api: ApiServer) -> Iterator[Shopper]:
    client = Shopper(api, "other")
    yield client
    client.close()
