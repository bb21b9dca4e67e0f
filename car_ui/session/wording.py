"""The phrases that are built differently in each language: numbers, money, lists, and how a
quantity of an item is named.

Every reply is a gettext template (`_("Added {what}.")`, in `replies`) whose placeholders are
filled through this module, so a sentence and the phrases inside it always come in the same
language. English builds its phrases in `phrasing` (plurals, "a, b and c", "two medium Lattes
with oat milk"), Chinese in `phrasing_zh` (两杯中杯拿铁, measure words, 、 and 和); `words()` is
the one place that picks between them, from the head unit's language (car_ui.i18n). Words that
are merely translated (a status, a size) are gettext messages in `terms`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, time
from typing import Protocol

from car_ui.i18n import chinese
from car_ui.session import phrasing, phrasing_zh
from car_ui.session.terms import Defaults, Known
from core.state import CartLine


class Wording(Protocol):
    """One language's phrase building: `phrasing.ENGLISH` or `phrasing_zh.CHINESE`."""

    # Whether it names items with what a cart line does not carry (a Chinese title, the
    # category's measure word), so the session looks the lines' items up before it speaks.
    @property
    def needs_item_facts(self) -> bool: ...

    def number(self, n: int) -> str: ...
    def count(self, n: int) -> str: ...
    def money(self, fen: int, currency: str = "CNY") -> str: ...
    def price(self, fen: int) -> str: ...
    def list_of(self, parts: Sequence[str]) -> str: ...
    def either(self, parts: Sequence[str]) -> str: ...
    def numbered(self, labels: Sequence[str]) -> list[str]: ...
    def alternatives(self, labels: Sequence[str]) -> str: ...
    def clauses(self, parts: Sequence[str]) -> str: ...
    def sentences(self, parts: Sequence[str]) -> str: ...
    def sentence(self, text: str) -> str: ...
    def title(self, title: str, known: Known | None) -> str: ...
    def thing(
        self, quantity: int, title: str, attributes: Mapping[str, str], known: Known | None
    ) -> str: ...
    def all_of(self, quantity: int, title: str, known: Known | None) -> str: ...
    def choices(self, options: Mapping[str, str], defaults: Defaults | None) -> str: ...
    def short_choices(self, options: Mapping[str, str]) -> str: ...
    def lines(self, said: Sequence[str]) -> str: ...
    def day(self, on: date) -> str: ...
    def clock(self, at: time) -> str: ...


def words() -> Wording:
    """The active language's phrase building."""
    return phrasing_zh.CHINESE if chinese() else phrasing.ENGLISH


def number(n: int) -> str:
    """ "five" / 五: a number read as a name (order five, one to five)."""
    return words().number(n)


def count(n: int) -> str:
    """ "two" / 两: a number before what it counts (two items, 两件)."""
    return words().count(n)


def money(fen: int, currency: str = "CNY") -> str:
    """ "twenty-eight yuan fifty" / 二十八元五角: an amount as it is spoken."""
    return words().money(fen, currency)


def price(fen: int) -> str:
    """A price inside a sentence: "¥28.00" in English, 二十八元 in Chinese (whose voice
    would read the figure digit by digit)."""
    return words().price(fen)


def list_of(parts: Sequence[str]) -> str:
    """ "a, b and c" / a、b和c."""
    return words().list_of(parts)


def either(parts: Sequence[str]) -> str:
    """ "a, b or c" / a、b或c."""
    return words().either(parts)


def choices(labels: Sequence[str]) -> str:
    """The options of a "which one?" question, numbered so the person can pick by number."""
    return words().alternatives(labels)


def numbered_list(labels: Sequence[str]) -> str:
    """Results read out in order: "one, Latte; two, Iced Latte" / 一、拿铁;二、冰拿铁."""
    return words().clauses(words().numbered(labels))


def clauses(parts: Sequence[str]) -> str:
    """Clauses that each have their own commas: "a; b" / a;b."""
    return words().clauses(parts)


def sentences(*parts: str) -> str:
    """Sentences one after the other: a space between them in English, none in Chinese."""
    return words().sentences([part for part in parts if part])


def sentence(text: str) -> str:
    """Text the store wrote, ended as a sentence of the active language."""
    return words().sentence(text)


def title(title: str, known: Known | None = None) -> str:
    """An item's name: its English title, or in Chinese its `title_zh` when known."""
    return words().title(title, known)


def thing(
    quantity: int,
    title: str,
    attributes: Mapping[str, str] | None = None,
    known: Known | None = None,
) -> str:
    """ "two medium Lattes" / 两杯中杯拿铁: a quantity of an item in a variant."""
    return words().thing(quantity, title, attributes or {}, known)


def all_of(quantity: int, title: str, known: Known | None = None) -> str:
    """ "the Lattes" / 全部拿铁: a whole cart line of several."""
    return words().all_of(quantity, title, known)


def choice_words(options: Mapping[str, str], defaults: Defaults | None = None) -> str:
    """The made-to-order choices that differ from the defaults, said after the item."""
    return words().choices(options, defaults)


def short_choices(options: Mapping[str, str]) -> str:
    """A line's choices on the screens: "Large · dark · 3 shots" / 大杯 · 深烘 · 三份浓缩."""
    return words().short_choices(options)


def line_words(line: CartLine, known: Known | None = None) -> str:
    """One cart or order line as spoken, its variant and non-default choices named."""
    text = thing(line.quantity, line.title, line.attributes, known)
    chosen = {k: v for k, v in line.options.items() if k not in line.attributes}
    return text + choice_words(chosen, known.defaults if known is not None else None)


def cart_lines_words(lines: Sequence[CartLine], known: Mapping[int, Known] | None = None) -> str:
    """ "two medium Lattes, dark roast, with oat milk; and one croissant"."""
    known = known or {}
    return words().lines([line_words(line, known.get(line.item_id)) for line in lines])


def day(on: date) -> str:
    """ "Saturday 5 December" / 12月5日 星期六."""
    return words().day(on)


def clock(at: time) -> str:
    """ "15:30" / 下午三点半."""
    return words().clock(at)
