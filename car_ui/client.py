"""Typed client of the retail API (CONTRACTS section 3) for the head unit.

Why it retries only some calls: a car drops its connection in tunnels, so network errors and
5xx answers are retried with backoff, but only where repeating cannot do harm twice: GETs,
POST /sessions (a sign-in only issues a token) and POST /orders because it carries an
Idempotency-Key that the server deduplicates. Adding to
the cart is never retried blindly (it would add twice). Money arrives as yuan numbers and is
turned into integer fen here, once, so nothing above this layer ever sees a float price.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, RootModel

from car_ui import wire
from car_ui.booking_client import BookingApi
from car_ui.errors import ApiUnreachable
from car_ui.problems import error_from_response, malformed
from car_ui.wire import to_fen
from core.state import CartView, ItemView, OptionView, OrderView, ResultTile

__all__ = [
    "LoginInfo",
    "OrderLineRequest",
    "PaymentMethod",
    "ProfileInfo",
    "RetailClient",
    "SearchPage",
    "SessionAuth",
    "new_idempotency_key",
    "quiet_http_logs",
    "to_fen",
]

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"


def quiet_http_logs() -> None:
    """httpx logs every request at INFO; a shell or a report wants only the replies."""
    if logging.getLogger().level > logging.DEBUG:
        logging.getLogger("httpx").setLevel(logging.WARNING)


def new_idempotency_key() -> str:
    """One key per checkout attempt, reused for every retry of that attempt."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class PaymentMethod:
    id: str
    label: str


@dataclass(frozen=True)
class ProfileInfo:
    name: str
    has_pin: bool
    spending_limit_fen: int | None
    default_delivery: Mapping[str, Any]
    payment_methods: tuple[PaymentMethod, ...]


@dataclass(frozen=True)
class LoginInfo:
    """What POST /sessions tells the head unit about the vehicle and the active profile."""

    token: str
    vin: str
    model: str
    profiles: tuple[tuple[str, bool], ...]  # (name, has_pin) of every profile of the vehicle
    profile: ProfileInfo


@dataclass(frozen=True)
class SearchPage:
    tiles: tuple[ResultTile, ...]
    total: int


@dataclass(frozen=True)
class OrderLineRequest:
    sku_id: int
    quantity: int
    options: Mapping[str, str] = field(default_factory=dict)  # the line's choices (section 7)


def _line_body(line: OrderLineRequest) -> dict[str, Any]:
    body: dict[str, Any] = {"sku_id": line.sku_id, "quantity": line.quantity}
    if line.options:
        body["options"] = dict(line.options)
    return body


W = TypeVar("W", bound=BaseModel)


def _parse(response: httpx.Response, model: type[W]) -> W:
    """The body of a successful response as `model` (an object, or an array for a RootModel
    of a list), or MalformedResponse saying why not."""
    if not response.content:
        raise malformed(response, "the body is empty")
    try:
        body = response.json()
    except ValueError:
        raise malformed(response, "the body is not JSON") from None
    shape, name = (list, "array") if issubclass(model, RootModel) else (dict, "object")
    if not isinstance(body, shape):
        raise malformed(response, f"expected a JSON {name}, got {type(body).__name__}")
    try:
        return model.model_validate(body)
    except wire.ValidationError as exc:
        raise malformed(response, wire.describe(exc)) from None


def _login_info(data: wire.SessionWire) -> LoginInfo:
    profile = data.profile
    return LoginInfo(
        token=data.token,
        vin=data.vehicle.vin,
        model=data.vehicle.model,
        profiles=tuple((p.name, p.has_pin) for p in data.vehicle.profiles),
        profile=ProfileInfo(
            name=profile.name,
            has_pin=profile.has_pin,
            spending_limit_fen=profile.spending_limit,
            default_delivery=dict(profile.default_delivery or {"mode": "to_vehicle"}),
            payment_methods=tuple(
                PaymentMethod(m.id, m.label or m.id) for m in profile.payment_methods
            ),
        ),
    )


class _Login:
    """The credentials of the signed-in profile and its current token."""

    def __init__(self) -> None:
        self.credentials: dict[str, Any] | None = None
        self.token: str | None = None


