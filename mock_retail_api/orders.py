"""Placing, reading and cancelling orders.

Placing is one transaction: the idempotency check first (a repeated key and body return the
order already made, whatever prices did since), then the total priced from the prices this
transaction reads, compared with the total the person confirmed (`expected_total`): the order
stores exactly those prices, so it never charges what was not confirmed. Then the idempotency
record, the order with its price snapshot, and a conditional stock decrement per SKU
(`UPDATE ... WHERE stock >= qty`, all SKUs in one round trip, checked by the rows they
changed). If any SKU is short, or a concurrent request with the same Idempotency-Key
committed first, the whole transaction rolls back, so stock is never oversold and a key never
makes two orders. The answer is built from the rows in hand, never read back (issue 11).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from catalog import models as m
from core.commands import MAX_QUANTITY
from mock_retail_api import lifecycle, throttle
from mock_retail_api import responses as shapes
from mock_retail_api.auth import Caller, Principal, pin_matches
from mock_retail_api.cart import Wanted, line_json, priced_lines, totals_json
from mock_retail_api.catalog_routes import json_response
from mock_retail_api.options import options_key
from mock_retail_api.order_json import ORDER_LOADS, order_json
from mock_retail_api.pricing import PricedLine, Totals, price
from mock_retail_api.problems import ApiProblem
from mock_retail_api.schemas import OrderRequest, yuan
from mock_retail_api.store import Store

router = APIRouter(prefix="/api/v1/orders")
OrderId = Annotated[int, Path(ge=1, le=2**31 - 1)]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


def _fingerprint(body: OrderRequest) -> str:
    """What makes two requests "the same order". The PIN is left out: a hash of a body with
    a four-digit PIN in it would give the PIN away to anyone who can read the table. The
    expected total counts in fen, so 28, 28.0 and 28.00 are one request, and a body without
    it hashes exactly as before the field existed. A line's options count as sent."""
    request = body.model_dump(mode="json", exclude={"pin", "expected_total"})
    for line in request.get("lines") or ():
        if not line.get("options"):  # a line without options hashes as before they existed
            line.pop("options", None)
    if body.expected_total is not None:
        request["expected_total_fen"] = round(body.expected_total * 100)
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(session: Session, principal: Principal, key: str, fingerprint: str) -> m.Order | None:
    record = session.scalar(
        select(m.IdempotencyRecord).where(
            m.IdempotencyRecord.vehicle_id == principal.vehicle_id, m.IdempotencyRecord.key == key
        )
    )
    if record is None:
        return None
    order = session.get_one(m.Order, record.order_id)
    # Another profile's key is "used" too: its order is not this caller's to see.
    if record.fingerprint != fingerprint or not _owned(order, principal):
        raise ApiProblem(
            422,
            "idempotency-key-reused",
            "this Idempotency-Key was already used for a different order request",
        )
    return order


def _wanted_lines(
    session: Session, principal: Principal, body: OrderRequest
) -> tuple[list[Wanted], m.Cart | None]:
    """The lines to order, and the cart they came from (None: from the body), which the
    order then empties."""
    if body.lines is not None:
        return [(line.sku_id, line.quantity, line.options) for line in body.lines], None
    cart = session.scalar(select(m.Cart).where(m.Cart.profile_id == principal.profile_id))
    if cart is None or not cart.lines:
        raise ApiProblem(422, "empty-cart", "the cart is empty and the request has no lines")
    return [(line.sku_id, line.quantity, line.options) for line in cart.lines], cart


def _merged(lines: list[PricedLine]) -> list[PricedLine]:
    """Requested lines of one SKU made the same way are one order line."""
    merged: dict[tuple[int, str], PricedLine] = {}
    for line in lines:
        key = (line.sku_id, options_key(line.options))
        before = merged.get(key)
        merged[key] = replace(line, quantity=line.quantity + before.quantity) if before else line
    if any(line.quantity > MAX_QUANTITY for line in merged.values()):
        raise ApiProblem(422, "quantity-too-large", f"at most {MAX_QUANTITY} of one SKU")
    return list(merged.values())


def _check_expected_total(body: OrderRequest, lines: list[PricedLine], totals: Totals) -> None:
    """The person confirmed a total they heard; a different one is never charged. Raised
    inside the placing transaction, so nothing (order, stock, idempotency key) is written and
    a corrected request may use a new key."""
    if body.expected_total is None:
        return
    expected_fen = round(body.expected_total * 100)
    if expected_fen == totals.total_fen:
        return
    prices = ", ".join(f"{line.title} {yuan(line.unit_price_fen):.2f}" for line in lines)
    raise ApiProblem(
        409,
        "price-changed",
        f"the total is now {yuan(totals.total_fen):.2f} CNY, not the expected "
        f"{yuan(expected_fen):.2f} CNY (current prices: {prices}); nothing was ordered",
        "Price changed",
        extensions={
            "expected_total": yuan(expected_fen),
            **totals_json(totals),
            "lines": [line_json(None, line) for line in lines],
        },
    )


