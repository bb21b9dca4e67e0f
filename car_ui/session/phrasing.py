"""How English puts a reply's phrases together: lists, plurals with variants, made-to-order
choices. `ENGLISH` is the English side of `wording` (Chinese: `phrasing_zh`); the sentences
around the phrases are gettext templates in `replies`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time

from car_ui.session.terms import Defaults, Known
from core.numbers import amount_to_words, number_to_words
from core.plurals import plural
from core.state import ItemView, SkuOption, format_price

# Attributes read before the item's name ("a large latte"); others follow it ("oat milk").
_ADJECTIVE_KEYS = frozenset({"size", "flavour", "flavor", "volume", "package", "colour", "color"})


def sentence(text: str) -> str:
    text = text.strip() or "something went wrong"
    return text if text.endswith((".", "!", "?")) else text + "."


def list_words(parts: Sequence[str]) -> str:
    """ "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def or_words(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} or {parts[-1]}"


def numbered(labels: Sequence[str]) -> list[str]:
    """ "one, Latte", "two, Iced Latte": options as a person picks them by number."""
    return [f"{number_to_words(i)}, {label}" for i, label in enumerate(labels, start=1)]


@dataclass(frozen=True)
class Variant:
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


def telling(item: ItemView, sku: SkuOption) -> dict[str, str]:
    """The attributes that tell this SKU apart from the item's other SKUs (a one-size item's
    size goes unsaid)."""
    return {
        key: value
        for key, value in sku.attributes.items()
        if len({s.attributes.get(key) for s in item.skus}) >= 2
    }


def line_variant(attributes: Mapping[str, str]) -> Variant:
    """A cart or order line's whole variant (a line does not know its item's other SKUs):
    {"size": "medium", "milk": "whole"} → "medium" before the name, "whole milk" after it. A
    measure names itself: {"bunch": "11 stems"} is "with 11 stems", not "11 stems bunch"."""
    before, after = [], []
    for key, value in attributes.items():
        if key.lower() in _ADJECTIVE_KEYS:
            before.append(value)
        elif key.lower() in value.lower() or value[:1].isdigit():
            after.append(value)
        else:
            after.append(f"{value} {key}")
    return Variant(tuple(before), tuple(after))


def describe(quantity: int, title: str, variant: Variant = Variant()) -> str:
    """ "two medium lattes with oat milk"."""
    words = [number_to_words(quantity), *variant.before, plural(title, quantity)]
    text = " ".join(w for w in words if w)
    return f"{text} with {list_words(variant.after)}" if variant.after else text


# ---- made-to-order choices (CONTRACTS section 7) -----------------------------------------------

# The order choices are named in: by voice and on screen alike.
CHOICE_ORDER = ("size", "roast", "shots", "milk", "milk_amount", "sweetener", "sweetener_amount")
# Values that say nothing when no default is known (a line whose item is gone).
_NEUTRAL = {"milk_amount": "regular", "sweetener": "none", "sweetener_amount": "regular"}
AMOUNT_OF = {"milk": "milk_amount", "sweetener": "sweetener_amount"}
_SPOKEN_SHOTS = {"single": "single shot", "double": "double shot", "triple": "triple shot"}
_SPOKEN_MILK = {"none": "no milk", "cream": "cream"}  # the others are "<value> milk"
_SPOKEN_SWEETENER = {"none": "no sugar"}  # the others are named as they are
_SPOKEN_AMOUNT = {"little": "a little ", "regular": "", "extra": "lots of "}
_SHORT_ROAST = {"medium": "medium roast"}  # "Medium · medium roast": the size is the other
_SHORT_SHOTS = {"single": "1 shot", "double": "2 shots", "triple": "3 shots"}
_SHORT_AMOUNT = {"little": " (a little)", "regular": "", "extra": " (lots)"}


def in_choice_order(options: Mapping[str, str]) -> list[str]:
    """The option groups of `options`, CHOICE_ORDER's first, then any other."""
    known = [g for g in CHOICE_ORDER if g in options]
    return known + [g for g in options if g not in CHOICE_ORDER]


@dataclass(frozen=True)
class Said:
    """One made-to-order choice a reply names. `amount` is set for milk or a sweetener that
    is in the drink ("little", "regular", "extra"), and None for every other choice."""

    group: str
    value: str
    amount: str | None = None


