"""The pieces the screens are built from: small widgets, labels for statuses and lines, the
time-of-day suggestions, and the view's own context (language, vehicle, the item form).

Kept apart from `screens` so each screen class reads as what it shows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from kivy.app import App
from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from car_ui.i18n import N_, _, ngettext
from car_ui.session import terms
from car_ui.session.wording import short_choices
from car_ui.vehicle import VehicleState
from car_ui.views.messages import Message
from car_ui.views.theme import icon_for
from car_ui.views.widgets import Pressable
from core.state import (
    CartLine,
    ItemView,
    OptionGroupView,
    OptionView,
    OrderView,
    ProfileView,
    SessionState,
    format_price,
)

# Order lifecycle as the tracking screen draws it; unknown statuses still show in the history.
ORDER_STEPS = (
    ("placed", N_("Placed"), "receipt"),
    ("preparing", N_("Preparing"), "store"),
    ("shipped", N_("On its way"), "truck"),
    ("delivered", N_("Delivered"), "check-circle"),
)
# A pickup order is not driven anywhere: it waits at the shop, then the person collects it.
PICKUP_STEPS = (
    *ORDER_STEPS[:2],
    ("shipped", N_("Ready for pickup"), "shopping"),
    ("delivered", N_("Picked up"), "check-circle"),
)
# How the store's statuses (mock_retail_api.lifecycle) read on screen.
STATUS_LABELS = {
    "created": N_("Order received"),
    "paid": N_("Paid"),
    "accepted": N_("Accepted by the shop"),
    "preparing": N_("Being prepared"),
    "shipped": N_("On its way"),
    "ready": N_("Ready for pickup"),
    "completed": N_("Delivered"),
    "cancelled": N_("Cancelled"),
    "queued": N_("Waiting to send (no signal)"),
}


def status_label(status: str, *, pickup: bool = False) -> str:
    """A store status as the screens say it; the store's one "completed" reads "Picked up" for
    a pickup order and "Delivered" for the rest."""
    if pickup and status.lower() == "completed":
        return _("Picked up")
    known = STATUS_LABELS.get(status.lower())
    return _(known) if known else status.replace("_", " ").capitalize()


# The store's statuses on the four steps.
_STEP_ALIASES = {
    "created": "placed",
    "paid": "placed",
    "accepted": "placed",
    "ready": "shipped",
    "completed": "delivered",
}


def step_index(status: str) -> int:
    """Which of ORDER_STEPS a store status is at (-1: none, e.g. cancelled)."""
    key = _STEP_ALIASES.get(status.lower(), status.lower())
    for index, (name, _label, _glyph) in enumerate(ORDER_STEPS):
        if name == key:
            return index
    return -1


def units(design_px: float) -> float:
    """Design pixels (at 800x480) to window pixels for the running app's scale."""
    return design_px * float(App.get_running_app().u)


def text_width(text: str, font_size: float) -> float:
    """About how wide `text` is on one line, in design px: a Chinese character (any East
    Asian wide one) is a full em, anything else about 0.6 em. Chips are sized with it, as a
    label that does not fit wraps and Chinese, having no spaces, would break mid-word."""
    wide = sum(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)
    return (wide + 0.6 * (len(text) - wide)) * font_size


def fitting_font(text: str, width: float, largest: float) -> float:
    """The font size, up to `largest`, at which `text` fits `width` on one line: a heading
    whose words change with the hour ("Good afternoon, Passenger") shrinks at 800x480
    instead of wrapping or being cut. Bold text runs a little wider than the estimate."""
    ems = text_width(text, 1.0) * 1.1
    return min(largest, width / ems) if ems else largest


def chip_width(label: str, *, minimum: float = 72.0, font_size: float = 16.0) -> float:
    """A chip's width in design px with room for its label on one line at `font_size`: 单份浓缩
    needs 96, "12月10日 周四" 144 (TapButton pads 10 a side; the rest is slack for the
    estimate)."""
    return max(minimum, text_width(label, font_size) + 32)


