"""Everything the ordering session says: one place for wording, plurals and money.

The domain modules decide; this module words the decision. Each sentence is a gettext
template with named placeholders (`_("Added {what}.")`), so a translation can order the words
its own way, and the phrases that fill it (a quantity of an item, a list, an amount) come from
`wording` in the same language. Keeping every sentence here means the same fact is always said
the same way (a confirmation and a cart summary must agree). Fixed sentences are constants
marked with `N_` and translated where they are said, `_(replies.CART_EMPTY)`, so a language
chosen after start-up applies to them too.
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
from car_ui.i18n import N_, _, ngettext
from car_ui.session import terms, wording
from car_ui.session.checkout_words import ConfirmedLine, price_change_words, too_many_pins
from car_ui.session.phrasing import telling
from car_ui.session.terms import Known
from core.commands import MAX_QUANTITY, Command, Intent, Screen
from core.state import CartLine, CartView, ItemView, OrderView, ResultTile, SkuOption

HELP = N_(
    "You can say: find a latte, add two lattes, the second one, what's in my cart, "
    "check out, where's my order, or order again."
)
HELP_WHILE_DRIVING = N_("While you drive, use your voice: typing is off and lists are short.")
NOT_UNDERSTOOD = N_("Sorry, I didn't get that. Say 'help' to hear what I can do.")
NOTHING_SAID_YET = N_("I haven't said anything yet.")
OK = N_("OK.")
NEVER_MIND = N_("OK, never mind.")
LEFT_AS_IT_WAS = N_("All right, I left everything as it was.")
ASK_WHAT_TO_FIND = N_("What should I look for?")
NO_LIST = N_("There is no list to choose from. Say 'find a latte'.")
ONLY_ONE_RESULT = N_("There is only one result: say 'the first one'.")
ASK_WHAT_TO_ADD = N_("What would you like to add? Say 'add a latte'.")
ASK_HOW_MANY = N_("How many would you like?")
CART_EMPTY = N_("Your cart is empty.")
CART_CLEARED = N_("Your cart is now empty.")
LINE_GONE = N_("That line is no longer in your cart.")
CHECKOUT_EMPTY = N_("Your cart is empty. Say 'add a latte' to start.")
NOTHING_TO_CONFIRM = N_("There is nothing to confirm right now.")
YES_UNSURE = N_("Sorry, I'm not sure I heard a yes. Please say yes or no.")
NOTHING_TO_CANCEL = N_("There is nothing to cancel right now.")
NO_PIN_NEEDED = N_("No PIN is needed right now.")
ORDER_NOT_PLACED = N_("OK, I did not place the order. Your cart is unchanged.")
PIN_AGAIN = N_("That PIN did not work. Please say your PIN again.")
PIN_GAVE_UP = N_("That PIN did not work three times, so I did not place the order.")
NO_SUCH_PAYMENT = N_("This profile has no such payment method.")
QUEUED = N_(
    "I can't reach the store right now. Your order is saved and will be sent as soon "
    "as the connection is back; I'll tell you when it goes through."
)
STILL_QUEUED = N_("Your order is waiting to be sent: I can't reach the store yet.")
WAIT_FOR_QUEUED = N_(
    "Your last order is still waiting to be sent, so I won't start another one yet: it could "
    "buy the same things twice. I'll tell you when it goes through."
)
NO_ORDERS = N_("You have no orders yet.")
NO_EARLIER_ORDER = N_("You have no earlier order to repeat.")
NO_SUCH_SCREEN = N_("There is no such screen.")
ASK_WHICH_PROFILE = N_("Which profile?")
WRONG_PROFILE_PIN = N_("That PIN is not right.")
DROPPED_NEEDS_PIN = N_("it is above your spending limit and needs your PIN; please check out again")
SCREEN_TITLES = {
    Screen.HOME: N_("Home."),
    Screen.RESULTS: N_("Results."),
    Screen.ITEM: N_("Item."),
    Screen.CONFIRM_ORDER: N_("Your order."),
    Screen.SETTINGS: N_("Settings."),
}


def check_action(command: Command) -> str:
    """The question before an unsure reorder, removal, new count or clear-cart, or a new
    count for an item heard in part."""
    if command.intent is Intent.REORDER:
        return _("Did you want me to order your last order again? Please say yes or no.")
    if command.intent is Intent.CLEAR_CART:
        return _("Did you want me to empty your cart? Please say yes or no.")
    item = command.slots.get("item")
    if command.intent is Intent.SET_QUANTITY:
        count = command.slots.get("quantity")
        if not item:  # "make it three": of the line the session picks
            question = _("Did you want me to make it {count}? Please say yes or no.")
            return question.format(count=count)
        return _("Did you want me to make it {count} of the {item}? Please say yes or no.").format(
            count=count, item=item
        )
    if item:
        return _(
            "Did you want me to take the {item} out of your cart? Please say yes or no."
        ).format(item=item)
    return _("Did you want me to take that out of your cart? Please say yes or no.")


def store_error(error: ApiError) -> str:
    """A store failure as a person hears it; nothing the store said is lost."""
    if isinstance(error, ApiUnreachable):
        return _("I can't reach the store right now. Please try again in a moment.")
    if isinstance(error, TooManyAttempts):
        return too_many_pins(error.retry_after_s)
    if isinstance(error, Unauthorized):
        return _("The store did not accept this vehicle's sign-in.")
    detail = wording.sentence(error.detail)
    if isinstance(error, OutOfStock):
        return _("Sorry, {detail} Nothing was changed.").format(detail=detail)
    if isinstance(error, ValidationFailed):
        return _("The store could not do that: {detail}").format(detail=detail)
    if isinstance(error, NotFound):
        return _("The store does not know that item or order any more.")
    return _("The store said: {detail}").format(detail=detail)


def cart_summary(cart: CartView) -> str:
    """ "Your cart has three items, eighty-four yuan." """
    if not cart.lines:
        return _(CART_EMPTY)
    count = cart.count
    return ngettext(
        "Your cart has {count} item, {total}.", "Your cart has {count} items, {total}.", count
    ).format(count=wording.count(count), total=wording.money(cart.total_fen, cart.currency))


# ---- search and items ------------------------------------------------------------------------


def found(query: str, tiles: Sequence[ResultTile], total: int) -> str:
    """The first results read out, numbered so "the second one" can pick them."""
    spoken = [
        _("{item}, {price}").format(
            item=wording.title(tile.title, Known(tile.title_zh, tile.category)),
            price=wording.money(tile.price_fen, tile.currency),
        )
        for tile in tiles
    ]
    if len(spoken) == 1:
        return _(
            "I found one result for {query}: {result}. Say 'the first one' to open it."
        ).format(query=query, result=spoken[0])
    return ngettext(
        "I found {count} result for {query}. {results}. "
        "Say 'the first one' or 'the second one' to choose.",
        "I found {count} results for {query}. {results}. "
        "Say 'the first one' or 'the second one' to choose.",
        total,
    ).format(count=wording.count(total), query=query, results=wording.numbered_list(spoken))


def not_found(query: str) -> str:
    return _("I couldn't find {query}.").format(query=query)


def not_in_store(phrase: str) -> str:
    return _("I couldn't find {phrase} in the store.").format(phrase=phrase)


def category_empty(name: str) -> str:
    return _("There is nothing in {category} right now.").format(category=name)


def category_items(name: str, titles: Sequence[str]) -> str:
    return _("{category}: {items}. Say 'the first one' or tap one to choose.").format(
        category=name, items=wording.list_of(titles)
    )


def choose_a_number(count: int) -> str:
    return _("Please choose a number from one to {count}.").format(count=wording.number(count))


def say_a_number(count: int) -> str:
    return _("Please say a number from one to {count}.").format(count=wording.number(count))


def item_shown(item: ItemView, sku: SkuOption | None, labels: Sequence[str]) -> str:
    """The item opened: its name and price, the variants it comes in (`labels`, said in the
    active language: terms.sku_label) and how to add it."""
    named = _("{item}, {price}.").format(
        item=wording.title(item.title, Known.of(item)),
        price=wording.money(sku.price_fen if sku else 0),
    )
    comes = ""
    if len(labels) > 1:
        comes = _("It comes as {variants}.").format(variants=wording.either(labels))
    return wording.sentences(named, comes, _("Say 'add one' to add it."))


def did_you_mean(labels: Sequence[str]) -> str:
    return _("Did you mean {choices}?").format(choices=wording.choices(labels))


def not_sure_which(labels: Sequence[str]) -> str:
    return _("I'm not sure which you mean: {choices}?").format(choices=wording.choices(labels))


def which_variant(title: str, labels: Sequence[str]) -> str:
    return _("Which {item}: {choices}?").format(item=title, choices=wording.choices(labels))


def which_line(labels: Sequence[str]) -> str:
    return _("Which one: {choices}?").format(choices=wording.choices(labels))


def not_orderable(title: str) -> str:
    return _("{item} can't be ordered right now.").format(item=title)


def variant_gone(title: str) -> str:
    return _("That option of {item} is no longer sold.").format(item=title)


# ---- cart ------------------------------------------------------------------------------------


def quantity_not_understood(value: object) -> str:
    return _("I didn't understand the quantity {quantity}.").format(quantity=value)


def quantity_out_of_range() -> str:
    return _("I can add between one and {count} at a time.").format(
        count=wording.number(MAX_QUANTITY)
    )


def added(
    quantity: int,
    item: ItemView,
    sku: SkuOption,
    cart: CartView,
    options: Mapping[str, str] | None = None,
) -> str:
    """ "Added one large Mocha, dark roast, triple shot, with a little soy milk and lots of
    brown sugar": the size, then the choices that are not the drink's defaults."""
    said = line_words(quantity, item, sku, options)
    return wording.sentences(_("Added {what}.").format(what=said), cart_summary(cart))


