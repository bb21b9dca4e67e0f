"""Offline checkout: the API dies before "yes", the order waits on disk, exactly one order
is made when the API is back; a changed price stops it before anything is charged."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from car_ui.outbox import Outcome
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
    assert result.outcome is Outcome.DROPPED and result.reason == reason
    assert session.state.message == f"Your saved order was not placed: {reason}."
    assert order_count(server) == 0
    assert session.flush_outbox() == []
