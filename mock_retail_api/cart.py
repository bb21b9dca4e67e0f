"""The cart of the calling vehicle+profile: lines, and totals priced by the server."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from catalog import models as m
from core.commands import MAX_QUANTITY
from mock_retail_api import responses as shapes
from mock_retail_api.auth import Caller, Principal
from mock_retail_api.catalog_routes import json_response
from mock_retail_api.options import options_key
from mock_retail_api.pricing import PricedLine, Totals, price
from mock_retail_api.problems import ApiProblem
from mock_retail_api.schemas import (
    CURRENCY,
    CartLinePatch,
    CartLineRequest,
    DeliveryMode,
    yuan,
)
from mock_retail_api.store import Store

router = APIRouter(prefix="/api/v1/cart")
LineId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def totals_json(totals: Totals) -> dict[str, Any]:
    return {
        "subtotal": yuan(totals.subtotal_fen),
        "discount": yuan(totals.discount_fen),
        "delivery_fee": yuan(totals.delivery_fee_fen),
        "total": yuan(totals.total_fen),
        "currency": CURRENCY,
    }


# (sku id, quantity, options as asked for: None or a partial {group: value})
Wanted = tuple[int, int, Mapping[str, str] | None]


def priced_lines(session: Session, store: Store, wanted: list[Wanted]) -> list[PricedLine]:
    """Wanted lines priced, their options checked and completed with the item's defaults;
    an unknown SKU, option group or value is a 422 problem."""
    sku_ids = {sku_id for sku_id, _, _ in wanted}
    rows = session.execute(
        select(
            m.Sku.id,
            m.Sku.item_id,
            m.Item.category_id,
            m.Item.title,
            m.Sku.price_fen,
            m.Sku.attributes,
            m.Item.title_zh,
        )
        .join(m.Item)
        .where(m.Sku.id.in_(sku_ids))
    ).all()
    found = {row[0]: row for row in rows}
    unknown = sorted(sku_ids - found.keys())
    if unknown:
        raise ApiProblem(422, "unknown-sku", f"no such SKU: {', '.join(map(str, unknown))}")
    lines = []
    for sku_id, quantity, given in wanted:
        _, item_id, category_id, title, price_fen, attributes, title_zh = found[sku_id]
        offered = store.item_options(session, item_id)
        chosen = offered.resolve(given, attributes)
        unit_price = price_fen + offered.delta_fen(chosen)
        lines.append(
            PricedLine(
                sku_id,
                item_id,
                category_id,
                title,
                quantity,
                unit_price,
                chosen,
                attributes,
                title_zh,
            )
        )
    return lines


def line_json(line_id: int | None, p: PricedLine) -> dict[str, Any]:
    """A cart line, or (without an id) a line of a price-changed problem."""
    identity = {} if line_id is None else {"id": line_id}
    return {
        **identity,
        "sku_id": p.sku_id,
        "item_id": p.item_id,
        "title": p.title,
        "title_zh": p.title_zh,
        "attributes": dict(p.attributes),
        "options": p.choices,
        "quantity": p.quantity,
        "unit_price": yuan(p.unit_price_fen),
        "line_total": yuan(p.line_total_fen),
    }


def _cart(session: Session, principal: Principal, *, create: bool) -> m.Cart | None:
    cart = session.scalar(select(m.Cart).where(m.Cart.profile_id == principal.profile_id))
    if cart is None and create:
        cart = m.Cart(profile_id=principal.profile_id)
        session.add(cart)
        session.flush()
    return cart


def cart_json(
    session: Session, store: Store, principal: Principal, delivery: str | None = None
) -> dict[str, Any]:
    """The cart priced by the server, for `delivery` or else the profile's default mode."""
    cart = _cart(session, principal, create=False)
    lines = list(cart.lines) if cart else []
    priced = priced_lines(
        session, store, [(line.sku_id, line.quantity, line.options) for line in lines]
    )
    profile = session.get_one(m.Profile, principal.profile_id)
    mode = delivery or str(profile.default_delivery.get("mode", "to_vehicle"))
    totals = price(priced, store.promotions(), mode)
    return {
        "lines": [line_json(line.id, p) for line, p in zip(lines, priced, strict=True)],
        **totals_json(totals),
    }