def line_words(
    quantity: int, item: ItemView, sku: SkuOption, options: Mapping[str, str] | None
) -> str:
    """ "one large Mocha, dark roast, with soy milk": a line as it is said."""
    known = Known.of(item)
    said = wording.thing(quantity, item.title, telling(item, sku), known)
    if options:
        chosen = {k: v for k, v in options.items() if k not in sku.attributes}
        said += wording.choice_words(chosen, known.defaults)
    return said


def check_add(
    quantity: int, item: ItemView, sku: SkuOption, options: Mapping[str, str] | None
) -> str:
    """The question before adding a spoken line some of whose words nothing explained."""
    return _("I may have misheard. Shall I add {what}? Please say yes or no.").format(
        what=line_words(quantity, item, sku, options)
    )


def option_not_offered(title: str, group: str, offered: Sequence[str]) -> str:
    """ "Croissant has no milk choice" (a choice the item does not have), nothing added."""
    if not offered:
        return _("{item} is not made to order, so I added nothing.").format(item=title)
    return _("{item} has no {group} choice, only {choices}. I added nothing.").format(
        item=title,
        group=terms.group_name(group),
        choices=wording.list_of([terms.group_name(g) for g in offered]),
    )


def option_value_unknown(title: str, group: str, value: str, values: Sequence[str]) -> str:
    return _("{item} can't have {group} {value}: it can be {values}. I added nothing.").format(
        item=title,
        group=terms.group_name(group),
        value=value,
        values=wording.either([terms.value(group, v) for v in values]),
    )


