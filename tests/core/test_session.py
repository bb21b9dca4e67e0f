"""The ordering session against the real API: flows by voice-as-text and by taps, safety,
and every store error turned into something a person can hear."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from car_ui.script import parse_script
from car_ui.script_runner import TurnPlayer
from car_ui.session import OrderingSession
from car_ui.vehicle import Operator, VehicleState
from core.commands import Command, Expecting, Intent, Screen, Source
from core.numbers import amount_to_words, number_to_words
from tests.core.conftest import SessionFactory, say, set_sku
from tests.servers import ApiServer

TEXT_TURNS: list[dict[str, Any]] = [
    {"text": "find a croissant", "expect": {"intent": "search", "screen": "results"}},
    {"text": "the first one", "expect": {"screen": "item", "item": "croissant"}},
    {"text": "add two", "expect": {"intent": "add_to_cart", "cart_count": 2}},
    {"text": "check out", "expect": {"screen": "confirm_order", "reply_contains": "yuan"}},
    {"text": "yes", "expect": {"intent": "confirm", "order_placed": True, "cart_count": 0}},
]
TAP_TURNS: list[dict[str, Any]] = [
    {"tap": {"action": "open", "screen": "home"}},
    {"tap": {"action": "type_search", "text": "croissant"}, "expect": {"screen": "results"}},
    {"tap": {"action": "pick", "index": 1}, "expect": {"screen": "item", "item": "croissant"}},
    {"tap": {"action": "add", "quantity": 2}, "expect": {"cart_count": 2}},
    {"tap": {"action": "checkout"}, "expect": {"screen": "confirm_order"}},
    {"tap": {"action": "confirm"}, "expect": {"order_placed": True, "screen": "tracking"}},
]


def play(session: OrderingSession, turns: list[dict], tmp_path: Path) -> list[tuple]:
    """Play turns; returns the cart lines (sku, quantity) seen just before checkout."""
    script = parse_script({"turns": turns}, tmp_path / "flow.yaml")
    player = TurnPlayer(session)
    cart_before_checkout: list[tuple] = []
    for turn in script.turns:
        if turn.expect.get("screen") == "confirm_order":
            cart_before_checkout = [(ln.sku_id, ln.quantity) for ln in session.state.cart.lines]
        record = player.play(turn)
        assert record.passed, (turn.label, record.reply, record.expectations)
    return cart_before_checkout


def test_voice_and_touch_reach_the_same_cart_and_order(
    open_session: SessionFactory, tmp_path: Path
) -> None:
    by_voice = open_session()
    voice_cart = play(by_voice, TEXT_TURNS, tmp_path)
    by_touch = open_session()
    touch_cart = play(by_touch, TAP_TURNS, tmp_path)
    assert voice_cart == touch_cart and len(voice_cart) == 1
    voice_order = by_voice.client.order(by_voice.orders_placed[0])
    touch_order = by_touch.client.order(by_touch.orders_placed[0])
    assert voice_order.order_id != touch_order.order_id
    assert [(ln.sku_id, ln.quantity) for ln in voice_order.lines] == voice_cart
    assert [(ln.sku_id, ln.quantity) for ln in touch_order.lines] == voice_cart
    assert voice_order.total_fen == touch_order.total_fen


def test_missing_variant_takes_the_default_and_says_so(open_session: SessionFactory) -> None:
    session = open_session()
    reply = say(session, "add two lattes")
    assert reply.text.startswith("Added two medium Lattes")
    item = session.client.item(reply.item_id or 0)
    (line,) = session.state.cart.lines
    assert line.sku_id == item.selected_sku_id and line.quantity == 2


def test_spoken_variant_picks_that_sku(open_session: SessionFactory) -> None:
    session = open_session()
    reply = say(session, "add a large oat milk latte")
    assert reply.text.startswith("Added one large Latte with oat milk.")
    (line,) = session.state.cart.lines
    sku = next(s for s in session.client.item(line.item_id).skus if s.sku_id == line.sku_id)
    assert sku.attributes == {"size": "large"}  # the size is the SKU, the milk an option
    assert line.options["milk"] == "oat"


def test_ambiguous_item_asks_and_the_answer_adds_the_chosen_one(
    open_session: SessionFactory,
) -> None:
    session = open_session()
    question = say(session, "add a tea")
    assert question.expecting is Expecting.CLARIFICATION and "Did you mean" in question.text
    assert session.state.cart.count == 0
    answer = say(session, "the second one")
    assert answer.text.startswith("Added one")
    (line,) = session.state.cart.lines
    assert line.title.lower() in question.text.lower().split("two, ")[1]


def test_unknown_item_is_never_ordered(open_session: SessionFactory) -> None:
    session = open_session()
    reply = say(session, "add three blorfzaps")
    assert "couldn't find" in reply.text and session.state.cart.count == 0


def test_remove_change_quantity_show_and_clear(open_session: SessionFactory) -> None:
    session = open_session()
    say(session, "add three croissants")
    say(session, "add a latte")
    assert "Removed one Croissant" in say(session, "remove one croissant").text
    assert session.state.cart.count == 3
    say(session, "remove the latte")
    assert [ln.title for ln in session.state.cart.lines] == ["Croissant"]
    assert "two regular Croissants" in say(session, "what's in my cart").text
    assert say(session, "clear my cart").screen is Screen.CART
    assert session.state.cart.count == 0


def test_deny_keeps_the_cart_and_reorder_reads_back(open_session: SessionFactory) -> None:
    session = open_session()
    say(session, "add a croissant")
    readback = say(session, "check out")
    total = amount_to_words(session.state.cart.total_fen)
    assert "one regular Croissant" in readback.text and f"for {total}." in readback.text
    assert say(session, "no").order_id is None and session.state.cart.count == 1
    say(session, "check out")
    placed = say(session, "yes")
    assert placed.order_id is not None
    again = say(session, "order again")
    assert again.screen is Screen.CONFIRM_ORDER and "one regular Croissant" in again.text
    status = say(session, "no")
    assert status.order_id is None
    assert "placed" in say(session, "where is my order").text


def test_cancel_an_order_after_confirmation(open_session: SessionFactory) -> None:
    session = open_session()
    say(session, "add a croissant")
    say(session, "check out")
    order_id = say(session, "yes").order_id
    assert say(session, "cancel").expecting is Expecting.CONFIRMATION
    assert "cancelled" in say(session, "yes").text
    assert session.client.order(order_id or 0).status == "cancelled"


def test_no_then_cancel_to_a_cancel_question_keeps_the_order(open_session: SessionFactory) -> None:
    """ "no, cancel" answers "shall I cancel?" with its first word: it asked the question again."""
    session = open_session()
    say(session, "add a croissant")
    say(session, "check out")
    order_id = say(session, "yes").order_id
    say(session, "cancel my order")
    kept = say(session, "no, cancel")
    assert "stays" in kept.text and kept.expecting is Expecting.COMMAND
    assert session.client.order(order_id or 0).status != "cancelled"


def test_order_above_the_limit_asks_for_the_pin(open_session: SessionFactory) -> None:
    session = open_session()
    say(session, "add ten lattes")
    say(session, "check out")
    ask = say(session, "yes")
    assert ask.expecting is Expecting.PIN and "spending limit" in ask.text
    assert session.state.needs_pin
    wrong = say(session, "9999")
    assert wrong.expecting is Expecting.PIN and "did not work" in wrong.text
    placed = say(session, "one two three four")
    assert placed.order_id is not None and not session.state.needs_pin


def test_driving_rules_in_the_session(open_session: SessionFactory) -> None:
    session = open_session(vehicle=VehicleState(speed_kmh=50, gear="D"))
    typed = Command(Intent.SEARCH, {"text": "tea"}, source=Source.TOUCH, typed=True)
    refused = session.handle(typed)
    assert refused.blocked
    assert refused.text == "Typing is off while driving. Say 'find tea' instead."
    assert session.state.restriction.active and not session.state.restriction.keyboard_allowed
    spoken = say(session, "find tea")
    assert not spoken.blocked and len(session.state.results) == 3
    session.update_vehicle({"operator": "passenger"})
    assert len(session.state.results) > 3 and not session.state.restriction.active
    assert not session.handle(typed).blocked
    session.update_vehicle(VehicleState(speed_kmh=80, gear="D", autonomous=True))
    assert not session.handle(typed).blocked
    session.update_vehicle(VehicleState(operator=Operator.DRIVER))
    assert not session.handle(typed).blocked


def test_the_passenger_profile_operates_as_a_passenger(open_session: SessionFactory) -> None:
    """Scripts can only say `profile: passenger`: that profile types freely while moving,
    the driver's profile does not, and an operator set by hand wins over the profile."""
    typed = Command(Intent.SEARCH, {"text": "tea"}, source=Source.TOUCH, typed=True)
    moving = VehicleState(speed_kmh=60, gear="D")
    passenger = open_session(profile="passenger", vehicle=moving)
    assert not passenger.state.restriction.active
    reply = passenger.handle(typed)
    assert not reply.blocked and reply.screen is Screen.RESULTS and passenger.state.results
    driver = open_session(profile="driver", vehicle=moving)
    assert driver.state.restriction.active and driver.handle(typed).blocked
    passenger.update_vehicle({"operator": "driver"})
    assert passenger.handle(typed).blocked
    assert driver.switch_profile("passenger").text == "Hello, passenger."
    assert not driver.state.restriction.active and not driver.handle(typed).blocked


