"""The API client: against the real server every error is a clear exception type; against a
fake store on a real local port, a body of the wrong shape is a MalformedResponse that says
which request and what was wrong, and a token the store stops accepting means one re-login."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from car_ui.client import OrderLineRequest, RetailClient, new_idempotency_key
from car_ui.errors import (
    ApiError,
    ApiUnreachable,
    Conflict,
    MalformedResponse,
    NotFound,
    OutOfStock,
    PinRequired,
    PriceChanged,
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


# -- the real server ----


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


def test_every_read_of_the_real_store_parses(client: RetailClient) -> None:
    """Each response of CONTRACTS section 3 through the wire models, none refused."""
    assert client.categories() and client.vocabulary()["items"]
    page = client.search("latte", limit=3)
    assert page.total >= 1 and page.tiles[0].price_fen > 0
    item = client.item(page.tiles[0].item_id)
    assert item.skus and item.selected_sku_id in {sku.sku_id for sku in item.skus}
    assert client.cart().currency == "CNY"
    assert isinstance(client.orders(), list)


def test_lines_carry_their_options_and_items_their_option_groups(client: RetailClient) -> None:
    """CONTRACTS section 7: a made-to-order drink has option groups; a cart line names every
    choice that defines it."""
    mocha = client.item(client.search("mocha", limit=1).tiles[0].item_id)
    groups = {group.name: group for group in mocha.option_groups}
    assert {"milk", "sweetener"} <= set(groups)
    assert groups["milk"].default in groups["milk"].values and "oat" in groups["milk"].values
    cart = client.add_line(mocha.selected_sku_id, 1, {"milk": "oat"})
    line = next(ln for ln in cart.lines if ln.sku_id == mocha.selected_sku_id)
    assert line.options["milk"] == "oat" and "size" in line.options
    client.remove_line(line.line_id)


def test_the_store_says_whether_an_order_can_still_be_cancelled(client: RetailClient) -> None:
    order = client.place_order(
        new_idempotency_key(),
        delivery={"mode": "pickup"},
        lines=[OrderLineRequest(latte_sku(client), 1)],
    )
    assert order.cancellable is True
    assert client.order(order.order_id).cancellable is True
    cancelled = client.cancel_order(order.order_id)
    assert cancelled.cancellable is False
    assert next(o for o in client.orders() if o.order_id == order.order_id).cancellable is False


def test_a_token_the_store_forgot_means_one_sign_in_and_the_call_goes_through(
    client: RetailClient,
) -> None:
    client.cart()
    assert client.auth.relogins == 0
    client._login_state.token = "a-token-the-store-never-issued"  # as after a store restart
    assert client.cart().currency == "CNY"
    assert client.auth.relogins == 1
    client.cart()
    assert client.auth.relogins == 1  # the new token is kept


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


# -- a fake store on a real port, for shapes the real one never sends ----


@dataclass
class Canned:
    status: int
    body: bytes
    content_type: str = "application/json"


def canned(status: int, body: Any) -> Canned:
    return Canned(status, body if isinstance(body, bytes) else json.dumps(body).encode())


@dataclass
class Seen:
    method: str
    path: str
    authorization: str


@dataclass
class FakeStore:
    """A fake retail API: a stdlib HTTP server on a free local port that answers each
    (method, path) with the responses a test queued (the last one repeats) and records every
    request. POST /sessions signs in with tokens t1, t2, ... unless a test queues otherwise."""

    routes: dict[tuple[str, str], list[Canned]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    tokens: int = 0

    def answer(self, method: str, path: str, *responses: Canned) -> None:
        self.routes[(method, "/api/v1" + path)] = list(responses)

    def respond(self, method: str, path: str, authorization: str) -> Canned:
        self.seen.append(Seen(method, path, authorization))
        queue = self.routes.get((method, path))
        if queue:
            return queue.pop(0) if len(queue) > 1 else queue[0]
        if (method, path) == ("POST", "/api/v1/sessions"):
            self.tokens += 1
            return canned(201, {"token": f"t{self.tokens}", "vehicle": {}, "profile": {}})
        return canned(404, {"type": "not-found", "title": "Not Found", "status": 404})

    def calls(self, method: str, path: str) -> list[Seen]:
        return [s for s in self.seen if (s.method, s.path) == (method, "/api/v1" + path)]


@pytest.fixture
def fake_store() -> Iterator[tuple[FakeStore, str]]:
    store = FakeStore()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            path = self.path.split("?", 1)[0]
            reply = store.respond(self.command, path, self.headers.get("Authorization", ""))
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        do_GET = do_POST = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield store, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake(fake_store: tuple[FakeStore, str]) -> Iterator[tuple[FakeStore, RetailClient]]:
    store, url = fake_store
    client = RetailClient(url, backoff=0.001)
    client.login(VIN, "demo-secret", "driver")
    yield store, client
    client.close()


LINE = {
    "id": 1,
    "sku_id": 11,
    "item_id": 7,
    "title": "Latte",
    "quantity": 2,
    "unit_price": 28.5,
    "line_total": 57.0,
}
ORDER = {"id": 5, "status": "created", "total": 57, "lines": [LINE], "created_at": ""}


def call(client: RetailClient, what: str) -> object:
    calls: dict[str, Callable[[], object]] = {
        "cart": client.cart,
        "search": lambda: client.search("latte"),
        "item": lambda: client.item(7),
        "orders": client.orders,
        "order": lambda: client.order(5),
        "place": lambda: client.place_order("k", delivery={"mode": "pickup"}),
        "categories": client.categories,
        "vocabulary": client.vocabulary,
        "add": lambda: client.add_line(11, 1),
    }
    return calls[what]()


@pytest.mark.parametrize(
    ("what", "method", "path", "response", "message"),
    [
        ("cart", "GET", "/cart", Canned(200, b"<html>oops</html>"), "the body is not JSON"),
        ("cart", "GET", "/cart", canned(200, []), "expected a JSON object, got list"),
        ("cart", "GET", "/cart", canned(200, {"lines": [{"id": 1}]}), "lines.0.sku_id: field"),
        (
            "cart",
            "GET",
            "/cart",
            canned(200, {"lines": [], "total": "lots"}),
            "total: a price must be a number of yuan",
        ),
        (
            "search",
            "GET",
            "/items",
            canned(200, {"items": [{"id": 1, "title": "Latte", "price": None}]}),
            "items.0.price: a price must be a number",
        ),
        ("search", "GET", "/items", canned(200, {"total": 3}), "items: field required"),
        ("item", "GET", "/items/7", canned(200, {"title": "Latte"}), "id: field required"),
        (
            "item",
            "GET",
            "/items/7",
            canned(200, {"id": 7, "title": "Latte", "option_groups": [{"values": 3}]}),
            "option_groups.0.name: field required",
        ),
        ("orders", "GET", "/orders", canned(200, {"orders": "none"}), "orders: input should be"),
        ("order", "GET", "/orders/5", canned(200, {**ORDER, "total": True}), "total: a price"),
        (
            "order",
            "GET",
            "/orders/5",
            canned(200, {**ORDER, "lines": [{**LINE, "options": {"milk": ["oat"]}}]}),
            "lines.0.options.milk",
        ),
        ("place", "POST", "/orders", Canned(201, b""), "the body is empty"),
        ("categories", "GET", "/categories", canned(200, {"a": 1}), "expected a JSON array"),
        ("vocabulary", "GET", "/vocabulary", canned(200, {"items": 3}), "items: input should"),
        ("add", "POST", "/cart/lines", Canned(200, b'{"lines": [', "text/plain"), "not JSON"),
    ],
)
def test_a_malformed_answer_is_a_clear_api_error(
    fake: tuple[FakeStore, RetailClient],
    what: str,
    method: str,
    path: str,
    response: Canned,
    message: str,
) -> None:
    store, client = fake
    store.answer(method, path, response)
    with pytest.raises(MalformedResponse) as caught:
        call(client, what)
    error = caught.value
    assert isinstance(error, ApiError)
    text = str(error)
    assert f"{method} /api/v1{path}" in text and "could not be read" in text
    assert message in text and message in error.detail
    assert error.__cause__ is None  # no pydantic trace behind it
    assert error.__context__ is None or error.__suppress_context__
    for leak in ("KeyError", "ValidationError", "Traceback", "pydantic", "https://"):
        assert leak not in text and leak not in error.detail
    assert len(store.calls(method, path)) == 1  # a malformed answer is not retried


def test_a_malformed_login_answer_is_a_clear_api_error(fake_store: tuple[FakeStore, str]) -> None:
    store, url = fake_store
    store.answer("POST", "/sessions", canned(201, {"vehicle": {"vin": VIN}}))
    with pytest.raises(MalformedResponse, match=r"POST /api/v1/sessions: .* token: field required"):
        RetailClient(url).login(VIN, "demo-secret", "driver")


def test_error_bodies_that_are_not_problems_still_give_the_right_type(
    fake: tuple[FakeStore, RetailClient],
) -> None:
    store, client = fake
    store.answer("GET", "/cart", Canned(502, b"<html>Bad Gateway</html>", "text/html"))
    with pytest.raises(ServerError, match=r"GET /api/v1/cart: 502 Bad Gateway"):
        client.cart()
    assert len(store.calls("GET", "/cart")) == 3  # a 5xx GET is retried
    store.answer("POST", "/orders/5/cancel", canned(409, ["not", "a", "problem"]))
    with pytest.raises(Conflict, match="409 Conflict"):
        client.cancel_order(5)
    problem = {"type": "price-changed", "title": "Price changed", "detail": "now 60", "total": "x"}
    store.answer("POST", "/orders", canned(409, problem))
    with pytest.raises(PriceChanged, match="now 60") as caught:
        client.place_order("k", delivery={"mode": "pickup"})
    assert caught.value.total_fen is None and caught.value.unit_prices_fen == {}


def test_options_option_groups_and_cancellable_reach_the_views(
    fake: tuple[FakeStore, RetailClient],
) -> None:
    store, client = fake
    options = {"size": "large", "milk": "oat"}
    line = {**LINE, "attributes": {"size": "large"}, "options": options}
    store.answer("GET", "/cart", canned(200, {"lines": [line], "total": 57}))
    assert client.cart().lines[0].options == options
    store.answer("GET", "/orders/5", canned(200, {**ORDER, "lines": [line], "cancellable": True}))
    order = client.order(5)
    assert order.cancellable is True and order.lines[0].options == options
    store.answer("GET", "/orders", canned(200, {"orders": [ORDER]}))  # an older store: no flag
    (older,) = client.orders()
    assert older.cancellable is False and older.lines[0].options == {}
    groups = [
        {
            "name": "milk",
            "default": "whole",
            "values": [{"value": "whole", "price_delta": 0}, {"value": "oat", "price_delta": 3}],
        }
    ]
    detail = {"id": 7, "title": "Latte", "skus": [], "option_groups": groups}
    store.answer("GET", "/items/7", canned(200, detail))
    (milk,) = client.item(7).option_groups
    assert (milk.name, milk.default, milk.values) == ("milk", "whole", ("whole", "oat"))
    assert milk.price_delta_fen == {"whole": 0, "oat": 300}
    store.answer("GET", "/items/8", canned(200, {"id": 8, "title": "Water"}))
    assert client.item(8).option_groups == ()


def test_a_401_mid_session_signs_in_once_more_and_retries(
    fake: tuple[FakeStore, RetailClient],
) -> None:
    store, client = fake
    expired = canned(401, {"type": "invalid-token", "title": "Unauthorized", "status": 401})
    store.answer("GET", "/cart", expired, canned(200, {"lines": [], "total": 0}))
    assert client.cart().total_fen == 0
    assert [s.authorization for s in store.calls("POST", "/sessions")] == ["", ""]
    assert [s.authorization for s in store.calls("GET", "/cart")] == ["Bearer t1", "Bearer t2"]
    assert client.auth.relogins == 1
    client.cart()
    assert store.calls("GET", "/cart")[-1].authorization == "Bearer t2"
    assert len(store.calls("POST", "/sessions")) == 2


def test_a_401_after_signing_in_again_is_unauthorized_without_a_loop(
    fake: tuple[FakeStore, RetailClient],
) -> None:
    store, client = fake
    store.answer("GET", "/cart", canned(401, {"type": "invalid-token", "title": "Unauthorized"}))
    with pytest.raises(Unauthorized, match="GET /api/v1/cart: 401"):
        client.cart()
    assert len(store.calls("POST", "/sessions")) == 2 and len(store.calls("GET", "/cart")) == 2

    store.answer("GET", "/cart", canned(401, {"type": "invalid-token", "title": "Unauthorized"}))
    store.answer("POST", "/sessions", canned(401, {"title": "Unauthorized", "detail": "wrong PIN"}))
    with pytest.raises(Unauthorized, match="wrong PIN"):
        client.cart()
    assert len(store.calls("GET", "/cart")) == 3  # not sent again with a token it did not get


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
