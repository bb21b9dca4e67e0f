"""Everything the ordering session says, in English: one place for wording, plurals and money.

The domain modules decide; this module (with its building blocks in `phrasing`) words the
decision. Keeping every sentence here means
the same fact is always said the same way (a confirmation and a cart summary must agree), and
a second reply set (Chinese) can be added beside this one with the same functions, without
touching a handler.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from car_ui.errors import (
    ApiError,
    ApiUnreachable,
    NotFound,
    OutOfStock,
    PinRequired,
    PriceChanged,
    TooManyAttempts,
    Unauthorized,
    ValidationFailed,
)
from car_ui.session.checkout_words import too_many_pins
from car_ui.session.phrasing import (
    ConfirmedLine,
    Defaults,
    cart_lines_words,
    choice_words,
    delivery_words,
    describe,
    list_words,
    numbered,
    or_words,
    price_change_words,
    sentence,
    status_words,
    variant_of,
)
from core.commands import MAX_QUANTITY, Command, Intent, Screen
from core.numbers import amount_to_words, number_to_words
from core.plurals import plural
from core.state import CartLine, CartView, ItemView, OrderView, ResultTile, SkuOption

HELP = (
    "You can say: find a latte, add two lattes, the second one, what's in my cart, "
    "check out, where's my order, or order again."
)
HELP_WHILE_DRIVING = " While you drive, use your voice: typing is off and lists are short."
NOT_UNDERSTOOD = "Sorry, I didn't get that. Say 'help' to hear what I can do."
NOTHING_SAID_YET = "I haven't said anything yet."
OK = "OK."
NEVER_MIND = "OK, never mind."
LEFT_AS_IT_WAS = "All right, I left everything as it was."


def check_action(command: Command) -> str:
    """The question before an unsure reorder, removal or clear-cart."""
    if command.intent is Intent.REORDER:
        return "Did you want me to order your last order again? Please say yes or no."
    if command.intent is Intent.CLEAR_CART:
        return "Did you want me to empty your cart? Please say yes or no."
    item = command.slots.get("item")
    what = f"the {item}" if item else "that"
    return f"Did you want me to take {what} out of your cart? Please say yes or no."


ASK_WHAT_TO_FIND = "What should I look for?"
NO_LIST = "There is no list to choose from. Say 'find a latte'."
ONLY_ONE_RESULT = "There is only one result: say 'the first one'."
ASK_WHAT_TO_ADD = "What would you like to add? Say 'add a latte'."
ASK_HOW_MANY = "How many would you like?"
CART_EMPTY = "Your cart is empty."
CART_CLEARED = "Your cart is now empty."
LINE_GONE = "That line is no longer in your cart."
CHECKOUT_EMPTY = "Your cart is empty. Say 'add a latte' to start."
NOTHING_TO_CONFIRM = "There is nothing to confirm right now."
NOTHING_TO_CANCEL = "There is nothing to cancel right now."
NO_PIN_NEEDED = "No PIN is needed right now."
ORDER_NOT_PLACED = "OK, I did not place the order. Your cart is unchanged."
PIN_AGAIN = "That PIN did not work. Please say your PIN again."
PIN_GAVE_UP = "That PIN did not work three times, so I did not place the order."
NO_SUCH_PAYMENT = "This profile has no such payment method."
QUEUED = (
    "I can't reach the store right now. Your order is saved and will be sent as soon "
    "as the connection is back; I'll tell you when it goes through."
)
STILL_QUEUED = "Your order is waiting to be sent: I can't reach the store yet."
NO_ORDERS = "You have no orders yet."
NO_EARLIER_ORDER = "You have no earlier order to repeat."
NO_SUCH_SCREEN = "There is no such screen."
ASK_WHICH_PROFILE = "Which profile?"
WRONG_PROFILE_PIN = "That PIN is not right."
DROPPED_NEEDS_PIN = "it is above your spending limit and needs your PIN; please check out again"
SCREEN_TITLES = {
    Screen.HOME: "Home.",
    Screen.RESULTS: "Results.",
    Screen.ITEM: "Item.",
    Screen.CONFIRM_ORDER: "Your order.",
    Screen.SETTINGS: "Settings.",
}
# The delivery modes' names on the confirm screen's chips and in "Pickup." after a change.
DELIVERY_LABELS = {"to_vehicle": "To the car", "pickup": "Pickup", "home": "Home"}


def store_error(error: ApiError) -> str:
    """A store failure as a person hears it; nothing the store said is lost."""
    if isinstance(error, ApiUnreachable):
        return "I can't reach the store right now. Please try again in a moment."
    if isinstance(error, TooManyAttempts):
        return too_many_pins(error.retry_after_s)
    if isinstance(error, Unauthorized):
        return "The store did not accept this vehicle's sign-in."
    if isinstance(error, OutOfStock):
        return f"Sorry, {sentence(error.detail)} Nothing was changed."
    if isinstance(error, ValidationFailed):
        return f"The store could not do that: {sentence(error.detail)}"
    if isinstance(error, NotFound):
        return "The store does not know that item or order any more."
    return f"The store said: {sentence(error.detail)}"


def cart_summary(cart: CartView) -> str:
    """ "Your cart has three items, eighty-four yuan." """
    if not cart.lines:
        return CART_EMPTY
    count = cart.count
    noun = "item" if count == 1 else "items"
    total = amount_to_words(cart.total_fen, cart.currency)
    return f"Your cart has {number_to_words(count)} {noun}, {total}."


# ---- search and items ------------------------------------------------------------------------


def found(query: str, tiles: Sequence[ResultTile], total: int) -> str:
    """The first results read out, numbered so "the second one" can pick them."""
    spoken = [f"{tile.title}, {amount_to_words(tile.price_fen, tile.currency)}" for tile in tiles]
    if len(spoken) == 1:
        return f"I found one result for {query}: {spoken[0]}. Say 'the first one' to open it."
    results = f"{number_to_words(total)} {'result' if total == 1 else 'results'}"
    text = f"I found {results} for {query}. " + "; ".join(numbered(spoken)) + "."
    return text + " Say 'the first one' or 'the second one' to choose."


def not_found(query: str) -> str:
    return f"I couldn't find {query}."


def not_in_store(phrase: str) -> str:
    return f"I couldn't find {phrase} in the store."


def category_empty(name: str) -> str:
    return f"There is nothing in {name} right now."


def category_items(name: str, titles: Sequence[str]) -> str:
    return f"{name}: {list_words(titles)}. Say 'the first one' or tap one to choose."


def choose_a_number(count: int) -> str:
    return f"Please choose a number from one to {number_to_words(count)}."


def say_a_number(count: int) -> str:
    return f"Please say a number from one to {number_to_words(count)}."


def item_shown(item: ItemView, sku: SkuOption | None, labels: Sequence[str]) -> str:
    text = f"{item.title}, {amount_to_words(sku.price_fen if sku else 0)}."
    if len(labels) > 1:
        text += f" It comes as {or_words(labels)}."
    return text + " Say 'add one' to add it."


def did_you_mean(labels: Sequence[str]) -> str:
    return f"Did you mean {or_words(numbered(labels))}?"


def not_sure_which(labels: Sequence[str]) -> str:
    return f"I'm not sure which you mean: {or_words(numbered(labels))}?"


def which_variant(title: str, labels: Sequence[str]) -> str:
    return f"Which {title}: {or_words(numbered(labels))}?"


def which_line(labels: Sequence[str]) -> str:
    return f"Which one: {or_words(numbered(labels))}?"


def not_orderable(title: str) -> str:
    return f"{title} can't be ordered right now."


def variant_gone(title: str) -> str:
    return f"That option of {title} is no longer sold."


# ---- cart ------------------------------------------------------------------------------------


def quantity_not_understood(value: object) -> str:
    return f"I didn't understand the quantity {value}."


def quantity_out_of_range() -> str:
    return f"I can add between one and {number_to_words(MAX_QUANTITY)} at a time."


def added(
    quantity: int,
    item: ItemView,
    sku: SkuOption,
    cart: CartView,
    options: Mapping[str, str] | None = None,
) -> str:
    """ "Added one large Mocha, dark roast, triple shot, with a little soy milk and lots of
    brown sugar": the size, then the choices that are not the drink's defaults."""
    said = describe(quantity, item.title, variant_of(item, sku))
    if options:
        chosen = {k: v for k, v in options.items() if k not in sku.attributes}
        said += choice_words(chosen, {g.name: g.default for g in item.option_groups})
    return f"Added {said}. {cart_summary(cart)}"


