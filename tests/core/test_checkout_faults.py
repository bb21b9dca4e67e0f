"""Checkouts through a lossy link (tests/core/lossy_proxy.py) to a real store: "the store
accepted the order" is final, and nothing is ordered that was not read back and confirmed.

Issue 11, defects 1 and 2: a lost follow-up after the store accepted an order must neither
hide the order nor let a repeated checkout make a second one; a read-back that failed must
leave nothing waiting for a "yes".
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import pytest

from car_ui.session import OrderingSession
from core.commands import Expecting
from tests.core.conftest import SessionFactory, order_count, say
from tests.core.lossy_proxy import LossyProxy, Rule
from tests.servers import ApiServer

CART = "/api/v1/cart"
ORDERS = "/api/v1/orders"


@pytest.fixture
def store(start_api: Callable[..., ApiServer]) -> ApiServer:
    """A store of its own: these tests count every order of the driver profile."""
    return start_api()


@pytest.fixture
def proxy(store: ApiServer) -> Iterator[LossyProxy]:
    with LossyProxy(store.url) as lossy:
        yield lossy


def _fill(session: OrderingSession) -> None:
    assert "Added" in say(session, "add two croissants").text


def test_a_lost_cart_refresh_after_the_order_was_accepted_still_says_placed(
    open_session: SessionFactory, store: ApiServer, proxy: LossyProxy
) -> None:
    session = open_session(proxy.url, profile="passenger")
    _fill(session)
    assert say(session, "check out").expecting is Expecting.CONFIRMATION
    # The order goes through; every try of the cart refresh after it is lost.
    proxy.add(Rule("GET", CART, "fail", times=3, after="POST " + ORDERS))
    placed = say(session, "yes")
    assert proxy.lost["fail GET /api/v1/cart"] == 3
    assert placed.order_id is not None, placed.text
    assert "is placed" in placed.text and "can't reach" not in placed.text
    assert session.orders_placed == [placed.order_id]
    assert session.state.current_order is not None
    assert session.state.current_order.order_id == placed.order_id
    # Checking out again cannot make a second order of the same cart.
    again = say(session, "check out")
    if again.expecting is Expecting.CONFIRMATION:
        say(session, "yes")
    assert order_count(store, "passenger") == 1
    assert session.state.cart.count == 0


def test_a_lost_order_reply_and_a_checkout_again_make_one_order(
    open_session: SessionFactory, store: ApiServer, proxy: LossyProxy
) -> None:
    session = open_session(proxy.url, profile="passenger", outbox_interval=60)
    _fill(session)
    say(session, "check out")
    # The store places the order but no reply reaches the car, on every try: it is queued,
    # and for a while no order request gets through at all.
    proxy.add(Rule("POST", ORDERS, "drop_reply", times=3), Rule("POST", ORDERS, "drop_request"))
    queued = say(session, "yes")
    assert proxy.lost["drop_reply POST /api/v1/orders"] == 3
    assert queued.order_id is None and "saved" in queued.text
    # The person checks out the same cart again...
    again = say(session, "check out")
    # ...and the link is back before the "yes".
    proxy.clear()
    if again.expecting is Expecting.CONFIRMATION:
        say(session, "yes")
    session.flush_outbox()
    assert order_count(store, "passenger") == 1
    assert len(session.orders_placed) == 1


def test_a_failed_read_back_leaves_nothing_to_confirm(
    open_session: SessionFactory, store: ApiServer, proxy: LossyProxy
) -> None:
    session = open_session(proxy.url, profile="passenger")
    _fill(session)
    # The cart is read, but the store cannot price it for the read-back.
    proxy.add(Rule("GET", CART, "fail", times=3, query="delivery="))
    asked = say(session, "check out")
    assert proxy.lost["fail GET /api/v1/cart"] == 3
    assert asked.expecting is Expecting.COMMAND
    assert "total" in asked.text and "not placed" in asked.text, asked.text
    assert session.state.pending_order is None
    yes = say(session, "yes")
    assert yes.order_id is None
    assert order_count(store, "passenger") == 0


def test_ten_checkouts_through_a_lossy_link_make_one_order_each(
    open_session: SessionFactory, store: ApiServer, proxy: LossyProxy
) -> None:
    """Seeded faults on every step of a checkout: exactly one order per confirmed checkout
    whose read-back was heard, and none for a checkout that was not confirmed."""
    rng = random.Random(11)
    session = open_session(proxy.url, profile="passenger", outbox_interval=60)
    confirmed = 0
    for _ in range(10):
        proxy.clear()
        _fill(session)
        proxy.add(
            Rule("GET", CART, "fail", query="delivery=", times=rng.choice([0, 0, 0, 3])),
            Rule("POST", ORDERS, "drop_reply", times=rng.choice([0, 1, 3])),  # reply lost
            # the refresh after the order, and the removal of the ordered lines
            Rule("GET", CART, "fail", times=rng.choice([0, 3]), after="POST " + ORDERS),
            Rule("DELETE", CART, "drop_request", times=rng.choice([0, 1]), after="POST " + ORDERS),
        )
        asked = say(session, "check out")
        if asked.expecting is not Expecting.CONFIRMATION:
            assert "total" in asked.text, asked.text
        else:
            if rng.random() < 0.2:
                assert say(session, "no").order_id is None
            else:
                said = say(session, "yes")
                assert "can't reach the store right now. Please try" not in said.text
                confirmed += 1
        proxy.clear()
        session.flush_outbox()
        say(session, "clear my cart")
    session.flush_outbox()
    assert confirmed >= 5
    assert order_count(store, "passenger") == confirmed
    assert len(session.orders_placed) == confirmed


def test_a_changed_cart_is_not_checked_out_while_an_order_waits_to_be_sent(
    open_session: SessionFactory, store: ApiServer, proxy: LossyProxy
) -> None:
    """The queued croissants stay in the cart until their order is through; a water added and
    a new checkout meanwhile must not buy the croissants a second time."""
    session = open_session(proxy.url, profile="passenger", outbox_interval=60)
    _fill(session)
    say(session, "check out")
    proxy.add(Rule("POST", ORDERS, "drop_reply", times=3), Rule("POST", ORDERS, "drop_request"))
    queued = say(session, "yes")
    assert queued.order_id is None and "saved" in queued.text
    assert "Added" in say(session, "add a bottled water").text
    refused = say(session, "check out")
    assert "still waiting to be sent" in refused.text, refused.text
    assert refused.expecting is not Expecting.CONFIRMATION
    assert say(session, "yes").order_id is None
    proxy.clear()
    session.flush_outbox()
    assert order_count(store, "passenger") == 1
    # Once it is through, the croissants have left the cart and the water can be ordered.
    again = say(session, "check out")
    assert again.expecting is Expecting.CONFIRMATION, again.text
    assert "croissant" not in again.text.lower() and "water" in again.text.lower()
    assert say(session, "yes").order_id is not None
    assert order_count(store, "passenger") == 2
