"""What the session does with the outbox: keep a confirmed order when the store cannot be
reached, send it when it can, and tell the person what became of it.

The outbox itself (car_ui.outbox) only stores and sends; the words, the cart tidy-up and the
state the screens show after a queued order went through or was given up are decided here.
"""

from __future__ import annotations

import logging

from car_ui.errors import ApiError
from car_ui.i18n import _
from car_ui.outbox import FlushResult, Outcome, QueuedLine, QueuedOrder
from car_ui.session import replies
from car_ui.session.context import Context
from car_ui.session.questions import PendingCheckout
from core.commands import Command, Reply, Screen
from core.state import OrderView

log = logging.getLogger(__name__)


def has_queued(ctx: Context) -> bool:
    return bool(ctx.state.profile) and bool(ctx.outbox.pending(ctx.vin, ctx.state.profile))


def queue(ctx: Context, command: Command, pending: PendingCheckout, pin: str | None) -> Reply:
    """The store is unreachable: keep the confirmed order in the outbox and say so."""
    queued = QueuedOrder(
        key=pending.key,
        vin=ctx.vin,
        profile=ctx.state.profile,
        delivery=dict(pending.delivery),
        payment_method_id=pending.payment_method_id,
        lines=tuple(
            QueuedLine(
                ln.sku_id, ln.item_id, ln.title, ln.quantity, ln.unit_price_fen, dict(ln.options)
            )
            for ln in pending.cart.lines
        ),
        total_fen=pending.cart.total_fen,
    )
    ctx.outbox.add(queued, pin=pin)
    waiting = OrderView(
        order_id=0,
        status="queued",
        total_fen=pending.cart.total_fen,
        currency=pending.cart.currency,
        lines=pending.cart.lines,
        created_at="",
        queued=True,
    )
    ctx.close_checkout(current_order=waiting)
    ctx.sender.ensure_running()
    return ctx.reply(command, _(replies.QUEUED), screen=Screen.TRACKING)


def flush(ctx: Context) -> list[FlushResult]:
    """Send what waits; each order that went through or was given up becomes a notice, said
    before the next reply and shown as a toast."""
    results = ctx.outbox.flush(ctx.client, ctx.vin, ctx.state.profile)
    for result in results:
        if result.outcome is Outcome.PLACED and result.placed is not None:
            if result.placed.order_id not in ctx.orders_placed:  # not heard of it yet
                ctx.remember_order(result.placed)
                notice = replies.queued_order_placed(result.placed.order_id)
                ctx.set(current_order=result.placed, message=notice)
                ctx.notices.append(notice)
            _bought(ctx, result.order)
        elif result.outcome is Outcome.DROPPED and result.error is not None:
            ctx.settle(result.order.key)
            known = ctx.known_items()
            notice = replies.queued_order_dropped(result.order.lines, result.error, known)
            ctx.set(current_order=None, message=notice)
            ctx.notices.append(notice)
    if any(r.outcome is Outcome.WAITING for r in results):
        ctx.sender.ensure_running()
    return [r for r in results if r.outcome is not Outcome.WAITING]


def _bought(ctx: Context, order: QueuedOrder) -> None:
    """A queued order went through: its lines leave the cart. Until they have (or the
    person took them out), its key stays bound to the cart, so checking the same lines out
    again is the same order (see checkout.py)."""
    ordered = {(ln.sku_id, ln.quantity) for ln in order.lines}
    bought = frozenset(
        ln.line_id for ln in ctx.state.cart.lines if (ln.sku_id, ln.quantity) in ordered
    )
    if bought:
        ctx.untidied = (order.key, bought)  # settled once they are out (Context.set)
    else:
        ctx.settle(order.key)
    _drop_ordered_lines(ctx, ordered)


def _drop_ordered_lines(ctx: Context, ordered: set[tuple[int, int]]) -> None:
    """Take what a queued order bought out of the cart; a failure here only leaves the
    lines in the cart for the person to see, so it is not worth an error."""
    try:
        cart = ctx.client.cart()
        for line in cart.lines:
            if (line.sku_id, line.quantity) in ordered:
                cart = ctx.client.remove_line(line.line_id)
        ctx.set(cart=cart)
    except ApiError as exc:
        log.info("could not tidy the cart after a queued order: %s", exc)