def short_time(timestamp: str) -> str:
    """ "2026-11-20T15:15:33Z" → "23:15" on the head unit's own clock (the status bar's), so
    "ready by" can be read against the time shown; anything unparsable is shown as given."""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return timestamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment:%H:%M}"


def pickup_line(order: OrderView, lang: str) -> str:
    """ "Pick up at Seesaw Coffee · ready by 15:05" for a pickup order; "" for the rest. The
    time goes once the order is ready (the person should go now, not wait for it)."""
    if not order.pickup or order.queued:
        return ""
    place = order.pickup_place_zh if lang == "zh" and order.pickup_place_zh else order.pickup_place
    parts = [_("Pick up at {place}").format(place=place)] if place else []
    if order.ready_by and order.status.lower() not in ("ready", "completed", "cancelled"):
        parts.append(_("ready by {time}").format(time=short_time(order.ready_by)))
    return "  ·  ".join(parts)


def display_title(title: str, title_zh: str, lang: str) -> tuple[str, str, bool]:
    """(primary, secondary, primary_is_chinese) for the chosen language."""
    if lang == "zh" and title_zh:
        return title_zh, title, True
    return title, title_zh, False


class AtShop(Protocol):
    """Anything shown with the shop that sells or serves it: a result tile, an item, a
    service."""

    @property
    def shop(self) -> str: ...

    @property
    def shop_zh(self) -> str: ...


def shop_name(at: AtShop, lang: str) -> str:
    """The shop's name in the screen's language: the store's `shop_zh` under zh-CN, the
    English name otherwise and where the store sends none (an older store)."""
    return display_title(at.shop, at.shop_zh, lang)[0]


def profile_name(profile: str) -> str:
    """A profile as the screens name it: the seeded ones are words the catalog has
    ("Passenger" is 乘客); any other is shown as it is called ("" for none: gettext would
    give the catalog's header)."""
    return _(profile.capitalize()) if profile else ""


def capitalized(text: str) -> str:
    """ "20 kWh", "Medium / oat milk": the first letter made a capital, the rest kept as
    written (str.capitalize would make it "20 kwh")."""
    return text[:1].upper() + text[1:]


def greeting(hour: int, profile: str) -> str:
    name = profile_name(profile)
    if 5 <= hour < 12:
        return _("Good morning, {name}").format(name=name) if name else _("Good morning")
    if 12 <= hour < 18:
        return _("Good afternoon, {name}").format(name=name) if name else _("Good afternoon")
    return _("Good evening, {name}").format(name=name) if name else _("Good evening")


def suggestions(hour: int, moving: bool, cart_count: int) -> list[tuple[str, str, str, str]]:
    """(title, spoken search, icon, reason) tiles for the time of day and the vehicle state."""
    tiles: list[tuple[str, str, str, str]] = []
    if 5 <= hour < 11:
        tiles += [
            (_("Latte"), "latte", "coffee", _("Your morning usual")),
            (_("Croissant"), "croissant", "croissant", _("Fresh from the bakery")),
        ]
    elif 11 <= hour < 17:
        tiles += [
            (_("Sandwich"), "sandwich", "food", _("Lunch on the way")),
            (_("Green tea"), "green tea", "tea", _("An afternoon lift")),
        ]
    else:
        tiles += [
            (_("Flat white"), "flat white", "coffee", _("For the drive home")),
            (_("Roses"), "roses", "flower", _("Bring someone flowers")),
        ]
    if moving:
        tiles.append((_("Water"), "bottled water", "water", _("Stay hydrated on the road")))
        tiles.append(
            (_("EV charging"), "ev charging session", "ev-station", _("Book a charger ahead"))
        )
    else:
        tiles.append((_("Car wash"), "car wash", "car-wash", _("While you are parked")))
        tiles.append((_("Washer fluid"), "windshield washer fluid", "car-cog", _("Top up the car")))
    if cart_count:
        tiles[-1] = (
            _("Your cart"),
            "",
            "cart",
            ngettext("{n} item ready", "{n} items ready", cart_count).format(n=cart_count),
        )
    return tiles


