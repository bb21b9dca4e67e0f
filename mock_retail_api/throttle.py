"""Throttled guessing of vehicle secrets and profile PINs.

Five wrong answers in a row lock a vehicle's secret, or a profile's PIN, for five minutes (as
car makers' in-car payment locks its PIN): while locked, every attempt is 429 with
Retry-After, the right answer included, so guessing cannot go on at any rate. A right answer
clears the count. One PIN counter serves `POST /sessions` and `POST /orders` alike.

The counter is a database row, so every worker process counts the same; the check, the
verification and the count happen in one transaction holding that row (BEGIN IMMEDIATE on
SQLite, SELECT ... FOR UPDATE on PostgreSQL), so concurrent guesses are counted one by one.
The lock runs on real time, not on the admin clock of the order lifecycle.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog import models as m
from mock_retail_api.problems import ApiProblem
from mock_retail_api.store import utcnow

MAX_FAILURES = 5
LOCK_SECONDS = 300


def secret_key(vehicle_id: int) -> str:
    return f"secret:{vehicle_id}"


def pin_key(profile_id: int) -> str:
    return f"pin:{profile_id}"


def attempt(session: Session, key: str, verify: Callable[[], bool]) -> bool:
    """`verify()`'s answer, counted against `key`; a 429 problem while `key` is locked.

    The caller commits the session whatever the answer, so a wrong one is counted: it raises
    its refusal only after the transaction ends.
    """
    row = _locked_row(session, key)
    now = utcnow()
    if row.locked_until is not None and row.locked_until > now:
        raise _locked_problem(row.locked_until, now)
    ok = verify()
    if ok:
        if row.failures or row.locked_until is not None:
            row.failures, row.locked_until = 0, None
    else:
        failures = 1 if row.locked_until is not None else row.failures + 1  # a lock that ran out
        row.failures = failures
        row.locked_until = (
            now + timedelta(seconds=LOCK_SECONDS) if failures >= MAX_FAILURES else None
        )
    session.flush()
    return ok


def _locked_row(session: Session, key: str) -> m.AuthThrottle:
    row = session.get(m.AuthThrottle, key, with_for_update=True)
    if row is not None:
        return row
    try:
        with session.begin_nested():  # a concurrent first attempt may insert it too
            session.add(m.AuthThrottle(key=key, failures=0))
    except IntegrityError:
        pass
    return session.get_one(m.AuthThrottle, key, with_for_update=True, populate_existing=True)


def _locked_problem(until: datetime, now: datetime) -> ApiProblem:
    wait = max(1, math.ceil((until - now).total_seconds()))
    return ApiProblem(
        429,
        "too-many-attempts",
        f"too many wrong attempts: locked for {wait} more seconds, even for the right answer",
        "Too many attempts",
        extensions={"retry_after": wait},
        headers={"Retry-After": str(wait)},
    )
