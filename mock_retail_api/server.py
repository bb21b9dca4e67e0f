"""`incar serve`: schema upgrade and first-start seed, then uvicorn with N workers.

Request limits are the server stack's: h11 refuses a header block over 64 KiB (the whole
request head, so a huge or a huge number of headers) without buffering it, uvicorn answers
503 past `LIMIT_CONCURRENCY` connections and tasks per worker and closes idle keep-alive
connections; `middleware.BodyLimit` answers 413 for bodies over 64 KiB.
"""

from __future__ import annotations

import errno
import os
import socket

import uvicorn

from catalog.seeding import seed_database
from incar.errors import IncarError
from mock_retail_api.app import ENV_ADMIN_TOKEN, ENV_DB_URL, ENV_DEMO_CLOCK, ENV_FAULTS
from mock_retail_api.middleware import FaultSpec
from mock_retail_api.worker import ENV_MASTER_PID, prepare_process

MAX_HEAD_BYTES = 64 * 1024
LIMIT_CONCURRENCY = 2048
KEEP_ALIVE_S = 5
GRACEFUL_SHUTDOWN_S = 5


def _check_port(host: str, port: int) -> None:
    """Fail with one sentence before seeding when the address cannot be had, rather than in
    uvicorn's log after the seed: which address, why, and what to do instead."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise IncarError(_cannot_listen(host, port, exc)) from exc


def _cannot_listen(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (another `incar serve`?): stop that "
            "program, or choose another port with --port"
        )
    if error.errno == errno.EACCES:
        return f"port {port} needs more privileges than this user has: choose one above 1023"
    if isinstance(error, socket.gaierror):
        return f"--host {host} is not a known host name: use an address such as 127.0.0.1"
    if error.errno == errno.EADDRNOTAVAIL:
        return (
            f"{host} is not an address of this machine: use 127.0.0.1, 0.0.0.0 (every "
            "interface) or one of its own addresses"
        )
    reason = error.strerror or str(error)
    return f"cannot listen on {host}:{port} ({reason}): choose another --host or --port"


def serve(
    db_url: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8700,
    workers: int = 1,
    faults: str | None = None,
    demo_clock: bool = False,
) -> None:
    FaultSpec.parse(faults)  # a bad spec is a one-line error before anything starts
    _check_port(host, port)
    seed_database(db_url, items=None, reset=False)
    os.environ[ENV_DB_URL] = db_url
    os.environ[ENV_FAULTS] = faults or ""
    os.environ[ENV_DEMO_CLOCK] = "1" if demo_clock else ""
    os.environ[ENV_MASTER_PID] = str(os.getpid())
    prepare_process()
    clock = "open (--demo-clock)" if demo_clock else "operator token only"
    if not demo_clock and not os.environ.get(ENV_ADMIN_TOKEN):
        clock = f"off (set {ENV_ADMIN_TOKEN} or pass --demo-clock)"
    print(
        f"incar API on http://{host}:{port} ({workers} worker(s), {db_url}); admin clock {clock}",
        flush=True,
    )
    uvicorn.run(
        "mock_retail_api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http="h11",
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        limit_concurrency=LIMIT_CONCURRENCY,
        timeout_keep_alive=KEEP_ALIVE_S,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        access_log=False,
        log_level="warning",
        log_config=None,
    )