class SessionAuth(httpx.Auth):
    """Bearer auth that signs in again, once, when the store rejects the token.

    A restarted store forgets its tokens and a token expires; a request refused with 401
    changed nothing, so after a fresh POST /sessions with the same credentials it is sent
    again with the new token. A second 401 (the credentials are no longer accepted) goes to
    the caller as Unauthorized.
    """

    requires_response_body = True  # the login answer's token is read inside the flow

    def __init__(self, login: _Login, build_login: Callable[[Mapping[str, Any]], httpx.Request]):
        self._login = login
        self._build_login = build_login
        self.relogins = 0

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._login.token
        if token:
            request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        credentials = self._login.credentials
        if response.status_code != 401 or credentials is None:
            return
        login_response = yield self._build_login(credentials)
        if login_response.status_code != 201:
            return  # the caller sees why the sign-in failed
        info = _login_info(_parse(login_response, wire.SessionWire))
        self._login.token = info.token
        self.relogins += 1
        log.info("signed in again after a 401 from %s", request.url.path)
        request.headers["Authorization"] = f"Bearer {info.token}"
        yield request


class RetailClient(BookingApi):
    """One vehicle's connection to the store, bound to one profile after `login`; the calls
    for services by appointment come from `BookingApi` (car_ui.booking_client).

    Not tied to a person's session state: the ordering session decides what to do with the
    answers and turns these exceptions into replies.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 5.0,
        attempts: int = 3,
        sign_in_attempts: int = 5,
        backoff: float = 0.2,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._login_state = _Login()
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
            transport=transport,
        )
        self.auth = SessionAuth(self._login_state, self._login_request)
        self._http.auth = self.auth
        self._attempts = max(1, attempts)
        self._sign_in_attempts = max(1, sign_in_attempts)
        self._backoff = backoff
        self.busy_seconds = 0.0  # time spent waiting for the API, for per-turn timings

    @property
    def http(self) -> httpx.Client:
        """The connection pool, for a part that fetches more than JSON (pictures) without a
        second pool and TLS setup of its own."""
        return self._http

    def close(self) -> None:
        self._http.close()

    @property
    def signed_in(self) -> bool:
        """Whether a sign-in went through (the store issued this client a token)."""
        return self._login_state.token is not None

    # -- plumbing ----

    def _login_request(self, credentials: Mapping[str, Any]) -> httpx.Request:
        return self._http.build_request("POST", API_PREFIX + "/sessions", json=dict(credentials))

    def _send(
        self,
        method: str,
        path: str,
        *,
        retry: bool,
        auth: bool = True,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        attempts: int | None = None,
    ) -> httpx.Response:
        """Send one request and return its successful response; retry network errors and 5xx
        when `retry` (`attempts` tries in all, the client's default unless given). A 401 is
        answered by SessionAuth (sign in again once, send again)."""
        tries = attempts or self._attempts
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            try:
                response = self._http.request(
                    method,
                    API_PREFIX + path,
                    json=json,
                    params=params,
                    headers=headers,
                    auth=httpx.USE_CLIENT_DEFAULT if auth else None,
                )
            except httpx.TransportError as exc:
                self.busy_seconds += time.perf_counter() - started
                if retry and attempt < tries:
                    self._sleep(attempt)
                    continue
                raise ApiUnreachable(
                    f"cannot reach the retail API at {self.base_url}: {exc or type(exc).__name__}"
                ) from exc
            self.busy_seconds += time.perf_counter() - started
            if response.status_code >= 500 and retry and attempt < tries:
                self._sleep(attempt)
                continue
            if response.status_code >= 400:
                raise error_from_response(response)
            return response

    def _get(self, path: str, model: type[W], params: Mapping[str, Any] | None = None) -> W:
        return _parse(self._send("GET", path, retry=True, params=params), model)

    def _post(
        self,
        path: str,
        model: type[W],
        *,
        retry: bool,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> W:
        response = self._send("POST", path, retry=retry, json=json, headers=headers)
        return _parse(response, model)

    def _sleep(self, attempt: int) -> None:
        delay = self._backoff * 2 ** (attempt - 1)
        log.debug("retrying in %.2fs", delay)
        time.sleep(delay)

    # -- the API ----------------------------------------------------------------------------

    def login(self, vin: str, secret: str, profile: str, pin: str | None = None) -> LoginInfo:
        """Open a session for one vehicle and profile; later calls act as that profile.

        A sign-in changes nothing but issue a token, so a lost connection or a 5xx is tried
        again with backoff, up to `sign_in_attempts` tries; a refusal (401 Unauthorized, 429
        TooManyAttempts) is final at once: repeating a wrong secret only counts against it."""
        credentials: dict[str, Any] = {"vin": vin, "secret": secret, "profile": profile}
        if pin:
            credentials["pin"] = pin
        response = self._send(
            "POST",
            "/sessions",
            retry=True,
            auth=False,
            json=credentials,
            attempts=self._sign_in_attempts,
        )
        info = _login_info(_parse(response, wire.SessionWire))
        self._login_state.token = info.token
        self._login_state.credentials = credentials
        return info

    def vocabulary(self) -> dict[str, Any]:
        """The GET /vocabulary payload, for voice.items.ItemResolver.from_api."""
        return self._get("/vocabulary", wire.VocabularyWire).model_dump()

    def categories(self) -> tuple[OptionView, ...]:
        """The store's categories: the slug the `category=` search filter takes, and a name."""
        return tuple(row.to_view() for row in self._get("/categories", wire.CategoriesWire).root)

    def search(
        self, query: str, *, category: str | None = None, limit: int = 10, offset: int = 0
    ) -> SearchPage:
        params: dict[str, Any] = {"q": query, "limit": limit, "offset": offset}
        if category:
            params["category"] = category
        page = self._get("/items", wire.SearchWire, params)
        return SearchPage(tuple(tile.to_view() for tile in page.items), page.total)

    def item(self, item_id: int) -> ItemView:
        return self._get(f"/items/{int(item_id)}", wire.ItemWire).to_view()

    def cart(self, delivery_mode: str | None = None) -> CartView:
        """The cart as the store prices it, for `delivery_mode` or the profile's default."""
        params = {"delivery": delivery_mode} if delivery_mode else None
        return self._get("/cart", wire.CartWire, params).to_view()

    def add_line(
        self, sku_id: int, quantity: int, options: Mapping[str, str] | None = None
    ) -> CartView:
        body: dict[str, Any] = {"sku_id": int(sku_id), "quantity": int(quantity)}
        if options:
            body["options"] = dict(options)
        return self._cart_change("POST", "/cart/lines", body)

    def set_quantity(self, line_id: int, quantity: int) -> CartView:
        return self._cart_change(
            "PATCH", f"/cart/lines/{int(line_id)}", {"quantity": int(quantity)}
        )

    def remove_line(self, line_id: int) -> CartView:
        return self._cart_change("DELETE", f"/cart/lines/{int(line_id)}", None)

    def _cart_change(self, method: str, path: str, body: Any) -> CartView:
        # Never retried: a lost answer to "add two" must not add four.
        response = self._send(method, path, retry=False, json=body)
        return _parse(response, wire.CartWire).to_view()

    def place_order(
        self,
        idempotency_key: str,
        *,
        delivery: Mapping[str, Any],
        lines: Sequence[OrderLineRequest] | None = None,
        payment_method_id: str | None = None,
        pin: str | None = None,
        expected_total_fen: int | None = None,
    ) -> OrderView:
        """POST /orders; safe to retry because the server answers a repeated key with the
        order it already made. With `expected_total_fen` (the total the person confirmed) the
        store refuses a different total with PriceChanged and places nothing."""
        body: dict[str, Any] = {"delivery": dict(delivery)}
        if expected_total_fen is not None:
            body["expected_total"] = round(expected_total_fen / 100, 2)
        if lines is not None:
            body["lines"] = [_line_body(ln) for ln in lines]
        if payment_method_id is not None:
            body["payment_method_id"] = payment_method_id
        if pin:
            body["pin"] = pin
        response = self._send(
            "POST", "/orders", retry=True, json=body, headers={"Idempotency-Key": idempotency_key}
        )
        return _parse(response, wire.OrderWire).to_view()

    def orders(self) -> list[OrderView]:
        return [order.to_view() for order in self._get("/orders", wire.OrdersWire).orders]

    def order(self, order_id: int) -> OrderView:
        return self._get(f"/orders/{int(order_id)}", wire.OrderWire).to_view()

    def cancel_order(self, order_id: int) -> OrderView:
        response = self._send("POST", f"/orders/{int(order_id)}/cancel", retry=False)
        return _parse(response, wire.OrderWire).to_view()

    def advance_clock(self, seconds: float, admin_token: str | None = None) -> None:
        """Move the server's order-lifecycle clock (demos and tests): an operator call, with
        `admin_token` or INCAR_ADMIN_TOKEN (none is needed on a `--demo-clock` server)."""
        token = admin_token or os.environ.get("INCAR_ADMIN_TOKEN")
        headers = {"X-Admin-Token": token} if token else None
        self._send(
            "POST", "/admin/clock", retry=False, json={"advance_seconds": seconds}, headers=headers
        )
