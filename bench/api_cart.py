"""What made-to-order options cost on every `POST /cart/lines`.

The same line is added with all seven choices and with none, alternately on one keep-alive
connection (each line deleted again so the cart stays one line long), and the difference of
the two p95 latencies is the added latency of option validation and pricing. Interleaving the
two kinds means a change in the machine's load falls on both alike, not on one of them.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import httpx

from bench.api_serving import login, serving
from bench.report import BenchResult, percentile
from bench.servers import seed

# CONTRACTS section 7's example order, on a large latte (SKU 3 of the seed: item 1, large)
CART_OPTIONS = {
    "size": "large", "roast": "dark", "shots": "triple", "milk": "soy", "milk_amount": "little",
    "sweetener": "brown sugar", "sweetener_amount": "extra",
}  # fmt: skip
CART_SKU = 3
CART_REQUESTS = 400  # of each kind per run


def _time_cart_lines(url: str, requests: int) -> tuple[list[float], list[float]]:
    """Latencies (ms) of adding the line plainly and with options, interleaved."""
    plain: list[float] = []
    chosen: list[float] = []
    with httpx.Client(base_url=f"{url}/api/v1", timeout=30) as http:
        http.headers["Authorization"] = f"Bearer {login(url)}"
        bodies = (
            ({"sku_id": CART_SKU, "quantity": 1}, plain),
            ({"sku_id": CART_SKU, "quantity": 1, "options": CART_OPTIONS}, chosen),
        )
        for _ in range(requests):
            for body, samples in bodies:
                started = time.perf_counter()
                response = http.post("/cart/lines", json=body)
                samples.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
                for line in response.json()["lines"]:
                    http.delete(f"/cart/lines/{line['id']}").raise_for_status()
    return plain[10:], chosen[10:]  # the first requests warm the worker's caches


def _validation_us(db_url: str, rounds: int = 20_000) -> float:
    """In-process time (µs) of checking and pricing the example's options, from the cached
    catalog rows: the part of the added latency that is option validation itself."""
    from mock_retail_api.store import Store

    store = Store(db_url, pool_size=1)
    try:
        with store.reading() as session:
            offered = store.item_options(session, 1)
        attributes = {"size": "large"}
        started = time.perf_counter()
        for _ in range(rounds):
            offered.delta_fen(offered.resolve(CART_OPTIONS, attributes))
        return (time.perf_counter() - started) / rounds * 1e6
    finally:
        store.dispose()


def bench_cart_options(root: Path, runs: int) -> list[BenchResult]:
    """The added p95 of options over HTTP, and the in-process validation time beside it."""
    db_url = f"sqlite:///{root / 'cart-300.sqlite3'}"
    seed(db_url, 300)
    validation_us = _validation_us(db_url)
    plain_p95, options_p95 = [], []
    with serving(db_url, workers=1) as server:
        for _ in range(runs):
            plain, chosen = _time_cart_lines(server.url, CART_REQUESTS)
            plain_p95.append(percentile(plain, 95))
            options_p95.append(percentile(chosen, 95))
    plain_ms, options_ms = statistics.median(plain_p95), statistics.median(options_p95)
    return [
        BenchResult("api.cart_lines.plain.p95_ms", "ms", plain_ms),
        BenchResult("api.cart_lines.options.p95_ms", "ms", options_ms),
        BenchResult("api.cart_lines.options.added_p95_ms", "ms", options_ms - plain_ms, 2.0, "max"),
        BenchResult("api.cart_lines.options.validation_us", "us", validation_us, 100.0, "max"),
    ]
