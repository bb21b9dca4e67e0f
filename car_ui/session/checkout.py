"""Checkout and PIN: the read-back (lines, delivery, payment, the store's total), changing
delivery or payment while it is open, and placing the order only after "yes".

Never a wrong order: the total read back is the store's, sent again as the expected total; one
idempotency key per read-back makes every retry the same order; a price that moved since the
read-back stops the order instead of charging the new one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from car_ui.client import OrderLineRequest, new_idempotency_key
from car_ui.errors import ApiUnreachable, OutOfStock, PinRequired, PriceChanged, Unauthorized
from car_ui.session import outbox_sync, replies
from car_ui.session.context import Context, Handlers, pin_from
from car_ui.session.questions import PendingCheckout, PendingChoice
from core.commands import Command, Expecting, Intent, Reply, Screen
from core.state import CartView, OrderView

PIN_ATTEMPTS = 3


def checkout(ctx: Context, command: Command, opening: str = replies.ORDERING) -> Reply:
    cart = ctx.client.cart()
    ctx.set(cart=cart)
    if not cart.lines:
        return ctx.reply(command, replies.CHECKOUT_EMPTY)
    ctx.pending = PendingCheckout(
        key=new_idempotency_key(),
        cart=cart,
        delivery=delivery(ctx),
        payment_method_id=ctx.state.payment_method_id or None,
    )
    return read_back(ctx, command, opening)


def delivery(ctx: Context) -> dict[str, Any]:
    """The selected delivery as the order body wants it (home carries its address)."""
    profile = ctx.profile_info()
    default = dict(profile.default_delivery) if profile else {}
    mode = ctx.state.delivery_mode or str(default.get("mode") or "to_vehicle")
    return default if default.get("mode") == mode else {"mode": mode}


def read_back(ctx: Context, command: Command, opening: str) -> Reply:
    """The confirmation question: lines with variants, delivery, payment and total."""
    pending = ctx.pending
    assert isinstance(pending, PendingCheckout)
    # Priced by the store for the chosen delivery mode: the total read back is the one
    # the order is placed with (as expected_total), never a figure worked out here.
    cart = ctx.client.cart(str(pending.delivery.get("mode") or "") or None)
    pending = replace(pending, cart=cart)
    ctx.pending = pending
    ctx.set(pending_order=cart, needs_pin=False)
    methods = {m.key: m.label for m in ctx.state.payment_methods}
    paid = methods.get(pending.payment_method_id or "", "")
    text = replies.read_back(opening, cart, pending.delivery, paid, ctx.defaults_for(cart.lines))
    return ctx.reply(command, text, screen=Screen.CONFIRM_ORDER, expecting=Expecting.CONFIRMATION)


def set_delivery(ctx: Context, command: Command) -> Reply:
    mode = str(command.slots.get("mode") or "")
    if mode not in {o.key for o in ctx.state.delivery_options}:
        labels = [o.label for o in ctx.state.delivery_options]
        return ctx.reply(command, replies.delivery_choices(labels))
    ctx.set(delivery_mode=mode)
    return _changed_choice(ctx, command, replies.delivery_chosen(mode))


def set_payment(ctx: Context, command: Command) -> Reply:
    method = str(command.slots.get("method") or "")
    labels = {m.key: m.label for m in ctx.state.payment_methods}
    if method not in labels:
        return ctx.reply(command, replies.NO_SUCH_PAYMENT)
    ctx.set(payment_method_id=method)
    return _changed_choice(ctx, command, replies.paying_with(labels[method]))


def _changed_choice(ctx: Context, command: Command, said: str) -> Reply:
    """A new delivery or payment choice: an open read-back is asked again with it."""
    pending = ctx.pending
    if isinstance(pending, PendingChoice):
        ctx.pending = None
    if not isinstance(pending, PendingCheckout):
        return ctx.reply(command, said)
    ctx.pending = replace(
        pending,
        cart=ctx.state.cart,
        delivery=delivery(ctx),
        payment_method_id=ctx.state.payment_method_id or None,
    )
    return read_back(ctx, command, replies.changed_choice(said))


def enter_pin(ctx: Context, command: Command) -> Reply:
    pending = ctx.pending
    pin = pin_from(command)
    if isinstance(pending, PendingCheckout) and pin:
        return place(ctx, command, pending, pin)
    return ctx.reply(command, replies.NO_PIN_NEEDED)


def place(ctx: Context, command: Command, pending: PendingCheckout, pin: str | None) -> Reply:
    lines = [OrderLineRequest(ln.sku_id, ln.quantity, ln.options) for ln in pending.cart.lines]
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
    except OutOfStock as exc:
        ctx.close_checkout(cart=ctx.client.cart())
        return ctx.reply(command, replies.out_of_stock_at_order(exc), screen=Screen.CART)
    except PriceChanged as exc:
        ctx.close_checkout(cart=ctx.client.cart())
        text = replies.price_changed_at_order(pending.cart.lines, exc)
        return ctx.reply(command, text, screen=Screen.CART)
    ctx.pending = None
    return _placed(ctx, command, order, pending.cart)


def _ask_pin(ctx: Context, command: Command, pending: PendingCheckout, *, wrong: bool) -> Reply:
    failures = pending.pin_failures + (1 if wrong else 0)
    if failures >= PIN_ATTEMPTS:
        ctx.close_checkout()
        return ctx.reply(command, replies.PIN_GAVE_UP, screen=Screen.CART)
    ctx.pending = replace(pending, pin_failures=failures)
    ctx.set(needs_pin=True)
    if wrong:
        text = replies.PIN_AGAIN
    else:
        profile = ctx.profile_info()
        text = replies.pin_needed(profile.spending_limit_fen if profile else None)
    return ctx.reply(command, text, screen=Screen.CONFIRM_ORDER, expecting=Expecting.PIN)


def _placed(ctx: Context, command: Command, order: OrderView, ordered: CartView) -> Reply:
    """After the store accepted an order: the ordered lines leave the cart."""
    cart = ctx.client.cart()
    ordered_ids = {ln.line_id for ln in ordered.lines}
    for line in cart.lines:
        if line.line_id in ordered_ids:
            cart = ctx.client.remove_line(line.line_id)
    ctx.remember_order(order)
    ctx.set(cart=cart, pending_order=None, needs_pin=False, current_order=order)
    return ctx.reply(
        command, replies.placed(order), screen=Screen.TRACKING, order_id=order.order_id
    )


HANDLERS: Handlers = {
    Intent.CHECKOUT: checkout,
    Intent.SET_DELIVERY: set_delivery,
    Intent.SET_PAYMENT: set_payment,
    Intent.ENTER_PIN: enter_pin,
}
