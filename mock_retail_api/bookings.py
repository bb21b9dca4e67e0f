"""Booking, listing, cancelling and rescheduling appointments (CONTRACTS section 8).

Booking is one transaction, as placing an order is: the idempotency check (the same key and
body return the booking already made), the slot and model checks, the booking and its
idempotency record, then the place itself, taken by a conditional
`UPDATE service_slots SET taken = taken + 1 WHERE id = :id AND taken < capacity` checked by
rowcount. A full slot, or a concurrent request with the same key committing first, rolls the
whole transaction back, so there are never more bookings than places and a key never makes
two bookings. Cancelling gives the place back in the same transaction as the status change;
rescheduling takes the new slot's place and gives back the old one in one transaction.

Bookings are private to the profile that made them, as orders are (README).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from catalog import appointments as a
from mock_retail_api import booking_lifecycle as lifecycle
from mock_retail_api import booking_shapes as out
from mock_retail_api import responses as shapes
from mock_retail_api.auth import Caller, Principal
from mock_retail_api.catalog_routes import json_response
from mock_retail_api.problems import ApiProblem
from mock_retail_api.schemas import BookingRequest, RescheduleRequest, yuan
from mock_retail_api.services_routes import model_json, service_json, slot_times
from mock_retail_api.store import Store, iso

router = APIRouter(prefix="/api/v1/bookings")
BookingId = Annotated[int, Path(ge=1, le=2**31 - 1)]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
LIST_LIMIT = 100


def booking_json(booking: a.Booking, now: datetime) -> dict[str, Any]:
    return {
        "id": booking.id,
        "status": booking.status,
        "service": service_json(booking.slot.service),
        "slot": slot_times(booking.slot),
        "model": model_json(booking.model) if booking.model else None,
        "note": booking.note,
        "profile": booking.profile.name,
        "created_at": iso(booking.created_at),
        "history": [{"status": h.status, "at": iso(h.at)} for h in booking.history],
        "cancellable": lifecycle.changeable(booking, now),
        "price": yuan(booking.price_fen),
    }


def _fingerprint(body: BookingRequest) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _owned(booking: a.Booking, principal: Principal) -> bool:
    return booking.vehicle_id == principal.vehicle_id and booking.profile_id == principal.profile_id


def _replay(session: Session, principal: Principal, key: str, fingerprint: str) -> a.Booking | None:
    record = session.scalar(
        select(a.BookingIdempotency).where(
            a.BookingIdempotency.vehicle_id == principal.vehicle_id,
            a.BookingIdempotency.key == key,
        )
    )
    if record is None:
        return None
    booking = session.get_one(a.Booking, record.booking_id)
    # Another profile's key is "used" too: its booking is not this caller's to see.
    if record.fingerprint != fingerprint or not _owned(booking, principal):
        raise ApiProblem(
            422,
            "idempotency-key-reused",
            "this Idempotency-Key was already used for a different booking request",
        )
    return booking


def _bookable_slot(session: Session, slot_id: int, now: datetime) -> a.ServiceSlot:
    slot = session.get(a.ServiceSlot, slot_id)
    if slot is None:
        raise ApiProblem(422, "unknown-slot", f"no slot {slot_id}; list a service's slots first")
    if slot.starts_at <= now:
        raise ApiProblem(409, "slot-started", f"slot {slot_id} has already started", "Too late")
    return slot


def _model_for(session: Session, service: a.Service, model_id: int | None) -> a.VehicleModel | None:
    """A test drive is of one model its dealer offers; nothing else takes a model."""
    if service.kind != "test_drive":
        if model_id is not None:
            raise ApiProblem(422, "model-not-applicable", f"a {service.kind} takes no model_id")
        return None
    if model_id is None:
        raise ApiProblem(422, "model-required", "a test drive needs the model_id to drive")
    model = session.get(a.VehicleModel, model_id)
    if model is None:
        raise ApiProblem(422, "unknown-model", f"no model {model_id}")
    if model.dealer_id != service.shop_id:
        raise ApiProblem(
            422,
            "model-not-at-dealer",
            f"{model.name} is offered at {model.dealer.name}, not at {service.shop.name}",
        )
    return model


def _take_place(session: Session, slot: a.ServiceSlot) -> None:
    taken = session.execute(
        update(a.ServiceSlot)
        .where(a.ServiceSlot.id == slot.id, a.ServiceSlot.taken < a.ServiceSlot.capacity)
        .values(taken=a.ServiceSlot.taken + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise ApiProblem(409, "slot-full", f"slot {slot.id} is fully booked", "Slot full")


def _give_back_place(session: Session, slot_id: int) -> None:
    session.execute(
        update(a.ServiceSlot)
        .where(a.ServiceSlot.id == slot_id, a.ServiceSlot.taken > 0)
        .values(taken=a.ServiceSlot.taken - 1)
        .execution_options(synchronize_session=False)
    )


def _book(
    store: Store, principal: Principal, key: str, body: BookingRequest
) -> tuple[dict[str, Any], int]:
    fingerprint = _fingerprint(body)
    try:
        with store.writing() as session:
            return _book_in(session, store, principal, key, body, fingerprint)
    except IntegrityError:
        # Another request with this key committed first: answer with its booking.
        with store.reading() as session:
            existing = _replay(session, principal, key, fingerprint)
            if existing is None:
                raise
            return booking_json(existing, store.now(session)), 200


def _book_in(
    session: Session,
    store: Store,
    principal: Principal,
    key: str,
    body: BookingRequest,
    fingerprint: str,
) -> tuple[dict[str, Any], int]:
    now = store.now(session)
    existing = _replay(session, principal, key, fingerprint)
    if existing is not None:
        return booking_json(existing, now), 200
    slot = _bookable_slot(session, body.slot_id, now)
    booking = a.Booking(
        vehicle_id=principal.vehicle_id,
        profile_id=principal.profile_id,
        slot=slot,
        model=_model_for(session, slot.service, body.model_id),
        status="booked",
        note=body.note,
        price_fen=slot.service.price_fen,
        created_at=now,
        history=[a.BookingStatusChange(status="booked", at=now)],
    )
    session.add(booking)
    session.flush()
    # The unique (vehicle, key) index makes a concurrent duplicate wait here, then fail.
    session.add(
        a.BookingIdempotency(
            vehicle_id=principal.vehicle_id, key=key, fingerprint=fingerprint, booking_id=booking.id
        )
    )
    session.flush()
    _take_place(session, slot)
    return booking_json(booking, now), 201


def _own_booking(session: Session, principal: Principal, booking_id: int) -> a.Booking:
    """The caller's booking, row-locked: two requests cancelling or moving the same booking at
    once must not both give back its place (PostgreSQL; SQLite writers take turns anyway)."""
    booking = session.get(a.Booking, booking_id, with_for_update={"of": a.Booking})
    if booking is None or not _owned(booking, principal):
        raise ApiProblem(404, "not-found", f"no booking {booking_id} for this profile")
    return booking


def _get(store: Store, principal: Principal, booking_id: int) -> dict[str, Any]:
    with store.writing() as session:
        booking = _own_booking(session, principal, booking_id)
        now = store.now(session)
        lifecycle.advance(booking, now)
        session.flush()
        return booking_json(booking, now)


def _list(store: Store, principal: Principal) -> dict[str, Any]:
    """The caller's latest bookings by slot, soonest first."""
    with store.writing() as session:
        latest = list(
            session.scalars(
                select(a.Booking)
                .join(a.Booking.slot)
                .where(
                    a.Booking.vehicle_id == principal.vehicle_id,
                    a.Booking.profile_id == principal.profile_id,
                )
                .order_by(a.ServiceSlot.starts_at.desc(), a.Booking.id.desc())
                .limit(LIST_LIMIT)
                .with_for_update(of=a.Booking)
            )
        )
        now = store.now(session)
        for booking in latest:
            lifecycle.advance(booking, now)
        session.flush()
        return {"bookings": [booking_json(b, now) for b in reversed(latest)]}


