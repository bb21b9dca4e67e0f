"""The cart: adding (with the variant asked for, else the item's default, and the made-to-order
choices of CONTRACTS section 7), removing, changing quantities, reading it out and emptying it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from car_ui.errors import ValidationFailed
from car_ui.i18n import _
from car_ui.session import replies, terms, wording
from car_ui.session.context import SPOKEN_LIST, Answer, Context, Handlers, quantity, sku_of
from car_ui.session.phrasing import describe
from car_ui.session.questions import Choice, PendingAction, checks_add_back
from car_ui.session.search import resolve_item
from car_ui.session.terms import Known
from core.commands import Command, Intent, Reply, Screen
from core.state import CartLine, CartView, ItemView, SkuOption
from voice.items import ItemResolver, VocabularyEntry
from voice.options import extract_options


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
        return ctx.reply(command, _(replies.ASK_WHAT_TO_ADD))
    item = ctx.item(item_id)
    wanted, variant = wanted_options(command, item)
    size = wanted.pop("size", None)
    sku = pick_sku(ctx, command, item, variant=variant, size=size)
    if checks_add_back(command):
        # unexplained words or an unsure recognizer: check the line back rather than add
        # one nobody asked for
        ctx.pending = PendingAction(replace(command, slots={**slots, "item_id": item.item_id}))
        chosen = {**wanted, **({"size": size} if size else {})}
        return ctx.reply(command, replies.check_add(count, item, sku, chosen))
    try:
        cart = ctx.client.add_line(sku.sku_id, count, wanted)
    except ValidationFailed as exc:  # the store's 422: the choices it can't make
        raise Answer(replies.options_refused(_title(item), exc)) from None
    item = replace(item, selected_sku_id=sku.sku_id)
    ctx.set(cart=cart, item=item)
    line = added_line(cart, sku.sku_id, wanted)
    options = line.options if line is not None else wanted
    text = replies.added(count, item, sku, cart, options)
    return ctx.reply(command, text, screen=Screen.CART, item=item)


def added_line(cart: CartView, sku_id: int, wanted: Mapping[str, str]) -> CartLine | None:
    """The cart line an add went to: the SKU's line made with the wanted choices."""
    lines = [
        ln
        for ln in cart.lines
        if ln.sku_id == sku_id and all(ln.options.get(k, v) == v for k, v in wanted.items())
    ]
    return lines[-1] if lines else None


def wanted_options(command: Command, item: ItemView) -> tuple[dict[str, str], str]:
    """The choices asked for, checked against what the item offers, and what is left of
    the spoken variant. `slots.options` (voice, text, taps, scripts) wins over option words
    found in the variant ("large oat" → size large, milk oat); an extra shot is one more
    than the drink's default. A choice the item does not offer is a spoken Answer."""
    slots = command.slots
    raw = slots.get("options") or {}
    given = {str(k).strip(): str(v).strip() for k, v in dict(raw).items()} if raw else {}
    variant = str(slots.get("variant") or "").strip()
    extra = _extra_shots(slots)
    if variant and item.option_groups:
        found = extract_options(variant)
        if found:
            offered = {g.name for g in item.option_groups} | {"size"}
            given = {**{k: v for k, v in found.options.items() if k in offered}, **given}
            extra += found.extra_shots
            variant = found.remainder
    groups = {g.name: g for g in item.option_groups}
    if extra:
        shots = groups.get("shots")
        if shots is None:
            raise Answer(replies.option_not_offered(_title(item), "shots", list(groups)))
        base = given.get("shots", shots.default)
        index = shots.values.index(base) if base in shots.values else 0
        given["shots"] = shots.values[min(len(shots.values) - 1, index + extra)]
    for group, value in given.items():
        if group == "size":
            continue  # the SKU's to decide (pick_sku)
        if group not in groups:
            raise Answer(replies.option_not_offered(_title(item), group, list(groups)))
        if value not in groups[group].values:
            values = groups[group].values
            raise Answer(replies.option_value_unknown(_title(item), group, value, values))
    return given, variant


