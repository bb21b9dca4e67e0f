"""The ordering session: one state machine that decides what every command does.

Voice, touch, the shell and scripts all feed it the same `Command`s and get the same `Reply`s,
so a spoken "add two lattes" and two taps on "Add" end in the same cart. Nothing here imports
Kivy or speech code: the session talks to the store through `RetailClient`, asks the safety
policy before acting, and publishes an immutable `SessionState` the screens render.

This class is the frame: lifecycle, the lock, the open question's routing, store errors turned
into replies. What each intent does lives in a domain module that registers its `HANDLERS`;
adding a domain is adding a module to `DOMAINS`. Bookings (CONTRACTS section 8) are one: their
open questions, screens, reminders and vehicle suggestions are routed here too.

Guiding rule: never a wrong order. A missing variant takes the item's default SKU (and the
reply names it); a question is asked only when the item is really ambiguous or unknown; an
order is placed only after a read-back of the lines and the total has been confirmed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from car_ui import safety
from car_ui.client import RetailClient
from car_ui.errors import ApiError, NotFound
from car_ui.i18n import _
from car_ui.outbox import FlushResult, Outbox, OutboxSender
from car_ui.provisioning import DEMO_PROFILE, DEMO_VIN
from car_ui.session import (
    answers,
    booking_answers,
    booking_navigation,
    booking_notices,
    bookings,
    cart,
    checkout,
    navigation,
    orders,
    outbox_sync,
    profiles,
    replies,
    search,
    wording,
)
from car_ui.session.booking_context import BookingContext, shop_clock
from car_ui.session.context import Answer, Handler, Handlers, pin_from
from car_ui.session.questions import (
    ANSWERS_CHOICE,
    KEEPS_PENDING,
    KEEPS_PIN_QUESTION,
    BookingQuestion,
    PendingAction,
    PendingCheckout,
    PendingChoice,
    commits_on_yes,
    needs_confirming,
    unsure_yes,
)
from car_ui.vehicle import VehicleState
from core.commands import Command, Expecting, Intent, Reply
from core.state import OptionView, SessionState
from voice.items import ItemResolver, VocabularyEntry

log = logging.getLogger(__name__)

# Every domain module's `HANDLERS`; an intent belongs to exactly one domain.
DOMAINS: tuple[Handlers, ...] = (
    search.HANDLERS,
    cart.HANDLERS,
    checkout.HANDLERS,
    orders.HANDLERS,
    answers.HANDLERS,
    profiles.HANDLERS,
    navigation.HANDLERS,
    bookings.HANDLERS,
)


def handlers_of(domains: tuple[Handlers, ...]) -> dict[Intent, Handler]:
    registry: dict[Intent, Handler] = {}
    for table in domains:
        for intent, handler in table.items():
            if intent in registry:
                raise ValueError(f"{intent} is handled by two domains")
            registry[intent] = handler
    return registry


class OrderingSession:
    """One person's ordering session in one vehicle.

    Thread-safe: the UI thread, a voice thread and the outbox thread may all call in; every
    change is published to subscribers with the new `SessionState`.
    """

    def __init__(
        self,
        client: RetailClient,
        *,
        vin: str = DEMO_VIN,
        vehicle: VehicleState | None = None,
        outbox: Outbox | None = None,
        outbox_interval: float = 2.0,
        clock: Callable[[], datetime] = shop_clock,
    ) -> None:
        """`clock` is the session's time (aware): the shop's today and how soon a booking
        starts are counted from it."""
        self.client = client
        self.vin = vin
        self._lock = threading.RLock()
        self._subscribers: list[Callable[[SessionState], None]] = []
        self._handlers = handlers_of(DOMAINS)
        sender = OutboxSender(self._has_queued, self._flush_in_background, outbox_interval)
        self._ctx = BookingContext(
            client,
            vin=vin,
            vehicle=vehicle or VehicleState(),
            outbox=outbox if outbox is not None else Outbox(),
            sender=sender,
            publish=self._publish,
            dispatch=self._dispatch,
            clock=clock,
        )

    # -- lifecycle ----

    def start(self, profile: str = DEMO_PROFILE, pin: str | None = None) -> SessionState:
        """Log in, load the spoken vocabulary and the cart, and send anything queued."""
        with self._lock:
            ctx = self._ctx
            profiles.sign_in(ctx, profile, pin)
            try:
                ctx.resolver = ItemResolver.from_api(self.client.vocabulary())
            except NotFound:
                log.warning("the API has no /vocabulary: item names resolve by search only")
            ctx.set(cart=self.client.cart(), categories=self._load_categories())
            booking_notices.start(ctx)
            outbox_sync.flush(ctx)
            return ctx.state

    def _load_categories(self) -> tuple[OptionView, ...]:
        try:
            return self.client.categories()
        except NotFound:
            log.warning("the API has no /categories: Home shows no category tiles")
            return ()

    def close(self) -> None:
        self._ctx.sender.stop()
        self.client.close()

    @property
    def state(self) -> SessionState:
        return self._ctx.state

    @property
    def vehicle(self) -> VehicleState:
        return self._ctx.vehicle

    @property
    def vocabulary(self) -> tuple[VocabularyEntry, ...]:
        """The catalog's spoken names and the new models', for the NLU and the speech
        grammar."""
        return (*self._ctx.resolver.entries, *self._ctx.model_vocabulary)

    @property
    def resolver(self) -> ItemResolver:
        return self._ctx.resolver

    @property
    def orders_placed(self) -> list[int]:
        """Every order id this session got accepted."""
        return self._ctx.orders_placed

    def subscribe(self, callback: Callable[[SessionState], None]) -> Callable[[], None]:
        """Call `callback(state)` after every change; returns a function that unsubscribes."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    def _publish(self, state: SessionState) -> None:
        for callback in list(self._subscribers):
            callback(state)

    def update_vehicle(self, changes: Mapping[str, Any] | VehicleState) -> SessionState:
        """New vehicle signals: the safety restriction and the visible lists follow."""
        with self._lock:
            profiles.update_vehicle(self._ctx, changes)
            booking_notices.suggest(self._ctx)
            return self._ctx.state

    def switch_profile(self, name: str, pin: str | None = None) -> Reply:
        command = Command(Intent.SWITCH_PROFILE, {"profile": name, "pin": pin or ""})
        return self.handle(command)

    # -- the state machine ----

    def handle(self, command: Command) -> Reply:
        """Answer one command; API failures become replies, never exceptions."""
        with self._lock:
            ctx = self._ctx
            booking_notices.remind(ctx)
            reply = self._answer(command)
            if ctx.notices:
                reply = replace(reply, text=wording.sentences(*ctx.notices, reply.text))
                ctx.notices.clear()
            ctx.last_reply = reply.text
            ctx.set(last_reply=reply.text, expecting=reply.expecting, screen=reply.screen)
            return reply

    def _answer(self, command: Command) -> Reply:
        ctx = self._ctx
        refusal = safety.refusal(command, ctx.operated_vehicle())
        if refusal:
            return ctx.reply(command, refusal, blocked=True)
        try:
            reply = self._dispatch(command)
        except Answer as answer:
            return ctx.reply(command, answer.text, screen=answer.screen)
        except ApiError as exc:
            return ctx.reply(command, replies.store_error(exc), failed=True)
        if self._has_queued():
            outbox_sync.flush(ctx)
        return reply

    def _dispatch(self, command: Command) -> Reply:
        """Route to the open question's answer or to the intent's handler; a command that
        answers nothing closes the question."""
        ctx = self._ctx
        pending = ctx.pending
        if isinstance(pending, PendingCheckout) and ctx.state.expecting is Expecting.PIN:
            pin = pin_from(command)
            if pin:
                return checkout.place(ctx, command, pending, pin)
            if command.intent not in KEEPS_PIN_QUESTION:
                ctx.pending = None
                ctx.set(needs_pin=False)
        if unsure_yes(command) and commits_on_yes(ctx.pending):
            return ctx.reply(command, _(replies.YES_UNSURE))
        if isinstance(pending, PendingChoice) and command.intent in ANSWERS_CHOICE:
            return answers.choose(ctx, command, pending)
        if isinstance(pending, BookingQuestion) and booking_answers.answers(command, pending):
            return booking_answers.answer(ctx, command, pending)
        handler = booking_navigation.opener(command) or self._handlers[command.intent]
        if command.intent not in KEEPS_PENDING:
            ctx.pending = None
            if isinstance(pending, PendingCheckout):
                ctx.set(pending_order=None, needs_pin=False)
            if isinstance(pending, BookingQuestion):
                booking_answers.let_go(ctx)
        if needs_confirming(command):
            ctx.pending = PendingAction(command)
            return ctx.reply(command, replies.check_action(command))
        return handler(ctx, command)

    def check_reminders(self) -> SessionState:
        """A booking about to start is noticed (the head unit's clock asks now and then);
        the notice is shown now and said with the next reply."""
        with self._lock:
            booking_notices.remind(self._ctx)
            return self._ctx.state

    # -- the outbox ----

    def _has_queued(self) -> bool:
        return outbox_sync.has_queued(self._ctx)

    def _flush_in_background(self) -> None:
        with self._lock:
            outbox_sync.flush(self._ctx)

    def flush_outbox(self) -> list[FlushResult]:
        """Send queued orders now (the background thread does this every few seconds)."""
        with self._lock:
            return outbox_sync.flush(self._ctx)
