"""json-server serving the same items as a peer: what a naive REST mock manages on this machine.

json-server caches nothing, so it is compared with our cold search, never the hot one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, text

from bench.api_search import QUERIES
from bench.api_wrk import WrkStats, get_lua, median_runs, wrk
from bench.report import BenchResult
from bench.servers import free_port
from incar.errors import IncarError
from incar.paths import data_dir

JSON_SERVER_VERSION = "0.17"
_CLI = Path("node_modules", "json-server", "lib", "cli", "bin.js")  # inside the install dir


def _json_server_cli() -> Path:
    """json-server installed once with npm into the data dir, reused by later runs."""
    target = data_dir() / "bench" / "json-server"
    if not (target / _CLI).exists():
        npm = shutil.which("npm")
        if npm is None:
            raise IncarError("npm is needed for the json-server comparison")
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(target), f"json-server@{JSON_SERVER_VERSION}",
             "--no-audit", "--no-fund", "--loglevel=error"],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
    return target / _CLI


def _export_items(db_path: Path, out: Path) -> None:
    """The catalog's items, flattened into the one JSON collection json-server serves."""
    engine = create_engine(f"sqlite:///{db_path}")
    sql = (
        "SELECT items.id, title, title_zh, sku.price_fen, shops.name, categories.name "
        "FROM items JOIN skus sku ON sku.id = items.default_sku_id "
        "JOIN shops ON shops.id = items.shop_id JOIN categories ON categories.id = category_id"
    )
    with engine.connect() as conn:
        items = [
            {"id": i, "title": t, "title_zh": z, "price": p / 100, "shop": s, "category": c}
            for i, t, z, p, s, c in conn.execute(text(sql))
        ]
    engine.dispose()
    out.write_text(json.dumps({"items": items}, ensure_ascii=False))


def bench_json_server(db_path: Path, root: Path, runs: int, seconds: float) -> WrkStats:
    """json-server's full-text `q` on the items of `db_path`, with the hot search's phrases."""
    cli = _json_server_cli()
    db_json = root / "json-server-db.json"
    _export_items(db_path, db_json)
    port = free_port()
    node = shutil.which("node") or "node"
    proc = subprocess.Popen(
        [node, str(cli), "--port", str(port), "--quiet", str(db_json)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/items/1", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        paths = [f"/items?q={quote(q)}&_limit=10" for q in QUERIES]
        script = get_lua(paths, None)
        wrk(url, script, 1)
        return median_runs(url, script, seconds, runs)
    finally:
        proc.terminate()
        proc.wait(10)


def peer_results(ours: WrkStats, theirs: WrkStats) -> list[BenchResult]:
    """json-server's figures at 10k items, and ours (cold) as a multiple of them."""
    return [
        BenchResult("peer.json_server.search.p50.10k", "ms", theirs.p50_ms),
        BenchResult("peer.json_server.search.p95.10k", "ms", theirs.p95_ms),
        BenchResult("peer.json_server.search.throughput.10k", "req/s", theirs.rps),
        BenchResult("peer.ratio.ours_cold_vs_theirs.rps.10k", "x", ours.rps / theirs.rps),
        BenchResult("peer.ratio.ours_cold_vs_theirs.p95.10k", "x", ours.p95_ms / theirs.p95_ms),
    ]
