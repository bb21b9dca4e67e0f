"""Taps become the same commands as speech."""

from __future__ import annotations

import pytest

from car_ui.touch import (
    TAP_ACTIONS,
    Add,
    Browse,
    Checkout,
    ChooseDelivery,
    ChoosePayment,
    ClearCart,
    EnterPin,
    Find,
    Open,
    Pick,
    Remove,
    Reorder,
    SetQuantity,
    SwitchProfile,
    Tap,
    Track,
    command_for,
    parse_tap,
)
from core.commands import Intent, Screen, Source
from core.state import ItemView, SessionState, SkuOption
from incar.errors import IncarError

ITEM = ItemView(
    item_id=7,
    title="Latte",
    title_zh="拿铁",
    shop="Cafe",
    category="coffee",
    description="",
    rating=4.5,
    skus=(SkuOption(70, {"size": "medium"}, 2800, 10), SkuOption(71, {"size": "large"}, 3200, 5)),
    selected_sku_id=71,
)


def test_add_on_an_item_screen_adds_the_shown_item_and_option() -> None:
    command = command_for(parse_tap({"action": "add", "quantity": "2"}), SessionState(item=ITEM))
    assert command.intent is Intent.ADD_TO_CART and command.source is Source.TOUCH
    assert dict(command.slots) == {"quantity": 2, "item_id": 7, "sku_id": 71}


def test_pick_is_a_select_with_an_ordinal_and_typed_search_is_typed() -> None:
    pick = command_for(parse_tap({"action": "pick", "index": 2}), SessionState())
    assert pick.intent is Intent.SELECT and pick.slots["ordinal"] == 2
    typed = command_for(parse_tap({"action": "type_search", "text": "tea"}), SessionState())
    assert typed.intent is Intent.SEARCH and typed.typed and typed.slots["item"] == "tea"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"action": "fly"}, "unknown tap action"),
        ({"action": "pick", "index": "two"}, "index must be a number"),
        ({"action": "open", "screen": "garage"}, "screen must be one of"),
        ({"action": "checkout", "now": True}, "does not take now"),
    ],
)
def test_bad_taps_are_clear_errors(action: dict, message: str) -> None:
    with pytest.raises(IncarError, match=message):
        command_for(parse_tap(action), SessionState())


def test_taps_parse_into_typed_messages() -> None:
    assert parse_tap({"action": "open", "screen": "cart"}) == Open(Screen.CART)
    assert parse_tap({"action": "pick", "index": "2"}) == Pick(2)
    assert parse_tap({"action": "add", "quantity": 2, "options": {"milk": "oat"}}) == Add(
        quantity=2, options={"milk": "oat"}
    )
    assert parse_tap({"action": "checkout"}) == Checkout()
    assert parse_tap({"action": "delivery", "mode": "pickup"}) == ChooseDelivery("pickup")
    assert parse_tap({"action": "payment", "method": "alipay"}) == ChoosePayment("alipay")
    assert parse_tap({"action": "category", "category": "bakery"}) == Browse("bakery")
    assert parse_tap({"action": "reorder", "order_id": "3"}) == Reorder(3)
    assert parse_tap({"action": "switch_profile", "profile": "driver", "pin": 1234}) == (
        SwitchProfile("driver", "1234")
    )


@pytest.mark.parametrize(
    ("tap", "intent", "slots"),
    [
        (Open(Screen.ORDERS), Intent.OPEN, {"screen": "orders"}),
        (Find("water"), Intent.SEARCH, {"item": "water"}),
        (Remove(5), Intent.REMOVE_FROM_CART, {"line_id": 5}),
        (SetQuantity(5, 3), Intent.SET_QUANTITY, {"line_id": 5, "quantity": 3}),
        (EnterPin("1234"), Intent.ENTER_PIN, {"pin": "1234"}),
        (SwitchProfile("passenger"), Intent.SWITCH_PROFILE, {"profile": "passenger"}),
        (ChooseDelivery("pickup"), Intent.SET_DELIVERY, {"mode": "pickup"}),
        (ChoosePayment("card"), Intent.SET_PAYMENT, {"method": "card"}),
        (Browse("bakery"), Intent.SEARCH, {"category": "bakery"}),
        (Track(4), Intent.ORDER_STATUS, {"order_id": 4}),
        (Reorder(4), Intent.REORDER, {"order_id": 4}),
        (ClearCart(), Intent.CLEAR_CART, {}),
        (
            Add(options={"milk": "oat"}, item_id=7),
            Intent.ADD_TO_CART,
            {
                "options": {"milk": "oat"},
                "item_id": 7,
            },
        ),
    ],
)
def test_every_tap_becomes_its_command(tap: Tap, intent: Intent, slots: dict) -> None:
    command = command_for(tap, SessionState())
    assert (command.intent, dict(command.slots), command.source) == (intent, slots, Source.TOUCH)
    assert not command.typed


def test_every_action_name_parses() -> None:
    required: dict[str, dict[str, object]] = {
        "open": {"screen": "home"},
        "type_search": {"text": "tea"},
        "pick": {"index": 1},
        "remove": {"line_id": 1},
        "set_quantity": {"line_id": 1, "quantity": 2},
        "switch_profile": {"profile": "driver"},
        "enter_pin": {"pin": "1234"},
        "delivery": {"mode": "pickup"},
        "payment": {"method": "card"},
        "category": {"category": "bakery"},
        "track": {"order_id": 1},
        "reorder": {"order_id": 1},
        "pick_day": {"index": 1},
        "pick_time": {"index": 1},
        "book": {"kind": "car_wash"},
        "cancel_booking": {"booking_id": 1},
        "reschedule": {"booking_id": 1},
    }
    for name, cls in TAP_ACTIONS.items():
        assert isinstance(parse_tap({"action": name, **required.get(name, {})}), cls)
    with pytest.raises(IncarError, match="tap pick needs index"):
        parse_tap({"action": "pick"})
