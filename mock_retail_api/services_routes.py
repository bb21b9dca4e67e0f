"""Services by appointment, their slots, the new models and lease quotes (CONTRACTS section 8).

Slots are made on first read (`catalog.slots`): a read that finds its days complete is one
read transaction; only the first read of a day writes. Bookable are the 14 local days from
today at the shop, by the store clock (which the admin clock moves), and only slots that have
not started; a full slot is listed with `capacity_left` 0, so a screen can show it taken.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from catalog import appointments as a
from catalog import leasing, slots
from mock_retail_api import booking_shapes as out
from mock_retail_api import responses as shapes
from mock_retail_api.auth import Caller
from mock_retail_api.catalog_routes import json_response
from mock_retail_api.problems import ApiProblem
from mock_retail_api.schemas import LeaseQuoteRequest, yuan
from mock_retail_api.store import Store

router = APIRouter(prefix="/api/v1")
ServiceId = Annotated[int, Path(ge=1, le=2**31 - 1)]
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def service_json(service: a.Service) -> dict[str, Any]:
    return {
        "id": service.id,
        "kind": service.kind,
        "title": service.title,
        "title_zh": service.title_zh,
        "shop": service.shop.name,
        "shop_zh": service.shop.name_zh,
        "duration_min": service.duration_min,
        "price": yuan(service.price_fen),
        "image_url": f"/api/v1/services/{service.id}/image",
    }


def apr(model: a.VehicleModel) -> float:
    """The APR as a fraction (0.0399), exactly as many digits as the basis points give."""
    return float(Decimal(model.apr_bp) / 10_000)


def model_json(model: a.VehicleModel) -> dict[str, Any]:
    return {
        "id": model.id,
        "name": model.name,
        "name_zh": model.name_zh,
        "price": yuan(model.price_fen),
        "dealer": model.dealer.name,
        "dealer_zh": model.dealer.name_zh,
        "apr": apr(model),
        "image_url": f"/api/v1/models/{model.id}/image",
    }


def slot_times(slot: a.ServiceSlot) -> dict[str, Any]:
    return {
        "id": slot.id,
        "start": slots.local_iso(slot.starts_at, slot.service),
        "end": slots.local_iso(slot.ends_at, slot.service),
    }


def _services(store: Store, kind: str | None) -> dict[str, Any]:
    with store.reading() as session:
        query = select(a.Service).order_by(a.Service.id)
        if kind is not None:
            query = query.where(a.Service.kind == kind)
        return {"services": [service_json(s) for s in session.scalars(query)]}


def _slots(store: Store, service_id: int, day: date | None) -> dict[str, Any]:
    """One read transaction when the days were made already; else the missing slots are
    inserted (ignoring any a concurrent first read inserted) and listed in one write."""
    with store.reading() as session:
        service = session.get(a.Service, service_id)
        if service is None:
            raise ApiProblem(404, "not-found", f"no service {service_id}")
        now = store.now(session)
        window = slots.bookable_days(service, now)
        days = window if day is None else [d for d in window if d == day]
        missing = slots.missing(session, service, days)
        if not missing:
            return _listing(session, service, days, now)
    with store.writing() as session:
        slots.insert(session, service, missing)
        return _listing(session, service, days, now)


def _listing(
    session: Session, service: a.Service, days: list[date], now: datetime
) -> dict[str, Any]:
    rows = session.execute(
        select(
            a.ServiceSlot.id,
            a.ServiceSlot.starts_at,
            a.ServiceSlot.ends_at,
            a.ServiceSlot.capacity - a.ServiceSlot.taken,
        )
        .where(
            a.ServiceSlot.service_id == service.id,
            a.ServiceSlot.local_date.in_(days),
            a.ServiceSlot.starts_at > now,
        )
        .order_by(a.ServiceSlot.starts_at)
    )
    return {
        "slots": [
            {
                "id": slot_id,
                "start": slots.local_iso(start, service),
                "end": slots.local_iso(end, service),
                "capacity_left": left,
            }
            for slot_id, start, end, left in rows
        ]
    }


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ApiProblem(
            422, "validation-error", f"date: {text!r} is not a calendar date"
        ) from None


def _models(store: Store) -> dict[str, Any]:
    with store.reading() as session:
        models = session.scalars(select(a.VehicleModel).order_by(a.VehicleModel.id))
        return {"models": [model_json(model) for model in models]}


def down_payment_fen(down_payment: float) -> int:
    """Yuan with at most two decimals, as fen; a third decimal is refused, never rounded."""
    fen = Decimal(repr(down_payment)) * 100
    if fen != fen.to_integral_value():
        raise ApiProblem(422, "validation-error", "down_payment: at most two decimals (fen)")
    return int(fen)


def _lease_quote(store: Store, body: LeaseQuoteRequest) -> dict[str, Any]:
    with store.reading() as session:
        model = session.get(a.VehicleModel, body.model_id)
        if model is None:
            raise ApiProblem(422, "unknown-model", f"no model {body.model_id}")
        try:
            quote = leasing.quote(
                model.price_fen, down_payment_fen(body.down_payment), body.term_months, model.apr_bp
            )
        except leasing.LeaseInputError as exc:
            raise ApiProblem(422, "bad-lease-terms", str(exc)) from None
        return {
            "model_id": model.id,
            "price": yuan(quote.price_fen),
            "monthly_payment": yuan(quote.monthly_payment_fen),
            "apr": apr(model),
            "term_months": quote.term_months,
            "down_payment": yuan(quote.down_payment_fen),
            "total_payable": yuan(quote.total_payable_fen),
            "financed": yuan(quote.financed_fen),
        }


@router.get("/services", response_model=out.Services, responses=shapes.problems(401, 422))
async def list_services(
    request: Request, _caller: Caller, kind: out.ServiceKind | None = None
) -> Response:
    """What can be booked, optionally of one kind."""
    return json_response(await run_in_threadpool(_services, request.app.state.store, kind))


@router.get(
    "/services/{service_id}/slots",
    response_model=out.Slots,
    responses=shapes.problems(401, 404, 422),
)
async def list_slots(
    request: Request,
    _caller: Caller,
    service_id: ServiceId,
    day: Annotated[
        str | None, Query(alias="date", pattern=_DATE, description="YYYY-MM-DD at the shop")
    ] = None,
) -> Response:
    """The slots of one local day, or of all 14 bookable days; started slots are left out,
    and a day outside the 14 has none."""
    store: Store = request.app.state.store
    payload = await run_in_threadpool(_slots, store, service_id, _parse_date(day))
    return json_response(payload)


@router.get("/models", response_model=out.VehicleModels, responses=shapes.problems(401, 422))
async def list_models(request: Request, _caller: Caller) -> Response:
    """New models offered for test drives and leasing, each at one dealer."""
    return json_response(await run_in_threadpool(_models, request.app.state.store))


@router.post(
    "/lease-quotes", response_model=out.LeaseQuote, responses=shapes.problems(400, 401, 413, 422)
)
async def lease_quote(request: Request, _caller: Caller, body: LeaseQuoteRequest) -> Response:
    """A lease quote by the annuity formula, in fen, the monthly payment rounded half up."""
    return json_response(await run_in_threadpool(_lease_quote, request.app.state.store, body))
