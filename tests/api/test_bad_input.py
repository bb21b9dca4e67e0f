"""Bad requests get a 4xx problem document and change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from catalog.security import token_hash
from tests.api.conftest import Shopper, db_scalar

LATTE_MEDIUM = 1
ORDER = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 1}]}

BAD_REQUESTS: list[tuple[str, str, dict[str, Any], int]] = [
    ("POST", "/cart/lines", {"json": {"sku_id": 99_999_999, "quantity": 1}}, 422),
    ("POST", "/cart/lines", {"json": {"sku_id": LATTE_MEDIUM, "quantity": 0}}, 422),
    ("POST", "/cart/lines", {"json": {"sku_id": LATTE_MEDIUM, "quantity": -3}}, 422),
    ("POST", "/cart/lines", {"json": {"sku_id": LATTE_MEDIUM, "quantity": 10**12}}, 422),
    ("POST", "/cart/lines", {"json": {"sku_id": "1", "quantity": 1}}, 422),
    ("POST", "/cart/lines", {"json": {"sku_id": LATTE_MEDIUM, "quantity": 1.5}}, 422),
    ("POST", "/cart/lines", {"json": {"sku_id": LATTE_MEDIUM, "price": 0.01}}, 422),
    ("POST", "/cart/lines", {"content": b'{"sku_id": 1, "quantity":'}, 400),
    ("POST", "/cart/lines", {"content": b"[1, 2]"}, 422),
    ("POST", "/cart/lines", {"content": b'{"sku_id": 1, "pad": "' + b"x" * 70_000 + b'"}'}, 413),
    ("PATCH", "/cart/lines/999999", {"json": {"quantity": 2}}, 404),
    ("DELETE", "/cart/lines/abc", {}, 422),
    ("GET", "/items/99999999", {}, 404),
    ("GET", "/items", {"params": {"limit": 0}}, 422),
    ("GET", "/items", {"params": {"limit": "ten"}}, 422),
    ("GET", "/items", {"params": {"offset": -1}}, 422),
    ("GET", "/items", {"params": {"q": "latte" * 41}}, 422),
    ("POST", "/orders", {"json": {**ORDER, "expected_total": "28"}, "key": True}, 422),
    ("GET", "/items", {"params": {"category": "no-such-category"}}, 404),
    ("POST", "/orders", {"json": ORDER}, 400),  # no Idempotency-Key
    ("POST", "/orders", {"json": {**ORDER, "lines": []}, "key": True}, 422),
    ("POST", "/orders", {"json": {"delivery": {"mode": "teleport"}}, "key": True}, 422),
    ("POST", "/orders", {"json": {"delivery": {"mode": "home"}}, "key": True}, 422),
    ("POST", "/orders", {"json": {**ORDER, "payment_method_id": "cash"}, "key": True}, 422),
    (
        "POST",
        "/orders",
        {"json": {**ORDER, "lines": [{"sku_id": 1, "quantity": 100}]}, "key": True},
        422,
    ),
    (
        "POST",
        "/orders",
        {"json": {**ORDER, "lines": [{"sku_id": 424242424, "quantity": 1}]}, "key": True},
        422,
    ),
    ("POST", "/orders", {"json": {"delivery": {"mode": "pickup"}}, "key": True}, 422),  # empty cart
    ("GET", "/orders/0", {}, 422),
    ("POST", "/orders/99999999/cancel", {}, 404),
    ("PUT", "/orders", {}, 405),
    ("GET", "/no/such/path", {}, 404),
]


def _snapshot(shopper: Shopper) -> tuple[Any, ...]:
    return (
        shopper.cart(),
        len(shopper.orders()),
        shopper.stock(LATTE_MEDIUM),
        db_scalar(shopper.server, "SELECT count(*) FROM orders"),
        db_scalar(shopper.server, "SELECT count(*) FROM cart_lines"),
    )


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), BAD_REQUESTS)
def test_bad_request_is_a_problem_and_writes_nothing(
    shopper: Shopper, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    kwargs = dict(kwargs)
    headers = {"Idempotency-Key": f"bad-{path}-{status}"} if kwargs.pop("key", False) else {}
    if "content" in kwargs:
        headers["Content-Type"] = "application/json"
    before = _snapshot(shopper)
    response = shopper.http.request(method, path, headers=headers, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert set(problem) >= {"type", "title", "status", "detail"}
    assert problem["status"] == status
    assert _snapshot(shopper) == before


def test_chunked_oversized_body_is_413(shopper: Shopper) -> None:
    def chunks() -> Any:
        yield b'{"sku_id": 1, "quantity": 1, "pad": "'
        for _ in range(20):
            yield b"x" * 8192
        yield b'"}'

    response = shopper.http.post(
        "/cart/lines", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert shopper.cart()["lines"] == []


@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer not-a-token", "Basic abc"])
def test_missing_or_unknown_token_is_401(shopper: Shopper, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    with httpx.Client(base_url=shopper.http.base_url, headers=headers) as anonymous:
        for method, path in (("GET", "/cart"), ("GET", "/items"), ("POST", "/cart/lines")):
            response = anonymous.request(method, path, json={"sku_id": 1, "quantity": 1})
            assert response.status_code == 401
            assert response.headers["content-type"] == "application/problem+json"
    assert shopper.cart()["lines"] == []


def test_expired_token_is_401_and_adds_nothing(shopper: Shopper) -> None:
    expired = "expired-token-for-test"
    engine = create_engine(shopper.server.db_url)
    past = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO api_tokens (token_hash, vehicle_id, profile_id, created_at,"
                " expires_at) SELECT :h, vehicle_id, id, :c, :e FROM profiles"
                " WHERE name = 'driver' AND vehicle_id ="
                " (SELECT id FROM vehicles WHERE vin = 'LVSHFFAL0PF000001')"
            ),
            {"h": token_hash(expired), "c": past - timedelta(hours=12), "e": past},
        )
    engine.dispose()
    headers = {"Authorization": f"Bearer {expired}"}
    with httpx.Client(base_url=shopper.http.base_url, headers=headers) as late:
        response = late.post("/cart/lines", json={"sku_id": LATTE_MEDIUM, "quantity": 1})
    assert response.status_code == 401
    assert response.json()["type"].endswith("/token-expired")
    assert shopper.cart()["lines"] == []
