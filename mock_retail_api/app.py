"""The FastAPI application and the factory uvicorn workers import.

Workers are separate processes, so the database URL, fault spec and admin-clock settings
reach them through environment variables set by `server.serve`.

The request log and fault injection wrap the whole Starlette application, outside its
error middleware: every response carries X-Request-ID and is logged with its real status, a
500 included, and a dropped connection is dropped on uvicorn's own transport.
"""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp

from mock_retail_api import (
    bookings,
    cart,
    catalog_routes,
    images,
    orders,
    services_routes,
    session_routes,
)
from mock_retail_api.middleware import BodyLimit, FaultInjection, FaultSpec, RequestLog
from mock_retail_api.problems import install_handlers
from mock_retail_api.search_cache import SearchCache
from mock_retail_api.session_routes import ENV_ADMIN_TOKEN, ENV_DEMO_CLOCK, AdminClock
from mock_retail_api.store import Store
from mock_retail_api.worker import prepare_process

ENV_DB_URL = "INCAR_API_DB_URL"
ENV_FAULTS = "INCAR_API_FAULTS"
__all__ = ["ENV_ADMIN_TOKEN", "ENV_DB_URL", "ENV_DEMO_CLOCK", "ENV_FAULTS", "create_app"]


def create_app(db_url: str, faults: str | None = None, clock: AdminClock | None = None) -> ASGIApp:
    store = Store(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Everything imported so far lives as long as the process: keep the collector off it,
        # and collect young objects less often, so no request waits behind a long GC pause.
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)
        yield
        store.dispose()

    app = FastAPI(
        title="incar mock retail API",
        version="1.0",
        description="A Tmall-style store for in-car ordering and appointments (CONTRACTS 3, 8).",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.admin_clock = clock or AdminClock()
    install_handlers(app)
    for module in (
        catalog_routes,
        session_routes,
        cart,
        orders,
        services_routes,
        bookings,
        images,
    ):
        app.include_router(module.router)
    app.add_middleware(BodyLimit)
    app.add_middleware(SearchCache, store=store)
    spec = FaultSpec.parse(faults)
    outer: ASGIApp = FaultInjection(app, spec=spec) if spec.active else app
    return RequestLog(outer)


def app_from_env() -> ASGIApp:
    """Factory for `uvicorn --factory`: configuration comes from the environment."""
    prepare_process()
    db_url = os.environ.get(ENV_DB_URL)
    if not db_url:
        raise RuntimeError(f"{ENV_DB_URL} is not set; start the API with `incar serve`")
    return create_app(db_url, os.environ.get(ENV_FAULTS) or None, AdminClock.from_env())
