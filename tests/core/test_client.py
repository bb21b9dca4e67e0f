"""The API client against the real server: every error is a clear exception type."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from car_ui.client import OrderLineRequest, RetailClient, new_idempotency_key
from car_ui.errors import (
    ApiUnreachable,
    NotFound,
    OutOfStock,
    PinRequired,
    ServerError,
    Unauthorized,
    ValidationFailed,
)
from tests.core.conftest import set_sku
from tests.servers import ApiServer, free_port

VIN = "LVSHFFAL0PF000001"


@pytest.fixture
def client(api_server: ApiServer) -> Iterator[RetailClient]:
    client = RetailClient(api_server.url)
    client.login(VIN, "demo-secret", "passenger")
    yield client
    client.close()


def latte_sku(client: RetailClient) -> int:
    item = client.item(client.search("latte", limit=1).tiles[0].item_id)
    return item.selected_sku_id


def test_login_reports_profiles_limits_and_payment(api_server: ApiServer) -> None:
    client = RetailClient(api_server.url)
    info = client.login(VIN, "demo-secret", "driver")
    assert info.profile.spending_limit_fen == 20000 and info.profile.has_pin
    assert ("passenger", False) in info.profiles and info.profile.payment_methods
    client.close()


def test_unreachable() -> None:
    client = RetailClient(f"http://127.0.0.1:{free_port()}", backoff=0.01)
    with pytest.raises(ApiUnreachable, match="cannot reach the retail API"):
        client.search("latte")


def test_wrong_secret_and_wrong_pin_are_unauthorized(api_server: ApiServer) -> None:
    client = RetailClient(api_server.url)
    with pytest.raises(Unauthorized):
        client.login(VIN, "not-the-secret", "driver")
    with pytest.raises(Unauthorized):
        client.login(VIN, "demo-secret", "driver", pin="0000")


def test_unknown_item_is_not_found(client: RetailClient) -> None:
    with pytest.raises(NotFound):
        client.item(987654)


def test_bad_quantity_is_validation_failed(client: RetailClient) -> None:
    with pytest.raises(ValidationFailed):
        client.add_line(latte_sku(client), 0)


def test_out_of_stock_names_the_item(start_api: Callable[..., ApiServer]) -> None:
    server = start_api()
    client = RetailClient(server.url)
    client.login(VIN, "demo-secret", "passenger")
    sku = latte_sku(client)
    set_sku(server, sku, stock=1)
    with pytest.raises(OutOfStock) as caught:
        client.add_line(sku, 2)
    assert "Latte" in caught.value.detail
    client.close()


def test_order_above_limit_needs_pin_and_key_makes_one_order(api_server: ApiServer) -> None:
    client = RetailClient(api_server.url)
    client.login(VIN, "demo-secret", "driver")
    lines = [OrderLineRequest(latte_sku(client), 10)]
    key = new_idempotency_key()
    delivery = {"mode": "to_vehicle"}
    with pytest.raises(PinRequired):
        client.place_order(key, delivery=delivery, lines=lines)
    before = len(client.orders())
    first = client.place_order(key, delivery=delivery, lines=lines, pin="1234")
    again = client.place_order(key, delivery=delivery, lines=lines, pin="1234")
    assert first.order_id == again.order_id and first.total_fen > 20000
    assert len(client.orders()) == before + 1
    client.close()


class FakeFlakyStore:
    """A fake transport, beside the real-server tests above: fails the first `failures`
    requests with 503 and records every request, to see which calls are retried."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if len(self.requests) <= self.failures:
            return httpx.Response(503, json={"type": "about:blank", "title": "busy"})
        if request.url.path.endswith("/orders"):
            order = {"id": 5, "status": "created", "total": 28, "lines": [], "created_at": ""}
            return httpx.Response(201, json=order)
        return httpx.Response(200, json={"lines": [], "total": 0})


def fake_client(store: FakeFlakyStore) -> RetailClient:
    return RetailClient("http://fake", backoff=0.001, transport=httpx.MockTransport(store))


def test_get_and_orders_are_retried_with_the_same_key_but_cart_changes_are_not() -> None:
    store = FakeFlakyStore(failures=2)
    assert fake_client(store).cart().total_fen == 0
    assert len(store.requests) == 3

    store = FakeFlakyStore(failures=2)
    order = fake_client(store).place_order("key-1", delivery={"mode": "pickup"})
    assert order.order_id == 5
    assert [r.headers["Idempotency-Key"] for r in store.requests] == ["key-1"] * 3

    store = FakeFlakyStore(failures=1)
    with pytest.raises(ServerError):
        fake_client(store).add_line(1, 1)
    assert len(store.requests) == 1
