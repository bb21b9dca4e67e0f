"""Offline checkout: the API dies before "yes", the order waits on disk, exactly one order
is made when the API is back; a changed price stops it before anything is charged, unless
an earlier attempt already made the order (then it is reported as placed)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from car_ui.client import OrderLineRequest, new_idempotency_key
from car_ui.outbox import Outbox, Outcome, QueuedLine, QueuedOrder
from car_ui.session import OrderingSession
from tests.core.conftest import SessionFactory, order_count, say, set_sku
from tests.servers import ApiServer


def wait_for(condition: Callable[[], object], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def checkout_while_down(session: OrderingSession, server: ApiServer) -> None:
    say(session, "add two croissants")
    readback = say(session, "check out")
    assert "Shall I place the order?" in readback.text
    server.kill()
    queued = say(session, "yes")
    assert queued.order_id is None and "saved" in queued.text
    assert session.state.current_order is not None and session.state.current_order.queued
    assert "waiting to be sent" in say(session, "where is my order").text


def test_killed_mid_checkout_exactly_one_order_after_restart(
    open_session: SessionFactory,
    start_api: Callable[..., ApiServer],
) -> None:
    server: ApiServer = start_api()
    session = open_session(server.url, outbox_interval=0.3)
    notices: list[str] = []
    session.subscribe(lambda state: notices.append(state.message))
    checkout_while_down(session, server)
    server.start()
    assert wait_for(lambda: session.orders_placed), "the outbox thread never sent the order"
    (order_id,) = session.orders_placed
    assert any("went through" in n for n in notices)
    # Every later path that flushes again must not make a second order.
    assert session.flush_outbox() == []
    reply = say(session, "what's in my cart")
    assert reply.text.startswith("Your saved order went through")
    assert session.state.cart.count == 0
    assert order_count(server) == 1
    order = session.client.order(order_id)
    assert [(ln.title, ln.quantity) for ln in order.lines] == [("Croissant", 2)]


def test_a_restarted_head_unit_sends_the_queued_order_once(
    open_session: SessionFactory,
    start_api: Callable[..., ApiServer],
) -> None:
    server: ApiServer = start_api()
    first = open_session(server.url, outbox_interval=60)
    checkout_while_down(first, server)
    first.close()
    server.start()
    second = open_session(server.url)  # start() flushes what the first one left behind
    assert len(second.orders_placed) == 1
    assert order_count(server) == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"price_fen": 1500}, "the price of Croissant changed from ¥12.00 to ¥15.00"),
        ({"stock": 1}, "Croissant is out of stock"),
    ],
    ids=["price changed", "stock gone"],
)
def test_a_changed_store_drops_the_order_and_says_why(
    open_session: SessionFactory,
    start_api: Callable[..., ApiServer],
    change: dict[str, int],
    reason: str,
) -> None:
    server: ApiServer = start_api()
    session = open_session(server.url, outbox_interval=60)
    checkout_while_down(session, server)
    set_sku(server, session.state.cart.lines[0].sku_id, **change)
    server.start()
    (result,) = session.flush_outbox()
    assert result.outcome is Outcome.DROPPED and result.error is not None
    assert session.state.message == f"Your saved order was not placed: {reason}."
    assert order_count(server) == 0
    assert session.flush_outbox() == []


def test_an_order_placed_before_the_response_was_lost_is_reported_placed(
    open_session: SessionFactory,
    start_api: Callable[..., ApiServer],
    tmp_path: Path,
) -> None:
    server: ApiServer = start_api()
    session = open_session(server.url, outbox_interval=60)
    say(session, "add two croissants")
    (line,) = session.state.cart.lines
    queued = QueuedOrder(
        key=new_idempotency_key(),
        vin=session.vin,
        profile=session.state.profile,
        delivery={"mode": "to_vehicle"},
        payment_method_id="alipay",
        lines=(QueuedLine(line.sku_id, line.item_id, line.title, 2, line.unit_price_fen),),
        total_fen=session.state.cart.total_fen,
    )
    # The first attempt reached the store, which made the order; only the answer was lost.
    made = session.client.place_order(
        queued.key,
        delivery=queued.delivery,
        lines=[OrderLineRequest(line.sku_id, 2)],
        payment_method_id=queued.payment_method_id,
        expected_total_fen=queued.total_fen,
    )
    Outbox(tmp_path / "outbox.sqlite3").add(queued)
    set_sku(server, line.sku_id, price_fen=line.unit_price_fen + 300)
    (result,) = session.flush_outbox()
    assert result.outcome is Outcome.PLACED
    assert result.placed is not None and result.placed.order_id == made.order_id
    assert session.orders_placed == [made.order_id]
    assert order_count(server) == 1


def test_a_price_changed_after_the_read_back_is_not_charged(
    open_session: SessionFactory,
    start_api: Callable[..., ApiServer],
) -> None:
    server: ApiServer = start_api()
    session = open_session(server.url, outbox_interval=60)
    say(session, "add two croissants")
    assert "Shall I place the order?" in say(session, "check out").text
    set_sku(server, session.state.cart.lines[0].sku_id, price_fen=1500)
    reply = say(session, "yes")
    assert reply.text == (
        "The price of Croissant changed from ¥12.00 to ¥15.00; your order was not placed. "
        "Say check out to confirm the new total."
    )
    assert order_count(server) == 0
    assert session.state.cart.lines[0].unit_price_fen == 1500
    assert "Shall I place the order?" in say(session, "check out").text
    assert say(session, "yes").order_id is not None
    assert order_count(server) == 1
