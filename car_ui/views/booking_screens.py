"""The services screen and the booking screen (CONTRACTS section 8), as thin as the others:
each turns the snapshot's `booking` part into widgets whose taps carry typed messages.

Services: what can be booked as large tiles (a test drive per model), a lease quote with its
parts when one was asked for. Booking: the service, the next 14 days as chips, the chosen
day's times as large chips (the offered ones lit, full ones greyed), then the read-back with
"Book it", or the booking made. While driving the lists are short (car_ui.safety).
Layout is in car_ui/kv/booking.kv (`KV_FILE`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.factory import Factory
from kivy.properties import NumericProperty

from car_ui.booking_state import BookingState, booking_of
from car_ui.i18n import _
from car_ui.touch import Confirm, Deny, Lease, Open, Pick, PickDay
from car_ui.views.booking_parts import (
    STRONG_LEASE_PARTS,
    LeasePart,
    ServiceTileCard,
    day_chip_label,
    day_window,
    kind_glyph,
    kind_label,
    lease_parts,
    minutes_label,
    model_name,
    price_label,
    service_title,
    shown_times,
    tile_title,
    time_label,
    when_shown,
)
from car_ui.views.messages import Message
from car_ui.views.parts import ViewContext, chip_width, shop_name, units
from car_ui.views.screens import StateScreen
from car_ui.views.theme import icon
from core.commands import Screen as ScreenName
from core.state import SessionState

KV_FILE = Path(__file__).resolve().parent.parent / "kv" / "booking.kv"
LEASE_TERMS = (24, 36, 48, 60)
DAY_CHIP_MIN = 104.0  # design px: every English day chip ("Sat 5", "Today") is as wide


class ServicesScreen(StateScreen):
    columns = NumericProperty(3)

    def on_size(self, _instance: object, size: tuple[float, float]) -> None:
        """Tiles of about 220 design px: 3 a row at 800x480, 4 at 1280x720."""
        self.columns = max(2, min(4, int(size[0] // units(220))))

    def render(self, state: SessionState, ctx: ViewContext) -> None:
        shown = booking_of(state)
        limit = state.restriction.max_list_items
        tiles = shown.tiles[:limit] if limit is not None else shown.tiles
        grid = self.ids.tiles
        grid.clear_widgets()
        for index, tile in enumerate(tiles, start=1):
            service = tile.service
            grid.add_widget(
                ServiceTileCard(
                    message=Pick(index),
                    glyph=kind_glyph(service.kind),
                    kind=kind_label(service.kind),
                    title=tile_title(tile),
                    shop=shop_name(service, ctx.lang),
                    price=price_label(service.price_fen),
                    duration=minutes_label(service.duration_min),
                    suggested=service.kind in shown.suggestions,
                )
            )
        driving = limit is not None and len(shown.tiles) > len(tiles)
        self.ids.subheading.text = (
            _("First {n} shown while driving: say what to book").format(n=len(tiles))
            if driving
            else _("Test drives, maintenance, car washes and charging, by appointment")
        )
        self._render_quote(shown)

    def _render_quote(self, shown: BookingState) -> None:
        card = self.ids.quote
        parts = self.ids.quote_parts
        terms = self.ids.quote_terms
        parts.clear_widgets()
        terms.clear_widgets()
        quote = shown.quote
        card.opacity = 1 if quote else 0
        card.height = units(208) if quote else 0
        card.disabled = quote is None
        if quote is None:
            self.ids.quote_title.text = ""
            return
        self.ids.quote_title.text = _("Lease · {model}").format(model=model_name(quote.model))
        for label, value in lease_parts(quote):
            strong = label in STRONG_LEASE_PARTS
            parts.add_widget(LeasePart(label=_(label), value=value, strong=strong))
        for term in LEASE_TERMS:
            terms.add_widget(
                Factory.ChoiceChip(
                    message=Lease(quote.model.model_id, term),
                    text=_("{n} years").format(n=term // 12),
                    width=units(96),
                    selected=term == quote.term_months,
                )
            )


class BookingScreen(StateScreen):
    columns = NumericProperty(5)

    def on_size(self, _instance: object, size: tuple[float, float]) -> None:
        """Time chips of about 118 design px: 5 a row at 800x480, 6 at 1280x720."""
        self.columns = max(3, min(8, int(size[0] // units(118))))

    def render(self, state: SessionState, ctx: ViewContext) -> None:
        shown = booking_of(state)
        service = shown.service
        limit = state.restriction.max_list_items
        if service is None:
            self.ids.heading.text = _("Nothing to book yet")
            self.ids.shop.text = _("Open Book and pick a service.")
        else:
            what = model_name(shown.model) if shown.model is not None else service_title(service)
            self.ids.heading.text = f"{kind_label(service.kind)} · {what}"
            price = price_label(service.price_fen)
            minutes = minutes_label(service.duration_min)
            self.ids.shop.text = f"{shop_name(service, ctx.lang)}  ·  {minutes}  ·  {price}"
        self.ids.glyph.text = kind_glyph(service.kind) if service else icon("clock")
        self._render_days(shown, limit)
        self._render_times(shown, limit)
        self._render_footer(shown)

    def _render_days(self, shown: BookingState, limit: int | None) -> None:
        row = self.ids.days
        row.clear_widgets()
        if shown.service is None or shown.today is None:
            return
        days = shown.days
        for position in day_window(days, shown.day, limit):
            day = days[position]
            label = day_chip_label(day, shown.today)
            chip = Factory.ChoiceChip(
                message=PickDay(position + 1),
                text=label,
                width=units(chip_width(label, minimum=DAY_CHIP_MIN)),
                selected=day == shown.day,
            )
            row.add_widget(chip)
            if chip.selected:  # the chosen day in view, as far along the row as it is
                self.ids.day_scroll.scroll_x = position / max(1, len(days) - 1)

    def _render_times(self, shown: BookingState, limit: int | None) -> None:
        grid = self.ids.times
        grid.clear_widgets()
        times = shown.times
        positions = shown_times(times, shown.offered, limit)
        lit_slot = shown.chosen or (shown.booked.slot if shown.booked else None)
        chosen = lit_slot.slot_id if lit_slot else None
        for position in positions:
            slot = times[position]
            lit = slot.slot_id == chosen if chosen is not None else slot.slot_id in shown.offered
            grid.add_widget(
                Factory.TimeChip(
                    message=Pick(position + 1),
                    text=time_label(slot)
                    if slot.free
                    else _("{time} full").format(time=time_label(slot)),
                    selected=lit,
                    enabled=slot.free,
                )
            )
        empty = self.ids.no_times
        nothing = shown.service is not None and not positions
        empty.text = _("No free times this day: pick another day.") if nothing else ""

    def _render_footer(self, shown: BookingState) -> None:
        """The read-back's question with "Book it" / "Not now", or the booking made."""
        actions = self.ids.actions
        actions.clear_widgets()
        today = shown.today
        chosen, booked = shown.chosen, shown.booked
        if chosen is not None and today is not None:
            when = when_shown(chosen.start, today)
            self.ids.note.text = _("{when}?").format(when=f"{when[:1].upper()}{when[1:]}")
            actions.add_widget(_action(Deny(), _("Not now"), 116))
            verb = _("Move it") if shown.moving else _("Book it")
            actions.add_widget(_action(Confirm(), verb, 150, glyph="check-circle", role="accent"))
        elif booked is not None and today is not None:
            when = when_shown(booked.slot.start, today)
            self.ids.note.text = _("Booked: #{number}, {when}").format(
                number=booked.booking_id, when=when
            )
            actions.add_widget(
                _action(Open(ScreenName.ORDERS), _("My bookings"), 170, glyph="receipt")
            )
        else:
            hint = (
                _("Pick a lit time, or another day.")
                if shown.offered
                else _("Pick a day and time.")
            )
            self.ids.note.text = hint if shown.service else ""


def _action(
    message: Message, text: str, width: float, *, glyph: str = "", role: str = "plain"
) -> Any:
    return Factory.TapButton(
        message=message,
        text=text,
        icon=icon(glyph) if glyph else "",
        role=role,
        font_size=units(17),
        size_hint_x=None,
        width=units(width),
    )