def _check_changeable(booking: a.Booking, now: datetime, doing: str) -> None:
    lifecycle.advance(booking, now)
    if not lifecycle.changeable(booking, now):
        when = "has started" if booking.slot.starts_at <= now else "is still to come"
        raise ApiProblem(
            409,
            "not-changeable",
            f"booking {booking.id} is {booking.status.replace('_', ' ')} and its slot {when}: "
            f"it can no longer be {doing}",
        )


def _cancel(store: Store, principal: Principal, booking_id: int) -> dict[str, Any]:
    with store.writing() as session:
        now = store.now(session)
        booking = _own_booking(session, principal, booking_id)
        if booking.status != "cancelled":  # cancelling twice is harmless
            _check_changeable(booking, now, "cancelled")
            booking.status = "cancelled"
            booking.history.append(a.BookingStatusChange(status="cancelled", at=now))
            _give_back_place(session, booking.slot_id)
            session.flush()
        return booking_json(booking, now)


def _reschedule(
    store: Store, principal: Principal, booking_id: int, body: RescheduleRequest
) -> dict[str, Any]:
    """Move the booking to another slot of its service: the new place is taken (or the whole
    transaction refused) and the old one given back, slot rows touched in id order so that
    two bookings swapping slots cannot deadlock."""
    with store.writing() as session:
        now = store.now(session)
        booking = _own_booking(session, principal, booking_id)
        _check_changeable(booking, now, "rescheduled")
        if body.slot_id == booking.slot_id:
            return booking_json(booking, now)
        new = _bookable_slot(session, body.slot_id, now)
        if new.service_id != booking.slot.service_id:
            raise ApiProblem(
                422,
                "other-service",
                f"slot {new.id} is {new.service.title}, not {booking.slot.service.title}",
            )
        old_id = booking.slot_id
        if old_id < new.id:
            _give_back_place(session, old_id)
            _take_place(session, new)
        else:
            _take_place(session, new)
            _give_back_place(session, old_id)
        booking.slot = new
        session.flush()
        return booking_json(booking, now)


