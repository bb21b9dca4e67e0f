"""What a person chooses around an order: the variant on each line, delivery and payment on
the confirm screen, a category from Home, and which past order to repeat."""

from __future__ import annotations

import httpx

from car_ui.touch import command_for, parse_tap
from core.commands import Expecting, Screen
from core.numbers import amount_to_words
from tests.core.conftest import SessionFactory, say
from tests.servers import ApiServer

VIN = "LVSHFFAL0PF000001"


def tap(session, **action):
    return session.handle(command_for(parse_tap(action), session.state))


def order_json(server: ApiServer, order_id: int, profile: str = "driver") -> dict:
    """The order as the store keeps it, read with a fresh sign-in."""
    with httpx.Client(base_url=f"{server.url}/api/v1") as http:
        login = {"vin": VIN, "secret": "demo-secret", "profile": profile}
        token = http.post("/sessions", json=login).json()["token"]
        response = http.get(f"/orders/{order_id}", headers={"Authorization": f"Bearer {token}"})
        response.raise_for_status()
        return dict(response.json())


def test_cart_lines_carry_their_variant_and_the_read_back_names_it(
    open_session: SessionFactory,
) -> None:
    """The size is the SKU; the milk is a made-to-order choice the line carries (CONTRACTS 7)."""
    session = open_session()
    say(session, "add two large oat milk lattes")
    (line,) = session.state.cart.lines
    assert line.attributes == {"size": "large"}
    assert line.options["size"] == "large" and line.options["milk"] == "oat"
    readback = say(session, "check out")
    assert "two large Lattes with oat milk" in readback.text
    placed = say(session, "yes")
    assert placed.order_id is not None
    tracked = session.state.current_order
    assert tracked is not None and tracked.lines[0].attributes == {"size": "large"}
    assert tracked.lines[0].options["milk"] == "oat"


def test_delivery_and_payment_are_chosen_by_touch_and_used_by_the_order(
    open_session: SessionFactory, api_server: ApiServer
) -> None:
    session = open_session()
    state = session.state
    assert [o.key for o in state.delivery_options] == ["to_vehicle", "pickup"]
    assert state.delivery_mode == "to_vehicle"
    methods = [m.key for m in state.payment_methods]
    assert state.payment_method_id == methods[0] and "wechat-pay" in methods
    say(session, "add a croissant")
    readback = say(session, "check out")
    assert "delivered to your car" in readback.text and "paid with Alipay" in readback.text
    delivered_total = session.state.pending_order.total_fen  # type: ignore[union-attr]
    pickup = tap(session, action="delivery", mode="pickup")
    assert pickup.expecting is Expecting.CONFIRMATION and pickup.screen is Screen.CONFIRM_ORDER
    assert "for pickup" in pickup.text and session.state.delivery_mode == "pickup"
    pending = session.state.pending_order
    assert pending is not None and pending.delivery_fee_fen == 0
    assert pending.total_fen < delivered_total  # a croissant alone pays the delivery fee
    assert f"for {amount_to_words(pending.total_fen)}." in pickup.text
    paid = tap(session, action="payment", method="wechat-pay")
    assert "paid with WeChat Pay" in paid.text and session.state.payment_method_id == "wechat-pay"
    assert "no such payment" in tap(session, action="payment", method="cash").text
    placed = tap(session, action="confirm")
    assert placed.order_id is not None
    stored = order_json(api_server, placed.order_id)
    assert stored["delivery"] == {"mode": "pickup"}
    assert stored["payment_method_id"] == "wechat-pay"
    assert round(stored["total"] * 100) == pending.total_fen


def test_home_categories_come_from_the_store_and_a_tap_lists_one(
    open_session: SessionFactory,
) -> None:
    session = open_session()
    categories = {c.key: c.label for c in session.state.categories}
    assert len(categories) >= 10 and categories["bakery"] == "Bakery"
    reply = tap(session, action="category", category="bakery")
    assert reply.screen is Screen.RESULTS and reply.text.startswith("Bakery: ")
    assert session.state.query == "Bakery" and session.state.results
    assert "Croissant" in [t.title for t in session.state.results]
    assert all(t.category in ("bakery", "Bakery") for t in session.state.results)


def test_any_order_can_be_reordered_and_order_again_repeats_the_latest(
    open_session: SessionFactory,
) -> None:
    session = open_session()
    placed = []
    for item in ("a croissant", "two lattes"):
        say(session, f"add {item}")
        say(session, "check out")
        placed.append(say(session, "yes").order_id)
    first, latest = placed
    assert first is not None and latest is not None
    older = tap(session, action="reorder", order_id=first)
    assert older.screen is Screen.CONFIRM_ORDER and "one regular Croissant" in older.text
    assert [ln.title for ln in session.state.cart.lines] == ["Croissant"]
    say(session, "no")
    say(session, "clear my cart")
    again = say(session, "order again")
    assert "your last order" in again.text and "two medium Lattes" in again.text
    assert "There is no order" in tap(session, action="reorder", order_id=999999).text
