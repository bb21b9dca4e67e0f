"""The open question: what the session asked and is waiting for an answer to.

At most one question is open at a time: a clarifying choice ("which one?"), a checkout
read-back waiting for "yes" (and maybe a PIN), or "cancel this order?", and for bookings the
free times offered, a booking's read-back and "cancel this booking?". A new command that does
not answer it closes it, so a stale "yes" can never place an order (or make a booking) the
person moved on from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from car_ui.booking_state import BookingView, ModelView, ServiceView, SlotView
from core.commands import Command, Expecting, Intent, Source
from core.state import CartView


@dataclass(frozen=True)
class Choice:
    """One answer to a clarifying question, and the slots it adds to the original command."""

    label: str
    slots: Mapping[str, Any]


@dataclass(frozen=True)
class PendingChoice:
    command: Command
    options: tuple[Choice, ...]


@dataclass(frozen=True)
class PendingCheckout:
    """A read-back waiting for "yes": the key is made once and reused by every retry."""

    key: str
    cart: CartView
    delivery: Mapping[str, Any]
    payment_method_id: str | None
    pin_failures: int = 0


@dataclass(frozen=True)
class PendingCancel:
    order_id: int


@dataclass(frozen=True)
class PendingAction:
    """A reorder, removal or clear-cart heard without confidence, or a spoken add with words
    nothing explained, waiting for "yes": undoing one of those (or a wrong cart line) costs
    the person more than a question does."""

    command: Command


@dataclass(frozen=True)
class Offer:
    """A free time of a service, as offered to the person."""

    service: ServiceView
    slot: SlotView


@dataclass(frozen=True)
class PendingSlot:
    """Free times read out, waiting for one to be picked ("the second one", "at ten"):
    `command` is the booking asked for, `moving` the booking a reschedule moves."""

    command: Command
    offers: tuple[Offer, ...]
    model: ModelView | None = None
    moving: BookingView | None = None


@dataclass(frozen=True)
class PendingBooking:
    """A booking's read-back waiting for "yes"; like a checkout, its key is made once and
    reused by every retry, so a lost answer never books twice."""

    key: str
    offer: Offer
    model: ModelView | None = None
    moving: BookingView | None = None  # a reschedule: this booking moves to `offer`


@dataclass(frozen=True)
class PendingBookingCancel:
    booking: BookingView


BookingQuestion = PendingSlot | PendingBooking | PendingBookingCancel
Pending = PendingChoice | PendingCheckout | PendingCancel | PendingAction | BookingQuestion | None

# Spoken commands that change the cart or repeat an order are acted on without asking only
# when at least this share of the recognizer's n-best asks for the same (voice.speech
# .agreement). On the development voices' 1,819 such turns, 0.8 asked back 508 of the 1,722
# right ones and let 3 wrong ones through; the top transcript's own share under 0.75 asked 803.
CONFIDENT = 0.8
CONFIRM_WHEN_UNSURE = frozenset(
    {Intent.REORDER, Intent.REMOVE_FROM_CART, Intent.SET_QUANTITY, Intent.CLEAR_CART}
)
CHECK_WHEN_UNCLEAR = frozenset({Intent.REMOVE_FROM_CART, Intent.SET_QUANTITY})
# A spoken yes to these places an order, cancels one, makes or cancels a booking, or does what
# was checked back, so it is taken only when this share of the recognizer's n-best hears a yes
# too (voice.speech.agreement): on the development voices "nah" and "wrong" heard as
# "yeah" had 0.05 to 0.34 of it, and one clear yes in ten falls under 0.35 and is asked again.
SURE_YES = 0.35
# A spoken add is checked back, as one with words nothing explains is, when less than this
# share of the n-best asks for the same line (item, count and every choice): on the extra
# development voices (642 adds) 0.15 caught 7 of 25 wrong lines and asked 24 of 458 right
# ones, and on the 404 real dev clips (clean and noisy) 2 of 6 wrong lines for 5 of 374 right.
SURE_ADD = 0.15
_COMMITTED_BY_YES = (
    PendingCheckout,
    PendingCancel,
    PendingAction,
    PendingBooking,
    PendingBookingCancel,
)


def needs_confirming(command: Command) -> bool:
    """Whether to check a command back before acting: "same again" may have been "say that
    again", an unsure "only three" may have been "only two", and "no more local" names the
    Local Tofu only in part (voice.unclear; a spoken add with such words is checked back by
    the cart, which shows the line it would add)."""
    if command.source is not Source.VOICE:
        return False
    unsure = command.intent in CONFIRM_WHEN_UNSURE and command.confidence < CONFIDENT
    unclear = command.intent in CHECK_WHEN_UNCLEAR and bool(command.unclear)
    return unsure or unclear


def unsure_yes(command: Command) -> bool:
    """Whether a spoken yes was heard too unsure to commit anything on: the question stays
    open and is asked again, as a yes that was really a no cannot be undone."""
    return (
        command.source is Source.VOICE
        and command.intent is Intent.CONFIRM
        and command.confidence < SURE_YES
    )


def checks_add_back(command: Command) -> bool:
    """Whether a spoken add is read back before its line is added: some of its words are
    unexplained (voice.unclear), or the recognizer was unsure of the line (SURE_ADD)."""
    return (
        command.source is Source.VOICE
        and command.intent is Intent.ADD_TO_CART
        and (bool(command.unclear) or command.confidence < SURE_ADD)
    )


def commits_on_yes(pending: Pending) -> bool:
    """Whether a yes to the open question places, cancels, books or changes something."""
    return isinstance(pending, _COMMITTED_BY_YES)


# Intents that answer a pending question rather than start something new.
KEEPS_PENDING = frozenset(
    {
        Intent.CONFIRM,
        Intent.DENY,
        Intent.CANCEL,
        Intent.ENTER_PIN,
        Intent.HELP,
        Intent.REPEAT,
        Intent.SET_DELIVERY,  # changing delivery or payment on the confirm screen keeps the
        Intent.SET_PAYMENT,  # read-back open, with the new choice in it
    }
)
# While a PIN is asked for, these keep the read-back open too; anything else drops it.
KEEPS_PIN_QUESTION = frozenset({Intent.DENY, Intent.CANCEL, Intent.HELP, Intent.REPEAT})
# What answers a clarifying choice: "the second one", "yes", or a name the NLU did not place.
ANSWERS_CHOICE = frozenset({Intent.SELECT, Intent.CONFIRM, Intent.UNKNOWN})


def waiting_for(pending: Pending, *, needs_pin: bool) -> Expecting:
    """What a short answer next means, given the question still open."""
    if isinstance(pending, PendingChoice | PendingSlot):
        return Expecting.CLARIFICATION
    if isinstance(pending, PendingCheckout):
        return Expecting.PIN if needs_pin else Expecting.CONFIRMATION
    if isinstance(pending, PendingCancel | PendingAction | PendingBooking | PendingBookingCancel):
        return Expecting.CONFIRMATION
    return Expecting.COMMAND