@router.post(
    "",
    status_code=201,
    response_model=out.Booking,
    responses={
        200: {"description": "The booking this Idempotency-Key already made", "model": out.Booking},
        **shapes.problems(400, 401, 409, 413, 422),
    },
)
async def book(
    request: Request, caller: Caller, body: BookingRequest, idempotency_key: IdempotencyKey = None
) -> Response:
    """Book a place in a slot; the same Idempotency-Key and body again return the same
    booking (200). A full or started slot is 409 and nothing is written."""
    if not idempotency_key or not idempotency_key.strip():
        raise ApiProblem(400, "idempotency-key-required", "send an Idempotency-Key header")
    store: Store = request.app.state.store
    payload, status = await run_in_threadpool(_book, store, caller, idempotency_key.strip(), body)
    return json_response(payload, status)


@router.get("", response_model=out.Bookings, responses=shapes.problems(401, 422))
async def list_bookings(request: Request, caller: Caller) -> Response:
    return json_response(await run_in_threadpool(_list, request.app.state.store, caller))


@router.get("/{booking_id}", response_model=out.Booking, responses=shapes.problems(401, 404, 422))
async def get_booking(request: Request, caller: Caller, booking_id: BookingId) -> Response:
    store: Store = request.app.state.store
    return json_response(await run_in_threadpool(_get, store, caller, booking_id))


@router.post(
    "/{booking_id}/cancel",
    response_model=out.Booking,
    responses=shapes.problems(401, 404, 409, 422),
)
async def cancel_booking(request: Request, caller: Caller, booking_id: BookingId) -> Response:
    """Cancel and give the place back; refused (409) once the slot has started."""
    store: Store = request.app.state.store
    return json_response(await run_in_threadpool(_cancel, store, caller, booking_id))


@router.post(
    "/{booking_id}/reschedule",
    response_model=out.Booking,
    responses=shapes.problems(400, 401, 404, 409, 413, 422),
)
async def reschedule_booking(
    request: Request, caller: Caller, booking_id: BookingId, body: RescheduleRequest
) -> Response:
    """Move the booking to another slot of the same service (README); a full new slot is 409
    and the booking stays as it was."""
    store: Store = request.app.state.store
    payload = await run_in_threadpool(_reschedule, store, caller, booking_id, body)
    return json_response(payload)