def _payment_method(profile: m.Profile, body: OrderRequest) -> str:
    methods = [str(p["id"]) for p in profile.payment_methods]
    method = body.payment_method_id or (methods[0] if methods else "")
    if method not in methods:
        raise ApiProblem(422, "unknown-payment-method", f"no payment method {method!r}")
    return method


def _pin_refusal(
    session: Session, profile: m.Profile, body: OrderRequest, totals: Totals
) -> ApiProblem | None:
    """Over the spending limit, a profile with a PIN needs it right; a PIN given is a
    throttled attempt, counted in this transaction (which then commits, writing nothing else)."""
    limit = profile.spending_limit_fen
    if limit is None or totals.total_fen <= limit or profile.pin_hash is None:
        return None
    if body.pin is not None and throttle.attempt(
        session, throttle.pin_key(profile.id), lambda: pin_matches(body.pin, profile)
    ):
        return None
    return ApiProblem(
        403,
        "pin-required",
        f"the total {yuan(totals.total_fen)} CNY exceeds the profile's spending limit "
        f"of {yuan(limit)} CNY: the correct PIN is required",
        "PIN required",
    )


class _Short(Exception):
    """Some SKU had less stock than the order takes: the placing transaction rolls back."""

    def __init__(self, wanted: Counter[int], titles: dict[int, str]) -> None:
        super().__init__("out of stock")
        self.wanted = wanted
        self.titles = titles


# One conditional decrement per SKU: the no-oversell guard, atomic in the database.
_TAKE = (
    update(m.Sku)
    .where(m.Sku.id == bindparam("sku"), m.Sku.stock >= bindparam("quantity"))
    .values(stock=m.Sku.stock - bindparam("quantity"))
)


def _take_stock(session: Session, lines: list[PricedLine]) -> None:
    """Every SKU's decrement sent at once (one executemany: psycopg pipelines it), in SKU
    order so two orders sharing SKUs lock them in the same order and cannot deadlock; the
    rows changed, summed, say whether every SKU had enough."""
    wanted: Counter[int] = Counter()
    for line in lines:
        wanted[line.sku_id] += line.quantity
    params = [{"sku": sku, "quantity": quantity} for sku, quantity in sorted(wanted.items())]
    taken = session.connection().execute(_TAKE, params)
    if taken.rowcount != len(params):
        raise _Short(wanted, {line.sku_id: line.title for line in lines})


def _out_of_stock(store: Store, short: _Short) -> ApiProblem:
    """The 409 naming what ran out: after the rollback, the first SKU now holding less than
    the order wanted (the first SKU of the order if stock came back meanwhile)."""
    with store.reading() as session:
        rows = session.execute(select(m.Sku.id, m.Sku.stock).where(m.Sku.id.in_(short.wanted)))
        stock = {sku_id: left for sku_id, left in rows}
    skus = sorted(short.wanted)
    sku_id = next((s for s in skus if stock.get(s, 0) < short.wanted[s]), skus[0])
    return ApiProblem(
        409, "out-of-stock", f"{short.titles[sku_id]} is out of stock", "Out of stock"
    )


def _place(
    store: Store, principal: Principal, key: str, body: OrderRequest
) -> tuple[dict[str, Any], int]:
    fingerprint = _fingerprint(body)
    try:
        with store.writing() as session:
            placed = _place_in(session, store, principal, key, body, fingerprint)
    except _Short as short:
        raise _out_of_stock(store, short) from None
    except IntegrityError:
        # Another request with this key committed first: answer with its order.
        with store.reading() as session:
            existing = _replay(session, principal, key, fingerprint)
            if existing is None:
                raise
            return order_json(session, store, existing), 200
    if isinstance(placed, ApiProblem):
        raise placed
    return placed


def _place_in(
    session: Session,
    store: Store,
    principal: Principal,
    key: str,
    body: OrderRequest,
    fingerprint: str,
) -> tuple[dict[str, Any], int] | ApiProblem:
    """The placing transaction's work: the order and its status, or a refusal to raise after
    the transaction committed (a wrong PIN: only its throttle count was written)."""
    existing = _replay(session, principal, key, fingerprint)
    if existing is not None:
        return order_json(session, store, existing), 200
    wanted, cart = _wanted_lines(session, principal, body)
    lines = _merged(priced_lines(session, store, wanted))
    profile = session.get_one(m.Profile, principal.profile_id)
    totals = price(lines, store.promotions(), body.delivery.mode)
    _check_expected_total(body, lines, totals)
    method = _payment_method(profile, body)
    refused = _pin_refusal(session, profile, body, totals)
    if refused is not None:
        return refused
    now = store.now(session)
    order = m.Order(
        vehicle_id=principal.vehicle_id,
        profile_id=principal.profile_id,
        status="created",
        delivery=body.delivery.model_dump(exclude_none=True),
        payment_method_id=method,
        subtotal_fen=totals.subtotal_fen,
        discount_fen=totals.discount_fen,
        delivery_fee_fen=totals.delivery_fee_fen,
        total_fen=totals.total_fen,
        created_at=now,
        lines=[
            m.OrderLine(
                sku_id=line.sku_id,
                item_id=line.item_id,
                title=line.title,
                quantity=line.quantity,
                options=dict(line.options),
                unit_price_fen=line.unit_price_fen,
                line_total_fen=line.line_total_fen,
            )
            for line in lines
        ],
        history=[m.OrderStatusChange(status="created", at=now)],
    )
    session.add(order)
    session.flush()
    # The unique (vehicle, key) index makes a concurrent duplicate wait here, then fail.
    session.add(
        m.IdempotencyRecord(
            vehicle_id=principal.vehicle_id,
            key=key,
            fingerprint=fingerprint,
            order_id=order.id,
        )
    )
    session.flush()
    _take_stock(session, lines)
    if cart is not None:
        cart.lines.clear()
        session.flush()
    attributes = {line.sku_id: line.attributes for line in lines}
    return order_json(session, store, order, attributes), 201


