"""The shopping and settings screens (orders and tracking: order_screens, bookings:
booking_screens): each turns a `SessionState` into widget properties, nothing more.

Layout is in car_ui/kv/<screen>.kv. A screen never decides anything about the order: it shows
the snapshot it is given, and its buttons carry typed messages the head unit acts on.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from kivy.factory import Factory
from kivy.properties import NumericProperty
from kivy.uix.screenmanager import Screen

from car_ui.i18n import _, ngettext
from car_ui.session import terms
from car_ui.touch import (
    Browse,
    ChooseDelivery,
    ChoosePayment,
    Find,
    Open,
    Pick,
    SwitchProfile,
)
from car_ui.vehicle import Operator
from car_ui.views.booking_parts import suggestion_cards
from car_ui.views.messages import ChooseOption, ChooseVariant, SetGear
from car_ui.views.parts import (
    CartLineRow,
    CategoryTile,
    EmptyState,
    ItemChoice,
    OrderLineLabel,
    ProfileCard,
    SuggestionCard,
    ViewContext,
    capitalized,
    cart_heading,
    chip_width,
    display_title,
    first_choice,
    greeting,
    group_label,
    line_choices,
    line_title,
    pin_note,
    profile_detail,
    profile_name,
    shop_name,
    suggestions,
    units,
    value_label,
)
from car_ui.views.theme import icon, icon_for
from core.commands import Screen as ScreenName
from core.state import CartView, ItemView, SessionState, format_price


class StateScreen(Screen):
    """A screen that can render a session snapshot."""

    def render(self, state: SessionState, ctx: ViewContext) -> None:
        raise TypeError(f"{type(self).__name__} must implement render")

    def set_search(self, state: SessionState) -> None:
        """Typed search is shown but disabled while driving: the keyboard must never open."""
        box = self.ids.get("search")
        if box is None:
            return
        box.restricted = not state.restriction.keyboard_allowed
        box.hint = _("Typing is off while driving") if box.restricted else _("Search the store")
        field = box.ids.field
        if box.restricted and field.focus:
            field.focus = False


class HomeScreen(StateScreen):
    def render(self, state: SessionState, ctx: ViewContext) -> None:
        now = datetime.now()
        self.ids.greeting.text = greeting(now.hour, state.profile)
        self.ids.hint.text = (
            _("Driving: ask by voice, e.g. “add two lattes”")
            if state.restriction.active
            else _("Try saying “add two lattes to my cart”")
        )
        self.set_search(state)
        limit = state.restriction.max_list_items
        tiles = suggestions(now.hour, state.restriction.active, state.cart.count)
        grid = self.ids.suggestions
        grid.clear_widgets()
        for card in suggestion_cards(state):  # what the vehicle calls for comes first
            grid.add_widget(card)
        for title, phrase, glyph, reason in tiles[: (limit or len(tiles)) - len(grid.children)]:
            message = Find(phrase) if phrase else Open(ScreenName.CART)
            grid.add_widget(
                SuggestionCard(message=message, glyph=icon(glyph), title=title, reason=reason)
            )
        cats = self.ids.categories
        cats.clear_widgets()
        # Every category, in a grid that scrolls with Home (the driving limit aside).
        for category in state.categories[:limit]:
            cats.add_widget(
                CategoryTile(
                    message=Browse(category.key),
                    glyph=icon_for(category.key, category.label),
                    title=display_title(
                        category.label, getattr(category, "label_zh", ""), ctx.lang
                    )[0],
                )
            )


class ResultsScreen(StateScreen):
    columns = NumericProperty(3)

    def on_size(self, _instance: object, size: tuple[float, float]) -> None:
        """As many ~215 px (design) tiles per row as fit: 3 at 800x480, 5 at 1920x720."""
        self.columns = max(2, min(5, int(size[0] // units(215))))

    def render(self, state: SessionState, ctx: ViewContext) -> None:
        self.set_search(state)
        browsed = _is_category_name(state)
        self._show_query(state, browsed)
        shown = state.results
        limit = state.restriction.max_list_items
        if limit is not None:
            shown = shown[:limit]
        if browsed:  # a category tile: its name, not a quoted search
            self.ids.heading.text = state.query
        elif state.query:
            self.ids.heading.text = _("“{query}”").format(query=state.query)
        else:
            self.ids.heading.text = _("Search")
        total = len(state.results)
        if limit is not None and state.restriction.active:
            self.ids.subheading.text = _("First {n} shown while driving").format(n=len(shown))
        else:
            self.ids.subheading.text = (
                ngettext("{n} result", "{n} results", total).format(n=total) if state.query else ""
            )
        data = []
        for index, tile in enumerate(shown, start=1):
            title, subtitle, cjk = display_title(tile.title, tile.title_zh, ctx.lang)
            data.append(
                {
                    "message": Pick(index),
                    "item_id": tile.item_id,
                    "glyph": icon_for(tile.category, tile.title),
                    "title": title,
                    # under zh-CN the tile shows the Chinese title only (the item screen
                    # keeps the English one beside it: what to say, speech in being English)
                    "subtitle": "" if cjk else subtitle,
                    "cjk": cjk,
                    "price": format_price(tile.price_fen, tile.currency),
                    "shop": shop_name(tile, ctx.lang),
                    "in_stock": tile.in_stock,
                }
            )
        self.ids.grid.data = data
        empty = self.ids.empty
        empty.height = 0 if data else self.height * 0.6
        empty.opacity = 0 if data else 1
        self.ids.empty_text.text = (
            _("Nothing found for “{query}”. Try another word.").format(query=state.query)
            if state.query
            else _("Say what you need, or tap a category on Home.")
        )

    def _show_query(self, state: SessionState, browsed: bool) -> None:
        """The field holds what these results were searched for, not the search before; a
        category's results were not typed, so the field is empty for them. What the person
        is typing is left alone."""
        field = self.ids.search.ids.field
        if not field.focus:
            field.text = "" if browsed else state.query


def _is_category_name(state: SessionState) -> bool:
    """Whether the results are a category's (the session names them after it, as
    terms.category_name does)."""
    return bool(state.query) and state.query in {terms.category_name(c) for c in state.categories}


class ItemScreen(StateScreen):
    def render(self, state: SessionState, ctx: ViewContext) -> None:
        item = state.item
        if item is None:
            self.ids.title.text = _("No item selected")
            self.ids.add.enabled = False
            return
        choice = ctx.item_choice or first_choice(item)
        self._render_item(item, choice, ctx.lang)

    def _render_item(self, item: ItemView, choice: ItemChoice, lang: str) -> None:
        title, subtitle, cjk = display_title(item.title, item.title_zh, lang)
        self.ids.title.text = title
        self.ids.title.font_name = "CJK" if cjk else "Roboto"
        self.ids.subtitle.text = subtitle
        self.ids.description.text = item.description
        self.ids.picture.glyph = icon_for(item.category, item.title)
        self.ids.picture.item_id = item.item_id
        star = f"[font=Icons]{icon('star')}[/font]"
        self.ids.rating.text = f"{star} {item.rating:.1f}" if item.rating else ""
        self.ids.shop.text = shop_name(item, lang)
        self.ids.description.height = units(22 if item.option_groups else 42)
        self._render_choices(item, choice)
        self.ids.quantity.value = choice.quantity
        selected = next((s for s in item.skus if s.sku_id == choice.sku_id), None)
        self.ids.price.text = format_price(choice.unit_price_fen(item) * choice.quantity)
        in_stock = selected is not None and selected.stock > 0
        self.ids.add.enabled = in_stock
        self.ids.add.text = _("Add to cart") if in_stock else _("Sold out")

    def _render_choices(self, item: ItemView, choice: ItemChoice) -> None:
        """One row per choice: the SKUs (sizes) first, then the made-to-order groups, each a
        row of large chips with the chosen (or default) value lit; one tap each."""
        rows = self.ids.variants
        rows.clear_widgets()
        if len(item.skus) > 1:
            keys = {k for s in item.skus for k in s.attributes}
            heading = group_label(next(iter(keys))) if len(keys) == 1 else _("Option")
            row = self._choice_row(heading)
            for sku in item.skus:
                row.ids.chips.add_widget(
                    self._chip(
                        ChooseVariant(sku.sku_id),
                        capitalized(terms.sku_label(sku.attributes)),
                        selected=sku.sku_id == choice.sku_id,
                        enabled=sku.stock > 0,
                    )
                )
            rows.add_widget(row)
        for group in item.option_groups:
            row = self._choice_row(group_label(group.name))
            chosen = choice.chosen(group)
            for value in group.values:
                label = value_label(group.name, value, group.price_delta_fen.get(value, 0))
                message = ChooseOption(group.name, value)
                row.ids.chips.add_widget(self._chip(message, label, selected=value == chosen))
            rows.add_widget(row)

    @staticmethod
    def _choice_row(heading: str) -> Any:
        row = Factory.ChoiceGroupRow()
        row.heading = heading  # a kv-declared property: set after construction
        return row

    @staticmethod
    def _chip(message: Any, label: str, *, selected: bool, enabled: bool = True) -> Any:
        return Factory.ChoiceChip(
            message=message,
            text=label,
            width=units(chip_width(label)),
            selected=selected,
            enabled=enabled,
        )


class CartScreen(StateScreen):
    def render(self, state: SessionState, ctx: ViewContext) -> None:
        cart = state.cart
        count = cart.count
        self.ids.heading.text = cart_heading(count)
        lines = self.ids.lines
        lines.clear_widgets()
        if not cart.lines:
            lines.add_widget(
                EmptyState(
                    glyph=icon("cart"),
                    title=_("Your cart is empty"),
                    hint=_("Say “add a latte”, or tap Search."),
                    size_hint_y=None,
                    height=self.height * 0.7,
                )
            )
        for line in cart.lines:
            lines.add_widget(
                CartLineRow(
                    line_id=line.line_id,
                    item_id=line.item_id,
                    glyph=icon_for(line.title),
                    title=line_title(line, ctx.lang, with_quantity=False),
                    choices=line_choices(line),
                    detail=f"{format_price(line.unit_price_fen, cart.currency)} × {line.quantity}"
                    f"  =  {format_price(line.line_total_fen, cart.currency)}",
                    quantity=line.quantity,
                )
            )
        fill_summary(self.ids, cart, delivery_id="delivery")
        self.ids.checkout.enabled = bool(cart.lines)
        self.ids.clear_button.enabled = bool(cart.lines)


def fill_summary(ids: Any, cart: CartView, *, delivery_id: str) -> None:
    """Subtotal, promotion, delivery fee and total rows, shared by the cart and confirm cards."""
    ids.subtotal.value = format_price(cart.subtotal_fen, cart.currency)
    ids.discount.value = (
        format_price(-cart.discount_fen, cart.currency) if cart.discount_fen else "—"
    )
    ids[delivery_id].value = (
        format_price(cart.delivery_fee_fen, cart.currency) if cart.delivery_fee_fen else _("Free")
    )
    ids.total.value = format_price(cart.total_fen, cart.currency)


class ConfirmScreen(StateScreen):
    def render(self, state: SessionState, ctx: ViewContext) -> None:
        cart = state.pending_order or state.cart
        lines = self.ids.lines
        lines.clear_widgets()
        for line in cart.lines:
            lines.add_widget(OrderLineLabel.of(line, cart.currency, ctx.lang))
        fill_summary(self.ids, cart, delivery_id="delivery_fee")
        self.ids.confirm.enabled = bool(cart.lines)
        self.ids.pin_note.text = pin_note(state)
        # named in the language of now (a switch after sign-in applies): by key, and the
        # payment methods by the store's label (terms knows the seed's three)
        deliveries = tuple(
            replace(o, label=terms.delivery_label(o.key)) for o in state.delivery_options
        )
        payments = tuple(
            replace(o, label=terms.payment_label(o.label)) for o in state.payment_methods
        )
        self.ids.delivery_choices.fill(deliveries, state.delivery_mode, ChooseDelivery)
        self.ids.payment_choices.fill(payments, state.payment_method_id, ChoosePayment)


class ProfilesScreen(StateScreen):
    def render(self, state: SessionState, ctx: ViewContext) -> None:
        cards = self.ids.cards
        cards.clear_widgets()
        for profile in state.profiles:
            cards.add_widget(
                ProfileCard(
                    message=SwitchProfile(profile.name),
                    name=profile_name(profile.name),
                    detail=profile_detail(profile),
                    selected=profile.active,
                )
            )


class SettingsScreen(StateScreen):
    def render(self, state: SessionState, ctx: ViewContext) -> None:
        vehicle = ctx.vehicle
        self.ids.speed_label.text = f"{vehicle.speed_kmh:.0f} km/h"
        gears = self.ids.gears
        gears.clear_widgets()
        for gear in ("P", "R", "N", "D"):
            gears.add_widget(
                Factory.TapButton(message=SetGear(gear), text=gear, selected=vehicle.gear == gear)
            )
        operator = vehicle.operating(state.profile)
        self.ids.op_driver.selected = operator == Operator.DRIVER
        self.ids.op_passenger.selected = operator == Operator.PASSENGER
        self.ids.autonomous.selected = vehicle.autonomous
        self.ids.voice_status.text = ctx.voice_note
