"""Taps become the same commands as speech."""

from __future__ import annotations

import pytest

from car_ui.commands import Intent, Source
from car_ui.state import ItemView, SessionState, SkuOption
from car_ui.touch import command_from_tap
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
    command = command_from_tap({"action": "add", "quantity": "2"}, SessionState(item=ITEM))
    assert command.intent is Intent.ADD_TO_CART and command.source is Source.TOUCH
    assert dict(command.slots) == {"quantity": 2, "item_id": 7, "sku_id": 71}


def test_pick_is_a_select_with_an_ordinal_and_typed_search_is_typed() -> None:
    pick = command_from_tap({"action": "pick", "index": 2}, SessionState())
    assert pick.intent is Intent.SELECT and pick.slots["ordinal"] == 2
    typed = command_from_tap({"action": "type_search", "text": "tea"}, SessionState())
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
        command_from_tap(action, SessionState())
