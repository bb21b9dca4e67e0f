"""Opening screens, help, "say that again", and what to say when nothing was understood."""

from __future__ import annotations

from car_ui.i18n import _
from car_ui.session import replies, wording
from car_ui.session.cart import show_cart
from car_ui.session.context import Context, Handlers
from car_ui.session.orders import order_status, show_orders
from car_ui.session.profiles import show_profiles
from core.commands import Command, Intent, Reply, Screen


def open_screen(ctx: Context, command: Command) -> Reply:
    """A screen with a story (cart, tracking, orders, profiles) says it; others just open."""
    try:
        screen = Screen(str(command.slots.get("screen", "")))
    except ValueError:
        return ctx.reply(command, _(replies.NO_SUCH_SCREEN))
    if screen is Screen.CART:
        return show_cart(ctx, command)
    if screen is Screen.TRACKING:
        return order_status(ctx, command)
    if screen is Screen.ORDERS:
        return show_orders(ctx, command)
    if screen is Screen.PROFILES:
        return show_profiles(ctx, command)
    return ctx.reply(command, _(replies.SCREEN_TITLES[screen]), screen=screen)


def help_text(ctx: Context, command: Command) -> Reply:
    text = _(replies.HELP)
    if ctx.state.restriction.active:
        text = wording.sentences(text, _(replies.HELP_WHILE_DRIVING))
    return ctx.reply(command, text)


def repeat(ctx: Context, command: Command) -> Reply:
    return ctx.reply(command, ctx.last_reply or _(replies.NOTHING_SAID_YET))


def unknown(ctx: Context, command: Command) -> Reply:
    return ctx.reply(command, _(replies.NOT_UNDERSTOOD))


HANDLERS: Handlers = {
    Intent.OPEN: open_screen,
    Intent.HELP: help_text,
    Intent.REPEAT: repeat,
    Intent.UNKNOWN: unknown,
}