def test_store_errors_become_replies(
    open_session: SessionFactory, start_api: Callable[..., ApiServer]
) -> None:
    server: ApiServer = start_api()
    session = open_session(server.url)
    # 404: an item the store no longer has
    gone = session.handle(Command(Intent.ADD_TO_CART, {"item_id": 987654}, Source.TOUCH))
    assert "does not know that item" in gone.text
    # out of range quantity: refused before the store sees it
    assert "between one and ninety-nine" in say(session, "add 150 lattes").text
    # 401: a wrong PIN when switching profile
    switched = session.switch_profile("driver", "0000")
    assert switched.text == "That PIN is not right." and session.state.profile == "driver"
    assert session.switch_profile("passenger").text == "Hello, passenger."
    # 409: stock sold elsewhere between the read-back and "yes"
    say(session, "add two croissants")
    say(session, "check out")
    set_sku(server, session.state.cart.lines[0].sku_id, stock=1)
    sold_out = say(session, "yes")
    assert sold_out.order_id is None and "out of stock" in sold_out.text
    assert "Nothing was ordered" in sold_out.text and session.client.orders() == []
    # unreachable
    server.kill()
    down = say(session, "what's in my cart")
    assert down.text == "I can't reach the store right now. Please try again in a moment."
    assert session.state.cart.count == 2  # the last known cart stays on the screen


