"""The API under test, as every `incar bench api` measurement starts it and logs in to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from bench.servers import ApiServer


def login(base: str) -> str:
    """A bearer token of the demo car's passenger profile, as the head unit would get one."""
    body = {"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": "passenger"}
    response = httpx.post(f"{base}/api/v1/sessions", json=body, timeout=30)
    response.raise_for_status()
    return str(response.json()["token"])


@contextmanager
def serving(db_url: str, workers: int) -> Iterator[ApiServer]:
    """The API on `db_url`, stopped again however the measurement ends."""
    server = ApiServer(db_url, workers=workers).start(timeout=300)
    try:
        yield server
    finally:
        server.stop()
