"""Orders: where an order is, the history, ordering again, and cancelling one (after a yes)."""

from __future__ import annotations

from car_ui import safety
from car_ui.errors import Conflict
from car_ui.i18n import _
from car_ui.session import checkout_words, outbox_sync, replies
from car_ui.session.checkout import checkout
from car_ui.session.context import Context, Handlers
from car_ui.session.questions import PendingCancel
from core.commands import Command, Expecting, Intent, Reply, Screen
from core.state import OrderView


def load_orders(ctx: Context) -> tuple[OrderView, ...]:
    orders = tuple(sorted(ctx.client.orders(), key=lambda o: o.order_id, reverse=True))
    ctx.orders = orders
    ctx.set(orders=safety.visible(orders, ctx.state.restriction))
    return orders


def order_status(ctx: Context, command: Command) -> Reply:
    if outbox_sync.has_queued(ctx):
        # Try to send it first: an order that goes through now is told as such (a notice)
        # and tracked below, never also called "waiting to be sent" in the same reply.
        outbox_sync.flush(ctx)
        if outbox_sync.has_queued(ctx):
            return ctx.reply(command, _(replies.STILL_QUEUED), screen=Screen.TRACKING)
    wanted = command.slots.get("order_id") or ctx.last_order_id
    if wanted:
        order = ctx.client.order(int(wanted))
    else:
        orders = load_orders(ctx)
        if not orders:
            return ctx.reply(command, _(replies.NO_ORDERS), screen=Screen.ORDERS)
        order = orders[0]
    ctx.set(current_order=order)
    return ctx.reply(command, replies.order_status(order), screen=Screen.TRACKING)


def show_orders(ctx: Context, command: Command) -> Reply:
    orders = load_orders(ctx)
    return ctx.reply(command, replies.order_count(len(orders)), screen=Screen.ORDERS)


def reorder(ctx: Context, command: Command) -> Reply:
    """Put an order's lines back in the cart and read back: the order tapped in the
    history (`order_id`), else the latest ("order again")."""
    orders = load_orders(ctx)
    if not orders:
        return ctx.reply(command, _(replies.NO_EARLIER_ORDER))
    wanted = command.slots.get("order_id")
    chosen = next((o for o in orders if o.order_id == int(wanted)), None) if wanted else None
    if wanted and chosen is None:
        return ctx.reply(command, replies.no_such_order(int(wanted)))
    order = chosen or orders[0]
    for line in order.lines:
        ctx.client.add_line(line.sku_id, line.quantity, line.options)  # made the same way
    return checkout(ctx, command, checkout_words.reordered(order.order_id if chosen else None))


def ask_cancel(ctx: Context, command: Command) -> Reply:
    """ "Cancel my order": the order on screen, after a yes."""
    order = ctx.state.current_order
    order_id = command.slots.get("order_id") or (order.order_id if order else None)
    if not order_id or (order is not None and order.queued):
        return ctx.reply(command, _(replies.NOTHING_TO_CANCEL))
    ctx.pending = PendingCancel(int(order_id))
    return ctx.reply(
        command,
        replies.ask_cancel(int(order_id)),
        screen=Screen.TRACKING,
        expecting=Expecting.CONFIRMATION,
    )


def cancel_order(ctx: Context, command: Command, order_id: int) -> Reply:
    try:
        order = ctx.client.cancel_order(order_id)
    except Conflict as exc:
        text = replies.cannot_cancel(order_id, exc.detail)
        return ctx.reply(command, text, screen=Screen.TRACKING)
    ctx.set(current_order=order)
    return ctx.reply(command, replies.cancelled(order_id), screen=Screen.TRACKING)


HANDLERS: Handlers = {Intent.ORDER_STATUS: order_status, Intent.REORDER: reorder}
