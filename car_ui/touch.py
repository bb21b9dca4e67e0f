"""Taps become the same commands as speech (CONTRACTS section 4 `tap` actions).

A tap carries what the screen knew when it was tapped (the shown item, the chosen option),
so the session can treat "add" on an item screen exactly like "add one" said aloud.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from car_ui.commands import Command, Intent, Screen, Source
from car_ui.state import SessionState
from incar.errors import IncarError

# action → (intent, slots it takes); the first seven are CONTRACTS section 4, the rest are
# the extra buttons of the Kivy screens (cart lines, profiles, PIN pad, delivery and payment,
# Home's category tiles, the Reorder button of each past order).
TAP_ACTIONS: dict[str, tuple[Intent, tuple[str, ...]]] = {
    "open": (Intent.OPEN, ("screen",)),
    "type_search": (Intent.SEARCH, ("text",)),
    "pick": (Intent.SELECT, ("index",)),
    "add": (Intent.ADD_TO_CART, ("quantity", "variant", "sku_id", "item_id")),
    "checkout": (Intent.CHECKOUT, ()),
    "confirm": (Intent.CONFIRM, ()),
    "cancel": (Intent.CANCEL, ()),
    "deny": (Intent.DENY, ()),
    "remove": (Intent.REMOVE_FROM_CART, ("line_id",)),
    "set_quantity": (Intent.SET_QUANTITY, ("line_id", "quantity")),
    "switch_profile": (Intent.SWITCH_PROFILE, ("profile", "pin")),
    "enter_pin": (Intent.ENTER_PIN, ("pin",)),
    "delivery": (Intent.SET_DELIVERY, ("mode",)),
    "payment": (Intent.SET_PAYMENT, ("method",)),
    "category": (Intent.SEARCH, ("category",)),
    "reorder": (Intent.REORDER, ("order_id",)),
}
_INTEGER_SLOTS = {"index", "quantity", "sku_id", "item_id", "line_id", "order_id"}


def command_from_tap(action: Mapping[str, Any], state: SessionState) -> Command:
    """The command a tap means, given what the screen showed (`state`)."""
    name = str(action.get("action", ""))
    if name not in TAP_ACTIONS:
        raise IncarError(f"unknown tap action {name!r}: use one of {', '.join(TAP_ACTIONS)}")
    intent, allowed = TAP_ACTIONS[name]
    unknown = set(action) - {"action", *allowed}
    if unknown:
        raise IncarError(f"tap {name} does not take {', '.join(sorted(unknown))}")
    slots: dict[str, Any] = {}
    for key in allowed:
        if action.get(key) is None:
            continue
        value = action[key]
        if key in _INTEGER_SLOTS:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise IncarError(f"tap {name}: {key} must be a number, got {value!r}") from None
        slots[key] = value if key in _INTEGER_SLOTS else str(value)
    if name == "open":
        try:
            Screen(slots.get("screen", ""))
        except ValueError:
            screens = ", ".join(s.value for s in Screen)
            raise IncarError(f"tap open: screen must be one of {screens}") from None
    if name == "type_search":
        slots["item"] = slots.get("text", "")
    if name == "pick":
        slots["ordinal"] = slots.pop("index", None)
    if name == "add" and "item_id" not in slots and state.item is not None:
        slots["item_id"] = state.item.item_id
        if "variant" not in slots and "sku_id" not in slots:
            slots["sku_id"] = state.item.selected_sku_id
    return Command(intent, slots, source=Source.TOUCH, typed=name == "type_search")
