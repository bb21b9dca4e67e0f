"""How Chinese puts a reply's phrases together: 两杯中杯拿铁, a measure word for each kind of
thing, lists with 、 and 和, numbers and money as they are spoken (core.chinese).

The Chinese side of `wording`, beside `phrasing` (English). It holds grammar, not
translations: the words themselves (a size, a milk, a status) come from the gettext catalog
through `terms`, and the sentences around the phrases are the catalog's templates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, time

from babel.dates import format_date

from car_ui.session.phrasing import AMOUNT_OF, in_choice_order, said_choices
from car_ui.session.terms import Defaults, Known, value
from core.chinese import chinese_clock, chinese_money, chinese_number
from core.state import format_price

# A measure word per category (by the store's English name or its slug): 一杯拿铁, 一袋薯片,
# 一束郁金香, 一次洗车. A category not here counts with 个, as Chinese does for most things.
_MEASURES = {
    "coffee and tea": "杯",
    "coffee-tea": "杯",
    "snacks": "袋",
    "groceries": "份",
    "drinks": "瓶",
    "flowers and gifts": "束",
    "flowers-gifts": "束",
    "car care": "瓶",
    "car-care": "瓶",
    "ev charging and fuel": "次",
    "ev-fuel": "次",
    "vehicle services": "次",
    "vehicle-services": "次",
}
# Some names say their own measure better than their category does: 一张加油券, 一个礼盒
# (not 一束), 一根充电线.
_MEASURE_BY_ENDING = (("券", "张"), ("礼盒", "个"), ("线", "根"))
_FALLBACK_MEASURE = "个"
# Attributes said before the name (大杯拿铁, 黑色手机支架); the others follow it in brackets.
_BEFORE_KEYS = frozenset({"flavour", "flavor", "colour", "color"})
_AMOUNTS = {"little": "少量", "regular": "", "extra": "多加"}  # 少量豆奶, 多加红糖


def measure_word(category: str, name: str) -> str:
    """The measure word for counting `name` (a Chinese title) of `category`."""
    for ending, measure in _MEASURE_BY_ENDING:
        if name.endswith(ending):
            return measure
    return _MEASURES.get(category.strip().lower(), _FALLBACK_MEASURE)


class Chinese:
    """The Chinese side of `wording`."""

    needs_item_facts = True  # cart lines carry the English title only

    def number(self, n: int) -> str:
        return chinese_number(n)

    def count(self, n: int) -> str:
        return chinese_number(n, counting=True)

    def money(self, fen: int, currency: str = "CNY") -> str:
        return chinese_money(fen) if currency == "CNY" else format_price(fen, currency)

    def price(self, fen: int) -> str:
        return chinese_money(fen)

    def list_of(self, parts: Sequence[str]) -> str:
        """a、b和c."""
        if len(parts) <= 1:
            return "".join(parts)
        return f"{'、'.join(parts[:-1])}和{parts[-1]}"

    def either(self, parts: Sequence[str]) -> str:
        """a、b或c."""
        if len(parts) <= 1:
            return "".join(parts)
        return f"{'、'.join(parts[:-1])}或{parts[-1]}"

    def numbered(self, labels: Sequence[str]) -> list[str]:
        """一、拿铁;二、冰拿铁: the way a Chinese list is read out by number."""
        return [f"{chinese_number(i)}、{label}" for i, label in enumerate(labels, start=1)]

    def alternatives(self, labels: Sequence[str]) -> str:
        """The options of a question, numbered: 一、拿铁;二、冰拿铁;三、摩卡 (the question
        itself, "which one", is the template's)."""
        return self.clauses(self.numbered(labels))

    def sentences(self, parts: Sequence[str]) -> str:
        return "".join(parts)

    def clauses(self, parts: Sequence[str]) -> str:
        return ";".join(parts)

    def sentence(self, text: str) -> str:
        text = text.strip() or "出了点问题"
        return text if text.endswith(("。", "!", "?", ".", "!", "?")) else text + "。"

    def title(self, title: str, known: Known | None) -> str:
        return known.title_zh if known is not None and known.title_zh else title

    def thing(
        self, quantity: int, title: str, attributes: Mapping[str, str], known: Known | None
    ) -> str:
        """两杯中杯拿铁, 一袋香辣薯片, 一束玫瑰花(11枝), 一瓶瓶装水(500毫升、六瓶装)."""
        name = self.title(title, known)
        measure = measure_word(known.category if known is not None else "", name)
        if measure == "束" and name.endswith("花束"):
            name = name[:-1]  # 一束玫瑰花, not 一束玫瑰花束
        before: list[str] = []
        after: list[str] = []
        for key, raw in attributes.items():
            said = value(key, str(raw))
            # cup sizes (中杯, 大杯), colours and flavours are said before the name
            (before if key.lower() in _BEFORE_KEYS or said.endswith("杯") else after).append(said)
        text = f"{self.count(quantity)}{measure}{''.join(before)}{name}"
        return f"{text}({'、'.join(after)})" if after else text

    def all_of(self, quantity: int, title: str, known: Known | None) -> str:
        return "全部" + self.title(title, known)

    def choices(self, options: Mapping[str, str], defaults: Defaults | None) -> str:
        """,深烘,三份浓缩,少量豆奶,多加红糖: the named choices after the drink."""
        parts = []
        for said in said_choices(options, defaults):
            word = value(said.group, said.value)
            if said.amount is not None:
                word = _AMOUNTS.get(said.amount, "") + word
            parts.append(word)
        return "".join(f",{part}" for part in parts)

    def short_choices(self, options: Mapping[str, str]) -> str:
        """大杯 · 深烘 · 三份浓缩 · 少量豆奶 · 多加红糖: a line's choices on the screens (no
        sugar and regular amounts go unsaid, as in English)."""
        parts: list[str] = []
        for group in in_choice_order(options):
            chosen = options[group]
            if group in AMOUNT_OF.values() or (group == "sweetener" and chosen == "none"):
                continue
            word = value(group, chosen)
            if group in AMOUNT_OF and chosen != "none":
                word = _AMOUNTS.get(options.get(AMOUNT_OF[group], ""), "") + word
            parts.append(word)
        return " · ".join(parts)

    def lines(self, said: Sequence[str]) -> str:
        if len(said) > 1 and any("," in part for part in said):
            return ";".join(said)  # a line's own choices keep their commas
        return self.list_of(said)

    def day(self, on: date) -> str:
        """12月5日 星期六."""
        return format_date(on, "M月d日 EEEE", locale="zh_CN")

    def clock(self, at: time) -> str:
        return chinese_clock(at)


CHINESE = Chinese()
