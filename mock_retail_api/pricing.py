"""Prices, promotions and delivery fees, in integer fen. Only the server ever computes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# mode -> (fee, order value from which delivery is free)
DELIVERY_FEES_FEN = {"to_vehicle": (600, 4900), "home": (800, 9900), "pickup": (0, 0)}


@dataclass(frozen=True)
class PricedLine:
    sku_id: int
    item_id: int
    category_id: int
    title: str
    quantity: int
    unit_price_fen: int  # the SKU's price plus the deltas of the chosen options
    options: Mapping[str, str] = field(default_factory=dict)  # every offered group's value
    attributes: Mapping[str, Any] = field(default_factory=dict)  # the SKU's own
    title_zh: str = ""

    @property
    def line_total_fen(self) -> int:
        return self.unit_price_fen * self.quantity

    @property
    def choices(self) -> dict[str, str]:
        """A line's `options` in JSON: the SKU's attributes and the chosen options."""
        return line_choices(self.attributes, self.options)


def line_choices(attributes: Mapping[str, Any], options: Mapping[str, str]) -> dict[str, str]:
    return {**{str(k): str(v) for k, v in attributes.items()}, **options}


@dataclass(frozen=True)
class Promotion:
    kind: str  # "spend_save" | "category_percent"
    threshold_fen: int
    save_fen: int
    category_id: int | None
    percent: int


@dataclass(frozen=True)
class Totals:
    subtotal_fen: int
    discount_fen: int
    delivery_fee_fen: int

    @property
    def total_fen(self) -> int:
        return self.subtotal_fen - self.discount_fen + self.delivery_fee_fen


def price(
    lines: Sequence[PricedLine], promotions: Sequence[Promotion], delivery_mode: str
) -> Totals:
    """Category percentages first (the best one per category), then the best spend-X-save-Y
    the discounted amount still reaches; delivery is free above the mode's threshold."""
    subtotal = sum(line.line_total_fen for line in lines)
    best_percent: dict[int, int] = {}
    for promo in promotions:
        if promo.kind == "category_percent" and promo.category_id is not None:
            best_percent[promo.category_id] = max(
                best_percent.get(promo.category_id, 0), promo.percent
            )
    discount = sum(
        line.line_total_fen * best_percent.get(line.category_id, 0) // 100 for line in lines
    )
    reached = [
        p.save_fen
        for p in promotions
        if p.kind == "spend_save" and subtotal - discount >= p.threshold_fen
    ]
    discount += max(reached, default=0)
    discount = min(discount, subtotal)
    fee, free_from = DELIVERY_FEES_FEN[delivery_mode]
    delivery_fee = 0 if not lines or subtotal - discount >= free_from else fee
    return Totals(subtotal, discount, delivery_fee)
