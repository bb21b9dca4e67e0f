"""The head unit's root widget: side rail, status bar, safety banner, screens and overlays.

It renders the latest SessionState and receives what tapped widgets post: order taps become
`Command`s for the session (car_ui.touch), the vehicle simulator and the look go to its host.
It holds no ordering rules: what a tap is allowed to do while driving, what a quantity means,
what a confirm costs, is decided by the session; the head unit only shows the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from car_ui.i18n import N_, _
from car_ui.touch import (
    TAP_ACTIONS,
    Add,
    Cancel,
    EnterPin,
    Remove,
    SetQuantity,
    SwitchProfile,
    Tap,
    TypeSearch,
    command_for,
)
from car_ui.vehicle import Operator, VehicleState
from car_ui.views.bridge import SessionBridge
from car_ui.views.messages import (
    ChooseOption,
    ChooseVariant,
    Message,
    PinKey,
    SetGear,
    SetLanguage,
    SetOperator,
    SetSpeed,
    SetTheme,
    StepItem,
    StepLine,
    SubmitSearch,
    Talk,
    ToggleAutonomous,
)
from car_ui.views.parts import ItemChoice, ViewContext, first_choice, profile_name
from car_ui.views.screens import StateScreen
from core.commands import MAX_QUANTITY, Command, Expecting, Intent, Reply, Screen, Source
from core.state import SessionState
from incar.errors import IncarError

log = logging.getLogger(__name__)
TRACKING_POLL_SECONDS = 5.0
ORDER_PIN_PROMPT = N_("Enter the PIN to place this order")
SAY_THE_PIN = N_("Say your PIN")  # instead of the keypad while driving
SOMETHING_WENT_WRONG = N_("Something went wrong. Please try again.")


def keypad_allowed(state: SessionState) -> bool:
    """The PIN keypad is manual entry: while the person at the screen drives it is not shown
    at all (car_ui.safety refuses KEYPAD_PIN while driving), the PIN is said instead."""
    return not state.restriction.active


TAP_TYPES = tuple(TAP_ACTIONS.values())


class HeadUnitHost(Protocol):
    """What the head unit asks of whoever runs it (the app): the simulated vehicle and the
    look are not the session's business and not the widget's either."""

    def update_vehicle(self, changes: dict[str, Any]) -> None: ...

    def set_theme(self, name: str) -> None: ...

    def set_language(self, lang: str) -> None: ...


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
        self.host: HeadUnitHost | None = None
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
        self.profile_label = profile_name(state.profile) or _("Not signed in")
        restriction = state.restriction
        self.restricted = restriction.active
        self.restriction_text = (
            ""
            if not restriction.active
            else _(restriction.reason)
            if restriction.reason
            else _("Driving: typing is off and lists are short.")
        )
        self.vehicle_label = vehicle_summary(self.ctx.vehicle.for_profile(state.profile))
        if self.pin_prompt and not keypad_allowed(state):
            # The car started moving: the pad goes, the PIN is said ("Say your PIN").
            self._pin_done = self._pin_cancel = None
            self.pin_prompt = ""
        elif (
            state.needs_pin
            and state.screen == Screen.CONFIRM_ORDER
            and keypad_allowed(state)
            and not self.pin_prompt
        ):
            self.ask_pin(_(ORDER_PIN_PROMPT), self._send_order_pin, self._cancel_order_pin)
        elif not state.needs_pin and self.pin_prompt == _(ORDER_PIN_PROMPT):
            self._pin_done = self._pin_cancel = None  # the PIN was spoken instead
            self.pin_prompt = ""
        item = state.item
        if item is None:
            self.ctx = replace(self.ctx, item_choice=None, item_id=None)
        elif self.ctx.item_id != item.item_id:
            choice = first_choice(item)
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
        if name != self.screen_name:
            self.ids.toast.hide()  # a note about the last screen must not sit over this one
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
        bridge = self.bridge
        if bridge is not None and bridge.idle:  # a booking about to start: a shown notice
            bridge.call(_check_reminders, bridge.session)

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
        self.toast(error_toast(error), "error")

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
        self.tap(EnterPin(pin))

    def _cancel_order_pin(self) -> None:
        self.tap(Cancel())

    # ---- taps ----------------------------------------------------------------------------------

    def send(self, command: Command) -> None:
        if self.bridge is not None:
            self.bridge.send(command)

    def tap(self, tap: Tap) -> None:
        """A touch action (CONTRACTS section 4 and the screens' extra buttons) as a command."""
        self.send(command_for(tap, self.state))

    def talk(self) -> None:
        if self.talk_handler is not None:
            self.talk_handler()

    def receive(self, message: Message) -> None:
        """What a tapped widget posted: the screen's own business is handled here, the
        vehicle and the look go to the host, everything else becomes a command."""
        match message:
            case SubmitSearch():
                self._submit_search()
            case ChooseVariant(sku_id) if self.ctx.item_choice is not None:
                # Choosing an option is part of filling in the item form: sent only with Add.
                self._choose_item(replace(self.ctx.item_choice, sku_id=sku_id))
            case ChooseOption(group, value) if self.ctx.item_choice is not None:
                self._choose_option(group, value)
            case StepItem(step) if self.ctx.item_choice is not None:
                choice = self.ctx.item_choice
                quantity = max(1, min(MAX_QUANTITY, choice.quantity + step))
                self._choose_item(replace(choice, quantity=quantity))
            case StepLine(line_id, step):
                self._step_line(line_id, step)
            case Add(quantity=None, variant=None, sku_id=None) if self.ctx.item_choice:
                choice = self.ctx.item_choice
                options = {**choice.options, **message.options}
                chosen = replace(message, sku_id=choice.sku_id, quantity=choice.quantity)
                self.tap(replace(chosen, options=options))
            case SwitchProfile(name, None):
                self._switch_profile(name)
            case PinKey("cancel"):
                self._cancel_pin_pad()
            case Talk():
                self.talk()
            case SetTheme(name) if self.host is not None:
                self.host.set_theme(name)
            case SetLanguage(lang):
                if self.host is not None:
                    self.host.set_language(lang)  # the catalog, before the redraw
                self.set_context(lang=lang)
                self.show(self.state)  # the chrome (profile, restriction) too
            case SetSpeed(kmh):
                self._vehicle({"speed": kmh})
            case SetGear(gear):
                self._vehicle({"gear": gear})
            case SetOperator(operator):
                self._vehicle({"operator": operator})
            case ToggleAutonomous():
                self._vehicle({"autonomous": not self.ctx.vehicle.autonomous})
            case _ if isinstance(message, TAP_TYPES):
                self.tap(message)

    def _submit_search(self) -> None:
        if not self.state.restriction.keyboard_allowed:
            self.talk()
            return
        screen = self.ids.screens.current_screen
        field = screen.ids.search.ids.field
        text = field.text.strip()
        if text:
            field.focus = False
            self.tap(TypeSearch(text))

    def _choose_option(self, group: str, value: str) -> None:
        item, choice = self.state.item, self.ctx.item_choice
        found = next((g for g in item.option_groups if g.name == group), None) if item else None
        if found is not None and choice is not None:
            self._choose_item(choice.with_option(found, value))

    def _choose_item(self, choice: ItemChoice) -> None:
        self.ctx = replace(self.ctx, item_choice=choice)
        self._stale.add(Screen.ITEM.value)
        self._render_current()

    def _step_line(self, line_id: int, step: int) -> None:
        line = next((x for x in self.state.cart.lines if x.line_id == line_id), None)
        if line is not None:
            quantity = line.quantity + step
            self.tap(SetQuantity(line_id, quantity) if quantity > 0 else Remove(line_id))

    def _switch_profile(self, name: str) -> None:
        """A profile card: its PIN first when it has one."""
        profile = next((p for p in self.state.profiles if p.name == name), None)
        if profile is None or profile.active:
            return
        if profile.has_pin and not keypad_allowed(self.state):
            self.toast(_(SAY_THE_PIN))
        elif profile.has_pin:
            prompt = _("PIN for {name}").format(name=profile_name(name))
            self.ask_pin(prompt, lambda pin: self.tap(SwitchProfile(name, pin)))
        else:
            self.tap(SwitchProfile(name))

    def _cancel_pin_pad(self) -> None:
        """Closing the pad of an order also tells the session: the order is not placed."""
        cancel, self._pin_done, self._pin_cancel = self._pin_cancel, None, None
        self.pin_prompt = ""
        if cancel is not None:
            cancel()

    def _vehicle(self, changes: dict[str, Any]) -> None:
        if self.host is not None:
            self.host.update_vehicle(changes)


def error_toast(error: BaseException) -> str:
    """What a failed request says on screen. An IncarError is worded for a person already;
    anything else is a bug, whose class name would mean nothing to a demoer: it goes to the
    log with its traceback, and the toast only says to try again."""
    if isinstance(error, IncarError):
        return str(error)
    log.error("unexpected error in the session", exc_info=error)
    return _(SOMETHING_WENT_WRONG)


def _refresh_order(session: Any, order_id: int) -> None:
    """Runs on the session worker, after any tap queued before it. Skipped when the person has
    left the tracking screen meanwhile (the request would pull them back) or the session waits
    for an answer (a status request would drop the pending "cancel this order?")."""
    state = session.state
    if state.screen is Screen.TRACKING and state.expecting is Expecting.COMMAND:
        session.handle(Command(Intent.ORDER_STATUS, {"order_id": order_id}, source=Source.TOUCH))


def _check_reminders(session: Any) -> None:
    """Runs on the session worker; the notice arrives with the state it publishes."""
    session.check_reminders()


def vehicle_summary(vehicle: VehicleState) -> str:
    """The status bar's vehicle text: what matters for what the screen allows."""
    motion = (
        _("Parked") if not vehicle.in_motion else f"{vehicle.speed_kmh:.0f} km/h · {vehicle.gear}"
    )
    if vehicle.autonomous:
        return motion + " · " + _("autonomous")
    if vehicle.operator == Operator.PASSENGER:
        return motion + " · " + _("passenger")
    return motion
