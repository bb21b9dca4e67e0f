"""How English puts a reply together: lists, plurals with variants, statuses, price changes.

The building blocks of `replies`; together they are the session's English. A Chinese reply
set would sit beside the two with the same names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from car_ui.errors import PriceChanged
from core.numbers import number_to_words
from core.plurals import plural
from core.state import CartLine, ItemView, SkuOption, format_price

_STATUS_PHRASES = {
    "created": "has been placed",
    "paid": "is paid",
    "accepted": "has been accepted by the shop",
    "preparing": "is being prepared",
    "ready": "is ready",
    "ready_for_pickup": "is ready for pickup",
    "shipped": "is on its way",
    "out_for_delivery": "is out for delivery",
    "delivering": "is on its way",
    "delivered": "has been delivered",
    "picked_up": "has been picked up",
    "completed": "is complete",
    "cancelled": "is cancelled",
    "canceled": "is cancelled",
}
_DELIVERY_PHRASES = {
    "to_vehicle": "delivered to your car",
    "pickup": "for pickup",
    "home": "delivered to your home",
}
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


def variant_of(item: ItemView, sku: SkuOption) -> Variant:
    """The attribute values that tell this SKU apart from the item's other SKUs, placed where
    English puts them: "medium" before the name, "oat milk" after it."""
    telling = {
        key: value
        for key, value in sku.attributes.items()
        if len({s.attributes.get(key) for s in item.skus}) >= 2
    }
    return line_variant(telling)


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


Defaults = Mapping[str, str]  # an item's option group -> its default value


def cart_lines_words(
    lines: Sequence[CartLine], defaults: Mapping[int, Defaults] | None = None
) -> str:
    """ "two medium lattes, dark roast, with oat milk and one croissant": each line with its
    variant and the choices that are not the item's defaults (`defaults` by item id)."""
    defaults = defaults or {}
    said = [line_words(line, defaults.get(line.item_id)) for line in lines]
    if len(said) > 1 and any("," in part for part in said):
        # "..., with soy milk; and one croissant": a line's own list stays its own
        return f"{'; '.join(said[:-1])}; and {said[-1]}"
    return list_words(said)


def line_words(line: CartLine, defaults: Defaults | None = None) -> str:
    """One cart or order line as spoken, its non-default choices named."""
    text = describe(line.quantity, line.title, line_variant(line.attributes))
    chosen = {k: v for k, v in line.options.items() if k not in line.attributes}
    return text + choice_words(chosen, defaults)


# ---- made-to-order choices (CONTRACTS section 7) -----------------------------------------------

# The order choices are named in: by voice and on screen alike.
CHOICE_ORDER = ("size", "roast", "shots", "milk", "milk_amount", "sweetener", "sweetener_amount")
# Values that say nothing when no default is known (a line whose item is gone).
_NEUTRAL = {"milk_amount": "regular", "sweetener": "none", "sweetener_amount": "regular"}
_AMOUNT_OF = {"milk": "milk_amount", "sweetener": "sweetener_amount"}
_SPOKEN_SHOTS = {"single": "single shot", "double": "double shot", "triple": "triple shot"}
_SPOKEN_MILK = {"none": "no milk", "cream": "cream"}  # the others are "<value> milk"
_SPOKEN_SWEETENER = {"none": "no sugar"}  # the others are named as they are
_SPOKEN_AMOUNT = {"little": "a little ", "regular": "", "extra": "lots of "}
_SHORT_ROAST = {"medium": "medium roast"}  # "Medium · medium roast": the size is the other
_SHORT_SHOTS = {"single": "1 shot", "double": "2 shots", "triple": "3 shots"}
_SHORT_AMOUNT = {"little": " (a little)", "regular": "", "extra": " (lots)"}


def _ordered(options: Mapping[str, str]) -> list[str]:
    known = [g for g in CHOICE_ORDER if g in options]
    return known + [g for g in options if g not in CHOICE_ORDER]


def choice_words(options: Mapping[str, str], defaults: Defaults | None = None) -> str:
    """The choices that differ from the defaults, as English adds them after a drink:
    ", dark roast, triple shot, with a little soy milk and lots of brown sugar". Without
    defaults every choice but the neutral ones (no sugar, regular amounts) is named."""
    base = dict(_NEUTRAL) if defaults is None else dict(defaults)

    def changed(group: str) -> bool:
        return group in options and options[group] != base.get(group)

    commas: list[str] = []
    withs: list[str] = []
    for group in _ordered(options):
        value = options[group]
        if group in _AMOUNT_OF.values() or group == "size":
            continue
        if group in _AMOUNT_OF:
            amount_group = _AMOUNT_OF[group]
            if not (changed(group) or (value != "none" and changed(amount_group))):
                continue
            spoken = _SPOKEN_MILK if group == "milk" else _SPOKEN_SWEETENER
            if value == "none":
                commas.append(spoken["none"])
                continue
            noun = spoken.get(value, f"{value} milk" if group == "milk" else value)
            amount = _SPOKEN_AMOUNT.get(options.get(amount_group, "regular"), "")
            withs.append(amount + noun)
        elif changed(group):
            if group == "roast":
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
    for group in _ordered(options):
        value = options[group]
        if group in _AMOUNT_OF.values():
            continue
        if group == "roast":
            parts.append(_SHORT_ROAST.get(value, value))
        elif group == "shots":
            parts.append(_SHORT_SHOTS.get(value, value))
        elif group in _AMOUNT_OF:
            if value == "none":
                if group == "milk":
                    parts.append("no milk")
                continue
            parts.append(value + _SHORT_AMOUNT.get(options.get(_AMOUNT_OF[group], ""), ""))
        else:
            parts.append(value)
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]


def delivery_words(delivery: Mapping[str, object]) -> str:
    return _DELIVERY_PHRASES.get(str(delivery.get("mode", "")), "")


def status_words(status: str) -> str:
    return _STATUS_PHRASES.get(status.lower(), "is " + status.replace("_", " "))


class ConfirmedLine(Protocol):
    """A line as the person heard it in the read-back (a cart line or a queued line)."""

    @property
    def sku_id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def unit_price_fen(self) -> int: ...


def price_change_words(confirmed: Sequence[ConfirmedLine], change: PriceChanged) -> str:
    """What moved between the read-back and the store's refusal: "the price of Latte changed
    from ¥28.00 to ¥30.00", or the total when no single price explains it (a promotion)."""
    moved = [
        f"the price of {line.title} changed from {format_price(line.unit_price_fen)} "
        f"to {format_price(change.unit_prices_fen[line.sku_id])}"
        for line in confirmed
        if change.unit_prices_fen.get(line.sku_id, line.unit_price_fen) != line.unit_price_fen
    ]
    if moved:
        return "; ".join(moved)
    if change.total_fen is not None and change.expected_total_fen is not None:
        old, new = format_price(change.expected_total_fen), format_price(change.total_fen)
        return f"the total changed from {old} to {new}"
    return "the total changed"