def _group_words(group: str) -> str:
    return group.replace("_", " ")


def option_not_offered(title: str, group: str, offered: Sequence[str]) -> str:
    """ "Croissant has no milk choice" (a choice the item does not have), nothing added."""
    if not offered:
        return f"{title} is not made to order, so I added nothing."
    choices = list_words([_group_words(g) for g in offered])
    return f"{title} has no {_group_words(group)} choice, only {choices}. I added nothing."


def option_value_unknown(title: str, group: str, value: str, values: Sequence[str]) -> str:
    return (
        f"{title} can't have {_group_words(group)} {value}: it can be {or_words(values)}. "
        "I added nothing."
    )


def size_unknown(title: str, size: str, sizes: Sequence[str]) -> str:
    if not sizes:
        return f"{title} comes in one size only, not {size}. I added nothing."
    return f"{title} comes as {or_words(sizes)}, not {size}. I added nothing."


def options_refused(title: str, error: ApiError) -> str:
    """The store's 422 on a line's options, as a person hears it."""
    return f"The store can't make {title} that way: {sentence(error.detail)} I added nothing."


def removed(line: CartLine, fewer: int, cart: CartView) -> str:
    """ "Removed one latte", or "the lattes" when the whole line of several goes."""
    if fewer:
        gone = describe(fewer, line.title)
    elif line.quantity > 1:
        gone = "the " + plural(line.title, line.quantity)
    else:
        gone = describe(1, line.title)
    return f"Removed {gone}. {cart_summary(cart)}"


