"""The CONTRACTS section 3 sequence end to end, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid

from tests.api.conftest import Shopper, db_scalar, price_of, set_stock

LATTE_ITEM, LATTE_MEDIUM = 1, 1


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


def test_health_and_session_describe_vehicle_and_profile(shopper: Shopper) -> None:
    assert shopper.http.get("/health").json() == {"status": "ok"}
    session = shopper.session
    assert session["vehicle"]["vin"] == "LVSHFFAL0PF000001"
    assert {p["name"]: p["has_pin"] for p in session["vehicle"]["profiles"]} == {
        "driver": True,
        "passenger": False,
    }
    assert session["profile"]["spending_limit"] == 200.0
    assert session["profile"]["payment_methods"][0] == {"id": "alipay", "label": "Alipay"}


def test_wrong_secret_or_pin_is_401(shopper: Shopper) -> None:
    base = {"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": "driver"}
    for body in (
        {**base, "secret": "wrong"},
        {**base, "pin": "0000"},
        {**base, "profile": "nobody"},
        {**base, "vin": "NOSUCHVIN"},
    ):
        response = shopper.http.post("/sessions", json=body, headers={"Authorization": ""})
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
    assert shopper.http.post("/sessions", json={**base, "pin": "1234"}).status_code == 201


def test_browse_then_order_from_cart(shopper: Shopper) -> None:
    categories = shopper.http.get("/categories").json()
    assert len(categories) >= 10
    results = shopper.search("latte")
    assert results["items"][0]["title"] == "Latte"
    assert results["items"][0]["currency"] == "CNY"
    item = shopper.item(results["items"][0]["id"])
    default = next(s for s in item["skus"] if s["id"] == item["default_sku_id"])
    assert default["attributes"]["size"] == "medium"

    stock_before = shopper.stock(default["id"])
    cart = shopper.http.post("/cart/lines", json={"sku_id": default["id"], "quantity": 2}).json()
    assert [(line["sku_id"], line["quantity"]) for line in cart["lines"]] == [(default["id"], 2)]
    assert cart["subtotal"] == round(2 * default["price"], 2)
    line_id = cart["lines"][0]["id"]
    cart = shopper.http.patch(f"/cart/lines/{line_id}", json={"quantity": 3}).json()
    assert cart["lines"][0]["quantity"] == 3
    assert cart["total"] == round(cart["subtotal"] - cart["discount"] + cart["delivery_fee"], 2)

    response = shopper.http.post(
        "/orders", json={"delivery": {"mode": "to_vehicle"}}, headers=key()
    )
    assert response.status_code == 201, response.text
    order = response.json()
    assert order["status"] == "created"
    assert order["lines"][0]["quantity"] == 3
    assert order["lines"][0]["attributes"] == cart["lines"][0]["attributes"]  # the variant
    assert order["total"] == cart["total"]
    assert shopper.cart()["lines"] == []
    assert shopper.stock(default["id"]) == stock_before - 3
    assert order["id"] in [o["id"] for o in shopper.orders()]
    assert shopper.http.get(f"/orders/{order['id']}").json()["lines"] == order["lines"]


def test_remove_line(shopper: Shopper) -> None:
    shopper.http.post("/cart/lines", json={"sku_id": LATTE_MEDIUM, "quantity": 1})
    cart = shopper.http.post("/cart/lines", json={"sku_id": LATTE_MEDIUM, "quantity": 1}).json()
    assert cart["lines"][0]["quantity"] == 2  # the same SKU again adds to its line
    cart = shopper.http.delete(f"/cart/lines/{cart['lines'][0]['id']}").json()
    assert cart["lines"] == [] and cart["total"] == 0


def test_promotions_and_delivery_fee_are_computed_by_the_server(shopper: Shopper) -> None:
    # 4 lattes at 28 = 112 reaches "spend 100, save 15"; free delivery to the vehicle over 49.
    body = {"delivery": {"mode": "to_vehicle"}, "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 4}]}
    order = shopper.http.post("/orders", json={**body, "pin": "1234"}, headers=key()).json()
    assert (order["subtotal"], order["discount"], order["delivery_fee"], order["total"]) == (
        112.0,
        15.0,
        0.0,
        97.0,
    )
    # One bottled water (3 yuan) pays the 6 yuan delivery fee; pickup does not.
    water = shopper.search("bottled water")["items"][0]["id"]
    sku = shopper.item(water)["default_sku_id"]
    small = {"delivery": {"mode": "to_vehicle"}, "lines": [{"sku_id": sku, "quantity": 1}]}
    assert shopper.http.post("/orders", json=small, headers=key()).json()["total"] == 9.0
    small["delivery"] = {"mode": "pickup"}
    assert shopper.http.post("/orders", json=small, headers=key()).json()["total"] == 3.0
    # Bakery is 10% off: two croissants at 12 cost 21.6.
    croissant = shopper.item(shopper.search("croissant")["items"][0]["id"])["default_sku_id"]
    bakery = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": croissant, "quantity": 2}]}
    order = shopper.http.post("/orders", json=bakery, headers=key()).json()
    assert (order["subtotal"], order["discount"], order["total"]) == (24.0, 2.4, 21.6)


def test_the_cart_is_priced_for_the_delivery_mode_asked_for(shopper: Shopper) -> None:
    # The confirm screen's pickup choice: the store, not the head unit, drops the fee.
    water = shopper.search("bottled water")["items"][0]["id"]
    sku = shopper.item(water)["default_sku_id"]
    shopper.http.post("/cart/lines", json={"sku_id": sku, "quantity": 1}).raise_for_status()
    to_car = shopper.http.get("/cart").json()
    pickup = shopper.http.get("/cart", params={"delivery": "pickup"}).json()
    assert (to_car["delivery_fee"], to_car["total"]) == (6.0, 9.0)
    assert (pickup["delivery_fee"], pickup["total"]) == (0.0, 3.0)
    bad = shopper.http.get("/cart", params={"delivery": "teleport"})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")


def test_over_the_spending_limit_needs_the_pin(shopper: Shopper) -> None:
    body = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 9}]}
    stock = shopper.stock(LATTE_MEDIUM)
    for pin in (None, "9999"):
        payload = {**body, "pin": pin} if pin else body
        response = shopper.http.post("/orders", json=payload, headers=key())
        assert response.status_code == 403
        assert response.json()["type"].endswith("/pin-required")
    assert shopper.stock(LATTE_MEDIUM) == stock
    response = shopper.http.post("/orders", json={**body, "pin": "1234"}, headers=key())
    assert response.status_code == 201
    assert shopper.stock(LATTE_MEDIUM) == stock - 9


def test_idempotent_order_creation(shopper: Shopper) -> None:
    headers = key()
    body = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 1}]}
    first = shopper.http.post("/orders", json=body, headers=headers)
    again = shopper.http.post("/orders", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    changed = {**body, "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 2}]}
    reused = shopper.http.post("/orders", json=changed, headers=headers)
    assert reused.status_code == 422
    assert reused.json()["type"].endswith("/idempotency-key-reused")
    assert [o["id"] for o in shopper.orders()].count(first.json()["id"]) == 1
    missing = shopper.http.post("/orders", json=body)
    assert missing.status_code == 400


def test_lifecycle_advances_with_the_admin_clock(shopper: Shopper) -> None:
    body = {"delivery": {"mode": "to_vehicle"}, "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 1}]}
    delivered = shopper.http.post("/orders", json=body, headers=key()).json()
    pickup_body = {**body, "delivery": {"mode": "pickup"}}
    picked = shopper.http.post("/orders", json=pickup_body, headers=key()).json()
    seen = []
    for _ in range(4):
        shopper.advance_clock(100)
        seen.append(shopper.http.get(f"/orders/{delivered['id']}").json()["status"])
    assert seen == ["preparing", "preparing", "shipped", "shipped"]
    shopper.advance_clock(2000)
    final = shopper.http.get(f"/orders/{delivered['id']}").json()
    assert [h["status"] for h in final["history"]] == [
        "created",
        "paid",
        "accepted",
        "preparing",
        "shipped",
        "completed",
    ]
    picked = shopper.http.get(f"/orders/{picked['id']}").json()
    assert [h["status"] for h in picked["history"]][-2:] == ["ready", "completed"]


def test_a_pickup_order_that_is_ready_can_still_be_cancelled(shopper: Shopper) -> None:
    body = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 1}]}
    order = shopper.http.post("/orders", json=body, headers=key()).json()
    shopper.advance_clock(400)
    assert shopper.http.get(f"/orders/{order['id']}").json()["status"] == "ready"
    cancelled = shopper.http.post(f"/orders/{order['id']}/cancel")
    assert cancelled.status_code == 200
    assert [h["status"] for h in cancelled.json()["history"]][-2:] == ["ready", "cancelled"]


def test_cancel_restores_stock_and_shipped_orders_cannot_be_cancelled(
    api: object, shopper: Shopper
) -> None:
    set_stock(shopper.server, LATTE_MEDIUM, 50)
    body = {"delivery": {"mode": "to_vehicle"}, "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 2}]}
    order = shopper.http.post("/orders", json=body, headers=key()).json()
    assert shopper.stock(LATTE_MEDIUM) == 48
    cancelled = shopper.http.post(f"/orders/{order['id']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert shopper.stock(LATTE_MEDIUM) == 50
    again = shopper.http.post(f"/orders/{order['id']}/cancel")
    assert again.status_code == 409
    assert shopper.stock(LATTE_MEDIUM) == 50

    shipped = shopper.http.post("/orders", json=body, headers=key()).json()
    shopper.advance_clock(400)
    refused = shopper.http.post(f"/orders/{shipped['id']}/cancel")
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/not-cancellable")
    assert shopper.stock(LATTE_MEDIUM) == 48


def test_out_of_stock_is_409_naming_the_item_and_changes_nothing(shopper: Shopper) -> None:
    set_stock(shopper.server, LATTE_MEDIUM, 1)
    body = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 2}]}
    orders_before = len(shopper.orders())
    response = shopper.http.post("/orders", json=body, headers=key())
    assert response.status_code == 409
    assert response.json()["type"].endswith("/out-of-stock")
    assert "Latte" in response.json()["detail"]
    assert shopper.stock(LATTE_MEDIUM) == 1
    assert len(shopper.orders()) == orders_before
    set_stock(shopper.server, LATTE_MEDIUM, 1000)


def latte_price(shopper: Shopper) -> float:
    skus = shopper.item(LATTE_ITEM)["skus"]
    return float(next(s["price"] for s in skus if s["id"] == LATTE_MEDIUM))


def test_expected_total_that_matches_places_the_order(shopper: Shopper) -> None:
    body = {
        "delivery": {"mode": "pickup"},
        "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 1}],
        "expected_total": latte_price(shopper),
    }
    response = shopper.http.post("/orders", json=body, headers=key())
    assert response.status_code == 201, response.text
    assert response.json()["total"] == body["expected_total"]


def test_a_changed_price_is_409_and_writes_nothing(shopper: Shopper) -> None:
    set_stock(shopper.server, LATTE_MEDIUM, 50)
    cart = shopper.http.post("/cart/lines", json={"sku_id": LATTE_MEDIUM, "quantity": 1}).json()
    heard = cart["total"]
    orders_before = db_scalar(shopper.server, "SELECT count(*) FROM orders")
    keys_before = db_scalar(shopper.server, "SELECT count(*) FROM idempotency_records")
    headers = key()
    with price_of(shopper.server, LATTE_MEDIUM, 3000):
        delivery = shopper.session["profile"]["default_delivery"]
        body = {"delivery": delivery, "expected_total": heard}
        response = shopper.http.post("/orders", json=body, headers=headers)
        assert response.status_code == 409
        problem = response.json()
        assert problem["type"].endswith("/price-changed")
        assert response.headers["content-type"] == "application/problem+json"
        assert "Latte 30.00" in problem["detail"] and f"{heard:.2f}" in problem["detail"]
        assert problem["lines"][0]["unit_price"] == 30.0
        assert shopper.stock(LATTE_MEDIUM) == 50
        assert db_scalar(shopper.server, "SELECT count(*) FROM orders") == orders_before
        assert db_scalar(shopper.server, "SELECT count(*) FROM idempotency_records") == keys_before
        assert [ln["quantity"] for ln in shopper.cart()["lines"]] == [1]
        # The refusal kept no record of the key: the corrected total goes through with it.
        corrected = {**body, "expected_total": problem["total"]}
        placed = shopper.http.post("/orders", json=corrected, headers=headers)
        assert placed.status_code == 201, placed.text
        assert placed.json()["total"] == problem["total"]
        assert shopper.stock(LATTE_MEDIUM) == 49


def test_a_retry_after_success_returns_the_order_even_if_the_price_moved(
    shopper: Shopper,
) -> None:
    headers = key()
    price = latte_price(shopper)
    body = {
        "delivery": {"mode": "pickup"},
        "lines": [{"sku_id": LATTE_MEDIUM, "quantity": 1}],
        "expected_total": price,
    }
    first = shopper.http.post("/orders", json=body, headers=headers)
    assert first.status_code == 201
    with price_of(shopper.server, LATTE_MEDIUM, 3000):
        # The same number written differently (28 vs 28.0) is the same request.
        again = shopper.http.post(
            "/orders", json={**body, "expected_total": int(price)}, headers=headers
        )
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["total"] == price
    assert [o["id"] for o in shopper.orders()].count(first.json()["id"]) == 1
