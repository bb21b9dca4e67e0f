"""Taps as typed messages, and the one place where they become the same commands as speech.

The screens post a message when something is tapped (`Open(Screen.CART)`, `Pick(2)`,
`Add(quantity=2)`); `command_for` turns it into a `Command`, given what the screen showed, so
the session can treat "add" on an item screen exactly like "add one" said aloud. A script's
`tap:` mapping and the shell's `:tap action=pick index=2` (CONTRACTS section 4) are parsed
into the same messages by `parse_tap`. On the services and booking screens (section 8) a pick
is a booking: the n-th service tile, the n-th free time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from car_ui.booking_state import booking_of
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


@dataclass(frozen=True)
class PickDay:
    """The n-th day chip of the booking screen, from 1 (today is the first)."""

    index: int


@dataclass(frozen=True)
class PickTime:
    """The n-th time chip of the booking screen, from 1 (`pick` there means the same)."""

    index: int


@dataclass(frozen=True)
class BookService:
    """A suggestion tile ("Battery low: book a charger"): a booking of that kind."""

    kind: str  # test_drive, maintenance, car_wash, ev_charging


@dataclass(frozen=True)
class CancelBooking:
    booking_id: int


@dataclass(frozen=True)
class MoveBooking:
    """A booking's Move button in the history: its service's times, to pick another."""

    booking_id: int


@dataclass(frozen=True)
class Lease:
    """A lease quote for a model (the shown quote's model when none is given), over
    `term_months` (the shown quote's term, else three years)."""

    model_id: int | None = None
    term_months: int | None = None


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
    | PickDay
    | PickTime
    | BookService
    | CancelBooking
    | MoveBooking
    | Lease
)

# The `action` names of a script's `tap:` and the shell's `:tap`: the first seven are CONTRACTS
# section 4, the rest the extra buttons of the screens (from `pick_day` on, the services and
# booking screens' of section 8). A mapping's other keys are the fields.
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
    "pick_day": PickDay,
    "pick_time": PickTime,
    "book": BookService,
    "cancel_booking": CancelBooking,
    "reschedule": MoveBooking,
    "lease": Lease,
}
_INTEGER_FIELDS = {
    "index",
    "quantity",
    "sku_id",
    "item_id",
    "line_id",
    "order_id",
    "booking_id",
    "model_id",
    "term_months",
}


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
        case Pick(index) if state.screen in (Screen.SERVICES, Screen.BOOKING):
            return _booking_pick(tap, state)
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
        case PickDay() | PickTime():
            return _booking_pick(tap, state)
        case BookService(kind):
            return Intent.BOOK, {"service": kind}
        case CancelBooking(booking_id):
            return Intent.CANCEL_BOOKING, {"booking_id": booking_id}
        case MoveBooking(booking_id):
            return Intent.BOOK, {"booking_id": booking_id, "reschedule": True}
        case Lease():
            return Intent.LEASE_QUOTE, _lease_slots(tap, state)
    raise AssertionError(f"unhandled tap {tap!r}")


def _booking_pick(
    tap: Pick | PickDay | PickTime, state: SessionState
) -> tuple[Intent, dict[str, Any]]:
    """A tile or chip of the services and booking screens as the booking it stands for: the
    n-th service tile (with its model), the n-th day or free time of the shown service. A
    place with nothing shown is a plain pick, which the session answers as such."""
    shown = booking_of(state)
    index = tap.index - 1
    if isinstance(tap, Pick) and state.screen is Screen.SERVICES:
        if not 0 <= index < len(shown.tiles):
            return Intent.SELECT, {"ordinal": tap.index}
        tile = shown.tiles[index]
        slots: dict[str, Any] = {"service_id": tile.service.service_id}
        if tile.model is not None:
            slots["model_id"] = tile.model.model_id
        return Intent.BOOK, slots
    choices = shown.days if isinstance(tap, PickDay) else shown.times
    if shown.service is None or not 0 <= index < len(choices):
        return Intent.SELECT, {"ordinal": tap.index}
    slots = {"service_id": shown.service.service_id}
    if shown.model is not None:
        slots["model_id"] = shown.model.model_id
    if shown.moving is not None:
        slots.update(booking_id=shown.moving.booking_id, reschedule=True)
    if isinstance(tap, PickDay):
        slots["date"] = shown.days[index].isoformat()
    else:
        slots["slot_id"] = shown.times[index].slot_id
    return Intent.BOOK, slots


def _lease_slots(tap: Lease, state: SessionState) -> dict[str, Any]:
    """The model and term tapped; what is not tapped is the shown quote's."""
    quote = booking_of(state).quote
    slots: dict[str, Any] = {}
    model_id = tap.model_id
    if model_id is None and quote is not None:
        model_id = quote.model.model_id
    if model_id is not None:
        slots["model_id"] = model_id
    if tap.term_months is not None:
        slots["term_months"] = tap.term_months
    elif quote is not None:
        slots["term_months"] = quote.term_months
    if quote is not None and quote.model.model_id == model_id:
        slots["down_payment"] = quote.down_payment_fen // 100  # the same down payment, in yuan
    return slots


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