def _owned(order: m.Order, principal: Principal) -> bool:
    """The privacy rule: an order, with its delivery address, is the profile's that placed
    it; another profile of the same vehicle neither sees nor cancels it (README)."""
    return order.vehicle_id == principal.vehicle_id and order.profile_id == principal.profile_id


def _own_order(session: Session, principal: Principal, order_id: int) -> m.Order:
    """The caller's order, row-locked: two requests advancing or cancelling the same order
    at once must not both append the same status (PostgreSQL; SQLite is serialized anyway)."""
    order = session.get(m.Order, order_id, with_for_update=True, options=ORDER_LOADS)
    if order is None or not _owned(order, principal):
        raise ApiProblem(404, "not-found", f"no order {order_id} for this profile")
    return order


def _get(store: Store, principal: Principal, order_id: int) -> dict[str, Any]:
    with store.writing() as session:
        order = _own_order(session, principal, order_id)
        lifecycle.advance(order, store.now(session))
        session.flush()
        return order_json(session, store, order)


def _list(store: Store, principal: Principal) -> dict[str, Any]:
    with store.writing() as session:
        orders = list(
            session.scalars(
                select(m.Order)
                .where(
                    m.Order.vehicle_id == principal.vehicle_id,
                    m.Order.profile_id == principal.profile_id,
                )
                .order_by(m.Order.id.desc())
                .limit(100)
                .with_for_update()
                .options(*ORDER_LOADS)
            )
        )
        now = store.now(session)
        for order in orders:
            lifecycle.advance(order, now)
        session.flush()
        return {"orders": [order_json(session, store, o) for o in orders]}


def _cancel(store: Store, principal: Principal, order_id: int) -> dict[str, Any]:
    with store.writing() as session:
        order = _own_order(session, principal, order_id)
        now = store.now(session)
        lifecycle.advance(order, now)
        if not lifecycle.cancellable(order):
            raise ApiProblem(
                409,
                "not-cancellable",
                f"order {order_id} is {order.status} and cannot be cancelled",
            )
        for line in order.lines:
            session.execute(
                update(m.Sku)
                .where(m.Sku.id == line.sku_id)
                .values(stock=m.Sku.stock + line.quantity)
                .execution_options(synchronize_session=False)
            )
        order.status = "cancelled"
        order.history.append(m.OrderStatusChange(status="cancelled", at=now))
        session.flush()
        return order_json(session, store, order)


@router.post(
    "",
    status_code=201,
    response_model=shapes.Order,
    responses={
        200: {
            "description": "The order this Idempotency-Key already placed",
            "model": shapes.Order,
        },
        **shapes.problems(400, 401, 403, 409, 413, 422, 429),
    },
)
async def place_order(
    request: Request, caller: Caller, body: OrderRequest, idempotency_key: IdempotencyKey = None
) -> Response:
    """Place an order; the same Idempotency-Key and body again return the same order (200)."""
    if not idempotency_key or not idempotency_key.strip():
        raise ApiProblem(400, "idempotency-key-required", "send an Idempotency-Key header")
    store: Store = request.app.state.store
    payload, status = await run_in_threadpool(_place, store, caller, idempotency_key.strip(), body)
    if status == 201:
        store.search_responses.clear()  # in_stock may have changed
    return json_response(payload, status)


@router.get("", response_model=shapes.Orders, responses=shapes.problems(401, 422))
async def list_orders(request: Request, caller: Caller) -> Response:
    return json_response(await run_in_threadpool(_list, request.app.state.store, caller))


@router.get("/{order_id}", response_model=shapes.Order, responses=shapes.problems(401, 404, 422))
async def get_order(request: Request, caller: Caller, order_id: OrderId) -> Response:
    return json_response(await run_in_threadpool(_get, request.app.state.store, caller, order_id))


@router.post(
    "/{order_id}/cancel", response_model=shapes.Order, responses=shapes.problems(401, 404, 409, 422)
)
async def cancel_order(request: Request, caller: Caller, order_id: OrderId) -> Response:
    store: Store = request.app.state.store
    payload = await run_in_threadpool(_cancel, store, caller, order_id)
    store.search_responses.clear()  # the cancelled lines are back in stock
    return json_response(payload)
