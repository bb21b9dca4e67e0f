"""Made-to-order options (CONTRACTS section 7): what an item offers, checking a request's
choices against it, and what the choices cost.

An item offers its own option groups and its category's (its own row wins for the same group).
A group that one of the item's SKU attributes already names (a size, or the old seed's milk) is
the SKU's to decide and is not offered; a request may still name it, and then it must agree
with the SKU. A value's price delta is what it costs over the item's default value of the group,
never less than nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from catalog import models as m
from mock_retail_api.problems import ApiProblem
from mock_retail_api.schemas import yuan


@dataclass(frozen=True)
class Choice:
    value: str
    label_zh: str
    price_delta_fen: int


@dataclass(frozen=True)
class Group:
    name: str
    label: str
    label_zh: str
    default: str
    choices: tuple[Choice, ...]

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class ItemOptions:
    title: str
    groups: tuple[Group, ...]
    sku_attributes: frozenset[str]  # the names the item's SKUs decide

    def resolve(
        self, given: Mapping[str, str] | None, sku_attributes: Mapping[str, str]
    ) -> dict[str, str]:
        """Every offered group's value, the default where `given` leaves it out; an unknown
        group or value, or one that contradicts the SKU, is a 422 problem."""
        given = given or {}
        groups = {g.name: g for g in self.groups}
        for name, value in given.items():
            if name in self.sku_attributes:
                if sku_attributes.get(name) != value:
                    raise ApiProblem(
                        422,
                        "option-conflicts-with-sku",
                        f"the SKU is {name} {sku_attributes.get(name)!r}, not {value!r}: "
                        f"choose the {name} by its SKU",
                    )
                continue
            group = groups.get(name)
            if group is None:
                offered = ", ".join(groups) or "none"
                raise ApiProblem(
                    422,
                    "unknown-option",
                    f"{self.title} has no option {name!r} (its options: {offered})",
                )
            if group.choice(value) is None:
                allowed = ", ".join(c.value for c in group.choices)
                raise ApiProblem(
                    422,
                    "unknown-option-value",
                    f"{self.title}: {name} cannot be {value!r} (one of: {allowed})",
                )
        return {g.name: given.get(g.name, g.default) for g in self.groups}

    def delta_fen(self, chosen: Mapping[str, str]) -> int:
        total = 0
        for group in self.groups:
            choice = group.choice(chosen.get(group.name, group.default))
            total += choice.price_delta_fen if choice else 0
        return total

    def json(self) -> list[dict[str, object]]:
        """`option_groups` of the item detail."""
        return [
            {
                "name": g.name,
                "label": g.label,
                "label_zh": g.label_zh,
                "default": g.default,
                "values": [
                    {
                        "value": c.value,
                        "label_zh": c.label_zh,
                        "price_delta": yuan(c.price_delta_fen),
                    }
                    for c in g.choices
                ],
            }
            for g in self.groups
        ]


def options_key(chosen: Mapping[str, str]) -> str:
    """Canonical JSON of a line's choices: equal choices, equal key."""
    return json.dumps(dict(chosen), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load(session: Session, item: m.Item) -> ItemOptions:
    """What the item offers, read from the catalog (which never changes while the API runs)."""
    rows = session.execute(
        select(m.ItemOption, m.OptionGroup)
        .join(m.OptionGroup)
        .where(or_(m.ItemOption.item_id == item.id, m.ItemOption.category_id == item.category_id))
        .order_by(m.OptionGroup.id)
    ).all()
    sku_attributes = frozenset(k for sku in item.skus for k in sku.attributes)
    defaults: dict[str, tuple[bool, str, m.OptionGroup]] = {}
    for attachment, group in rows:
        own = attachment.item_id is not None
        if group.name not in defaults or own:
            defaults[group.name] = (own, attachment.default_value, group)
    groups = []
    for name, (_own, default, group) in defaults.items():
        if name in sku_attributes:
            continue
        base = next((v.price_delta_fen for v in group.values if v.value == default), 0)
        choices = tuple(
            Choice(v.value, v.label_zh, max(0, v.price_delta_fen - base)) for v in group.values
        )
        groups.append(Group(name, group.label, group.label_zh, default, choices))
    return ItemOptions(item.title, tuple(groups), sku_attributes)