def size_unknown(title: str, size: str, sizes: Sequence[str]) -> str:
    if not sizes:
        return _("{item} comes in one size only, not {size}. I added nothing.").format(
            item=title, size=size
        )
    return _("{item} comes as {sizes}, not {size}. I added nothing.").format(
        item=title, size=size, sizes=wording.either([terms.value("size", s) for s in sizes])
    )


def options_refused(title: str, error: ApiError) -> str:
    """The store's 422 on a line's options, as a person hears it."""
    return _("The store can't make {item} that way: {detail} I added nothing.").format(
        item=title, detail=wording.sentence(error.detail)
    )


def removed(line: CartLine, fewer: int, cart: CartView, known: Known | None = None) -> str:
    """ "Removed one latte", or "the lattes" when the whole line of several goes."""
    if fewer:
        gone = wording.thing(fewer, line.title, known=known)
    elif line.quantity > 1:
        gone = wording.all_of(line.quantity, line.title, known)
    else:
        gone = wording.thing(1, line.title, known=known)
    return wording.sentences(_("Removed {what}.").format(what=gone), cart_summary(cart))


def quantity_now(quantity: int, line: CartLine, cart: CartView, known: Known | None = None) -> str:
    now = wording.thing(quantity, line.title, known=known)
    return wording.sentences(_("Now {what}.").format(what=now), cart_summary(cart))


