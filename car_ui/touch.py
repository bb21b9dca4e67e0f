"""Taps as typed messages, and the one place where they become the same commands as speech.

The screens post a message when something is tapped (`Open(Screen.CART)`, `Pick(2)`,
`Add(quantity=2)`); `command_for` turns it into a `Command`, given what the screen showed, so
the session can treat "add" on an item screen exactly like "add one" said aloud. A script's
`tap:` mapping and the shell's `:tap action=pick index=2` (CONTRACTS section 4) are parsed
into the same messages by `parse_tap`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.commands import Command, Intent, Screen, Source
from core.state import SessionState
from incar.errors import IncarError


@dataclass(frozen=True)
class Open:
    screen: Screen


@dataclass(frozen=True)
class TypeSearch:
    """Text typed in the search field (refused while the driver is moving)."""

    text: str


@dataclass(frozen=True)
class Find:
    """A suggestion tile on Home: a search for its phrase, nothing typed."""

    phrase: str


@dataclass(frozen=True)
class Pick:
    index: int  # the n-th shown result, from 1


@dataclass(frozen=True)
class Add:
    """Add the shown item (or `item_id`), as chosen on the item screen."""

    quantity: int | None = None
    variant: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)
    sku_id: int | None = None
    item_id: int | None = None


@dataclass(frozen=True)
class Checkout:
    pass


@dataclass(frozen=True)
class Confirm:
    pass


@dataclass(frozen=True)
class Cancel:
    pass


@dataclass(frozen=True)
class Deny:
    pass


@dataclass(frozen=True)
class ClearCart:
    pass


@dataclass(frozen=True)
class Remove:
    line_id: int


@dataclass(frozen=True)
class SetQuantity:
    line_id: int
    quantity: int


@dataclass(frozen=True)
class SwitchProfile:
    profile: str
    pin: str | None = None


@dataclass(frozen=True)
class EnterPin:
    pin: str


@dataclass(frozen=True)
class ChooseDelivery:
    mode: str  # "to_vehicle", "pickup", "home"


@dataclass(frozen=True)
class ChoosePayment:
    method: str  # a payment method id of the profile


@dataclass(frozen=True)
class Browse:
    """A category tile on Home."""

    category: str  # the category's slug


@dataclass(frozen=True)
class Track:
    order_id: int


@dataclass(frozen=True)
class Reorder:
    order_id: int


Tap = (
    Open
    | TypeSearch
    | Find
    | Pick
    | Add
    | Checkout
    | Confirm
    | Cancel
    | Deny
    | ClearCart
    | Remove
    | SetQuantity
    | SwitchProfile
    | EnterPin
    | ChooseDelivery
    | ChoosePayment
    | Browse
    | Track
    | Reorder
)

# The `action` names of a script's `tap:` and the shell's `:tap`: the first seven are CONTRACTS
# section 4, the rest the extra buttons of the screens. A mapping's other keys are the fields.
TAP_ACTIONS: dict[str, type[Tap]] = {
    "open": Open,
    "type_search": TypeSearch,
    "pick": Pick,
    "add": Add,
    "checkout": Checkout,
    "confirm": Confirm,
    "cancel": Cancel,
    "deny": Deny,
    "clear": ClearCart,
    "remove": Remove,
    "set_quantity": SetQuantity,
    "switch_profile": SwitchProfile,
    "enter_pin": EnterPin,
    "delivery": ChooseDelivery,
    "payment": ChoosePayment,
    "category": Browse,
    "track": Track,
    "reorder": Reorder,
}
_INTEGER_FIELDS = {"index", "quantity", "sku_id", "item_id", "line_id", "order_id"}


def parse_tap(action: Mapping[str, Any]) -> Tap:
    """The message a `{"action": ..., field: value}` mapping means, or a clear IncarError."""
    name = str(action.get("action", ""))
    if name not in TAP_ACTIONS:
        raise IncarError(f"unknown tap action {name!r}: use one of {', '.join(TAP_ACTIONS)}")
    cls = TAP_ACTIONS[name]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(action) - {"action", *fields}
    if unknown:
        raise IncarError(f"tap {name} does not take {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for key in fields:
        value = action.get(key)
        if value is None:
            continue
        if key in _INTEGER_FIELDS:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise IncarError(f"tap {name}: {key} must be a number, got {value!r}") from None
        elif key == "options":
            if not isinstance(value, Mapping):
                raise IncarError(f"tap {name}: options must be a mapping of group to value")
            value = {str(k): str(v) for k, v in value.items()}
        elif key == "screen":
            try:
                value = Screen(str(value))
            except ValueError:
                screens = ", ".join(s.value for s in Screen)
                raise IncarError(f"tap open: screen must be one of {screens}") from None
        else:
            value = str(value)
        values[key] = value
    missing = [f.name for f in fields.values() if _required(f) and f.name not in values]
    if missing:
        raise IncarError(f"tap {name} needs {', '.join(missing)}")
    return cls(**values)


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def command_for(tap: Tap, state: SessionState) -> Command:
    """The command a tap means, given what the screen showed (`state`)."""
    intent, slots = _intent_and_slots(tap, state)
    return Command(intent, slots, source=Source.TOUCH, typed=isinstance(tap, TypeSearch))


def _intent_and_slots(tap: Tap, state: SessionState) -> tuple[Intent, dict[str, Any]]:
    match tap:
        case Open(screen):
            return Intent.OPEN, {"screen": screen.value}
        case TypeSearch(text):
            return Intent.SEARCH, {"text": text, "item": text}
        case Find(phrase):
            return Intent.SEARCH, {"item": phrase}
        case Pick(index):
            return Intent.SELECT, {"ordinal": index}
        case Add():
            return Intent.ADD_TO_CART, _add_slots(tap, state)
        case Checkout():
            return Intent.CHECKOUT, {}
        case Confirm():
            return Intent.CONFIRM, {}
        case Cancel():
            return Intent.CANCEL, {}
        case Deny():
            return Intent.DENY, {}
        case ClearCart():
            return Intent.CLEAR_CART, {}
        case Remove(line_id):
            return Intent.REMOVE_FROM_CART, {"line_id": line_id}
        case SetQuantity(line_id, quantity):
            return Intent.SET_QUANTITY, {"line_id": line_id, "quantity": quantity}
        case SwitchProfile(profile, pin):
            return Intent.SWITCH_PROFILE, _given(profile=profile, pin=pin)
        case EnterPin(pin):
            return Intent.ENTER_PIN, {"pin": pin}
        case ChooseDelivery(mode):
            return Intent.SET_DELIVERY, {"mode": mode}
        case ChoosePayment(method):
            return Intent.SET_PAYMENT, {"method": method}
        case Browse(category):
            return Intent.SEARCH, {"category": category}
        case Track(order_id):
            return Intent.ORDER_STATUS, {"order_id": order_id}
        case Reorder(order_id):
            return Intent.REORDER, {"order_id": order_id}
    raise AssertionError(f"unhandled tap {tap!r}")


def _add_slots(tap: Add, state: SessionState) -> dict[str, Any]:
    """What was chosen, else the item and option the item screen shows."""
    slots = _given(quantity=tap.quantity, variant=tap.variant, sku_id=tap.sku_id)
    if tap.options:
        slots["options"] = dict(tap.options)
    if tap.item_id is not None:
        slots["item_id"] = tap.item_id
    elif state.item is not None:
        slots["item_id"] = state.item.item_id
        if tap.variant is None and tap.sku_id is None and "size" not in tap.options:
            slots["sku_id"] = state.item.selected_sku_id  # a size in options picks the SKU
    return slots


def _given(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}
