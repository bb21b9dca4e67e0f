"""Order throughput on PostgreSQL, and afterwards whether placing orders stayed correct.

Throughput alone would reward a server that drops the guarantees, so each run is checked: no
idempotency key made two orders, and stock went down by exactly what the orders hold.
"""

from __future__ import annotations

import asyncio
import statistics
import uuid

import httpx
from sqlalchemy import Engine, create_engine, text

from bench.api_load import count, measure, settle
from bench.api_serving import login, serving
from bench.api_wrk import CONCURRENCY, WrkStats, keyed_post_lua
from bench.report import BenchResult
from bench.servers import PostgresCluster

ORDER_SKU_STOCK = 1_000_000  # so the throughput runs never sell out
BURST_CONNECTIONS = 500  # issue 11: many cars ordering at once, two workers on two cores
P95_TARGET_MS = 1000.0


def _order_lua(token: str, sku_ids: list[int]) -> str:
    body = ('{"delivery":{"mode":"pickup"},"lines":[{"sku_id":', ',"quantity":1}]}')
    return keyed_post_lua("/api/v1/orders", token, sku_ids, body)


async def _check_orders(url: str, engine: Engine, sku_id: int) -> tuple[int, int]:
    """Duplicates and overselling, counted exactly: 100 keys each sent twice at once, then
    120 orders racing for 50 units. Returns (extra orders, units sold beyond stock)."""
    token = login(url)
    auth = {"Authorization": f"Bearer {token}"}
    limit = asyncio.Semaphore(CONCURRENCY)
    body = {"delivery": {"mode": "pickup"}, "lines": [{"sku_id": sku_id, "quantity": 1}]}

    async def place(client: httpx.AsyncClient, key: str) -> tuple[str, int, int | None]:
        async with limit:
            response = await client.post(
                "/api/v1/orders", json=body, headers={**auth, "Idempotency-Key": key}
            )
        order_id = response.json().get("id") if response.status_code < 300 else None
        return key, response.status_code, order_id

    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        before = count(engine, "SELECT count(*) FROM orders")
        keys = [uuid.uuid4().hex for _ in range(100)]
        results = await asyncio.gather(*(place(client, k) for k in keys + keys))
        ids: dict[str, set[int | None]] = {}
        for key, _, order_id in results:
            ids.setdefault(key, set()).add(order_id)
        created = count(engine, "SELECT count(*) FROM orders") - before
        duplicates = (created - len(keys)) + sum(len(v) - 1 for v in ids.values())

        with engine.begin() as conn:
            conn.execute(text("UPDATE skus SET stock = 50 WHERE id = :s"), {"s": sku_id})
        results = await asyncio.gather(*(place(client, uuid.uuid4().hex) for _ in range(120)))
        placed = sum(1 for _, status, _ in results if status == 201)
        left = count(engine, "SELECT stock FROM skus WHERE id = :s", s=sku_id)
    return abs(duplicates), max(0, placed - 50) + abs(50 - placed - left)


def _load_results(suffix: str, rate: float, stats: list[WrkStats]) -> list[BenchResult]:
    name = f"postgres{suffix}"
    return [
        BenchResult(f"api.orders.throughput.{name}", "orders/s", rate, 150, "min"),
        BenchResult(f"api.orders.p50.{name}", "ms", statistics.median(s.p50_ms for s in stats)),
        BenchResult(
            f"api.orders.p95.{name}",
            "ms",
            statistics.median(s.p95_ms for s in stats),
            P95_TARGET_MS if suffix else None,
            "max",
        ),
        BenchResult(
            f"api.orders.errors.{name}", "requests", sum(s.errors for s in stats), 0, "max"
        ),
    ]


def bench_orders(runs: int, seconds: float) -> list[BenchResult]:
    """Orders placed per second at the usual 32 connections and at 500 (a fleet's burst),
    counted in the database rather than from wrk's responses, so a retry answered with the
    existing order does not count as a second one; then duplicates and overselling."""
    results: list[BenchResult] = []
    cluster = PostgresCluster().start()
    try:
        db_url = cluster.create_database("incar_bench")
        with serving(db_url, workers=2) as server:
            engine = create_engine(db_url)
            with engine.begin() as conn:
                conn.execute(text("UPDATE skus SET stock = :n"), {"n": ORDER_SKU_STOCK})
                rows = conn.execute(text("SELECT id FROM skus ORDER BY id LIMIT 40"))
                sku_ids = [r[0] for r in rows]
            script = _order_lua(login(server.url), sku_ids)
            for connections, suffix in (
                (CONCURRENCY, ""),
                (BURST_CONNECTIONS, f".c{BURST_CONNECTIONS}"),
            ):
                rate, stats = measure(
                    server.url,
                    engine,
                    script,
                    table="orders",
                    runs=runs,
                    seconds=seconds,
                    connections=connections,
                )
                results += _load_results(suffix, rate, stats)
            settle(engine, "orders")
            taken_minus_sold = count(
                engine,
                "SELECT (SELECT coalesce(sum(:n - stock), 0) FROM skus WHERE stock <> :n)"
                " - (SELECT coalesce(sum(quantity), 0) FROM order_lines)",
                n=ORDER_SKU_STOCK,
            )
            duplicates, oversold = asyncio.run(_check_orders(server.url, engine, sku_ids[-1]))
            oversold += abs(taken_minus_sold)
            engine.dispose()
    finally:
        cluster.stop()
    return [
        *results,
        BenchResult("api.orders.duplicates.postgres", "orders", duplicates, 0, "max"),
        BenchResult("api.orders.oversold.postgres", "units", oversold, 0, "max"),
    ]
