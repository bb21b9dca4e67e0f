"""The cart: adding (with the variant asked for, else the item's default), removing, changing
quantities, reading it out and emptying it."""

from __future__ import annotations

import re
from dataclasses import replace

from car_ui.session import replies
from car_ui.session.context import SPOKEN_LIST, Answer, Context, Handlers, quantity, sku_of
from car_ui.session.questions import Choice
from car_ui.session.search import resolve_item
from core.commands import Command, Intent, Reply, Screen
from core.state import CartLine, ItemView, SkuOption
from voice.items import ItemResolver, VocabularyEntry


def add(ctx: Context, command: Command) -> Reply:
    slots = command.slots
    count = quantity(slots.get("quantity"), default=1)
    if "item_id" in slots:
        item_id = int(slots["item_id"])
    elif slots.get("item"):
        item_id = resolve_item(ctx, command, str(slots["item"]))
    elif ctx.state.item is not None:
        item_id = ctx.state.item.item_id
    else:
        return ctx.reply(command, replies.ASK_WHAT_TO_ADD)
    item = ctx.client.item(item_id)
    sku = pick_sku(ctx, command, item)
    cart = ctx.client.add_line(sku.sku_id, count)
    item = replace(item, selected_sku_id=sku.sku_id)
    ctx.set(cart=cart, item=item)
    return ctx.reply(command, replies.added(count, item, sku, cart), screen=Screen.CART, item=item)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def pick_sku(ctx: Context, command: Command, item: ItemView) -> SkuOption:
    """The SKU asked for: by id (touch), by spoken variant, else the item's default."""
    if not item.skus:
        raise Answer(replies.not_orderable(item.title))
    slots = command.slots
    if "sku_id" in slots:
        sku = sku_of(item, int(slots["sku_id"]))
        if sku is None:
            raise Answer(replies.variant_gone(item.title))
        return sku
    variant = str(slots.get("variant") or "").strip()
    if not variant:
        current = ctx.state.item
        chosen = current.selected_sku_id if current and current.item_id == item.item_id else 0
        return sku_of(item, chosen) or sku_of(item, item.selected_sku_id) or item.skus[0]
    words = _words(variant)
    scored = [(len(words & _words(" ".join(s.attributes.values()))), s) for s in item.skus]
    best = max(score for score, _ in scored)
    matches = [s for score, s in scored if score == best]
    if best > 0 and len(matches) == 1:
        return matches[0]
    pool = matches if best > 0 else list(item.skus)
    options = tuple(
        Choice(s.label, {"item_id": item.item_id, "sku_id": s.sku_id}) for s in pool[:SPOKEN_LIST]
    )
    raise ctx.ask(command, options, lambda labels: replies.which_variant(item.title, labels))


def find_line(ctx: Context, command: Command) -> CartLine:
    """The cart line a command is about: by id (touch), by name, or the only one."""
    cart = ctx.client.cart()
    ctx.set(cart=cart)
    lines = cart.lines
    if not lines:
        raise Answer(replies.CART_EMPTY, Screen.CART)
    slots = command.slots
    if "line_id" in slots:
        found = [ln for ln in lines if ln.line_id == int(slots["line_id"])]
        if found:
            return found[0]
        raise Answer(replies.LINE_GONE, Screen.CART)
    phrase = str(slots.get("item") or "")
    if phrase:
        in_cart = {ln.item_id for ln in lines}
        resolution = ctx.resolver.resolve(phrase, limit=10)
        ids = [m.item_id for m in resolution.candidates if m.item_id in in_cart]
        if not ids:
            local = ItemResolver(VocabularyEntry(ln.item_id, ln.title) for ln in lines)
            ids = [m.item_id for m in local.resolve(phrase).candidates[:1]]
        matching = [ln for ln in lines if ids and ln.item_id == ids[0]]
        if not matching:
            raise Answer(replies.not_in_cart(phrase), Screen.CART)
        lines = tuple(matching)
    elif ctx.state.item is not None and len(lines) > 1:
        lines = tuple(ln for ln in lines if ln.item_id == ctx.state.item.item_id) or lines
    if len(lines) == 1:
        return lines[0]
    options = tuple(
        Choice(replies.line_label(ln), {"line_id": ln.line_id}) for ln in lines[:SPOKEN_LIST]
    )
    raise ctx.ask(command, options, replies.which_line)


def remove(ctx: Context, command: Command) -> Reply:
    line = find_line(ctx, command)
    asked = command.slots.get("quantity")
    fewer = quantity(asked, default=line.quantity) if asked is not None else 0
    if 0 < fewer < line.quantity:
        cart = ctx.client.set_quantity(line.line_id, line.quantity - fewer)
    else:
        cart = ctx.client.remove_line(line.line_id)
        fewer = 0
    ctx.set(cart=cart)
    return ctx.reply(command, replies.removed(line, fewer, cart), screen=Screen.CART)


def set_quantity(ctx: Context, command: Command) -> Reply:
    if command.slots.get("quantity") is None:
        return ctx.reply(command, replies.ASK_HOW_MANY)
    wanted = int(command.slots["quantity"])
    if wanted == 0:
        return remove(ctx, Command(Intent.REMOVE_FROM_CART, dict(command.slots, quantity=None)))
    wanted = quantity(wanted, default=1)
    line = find_line(ctx, command)
    cart = ctx.client.set_quantity(line.line_id, wanted)
    ctx.set(cart=cart)
    return ctx.reply(command, replies.quantity_now(wanted, line, cart), screen=Screen.CART)


def show_cart(ctx: Context, command: Command) -> Reply:
    cart = ctx.client.cart()
    ctx.set(cart=cart)
    if not cart.lines:
        return ctx.reply(command, replies.CART_EMPTY, screen=Screen.CART)
    return ctx.reply(command, replies.cart_contents(cart), screen=Screen.CART)


def clear_cart(ctx: Context, command: Command) -> Reply:
    cart = ctx.client.cart()
    for line in cart.lines:
        cart = ctx.client.remove_line(line.line_id)
    ctx.set(cart=cart)
    return ctx.reply(command, replies.CART_CLEARED, screen=Screen.CART)


HANDLERS: Handlers = {
    Intent.ADD_TO_CART: add,
    Intent.REMOVE_FROM_CART: remove,
    Intent.SET_QUANTITY: set_quantity,
    Intent.SHOW_CART: show_cart,
    Intent.CLEAR_CART: clear_cart,
}
