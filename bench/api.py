"""`incar bench api`: search latency and throughput on SQLite, order throughput on PostgreSQL,
and json-server serving the same items as a peer, all measured in one run.

Each measurement lives in its own module: `bench.api_search` (hot and cold search),
`bench.api_peer` (json-server), `bench.api_cart` (the cost of made-to-order options) and
`bench.api_orders` (placement, idempotency and stock), `bench.api_bookings` (appointments:
throughput and never more bookings than places); `bench.api_wrk` drives the load.
This module only decides the sizes and the order, so one suite run gives one report.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from bench.api_bookings import bench_bookings
from bench.api_cart import bench_cart_options
from bench.api_orders import bench_orders
from bench.api_peer import bench_json_server, peer_results
from bench.api_search import ColdStats, bench_search, search_results
from bench.report import BenchResult

log = logging.getLogger("incar.bench.api")
logging.getLogger("httpx").setLevel(logging.WARNING)


def run(quick: bool) -> list[BenchResult]:
    """Search on 300 and 10k items (and 100k unless quick), hot everywhere and cold at 10k;
    json-server at 10k; cart lines with and without options on SQLite; orders and bookings on
    PostgreSQL."""
    runs, seconds = (1, 3.0) if quick else (3, 5.0)
    results: list[BenchResult] = []
    with tempfile.TemporaryDirectory(prefix="incar-bench-api-") as tmp:
        root = Path(tmp)
        sizes = [300, 10_000] if quick else [300, 10_000, 100_000]
        cold_10k: ColdStats | None = None
        db_10k: Path | None = None
        for size in sizes:
            log.info("search benchmark on %d items", size)
            hot, cold, db_path = bench_search(root, size, runs, seconds, cold=size == 10_000)
            label = f"sqlite_{size // 1000}k" if size >= 1000 else f"sqlite_{size}"
            results += search_results(label, hot, cold)
            if size == 10_000:
                cold_10k, db_10k = cold, db_path
        assert cold_10k is not None and db_10k is not None
        theirs = bench_json_server(db_10k, root, runs, seconds)
        results += bench_cart_options(root, runs if quick else 5)
        results += peer_results(cold_10k.stats, theirs)
    results += bench_orders(runs, seconds)
    results += bench_bookings(runs, seconds)
    return results
