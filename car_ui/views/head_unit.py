"""The head unit's root widget: side rail, status bar, safety banner, screens and overlays.

It renders the latest SessionState and turns each tap (a widget's `action_id`) into a
`Command` for the session, or into a vehicle/profile call. It holds no ordering rules: what a
tap is allowed to do while driving, what a quantity means, what a confirm costs, is decided by
the session; the head unit only shows the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from car_ui.commands import Command, Expecting, Intent, Reply, Screen, Source
from car_ui.state import SessionState
from car_ui.touch import command_from_tap
from car_ui.vehicle import Operator, VehicleState
from car_ui.views.bridge import SessionBridge
from car_ui.views.screens import ItemChoice, StateScreen, ViewContext
from incar.errors import IncarError

log = logging.getLogger(__name__)
MAX_QUANTITY = 99
TRACKING_POLL_SECONDS = 5.0
ORDER_PIN_PROMPT = "Enter the PIN to place this order"


class HeadUnit(FloatLayout):
    screen_name = StringProperty("home")
    cart_count = NumericProperty(0)
    profile_label = StringProperty("")
    vehicle_label = StringProperty("")
    clock_text = StringProperty("")
    restricted = BooleanProperty(False)
    restriction_text = StringProperty("")
    busy = BooleanProperty(False)
    listening = BooleanProperty(False)
    pin_prompt = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = SessionState()
        self.ctx = ViewContext()
        self.bridge: SessionBridge | None = None
        self.vehicle_setter: Callable[[dict[str, Any]], Any] | None = None
        self.profile_switcher: Callable[[str, str | None], Any] | None = None
        self.talk_handler: Callable[[], None] | None = None
        self.reply_listeners: list[Callable[[Reply], None]] = []
        self._pin_done: Callable[[str], None] | None = None
        self._pin_cancel: Callable[[], None] | None = None
        self._stale: set[str] = set()
        self.ids.pinpad.bind(digits=self._pin_changed)
        self._tick(0)
        Clock.schedule_interval(self._tick, 10)
        Clock.schedule_interval(self._follow_order, TRACKING_POLL_SECONDS)

    # ---- rendering -------------------------------------------------------------------------

    def show(self, state: SessionState) -> None:
        """Render a new snapshot: chrome at once, the visible screen now, the others on demand."""
        new_message = state.message and state.message != self.state.message
        self.state = state
        self.cart_count = state.cart.count
        self.profile_label = state.profile.capitalize() if state.profile else "Not signed in"
        restriction = state.restriction
        self.restricted = restriction.active
        self.restriction_text = (
            restriction.reason or "Driving: typing is off and lists are short."
            if restriction.active
            else ""
        )
        self.vehicle_label = vehicle_summary(self.ctx.vehicle.for_profile(state.profile))
        if state.needs_pin and state.screen == Screen.CONFIRM_ORDER and not self.pin_prompt:
            self.ask_pin(ORDER_PIN_PROMPT, self._send_order_pin, self._cancel_order_pin)
        elif not state.needs_pin and self.pin_prompt == ORDER_PIN_PROMPT:
            self._pin_done = self._pin_cancel = None  # the PIN was spoken instead
            self.pin_prompt = ""
        item = state.item
        if item is None:
            self.ctx = replace(self.ctx, item_choice=None, item_id=None)
        elif self.ctx.item_id != item.item_id:
            choice = ItemChoice(item.selected_sku_id, item.quantity)
            self.ctx = replace(self.ctx, item_choice=choice, item_id=item.item_id)
        self._stale = {screen.value for screen in Screen}
        self._switch_to(state.screen.value)
        if new_message:
            self.toast(state.message)

    def show_vehicle(self, vehicle: VehicleState) -> None:
        self.ctx = replace(self.ctx, vehicle=vehicle)
        self.vehicle_label = vehicle_summary(vehicle.for_profile(self.state.profile))
        self._stale.add(Screen.SETTINGS.value)
        if self.screen_name == Screen.SETTINGS.value:
            self._render_current()

    def set_context(self, **changes: Any) -> None:
        """Language or voice status changed: redraw the visible screen with it."""
        self.ctx = replace(self.ctx, **changes)
        self._stale = {screen.value for screen in Screen}
        self._render_current()

    def _switch_to(self, name: str) -> None:
        self.screen_name = name
        self.ids.screens.current = name
        self._render_current()

    def _render_current(self) -> None:
        name = self.screen_name
        if name in self._stale:
            self._stale.discard(name)
            screen = self.ids.screens.get_screen(name)
            assert isinstance(screen, StateScreen)
            screen.render(self.state, self.ctx)

    def _tick(self, _dt: float) -> None:
        self.clock_text = datetime.now().strftime("%H:%M")

    def _follow_order(self, _dt: float) -> None:
        """Live tracking: while the tracking screen is up, ask the store for news."""
        order = self.state.current_order
        bridge = self.bridge
        if self.screen_name != Screen.TRACKING.value or order is None or order.queued:
            return
        if bridge is not None and bridge.idle:
            bridge.call(_refresh_order, bridge.session, order.order_id)

    # ---- feedback ----------------------------------------------------------------------------

    def toast(self, text: str, kind: str = "info") -> None:
        self.ids.toast.show(text, kind)

    def show_reply(self, reply: Reply) -> None:
        for listener in self.reply_listeners:
            listener(reply)

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, IncarError):
            self.toast(str(error), "error")
        else:
            log.exception("unexpected error in the session", exc_info=error)
            self.toast(f"Something went wrong: {type(error).__name__}", "error")

    def set_busy(self, busy: bool) -> None:
        self.busy = busy

    # ---- PIN pad -----------------------------------------------------------------------------

    def ask_pin(
        self, prompt: str, done: Callable[[str], None], cancel: Callable[[], None] | None = None
    ) -> None:
        self.ids.pinpad.digits = ""
        self._pin_done = done
        self._pin_cancel = cancel
        self.pin_prompt = prompt

    def _pin_changed(self, pad: Any, digits: str) -> None:
        if len(digits) == pad.length and self._pin_done is not None:
            done, self._pin_done, self._pin_cancel = self._pin_done, None, None
            self.pin_prompt = ""
            done(digits)

    def _send_order_pin(self, pin: str) -> None:
        self.tap({"action": "enter_pin", "pin": pin})

    def _cancel_order_pin(self) -> None:
        self.tap({"action": "cancel"})

    # ---- taps ----------------------------------------------------------------------------------

    def send(self, command: Command) -> None:
        if self.bridge is not None:
            self.bridge.send(command)

    def tap(self, action: dict[str, Any]) -> None:
        """A CONTRACTS section 4 touch action, through the core helper's mapping."""
        self.send(command_from_tap(action, self.state))

    def talk(self) -> None:
        if self.talk_handler is not None:
            self.talk_handler()

    def on_action(self, action_id: str) -> None:
        """Dispatch a widget's action id; unknown ids are widgets with their own handlers."""
        kind, _, arg = action_id.partition(":")
        handler = _ACTIONS.get(kind)
        if handler is not None:
            handler(self, arg)

    def _nav(self, screen: str) -> None:
        self.tap({"action": "open", "screen": screen})

    def _find(self, phrase: str) -> None:
        self.send(Command(Intent.SEARCH, {"item": phrase}, source=Source.TOUCH))

    def _search(self, _arg: str) -> None:
        if not self.state.restriction.keyboard_allowed:
            self.talk()
            return
        screen = self.ids.screens.current_screen
        field = screen.ids.search.ids.field
        text = field.text.strip()
        if text:
            field.focus = False
            self.tap({"action": "type_search", "text": text})

    def _pick(self, index: str) -> None:
        self.tap({"action": "pick", "index": int(index)})

    def _variant(self, sku_id: str) -> None:
        """Choosing an option is part of filling in the item form: nothing is sent until Add."""
        if self.ctx.item_choice is not None:
            self._choose_item(ItemChoice(int(sku_id), self.ctx.item_choice.quantity))

    def _item_quantity(self, step: str) -> None:
        choice = self.ctx.item_choice
        if choice is not None:
            quantity = max(1, min(MAX_QUANTITY, choice.quantity + (1 if step == "plus" else -1)))
            self._choose_item(ItemChoice(choice.sku_id, quantity))

    def _choose_item(self, choice: ItemChoice) -> None:
        self.ctx = replace(self.ctx, item_choice=choice)
        self._stale.add(Screen.ITEM.value)
        self._render_current()

    def _line(self, arg: str) -> None:
        line_id, _, step = arg.partition(":")
        line = next((x for x in self.state.cart.lines if x.line_id == int(line_id)), None)
        if line is not None:
            quantity = line.quantity + (1 if step == "plus" else -1)
            if quantity > 0:
                self.tap({"action": "set_quantity", "line_id": line.line_id, "quantity": quantity})
            else:
                self._remove(line_id)

    def _remove(self, line_id: str) -> None:
        self.tap({"action": "remove", "line_id": int(line_id)})

    def _add(self, _arg: str) -> None:
        choice = self.ctx.item_choice
        if choice is None:
            self.tap({"action": "add"})
        else:
            self.tap({"action": "add", "sku_id": choice.sku_id, "quantity": choice.quantity})

    def _checkout(self, _arg: str) -> None:
        self.tap({"action": "checkout"})

    def _confirm(self, _arg: str) -> None:
        self.tap({"action": "confirm"})

    def _cancel(self, _arg: str) -> None:
        self.tap({"action": "cancel"})

    def _clear(self, _arg: str) -> None:
        self.send(Command(Intent.CLEAR_CART, source=Source.TOUCH))

    def _track(self, order_id: str) -> None:
        self.send(Command(Intent.ORDER_STATUS, {"order_id": int(order_id)}, source=Source.TOUCH))

    def _reorder(self, order_id: str) -> None:
        self.tap({"action": "reorder", "order_id": int(order_id)})

    def _delivery(self, mode: str) -> None:
        self.tap({"action": "delivery", "mode": mode})

    def _payment(self, method: str) -> None:
        self.tap({"action": "payment", "method": method})

    def _category(self, slug: str) -> None:
        self.tap({"action": "category", "category": slug})

    def _profile(self, name: str) -> None:
        profile = next((p for p in self.state.profiles if p.name == name), None)
        if profile is None or profile.active or self.profile_switcher is None:
            return
        switch = self.profile_switcher
        if profile.has_pin:
            self.ask_pin(f"PIN for {name.capitalize()}", lambda pin: switch(name, pin))
        else:
            switch(name, None)

    def _pin(self, key: str) -> None:
        """Closing the pad of an order also tells the session: the order is not placed."""
        if key == "cancel":
            cancel, self._pin_done, self._pin_cancel = self._pin_cancel, None, None
            self.pin_prompt = ""
            if cancel is not None:
                cancel()

    def _theme(self, name: str) -> None:
        App.get_running_app().set_theme(name)

    def _lang(self, lang: str) -> None:
        self.set_context(lang=lang)
        App.get_running_app().lang = lang

    def _vehicle(self, changes: dict[str, Any]) -> None:
        if self.vehicle_setter is not None:
            self.vehicle_setter(changes)

    def _speed(self, value: str) -> None:
        self._vehicle({"speed": value})

    def _gear(self, gear: str) -> None:
        self._vehicle({"gear": gear})

    def _operator(self, operator: str) -> None:
        self._vehicle({"operator": operator})

    def _autonomous(self, _arg: str) -> None:
        self._vehicle({"autonomous": not self.ctx.vehicle.autonomous})

    def _mic(self, _arg: str) -> None:
        self.talk()


