"""The ordering session: one state machine that decides what every command does.

Voice, touch, the shell and scripts all feed it the same `Command`s and get the same `Reply`s,
so a spoken "add two lattes" and two taps on "Add" end in the same cart. Nothing here imports
Kivy or speech code: the session talks to the store through `RetailClient`, asks the safety
policy before acting, and publishes an immutable `SessionState` the screens render.

Guiding rule: never a wrong order. A missing variant takes the item's default SKU (and the
reply names it); a question is asked only when the item is really ambiguous or unknown; an
order is placed only after a read-back of the lines and the total has been confirmed.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from car_ui import phrasing, safety
from car_ui.client import (
    LoginInfo,
    OrderLineRequest,
    ProfileInfo,
    RetailClient,
    new_idempotency_key,
)
from car_ui.commands import Command, Expecting, Intent, Reply, Screen, Source
from car_ui.errors import (
    ApiError,
    ApiUnreachable,
    Conflict,
    NotFound,
    OutOfStock,
    PinRequired,
    PriceChanged,
    Unauthorized,
    ValidationFailed,
)
from car_ui.outbox import FlushResult, Outbox, OutboxSender, Outcome, QueuedLine, QueuedOrder
from car_ui.provisioning import DEMO_PROFILE, DEMO_VIN, vehicle_secret
from car_ui.state import (
    CartLine,
    CartView,
    ItemView,
    OptionView,
    OrderView,
    ProfileView,
    ResultTile,
    SessionState,
    SkuOption,
)
from car_ui.vehicle import VehicleState
from voice.items import ItemResolver, VocabularyEntry
from voice.numbers import amount_to_words, number_to_words, words_to_number

log = logging.getLogger(__name__)

MAX_QUANTITY = 99
PIN_ATTEMPTS = 3
SEARCH_LIMIT = 10
SPOKEN_LIST = 3  # how many results a reply reads out, moving or not

HELP_TEXT = (
    "You can say: find a latte, add two lattes, the second one, what's in my cart, "
    "check out, where's my order, or order again."
)


@dataclass(frozen=True)
class Choice:
    """One answer to a clarifying question, and the slots it adds to the original command."""

    label: str
    slots: Mapping[str, Any]


@dataclass(frozen=True)
class PendingChoice:
    command: Command
    options: tuple[Choice, ...]


@dataclass(frozen=True)
class PendingCheckout:
    """A read-back waiting for "yes": the key is made once and reused by every retry."""

    key: str
    cart: CartView
    delivery: Mapping[str, Any]
    payment_method_id: str | None
    pin_failures: int = 0


@dataclass(frozen=True)
class PendingCancel:
    order_id: int


Pending = PendingChoice | PendingCheckout | PendingCancel | None

# Intents that answer a pending question rather than start something new.
_KEEPS_PENDING = frozenset(
    {
        Intent.CONFIRM,
        Intent.DENY,
        Intent.CANCEL,
        Intent.ENTER_PIN,
        Intent.HELP,
        Intent.REPEAT,
        Intent.SET_DELIVERY,  # changing delivery or payment on the confirm screen keeps the
        Intent.SET_PAYMENT,  # read-back open, with the new choice in it
    }
)
# The delivery modes a person can choose on the confirm screen. Home delivery needs an
# address, so it is offered only when the profile's default delivery carries one.
DELIVERY_LABELS = {"to_vehicle": "To the car", "pickup": "Pickup", "home": "Home"}


class _Answer(Exception):
    """Raised by a helper that needs to answer the person instead of going on
    (e.g. an unknown item): it carries the reply text, the screen and what to expect."""

    def __init__(self, text: str, screen: Screen | None = None) -> None:
        super().__init__(text)
        self.text = text
        self.screen = screen


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
    ) -> None:
        self.client = client
        self.vin = vin
        self._vehicle = vehicle or VehicleState()
        self._outbox = outbox if outbox is not None else Outbox()
        self._sender = OutboxSender(self._has_queued, self._flush_in_background, outbox_interval)
        self._lock = threading.RLock()
        self._subscribers: list[Callable[[SessionState], None]] = []
        self._state = SessionState(restriction=safety.restriction(self._vehicle))
        self._login: LoginInfo | None = None
        self._resolver = ItemResolver(())
        self._results: tuple[ResultTile, ...] = ()
        self._orders: tuple[OrderView, ...] = ()
        self._pending: Pending = None
        self._last_reply = ""
        self._last_order_id: int | None = None
        self._notices: list[str] = []
        self.orders_placed: list[int] = []  # every order id this session got accepted

    # -- lifecycle ----

    def start(self, profile: str = DEMO_PROFILE, pin: str | None = None) -> SessionState:
        """Log in, load the spoken vocabulary and the cart, and send anything queued."""
        with self._lock:
            self._sign_in(profile, pin)
            try:
                self._resolver = ItemResolver.from_api(self.client.vocabulary())
            except NotFound:
                log.warning("the API has no /vocabulary: item names resolve by search only")
            self._set(cart=self.client.cart(), categories=self._load_categories())
            self._flush_outbox()
            return self._state

    def _load_categories(self) -> tuple[OptionView, ...]:
        try:
            return self.client.categories()
        except NotFound:
            log.warning("the API has no /categories: Home shows no category tiles")
            return ()

    def close(self) -> None:
        self._sender.stop()
        self.client.close()

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def vehicle(self) -> VehicleState:
        return self._vehicle

    @property
    def vocabulary(self) -> tuple[VocabularyEntry, ...]:
        """The catalog's spoken names, for the NLU and the speech grammar."""
        return self._resolver.entries

    @property
    def resolver(self) -> ItemResolver:
        return self._resolver

    def subscribe(self, callback: Callable[[SessionState], None]) -> Callable[[], None]:
        """Call `callback(state)` after every change; returns a function that unsubscribes."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    def update_vehicle(self, changes: Mapping[str, Any] | VehicleState) -> SessionState:
        """New vehicle signals: the safety restriction and the visible lists follow."""
        with self._lock:
            if isinstance(changes, VehicleState):
                self._vehicle = changes
            else:
                self._vehicle = self._vehicle.updated(changes)
            self._apply_limits()
            return self._state

    def _operated_vehicle(self) -> VehicleState:
        """The vehicle with who operates resolved for the active profile."""
        return self._vehicle.for_profile(self._state.profile)

    def _apply_limits(self) -> None:
        """The safety restriction and the visible lists follow the vehicle and the profile."""
        limits = safety.restriction(self._operated_vehicle())
        self._set(
            restriction=limits,
            results=safety.visible(self._results, limits),
            orders=safety.visible(self._orders, limits),
        )

    def switch_profile(self, name: str, pin: str | None = None) -> Reply:
        command = Command(Intent.SWITCH_PROFILE, {"profile": name, "pin": pin or ""})
        return self.handle(command)

    # -- the state machine ----

    def handle(self, command: Command) -> Reply:
        """Answer one command; API failures become replies, never exceptions."""
        with self._lock:
            reply = self._answer(command)
            if self._notices:
                reply = replace(reply, text=" ".join([*self._notices, reply.text]))
                self._notices.clear()
            self._last_reply = reply.text
            self._set(last_reply=reply.text, expecting=reply.expecting, screen=reply.screen)
            return reply

    def _answer(self, command: Command) -> Reply:
        refusal = safety.refusal(command, self._operated_vehicle())
        if refusal:
            return self._reply(command, refusal, blocked=True)
        try:
            reply = self._dispatch(command)
        except _Answer as answer:
            return self._reply(command, answer.text, screen=answer.screen)
        except ApiUnreachable:
            return self._reply(
                command, "I can't reach the store right now. Please try again in a moment."
            )
        except Unauthorized:
            return self._reply(command, "The store did not accept this vehicle's sign-in.")
        except OutOfStock as exc:
            return self._reply(command, f"Sorry, {_sentence(exc.detail)} Nothing was changed.")
        except ValidationFailed as exc:
            return self._reply(command, f"The store could not do that: {_sentence(exc.detail)}")
        except NotFound:
            return self._reply(command, "The store does not know that item or order any more.")
        except ApiError as exc:
            return self._reply(command, f"The store said: {_sentence(exc.detail)}")
        if self._has_queued():
            self._flush_outbox()
        return reply

    def _dispatch(self, command: Command) -> Reply:
        pending = self._pending
        if isinstance(pending, PendingCheckout) and self._state.expecting is Expecting.PIN:
            pin = _pin_from(command)
            if pin:
                return self._place(command, pending, pin)
            if command.intent not in (Intent.DENY, Intent.CANCEL, Intent.HELP, Intent.REPEAT):
                self._pending = None
                self._set(needs_pin=False)
        if isinstance(pending, PendingChoice) and command.intent in (
            Intent.SELECT,
            Intent.CONFIRM,
            Intent.UNKNOWN,
        ):
            return self._choose(command, pending)
        handler = {
            Intent.SEARCH: self._search,
            Intent.SELECT: self._select,
            Intent.ADD_TO_CART: self._add,
            Intent.REMOVE_FROM_CART: self._remove,
            Intent.SET_QUANTITY: self._set_quantity,
            Intent.SHOW_CART: self._show_cart,
            Intent.CLEAR_CART: self._clear_cart,
            Intent.CHECKOUT: self._checkout,
            Intent.CONFIRM: self._confirm,
            Intent.DENY: self._deny,
            Intent.CANCEL: self._cancel,
            Intent.ORDER_STATUS: self._order_status,
            Intent.REORDER: self._reorder,
            Intent.HELP: self._help,
            Intent.REPEAT: self._repeat,
            Intent.UNKNOWN: self._unknown,
            Intent.OPEN: self._open,
            Intent.SWITCH_PROFILE: self._switch_profile,
            Intent.ENTER_PIN: self._enter_pin,
            Intent.SET_DELIVERY: self._set_delivery,
            Intent.SET_PAYMENT: self._set_payment,
        }[command.intent]
        if command.intent not in _KEEPS_PENDING:
            self._pending = None
            if isinstance(pending, PendingCheckout):
                self._set(pending_order=None, needs_pin=False)
        return handler(command)

    # -- search and items ----

    def _search(self, command: Command) -> Reply:
        query = str(command.slots.get("item") or command.slots.get("text") or "").strip()
        category = str(command.slots.get("category") or "").strip()
        if category and not query:
            return self._browse(command, category)
        if not query:
            return self._reply(command, "What should I look for?")
        page = self.client.search(query, category=category or None, limit=SEARCH_LIMIT)
        self._show_results(page.tiles, query)
        if not page.tiles:
            return self._reply(command, f"I couldn't find {query}.", screen=Screen.RESULTS)
        total = max(page.total, len(page.tiles))
        found = f"{number_to_words(total)} {'result' if total == 1 else 'results'}"
        spoken = [
            f"{tile.title}, {amount_to_words(tile.price_fen, tile.currency)}"
            for tile in page.tiles[:SPOKEN_LIST]
        ]
        if len(spoken) == 1:
            text = f"I found one result for {query}: {spoken[0]}. Say 'the first one' to open it."
        else:
            numbered = [f"{number_to_words(i)}, {s}" for i, s in enumerate(spoken, start=1)]
            text = f"I found {found} for {query}. " + "; ".join(numbered) + "."
            text += " Say 'the first one' or 'the second one' to choose."
        return self._reply(command, text, screen=Screen.RESULTS)

    def _browse(self, command: Command, category: str) -> Reply:
        """A category tile: the category's items, first ones read out."""
        names = {c.key: c.label for c in self._state.categories}
        name = names.get(category, category)
        page = self.client.search("", category=category, limit=SEARCH_LIMIT)
        self._show_results(page.tiles, name)
        if not page.tiles:
            return self._reply(command, f"There is nothing in {name} right now.", Screen.RESULTS)
        first = phrasing.list_words([t.title for t in page.tiles[:SPOKEN_LIST]])
        text = f"{name}: {first}. Say 'the first one' or tap one to choose."
        return self._reply(command, text, screen=Screen.RESULTS)

    def _show_results(self, tiles: tuple[ResultTile, ...], query: str) -> None:
        self._results = tiles
        self._set(query=query, results=safety.visible(tiles, self._state.restriction))

    def _select(self, command: Command) -> Reply:
        index = _ordinal(command)
        shown = self._state.results
        if not shown:
            return self._reply(command, "There is no list to choose from. Say 'find a latte'.")
        if index is None or not 1 <= index <= len(shown):
            text = (
                "There is only one result: say 'the first one'."
                if len(shown) == 1
                else f"Please choose a number from one to {number_to_words(len(shown))}."
            )
            return self._reply(command, text, screen=Screen.RESULTS)
        item = self.client.item(shown[index - 1].item_id)
        self._set(item=item)
        sku = _sku(item, item.selected_sku_id)
        text = f"{item.title}, {amount_to_words(sku.price_fen if sku else 0)}."
        labels = [s.label for s in item.skus]
        if len(labels) > 1:
            text += f" It comes as {phrasing.or_words(labels[:SPOKEN_LIST])}."
        text += " Say 'add one' to add it."
        return self._reply(command, text, screen=Screen.ITEM, item=item)

    def _resolve_item(self, command: Command, phrase: str) -> int:
        """The item a spoken phrase means, or a clarifying question (raised as _Answer)."""
        resolution = self._resolver.resolve(phrase)
        if resolution.best is not None and not resolution.ambiguous:
            return resolution.best.item_id
        if resolution.ambiguous:
            options = tuple(
                Choice(match.title, {"item_id": match.item_id})
                for match in resolution.candidates[:SPOKEN_LIST]
            )
            raise self._ask(command, options, "Did you mean {options}?")
        page = self.client.search(phrase, limit=SPOKEN_LIST)
        if not page.tiles:
            raise _Answer(f"I couldn't find {phrase} in the store.")
        if len(page.tiles) == 1:
            return page.tiles[0].item_id
        self._show_results(page.tiles, phrase)
        options = tuple(Choice(t.title, {"item_id": t.item_id}) for t in page.tiles)
        raise self._ask(command, options, "I'm not sure which you mean: {options}?")

    def _ask(self, command: Command, options: tuple[Choice, ...], question: str) -> _Answer:
        self._pending = PendingChoice(command, options)
        labels = [f"{number_to_words(i)}, {o.label}" for i, o in enumerate(options, start=1)]
        return _Answer(question.format(options=phrasing.or_words(labels)))

    def _choose(self, command: Command, pending: PendingChoice) -> Reply:
        """An answer to a clarifying question: "the second one", "yes", or a name."""
        options = pending.options
        index = _ordinal(command)
        if index is None and command.intent is Intent.CONFIRM and len(options) == 1:
            index = 1
        if index is None:
            phrase = str(command.slots.get("item") or command.slots.get("variant") or "")
            phrase = phrase or command.transcript
            labels = ItemResolver(
                VocabularyEntry(i, o.label) for i, o in enumerate(options, start=1)
            )
            best = labels.resolve(phrase).best if phrase else None
            index = best.item_id if best else None
        if index is None or not 1 <= index <= len(options):
            self._pending = pending
            text = f"Please say a number from one to {number_to_words(len(options))}."
            return self._reply(command, text)
        self._pending = None
        original = pending.command
        chosen = Command(
            original.intent,
            {**original.slots, **options[index - 1].slots},
            source=original.source,
            transcript=original.transcript,
        )
        return replace(self._dispatch(chosen), intent=command.intent, slots=command.slots)

    # -- cart ----

    def _add(self, command: Command) -> Reply:
        slots = command.slots
        quantity = _quantity(slots.get("quantity"), default=1)
        if "item_id" in slots:
            item_id = int(slots["item_id"])
        elif slots.get("item"):
            item_id = self._resolve_item(command, str(slots["item"]))
        elif self._state.item is not None:
            item_id = self._state.item.item_id
        else:
            return self._reply(command, "What would you like to add? Say 'add a latte'.")
        item = self.client.item(item_id)
        sku = self._pick_sku(command, item)
        cart = self.client.add_line(sku.sku_id, quantity)
        item = replace(item, selected_sku_id=sku.sku_id)
        self._set(cart=cart, item=item)
        added = phrasing.describe(quantity, item.title, phrasing.variant_of(item, sku))
        text = f"Added {added}. {phrasing.cart_summary(cart)}"
        return self._reply(command, text, screen=Screen.CART, item=item)

    def _pick_sku(self, command: Command, item: ItemView) -> SkuOption:
        """The SKU asked for: by id (touch), by spoken variant, else the item's default."""
        if not item.skus:
            raise _Answer(f"{item.title} can't be ordered right now.")
        slots = command.slots
        if "sku_id" in slots:
            sku = _sku(item, int(slots["sku_id"]))
            if sku is None:
                raise _Answer(f"That option of {item.title} is no longer sold.")
            return sku
        variant = str(slots.get("variant") or "").strip().lower()
        if not variant:
            current = self._state.item
            chosen = current.selected_sku_id if current and current.item_id == item.item_id else 0
            return _sku(item, chosen) or _sku(item, item.selected_sku_id) or item.skus[0]
        words = set(re.findall(r"[a-z0-9]+", variant))
        scored = [
            (len(words & set(re.findall(r"[a-z0-9]+", " ".join(s.attributes.values()).lower()))), s)
            for s in item.skus
        ]
        best = max(score for score, _ in scored)
        matches = [s for score, s in scored if score == best]
        if best > 0 and len(matches) == 1:
            return matches[0]
        pool = matches if best > 0 else list(item.skus)
        options = tuple(
            Choice(s.label, {"item_id": item.item_id, "sku_id": s.sku_id})
            for s in pool[:SPOKEN_LIST]
        )
        raise self._ask(command, options, f"Which {item.title}: {{options}}?")

    def _find_line(self, command: Command) -> CartLine:
        """The cart line a command is about: by id (touch), by name, or the only one."""
        cart = self.client.cart()
        self._set(cart=cart)
        lines = cart.lines
        if not lines:
            raise _Answer("Your cart is empty.", Screen.CART)
        slots = command.slots
        if "line_id" in slots:
            found = [ln for ln in lines if ln.line_id == int(slots["line_id"])]
            if found:
                return found[0]
            raise _Answer("That line is no longer in your cart.", Screen.CART)
        phrase = str(slots.get("item") or "")
        if phrase:
            in_cart = {ln.item_id for ln in lines}
            resolution = self._resolver.resolve(phrase, limit=10)
            ids = [m.item_id for m in resolution.candidates if m.item_id in in_cart]
            if not ids:
                local = ItemResolver(VocabularyEntry(ln.item_id, ln.title) for ln in lines).resolve(
                    phrase
                )
                ids = [m.item_id for m in local.candidates[:1]]
            matching = [ln for ln in lines if ids and ln.item_id == ids[0]]
            if not matching:
                raise _Answer(f"There is no {phrase} in your cart.", Screen.CART)
            lines = tuple(matching)
        elif self._state.item is not None and len(lines) > 1:
            lines = tuple(ln for ln in lines if ln.item_id == self._state.item.item_id) or lines
        if len(lines) == 1:
            return lines[0]
        options = tuple(
            Choice(phrasing.describe(ln.quantity, ln.title), {"line_id": ln.line_id})
            for ln in lines[:SPOKEN_LIST]
        )
        raise self._ask(command, options, "Which one: {options}?")

    def _remove(self, command: Command) -> Reply:
        line = self._find_line(command)
        quantity = command.slots.get("quantity")
        fewer = _quantity(quantity, default=line.quantity) if quantity is not None else 0
        if 0 < fewer < line.quantity:
            cart = self.client.set_quantity(line.line_id, line.quantity - fewer)
            gone = phrasing.describe(fewer, line.title)
        else:
            cart = self.client.remove_line(line.line_id)
            gone = phrasing.plural(line.title, line.quantity)
            gone = ("the " + gone) if line.quantity > 1 else phrasing.describe(1, line.title)
        self._set(cart=cart)
        text = f"Removed {gone}. {phrasing.cart_summary(cart)}"
        return self._reply(command, text, screen=Screen.CART)

    def _set_quantity(self, command: Command) -> Reply:
        if command.slots.get("quantity") is None:
            return self._reply(command, "How many would you like?")
        quantity = int(command.slots["quantity"])
        if quantity == 0:
            return self._remove(
                Command(Intent.REMOVE_FROM_CART, dict(command.slots, quantity=None))
            )
        quantity = _quantity(quantity, default=1)
        line = self._find_line(command)
        cart = self.client.set_quantity(line.line_id, quantity)
        self._set(cart=cart)
        text = f"Now {phrasing.describe(quantity, line.title)}. {phrasing.cart_summary(cart)}"
        return self._reply(command, text, screen=Screen.CART)

    def _show_cart(self, command: Command) -> Reply:
        cart = self.client.cart()
        self._set(cart=cart)
        if not cart.lines:
            return self._reply(command, "Your cart is empty.", screen=Screen.CART)
        total = amount_to_words(cart.total_fen, cart.currency)
        text = f"In your cart: {phrasing.cart_lines_words(cart.lines)}. Total {total}."
        return self._reply(command, text, screen=Screen.CART)

    def _clear_cart(self, command: Command) -> Reply:
        cart = self.client.cart()
        for line in cart.lines:
            cart = self.client.remove_line(line.line_id)
        self._set(cart=cart)
        return self._reply(command, "Your cart is now empty.", screen=Screen.CART)

    # -- checkout and orders ----

    def _checkout(self, command: Command, prefix: str = "") -> Reply:
        cart = self.client.cart()
        self._set(cart=cart)
        if not cart.lines:
            return self._reply(command, "Your cart is empty. Say 'add a latte' to start.")
        self._pending = PendingCheckout(
            key=new_idempotency_key(),
            cart=cart,
            delivery=self._delivery(),
            payment_method_id=self._state.payment_method_id or None,
        )
        return self._read_back(command, f"{prefix}You're ordering ")

    def _delivery(self) -> dict[str, Any]:
        """The selected delivery as the order body wants it (home carries its address)."""
        profile = self._profile_info()
        default = dict(profile.default_delivery) if profile else {}
        mode = self._state.delivery_mode or str(default.get("mode") or "to_vehicle")
        return default if default.get("mode") == mode else {"mode": mode}

    def _read_back(self, command: Command, opening: str) -> Reply:
        """The confirmation question: lines with variants, delivery, payment and total."""
        pending = self._pending
        assert isinstance(pending, PendingCheckout)
        # Priced by the store for the chosen delivery mode: the total read back is the one
        # the order is placed with (as expected_total), never a figure worked out here.
        cart = self.client.cart(str(pending.delivery.get("mode") or "") or None)
        pending = replace(pending, cart=cart)
        self._pending = pending
        self._set(pending_order=cart, needs_pin=False)
        where = phrasing.delivery_words(pending.delivery)
        methods = {m.key: m.label for m in self._state.payment_methods}
        paid = methods.get(pending.payment_method_id or "", "")
        total = amount_to_words(cart.total_fen, cart.currency)
        text = f"{opening}{phrasing.cart_lines_words(cart.lines)}"
        text += f", {where}," if where else ","
        text += f" paid with {paid}," if paid else ""
        text += f" for {total}. Shall I place the order?"
        return self._reply(
            command, text, screen=Screen.CONFIRM_ORDER, expecting=Expecting.CONFIRMATION
        )

    def _set_delivery(self, command: Command) -> Reply:
        mode = str(command.slots.get("mode") or "")
        if mode not in {o.key for o in self._state.delivery_options}:
            choices = phrasing.or_words([o.label for o in self._state.delivery_options])
            return self._reply(command, f"Delivery can be {choices}.")
        self._set(delivery_mode=mode)
        return self._changed_choice(command, f"{DELIVERY_LABELS.get(mode, mode)}.")

    def _set_payment(self, command: Command) -> Reply:
        method = str(command.slots.get("method") or "")
        labels = {m.key: m.label for m in self._state.payment_methods}
        if method not in labels:
            return self._reply(command, "This profile has no such payment method.")
        self._set(payment_method_id=method)
        return self._changed_choice(command, f"Paying with {labels[method]}.")

    def _changed_choice(self, command: Command, said: str) -> Reply:
        """A new delivery or payment choice: an open read-back is asked again with it."""
        pending = self._pending
        if isinstance(pending, PendingChoice):
            self._pending = None
        if not isinstance(pending, PendingCheckout):
            return self._reply(command, said)
        self._pending = replace(
            pending,
            cart=self._state.cart,
            delivery=self._delivery(),
            payment_method_id=self._state.payment_method_id or None,
        )
        return self._read_back(command, f"{said} Now: ")

    def _confirm(self, command: Command) -> Reply:
        pending = self._pending
        if isinstance(pending, PendingCheckout):
            return self._place(command, pending, None)
        if isinstance(pending, PendingCancel):
            self._pending = None
            return self._cancel_order(command, pending.order_id)
        return self._reply(command, "There is nothing to confirm right now.")

    def _enter_pin(self, command: Command) -> Reply:
        pending = self._pending
        pin = _pin_from(command)
        if isinstance(pending, PendingCheckout) and pin:
            return self._place(command, pending, pin)
        return self._reply(command, "No PIN is needed right now.")

    def _place(self, command: Command, pending: PendingCheckout, pin: str | None) -> Reply:
        lines = [OrderLineRequest(ln.sku_id, ln.quantity) for ln in pending.cart.lines]
        try:
            order = self.client.place_order(
                pending.key,
                delivery=pending.delivery,
                lines=lines,
                payment_method_id=pending.payment_method_id,
                pin=pin,
                expected_total_fen=pending.cart.total_fen,
            )
        except (PinRequired, Unauthorized):
            return self._ask_pin(command, pending, wrong=pin is not None)
        except ApiUnreachable:
            return self._queue(command, pending, pin)
        except OutOfStock as exc:
            self._pending = None
            self._set(pending_order=None, needs_pin=False, cart=self.client.cart())
            text = f"Sorry, {_sentence(exc.detail)} Nothing was ordered."
            return self._reply(command, text, screen=Screen.CART)
        except PriceChanged as exc:
            self._pending = None
            self._set(pending_order=None, needs_pin=False, cart=self.client.cart())
            changed = phrasing.price_change_words(pending.cart.lines, exc)
            text = f"{changed[0].upper()}{changed[1:]}; your order was not placed. "
            text += "Say check out to confirm the new total."
            return self._reply(command, text, screen=Screen.CART)
        self._pending = None
        return self._placed(command, order, pending.cart)

    def _ask_pin(self, command: Command, pending: PendingCheckout, *, wrong: bool) -> Reply:
        failures = pending.pin_failures + (1 if wrong else 0)
        if failures >= PIN_ATTEMPTS:
            self._pending = None
            self._set(pending_order=None, needs_pin=False)
            text = "That PIN did not work three times, so I did not place the order."
            return self._reply(command, text, screen=Screen.CART)
        self._pending = replace(pending, pin_failures=failures)
        self._set(needs_pin=True)
        if wrong:
            text = "That PIN did not work. Please say your PIN again."
        else:
            profile = self._profile_info()
            limit = profile.spending_limit_fen if profile else None
            above = f" of {amount_to_words(limit)}" if limit is not None else ""
            text = f"This order is above your spending limit{above}. Please say your PIN."
        return self._reply(command, text, screen=Screen.CONFIRM_ORDER, expecting=Expecting.PIN)

    def _placed(self, command: Command, order: OrderView, ordered: CartView) -> Reply:
        """After the store accepted an order: the ordered lines leave the cart."""
        cart = self.client.cart()
        ordered_ids = {ln.line_id for ln in ordered.lines}
        for line in cart.lines:
            if line.line_id in ordered_ids:
                cart = self.client.remove_line(line.line_id)
        self._remember_order(order)
        self._set(cart=cart, pending_order=None, needs_pin=False, current_order=order)
        total = amount_to_words(order.total_fen, order.currency)
        text = f"Order {number_to_words(order.order_id)} is placed, {total}."
        if order.status != "created":
            text += f" It {phrasing.status_words(order.status)}."
        return self._reply(command, text, screen=Screen.TRACKING, order_id=order.order_id)

    def _remember_order(self, order: OrderView) -> None:
        self._last_order_id = order.order_id
        if order.order_id not in self.orders_placed:
            self.orders_placed.append(order.order_id)

    def _queue(self, command: Command, pending: PendingCheckout, pin: str | None) -> Reply:
        """The store is unreachable: keep the confirmed order in the outbox and say so."""
        profile = self._state.profile
        queued = QueuedOrder(
            key=pending.key,
            vin=self.vin,
            profile=profile,
            delivery=dict(pending.delivery),
            payment_method_id=pending.payment_method_id,
            lines=tuple(
                QueuedLine(ln.sku_id, ln.item_id, ln.title, ln.quantity, ln.unit_price_fen)
                for ln in pending.cart.lines
            ),
            total_fen=pending.cart.total_fen,
        )
        self._outbox.add(queued, pin=pin)
        self._pending = None
        waiting = OrderView(
            order_id=0,
            status="queued",
            total_fen=pending.cart.total_fen,
            currency=pending.cart.currency,
            lines=pending.cart.lines,
            created_at="",
            queued=True,
        )
        self._set(pending_order=None, needs_pin=False, current_order=waiting)
        self._sender.ensure_running()
        text = (
            "I can't reach the store right now. Your order is saved and will be sent as soon "
            "as the connection is back; I'll tell you when it goes through."
        )
        return self._reply(command, text, screen=Screen.TRACKING)

    def _deny(self, command: Command) -> Reply:
        pending = self._pending
        self._pending = None
        if isinstance(pending, PendingCheckout):
            self._set(pending_order=None, needs_pin=False)
            return self._reply(
                command, "OK, I did not place the order. Your cart is unchanged.", Screen.CART
            )
        if isinstance(pending, PendingCancel):
            return self._reply(command, f"OK, order {number_to_words(pending.order_id)} stays.")
        return self._reply(command, "OK.")

    def _cancel(self, command: Command) -> Reply:
        pending = self._pending
        if isinstance(pending, PendingCheckout):
            return self._deny(command)
        if isinstance(pending, PendingChoice):
            self._pending = None
            return self._reply(command, "OK, never mind.")
        order = self._state.current_order
        order_id = command.slots.get("order_id") or (order.order_id if order else None)
        if not order_id or (order is not None and order.queued):
            return self._reply(command, "There is nothing to cancel right now.")
        self._pending = PendingCancel(int(order_id))
        spoken = number_to_words(int(order_id))
        return self._reply(
            command,
            f"Cancel order {spoken}? Say yes to cancel it.",
            screen=Screen.TRACKING,
            expecting=Expecting.CONFIRMATION,
        )

    def _cancel_order(self, command: Command, order_id: int) -> Reply:
        spoken = number_to_words(order_id)
        try:
            order = self.client.cancel_order(order_id)
        except Conflict as exc:
            text = f"Order {spoken} can't be cancelled any more: {_sentence(exc.detail)}"
            return self._reply(command, text, screen=Screen.TRACKING)
        self._set(current_order=order)
        return self._reply(command, f"Order {spoken} is cancelled.", screen=Screen.TRACKING)

    def _load_orders(self) -> tuple[OrderView, ...]:
        orders = tuple(sorted(self.client.orders(), key=lambda o: o.order_id, reverse=True))
        self._orders = orders
        self._set(orders=safety.visible(orders, self._state.restriction))
        return orders

    def _order_status(self, command: Command) -> Reply:
        waiting = self._outbox.pending(self.vin, self._state.profile)
        if waiting:
            text = "Your order is waiting to be sent: I can't reach the store yet."
            return self._reply(command, text, screen=Screen.TRACKING)
        wanted = command.slots.get("order_id") or self._last_order_id
        if wanted:
            order = self.client.order(int(wanted))
        else:
            orders = self._load_orders()
            if not orders:
                return self._reply(command, "You have no orders yet.", screen=Screen.ORDERS)
            order = orders[0]
        self._set(current_order=order)
        text = f"Order {number_to_words(order.order_id)} {phrasing.status_words(order.status)}."
        return self._reply(command, text, screen=Screen.TRACKING)

    def _reorder(self, command: Command) -> Reply:
        """Put an order's lines back in the cart and read back: the order tapped in the
        history (`order_id`), else the latest ("order again")."""
        orders = self._load_orders()
        if not orders:
            return self._reply(command, "You have no earlier order to repeat.")
        wanted = command.slots.get("order_id")
        chosen = next((o for o in orders if o.order_id == int(wanted)), None) if wanted else None
        if wanted and chosen is None:
            return self._reply(command, f"There is no order {number_to_words(int(wanted))}.")
        order = chosen or orders[0]
        for line in order.lines:
            self.client.add_line(line.sku_id, line.quantity)
        which = f"order {number_to_words(order.order_id)}" if chosen else "your last order"
        return self._checkout(command, prefix=f"I added {which} to the cart. ")

    # -- navigation, profiles, help ----

    def _open(self, command: Command) -> Reply:
        try:
            screen = Screen(str(command.slots.get("screen", "")))
        except ValueError:
            return self._reply(command, "There is no such screen.")
        if screen is Screen.CART:
            return self._show_cart(command)
        if screen is Screen.TRACKING:
            return self._order_status(command)
        if screen is Screen.ORDERS:
            orders = self._load_orders()
            text = f"You have {number_to_words(len(orders))} orders."
            return self._reply(command, text, screen=Screen.ORDERS)
        if screen is Screen.PROFILES:
            names = [p.name for p in self._state.profiles]
            text = f"Profiles: {phrasing.list_words(names)}."
            return self._reply(command, text, screen=Screen.PROFILES)
        titles = {
            Screen.HOME: "Home.",
            Screen.RESULTS: "Results.",
            Screen.ITEM: "Item.",
            Screen.CONFIRM_ORDER: "Your order.",
            Screen.SETTINGS: "Settings.",
        }
        return self._reply(command, titles[screen], screen=screen)

    def _switch_profile(self, command: Command) -> Reply:
        name = str(command.slots.get("profile") or "").strip()
        if not name:
            return self._reply(command, "Which profile?", screen=Screen.PROFILES)
        known = {p.name: p for p in self._state.profiles}
        if known and name not in known:
            return self._reply(command, f"This car has no profile called {name}.")
        pin = str(command.slots.get("pin") or "") or None
        try:
            self._sign_in(name, pin)
        except Unauthorized:
            needs = pin is None and known.get(name) is not None and known[name].has_pin
            text = f"The {name} profile needs its PIN." if needs else "That PIN is not right."
            return self._reply(command, text, screen=Screen.PROFILES)
        self._results, self._orders, self._last_order_id = (), (), None
        self._set(
            cart=self.client.cart(),
            results=(),
            orders=(),
            item=None,
            current_order=None,
            pending_order=None,
            needs_pin=False,
        )
        return self._reply(command, f"Hello, {name}.", screen=Screen.HOME)

    def _help(self, command: Command) -> Reply:
        text = HELP_TEXT
        if self._state.restriction.active:
            text += " While you drive, use your voice: typing is off and lists are short."
        return self._reply(command, text)

    def _repeat(self, command: Command) -> Reply:
        text = self._last_reply or "I haven't said anything yet."
        return self._reply(command, text)

    def _unknown(self, command: Command) -> Reply:
        return self._reply(command, "Sorry, I didn't get that. Say 'help' to hear what I can do.")

    # -- plumbing ----

    def _sign_in(self, profile: str, pin: str | None) -> None:
        info = self.client.login(self.vin, vehicle_secret(self.vin), profile, pin)
        self._login = info
        active = info.profile.name or profile
        self._set(
            profile=active,
            profiles=tuple(
                ProfileView(
                    name=name,
                    has_pin=has_pin,
                    spending_limit_fen=info.profile.spending_limit_fen if name == active else None,
                    active=name == active,
                )
                for name, has_pin in info.profiles
            ),
            **_order_choices(info.profile),
        )
        self._apply_limits()

    def _profile_info(self) -> ProfileInfo | None:
        return self._login.profile if self._login else None

    def _reply(
        self,
        command: Command,
        text: str,
        screen: Screen | None = None,
        *,
        expecting: Expecting | None = None,
        blocked: bool = False,
        item: ItemView | None = None,
        order_id: int | None = None,
    ) -> Reply:
        if expecting is None:
            expecting = self._waiting_for()
        return Reply(
            text=text,
            screen=screen or self._state.screen,
            intent=command.intent,
            slots=command.slots,
            item_id=item.item_id if item else None,
            item_title=item.title if item else "",
            blocked=blocked,
            order_id=order_id,
            expecting=expecting,
        )

    def _waiting_for(self) -> Expecting:
        """What a short answer next means, given the question still open."""
        pending = self._pending
        if isinstance(pending, PendingChoice):
            return Expecting.CLARIFICATION
        if isinstance(pending, PendingCheckout):
            return Expecting.PIN if self._state.needs_pin else Expecting.CONFIRMATION
        if isinstance(pending, PendingCancel):
            return Expecting.CONFIRMATION
        return Expecting.COMMAND

    def _set(self, **changes: Any) -> None:
        self._state = replace(self._state, **changes)
        for callback in list(self._subscribers):
            callback(self._state)

    # -- the outbox ----

    def _has_queued(self) -> bool:
        return bool(self._state.profile) and bool(
            self._outbox.pending(self.vin, self._state.profile)
        )

    def _flush_in_background(self) -> None:
        with self._lock:
            self._flush_outbox()

    def flush_outbox(self) -> list[FlushResult]:
        """Send queued orders now (the background thread does this every few seconds)."""
        with self._lock:
            return self._flush_outbox()

    def _flush_outbox(self) -> list[FlushResult]:
        results = self._outbox.flush(self.client, self.vin, self._state.profile)
        for result in results:
            if result.outcome is Outcome.PLACED and result.placed is not None:
                self._remember_order(result.placed)
                spoken = number_to_words(result.placed.order_id)
                notice = f"Your saved order went through: order {spoken}."
                self._set(current_order=result.placed, message=notice)
                self._notices.append(notice)
                self._drop_ordered_lines({(ln.sku_id, ln.quantity) for ln in result.order.lines})
            elif result.outcome is Outcome.DROPPED:
                notice = f"Your saved order was not placed: {_sentence(result.reason)}"
                self._set(current_order=None, message=notice)
                self._notices.append(notice)
        if any(r.outcome is Outcome.WAITING for r in results):
            self._sender.ensure_running()
        return [r for r in results if r.outcome is not Outcome.WAITING]

    def _drop_ordered_lines(self, ordered: set[tuple[int, int]]) -> None:
        """Take what a queued order bought out of the cart; a failure here only leaves the
        lines in the cart for the person to see, so it is not worth an error."""
        try:
            cart = self.client.cart()
            for line in cart.lines:
                if (line.sku_id, line.quantity) in ordered:
                    cart = self.client.remove_line(line.line_id)
            self._set(cart=cart)
        except ApiError as exc:
            log.info("could not tidy the cart after a queued order: %s", exc)


