"""Answers to the open question (see questions.py): yes, no, cancel, and the choice after
"which one?". What they mean depends on the question, so they sit apart from the domains
whose questions they answer."""

from __future__ import annotations

from dataclasses import replace

from car_ui.i18n import _
from car_ui.session import replies
from car_ui.session.checkout import place
from car_ui.session.context import Context, Handlers, ordinal
from car_ui.session.orders import ask_cancel, cancel_order
from car_ui.session.questions import PendingAction, PendingCancel, PendingCheckout, PendingChoice
from core.commands import Command, Intent, Reply, Screen
from voice.items import ItemResolver, VocabularyEntry


def choose(ctx: Context, command: Command, pending: PendingChoice) -> Reply:
    """An answer to a clarifying question: "the second one", "yes", or a name. The original
    command runs again with the chosen option's slots; the reply keeps this answer's intent."""
    options = pending.options
    index = ordinal(command)
    if index is None and command.intent is Intent.CONFIRM and len(options) == 1:
        index = 1
    if index is None:
        phrase = str(command.slots.get("item") or command.slots.get("variant") or "")
        phrase = phrase or command.transcript
        labels = ItemResolver(VocabularyEntry(i, o.label) for i, o in enumerate(options, start=1))
        best = labels.resolve(phrase).best if phrase else None
        index = best.item_id if best else None
    if index is None and _is_new_order(ctx, command):
        # "a large cappuccino with oat milk" while "which tea?" is open: a whole new order,
        # which wins over the question
        ctx.pending = None
        return ctx.dispatch(replace(command, intent=Intent.ADD_TO_CART))
    if index is None or not 1 <= index <= len(options):
        ctx.pending = pending
        return ctx.reply(command, replies.say_a_number(len(options)))
    ctx.pending = None
    original = pending.command
    chosen = Command(
        original.intent,
        {**original.slots, **options[index - 1].slots},
        source=original.source,
        transcript=original.transcript,
    )
    return replace(ctx.dispatch(chosen), intent=command.intent, slots=command.slots)


def _is_new_order(ctx: Context, command: Command) -> bool:
    """Whether an answer that fits none of the choices is an order of its own: it counts or
    makes to order an item the catalog knows."""
    slots = command.slots
    phrase = str(slots.get("item") or "")
    ordered = "quantity" in slots or "options" in slots
    return bool(phrase) and ordered and ctx.resolver.resolve(phrase).best is not None


def confirm(ctx: Context, command: Command) -> Reply:
    pending = ctx.pending
    if isinstance(pending, PendingCheckout):
        return place(ctx, command, pending, None)
    if isinstance(pending, PendingCancel):
        ctx.pending = None
        return cancel_order(ctx, command, pending.order_id)
    if isinstance(pending, PendingAction):
        ctx.pending = None
        return ctx.dispatch(replace(pending.command, confidence=1.0, unclear=()))
    return ctx.reply(command, _(replies.NOTHING_TO_CONFIRM))


def deny(ctx: Context, command: Command) -> Reply:
    pending = ctx.pending
    ctx.pending = None
    if isinstance(pending, PendingCheckout):
        ctx.close_checkout()
        return ctx.reply(command, _(replies.ORDER_NOT_PLACED), Screen.CART)
    if isinstance(pending, PendingCancel):
        return ctx.reply(command, replies.order_stays(pending.order_id))
    if isinstance(pending, PendingAction):
        return ctx.reply(command, _(replies.LEFT_AS_IT_WAS))
    return ctx.reply(command, _(replies.OK))


def cancel(ctx: Context, command: Command) -> Reply:
    """ "Cancel": drops the open question if there is one, else asks to cancel the order."""
    pending = ctx.pending
    if isinstance(pending, PendingCheckout):
        return deny(ctx, command)
    if isinstance(pending, PendingChoice | PendingAction):
        ctx.pending = None
        return ctx.reply(command, _(replies.NEVER_MIND))
    return ask_cancel(ctx, command)


HANDLERS: Handlers = {Intent.CONFIRM: confirm, Intent.DENY: deny, Intent.CANCEL: cancel}
