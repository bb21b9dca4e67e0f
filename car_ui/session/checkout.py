"""Checkout and PIN: the read-back (lines, delivery, payment, the store's total), changing
delivery or payment while it is open, and placing the order only after "yes".

Never a wrong order: the total read back is the store's, sent again as the expected total; one
idempotency key per read-back makes every retry the same order; a price that moved since the
read-back stops the order instead of charging the new one.

Never a second or an unheard order (issue 11): a checkout waits for "yes" only once its
read-back was produced, so a read-back the store could not price closes the question. "The
store accepted the order" is final: whatever fails after it (the cart refresh) is a notice,
never a failure. Until an order is known and its lines are out of the cart, its key stays bound
to its request, so checking out the same cart again gets the same order back, not a new one.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from car_ui.client import OrderLineRequest, new_idempotency_key
from car_ui.errors import (
    ApiError,
    ApiUnreachable,
    OutOfStock,
    PinRequired,
    PriceChanged,
    TooManyAttempts,
    Unauthorized,
)
from car_ui.i18n import _
from car_ui.session import checkout_words, outbox_sync, replies, wording
from car_ui.session.context import Context, Handlers, pin_from
from car_ui.session.questions import PendingCheckout, PendingChoice
from core.commands import Command, Expecting, Intent, Reply, Screen
from core.state import CartView, OrderView

log = logging.getLogger(__name__)

PIN_ATTEMPTS = 3


def checkout(ctx: Context, command: Command, opening: str | None = None) -> Reply:
    """The read-back of the cart; `opening` is said before the lines ("You're ordering")."""
    cart = tidy_cart(ctx)
    if not cart.lines:
        return ctx.reply(command, _(replies.CHECKOUT_EMPTY))
    pending = PendingCheckout(
        key=new_idempotency_key(),
        cart=cart,
        delivery=delivery(ctx),
        payment_method_id=ctx.state.payment_method_id or None,
    )
    if _overlaps_a_queued_order(ctx, pending):
        return ctx.reply(command, _(replies.WAIT_FOR_QUEUED), screen=Screen.TRACKING)
    return read_back(ctx, command, pending, opening or checkout_words.ordering())


def _overlaps_a_queued_order(ctx: Context, pending: PendingCheckout) -> bool:
    """An order is waiting in the outbox and this checkout is not that same request again:
    the queued order's lines are still in the cart (they leave once it is through), so a
    changed cart checked out now would buy them a second time."""
    if not outbox_sync.has_queued(ctx):
        return False
    outbox_sync.flush(ctx)
    if not outbox_sync.has_queued(ctx):
        return False
    unsettled = ctx.unsettled
    return unsettled is None or unsettled[0] != order_request(pending)


def delivery(ctx: Context) -> dict[str, Any]:
    """The selected delivery as the order body wants it (home carries its address)."""
    profile = ctx.profile_info()
    default = dict(profile.default_delivery) if profile else {}
    mode = ctx.state.delivery_mode or str(default.get("mode") or "to_vehicle")
    return default if default.get("mode") == mode else {"mode": mode}


def read_back(ctx: Context, command: Command, pending: PendingCheckout, opening: str) -> Reply:
    """The confirmation question: lines with variants, delivery, payment and total. Only a
    read-back that was produced leaves a checkout waiting for "yes"."""
    # Priced by the store for the chosen delivery mode: the total read back is the one
    # the order is placed with (as expected_total), never a figure worked out here.
    try:
        cart = ctx.client.cart(str(pending.delivery.get("mode") or "") or None)
        known = ctx.known_for(cart.lines)
    except ApiError as exc:
        log.info("no read-back, so nothing to confirm: %s", exc)
        ctx.close_checkout()
        return ctx.reply(command, _(checkout_words.READ_BACK_FAILED), screen=Screen.CART)
    pending = replace(pending, cart=cart)
    pending = replace(pending, key=_key(ctx, pending))
    methods = {m.key: m.label for m in ctx.state.payment_methods}
    paid = methods.get(pending.payment_method_id or "", "")
    text = checkout_words.read_back(opening, cart, pending.delivery, paid, known)
    ctx.pending = pending
    ctx.set(pending_order=cart, needs_pin=False)
    return ctx.reply(command, text, screen=Screen.CONFIRM_ORDER, expecting=Expecting.CONFIRMATION)


def order_request(pending: PendingCheckout) -> str:
    """What makes two checkouts the same order request (the store's idempotency fingerprint
    covers the same: lines with their choices, delivery, payment and the expected total)."""
    lines = [[ln.sku_id, ln.quantity, sorted(ln.options.items())] for ln in pending.cart.lines]
    body = {
        "lines": lines,
        "delivery": dict(pending.delivery),
        "payment": pending.payment_method_id,
        "total": pending.cart.total_fen,
    }
    return json.dumps(body, sort_keys=True, default=str)


def _key(ctx: Context, pending: PendingCheckout) -> str:
    """The key the checkout is placed with: that of the same request sent before whose order
    is not settled (one order, however often it is checked out), else its own, unless its own
    already went with another request (the store would refuse it as reused)."""
    request = order_request(pending)
    bound = ctx.unsettled
    if bound is not None and bound[0] == request:
        return bound[1]
    if bound is not None and bound[1] == pending.key:
        return new_idempotency_key()
    return pending.key


def tidy_cart(ctx: Context) -> CartView:
    """The cart from the store, without the lines an accepted order bought that are still in
    it (their removal after the order may have failed); once they are out, that order is
    settled (Context.set)."""
    cart = ctx.client.cart()
    bought = ctx.untidied[1] if ctx.untidied is not None else frozenset()
    for line in cart.lines:
        if line.line_id in bought:
            cart = ctx.client.remove_line(line.line_id)
    ctx.set(cart=cart)
    return cart


def set_delivery(ctx: Context, command: Command) -> Reply:
    mode = str(command.slots.get("mode") or "")
    if mode not in {o.key for o in ctx.state.delivery_options}:
        modes = [o.key for o in ctx.state.delivery_options]
        return ctx.reply(command, checkout_words.delivery_choices(modes))
    ctx.set(delivery_mode=mode)
    return _changed_choice(ctx, command, checkout_words.delivery_chosen(mode))


def set_payment(ctx: Context, command: Command) -> Reply:
    method = str(command.slots.get("method") or "")
    labels = {m.key: m.label for m in ctx.state.payment_methods}
    if method not in labels:
        return ctx.reply(command, _(replies.NO_SUCH_PAYMENT))
    ctx.set(payment_method_id=method)
    return _changed_choice(ctx, command, checkout_words.paying_with(labels[method]))


def _changed_choice(ctx: Context, command: Command, said: str) -> Reply:
    """A new delivery or payment choice: an open read-back is asked again with it."""
    pending = ctx.pending
    if isinstance(pending, PendingChoice):
        ctx.pending = None
    if not isinstance(pending, PendingCheckout):
        return ctx.reply(command, said)
    changed = replace(
        pending,
        cart=ctx.state.cart,
        delivery=delivery(ctx),
        payment_method_id=ctx.state.payment_method_id or None,
    )
    return read_back(ctx, command, changed, checkout_words.changed_choice(said))


def enter_pin(ctx: Context, command: Command) -> Reply:
    pending = ctx.pending
    pin = pin_from(command)
    if isinstance(pending, PendingCheckout) and pin:
        return place(ctx, command, pending, pin)
    return ctx.reply(command, _(replies.NO_PIN_NEEDED))


def place(ctx: Context, command: Command, pending: PendingCheckout, pin: str | None) -> Reply:
    lines = [OrderLineRequest(ln.sku_id, ln.quantity, ln.options) for ln in pending.cart.lines]
    ctx.unsettled = (order_request(pending), pending.key)  # sent: bound until it is known
    try:
        order = ctx.client.place_order(
            pending.key,
            delivery=pending.delivery,
            lines=lines,
            payment_method_id=pending.payment_method_id,
            pin=pin,
            expected_total_fen=pending.cart.total_fen,
        )
    except (PinRequired, Unauthorized):
        return _ask_pin(ctx, command, pending, wrong=pin is not None)
    except ApiUnreachable:
        return outbox_sync.queue(ctx, command, pending, pin)
    except TooManyAttempts as exc:
        ctx.settle(pending.key)
        ctx.close_checkout()
        return ctx.reply(command, checkout_words.too_many_pins(exc.retry_after_s), Screen.CART)
    except OutOfStock as exc:
        ctx.settle(pending.key)
        ctx.close_checkout(cart=ctx.client.cart())
        return ctx.reply(command, checkout_words.out_of_stock_at_order(exc), screen=Screen.CART)
    except PriceChanged as exc:
        ctx.settle(pending.key)
        ctx.close_checkout(cart=ctx.client.cart())
        text = checkout_words.price_changed_at_order(pending.cart.lines, exc, ctx.known_items())
        return ctx.reply(command, text, screen=Screen.CART)
    return _placed(ctx, command, order, pending)


def _ask_pin(ctx: Context, command: Command, pending: PendingCheckout, *, wrong: bool) -> Reply:
    failures = pending.pin_failures + (1 if wrong else 0)
    if failures >= PIN_ATTEMPTS:
        ctx.close_checkout()
        return ctx.reply(command, _(replies.PIN_GAVE_UP), screen=Screen.CART)
    ctx.pending = replace(pending, pin_failures=failures)
    ctx.set(needs_pin=True)
    if wrong:
        text = _(replies.PIN_AGAIN)
    else:
        profile = ctx.profile_info()
        text = checkout_words.pin_needed(profile.spending_limit_fen if profile else None)
    return ctx.reply(command, text, screen=Screen.CONFIRM_ORDER, expecting=Expecting.PIN)


def _placed(ctx: Context, command: Command, order: OrderView, pending: PendingCheckout) -> Reply:
    """After the store accepted an order: that is final, whatever fails next. The ordered
    lines leave the cart; if that fails, the person hears the order is placed all the same,
    and the lines leave the cart at the next checkout."""
    known = order.order_id in ctx.orders_placed
    ctx.remember_order(order)
    ctx.untidied = (pending.key, frozenset(ln.line_id for ln in pending.cart.lines))
    ctx.close_checkout(current_order=order)
    text = checkout_words.already_placed(order) if known else checkout_words.placed(order)
    try:
        tidy_cart(ctx)
    except ApiError as exc:
        log.info("order %s is placed; the cart could not be tidied: %s", order.order_id, exc)
        text = wording.sentences(text, _(checkout_words.CART_NOT_REFRESHED))
    return ctx.reply(command, text, screen=Screen.TRACKING, order_id=order.order_id)


HANDLERS: Handlers = {
    Intent.CHECKOUT: checkout,
    Intent.SET_DELIVERY: set_delivery,
    Intent.SET_PAYMENT: set_payment,
    Intent.ENTER_PIN: enter_pin,
}
