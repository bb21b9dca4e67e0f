"""Search and items: finding things, browsing a category, opening a result, and working out
which item a spoken phrase means (asking when it is really ambiguous, never guessing)."""

from __future__ import annotations

from car_ui.i18n import _
from car_ui.session import replies, terms
from car_ui.session.context import (
    SEARCH_LIMIT,
    SPOKEN_LIST,
    Answer,
    Context,
    Handlers,
    ordinal,
    sku_of,
)
from car_ui.session.questions import Choice
from core.commands import Command, Intent, Reply, Screen


def search(ctx: Context, command: Command) -> Reply:
    query = str(command.slots.get("item") or command.slots.get("text") or "").strip()
    category = str(command.slots.get("category") or "").strip()
    if category and not query:
        return browse(ctx, command, category)
    if not query:
        return ctx.reply(command, _(replies.ASK_WHAT_TO_FIND))
    page = ctx.client.search(query, category=category or None, limit=SEARCH_LIMIT)
    ctx.show_results(page.tiles, query)
    if not page.tiles:
        return ctx.reply(command, replies.not_found(query), screen=Screen.RESULTS)
    total = max(page.total, len(page.tiles))
    text = replies.found(query, page.tiles[:SPOKEN_LIST], total)
    return ctx.reply(command, text, screen=Screen.RESULTS)


def browse(ctx: Context, command: Command, category: str) -> Reply:
    """A category tile: the category's items, first ones read out."""
    names = {c.key: terms.category_name(c) for c in ctx.state.categories}
    name = names.get(category, category)
    page = ctx.client.search("", category=category, limit=SEARCH_LIMIT)
    ctx.show_results(page.tiles, name)
    if not page.tiles:
        return ctx.reply(command, replies.category_empty(name), Screen.RESULTS)
    titles = [ctx.title_of(t.item_id, t.title) for t in page.tiles[:SPOKEN_LIST]]
    text = replies.category_items(name, titles)
    return ctx.reply(command, text, screen=Screen.RESULTS)


def select(ctx: Context, command: Command) -> Reply:
    """ "The second one": open a shown result."""
    index = ordinal(command)
    shown = ctx.state.results
    if not shown:
        return ctx.reply(command, _(replies.NO_LIST))
    if index is None or not 1 <= index <= len(shown):
        one = len(shown) == 1
        text = _(replies.ONLY_ONE_RESULT) if one else replies.choose_a_number(len(shown))
        return ctx.reply(command, text, screen=Screen.RESULTS)
    item = ctx.item(shown[index - 1].item_id)
    ctx.set(item=item)
    labels = [terms.sku_label(s.attributes) for s in item.skus][:SPOKEN_LIST]
    text = replies.item_shown(item, sku_of(item, item.selected_sku_id), labels)
    return ctx.reply(command, text, screen=Screen.ITEM, item=item)


def resolve_item(ctx: Context, command: Command, phrase: str) -> int:
    """The item a spoken phrase means, or a clarifying question (raised as Answer)."""
    resolution = ctx.resolver.resolve(phrase)
    if resolution.best is not None and not resolution.ambiguous:
        return resolution.best.item_id
    if resolution.ambiguous:
        matches = resolution.candidates[:SPOKEN_LIST]
        # Matched with what the person says (English), asked in the active language.
        options = tuple(Choice(match.title, {"item_id": match.item_id}) for match in matches)
        question = replies.did_you_mean([ctx.title_of(m.item_id, m.title) for m in matches])
        raise ctx.ask(command, options, lambda _labels: question)
    page = ctx.client.search(phrase, limit=SPOKEN_LIST)
    if not page.tiles:
        raise Answer(replies.not_in_store(phrase))
    if len(page.tiles) == 1:
        return page.tiles[0].item_id
    ctx.show_results(page.tiles, phrase)
    options = tuple(Choice(t.title, {"item_id": t.item_id}) for t in page.tiles)
    question = replies.not_sure_which([ctx.title_of(t.item_id, t.title) for t in page.tiles])
    raise ctx.ask(command, options, lambda _labels: question)


HANDLERS: Handlers = {Intent.SEARCH: search, Intent.SELECT: select}
