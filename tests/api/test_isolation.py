"""A token sees only its own vehicle's orders and its own profile's cart."""

from __future__ import annotations

import uuid

from tests.api.conftest import Shopper

LATTE_MEDIUM = 1


def test_another_vehicle_gets_404_for_every_order_path(
    shopper: Shopper, other_vehicle: Shopper
) -> None:
    body = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 1}]}
    order = shopper.http.post("/orders", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
    order_id = order.json()["id"]
    assert other_vehicle.http.get(f"/orders/{order_id}").status_code == 404
    cancel = other_vehicle.http.post(f"/orders/{order_id}/cancel")
    assert cancel.status_code == 404
    assert cancel.headers["content-type"] == "application/problem+json"
    assert order_id not in [o["id"] for o in other_vehicle.orders()]
    assert shopper.http.get(f"/orders/{order_id}").json()["status"] != "cancelled"


def test_carts_are_per_vehicle_and_profile(api: object, shopper: Shopper) -> None:
    shopper.http.post(
        "/cart/lines", json={"sku_id": LATTE_MEDIUM, "quantity": 2}
    ).raise_for_status()
    other = Shopper(shopper.server, "other")
    passenger = Shopper(shopper.server, "passenger")
    try:
        assert other.cart()["lines"] == []
        assert passenger.cart()["lines"] == []
        line_id = shopper.cart()["lines"][0]["id"]
        assert other.http.delete(f"/cart/lines/{line_id}").status_code == 404
        assert other.http.patch(f"/cart/lines/{line_id}", json={"quantity": 5}).status_code == 404
        assert shopper.cart()["lines"][0]["quantity"] == 2
    finally:
        other.close()
        passenger.close()


def test_another_profile_of_the_car_neither_sees_nor_cancels_an_order(
    shopper: Shopper,
) -> None:
    """Issue 11: a passenger read the driver's orders (home address included) and could
    cancel them. An order is the profile's that placed it (README, Retail API)."""
    key = {"Idempotency-Key": uuid.uuid4().hex}
    body = {
        "delivery": {"mode": "home", "address": "8 Private Lane, Hangzhou"},
        "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 1}],
    }
    order = shopper.http.post("/orders", json=body, headers=key)
    assert order.status_code == 201, order.text
    order_id = order.json()["id"]
    passenger = Shopper(shopper.server, "passenger")
    try:
        assert order_id not in [o["id"] for o in passenger.orders()]
        assert "Private Lane" not in passenger.http.get("/orders").text
        assert passenger.http.get(f"/orders/{order_id}").status_code == 404
        assert passenger.http.post(f"/orders/{order_id}/cancel").status_code == 404
        # the driver's Idempotency-Key does not hand the passenger the driver's order
        replay = passenger.http.post("/orders", json=body, headers=key)
        assert replay.status_code == 422 and "Private Lane" not in replay.text
    finally:
        passenger.close()
    mine = shopper.http.get(f"/orders/{order_id}").json()
    assert mine["status"] != "cancelled" and order_id in [o["id"] for o in shopper.orders()]