def said_choices(options: Mapping[str, str], defaults: Defaults | None = None) -> list[Said]:
    """The choices a reply names, in CHOICE_ORDER: those that differ from the defaults (the
    size is the SKU's, said with the name). Without defaults every choice but the neutral
    ones (no sugar, regular amounts) is named. The same in every language."""
    base = dict(_NEUTRAL) if defaults is None else dict(defaults)

    def changed(group: str) -> bool:
        return group in options and options[group] != base.get(group)

    said: list[Said] = []
    for group in in_choice_order(options):
        value = options[group]
        if group in AMOUNT_OF.values() or group == "size":
            continue
        if group in AMOUNT_OF:
            amount_group = AMOUNT_OF[group]
            if not (changed(group) or (value != "none" and changed(amount_group))):
                continue
            amount = None if value == "none" else options.get(amount_group, "regular")
            said.append(Said(group, value, amount))
        elif changed(group):
            said.append(Said(group, value))
    return said


def choice_words(options: Mapping[str, str], defaults: Defaults | None = None) -> str:
    """The named choices as English adds them after a drink: ", dark roast, triple shot,
    with a little soy milk and lots of brown sugar"."""
    commas: list[str] = []
    withs: list[str] = []
    for said in said_choices(options, defaults):
        group, value = said.group, said.value
        if group in AMOUNT_OF:
            spoken = _SPOKEN_MILK if group == "milk" else _SPOKEN_SWEETENER
            if said.amount is None:
                commas.append(spoken["none"])
                continue
            noun = spoken.get(value, f"{value} milk" if group == "milk" else value)
            withs.append(_SPOKEN_AMOUNT.get(said.amount, "") + noun)
        elif group == "roast":
            commas.append(f"{value} roast")
        elif group == "shots":
            commas.append(_SPOKEN_SHOTS.get(value, f"{value} shots"))
        else:
            commas.append(f"{value} {group.replace('_', ' ')}")
    text = "".join(f", {part}" for part in commas)
    if not withs:
        return text
    return text + (", with " if commas else " with ") + list_words(withs)


def short_choices(options: Mapping[str, str]) -> str:
    """A line's choices for the screens: "Large · dark · 3 shots · soy (a little) · brown
    sugar (lots)". No sugar and regular amounts go unsaid."""
    parts: list[str] = []
    for group in in_choice_order(options):
        value = options[group]
        if group in AMOUNT_OF.values():
            continue
        if group == "roast":
            parts.append(_SHORT_ROAST.get(value, value))
        elif group == "shots":
            parts.append(_SHORT_SHOTS.get(value, value))
        elif group in AMOUNT_OF:
            if value == "none":
                if group == "milk":
                    parts.append("no milk")
                continue
            parts.append(value + _SHORT_AMOUNT.get(options.get(AMOUNT_OF[group], ""), ""))
        else:
            parts.append(value)
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]


class English:
    """The English side of `wording`: numbers and money in words, plurals, "a, b and c"."""

    needs_item_facts = False  # a cart line's English title is all it needs

    def number(self, n: int) -> str:
        return number_to_words(n)

    def count(self, n: int) -> str:
        return number_to_words(n)

    def money(self, fen: int, currency: str = "CNY") -> str:
        return amount_to_words(fen, currency)

    def price(self, fen: int) -> str:
        return format_price(fen)

    def list_of(self, parts: Sequence[str]) -> str:
        return list_words(parts)

    def either(self, parts: Sequence[str]) -> str:
        return or_words(parts)

    def numbered(self, labels: Sequence[str]) -> list[str]:
        return numbered(labels)

    def alternatives(self, labels: Sequence[str]) -> str:
        return or_words(numbered(labels))

    def sentences(self, parts: Sequence[str]) -> str:
        return " ".join(parts)

    def clauses(self, parts: Sequence[str]) -> str:
        return "; ".join(parts)

    def sentence(self, text: str) -> str:
        return sentence(text)

    def title(self, title: str, known: Known | None) -> str:
        return title

    def thing(
        self, quantity: int, title: str, attributes: Mapping[str, str], known: Known | None
    ) -> str:
        return describe(quantity, title, line_variant(attributes))

    def all_of(self, quantity: int, title: str, known: Known | None) -> str:
        return "the " + plural(title, quantity)

    def choices(self, options: Mapping[str, str], defaults: Defaults | None) -> str:
        return choice_words(options, defaults)

    def short_choices(self, options: Mapping[str, str]) -> str:
        return short_choices(options)

    def lines(self, said: Sequence[str]) -> str:
        if len(said) > 1 and any("," in part for part in said):
            # "..., with soy milk; and one croissant": a line's own list stays its own
            return f"{'; '.join(said[:-1])}; and {said[-1]}"
        return list_words(said)

    def day(self, on: date) -> str:
        return f"{on:%A} {on.day} {on:%B}"

    def clock(self, at: time) -> str:
        return f"{at.hour}:{at.minute:02d}"


ENGLISH = English()
