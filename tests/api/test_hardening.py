"""An API that defends itself (issue 11): bad text, the operator clock, request limits, 500s
that are answered, logged and traced, and dropped connections that really drop."""

from __future__ import annotations

import http.client
import json
import socket
import sqlite3
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from mock_retail_api.problems import ApiProblem
from mock_retail_api.session_routes import AdminClock
from tests.api.conftest import Shopper
from tests.servers import ApiServer

PROBLEM = "application/problem+json"
LOGIN = {"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": "driver"}


def _call(conn: http.client.HTTPConnection, method: str, path: str, **kw: Any) -> Any:
    conn.request(method, path, **kw)
    response = conn.getresponse()
    body = response.read()
    return response.status, response.getheader("content-type"), body


def test_a_nul_byte_is_422_and_the_connection_stays_healthy(api: ApiServer) -> None:
    """PostgreSQL text cannot hold NUL: it was a 500 (psycopg.DataError) and a reset
    connection; now it is refused at validation, on one kept-alive connection."""
    conn = http.client.HTTPConnection("127.0.0.1", api.port, timeout=10)
    status, _, body = _call(
        conn, "POST", "/api/v1/sessions", body=json.dumps(LOGIN), headers=_json()
    )
    token = json.loads(body)["token"]
    sock = conn.sock
    for method, path, sent in (
        ("POST", "/api/v1/sessions", {**LOGIN, "vin": "LVSHF\u0000"}),
        ("POST", "/api/v1/sessions", {**LOGIN, "secret": "demo\u0000secret"}),
        ("GET", "/api/v1/items?q=lat%00te", None),
        ("GET", "/api/v1/items?category=drinks%00", None),
        ("POST", "/api/v1/orders", {"delivery": {"mode": "home", "address": "1 Road\u0000"}}),
    ):
        headers = {**_json(), "Authorization": f"Bearer {token}", "Idempotency-Key": "nul-1"}
        status, kind, body = _call(
            conn, method, path, body=json.dumps(sent) if sent else None, headers=headers
        )
        assert (status, kind) == (422, PROBLEM), (path, body)
        assert conn.sock is sock, "the connection was closed after a NUL"
    assert _call(conn, "GET", "/api/v1/health")[0] == 200 and conn.sock is sock
    conn.close()


def _json() -> dict[str, str]:
    return {"Content-Type": "application/json"}


def test_the_admin_clock_refuses_a_vehicle_token(shopper: Shopper) -> None:
    advance = {"advance_seconds": 1}
    vehicle_only = shopper.http.post("/admin/clock", json=advance)
    assert vehicle_only.status_code == 401 and vehicle_only.headers["content-type"] == PROBLEM
    wrong = shopper.http.post("/admin/clock", json=advance, headers={"X-Admin-Token": "guess"})
    assert wrong.status_code == 401
    operator = shopper.http.post("/admin/clock", json=advance, headers=shopper.server.admin_headers)
    assert operator.status_code == 200 and "now" in operator.json()


def test_the_admin_clock_is_off_without_a_token_and_open_on_a_demo_server() -> None:
    with pytest.raises(ApiProblem) as off:
        AdminClock().check(None)
    assert off.value.status == 403
    AdminClock(open=True).check(None)
    with pytest.raises(ApiProblem) as wrong:
        AdminClock("s3cret").check("s3cre")
    assert wrong.value.status == 401
    AdminClock("s3cret").check("s3cret")


def _raw_request(port: int, head: bytes) -> tuple[bytes, float]:
    """Send a request head; what came back (maybe nothing) and how long it took."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        try:
            sock.sendall(head)
            answer = sock.recv(200)
        except OSError:  # refused midway: the server closed the connection
            answer = b""
    return answer, time.perf_counter() - started


@pytest.mark.parametrize(
    "headers",
    [b"X-Big: " + b"a" * 1_000_000 + b"\r\n", b"".join(b"X-%d: v\r\n" % i for i in range(20_000))],
    ids=["one 1 MB header", "20000 headers"],
)
def test_an_oversized_request_head_is_refused_quickly(api: ApiServer, headers: bytes) -> None:
    answer, took = _raw_request(api.port, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + headers)
    assert took < 2, took
    assert answer == b"" or answer.startswith(b"HTTP/1.1 400"), answer
    assert httpx.get(f"{api.url}/api/v1/health", timeout=5).status_code == 200


def test_a_500_is_answered_traced_and_logged_without_sql_parameters(
    start_api: Callable[..., ApiServer],
) -> None:
    """With two workers: an access line per request, X-Request-ID on the 500, its real
    status in the log, and no SQL parameter values in the traceback."""
    server = start_api(workers=2)
    path = make_url(server.db_url).database
    assert path
    with sqlite3.connect(path) as db:  # break the store under the running server
        db.execute("ALTER TABLE vehicles RENAME TO vehicles_gone")
    with httpx.Client(base_url=f"{server.url}/api/v1", timeout=10) as client:
        failed = client.post(
            "/sessions",
            json={**LOGIN, "vin": "VIN-TOPSECRET-42"},
            headers={"X-Request-ID": "five-hundred-1"},
        )
        assert client.get("/health").status_code == 200  # the same client, still served
    assert failed.status_code == 500 and failed.headers["content-type"] == PROBLEM
    assert failed.headers["x-request-id"] == "five-hundred-1"
    time.sleep(0.3)
    log = server.log_path.read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert {"request_id": "five-hundred-1", "status": 500}.items() <= next(
        line for line in lines if line["request_id"] == "five-hundred-1"
    ).items()
    assert any(line["path"] == "/api/v1/health" and line["status"] == 200 for line in lines)
    assert "no such table: vehicles" in log and "five-hundred-1" in log
    assert "VIN-TOPSECRET-42" not in log


def test_fault_drop_closes_the_connection_without_a_response(
    start_api: Callable[..., ApiServer],
) -> None:
    server = start_api(faults="drop=1")
    with httpx.Client(base_url=f"{server.url}/api/v1", timeout=10) as client:
        for _ in range(5):
            with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
                client.get("/categories")
        assert client.get("/health").status_code == 200
    assert "Traceback" not in server.log_path.read_text()
