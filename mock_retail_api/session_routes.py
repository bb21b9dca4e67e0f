"""Creating sessions and the admin clock that lets demos and tests see orders move on."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from mock_retail_api.auth import Caller, create_session
from mock_retail_api.catalog_routes import json_response
from mock_retail_api.schemas import ClockAdvance, SessionRequest
from mock_retail_api.store import iso

router = APIRouter(prefix="/api/v1")


@router.post("/sessions", status_code=201)
async def sessions(request: Request, body: SessionRequest) -> Response:
    """A token for one vehicle and profile; a wrong secret or PIN is a 401 problem."""
    payload = await run_in_threadpool(create_session, request.app.state.store, body)
    return json_response(payload, 201)


@router.post("/admin/clock")
async def advance_clock(request: Request, _caller: Caller, body: ClockAdvance) -> Response:
    """Move the order-lifecycle clock forward by `advance_seconds` for every worker."""
    now = await run_in_threadpool(request.app.state.store.advance_clock, body.advance_seconds)
    return json_response({"now": iso(now)})