def _check_stock(
    session: Session, cart: m.Cart, sku_id: int, quantity: int, line: m.CartLine | None
) -> None:
    """`quantity` on `line` (None: a new line) and the SKU's other lines, made other ways,
    must all be in stock."""
    sku = session.get_one(m.Sku, sku_id)
    others = sum(ln.quantity for ln in cart.lines if ln.sku_id == sku_id and ln is not line)
    if sku.stock < quantity + others:
        left = f"only {sku.stock} left" if sku.stock else "sold out"
        raise ApiProblem(409, "out-of-stock", f"{sku.item.title}: {left}", "Out of stock")


def _add(store: Store, principal: Principal, body: CartLineRequest) -> dict[str, Any]:
    with store.writing() as session:
        # 422 for an unknown SKU or option, before anything is written
        (priced,) = priced_lines(session, store, [(body.sku_id, body.quantity, body.options)])
        key = options_key(priced.options)
        cart = _cart(session, principal, create=True)
        assert cart is not None
        line = next(
            (ln for ln in cart.lines if ln.sku_id == body.sku_id and ln.options_key == key), None
        )
        quantity = body.quantity + (line.quantity if line else 0)
        if quantity > MAX_QUANTITY:
            raise ApiProblem(422, "quantity-too-large", f"at most {MAX_QUANTITY} of one SKU")
        _check_stock(session, cart, body.sku_id, quantity, line)
        if line:
            line.quantity = quantity
        else:
            new = m.CartLine(
                sku_id=body.sku_id, quantity=quantity, options=dict(priced.options), options_key=key
            )
            cart.lines.append(new)
        session.flush()
        return cart_json(session, store, principal)


def _own_line(session: Session, principal: Principal, line_id: int) -> tuple[m.Cart, m.CartLine]:
    cart = _cart(session, principal, create=False)
    line = next((line for line in cart.lines if line.id == line_id), None) if cart else None
    if cart is None or line is None:
        raise ApiProblem(404, "not-found", f"no line {line_id} in your cart")
    return cart, line


def _patch(store: Store, principal: Principal, line_id: int, quantity: int) -> dict[str, Any]:
    with store.writing() as session:
        cart, line = _own_line(session, principal, line_id)
        _check_stock(session, cart, line.sku_id, quantity, line)
        line.quantity = quantity
        session.flush()
        return cart_json(session, store, principal)


def _delete(store: Store, principal: Principal, line_id: int) -> dict[str, Any]:
    with store.writing() as session:
        _cart_of_line, line = _own_line(session, principal, line_id)
        session.delete(line)
        session.flush()
        session.expire_all()
        return cart_json(session, store, principal)


def _read(store: Store, principal: Principal, delivery: str | None) -> dict[str, Any]:
    with store.reading() as session:
        return cart_json(session, store, principal, delivery)


@router.get("", response_model=shapes.Cart, responses=shapes.problems(401, 422))
async def get_cart(
    request: Request, caller: Caller, delivery: DeliveryMode | None = None
) -> Response:
    """The cart; `?delivery=pickup` prices it for that mode (the confirm screen's choice),
    so the head unit never has to work out a fee itself."""
    store = request.app.state.store
    return json_response(await run_in_threadpool(_read, store, caller, delivery))


@router.post(
    "/lines", response_model=shapes.Cart, responses=shapes.problems(400, 401, 409, 413, 422)
)
async def add_line(request: Request, caller: Caller, body: CartLineRequest) -> Response:
    return json_response(await run_in_threadpool(_add, request.app.state.store, caller, body))


@router.patch(
    "/lines/{line_id}",
    response_model=shapes.Cart,
    responses=shapes.problems(400, 401, 404, 409, 413, 422),
)
async def patch_line(
    request: Request, caller: Caller, line_id: LineId, body: CartLinePatch
) -> Response:
    store = request.app.state.store
    return json_response(await run_in_threadpool(_patch, store, caller, line_id, body.quantity))


@router.delete(
    "/lines/{line_id}", response_model=shapes.Cart, responses=shapes.problems(401, 404, 422)
)
async def delete_line(request: Request, caller: Caller, line_id: LineId) -> Response:
    return json_response(await run_in_threadpool(_delete, request.app.state.store, caller, line_id))
