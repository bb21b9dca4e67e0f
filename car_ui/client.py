"""Typed client of the retail API (CONTRACTS section 3) for the head unit.

Why it retries only some calls: a car drops its connection in tunnels, so network errors and
5xx answers are retried with backoff, but only where repeating cannot do harm twice: GETs, and
POST /orders because it carries an Idempotency-Key that the server deduplicates. Adding to
the cart is never retried blindly (it would add twice). Money arrives as yuan numbers and is
turned into integer fen here, once, so nothing above this layer ever sees a float price.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from car_ui.errors import (
    ApiError,
    ApiUnreachable,
    Conflict,
    Forbidden,
    NotFound,
    OutOfStock,
    PinRequired,
    PriceChanged,
    ServerError,
    Unauthorized,
    ValidationFailed,
)
from car_ui.state import (
    CartLine,
    CartView,
    ItemView,
    OptionView,
    OrderView,
    ResultTile,
    SkuOption,
)

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"


def quiet_http_logs() -> None:
    """httpx logs every request at INFO; a shell or a report wants only the replies."""
    if logging.getLogger().level > logging.DEBUG:
        logging.getLogger("httpx").setLevel(logging.WARNING)


def to_fen(yuan: Any) -> int:
    """28.5 → 2850 (the agreed conversion: round(x*100))."""
    return round(float(yuan) * 100)


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


def _problem_class(status: int, problem_type: str) -> type[ApiError]:
    kind = problem_type.rstrip("/").rsplit("/", 1)[-1]
    if status == 401:
        return Unauthorized
    if status == 403:
        return PinRequired if kind == "pin-required" else Forbidden
    if status == 404:
        return NotFound
    if status == 409:
        return {"out-of-stock": OutOfStock, "price-changed": PriceChanged}.get(kind, Conflict)
    if status in (400, 422):
        return ValidationFailed
    if status >= 500:
        return ServerError
    return ApiError


def _error_from_response(response: httpx.Response) -> ApiError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    detail = body.get("detail")
    if isinstance(detail, list):  # FastAPI's own 422s carry a list of field errors
        detail = "; ".join(str(err.get("msg", err)) for err in detail if isinstance(err, dict))
    elif not isinstance(detail, str):
        detail = ""
    title = str(body.get("title") or response.reason_phrase or "error")
    cls = _problem_class(response.status_code, str(body.get("type") or ""))
    message = f"{response.request.method} {response.request.url.path}: {response.status_code} "
    message += f"{title}" + (f" ({detail})" if detail else "")
    if cls is PriceChanged:
        return _price_changed(body, message, detail or title)
    return cls(message, detail=detail or title, status=response.status_code)


def _price_changed(body: Mapping[str, Any], message: str, detail: str) -> PriceChanged:
    """The 409 price-changed problem carries the current lines and totals (extension
    members); a body without them still gives a PriceChanged, just a less specific one."""
    try:
        prices = {int(ln["sku_id"]): to_fen(ln["unit_price"]) for ln in body.get("lines") or ()}
        total = to_fen(body["total"]) if "total" in body else None
        expected = to_fen(body["expected_total"]) if "expected_total" in body else None
    except (KeyError, TypeError, ValueError):
        prices, total, expected = {}, None, None
    return PriceChanged(
        message,
        detail=detail,
        status=409,
        unit_prices_fen=prices,
        total_fen=total,
        expected_total_fen=expected,
    )


def _tile(data: Mapping[str, Any]) -> ResultTile:
    return ResultTile(
        item_id=int(data["id"]),
        title=str(data["title"]),
        title_zh=str(data.get("title_zh") or ""),
        price_fen=to_fen(data["price"]),
        currency=str(data.get("currency") or "CNY"),
        shop=str(data.get("shop") or ""),
        category=str(data.get("category") or ""),
        in_stock=bool(data.get("in_stock", True)),
    )


def _attributes(data: Mapping[str, Any]) -> dict[str, str]:
    """A SKU's or a line's variant, {"size": "medium", "milk": "whole"}."""
    return {str(k): str(v) for k, v in (data.get("attributes") or {}).items()}


def _item(data: Mapping[str, Any]) -> ItemView:
    skus = tuple(
        SkuOption(
            sku_id=int(sku["id"]),
            attributes=_attributes(sku),
            price_fen=to_fen(sku["price"]),
            stock=int(sku.get("stock", 0)),
        )
        for sku in data.get("skus") or ()
    )
    default = data.get("default_sku_id")
    selected = int(default) if default is not None else (skus[0].sku_id if skus else 0)
    return ItemView(
        item_id=int(data["id"]),
        title=str(data["title"]),
        title_zh=str(data.get("title_zh") or ""),
        shop=str(data.get("shop") or ""),
        category=str(data.get("category") or ""),
        description=str(data.get("description") or ""),
        rating=float(data.get("rating") or 0.0),
        skus=skus,
        selected_sku_id=selected,
    )


def _line(data: Mapping[str, Any]) -> CartLine:
    return CartLine(
        line_id=int(data["id"]),
        sku_id=int(data["sku_id"]),
        item_id=int(data["item_id"]),
        title=str(data["title"]),
        quantity=int(data["quantity"]),
        unit_price_fen=to_fen(data["unit_price"]),
        line_total_fen=to_fen(data["line_total"]),
        attributes=_attributes(data),
    )


def _cart(data: Mapping[str, Any]) -> CartView:
    return CartView(
        lines=tuple(_line(line) for line in data.get("lines") or ()),
        subtotal_fen=to_fen(data.get("subtotal", 0)),
        discount_fen=to_fen(data.get("discount", 0)),
        delivery_fee_fen=to_fen(data.get("delivery_fee", 0)),
        total_fen=to_fen(data.get("total", 0)),
        currency=str(data.get("currency") or "CNY"),
    )


def order_from_json(data: Mapping[str, Any]) -> OrderView:
    return OrderView(
        order_id=int(data["id"]),
        status=str(data["status"]),
        total_fen=to_fen(data["total"]),
        currency=str(data.get("currency") or "CNY"),
        lines=tuple(_line(line) for line in data.get("lines") or ()),
        created_at=str(data.get("created_at") or ""),
        history=tuple((str(h["status"]), str(h["at"])) for h in data.get("history") or ()),
    )


def _login(data: Mapping[str, Any]) -> LoginInfo:
    vehicle = data.get("vehicle") or {}
    profile = data.get("profile") or {}
    limit = profile.get("spending_limit")
    return LoginInfo(
        token=str(data["token"]),
        vin=str(vehicle.get("vin") or ""),
        model=str(vehicle.get("model") or ""),
        profiles=tuple(
            (str(p["name"]), bool(p.get("has_pin"))) for p in vehicle.get("profiles") or ()
        ),
        profile=ProfileInfo(
            name=str(profile.get("name") or ""),
            has_pin=bool(profile.get("has_pin")),
            spending_limit_fen=to_fen(limit) if limit is not None else None,
            default_delivery=dict(profile.get("default_delivery") or {"mode": "to_vehicle"}),
            payment_methods=tuple(
                PaymentMethod(str(m["id"]), str(m.get("label") or m["id"]))
                for m in profile.get("payment_methods") or ()
            ),
        ),
    )


class RetailClient:
    """One vehicle's connection to the store, bound to one profile after `login`.

    Not tied to a person's session state: the ordering session decides what to do with the
    answers and turns these exceptions into replies.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 5.0,
        attempts: int = 3,
        backoff: float = 0.2,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
            transport=transport,
        )
        self._attempts = max(1, attempts)
        self._backoff = backoff
        self._token: str | None = None
        self._credentials: dict[str, Any] | None = None
        self.busy_seconds = 0.0  # time spent waiting for the API, for per-turn timings

    def close(self) -> None:
        self._http.close()

    # -- plumbing ----

    def _request(
        self,
        method: str,
        path: str,
        *,
        retry: bool,
        auth: bool = True,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one request; retry network errors and 5xx when `retry`; re-login once on 401
        (a restarted server forgets tokens, and a rejected request changed nothing)."""
        relogged = False
        attempt = 0
        while True:
            attempt += 1
            all_headers = dict(headers or {})
            if auth and self._token:
                all_headers["Authorization"] = f"Bearer {self._token}"
            started = time.perf_counter()
            try:
                response = self._http.request(
                    method, API_PREFIX + path, json=json, params=params, headers=all_headers
                )
            except httpx.TransportError as exc:
                self.busy_seconds += time.perf_counter() - started
                if retry and attempt < self._attempts:
                    self._sleep(attempt)
                    continue
                raise ApiUnreachable(
                    f"cannot reach the retail API at {self.base_url}: {exc or type(exc).__name__}"
                ) from exc
            self.busy_seconds += time.perf_counter() - started
            if response.status_code >= 500 and retry and attempt < self._attempts:
                self._sleep(attempt)
                continue
            if response.status_code == 401 and auth and self._credentials and not relogged:
                relogged = True
                self._login(self._credentials)
                continue
            if response.status_code >= 400:
                raise _error_from_response(response)
            return response.json() if response.content else None

    def _sleep(self, attempt: int) -> None:
        delay = self._backoff * 2 ** (attempt - 1)
        log.debug("retrying in %.2fs", delay)
        time.sleep(delay)

    def _login(self, credentials: Mapping[str, Any]) -> LoginInfo:
        data = self._request("POST", "/sessions", retry=False, auth=False, json=credentials)
        info = _login(data)
        self._token = info.token
        return info

    # -- the API ----------------------------------------------------------------------------

    def login(self, vin: str, secret: str, profile: str, pin: str | None = None) -> LoginInfo:
        """Open a session for one vehicle and profile; later calls act as that profile."""
        credentials: dict[str, Any] = {"vin": vin, "secret": secret, "profile": profile}
        if pin:
            credentials["pin"] = pin
        info = self._login(credentials)
        self._credentials = credentials
        return info

    def vocabulary(self) -> dict[str, Any]:
        """The raw GET /vocabulary payload, for voice.items.ItemResolver.from_api."""
        data = self._request("GET", "/vocabulary", retry=True)
        return dict(data)

    def categories(self) -> tuple[OptionView, ...]:
        """The store's categories: the slug the `category=` search filter takes, and a name."""
        data = self._request("GET", "/categories", retry=True)
        return tuple(
            OptionView(str(c.get("slug") or c["id"]), str(c.get("name") or c.get("slug")))
            for c in data
        )

    def search(
        self, query: str, *, category: str | None = None, limit: int = 10, offset: int = 0
    ) -> SearchPage:
        params: dict[str, Any] = {"q": query, "limit": limit, "offset": offset}
        if category:
            params["category"] = category
        data = self._request("GET", "/items", retry=True, params=params)
        return SearchPage(tuple(_tile(i) for i in data["items"]), int(data.get("total", 0)))

    def item(self, item_id: int) -> ItemView:
        return _item(self._request("GET", f"/items/{int(item_id)}", retry=True))

    def cart(self, delivery_mode: str | None = None) -> CartView:
        """The cart as the store prices it, for `delivery_mode` or the profile's default."""
        params = {"delivery": delivery_mode} if delivery_mode else None
        return _cart(self._request("GET", "/cart", retry=True, params=params))

    def add_line(self, sku_id: int, quantity: int) -> CartView:
        body = {"sku_id": int(sku_id), "quantity": int(quantity)}
        return _cart(self._request("POST", "/cart/lines", retry=False, json=body))

    def set_quantity(self, line_id: int, quantity: int) -> CartView:
        body = {"quantity": int(quantity)}
        return _cart(self._request("PATCH", f"/cart/lines/{int(line_id)}", retry=False, json=body))

    def remove_line(self, line_id: int) -> CartView:
        return _cart(self._request("DELETE", f"/cart/lines/{int(line_id)}", retry=False))

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
            body["lines"] = [{"sku_id": ln.sku_id, "quantity": ln.quantity} for ln in lines]
        if payment_method_id is not None:
            body["payment_method_id"] = payment_method_id
        if pin:
            body["pin"] = pin
        data = self._request(
            "POST", "/orders", retry=True, json=body, headers={"Idempotency-Key": idempotency_key}
        )
        return order_from_json(data)

    def orders(self) -> list[OrderView]:
        data = self._request("GET", "/orders", retry=True)
        rows = data.get("orders", data.get("items")) if isinstance(data, dict) else data
        return [order_from_json(row) for row in rows or ()]

    def order(self, order_id: int) -> OrderView:
        return order_from_json(self._request("GET", f"/orders/{int(order_id)}", retry=True))

    def cancel_order(self, order_id: int) -> OrderView:
        return order_from_json(
            self._request("POST", f"/orders/{int(order_id)}/cancel", retry=False)
        )

    def advance_clock(self, seconds: float) -> None:
        """Move the server's order-lifecycle clock (demos and tests)."""
        self._request("POST", "/admin/clock", retry=False, json={"advance_seconds": seconds})