def test_orders_move_on_with_the_store_clock_and_shipped_ones_stay(
    open_session: SessionFactory, start_api: Callable[..., ApiServer]
) -> None:
    server: ApiServer = start_api()
    session = open_session(server.url)
    say(session, "add a croissant")
    say(session, "check out")
    order_id = say(session, "yes").order_id
    session.client.advance_clock(400, server.admin_token)
    assert (
        say(session, "where is my order").text
        == f"Order {number_to_words(order_id or 0)} is on its way."
    )
    assert say(session, "cancel").expecting is Expecting.CONFIRMATION
    refused = say(session, "yes")
    assert "can't be cancelled any more" in refused.text
    assert session.client.order(order_id or 0).status == "shipped"


def test_an_item_whose_title_is_already_plural_is_said_once_plural(
    open_session: SessionFactory,
) -> None:
    """The spoken bug of issue 8: "add two roses" answered "Added two Roseses with 11 stems
    bunch"."""
    session = open_session()
    reply = say(session, "add two roses")
    assert reply.text.lower().startswith("added two roses with 11 stems."), reply.text


def test_a_sold_out_default_size_is_not_the_one_offered(
    open_session: SessionFactory, start_api: Callable[..., ApiServer]
) -> None:
    """Medium Latte sold out, small and large in stock: the item opens on an in-stock size, the
    reply names it, and "add one" adds that size rather than failing on the sold-out one."""
    server = start_api()
    session = open_session(server.url)
    say(session, "find a latte")
    ordinal, latte = next(
        (n, t) for n, t in enumerate(session.state.results, 1) if t.title == "Latte"
    )
    medium = next(
        s for s in session.client.item(latte.item_id).skus if s.attributes["size"] == "medium"
    )
    set_sku(server, medium.sku_id, stock=0)
    shown = session.handle(Command(Intent.SELECT, {"ordinal": ordinal}, Source.TOUCH))
    item = session.state.item
    assert item is not None
    chosen = next(s for s in item.skus if s.sku_id == item.selected_sku_id)
    assert chosen.attributes["size"] in ("small", "large") and chosen.stock > 0
    assert chosen.attributes["size"] in shown.text.lower()
    added = say(session, "add one")
    (line,) = session.state.cart.lines
    assert line.sku_id == chosen.sku_id
    assert added.text.startswith(f"Added one {chosen.attributes['size']} Latte")