def line_label(line: CartLine, known: Known | None = None) -> str:
    return wording.thing(line.quantity, line.title, known=known)


def not_in_cart(phrase: str) -> str:
    return _("There is no {item} in your cart.").format(item=phrase)


def cart_contents(cart: CartView, known: Mapping[int, Known] | None = None) -> str:
    return _("In your cart: {lines}. Total {total}.").format(
        lines=wording.cart_lines_words(cart.lines, known),
        total=wording.money(cart.total_fen, cart.currency),
    )


# ---- orders ----------------------------------------------------------------------------------


def order_status(order: OrderView) -> str:
    return _("Order {number} {status}.").format(
        number=wording.number(order.order_id), status=terms.status(order.status)
    )


def order_count(count: int) -> str:
    """ "You have one order." / "You have three orders." / "You have no orders." """
    if not count:
        return _("You have no orders.")
    return ngettext("You have {count} order.", "You have {count} orders.", count).format(
        count=wording.count(count)
    )


def no_such_order(order_id: int) -> str:
    return _("There is no order {number}.").format(number=wording.number(order_id))


def ask_cancel(order_id: int) -> str:
    return _("Cancel order {number}? Say yes to cancel it.").format(number=wording.number(order_id))


def order_stays(order_id: int) -> str:
    return _("OK, order {number} stays.").format(number=wording.number(order_id))


def cancelled(order_id: int) -> str:
    return _("Order {number} is cancelled.").format(number=wording.number(order_id))


def cannot_cancel(order_id: int, detail: str) -> str:
    return _("Order {number} can't be cancelled any more: {detail}").format(
        number=wording.number(order_id), detail=wording.sentence(detail)
    )


def queued_order_placed(order_id: int) -> str:
    return _("Your saved order went through: order {number}.").format(
        number=wording.number(order_id)
    )


def queued_order_dropped(
    confirmed: Sequence[ConfirmedLine], error: ApiError, known: Mapping[int, Known]
) -> str:
    """Why a saved order was given up when the store could be reached again."""
    if isinstance(error, PriceChanged):
        why = price_change_words(confirmed, error, known)
    elif isinstance(error, PinRequired):
        why = _(DROPPED_NEEDS_PIN)
    else:
        why = error.detail
    return _("Your saved order was not placed: {reason}").format(reason=wording.sentence(why))


# ---- profiles --------------------------------------------------------------------------------


def profiles(names: Sequence[str]) -> str:
    return _("Profiles: {names}.").format(names=wording.list_of(names))


def no_such_profile(name: str) -> str:
    return _("This car has no profile called {name}.").format(name=name)


def profile_needs_pin(name: str) -> str:
    return _("The {name} profile needs its PIN.").format(name=name)


def hello(name: str) -> str:
    return _("Hello, {name}.").format(name=name)