def _refresh_order(session: Any, order_id: int) -> None:
    """Runs on the session worker, after any tap queued before it. Skipped when the person has
    left the tracking screen meanwhile (the request would pull them back) or the session waits
    for an answer (a status request would drop the pending "cancel this order?")."""
    state = session.state
    if state.screen is Screen.TRACKING and state.expecting is Expecting.COMMAND:
        session.handle(Command(Intent.ORDER_STATUS, {"order_id": order_id}, source=Source.TOUCH))


def vehicle_summary(vehicle: VehicleState) -> str:
    """The status bar's vehicle text: what matters for what the screen allows."""
    motion = "Parked" if not vehicle.in_motion else f"{vehicle.speed_kmh:.0f} km/h · {vehicle.gear}"
    if vehicle.autonomous:
        return f"{motion} · autonomous"
    if vehicle.operator == Operator.PASSENGER:
        return f"{motion} · passenger"
    return motion


_ACTIONS: dict[str, Callable[[HeadUnit, str], None]] = {
    "nav": HeadUnit._nav,
    "find": HeadUnit._find,
    "search": HeadUnit._search,
    "pick": HeadUnit._pick,
    "variant": HeadUnit._variant,
    "qty": HeadUnit._item_quantity,
    "line": HeadUnit._line,
    "remove": HeadUnit._remove,
    "add": HeadUnit._add,
    "checkout": HeadUnit._checkout,
    "confirm": HeadUnit._confirm,
    "cancel": HeadUnit._cancel,
    "clear": HeadUnit._clear,
    "track": HeadUnit._track,
    "reorder": HeadUnit._reorder,
    "delivery": HeadUnit._delivery,
    "payment": HeadUnit._payment,
    "category": HeadUnit._category,
    "profile": HeadUnit._profile,
    "pin": HeadUnit._pin,
    "theme": HeadUnit._theme,
    "lang": HeadUnit._lang,
    "speed": HeadUnit._speed,
    "gear": HeadUnit._gear,
    "operator": HeadUnit._operator,
    "autonomous": HeadUnit._autonomous,
    "mic": HeadUnit._mic,
}