def cart_heading(count: int) -> str:
    """ "Cart · 2 items" / 购物车 · 2件."""
    if not count:
        return _("Cart")
    return ngettext("Cart · {n} item", "Cart · {n} items", count).format(n=count)


def pin_note(state: SessionState) -> str:
    """The confirm screen's PIN line: while driving there is no keypad, so it says how."""
    if not state.needs_pin:
        return ""
    if state.restriction.active:
        return _("Say your PIN")
    return _("Above this profile's spending limit: the PIN is needed.")


def profile_detail(profile: ProfileView) -> str:
    """A profile card's second line: signed in, PIN protected, and its spending limit."""
    parts = [
        _("Active") if profile.active else (_("PIN protected") if profile.has_pin else _("No PIN"))
    ]
    if profile.spending_limit_fen is not None:
        parts.append(_("limit {price}").format(price=format_price(profile.spending_limit_fen)))
    return "\n".join(parts)


def line_title(line: CartLine, lang: str, *, with_quantity: bool = True) -> str:
    """ "2 × Latte" (or "2 × 拿铁" under Chinese): a cart or order line's heading; its choices
    go under it (line_choices)."""
    title = display_title(line.title, line.title_zh, lang)[0]
    return f"{line.quantity} × {title}" if with_quantity else title


def line_choices(line: CartLine) -> str:
    """ "Large · dark · 3 shots · soy (a little) · brown sugar (lots)": the choices the line
    was made with (the store's `options`, the size included), or its variant from a store
    without options."""
    return short_choices(line.options) if line.options else line.variant_label


def first_choice(item: ItemView) -> ItemChoice:
    """What the item screen starts with: the variant the session chose (an in-stock one when
    the store's default is sold out, so the spoken reply and the chips agree)."""
    return ItemChoice(item.selected_sku_id, item.quantity)


class SuggestionCard(Pressable):
    glyph = StringProperty("")
    title = StringProperty("")
    reason = StringProperty("")


class CategoryTile(Pressable):
    """One of the store's categories on Home; a tap lists what is in it."""

    glyph = StringProperty("")
    title = StringProperty("")


class EmptyState(BoxLayout):
    """What an empty list shows instead of a blank area: an icon, a title and a next step."""

    glyph = StringProperty("")
    title = StringProperty("")
    hint = StringProperty("")


class OrderLineLabel(BoxLayout):
    item_id = NumericProperty(0)  # whose picture the line shows
    glyph = StringProperty("")  # the icon shown until the picture has come
    title = StringProperty("")
    choices = StringProperty("")  # the line's choices in short form, under the title
    amount = StringProperty("")

    @classmethod
    def of(cls, line: CartLine, currency: str, lang: str) -> OrderLineLabel:
        """A line as the confirm and tracking screens list it: "2 × Latte", its choices, its
        total."""
        return cls(
            item_id=line.item_id,
            glyph=icon_for(line.title),
            title=line_title(line, lang),
            choices=line_choices(line),
            amount=format_price(line.line_total_fen, currency),
        )


class CartLineRow(BoxLayout):
    line_id = NumericProperty(0)
    item_id = NumericProperty(0)
    glyph = StringProperty("")
    title = StringProperty("")
    choices = StringProperty("")
    detail = StringProperty("")
    quantity = NumericProperty(1)


class OrderRow(BoxLayout):
    """One past order, with Track and Reorder (an order still in the outbox has neither
    an id nor lines to repeat yet)."""

    order_id = NumericProperty(0)
    reorderable = BooleanProperty(False)
    heading = StringProperty("")
    detail = StringProperty("")
    queued = BooleanProperty(False)


class ProfileCard(Pressable):
    name = StringProperty("")  # as shown (profile_name); the message names the profile
    detail = StringProperty("")


