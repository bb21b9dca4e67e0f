"""What every handler works with: the session's state, the store, and how to answer.

A handler is a plain function `(Context, Command) -> Reply`; the domain modules each register
theirs (see `car_ui.session.ordering`). The context holds what used to be one large class's
private fields, so a handler of one domain reads the same truth as every other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from car_ui import safety
from car_ui.client import LoginInfo, ProfileInfo, RetailClient
from car_ui.errors import NotFound
from car_ui.outbox import Outbox, OutboxSender
from car_ui.session import replies, wording
from car_ui.session.questions import Choice, Pending, PendingChoice, waiting_for
from car_ui.session.terms import Known
from car_ui.vehicle import VehicleState
from core.commands import MAX_QUANTITY, Command, Expecting, Intent, Reply, Screen, Source
from core.numbers import words_to_number
from core.pins import parse_pin
from core.state import CartLine, CartView, ItemView, OrderView, ResultTile, SessionState, SkuOption
from voice.items import ItemResolver

SEARCH_LIMIT = 10
SPOKEN_LIST = 3  # how many results a reply reads out, moving or not


class Answer(Exception):
    """Raised by a helper that needs to answer the person instead of going on (an unknown
    item, a quantity out of range): it carries the reply text and the screen."""

    def __init__(self, text: str, screen: Screen | None = None) -> None:
        super().__init__(text)
        self.text = text
        self.screen = screen


class Context:
    """One session's working state. Not thread-safe by itself: the session holds its lock
    around every handler."""

    def __init__(
        self,
        client: RetailClient,
        *,
        vin: str,
        vehicle: VehicleState,
        outbox: Outbox,
        sender: OutboxSender,
        publish: Callable[[SessionState], None],
        dispatch: Callable[[Command], Reply],
    ) -> None:
        self.client = client
        self.vin = vin
        self.vehicle = vehicle
        self.outbox = outbox
        self.sender = sender
        self.dispatch = dispatch  # answer a command (a chosen option re-runs the original)
        self._publish = publish
        self.state = SessionState(restriction=safety.restriction(vehicle))
        self.login: LoginInfo | None = None
        self.resolver = ItemResolver(())
        self.results: tuple[ResultTile, ...] = ()  # all results; state.results is what shows
        self.orders: tuple[OrderView, ...] = ()
        self.pending: Pending = None
        self.last_reply = ""
        self.last_order_id: int | None = None
        self.notices: list[str] = []  # said before the next reply (a queued order went out)
        self.orders_placed: list[int] = []  # every order id this session got accepted
        # The last order request sent and its idempotency key, kept until its order is known
        # and out of the cart: the same checkout again reuses the key, so it is one order.
        self.unsettled: tuple[str, str] | None = None
        # An accepted order's key and the cart lines it bought, until they leave the cart.
        self.untidied: tuple[str, frozenset[int]] | None = None
        # item id -> what replies name it with: its option groups' defaults (to name only
        # the choices that differ), its Chinese title and category (cart lines carry neither)
        self._known: dict[int, Known] = {}

    def set(self, **changes: Any) -> None:
        """Change the published state; subscribers (the screens) get the new snapshot."""
        self.state = replace(self.state, **changes)
        if "cart" in changes and self.untidied is not None:
            self._forget_gone_lines(self.state.cart)
        self._publish(self.state)

    def _forget_gone_lines(self, cart: CartView) -> None:
        """Bought lines no longer in the cart are not to be taken out any more (the store
        may give a new line a removed line's id); once none is left, the order is settled."""
        assert self.untidied is not None
        key, bought = self.untidied
        left = bought & {line.line_id for line in cart.lines}
        self.untidied = (key, left) if left else None
        if not left:
            self.settle(key)

    def reply(
        self,
        command: Command,
        text: str,
        screen: Screen | None = None,
        *,
        expecting: Expecting | None = None,
        blocked: bool = False,
        failed: bool = False,
        item: ItemView | None = None,
        order_id: int | None = None,
    ) -> Reply:
        if expecting is None:
            expecting = waiting_for(self.pending, needs_pin=self.state.needs_pin)
        return Reply(
            text=text,
            screen=screen or self.state.screen,
            intent=command.intent,
            slots=command.slots,
            item_id=item.item_id if item else None,
            item_title=item.title if item else "",
            blocked=blocked,
            failed=failed,
            order_id=order_id,
            expecting=expecting,
        )

    def ask(
        self,
        command: Command,
        options: tuple[Choice, ...],
        question: Callable[[Sequence[str]], str],
    ) -> Answer:
        """Open a clarifying question; the answer re-runs `command` with the chosen slots."""
        self.pending = PendingChoice(command, options)
        return Answer(question([o.label for o in options]))

    def close_checkout(self, **changes: Any) -> None:
        """The read-back is over (placed, refused or abandoned): nothing waits for a yes."""
        self.pending = None
        self.set(pending_order=None, needs_pin=False, **changes)

    def operated_vehicle(self) -> VehicleState:
        """The vehicle with who operates resolved for the active profile."""
        return self.vehicle.for_profile(self.state.profile)

    def show_results(self, tiles: tuple[ResultTile, ...], query: str) -> None:
        self.results = tiles
        for tile in tiles:
            self._known.setdefault(tile.item_id, Known(tile.title_zh, tile.category))
        self.set(query=query, results=safety.visible(tiles, self.state.restriction))

    def profile_info(self) -> ProfileInfo | None:
        return self.login.profile if self.login else None

    def item(self, item_id: int) -> ItemView:
        """An item's details from the store; what replies name it with is remembered."""
        item = self.client.item(item_id)
        self._known[item.item_id] = Known.of(item)
        return item

    def known_items(self) -> Mapping[int, Known]:
        """What replies name items with, as far as the session has seen them (no request)."""
        return self._known

    def known_of(self, item_id: int) -> Known | None:
        """What replies name one item with, asked of the store only when the language needs
        more than its English title and the session has not seen the item (None: gone from
        the store, or not needed)."""
        if wording.words().needs_item_facts and item_id not in self._known:
            with contextlib.suppress(NotFound):  # gone: it is named by its English title
                self.item(item_id)
        return self._known.get(item_id)

    def title_of(self, item_id: int, title: str) -> str:
        """An item's name in the active language, for a question about items the session
        has only their English titles of (the resolver's matches)."""
        return wording.title(title, self.known_of(item_id))

    def known_for(self, lines: Sequence[CartLine]) -> dict[int, Known]:
        """What replies name the lines' items with, each item asked of the store at most once:
        the option defaults of made-to-order lines, and, when the language names items with
        more than a line carries (Chinese titles), every line's item. An item the store no
        longer knows is left out (it is named by the line's title, its choices all said)."""
        facts = wording.words().needs_item_facts
        wanted = {
            ln.item_id
            for ln in lines
            if (ln.options and self._lacks_defaults(ln.item_id))
            or (facts and ln.item_id not in self._known)
        }
        for item_id in wanted:
            try:
                self.item(item_id)
            except NotFound:
                continue
        known = self._known
        return {ln.item_id: known[ln.item_id] for ln in lines if ln.item_id in known}

    def _lacks_defaults(self, item_id: int) -> bool:
        found = self._known.get(item_id)
        return found is None or found.defaults is None

    def settle(self, key: str) -> None:
        """The order of `key` is known and out of the cart, or was refused: a checkout of the
        same lines from now on is a new order."""
        if self.unsettled is not None and self.unsettled[1] == key:
            self.unsettled = None

    def remember_order(self, order: OrderView) -> None:
        self.last_order_id = order.order_id
        if order.order_id not in self.orders_placed:
            self.orders_placed.append(order.order_id)


Handler = Callable[[Context, Command], Reply]
Handlers = Mapping[Intent, Handler]


# ---- slots -----------------------------------------------------------------------------------


def ordinal(command: Command) -> int | None:
    for key in ("ordinal", "index"):
        value = command.slots.get(key)
        if value is not None:
            try:
                return int(value)
            except (TypeError, ValueError):
                return None
    return None


def quantity(value: Any, *, default: int) -> int:
    """A quantity a person asked for; out-of-range values are a spoken error, not a 422."""
    if value is None or value == "":
        return default
    try:
        wanted = int(value)
    except (TypeError, ValueError):
        number = words_to_number(str(value))
        if number is None:
            raise Answer(replies.quantity_not_understood(value)) from None
        wanted = number
    if not 1 <= wanted <= MAX_QUANTITY:
        raise Answer(replies.quantity_out_of_range())
    return wanted


def pin_from(command: Command) -> str | None:
    """A PIN from the keypad's slot or, for speech, from what was said."""
    raw = command.slots.get("pin")
    if raw:
        return parse_pin(str(raw))
    if command.source is Source.TOUCH:
        return None
    return parse_pin(command.transcript)


def sku_of(item: ItemView, sku_id: int) -> SkuOption | None:
    return next((s for s in item.skus if s.sku_id == sku_id), None)
