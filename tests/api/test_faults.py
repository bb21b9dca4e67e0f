"""Fault injection visibly works, never touches /health, and requests are logged as JSON."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable

import httpx

from tests.servers import ApiServer


def _login(client: httpx.Client) -> None:
    body = {"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": "driver"}
    for _ in range(50):  # faults may hit the session call too
        try:
            response = client.post("/sessions", json=body)
        except httpx.TransportError:
            continue
        if response.status_code == 201:
            client.headers["Authorization"] = f"Bearer {response.json()['token']}"
            return
    raise AssertionError("could not log in through the faults")


def test_errors_and_dropped_connections(start_api: Callable[..., ApiServer]) -> None:
    server = start_api(faults="error_rate=0.3,drop=0.3")
    outcomes: Counter[str] = Counter()
    with httpx.Client(base_url=f"{server.url}/api/v1", timeout=10) as client:
        _login(client)
        for _ in range(60):
            try:
                response = client.get("/items", params={"q": "latte"})
                outcomes[str(response.status_code)] += 1
                if response.status_code == 503:
                    assert response.json()["type"].endswith("/injected-fault")
            except httpx.TransportError:
                outcomes["dropped"] += 1
        health = [client.get("/health").status_code for _ in range(30)]
    assert outcomes["200"] and outcomes["503"] and outcomes["dropped"], outcomes
    assert health == [200] * 30


def test_latency_and_request_logs(start_api: Callable[..., ApiServer]) -> None:
    server = start_api(faults="latency=200ms")
    with httpx.Client(base_url=f"{server.url}/api/v1", timeout=10) as client:
        started = time.perf_counter()
        assert client.get("/health").status_code == 200
        health_s = time.perf_counter() - started
        _login(client)
        started = time.perf_counter()
        response = client.get("/cart", headers={"X-Request-ID": "trace-me-42"})
        cart_s = time.perf_counter() - started
        token = client.headers["Authorization"].split()[1]
    assert response.headers["x-request-id"] == "trace-me-42"
    assert cart_s >= 0.2 > health_s
    lines = [
        json.loads(line)
        for line in server.log_path.read_text().splitlines()
        if line.startswith("{")
    ]
    traced = [line for line in lines if line["request_id"] == "trace-me-42"]
    assert traced and traced[0]["path"] == "/api/v1/cart" and traced[0]["status"] == 200
    assert set(traced[0]) == {"request_id", "method", "path", "status", "ms"}
    log_text = server.log_path.read_text()
    assert token not in log_text and "demo-secret" not in log_text
