"""`incar serve`: schema upgrade and first-start seed, then uvicorn with N workers."""

from __future__ import annotations

import logging
import os
import socket
import sys

import uvicorn

from catalog.seeding import seed_database
from incar.errors import IncarError
from mock_retail_api.app import ENV_DB_URL, ENV_FAULTS
from mock_retail_api.middleware import FaultSpec


def _configure_access_log() -> None:
    """Access lines are JSON already: print them bare on stderr."""
    logger = logging.getLogger("incar.api.access")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _check_port(host: str, port: int) -> None:
    """Fail with one line before seeding when the address is taken, not in uvicorn's log."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise IncarError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


def serve(
    db_url: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8700,
    workers: int = 1,
    faults: str | None = None,
) -> None:
    FaultSpec.parse(faults)  # a bad spec is a one-line error before anything starts
    _check_port(host, port)
    seed_database(db_url, items=None, reset=False)
    os.environ[ENV_DB_URL] = db_url
    os.environ[ENV_FAULTS] = faults or ""
    _configure_access_log()
    print(f"incar API on http://{host}:{port} ({workers} worker(s), {db_url})", flush=True)
    uvicorn.run(
        "mock_retail_api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
        log_config=None,
    )
