"""What the session says at checkout: the read-back, changing delivery or payment, the PIN,
the order placed, and what stops one (stock, a moved price, a read-back the store could not
price, PINs locked after too many wrong ones). Beside `replies`, in the same style (gettext
templates filled through `wording`), so that module stays within its size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from car_ui.errors import OutOfStock, PriceChanged
from car_ui.i18n import N_, _, ngettext
from car_ui.session import terms, wording
from car_ui.session.terms import Known
from core.state import CartView, OrderView

ORDERING = N_("You're ordering ")

READ_BACK_FAILED = N_(
    "I couldn't get the store's total for your order, so it is not placed and nothing is "
    "waiting for a yes. Say check out to try again."
)
CART_NOT_REFRESHED = N_(
    "I couldn't update your cart just now, so it may still show what you ordered."
)


def already_placed(order: OrderView) -> str:
    return _("That order is already placed: order {number}, {total}.").format(
        number=wording.number(order.order_id),
        total=wording.money(order.total_fen, order.currency),
    )


def too_many_pins(wait_s: int | None) -> str:
    """After five wrong PINs the store refuses every PIN for a while (429 Retry-After)."""
    return _("Too many wrong PINs. Please wait {wait} and try again.").format(
        wait=wait_words(wait_s)
    )


def wait_words(seconds: int | None) -> str:
    """ "five minutes", "forty seconds": a Retry-After as a person says it (minutes rounded
    up, so the person never tries too early)."""
    if seconds is None:
        return _("a few minutes")
    if seconds < 60:
        count = max(1, seconds)
        return ngettext("{count} second", "{count} seconds", count).format(
            count=wording.count(count)
        )
    minutes = -(-seconds // 60)
    return ngettext("{count} minute", "{count} minutes", minutes).format(
        count=wording.count(minutes)
    )


def read_back(
    opening: str,
    cart: CartView,
    delivery: Mapping[str, object],
    paid: str,
    known: Mapping[int, Known] | None = None,
) -> str:
    """The confirmation question: lines with variants and their non-default choices
    (`known` by item id), delivery, payment (the store's label) and total."""
    where = terms.delivery(delivery.get("mode"))
    if where and paid:
        template = _(
            "{opening}{lines}, {delivery}, paid with {payment}, for {total}. "
            "Shall I place the order?"
        )
    elif where:
        template = _("{opening}{lines}, {delivery}, for {total}. Shall I place the order?")
    elif paid:
        template = _("{opening}{lines}, paid with {payment}, for {total}. Shall I place the order?")
    else:
        template = _("{opening}{lines}, for {total}. Shall I place the order?")
    return template.format(
        opening=opening,
        lines=wording.cart_lines_words(cart.lines, known),
        delivery=where,
        payment=terms.payment_label(paid),
        total=wording.money(cart.total_fen, cart.currency),
    )


def ordering() -> str:
    """The opening of a checkout's read-back."""
    return _(ORDERING)


def reordered(order_id: int | None) -> str:
    """The opening of a reorder's read-back: the order tapped in the history, or the last."""
    if order_id:
        which = _("I added order {number} to the cart.").format(number=wording.number(order_id))
    else:
        which = _("I added your last order to the cart.")
    return wording.sentences(which, ordering())


def changed_choice(said: str) -> str:
    return _("{said} Now: ").format(said=said)


def delivery_choices(modes: Sequence[str]) -> str:
    labels = [terms.delivery_label(mode) for mode in modes]
    return _("Delivery can be {choices}.").format(choices=wording.either(labels))


def delivery_chosen(mode: str) -> str:
    return wording.sentence(terms.delivery_label(mode))


def paying_with(label: str) -> str:
    return _("Paying with {payment}.").format(payment=terms.payment_label(label))


def pin_needed(limit_fen: int | None) -> str:
    if limit_fen is None:
        return _("This order is above your spending limit. Please say your PIN.")
    return _("This order is above your spending limit of {limit}. Please say your PIN.").format(
        limit=wording.money(limit_fen)
    )


def out_of_stock_at_order(error: OutOfStock) -> str:
    return _("Sorry, {detail} Nothing was ordered.").format(detail=wording.sentence(error.detail))


class ConfirmedLine(Protocol):
    """A line as the person heard it in the read-back (a cart line or a queued line)."""

    @property
    def sku_id(self) -> int: ...
    @property
    def item_id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def unit_price_fen(self) -> int: ...


def price_change_words(
    confirmed: Sequence[ConfirmedLine], change: PriceChanged, known: Mapping[int, Known]
) -> str:
    """What moved between the read-back and the store's refusal: "the price of Latte changed
    from ¥28.00 to ¥30.00", or the total when no single price explains it (a promotion)."""
    moved = [
        _("the price of {item} changed from {old} to {new}").format(
            item=wording.title(line.title, known.get(line.item_id)),
            old=wording.price(line.unit_price_fen),
            new=wording.price(change.unit_prices_fen[line.sku_id]),
        )
        for line in confirmed
        if change.unit_prices_fen.get(line.sku_id, line.unit_price_fen) != line.unit_price_fen
    ]
    if moved:
        return wording.clauses(moved)
    if change.total_fen is not None and change.expected_total_fen is not None:
        return _("the total changed from {old} to {new}").format(
            old=wording.price(change.expected_total_fen), new=wording.price(change.total_fen)
        )
    return _("the total changed")


def price_changed_at_order(
    confirmed: Sequence[ConfirmedLine], error: PriceChanged, known: Mapping[int, Known]
) -> str:
    changed = price_change_words(confirmed, error, known)
    return _("{change}; your order was not placed. Say check out to confirm the new total.").format(
        change=changed[:1].upper() + changed[1:]
    )


def placed(order: OrderView) -> str:
    number = wording.number(order.order_id)
    total = wording.money(order.total_fen, order.currency)
    text = _("Order {number} is placed, {total}.").format(number=number, total=total)
    if order.status == "created":
        return text
    return wording.sentences(text, _("It {status}.").format(status=terms.status(order.status)))
