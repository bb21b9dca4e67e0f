"""Made-to-order options (CONTRACTS section 7) against the real server, SQLite and PostgreSQL.

Every expectation is written out here: the menu, the defaults, the deltas and the prices are
what the store promises, not what the seed module happens to hold.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.api.conftest import Shopper, db_scalar, set_stock

SHOP = "Riverside Coffee Roasters"
SIZES = ("medium", "small", "large", "extra large")  # the SKUs, default first
SIZE_DELTAS = (0.0, -3.0, 4.0, 7.0)

ROAST = ("roast", "烘焙度", [("light", "浅烘"), ("medium", "中烘"), ("dark", "深烘")])
SHOTS = ("shots", "浓缩份数", [("single", "单份"), ("double", "双份"), ("triple", "三份")])
MILK = (
    "milk",
    "奶",
    [
        ("none", "不加奶"),
        ("whole", "全脂牛奶"),
        ("skim", "脱脂牛奶"),
        ("soy", "豆奶"),
        ("almond", "杏仁奶"),
        ("oat", "燕麦奶"),
        ("cream", "奶油"),
    ],
)
MILK_AMOUNT = (
    "milk_amount",
    "奶量",
    [("little", "少奶"), ("regular", "标准奶"), ("extra", "多奶")],
)
SWEETENER = (
    "sweetener",
    "糖",
    [("none", "不加糖"), ("sugar", "白砂糖"), ("brown sugar", "红糖"), ("sweetener", "代糖")],
)
SWEETNESS = (
    "sweetener_amount",
    "糖度",
    [("little", "少糖"), ("regular", "标准糖"), ("extra", "多糖")],
)
# What each value costs over the drink's default (yuan), by the default.
DELTAS: dict[str, dict[str, dict[str, float]]] = {
    "roast": {d: {"light": 0, "medium": 0, "dark": 0} for d in ("light", "medium", "dark")},
    "shots": {
        "single": {"single": 0, "double": 4, "triple": 8},
        "double": {"single": 0, "double": 0, "triple": 4},
    },
    "milk": {
        d: {"none": 0, "whole": 0, "skim": 0, "soy": 3, "almond": 3, "oat": 3, "cream": 2}
        for d in ("none", "whole")
    },
    "milk_amount": {"regular": {"little": 0, "regular": 0, "extra": 1}},
    "sweetener": {"none": {"none": 0, "sugar": 0, "brown sugar": 1, "sweetener": 0}},
    "sweetener_amount": {"regular": {"little": 0, "regular": 0, "extra": 0}},
}
BREWED = {"roast": "medium", "shots": "single", "milk": "none"}
BLACK = {"roast": "medium", "shots": "double", "milk": "none"}
WHITE = {"roast": "medium", "shots": "double", "milk": "whole"}
# spoken name -> (title, title_zh, medium price, defaults)
MENU: dict[str, tuple[str, str, float, dict[str, str]]] = {
    "coffee": ("House Coffee", "招牌咖啡", 18.0, BREWED),
    "house coffee": ("House Coffee", "招牌咖啡", 18.0, BREWED),
    "drip coffee": ("Drip Coffee", "滴滤咖啡", 20.0, BREWED),
    "iced coffee": ("Iced Coffee", "冰咖啡", 22.0, BREWED),
    "espresso": ("Espresso", "意式浓缩", 20.0, {**BLACK, "roast": "dark"}),
    "americano": ("Americano", "美式咖啡", 22.0, BLACK),
    "cappuccino": ("Cappuccino", "卡布奇诺", 28.0, WHITE),
    "latte": ("Latte", "拿铁", 28.0, WHITE),
    "mocha": ("Mocha", "摩卡", 30.0, WHITE),
    "iced mocha": ("Iced Mocha", "冰摩卡", 32.0, WHITE),
    "flat white": ("Flat White", "澳白", 30.0, WHITE),
}
LABELS = {
    "roast": "Roast",
    "shots": "Shots",
    "milk": "Milk",
    "milk_amount": "Milk amount",
    "sweetener": "Sweetener",
    "sweetener_amount": "Sweetness",
}
FULL = {
    "size": "large",
    "roast": "dark",
    "shots": "triple",
    "milk": "soy",
    "milk_amount": "little",
    "sweetener": "brown sugar",
    "sweetener_amount": "extra",
}


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


def found(shopper: Shopper, spoken: str) -> dict[str, Any]:
    """The item the spoken name finds first, in detail."""
    return shopper.item(shopper.search(spoken)["items"][0]["id"])


def sku(item: dict[str, Any], size: str) -> int:
    return int(next(s["id"] for s in item["skus"] if s["attributes"] == {"size": size}))


def latte(shopper: Shopper) -> dict[str, Any]:
    return found(shopper, "latte")


def add(shopper: Shopper, sku_id: int, quantity: int = 1, /, **options: str) -> Any:
    body: dict[str, Any] = {"sku_id": sku_id, "quantity": quantity}
    if options:
        body["options"] = options
    return shopper.http.post("/cart/lines", json=body)


@pytest.mark.parametrize("spoken", list(MENU))
def test_the_whole_menu(shopper: Shopper, spoken: str) -> None:
    title, title_zh, price, defaults = MENU[spoken]
    item = found(shopper, spoken)
    assert (item["title"], item["title_zh"], item["shop"]) == (title, title_zh, SHOP)
    assert item["price"] == price
    assert [s["attributes"] for s in item["skus"]] == [{"size": s} for s in SIZES]
    assert [s["price"] for s in item["skus"]] == [price + d for d in SIZE_DELTAS]
    assert item["default_sku_id"] == item["skus"][0]["id"]
    full_defaults = {**defaults, "milk_amount": "regular", "sweetener": "none"}
    full_defaults["sweetener_amount"] = "regular"
    expected = []
    for name, label_zh, values in (ROAST, SHOTS, MILK, MILK_AMOUNT, SWEETENER, SWEETNESS):
        default = full_defaults[name]
        deltas = DELTAS[name][default]
        expected.append(
            {
                "name": name,
                "label": LABELS[name],
                "label_zh": label_zh,
                "default": default,
                "values": [
                    {"value": v, "label_zh": zh, "price_delta": float(deltas[v])}
                    for v, zh in values
                ],
            }
        )
    assert item["option_groups"] == expected


def test_items_without_options_say_so_and_a_category_can_offer_groups(shopper: Shopper) -> None:
    assert found(shopper, "croissant")["option_groups"] == []
    assert found(shopper, "phone charger")["option_groups"] == []
    tea = found(shopper, "green tea")  # the coffee-and-tea category offers sweetness to all
    assert [(g["name"], g["default"]) for g in tea["option_groups"]] == [
        ("sweetener", "none"),
        ("sweetener_amount", "regular"),
    ]


def test_options_are_priced_by_the_server_and_carried_on_the_line(shopper: Shopper) -> None:
    item = latte(shopper)
    response = add(shopper, sku(item, "large"), 2, **FULL)
    assert response.status_code == 200, response.text
    (line,) = response.json()["lines"]
    # large 32 + triple over a double 4 + soy 3 + brown sugar 1
    assert (line["unit_price"], line["line_total"]) == (40.0, 80.0)
    assert line["options"] == FULL
    assert line["attributes"] == {"size": "large"}
    # Groups left out take the drink's defaults, at the SKU's price.
    cart = add(shopper, sku(item, "small")).json()
    plain = next(ln for ln in cart["lines"] if ln["sku_id"] == sku(item, "small"))
    assert plain["options"] == {
        "size": "small",
        "roast": "medium",
        "shots": "double",
        "milk": "whole",
        "milk_amount": "regular",
        "sweetener": "none",
        "sweetener_amount": "regular",
    }
    assert plain["unit_price"] == 25.0
    assert cart["subtotal"] == 105.0
    # The size may be restated when it is the SKU's own.
    again = add(shopper, sku(item, "small"), size="small").json()
    assert [ln["quantity"] for ln in again["lines"]] == [2, 2]


def test_espresso_defaults_and_an_extra_shot(shopper: Shopper) -> None:
    espresso = found(shopper, "espresso")
    cart = add(shopper, sku(espresso, "medium"), shots="triple").json()
    (line,) = cart["lines"]
    assert (line["options"]["shots"], line["options"]["milk"]) == ("triple", "none")
    assert line["options"]["roast"] == "dark"
    assert line["unit_price"] == 24.0
    coffee = found(shopper, "coffee")
    cart = add(shopper, sku(coffee, "medium"), shots="double", milk="cream").json()
    line = next(ln for ln in cart["lines"] if ln["item_id"] == coffee["id"])
    assert line["unit_price"] == 24.0  # 18 + a second shot 4 + cream 2


def test_promotions_still_apply_to_made_to_order_lines(shopper: Shopper) -> None:
    item = latte(shopper)
    # 3 x (large 32 + oat 3 + triple 4) = 117 reaches "spend 100, save 15".
    options = {"milk": "oat", "shots": "triple"}
    line = {"sku_id": sku(item, "large"), "quantity": 3, "options": options}
    body = {"delivery": {"mode": "pickup"}, "lines": [line], "pin": "1234"}
    response = shopper.http.post("/orders", json=body, headers=key())
    assert response.status_code == 201, response.text
    order = response.json()
    assert (order["subtotal"], order["discount"], order["delivery_fee"], order["total"]) == (
        117.0,
        15.0,
        0.0,
        102.0,
    )
    assert order["lines"][0]["unit_price"] == 39.0
    assert order["lines"][0]["options"]["milk"] == "oat"


BAD_OPTIONS: list[tuple[str, Any, str]] = [
    ("unknown group", {"syrup": "vanilla"}, "unknown-option"),
    ("unknown value", {"milk": "goat"}, "unknown-option-value"),
    ("a value of another group", {"shots": "oat"}, "unknown-option-value"),
    ("a value in the wrong case", {"milk": "Oat"}, "unknown-option-value"),
    ("a number for a value", {"shots": 3}, "validation-error"),
    ("a list for options", ["milk", "oat"], "validation-error"),
    ("a string for options", "oat milk", "validation-error"),
    ("an empty value", {"milk": ""}, "validation-error"),
    ("the SKU's size contradicted", {"size": "large"}, "option-conflicts-with-sku"),
]


def _written(shopper: Shopper) -> tuple[Any, ...]:
    return (
        shopper.cart(),
        db_scalar(shopper.server, "SELECT count(*) FROM cart_lines"),
        db_scalar(shopper.server, "SELECT count(*) FROM orders"),
    )


@pytest.mark.parametrize(
    ("case", "options", "kind"), BAD_OPTIONS, ids=[c for c, _, _ in BAD_OPTIONS]
)
def test_bad_options_are_422_and_write_nothing(
    shopper: Shopper, case: str, options: Any, kind: str
) -> None:
    item = latte(shopper)
    add(shopper, sku(item, "medium"), milk="oat").raise_for_status()
    before = _written(shopper)
    medium = sku(item, "medium")
    requests = [
        ("/cart/lines", {"sku_id": medium, "quantity": 1, "options": options}, {}),
        (
            "/orders",
            {
                "delivery": {"mode": "pickup"},
                "lines": [{"sku_id": medium, "quantity": 1, "options": options}],
            },
            key(),
        ),
    ]
    for path, body, headers in requests:
        response = shopper.http.post(path, json=body, headers=headers)
        assert response.status_code == 422, (case, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"] == f"https://incar.example/problems/{kind}"
        assert problem["status"] == 422 and problem["title"] and problem["detail"]
        assert _written(shopper) == before


def test_options_on_an_item_without_any_are_422(shopper: Shopper) -> None:
    croissant = found(shopper, "croissant")["default_sku_id"]
    response = add(shopper, croissant, milk="oat")
    assert response.status_code == 422
    assert response.json()["type"].endswith("/unknown-option")
    assert "Croissant has no option 'milk'" in response.json()["detail"]
    assert shopper.cart()["lines"] == []


def test_the_same_sku_made_another_way_is_another_line(shopper: Shopper) -> None:
    medium = sku(latte(shopper), "medium")
    add(shopper, medium, milk="oat").raise_for_status()
    cart = add(shopper, medium, milk="soy", milk_amount="extra").json()
    assert [(ln["sku_id"], ln["quantity"], ln["options"]["milk"]) for ln in cart["lines"]] == [
        (medium, 1, "oat"),
        (medium, 1, "soy"),
    ]
    assert [ln["unit_price"] for ln in cart["lines"]] == [31.0, 32.0]
    cart = add(shopper, medium, 2, milk="oat").json()  # the same way again: the same line
    assert [ln["quantity"] for ln in cart["lines"]] == [3, 1]
    cart = add(shopper, medium, milk="whole").json()  # the default, said or not, is one line
    cart = add(shopper, medium).json()
    assert [(ln["quantity"], ln["options"]["milk"]) for ln in cart["lines"]] == [
        (3, "oat"),
        (1, "soy"),
        (2, "whole"),
    ]
    # PATCH and DELETE work on one line and leave the others alone.
    oat, soy, _whole = cart["lines"]
    cart = shopper.http.patch(f"/cart/lines/{soy['id']}", json={"quantity": 4}).json()
    assert [ln["quantity"] for ln in cart["lines"]] == [3, 4, 2]
    cart = shopper.http.delete(f"/cart/lines/{oat['id']}").json()
    assert [(ln["quantity"], ln["options"]["milk"]) for ln in cart["lines"]] == [
        (4, "soy"),
        (2, "whole"),
    ]


def test_stock_counts_every_line_of_the_sku(shopper: Shopper) -> None:
    item = found(shopper, "flat white")
    small = sku(item, "small")
    set_stock(shopper.server, small, 3)
    add(shopper, small, 2, milk="oat").raise_for_status()
    refused = add(shopper, small, 2, milk="almond")
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/out-of-stock")
    assert [ln["quantity"] for ln in shopper.cart()["lines"]] == [2]
    set_stock(shopper.server, small, 1000)


def test_an_order_from_the_cart_keeps_the_options_and_their_prices(shopper: Shopper) -> None:
    item = found(shopper, "mocha")
    add(shopper, sku(item, "large"), **FULL).raise_for_status()
    add(shopper, sku(item, "large"), milk="almond").raise_for_status()
    cart = shopper.cart()
    response = shopper.http.post("/orders", json={"delivery": {"mode": "pickup"}}, headers=key())
    assert response.status_code == 201, response.text
    order = response.json()
    # large 34 + triple 4 + soy 3 + brown sugar 1 = 42; large 34 + almond 3 = 37
    almond = {
        "size": "large",
        "roast": "medium",
        "shots": "double",
        "milk": "almond",
        "milk_amount": "regular",
        "sweetener": "none",
        "sweetener_amount": "regular",
    }
    assert [(ln["options"], ln["unit_price"]) for ln in order["lines"]] == [
        (FULL, 42.0),
        (almond, 37.0),
    ]
    assert [ln["options"] for ln in order["lines"]] == [ln["options"] for ln in cart["lines"]]
    assert order["subtotal"] == 79.0
    detail = shopper.http.get(f"/orders/{order['id']}").json()
    assert detail["lines"] == order["lines"]


def test_idempotent_orders_with_options(shopper: Shopper) -> None:
    medium = sku(latte(shopper), "medium")
    headers = key()
    line = {"sku_id": medium, "quantity": 1, "options": {"milk": "oat", "shots": "triple"}}
    body = {"delivery": {"mode": "pickup"}, "lines": [line]}
    first = shopper.http.post("/orders", json=body, headers=headers)
    again = shopper.http.post("/orders", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["lines"] == first.json()["lines"]
    assert first.json()["lines"][0]["unit_price"] == 35.0
    other = {**body, "lines": [{**line, "options": {"milk": "soy", "shots": "triple"}}]}
    orders_before = db_scalar(shopper.server, "SELECT count(*) FROM orders")
    reused = shopper.http.post("/orders", json=other, headers=headers)
    assert reused.status_code == 422
    assert reused.json()["type"].endswith("/idempotency-key-reused")
    plain = {**body, "lines": [{"sku_id": medium, "quantity": 1}]}
    assert shopper.http.post("/orders", json=plain, headers=headers).status_code == 422
    assert db_scalar(shopper.server, "SELECT count(*) FROM orders") == orders_before


def test_lines_of_one_sku_made_the_same_way_are_one_order_line(shopper: Shopper) -> None:
    medium = sku(latte(shopper), "medium")
    lines = [
        {"sku_id": medium, "quantity": 1, "options": {"milk": "oat"}},
        {"sku_id": medium, "quantity": 2, "options": {"milk": "oat", "roast": "medium"}},
        {"sku_id": medium, "quantity": 1},
    ]
    body = {"delivery": {"mode": "pickup"}, "lines": lines}
    order = shopper.http.post("/orders", json=body, headers=key()).json()
    assert [(ln["quantity"], ln["options"]["milk"]) for ln in order["lines"]] == [
        (3, "oat"),
        (1, "whole"),
    ]


def test_reorder_repeats_the_options(shopper: Shopper) -> None:
    item = found(shopper, "iced mocha")
    add(shopper, sku(item, "extra large"), 2, milk="skim", sweetener="sugar").raise_for_status()
    first = shopper.http.post("/orders", json={"delivery": {"mode": "pickup"}}, headers=key())
    assert first.status_code == 201, first.text
    placed = first.json()
    # The head unit repeats an order by sending its lines, options included ...
    lines = [
        {"sku_id": ln["sku_id"], "quantity": ln["quantity"], "options": ln["options"]}
        for ln in placed["lines"]
    ]
    again = shopper.http.post(
        "/orders", json={"delivery": {"mode": "pickup"}, "lines": lines}, headers=key()
    ).json()
    assert [(ln["options"], ln["quantity"], ln["unit_price"]) for ln in again["lines"]] == [
        (placed["lines"][0]["options"], 2, 39.0)
    ]
    assert again["lines"][0]["options"]["milk"] == "skim"
    # ... or by putting them back in the cart.
    for ln in lines:
        shopper.http.post("/cart/lines", json=ln).raise_for_status()
    (line,) = shopper.cart()["lines"]
    assert (line["options"], line["quantity"], line["unit_price"]) == (
        placed["lines"][0]["options"],
        2,
        39.0,
    )


def test_every_order_says_whether_it_can_be_cancelled(shopper: Shopper) -> None:
    medium = sku(latte(shopper), "medium")
    body = {"delivery": {"mode": "to_vehicle"}, "lines": [{"sku_id": medium, "quantity": 1}]}
    created = shopper.http.post("/orders", json=body, headers=key()).json()
    assert created["cancellable"] is True
    assert shopper.http.get(f"/orders/{created['id']}").json()["cancellable"] is True
    listed = next(o for o in shopper.orders() if o["id"] == created["id"])
    assert listed["cancellable"] is True
    cancelled = shopper.http.post(f"/orders/{created['id']}/cancel").json()
    assert (cancelled["status"], cancelled["cancellable"]) == ("cancelled", False)
    assert shopper.http.get(f"/orders/{created['id']}").json()["cancellable"] is False

    shipped = shopper.http.post("/orders", json=body, headers=key()).json()
    assert shipped["cancellable"] is True
    shopper.advance_clock(400)
    later = shopper.http.get(f"/orders/{shipped['id']}").json()
    assert (later["status"], later["cancellable"]) == ("shipped", False)
    assert all(o["cancellable"] is (o["status"] not in ("shipped", "completed", "cancelled"))
               for o in shopper.orders())  # fmt: skip
