"""The words the store's data is named with, in the active language: an order's status, a
delivery mode, a SKU's attribute values and made-to-order choices, a payment method.

They are the same code path in English and Chinese: each word is a gettext message (with a
context where one English word is two Chinese ones: a "medium" cup is 中杯, a "medium" roast
中烘), so `car_ui/locale` holds the translations and English gets its own words back. What a
cart line does not carry but Chinese needs to name it (`Known`) is defined here as well, for
`phrasing`, `phrasing_zh` and `wording` alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from car_ui.i18n import N_, _, localized, pgettext
from core.state import ItemView

Defaults = Mapping[str, str]  # an item's option group -> its default value


@dataclass(frozen=True)
class Known:
    """What the session knows of an item beyond a cart line's English title: its Chinese
    title, its category (which picks a Chinese measure word) and its option defaults."""

    title_zh: str = ""
    category: str = ""
    defaults: Defaults | None = None  # None: not known (every choice is then named)

    @classmethod
    def of(cls, item: ItemView) -> Known:
        return cls(item.title_zh, item.category, {g.name: g.default for g in item.option_groups})


_STATUSES = {
    "created": N_("has been placed"),
    "paid": N_("is paid"),
    "accepted": N_("has been accepted by the shop"),
    "preparing": N_("is being prepared"),
    "ready": N_("is ready"),
    "ready_for_pickup": N_("is ready for pickup"),
    "shipped": N_("is on its way"),
    "out_for_delivery": N_("is out for delivery"),
    "delivering": N_("is on its way"),
    "delivered": N_("has been delivered"),
    "picked_up": N_("has been picked up"),
    "completed": N_("is complete"),
    "cancelled": N_("is cancelled"),
    "canceled": N_("is cancelled"),
}
_DELIVERIES = {
    "to_vehicle": N_("delivered to your car"),
    "pickup": N_("for pickup"),
    "home": N_("delivered to your home"),
}


def status(state: str) -> str:
    """ "is on its way": an order's status as the rest of "Order five ..." (a status this
    head unit does not know is read as the store sent it)."""
    known = _STATUSES.get(state.lower())
    if known:
        return _(known)
    return _("is {status}").format(status=state.replace("_", " "))


def delivery(mode: object) -> str:
    """ "delivered to your car"; "" for a mode with no words (the read-back then omits it)."""
    phrase = _DELIVERIES.get(str(mode or ""))
    return _(phrase) if phrase else ""


def delivery_label(mode: str) -> str:
    """ "To the car" / 送到车上: a delivery mode's name, on the confirm screen's chips and in
    "Pickup." after a change (a context, as "Home" is also a screen)."""
    labels = {
        "to_vehicle": pgettext("delivery", "To the car"),
        "pickup": pgettext("delivery", "Pickup"),
        "home": pgettext("delivery", "Home"),
    }
    return labels.get(mode, mode)


def value(group: str, value: str) -> str:
    """A SKU attribute's or a made-to-order choice's value in the active language; one the
    catalog does not know is said as the store wrote it."""
    return variant_values().get((group, value), value)


def group_name(group: str) -> str:
    """A made-to-order choice's name: "milk amount" / 奶量 (one the catalog does not know is
    said as its name, "_" read as a space)."""
    names = {
        "size": pgettext("option group", "size"),
        "roast": pgettext("option group", "roast"),
        "shots": pgettext("option group", "shots"),
        "milk": pgettext("option group", "milk"),
        "milk_amount": pgettext("option group", "milk amount"),
        "sweetener": pgettext("option group", "sweetener"),
        "sweetener_amount": pgettext("option group", "sweetener amount"),
    }
    return names.get(group, group.replace("_", " "))


def sku_label(attributes: Mapping[str, str]) -> str:
    """ "Medium / Oat milk" (core.state.SkuOption.label) in the active language."""
    return " / ".join(value(k, str(v)) for k, v in attributes.items()) or _("Standard")


def payment_label(label: str) -> str:
    """A payment method as the store names it, in the active language where the catalog
    knows it (the seed's three); another is said as the store wrote it."""
    if label == "Alipay":
        return pgettext("payment method", "Alipay")
    if label == "WeChat Pay":
        return pgettext("payment method", "WeChat Pay")
    if label.startswith("Visa ending "):
        return _("Visa ending {digits}").format(digits=label.removeprefix("Visa ending "))
    return label


def variant_values() -> dict[tuple[str, str], str]:
    """(attribute or option group, value) → its words in the active language: every SKU
    attribute of the seed and every choice of CONTRACTS section 7. Built per call, so the
    language chosen last applies; in English each value is its own word."""
    return {
        ("size", "small"): pgettext("size", "small"),
        ("size", "medium"): pgettext("size", "medium"),
        ("size", "large"): pgettext("size", "large"),
        ("size", "extra large"): pgettext("size", "extra large"),
        ("size", "regular"): pgettext("size", "regular"),
        ("size", "box of 4"): pgettext("size", "box of 4"),
        ("flavour", "original"): pgettext("flavour", "original"),
        ("flavour", "spicy"): pgettext("flavour", "spicy"),
        ("flavour", "seaweed"): pgettext("flavour", "seaweed"),
        ("weight", "500 g"): pgettext("weight", "500 g"),
        ("weight", "1 kg"): pgettext("weight", "1 kg"),
        ("volume", "500 ml"): pgettext("volume", "500 ml"),
        ("volume", "1.5 l"): pgettext("volume", "1.5 l"),
        ("volume", "2 l"): pgettext("volume", "2 l"),
        ("volume", "4 l"): pgettext("volume", "4 l"),
        ("pack", "single"): pgettext("pack", "single"),
        ("pack", "6-pack"): pgettext("pack", "6-pack"),
        ("bunch", "11 stems"): pgettext("bunch", "11 stems"),
        ("bunch", "33 stems"): pgettext("bunch", "33 stems"),
        ("colour", "black"): pgettext("colour", "black"),
        ("colour", "white"): pgettext("colour", "white"),
        ("colour", "grey"): pgettext("colour", "grey"),
        ("energy", "20 kWh"): pgettext("energy", "20 kWh"),
        ("energy", "40 kWh"): pgettext("energy", "40 kWh"),
        ("energy", "60 kWh"): pgettext("energy", "60 kWh"),
        ("package", "basic"): pgettext("package", "basic"),
        ("package", "premium"): pgettext("package", "premium"),
        ("roast", "light"): pgettext("roast", "light"),
        ("roast", "medium"): pgettext("roast", "medium"),
        ("roast", "dark"): pgettext("roast", "dark"),
        ("shots", "single"): pgettext("shots", "single"),
        ("shots", "double"): pgettext("shots", "double"),
        ("shots", "triple"): pgettext("shots", "triple"),
        ("milk", "none"): pgettext("milk", "none"),
        ("milk", "whole"): pgettext("milk", "whole"),
        ("milk", "skim"): pgettext("milk", "skim"),
        ("milk", "soy"): pgettext("milk", "soy"),
        ("milk", "almond"): pgettext("milk", "almond"),
        ("milk", "oat"): pgettext("milk", "oat"),
        ("milk", "cream"): pgettext("milk", "cream"),
        ("sweetener", "none"): pgettext("sweetener", "none"),
        ("sweetener", "sugar"): pgettext("sweetener", "sugar"),
        ("sweetener", "brown sugar"): pgettext("sweetener", "brown sugar"),
        ("sweetener", "sweetener"): pgettext("sweetener", "sweetener"),
    }


def category_name(category: object) -> str:
    """A category's name in the active language: the store's `name_zh` under zh-CN (the
    English name where the store has none)."""
    return localized(
        str(getattr(category, "label", "")), str(getattr(category, "label_zh", "") or "")
    )
