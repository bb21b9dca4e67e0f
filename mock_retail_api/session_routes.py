"""Creating sessions, and the admin clock that lets demos and tests see orders move on.

The clock moves the whole store's order lifecycle, so it takes an operator credential, never
a vehicle's token: `X-Admin-Token` equal to `INCAR_ADMIN_TOKEN` in the server's environment,
or nothing at all on a server started with `--demo-clock`. Without either it is off (403).
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Header, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from mock_retail_api import responses as shapes
from mock_retail_api.auth import create_session
from mock_retail_api.catalog_routes import json_response
from mock_retail_api.problems import ApiProblem
from mock_retail_api.schemas import ClockAdvance, SessionRequest
from mock_retail_api.store import iso

router = APIRouter(prefix="/api/v1")
ENV_ADMIN_TOKEN = "INCAR_ADMIN_TOKEN"
ENV_DEMO_CLOCK = "INCAR_API_DEMO_CLOCK"
ADMIN_HEADER = "X-Admin-Token"


@dataclass(frozen=True)
class AdminClock:
    """Who may move the clock: the holder of `token`, or anyone when `open` (a demo)."""

    token: str | None = None
    open: bool = False

    @classmethod
    def from_env(cls) -> AdminClock:
        return cls(os.environ.get(ENV_ADMIN_TOKEN) or None, os.environ.get(ENV_DEMO_CLOCK) == "1")

    def check(self, given: str | None) -> None:
        if self.open:
            return
        if self.token is None:
            raise ApiProblem(
                403,
                "admin-clock-disabled",
                f"the admin clock is off: start the server with {ENV_ADMIN_TOKEN} set "
                "or with --demo-clock",
            )
        if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
            raise ApiProblem(401, "unauthorized", f"send {ADMIN_HEADER}: <{ENV_ADMIN_TOKEN}>")


@router.post(
    "/sessions",
    status_code=201,
    response_model=shapes.SessionOut,
    responses=shapes.problems(400, 401, 413, 422, 429),
)
async def sessions(request: Request, body: SessionRequest) -> Response:
    """A token for one vehicle and profile; a wrong secret or PIN is a 401 problem, and five
    in a row lock the secret or PIN for a while (429 with Retry-After)."""
    payload = await run_in_threadpool(create_session, request.app.state.store, body)
    return json_response(payload, 201)


@router.post(
    "/admin/clock",
    response_model=shapes.ClockOut,
    responses=shapes.problems(400, 401, 403, 413, 422),
)
async def advance_clock(
    request: Request,
    body: ClockAdvance,
    x_admin_token: Annotated[str | None, Header(max_length=200)] = None,
) -> Response:
    """Move the order-lifecycle clock forward by `advance_seconds` for every worker
    (operator only: `X-Admin-Token`, or any caller of a `--demo-clock` server)."""
    clock: AdminClock = request.app.state.admin_clock
    clock.check(x_admin_token)
    now = await run_in_threadpool(request.app.state.store.advance_clock, body.advance_seconds)
    return json_response({"now": iso(now)})
