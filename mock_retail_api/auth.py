"""Sessions: a vehicle's secret (and a profile's PIN) buy a bearer token bound to both.

Wrong secrets and PINs are throttled (`throttle`). Verified tokens are cached per process
until they expire, so authenticating a request costs a dictionary lookup; tokens cannot be
revoked early, so the cache can never be stale.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from catalog import models as m
from catalog.security import new_token, token_hash, verify_secret
from mock_retail_api import throttle
from mock_retail_api.problems import ApiProblem
from mock_retail_api.schemas import SessionRequest, yuan
from mock_retail_api.store import Store, iso, utcnow

TOKEN_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class Principal:
    vehicle_id: int
    profile_id: int
    expires_at: datetime


class _TokenCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, Principal] = {}

    def get(self, digest: str) -> Principal | None:
        return self._entries.get(digest)

    def put(self, digest: str, principal: Principal) -> None:
        with self._lock:
            if len(self._entries) > 50_000:
                self._entries.clear()
            self._entries[digest] = principal


_cache = _TokenCache()


def _invalid(detail: str) -> ApiProblem:
    return ApiProblem(401, "invalid-credentials", detail)


def profile_json(profile: m.Profile) -> dict[str, Any]:
    limit = profile.spending_limit_fen
    return {
        "name": profile.name,
        "has_pin": profile.pin_hash is not None,
        "spending_limit": None if limit is None else yuan(limit),
        "default_delivery": profile.default_delivery,
        "payment_methods": profile.payment_methods,
    }


def create_session(store: Store, body: SessionRequest) -> dict[str, Any]:
    """Check the vehicle secret and the PIN (when one is given), then issue a token.

    Each check is throttled (`throttle.attempt`): its count is written in the same
    transaction, which commits even when a check fails, so the refusal is raised after it.
    """
    refused: ApiProblem | None = None
    with store.writing() as session:
        vehicle = session.scalar(select(m.Vehicle).where(m.Vehicle.vin == body.vin))
        if vehicle is None:
            raise _invalid("unknown vehicle or wrong secret")
        profiles = list(vehicle.profiles)
        profile = next((p for p in profiles if p.name == body.profile), None)
        if not throttle.attempt(
            session,
            throttle.secret_key(vehicle.id),
            lambda: verify_secret(body.secret, vehicle.secret_hash),
        ):
            refused = _invalid("unknown vehicle or wrong secret")
        elif profile is None:
            refused = _invalid(f"vehicle {body.vin} has no profile {body.profile!r}")
        elif body.pin is not None and not throttle.attempt(
            session, throttle.pin_key(profile.id), lambda: pin_matches(body.pin, profile)
        ):
            refused = _invalid("wrong PIN")
        else:
            token = new_token()
            now = utcnow()
            session.add(
                m.ApiToken(
                    token_hash=token_hash(token),
                    vehicle_id=vehicle.id,
                    profile_id=profile.id,
                    created_at=now,
                    expires_at=now + TOKEN_LIFETIME,
                )
            )
    if refused is not None or profile is None:
        raise refused or _invalid("no such profile")
    return {
        "token": token,
        "expires_at": iso(now + TOKEN_LIFETIME),
        "vehicle": {
            "vin": vehicle.vin,
            "model": vehicle.model,
            "profiles": [{"name": p.name, "has_pin": p.pin_hash is not None} for p in profiles],
        },
        "profile": profile_json(profile),
    }


def pin_matches(pin: str | None, profile: m.Profile) -> bool:
    """The one PIN check: a profile without a PIN matches no PIN."""
    return pin is not None and profile.pin_hash is not None and verify_secret(pin, profile.pin_hash)


def _lookup(store: Store, digest: str) -> Principal | None:
    with store.reading() as session:
        row = session.execute(
            select(m.ApiToken.vehicle_id, m.ApiToken.profile_id, m.ApiToken.expires_at).where(
                m.ApiToken.token_hash == digest
            )
        ).first()
    return Principal(*row) if row else None


def cached_principal(authorization: str | None) -> Principal | None:
    """The caller of a header whose token was verified before and is still valid, else None
    (then the full check in `current_principal` decides)."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    principal = _cache.get(token_hash(token.strip()))
    return principal if principal and principal.expires_at > utcnow() else None


async def current_principal(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> Principal:
    """The vehicle and profile the bearer token belongs to, or a 401 problem."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiProblem(401, "unauthorized", "send Authorization: Bearer <token>")
    digest = token_hash(token.strip())
    principal = _cache.get(digest)
    if principal is None:
        principal = await run_in_threadpool(_lookup, request.app.state.store, digest)
        if principal is None:
            raise ApiProblem(401, "unauthorized", "unknown token; create a new session")
        _cache.put(digest, principal)
    if principal.expires_at <= utcnow():
        raise ApiProblem(401, "token-expired", "the token has expired; create a new session")
    return principal


Caller = Annotated[Principal, Depends(current_principal)]
