"""The retail client's calls for services by appointment (CONTRACTS section 8).

A mixin of `car_ui.client.RetailClient`, kept apart so each file reads as one part of the
API. Retries follow the client's rule, that only what cannot do harm twice is repeated:
reads, the lease quote (a computation that writes nothing) and POST /bookings, because it
carries an Idempotency-Key the store deduplicates; a cancel or a reschedule is sent once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from car_ui import booking_wire as bw
from car_ui.booking_state import BookingView, LeaseQuote, ModelView, ServiceView, SlotView

W = TypeVar("W", bound=BaseModel)


class _Transport(Protocol):
    """What the mixin needs of the client it is mixed into."""

    def _get(self, path: str, model: type[W], params: Mapping[str, Any] | None = None) -> W: ...

    def _post(
        self,
        path: str,
        model: type[W],
        *,
        retry: bool,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> W: ...


def yuan(fen: int) -> float:
    """The store takes money as yuan numbers (CONTRACTS section 3)."""
    return round(fen / 100, 2)


class BookingApi:
    """Services, slots, models, bookings and lease quotes."""

    def services(self: _Transport, kind: str | None = None) -> tuple[ServiceView, ...]:
        params = {"kind": kind} if kind else None
        return tuple(s.to_view() for s in self._get("/services", bw.ServicesWire, params).services)

    def slots(self: _Transport, service_id: int, day: date | None = None) -> tuple[SlotView, ...]:
        """The service's slots on `day` (the shop's date), else over the next 14 days."""
        params = {"date": day.isoformat()} if day else None
        page = self._get(f"/services/{int(service_id)}/slots", bw.SlotsWire, params)
        return tuple(slot.to_view() for slot in page.slots)

    def models(self: _Transport) -> tuple[ModelView, ...]:
        return tuple(m.to_view() for m in self._get("/models", bw.ModelsWire).models)

    def book(
        self: _Transport,
        idempotency_key: str,
        *,
        slot_id: int,
        model_id: int | None = None,
        note: str | None = None,
    ) -> BookingView:
        """POST /bookings; safe to retry: the same key gets the booking already made."""
        body: dict[str, Any] = {"slot_id": int(slot_id)}
        if model_id is not None:
            body["model_id"] = int(model_id)
        if note:
            body["note"] = note
        headers = {"Idempotency-Key": idempotency_key}
        made = self._post("/bookings", bw.BookingWire, retry=True, json=body, headers=headers)
        return made.to_view()

    def bookings(self: _Transport) -> tuple[BookingView, ...]:
        return tuple(b.to_view() for b in self._get("/bookings", bw.BookingsWire).bookings)

    def cancel_booking(self: _Transport, booking_id: int) -> BookingView:
        path = f"/bookings/{int(booking_id)}/cancel"
        return self._post(path, bw.BookingWire, retry=False).to_view()

    def reschedule(self: _Transport, booking_id: int, slot_id: int) -> BookingView:
        path = f"/bookings/{int(booking_id)}/reschedule"
        body = {"slot_id": int(slot_id)}
        return self._post(path, bw.BookingWire, retry=False, json=body).to_view()

    def lease_quote(
        self: _Transport, model: ModelView, *, term_months: int, down_payment_fen: int
    ) -> LeaseQuote:
        body = {
            "model_id": model.model_id,
            "term_months": int(term_months),
            "down_payment": yuan(down_payment_fen),
        }
        quote = self._post("/lease-quotes", bw.LeaseQuoteWire, retry=True, json=body)
        return quote.to_view(model)
