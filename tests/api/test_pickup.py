"""A pickup order says where and when to collect it (issue 12): the shop of its items and the
time it will be ready, on every answer that carries the order; other orders have no `pickup`."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from tests.api.conftest import Shopper

LATTE, LATTE_SMALL, CROISSANT = 1, 2, 45  # Riverside Coffee Roasters twice, Golden Crust Bakery


def place(shopper: Shopper, mode: str, *sku_ids: int) -> dict[str, Any]:
    lines = [{"sku_id": sku_id, "quantity": 1} for sku_id in sku_ids]
    response = shopper.http.post(
        "/orders",
        json={"delivery": {"mode": mode}, "lines": lines},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert response.status_code == 201, response.text
    order: dict[str, Any] = response.json()
    return order


def five_minutes_after(moment: str) -> str:
    """The lifecycle's `ready`, 300 s after creation (README), in the API's ISO form."""
    at = datetime.fromisoformat(moment.removesuffix("Z")) + timedelta(minutes=5)
    return at.isoformat(timespec="seconds") + "Z"


def test_a_pickup_order_names_its_shop_and_when_it_is_ready(shopper: Shopper) -> None:
    order = place(shopper, "pickup", LATTE)
    assert order["pickup"] == {
        "place": "Riverside Coffee Roasters",
        "place_zh": "河畔咖啡烘焙坊",
        "ready_by": five_minutes_after(order["created_at"]),
    }
    shopper.advance_clock(2000)
    collected = shopper.http.get(f"/orders/{order['id']}").json()
    assert collected["status"] == "completed"
    assert collected["pickup"] == order["pickup"]
    listed = next(o for o in shopper.orders() if o["id"] == order["id"])
    assert listed["pickup"]["place"] == "Riverside Coffee Roasters"


def test_items_of_two_shops_name_both_places(shopper: Shopper) -> None:
    order = place(shopper, "pickup", LATTE, CROISSANT, LATTE_SMALL)
    assert order["pickup"]["place"] == "Riverside Coffee Roasters, Golden Crust Bakery"
    assert order["pickup"]["place_zh"] == "河畔咖啡烘焙坊、金色面包坊"


def test_a_delivered_order_has_no_pickup(shopper: Shopper) -> None:
    order = place(shopper, "to_vehicle", LATTE)
    assert "pickup" not in order
    assert "pickup" not in shopper.http.get(f"/orders/{order['id']}").json()


def test_cart_and_order_lines_carry_the_chinese_title(shopper: Shopper) -> None:
    """A zh-CN head unit shows 拿铁 on its cart, confirm, tracking and orders lines."""
    cart = shopper.http.post("/cart/lines", json={"sku_id": CROISSANT, "quantity": 2}).json()
    line = next(ln for ln in cart["lines"] if ln["sku_id"] == CROISSANT)
    assert (line["title"], line["title_zh"]) == ("Croissant", "牛角包")
    order = place(shopper, "to_vehicle", LATTE)
    assert [(ln["title"], ln["title_zh"]) for ln in order["lines"]] == [("Latte", "拿铁")]
    listed = next(o for o in shopper.orders() if o["id"] == order["id"])
    assert listed["lines"][0]["title_zh"] == "拿铁"
