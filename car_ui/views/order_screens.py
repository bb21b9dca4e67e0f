"""The order screens: live tracking of one order and the history of every order and booking.

Apart from car_ui.views.screens (the shopping screens) so each module stays one concept; the
layout is in car_ui/kv/tracking.kv and orders.kv.
"""

from __future__ import annotations

from kivy.factory import Factory

from car_ui.i18n import _
from car_ui.touch import Cancel, Confirm
from car_ui.views.booking_parts import booking_rows
from car_ui.views.parts import (
    ORDER_STEPS,
    PICKUP_STEPS,
    EmptyState,
    OrderLineLabel,
    OrderRow,
    StepDot,
    ViewContext,
    line_title,
    pickup_line,
    short_time,
    status_label,
    step_index,
)
from car_ui.views.screens import StateScreen
from car_ui.views.theme import icon
from core.commands import Expecting
from core.state import OrderView, SessionState, format_price


class TrackingScreen(StateScreen):
    def render(self, state: SessionState, ctx: ViewContext) -> None:
        order = state.current_order
        steps = self.ids.steps
        steps.clear_widgets()
        lines = self.ids.lines
        lines.clear_widgets()
        if order is None:
            self.ids.heading.text = _("No order to track")
            self.ids.status.text = ""
            self.ids.total.value = ""
            self.ids.history.text = _("Place an order, or open one from Orders.")
            self.ids.pickup.text = ""
            self.ids.cancel.enabled = False
            return
        self._render_order(order, state.expecting, ctx.lang)

    def _render_order(self, order: OrderView, expecting: Expecting, lang: str) -> None:
        # An order still in the outbox has no number yet: never show a made-up "#0".
        self.ids.heading.text = (
            _("Your order") if order.queued else _("Order #{number}").format(number=order.order_id)
        )
        self.ids.status.text = status_label(
            "queued" if order.queued else order.status, pickup=order.pickup
        )
        self.ids.pickup.text = pickup_line(order, lang)
        cancelled = order.status.lower() in ("cancelled", "canceled")
        current = step_index(order.status)
        steps = PICKUP_STEPS if order.pickup else ORDER_STEPS
        for index, (_name, label, glyph) in enumerate(steps):
            self.ids.steps.add_widget(
                StepDot(
                    glyph=icon(glyph),
                    label=_(label),
                    done=not cancelled and index <= current,
                    current=not cancelled and index == current,
                )
            )
        for line in order.lines:
            self.ids.lines.add_widget(OrderLineLabel.of(line, order.currency, lang))
        self.ids.total.value = format_price(order.total_fen, order.currency)
        self.ids.history.text = "\n".join(
            # one line each, oldest first: the time, then what happened
            f"{short_time(at)}   {status_label(status, pickup=order.pickup)}"
            for status, at in order.history[-5:]
        )
        cancel = self.ids.cancel
        cancel.enabled = order.cancellable and not order.queued  # the store's word on it
        asking = expecting is Expecting.CONFIRMATION and cancel.enabled
        cancel.message = Confirm() if asking else Cancel()
        cancel.text = _("Yes, cancel it") if asking else _("Cancel order")


class OrdersScreen(StateScreen):
    def render(self, state: SessionState, ctx: ViewContext) -> None:
        rows = self.ids.rows
        rows.clear_widgets()
        orders = state.orders
        limit = state.restriction.max_list_items
        if limit is not None:
            orders = orders[:limit]
        bookings = booking_rows(state, limit, ctx.lang)
        if not orders and not bookings:
            rows.add_widget(
                EmptyState(
                    glyph=icon("receipt"),
                    title=_("No orders yet"),
                    hint=_("Your orders and their status show up here."),
                    size_hint_y=None,
                    height=self.height * 0.7,
                )
            )
        for order in orders:
            count = sum(line.quantity for line in order.lines)
            items = ", ".join(
                line_title(ln, ctx.lang, with_quantity=False) for ln in order.lines[:2]
            )
            rows.add_widget(
                OrderRow(
                    order_id=order.order_id,
                    heading=_order_heading(order),
                    detail=f"{short_time(order.created_at)}  ·  {count} × {items}",
                    queued=order.queued,
                    reorderable=not order.queued,
                )
            )
        if bookings:
            rows.add_widget(Factory.SectionLabel(text=_("Bookings")))
        for row in bookings:
            rows.add_widget(row)


def _order_heading(order: OrderView) -> str:
    """ "#12  ·  ¥56.00  ·  Paid"; an order in the outbox has no number to show yet."""
    price = format_price(order.total_fen, order.currency)
    if order.queued:
        return f"{price}  ·  {status_label('queued')}"
    return f"#{order.order_id}  ·  {price}  ·  {status_label(order.status, pickup=order.pickup)}"
