"""The pieces the screens are built from: small widgets, labels for statuses and lines, the
time-of-day suggestions, and the view's own context (language, vehicle, the item form).

Kept apart from `screens` so each screen class reads as what it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from kivy.app import App
from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from car_ui.session.phrasing import short_choices
from car_ui.vehicle import VehicleState
from car_ui.views.messages import Message
from car_ui.views.widgets import Pressable
from core.state import CartLine, ItemView, OptionGroupView, OptionView

# Home shows at most this many of the store's categories (two rows of four at 800x480).
HOME_CATEGORIES = 8

# Order lifecycle as the tracking screen draws it; unknown statuses still show in the history.
ORDER_STEPS = (
    ("placed", "Placed", "receipt"),
    ("preparing", "Preparing", "store"),
    ("shipped", "On its way / ready", "truck"),
    ("delivered", "Delivered", "check-circle"),
)
# How the store's statuses (mock_retail_api.lifecycle) read on screen.
STATUS_LABELS = {
    "created": "Order received",
    "paid": "Paid",
    "accepted": "Accepted by the shop",
    "preparing": "Being prepared",
    "shipped": "On its way",
    "ready": "Ready for pickup",
    "completed": "Delivered",
    "cancelled": "Cancelled",
    "queued": "Waiting for signal",
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status.lower(), status.replace("_", " ").capitalize())


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


def display_title(title: str, title_zh: str, lang: str) -> tuple[str, str, bool]:
    """(primary, secondary, primary_is_chinese) for the chosen language."""
    if lang == "zh" and title_zh:
        return title_zh, title, True
    return title, title_zh, False


def greeting(hour: int, profile: str) -> str:
    part = "morning" if 5 <= hour < 12 else "afternoon" if 12 <= hour < 18 else "evening"
    name = profile.capitalize() if profile else "there"
    return f"Good {part}, {name}"


def suggestions(hour: int, moving: bool, cart_count: int) -> list[tuple[str, str, str, str]]:
    """(title, spoken search, icon, reason) tiles for the time of day and the vehicle state."""
    tiles: list[tuple[str, str, str, str]] = []
    if 5 <= hour < 11:
        tiles += [
            ("Latte", "latte", "coffee", "Your morning usual"),
            ("Croissant", "croissant", "croissant", "Fresh from the bakery"),
        ]
    elif 11 <= hour < 17:
        tiles += [
            ("Sandwich", "sandwich", "food", "Lunch on the way"),
            ("Green tea", "green tea", "tea", "An afternoon lift"),
        ]
    else:
        tiles += [
            ("Flat white", "flat white", "coffee", "For the drive home"),
            ("Roses", "roses", "flower", "Bring someone flowers"),
        ]
    if moving:
        tiles.append(("Water", "bottled water", "water", "Stay hydrated on the road"))
        tiles.append(("EV charging", "ev charging session", "ev-station", "Book a charger ahead"))
    else:
        tiles.append(("Car wash", "car wash", "car-wash", "While you are parked"))
        tiles.append(("Washer fluid", "windshield washer fluid", "car-cog", "Top up the car"))
    if cart_count:
        tiles[-1] = ("Your cart", "", "cart", f"{cart_count} item{'s' * (cart_count != 1)} ready")
    return tiles


def line_title(line: CartLine, *, with_quantity: bool = True) -> str:
    """ "2 × Latte": a cart or order line's heading; its choices go under it (line_choices)."""
    return f"{line.quantity} × {line.title}" if with_quantity else line.title


def line_choices(line: CartLine) -> str:
    """ "Large · dark · 3 shots · soy (a little) · brown sugar (lots)": the choices the line
    was made with (the store's `options`, the size included), or its variant from a store
    without options."""
    return short_choices(line.options) if line.options else line.variant_label


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
    name = StringProperty("")
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
                    size_hint=(1, 1),  # the chips share the row evenly
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
    "size": "Size",
    "roast": "Roast",
    "shots": "Shots",
    "milk": "Milk",
    "milk_amount": "Milk amount",
    "sweetener": "Sweetener",
    "sweetener_amount": "Sweetness",
}
_VALUE_LABELS = {
    ("milk", "none"): "No milk",
    ("sweetener", "none"): "None",
    ("sweetener", "sweetener"): "Sugar-free",
    ("milk_amount", "extra"): "Lots",
    ("sweetener_amount", "extra"): "Lots",
    ("milk_amount", "little"): "A little",
    ("sweetener_amount", "little"): "A little",
}


def group_label(group: str) -> str:
    return GROUP_LABELS.get(group, group.replace("_", " ").capitalize())


def value_label(group: str, value: str, delta_fen: int = 0) -> str:
    """ "Soy +¥3": a chip's words, with what it adds to the price."""
    label = _VALUE_LABELS.get((group, value), value.capitalize())
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