def _order_choices(profile: ProfileInfo) -> dict[str, Any]:
    """The delivery and payment choices of a profile, its defaults selected."""
    default = dict(profile.default_delivery)
    modes = ["to_vehicle", "pickup"]
    if default.get("mode") == "home" and default.get("address"):
        modes.append("home")
    methods = profile.payment_methods
    return {
        "delivery_options": tuple(OptionView(m, DELIVERY_LABELS[m]) for m in modes),
        "delivery_mode": str(default.get("mode") or "to_vehicle"),
        "payment_methods": tuple(OptionView(m.id, m.label) for m in methods),
        "payment_method_id": methods[0].id if methods else "",
    }


def _sku(item: ItemView, sku_id: int) -> SkuOption | None:
    return next((s for s in item.skus if s.sku_id == sku_id), None)


def _sentence(text: str) -> str:
    text = text.strip() or "something went wrong"
    return text if text.endswith((".", "!", "?")) else text + "."


def _ordinal(command: Command) -> int | None:
    for key in ("ordinal", "index"):
        value = command.slots.get(key)
        if value is not None:
            try:
                return int(value)
            except (TypeError, ValueError):
                return None
    return None


def _quantity(value: Any, *, default: int) -> int:
    """A quantity a person asked for; out-of-range values are a spoken error, not a 422."""
    if value is None or value == "":
        return default
    try:
        quantity = int(value)
    except (TypeError, ValueError):
        number = words_to_number(str(value))
        if number is None:
            raise _Answer(f"I didn't understand the quantity {value}.") from None
        quantity = number
    if not 1 <= quantity <= MAX_QUANTITY:
        raise _Answer(f"I can add between one and {number_to_words(MAX_QUANTITY)} at a time.")
    return quantity


_DIGIT_WORDS = {"oh": "0", "o": "0", "zero": "0"}


def _pin_from(command: Command) -> str | None:
    """A 4-6 digit PIN from a keypad slot or a spoken answer ("one two three four")."""
    raw = command.slots.get("pin")
    if raw:
        digits = re.sub(r"\D", "", str(raw))
        return digits or None
    if command.source is Source.TOUCH:
        return None
    digits = ""
    for word in re.findall(r"[a-z]+|\d+", command.transcript.lower()):
        if word.isdigit():
            digits += word
        elif word in _DIGIT_WORDS:
            digits += _DIGIT_WORDS[word]
        else:
            number = words_to_number(word)
            if number is not None and 0 <= number <= 9:
                digits += str(number)
    return digits if 4 <= len(digits) <= 6 else None
