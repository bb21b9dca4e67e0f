"""The commands voice and touch send to the ordering session, and the reply it returns.

Both modalities speak this one vocabulary: the language understanding in `voice` turns an
utterance into a `Command`, a tap on the screen is turned into a `Command` too, and the
`OrderingSession` answers each with a `Reply`. That is what makes a spoken "add two" and a tap
on "Add" land in the same place with the same result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# The most of one thing a single command (and a cart line) may ask for: the session says so
# before asking the store, the store refuses more, the item screen's stepper stops there.
MAX_QUANTITY = 99


class Screen(StrEnum):
    """The screens of CONTRACTS section 4."""

    HOME = "home"
    RESULTS = "results"
    ITEM = "item"
    CART = "cart"
    CONFIRM_ORDER = "confirm_order"
    TRACKING = "tracking"
    ORDERS = "orders"
    PROFILES = "profiles"
    SETTINGS = "settings"
    SERVICES = "services"  # section 8: what can be booked (test drives, maintenance, ...)
    BOOKING = "booking"  # section 8: one service's days and free times


class Intent(StrEnum):
    """The intents of CONTRACTS section 4, then the touch-only ones."""

    SEARCH = "search"
    ADD_TO_CART = "add_to_cart"
    REMOVE_FROM_CART = "remove_from_cart"
    SET_QUANTITY = "set_quantity"
    SHOW_CART = "show_cart"
    CLEAR_CART = "clear_cart"
    CHECKOUT = "checkout"
    CONFIRM = "confirm"
    DENY = "deny"
    CANCEL = "cancel"
    ORDER_STATUS = "order_status"
    REORDER = "reorder"
    SELECT = "select"
    HELP = "help"
    REPEAT = "repeat"
    UNKNOWN = "unknown"
    BOOK = "book"
    CANCEL_BOOKING = "cancel_booking"
    LEASE_QUOTE = "lease_quote"
    # Touch-only: navigation, profile switching, PIN entry and the confirm screen's delivery
    # and payment choices have no spoken form.
    OPEN = "open"
    SWITCH_PROFILE = "switch_profile"
    ENTER_PIN = "enter_pin"
    SET_DELIVERY = "set_delivery"
    SET_PAYMENT = "set_payment"


# The intents that come only from the screen; every other one has a spoken form.
TOUCH_ONLY_INTENTS = frozenset(
    {
        Intent.OPEN,
        Intent.SWITCH_PROFILE,
        Intent.ENTER_PIN,
        Intent.SET_DELIVERY,
        Intent.SET_PAYMENT,
    }
)


class Source(StrEnum):
    """Where a command came from; safety rules differ for voice and touch."""

    VOICE = "voice"  # recognized speech
    TEXT = "text"  # an utterance given as text (shell, `text:` turns): treated like voice
    TOUCH = "touch"  # a tap on the screen


@dataclass(frozen=True)
class Command:
    """One thing a person asked for.

    Slots use the names of CONTRACTS section 4 (`item`, `quantity`, `variant`, `ordinal`) plus,
    for touch, `item_id`, `sku_id`, `line_id`, `order_id`, `screen`, `text`, `profile`, `pin`,
    `mode` (delivery), `method` (payment), `category`.
    Section 8 adds `service` (a kind: test_drive, maintenance, car_wash, ev_charging), `date`
    (an ISO date, resolved against today in the shop's time zone), `time` ("HH:MM" or a part of
    the day: morning, afternoon, evening), `model` (a new model's name), `term_months`,
    `down_payment` (yuan), and for touch `slot_id`, `booking_id`, `model_id`.
    `typed` marks manual text entry (the on-screen keyboard), which the driving-safety policy
    refuses while the driver is moving. `unclear` holds the words of an add that its reading
    could not place (voice.unclear): said, not typed, they make the session ask before adding.
    """

    intent: Intent
    slots: Mapping[str, Any] = field(default_factory=dict)
    source: Source = Source.TEXT
    typed: bool = False
    transcript: str = ""
    confidence: float = 1.0
    unclear: tuple[str, ...] = ()


class Expecting(StrEnum):
    """What the session waits for after a reply, so short answers ("yes", "the second one",
    "1234") are understood in context."""

    COMMAND = "command"
    CONFIRMATION = "confirmation"
    CLARIFICATION = "clarification"
    PIN = "pin"


@dataclass(frozen=True)
class Reply:
    """The session's answer: what to say and show, and the facts a script checks."""

    text: str
    screen: Screen
    intent: Intent
    slots: Mapping[str, Any] = field(default_factory=dict)
    item_id: int | None = None
    item_title: str = ""  # the resolved item, for a script's `item` expectation
    blocked: bool = False
    failed: bool = False  # the store failed or refused: a touch gets an error toast, not silence
    order_id: int | None = None
    booking_id: int | None = None  # the booking this turn made, for `booking_made`
    expecting: Expecting = Expecting.COMMAND