class ChoiceRow(BoxLayout):
    glyph = StringProperty("")

    def fill(
        self, options: tuple[OptionView, ...], selected: str, choose: Callable[[str], Message]
    ) -> None:
        """One chip per option, the selected one lit; a tap posts `choose(option.key)`."""
        chips = self.ids.chips
        chips.clear_widgets()
        for option in options:
            chips.add_widget(
                Factory.ChoiceChip(
                    message=choose(option.key),
                    text=option.label,
                    # the chips share the row as their words need it, so none breaks mid-word
                    size_hint=(chip_width(option.label, minimum=0, font_size=14), 1),
                    padding=(units(6), 0),
                    selected=option.key == selected,
                    font_size=units(14),
                )
            )


class StepDot(BoxLayout):
    glyph = StringProperty("")
    label = StringProperty("")
    done = BooleanProperty(False)
    current = BooleanProperty(False)


@dataclass(frozen=True)
class ItemChoice:
    """The SKU, quantity and made-to-order choices picked on the item screen, before "Add to
    cart" sends them; `options` holds only the groups changed from the item's defaults."""

    sku_id: int
    quantity: int
    options: Mapping[str, str] = field(default_factory=dict)

    def with_option(self, group: OptionGroupView, value: str) -> ItemChoice:
        options = {k: v for k, v in self.options.items() if k != group.name}
        if value != group.default:
            options[group.name] = value
        return replace(self, options=options)

    def chosen(self, group: OptionGroupView) -> str:
        return self.options.get(group.name, group.default)

    def unit_price_fen(self, item: ItemView) -> int:
        """What the store will charge for one: the SKU's price plus the chosen values' deltas
        as the item screen was told them (the cart shows the store's own figure)."""
        sku = next((s for s in item.skus if s.sku_id == self.sku_id), None)
        deltas = sum(g.price_delta_fen.get(self.chosen(g), 0) for g in item.option_groups)
        return (sku.price_fen if sku else 0) + deltas


# How a group and its values read on the item screen's chips (the canonical value otherwise).
GROUP_LABELS = {
    "size": N_("Size"),
    "roast": N_("Roast"),
    "shots": N_("Shots"),
    "milk": N_("Milk"),
    "milk_amount": N_("Milk amount"),
    "sweetener": N_("Sweetener"),
    "sweetener_amount": N_("Sweetness"),
    # the SKU attributes of the seed's other categories
    "flavour": N_("Flavour"),
    "weight": N_("Weight"),
    "volume": N_("Volume"),
    "bunch": N_("Bunch"),
    "colour": N_("Colour"),
    "energy": N_("Energy"),
    "package": N_("Package"),
}
_VALUE_LABELS = {
    ("milk", "none"): N_("No milk"),
    ("sweetener", "none"): N_("None"),
    ("sweetener", "sweetener"): N_("Sugar-free"),
    ("milk_amount", "extra"): N_("Lots"),
    ("sweetener_amount", "extra"): N_("Lots"),
    ("milk_amount", "little"): N_("A little"),
    ("sweetener_amount", "little"): N_("A little"),
}


def group_label(group: str) -> str:
    known = GROUP_LABELS.get(group)
    return _(known) if known else group.replace("_", " ").capitalize()


def value_label(group: str, value: str, delta_fen: int = 0) -> str:
    """ "Soy +¥3": a chip's words, with what it adds to the price."""
    known = _VALUE_LABELS.get((group, value))
    label = _(known) if known else capitalized(terms.value(group, value))
    if delta_fen > 0:
        yuan = f"{delta_fen // 100}" if delta_fen % 100 == 0 else f"{delta_fen / 100:.2f}"
        label += f" +¥{yuan}"
    return label


@dataclass(frozen=True)
class ViewContext:
    """What the screens show beside the session state: display language, the simulated
    vehicle, whether voice works, and the item form being filled in."""

    lang: str = "en"
    vehicle: VehicleState = field(default_factory=VehicleState)
    voice_note: str = ""
    item_id: int | None = None
    item_choice: ItemChoice | None = None
