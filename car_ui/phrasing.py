"""How the session words things for the ear: plurals, cart read-backs, order statuses.

Kept apart from the state machine so the session reads as decisions, and so every reply
uses the same wording for the same fact (a confirmation and a cart summary must agree).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from car_ui.errors import PriceChanged
from car_ui.state import CartLine, CartView, ItemView, SkuOption, format_price
from voice.numbers import amount_to_words, number_to_words

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


def plural(title: str, quantity: int) -> str:
    """ "latte" → "lattes" for quantities other than one (the last word only)."""
    if quantity == 1 or not title:
        return title
    head, _, last = title.rpartition(" ")
    lower = last.lower()
    if lower.endswith(("s", "x", "ch", "sh", "z")):
        last += "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


# Attributes read before the item's name ("a large latte"); others follow it ("oat milk").
_ADJECTIVE_KEYS = frozenset({"size", "flavour", "flavor", "volume", "package", "colour", "color"})


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
    {"size": "medium", "milk": "whole"} → "medium" before the name, "whole milk" after it."""
    before, after = [], []
    for key, value in attributes.items():
        if key.lower() in _ADJECTIVE_KEYS:
            before.append(value)
        else:
            after.append(value if key.lower() in value.lower() else f"{value} {key}")
    return Variant(tuple(before), tuple(after))


def describe(quantity: int, title: str, variant: Variant = Variant()) -> str:
    """ "two medium lattes with oat milk"."""
    words = [number_to_words(quantity), *variant.before, plural(title, quantity)]
    text = " ".join(w for w in words if w)
    return f"{text} with {list_words(variant.after)}" if variant.after else text


def list_words(parts: Sequence[str]) -> str:
    """ "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def or_words(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} or {parts[-1]}"


def cart_lines_words(lines: Sequence[CartLine]) -> str:
    """ "two medium lattes with whole milk and one croissant": each line with its variant."""
    return list_words(
        [describe(line.quantity, line.title, line_variant(line.attributes)) for line in lines]
    )


def cart_summary(cart: CartView) -> str:
    """ "Your cart has three items, eighty-four yuan." """
    if not cart.lines:
        return "Your cart is empty."
    count = cart.count
    noun = "item" if count == 1 else "items"
    total = amount_to_words(cart.total_fen, cart.currency)
    return f"Your cart has {number_to_words(count)} {noun}, {total}."


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
