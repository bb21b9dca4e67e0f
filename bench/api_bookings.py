"""Booking throughput on PostgreSQL with two workers, and afterwards whether booking stayed
correct: never more bookings than places, and no Idempotency-Key booked twice.

The load books car washes and charging bays (no model needed) across all their slots of the
14 bookable days, their capacity raised so the runs never fill them, as the order benchmark
raises stock; every tenth request repeats the previous one exactly, a retry that must get the
same booking back. Then the exact checks: every slot's places taken equal its bookings and
stay within its capacity, 120 cars race for one slot of 50 places, 100 keys are each sent
twice at once.
"""

from __future__ import annotations

import asyncio
import statistics
import uuid

import httpx
from sqlalchemy import Engine, create_engine, text

from bench.api_load import count, measure, settle
from bench.api_serving import login, serving
from bench.api_wrk import CONCURRENCY, keyed_post_lua
from bench.report import BenchResult
from bench.servers import PostgresCluster

LOAD_KINDS = "('car_wash', 'ev_charging')"  # booked without a model
LOAD_CAPACITY = 1_000_000
RACE_PLACES, RACERS, REPLAYED_KEYS = 50, 120, 100
THROUGHPUT_TARGET = 150.0  # bookings/s, as for orders
P95_TARGET_MS = 1000.0


def _booking_lua(token: str, slot_ids: list[int]) -> str:
    return keyed_post_lua("/api/v1/bookings", token, slot_ids, ('{"slot_id":', "}"))


def _slot_ids(url: str, engine: Engine, token: str) -> list[int]:
    """Every slot of the load's services, made by listing them as a head unit would."""
    ids: list[int] = []
    with engine.connect() as conn:
        services = conn.execute(text(f"SELECT id FROM services WHERE kind IN {LOAD_KINDS}"))
        service_ids = sorted(row[0] for row in services)
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        for service_id in service_ids:
            response = client.get(f"/api/v1/services/{service_id}/slots", timeout=60)
            response.raise_for_status()
            ids += [s["id"] for s in response.json()["slots"]]
    return ids


def _ledger_errors(engine: Engine) -> int:
    """Slots whose places taken differ from their bookings, or exceed their capacity."""
    return count(
        engine,
        "SELECT count(*) FROM service_slots s LEFT JOIN (SELECT slot_id, count(*) AS n "
        "FROM bookings WHERE status <> 'cancelled' GROUP BY slot_id) b ON b.slot_id = s.id "
        "WHERE s.taken <> coalesce(b.n, 0) OR s.taken > s.capacity",
    )


async def _race(url: str, engine: Engine, slot_id: int) -> tuple[int, int]:
    """(extra bookings beyond the places, duplicate bookings of one key)."""
    auth = {"Authorization": f"Bearer {login(url)}"}

    async def one(client: httpx.AsyncClient, key: str) -> tuple[str, int, int | None]:
        response = await client.post(
            "/api/v1/bookings", json={"slot_id": slot_id}, headers={**auth, "Idempotency-Key": key}
        )
        booking_id = response.json().get("id") if response.status_code < 300 else None
        return key, response.status_code, booking_id

    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE service_slots SET capacity = :n WHERE id = :s"),
                {"n": RACE_PLACES, "s": slot_id},
            )
        results = await asyncio.gather(*(one(client, uuid.uuid4().hex) for _ in range(RACERS)))
        booked = sum(1 for _, status, _ in results if status == 201)
        held = count(engine, "SELECT count(*) FROM bookings WHERE slot_id = :s", s=slot_id)
        overbooked = max(0, booked - RACE_PLACES) + abs(held - booked)

        with engine.begin() as conn:
            conn.execute(
                text("UPDATE service_slots SET capacity = :n WHERE id = :s"),
                {"n": LOAD_CAPACITY, "s": slot_id},
            )
        before = count(engine, "SELECT count(*) FROM bookings")
        keys = [uuid.uuid4().hex for _ in range(REPLAYED_KEYS)]
        results = await asyncio.gather(*(one(client, k) for k in keys + keys))
        ids: dict[str, set[int | None]] = {}
        for key, _, booking_id in results:
            ids.setdefault(key, set()).add(booking_id)
        made = count(engine, "SELECT count(*) FROM bookings") - before
        duplicates = abs(made - len(keys)) + sum(len(v) - 1 for v in ids.values())
    return overbooked, duplicates


def bench_bookings(runs: int, seconds: float) -> list[BenchResult]:
    """Bookings per second at 32 connections on PostgreSQL (two workers), then the exact
    checks: overbooked places and duplicate bookings, both expected to be 0."""
    cluster = PostgresCluster().start()
    try:
        db_url = cluster.create_database("incar_bench_bookings")
        with serving(db_url, workers=2) as server:
            engine = create_engine(db_url)
            token = login(server.url)
            *load_slots, race_slot = _slot_ids(server.url, engine, token)
            with engine.begin() as conn:
                conn.execute(text("UPDATE service_slots SET capacity = :n"), {"n": LOAD_CAPACITY})
            rate, stats = measure(
                server.url,
                engine,
                _booking_lua(token, load_slots),
                table="bookings",
                runs=runs,
                seconds=seconds,
                connections=CONCURRENCY,
            )
            settle(engine, "bookings")
            overbooked, duplicates = asyncio.run(_race(server.url, engine, race_slot))
            overbooked += _ledger_errors(engine)
            engine.dispose()
    finally:
        cluster.stop()
    return [
        BenchResult(
            "api.bookings.throughput.postgres", "bookings/s", rate, THROUGHPUT_TARGET, "min"
        ),
        BenchResult("api.bookings.p50.postgres", "ms", statistics.median(s.p50_ms for s in stats)),
        BenchResult(
            "api.bookings.p95.postgres",
            "ms",
            statistics.median(s.p95_ms for s in stats),
            P95_TARGET_MS,
            "max",
        ),
        BenchResult(
            "api.bookings.errors.postgres", "requests", sum(s.errors for s in stats), 0, "max"
        ),
        BenchResult("api.bookings.overbooked.postgres", "places", overbooked, 0, "max"),
        BenchResult("api.bookings.duplicates.postgres", "bookings", duplicates, 0, "max"),
    ]
