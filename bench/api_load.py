"""What the write benchmarks (orders, bookings) share: counting rows, measuring a wrk load by
the rows it made, and waiting for the server to settle before checking the books.

Writes are counted in the database rather than from wrk's responses, so a retried request
answered with the existing row does not count twice.
"""

from __future__ import annotations

import statistics
import time

from sqlalchemy import Engine, text

from bench.api_wrk import WrkStats, wrk


def count(engine: Engine, sql: str, **params: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


def measure(
    url: str,
    engine: Engine,
    script: str,
    *,
    table: str,
    runs: int,
    seconds: float,
    connections: int,
) -> tuple[float, list[WrkStats]]:
    """The median rows of `table` made per second over `runs` wrk runs, and each run."""
    wrk(url, script, 1, connections)  # warm up
    rates, stats = [], []
    for _ in range(runs):
        before = count(engine, f"SELECT count(*) FROM {table}")
        stats.append(wrk(url, script, seconds, connections))
        made = count(engine, f"SELECT count(*) FROM {table}") - before
        rates.append(made / stats[-1].seconds)
    return statistics.median(rates), stats


def settle(engine: Engine, table: str, quiet_s: float = 1.0, limit_s: float = 120.0) -> None:
    """Wait until no row of `table` has been committed for `quiet_s`: requests wrk abandoned
    at its deadline are still being served, and checking the books while they commit would
    see half of them."""
    deadline = time.monotonic() + limit_s
    last = -1
    while time.monotonic() < deadline:
        now = count(engine, f"SELECT count(*) FROM {table}")
        if now == last:
            return
        last = now
        time.sleep(quiet_s)