def quantity_now(quantity: int, line: CartLine, cart: CartView) -> str:
    return f"Now {describe(quantity, line.title)}. {cart_summary(cart)}"


def line_label(line: CartLine) -> str:
    return describe(line.quantity, line.title)


def not_in_cart(phrase: str) -> str:
    return f"There is no {phrase} in your cart."


def cart_contents(cart: CartView, defaults: Mapping[int, Defaults] | None = None) -> str:
    total = amount_to_words(cart.total_fen, cart.currency)
    return f"In your cart: {cart_lines_words(cart.lines, defaults)}. Total {total}."


# ---- checkout and PIN ------------------------------------------------------------------------

ORDERING = "You're ordering "


def read_back(
    opening: str,
    cart: CartView,
    delivery: Mapping[str, object],
    paid: str,
    defaults: Mapping[int, Defaults] | None = None,
) -> str:
    """The confirmation question: lines with variants and their non-default choices
    (`defaults` by item id), delivery, payment and total."""
    where = delivery_words(delivery)
    total = amount_to_words(cart.total_fen, cart.currency)
    text = f"{opening}{cart_lines_words(cart.lines, defaults)}"
    text += f", {where}," if where else ","
    text += f" paid with {paid}," if paid else ""
    return text + f" for {total}. Shall I place the order?"


def reordered(order_id: int | None) -> str:
    """The opening of a reorder's read-back: the order tapped in the history, or the last."""
    which = f"order {number_to_words(order_id)}" if order_id else "your last order"
    return f"I added {which} to the cart. {ORDERING}"


def changed_choice(said: str) -> str:
    return f"{said} Now: "


def delivery_choices(labels: Sequence[str]) -> str:
    return f"Delivery can be {or_words(labels)}."


def delivery_chosen(mode: str) -> str:
    return f"{DELIVERY_LABELS.get(mode, mode)}."


def paying_with(label: str) -> str:
    return f"Paying with {label}."


def pin_needed(limit_fen: int | None) -> str:
    above = f" of {amount_to_words(limit_fen)}" if limit_fen is not None else ""
    return f"This order is above your spending limit{above}. Please say your PIN."


def out_of_stock_at_order(error: OutOfStock) -> str:
    return f"Sorry, {sentence(error.detail)} Nothing was ordered."


def price_changed_at_order(confirmed: Sequence[ConfirmedLine], error: PriceChanged) -> str:
    changed = price_change_words(confirmed, error)
    text = f"{changed[0].upper()}{changed[1:]}; your order was not placed. "
    return text + "Say check out to confirm the new total."


def placed(order: OrderView) -> str:
    total = amount_to_words(order.total_fen, order.currency)
    text = f"Order {number_to_words(order.order_id)} is placed, {total}."
    if order.status != "created":
        text += f" It {status_words(order.status)}."
    return text


# ---- orders ----------------------------------------------------------------------------------


def order_status(order: OrderView) -> str:
    return f"Order {number_to_words(order.order_id)} {status_words(order.status)}."


def order_count(count: int) -> str:
    return f"You have {number_to_words(count)} orders."


def no_such_order(order_id: int) -> str:
    return f"There is no order {number_to_words(order_id)}."


def ask_cancel(order_id: int) -> str:
    return f"Cancel order {number_to_words(order_id)}? Say yes to cancel it."


def order_stays(order_id: int) -> str:
    return f"OK, order {number_to_words(order_id)} stays."


def cancelled(order_id: int) -> str:
    return f"Order {number_to_words(order_id)} is cancelled."


def cannot_cancel(order_id: int, detail: str) -> str:
    return f"Order {number_to_words(order_id)} can't be cancelled any more: {sentence(detail)}"


def queued_order_placed(order_id: int) -> str:
    return f"Your saved order went through: order {number_to_words(order_id)}."


def queued_order_dropped(confirmed: Sequence[ConfirmedLine], error: ApiError) -> str:
    """Why a saved order was given up when the store could be reached again."""
    if isinstance(error, PriceChanged):
        why = price_change_words(confirmed, error)
    elif isinstance(error, PinRequired):
        why = DROPPED_NEEDS_PIN
    else:
        why = error.detail
    return f"Your saved order was not placed: {sentence(why)}"


# ---- profiles --------------------------------------------------------------------------------


def profiles(names: Sequence[str]) -> str:
    return f"Profiles: {list_words(names)}."


def no_such_profile(name: str) -> str:
    return f"This car has no profile called {name}."


def profile_needs_pin(name: str) -> str:
    return f"The {name} profile needs its PIN."


def hello(name: str) -> str:
    return f"Hello, {name}."