def _extra_shots(slots: Mapping[str, Any]) -> int:
    """ "an extra shot": `extra_shots: 1` (voice.options' count) or `extra_shot: true`."""
    count = slots.get("extra_shots")
    if count is None:
        count = 1 if slots.get("extra_shot") in (True, "true", "yes", 1) else 0
    try:
        return max(0, int(count))
    except (TypeError, ValueError):
        return 0


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def pick_sku(
    ctx: Context, command: Command, item: ItemView, *, variant: str = "", size: str | None = None
) -> SkuOption:
    """The SKU asked for: by id (touch), by size, by spoken variant, else the item's
    default."""
    if not item.skus:
        raise Answer(replies.not_orderable(_title(item)))
    slots = command.slots
    if "sku_id" in slots:
        sku = sku_of(item, int(slots["sku_id"]))
        if sku is None:
            raise Answer(replies.variant_gone(_title(item)))
        return sku
    if size:
        sized = [s for s in item.skus if str(s.attributes.get("size", "")).lower() == size.lower()]
        if not sized:
            sizes = [str(s.attributes["size"]) for s in item.skus if "size" in s.attributes]
            raise Answer(replies.size_unknown(_title(item), size, sizes))
        if len(sized) == 1 or not variant:
            return sized[0]
        candidates = sized
    else:
        candidates = list(item.skus)
    if not variant:
        current = ctx.state.item
        chosen = current.selected_sku_id if current and current.item_id == item.item_id else 0
        return sku_of(item, chosen) or sku_of(item, item.selected_sku_id) or item.skus[0]
    words = _words(variant)
    scored = [(len(words & _words(" ".join(s.attributes.values()))), s) for s in candidates]
    best = max(score for score, _ in scored)
    matches = [s for score, s in scored if score == best]
    if best > 0 and len(matches) == 1:
        return matches[0]
    if best == 0 and item.option_groups and len(candidates) < len(item.skus):
        return candidates[0]  # the size was said; other words were not a SKU's
    pool = (matches if best > 0 else candidates)[:SPOKEN_LIST]
    # The labels an answer is matched with stay the store's words (speech in is English);
    # the question says them in the active language.
    options = tuple(Choice(s.label, {"item_id": item.item_id, "sku_id": s.sku_id}) for s in pool)
    question = replies.which_variant(_title(item), [terms.sku_label(s.attributes) for s in pool])
    raise ctx.ask(command, options, lambda _labels: question)


def _title(item: ItemView) -> str:
    return wording.title(item.title, Known.of(item))


def find_line(ctx: Context, command: Command) -> CartLine:
    """The cart line a command is about: by id (touch), by name, or the only one."""
    cart = ctx.client.cart()
    ctx.set(cart=cart)
    lines = cart.lines
    if not lines:
        raise Answer(_(replies.CART_EMPTY), Screen.CART)
    slots = command.slots
    if "line_id" in slots:
        found = [ln for ln in lines if ln.line_id == int(slots["line_id"])]
        if found:
            return found[0]
        raise Answer(_(replies.LINE_GONE), Screen.CART)
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
    shown = lines[:SPOKEN_LIST]
    # Matched with what the person says (English), asked in the active language.
    options = tuple(
        Choice(describe(ln.quantity, ln.title), {"line_id": ln.line_id}) for ln in shown
    )
    said = [replies.line_label(ln, ctx.known_of(ln.item_id)) for ln in shown]
    question = replies.which_line(said)
    raise ctx.ask(command, options, lambda _labels: question)


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
    text = replies.removed(line, fewer, cart, ctx.known_of(line.item_id))
    return ctx.reply(command, text, screen=Screen.CART)


def set_quantity(ctx: Context, command: Command) -> Reply:
    if command.slots.get("quantity") is None:
        return ctx.reply(command, _(replies.ASK_HOW_MANY))
    wanted = int(command.slots["quantity"])
    if wanted == 0:
        return remove(ctx, Command(Intent.REMOVE_FROM_CART, dict(command.slots, quantity=None)))
    wanted = quantity(wanted, default=1)
    line = find_line(ctx, command)
    cart = ctx.client.set_quantity(line.line_id, wanted)
    ctx.set(cart=cart)
    text = replies.quantity_now(wanted, line, cart, ctx.known_of(line.item_id))
    return ctx.reply(command, text, screen=Screen.CART)


def show_cart(ctx: Context, command: Command) -> Reply:
    cart = ctx.client.cart()
    ctx.set(cart=cart)
    if not cart.lines:
        return ctx.reply(command, _(replies.CART_EMPTY), screen=Screen.CART)
    text = replies.cart_contents(cart, ctx.known_for(cart.lines))
    return ctx.reply(command, text, screen=Screen.CART)


def clear_cart(ctx: Context, command: Command) -> Reply:
    cart = ctx.client.cart()
    for line in cart.lines:
        cart = ctx.client.remove_line(line.line_id)
    ctx.set(cart=cart)
    return ctx.reply(command, _(replies.CART_CLEARED), screen=Screen.CART)


HANDLERS: Handlers = {
    Intent.ADD_TO_CART: add,
    Intent.REMOVE_FROM_CART: remove,
    Intent.SET_QUANTITY: set_quantity,
    Intent.SHOW_CART: show_cart,
    Intent.CLEAR_CART: clear_cart,
}
