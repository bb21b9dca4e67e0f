"""`incar bench api`: search latency and throughput on SQLite, order throughput on PostgreSQL,
and json-server serving the same items as a peer, all measured in one run.

Search is measured twice. "Hot" repeats 24 spoken phrases, so nearly every request is answered
from the per-worker response cache: informational. "Cold" sends tens of thousands of distinct
requests built from the catalog (spoken forms, plurals, typos, categories, pages), each at most
once, so every request is searched and rendered: the latency and throughput targets apply to
cold, and the share of requests that had to repeat a path is reported as an upper bound on its
cache hit rate.

The load comes from `wrk` (C, event-driven), so the generator is not the bottleneck; each
figure is the median of repeated wrk runs. Order placement is checked afterwards: no key made
two orders, and stock went down by exactly what the orders hold.

Made-to-order options cost a check on every `POST /cart/lines`: the same line is added with all
seven choices and with none, alternately on one keep-alive connection (each line deleted again
so the cart stays one line long), and the difference of the two p95 latencies is the added
latency of option validation and pricing.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import random
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import Engine, create_engine, text

from bench.report import BenchResult, percentile
from bench.servers import ApiServer, PostgresCluster, free_port, seed
from incar.errors import IncarError
from incar.paths import data_dir

log = logging.getLogger("incar.bench.api")
logging.getLogger("httpx").setLevel(logging.WARNING)
CONCURRENCY = 32
WRK_THREADS = 2
QUERIES = (
    "latte", "lattes", "flat white", "capucino", "green tea", "croissants", "blueberry muffin",
    "bottled water", "orange juice", "phone charger", "windshield washer fluid", "car wash",
    "ev charging session", "roses", "sandwich", "americano", "oat latte", "mocha", "tulips",
    "engine oil", "power bank", "dried mango", "coconut water", "egg tart",
)  # fmt: skip
COLD_PAGES = ((10, 0), (10, 10), (10, 20), (20, 0), (20, 20), (5, 0))  # (limit, offset)
ORDER_SKU_STOCK = 1_000_000
JSON_SERVER_VERSION = "0.17"
# CONTRACTS section 7's example order, on a large latte (SKU 3 of the seed: item 1, large)
CART_OPTIONS = {
    "size": "large", "roast": "dark", "shots": "triple", "milk": "soy", "milk_amount": "little",
    "sweetener": "brown sugar", "sweetener_amount": "extra",
}  # fmt: skip
CART_SKU = 3
CART_REQUESTS = 400  # of each kind per run


@dataclass(frozen=True)
class WrkStats:
    p50_ms: float
    p95_ms: float
    rps: float
    requests: int
    errors: int
    seconds: float


_STATS_LUA = """
function write_stats(summary, latency)
  local e = summary.errors
  io.write(string.format("INCAR-STATS %f %f %d %d %d\\n", latency:percentile(50),
    latency:percentile(95), summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status))
end
done = function(summary, latency, requests) write_stats(summary, latency) end
"""


def _search_lua(paths: list[str], token: str | None, first: int = 0) -> str:
    """GET the paths round-robin, each wrk thread its own stride of the list from `first`.

    The requests are formatted once per thread before the run, so the load generator spends
    its time on the network, not in Lua. `done` reports how many requests went out, how far
    along the list the busiest thread got, and how many reused a path of this run.
    """
    header = f'{{["Authorization"] = "Bearer {token}"}}' if token else "{}"
    listed = ",\n".join(json.dumps(p) for p in paths)
    return f"""
local paths = {{{listed}}}
local threads = {{}}
setup = function(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
init = function(args)
  reqs = {{}}
  for k = {first} + tid - 1, #paths - 1, {WRK_THREADS} do
    reqs[#reqs + 1] = wrk.format("GET", paths[k + 1], {header})
  end
  have = #reqs
  issued = 0
end
request = function()
  issued = issued + 1
  return reqs[(issued - 1) % have + 1]
end
{_STATS_LUA}
done = function(summary, latency, requests)
  local sent, furthest, repeats = 0, 0, 0
  for _, thread in ipairs(threads) do
    local n, have = thread:get("issued"), thread:get("have")
    sent = sent + n
    furthest = math.max(furthest, n)
    repeats = repeats + math.max(0, n - have)
  end
  io.write(string.format("INCAR-WALK %d %d %d\\n", sent, furthest, repeats))
  write_stats(summary, latency)
end
"""


def _order_lua(token: str, sku_ids: list[int]) -> str:
    """Unique keys, except that every tenth request repeats the previous request exactly: the
    retry must come back as the same order, never a second one."""
    skus = ", ".join(str(s) for s in sku_ids)
    return f"""
local skus = {{{skus}}}
local counter = 0
local threads = 0
local last = nil
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
init = function(args) math.randomseed(os.time() * 100 + tid) end
request = function()
  counter = counter + 1
  if last ~= nil and counter % 10 == 0 then return last end
  local key = tostring(tid) .. "-" .. tostring(math.random(1, 1000000000)) .. "-" .. counter
  local body = '{{"delivery":{{"mode":"pickup"}},"lines":[{{"sku_id":' ..
    skus[(counter % #skus) + 1] .. ',"quantity":1}}]}}'
  last = wrk.format("POST", "/api/v1/orders", {{
    ["Authorization"] = "Bearer {token}", ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key}}, body)
  return last
end
{_STATS_LUA}"""


def _wrk(url: str, script: str, seconds: float, connections: int = CONCURRENCY) -> WrkStats:
    return _parse_stats(_run_wrk(url, script, seconds, connections))


@dataclass(frozen=True)
class Walk:
    """How far one run of `_search_lua` got along its list of paths."""

    issued: int  # requests sent
    used: int  # positions of the list used, counted from `first`
    repeats: int  # requests that reused a path of the same run


def _wrk_walk(url: str, script: str, seconds: float) -> tuple[WrkStats, Walk]:
    out = _run_wrk(url, script, seconds, CONCURRENCY)
    line = next(x for x in out.splitlines() if x.startswith("INCAR-WALK"))
    issued, furthest, repeats = (int(x) for x in line.split()[1:])
    return _parse_stats(out), Walk(issued, furthest * WRK_THREADS, repeats)


def _run_wrk(url: str, script: str, seconds: float, connections: int) -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise IncarError("`wrk` is not installed: run `make install` (apt package wrk)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    args = [
        wrk,
        f"-t{WRK_THREADS}",
        f"-c{connections}",
        f"-d{round(seconds)}s",
        "-s",
        handle.name,
        url,
    ]
    done = subprocess.run(args, capture_output=True, text=True)
    Path(handle.name).unlink()
    if done.returncode != 0:
        raise IncarError(f"wrk failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def _parse_stats(out: str) -> WrkStats:
    line = next(x for x in out.splitlines() if x.startswith("INCAR-STATS"))
    p50, p95, requests, duration_us, errors = line.split()[1:]
    seconds_run = int(duration_us) / 1e6
    return WrkStats(
        float(p50) / 1000,
        float(p95) / 1000,
        int(requests) / seconds_run,
        int(requests),
        int(errors),
        seconds_run,
    )


def _median_runs(url: str, script: str, seconds: float, runs: int) -> WrkStats:
    return _median_of([_wrk(url, script, seconds) for _ in range(runs)])


def _median_of(stats: list[WrkStats]) -> WrkStats:
    return WrkStats(
        statistics.median(s.p50_ms for s in stats),
        statistics.median(s.p95_ms for s in stats),
        statistics.median(s.rps for s in stats),
        sum(s.requests for s in stats),
        sum(s.errors for s in stats),
        sum(s.seconds for s in stats),
    )


def _login(base: str) -> str:
    body = {"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": "passenger"}
    response = httpx.post(f"{base}/api/v1/sessions", json=body, timeout=30)
    response.raise_for_status()
    return str(response.json()["token"])


@contextmanager
def _api(db_url: str, workers: int) -> Iterator[ApiServer]:
    server = ApiServer(db_url, workers=workers).start(timeout=300)
    try:
        yield server
    finally:
        server.stop()


def _search_paths() -> list[str]:
    return [f"/api/v1/items?q={quote(q)}&limit=10" for q in QUERIES]


def _typo(word: str) -> str:
    """One letter swapped for its neighbour in the alphabet, in the middle of the word: the
    kind of slip the search's typo tolerance must absorb."""
    middle = len(word) // 2
    letter = word[middle]
    if not letter.isalpha():
        return word
    return word[:middle] + ("a" if letter == "z" else chr(ord(letter) + 1)) + word[middle + 1 :]


def _spoken_forms(name: str) -> list[str]:
    """How people say a catalog name: whole, shortened, plural, with filler, misheard."""
    words = name.lower().split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    misheard = [*words[:longest], _typo(words[longest]), *words[longest + 1 :]]
    return [
        name.lower(),
        " ".join(words[-2:]),
        words[-1],
        " ".join([*words[:-1], words[-1] + "s"]),
        f"find me some {' '.join(words[1:] or words)}",
        " ".join(misheard),
        f"two {' '.join(words[-2:])}s",
        f"{words[0]} {words[-1]}",
        f"{name.lower()} please",
        f"i'd like a {' '.join(words[-2:])}",
    ]


def cold_search_paths(db_path: Path) -> list[str]:
    """Thousands of distinct search requests built deterministically from the catalog's own
    titles and aliases (spoken forms, plurals, typos), with and without the item's category,
    on several pages, shuffled with a fixed seed. Each is sent at most once, so
    neither the per-worker response cache nor the search's result cache can answer it."""
    engine = create_engine(f"sqlite:///{db_path}")
    sql = "SELECT title, aliases, slug FROM items JOIN categories ON categories.id = category_id"
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    engine.dispose()
    seen: set[tuple[str, str, int, int]] = set()
    paths: list[str] = []
    for title, aliases, slug in rows:
        for name in [title, *json.loads(aliases or "[]")]:
            for form in _spoken_forms(name):
                for category, (limit, offset) in itertools.product(("", slug), COLD_PAGES):
                    if (form, category, limit, offset) in seen:
                        continue
                    seen.add((form, category, limit, offset))
                    path = f"/api/v1/items?q={quote(form)}&limit={limit}&offset={offset}"
                    paths.append(path + (f"&category={category}" if category else ""))
    random.Random(2026).shuffle(paths)
    return paths


@dataclass(frozen=True)
class ColdStats:
    stats: WrkStats
    distinct: int  # distinct requests available
    issued: int  # requests sent, warm-up included
    repeats: int  # requests that had to reuse a path (an upper bound on cache hits)


def _bench_cold_search(
    url: str, token: str, paths: list[str], runs: int, seconds: float
) -> ColdStats:
    """Repeated runs, each continuing along the list where the last one stopped. A short
    run first loads what a worker keeps of the catalog itself (item summaries, SQLite pages),
    with requests of its own that are never measured. A run that would start past the end
    of the list starts over, and then every request it sends counts as a repeat."""
    first, issued, repeats = 0, 0, 0
    stats = []
    for seconds_run in [2.0] + [seconds] * runs:
        wrapped = first + WRK_THREADS > len(paths)
        if wrapped:
            first = 0
        run, walk = _wrk_walk(url, _search_lua(paths, token, first), seconds_run)
        stats.append(run)
        first += walk.used
        issued += walk.issued
        repeats += walk.issued if wrapped else walk.repeats
    return ColdStats(_median_of(stats[1:]), len(paths), issued, repeats)


def _bench_search(
    root: Path, items: int, runs: int, seconds: float, cold: bool
) -> tuple[WrkStats, ColdStats | None, Path]:
    db_path = root / f"search-{items}.sqlite3"
    seed(f"sqlite:///{db_path}", items)
    with _api(f"sqlite:///{db_path}", workers=2) as server:
        token = _login(server.url)
        script = _search_lua(_search_paths(), token)
        _wrk(server.url, script, 2)  # warm the caches of both workers
        hot = _median_runs(server.url, script, seconds, runs)
        cold_stats = None
        if cold:
            cold_stats = _bench_cold_search(
                server.url, token, cold_search_paths(db_path), runs, seconds
            )
        return hot, cold_stats, db_path


def _search_results(label: str, hot: WrkStats, cold: ColdStats | None) -> list[BenchResult]:
    """Hot: 24 phrases repeated, so nearly every answer is a cached body (informational).
    Cold: every request distinct, so every answer is searched and rendered; the targets."""
    results = [
        BenchResult(f"api.search.hot.p50.{label}", "ms", hot.p50_ms),
        BenchResult(f"api.search.hot.p95.{label}", "ms", hot.p95_ms),
        BenchResult(f"api.search.hot.throughput.{label}", "req/s", hot.rps),
        BenchResult(f"api.search.hot.errors.{label}", "requests", hot.errors, 0, "max"),
    ]
    if cold is not None:
        hit_rate = 100 * cold.repeats / max(1, cold.issued)
        results += [
            BenchResult(f"api.search.cold.p50.{label}", "ms", cold.stats.p50_ms),
            BenchResult(f"api.search.cold.p95.{label}", "ms", cold.stats.p95_ms, 15.0, "max"),
            BenchResult(
                f"api.search.cold.throughput.{label}", "req/s", cold.stats.rps, 1000.0, "min"
            ),
            BenchResult(f"api.search.cold.errors.{label}", "requests", cold.stats.errors, 0, "max"),
            BenchResult(f"api.search.cold.distinct_requests.{label}", "requests", cold.distinct),
            BenchResult(f"api.search.cold.cache_hit_rate_max.{label}", "%", hit_rate, 1.0, "max"),
        ]
    return results


def _json_server_dir() -> Path:
    """json-server installed once with npm into the data dir, reused by later runs."""
    target = data_dir() / "bench" / "json-server"
    cli = target / "node_modules" / "json-server" / "lib" / "cli" / "bin.js"
    if not cli.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise IncarError("npm is needed for the json-server comparison")
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(target), f"json-server@{JSON_SERVER_VERSION}",
             "--no-audit", "--no-fund", "--loglevel=error"],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
    return target


def _export_items(db_path: Path, out: Path) -> None:
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


def _bench_json_server(db_path: Path, root: Path, runs: int, seconds: float) -> WrkStats:
    install = _json_server_dir()
    db_json = root / "json-server-db.json"
    _export_items(db_path, db_json)
    port = free_port()
    node = shutil.which("node") or "node"
    cli = install / "node_modules" / "json-server" / "lib" / "cli" / "bin.js"
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
        script = _search_lua(paths, None)
        _wrk(url, script, 1)
        return _median_runs(url, script, seconds, runs)
    finally:
        proc.terminate()
        proc.wait(10)


def _count(engine: Engine, sql: str, **params: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


async def _check_orders(url: str, engine: Engine, sku_id: int) -> tuple[int, int]:
    """Duplicates and overselling, counted exactly: 100 keys each sent twice at once, then
    120 orders racing for 50 units. Returns (extra orders, units sold beyond stock)."""
    token = _login(url)
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
        before = _count(engine, "SELECT count(*) FROM orders")
        keys = [uuid.uuid4().hex for _ in range(100)]
        results = await asyncio.gather(*(place(client, k) for k in keys + keys))
        ids: dict[str, set[int | None]] = {}
        for key, _, order_id in results:
            ids.setdefault(key, set()).add(order_id)
        created = _count(engine, "SELECT count(*) FROM orders") - before
        duplicates = (created - len(keys)) + sum(len(v) - 1 for v in ids.values())

        with engine.begin() as conn:
            conn.execute(text("UPDATE skus SET stock = 50 WHERE id = :s"), {"s": sku_id})
        results = await asyncio.gather(*(place(client, uuid.uuid4().hex) for _ in range(120)))
        placed = sum(1 for _, status, _ in results if status == 201)
        left = _count(engine, "SELECT stock FROM skus WHERE id = :s", s=sku_id)
    return abs(duplicates), max(0, placed - 50) + abs(50 - placed - left)


def _bench_orders(runs: int, seconds: float) -> list[BenchResult]:
    cluster = PostgresCluster().start()
    try:
        db_url = cluster.create_database("incar_bench")
        with _api(db_url, workers=2) as server:
            engine = create_engine(db_url)
            with engine.begin() as conn:
                conn.execute(text("UPDATE skus SET stock = :n"), {"n": ORDER_SKU_STOCK})
                rows = conn.execute(text("SELECT id FROM skus ORDER BY id LIMIT 40"))
                sku_ids = [r[0] for r in rows]
            script = _order_lua(_login(server.url), sku_ids)
            _wrk(server.url, script, 1)  # warm up
            rates, stats = [], []
            for _ in range(runs):
                before = _count(engine, "SELECT count(*) FROM orders")
                stats.append(_wrk(server.url, script, seconds))
                placed = _count(engine, "SELECT count(*) FROM orders") - before
                rates.append(placed / stats[-1].seconds)
            time.sleep(1)  # requests wrk abandoned at its deadline may still be committing
            sold = _count(engine, "SELECT coalesce(sum(quantity), 0) FROM order_lines")
            taken = _count(
                engine,
                "SELECT coalesce(sum(:n - stock), 0) FROM skus WHERE stock <> :n",
                n=ORDER_SKU_STOCK,
            )
            duplicates, oversold = asyncio.run(_check_orders(server.url, engine, sku_ids[-1]))
            oversold += abs(taken - sold)
            engine.dispose()
    finally:
        cluster.stop()
    return [
        BenchResult(
            "api.orders.throughput.postgres", "orders/s", statistics.median(rates), 150, "min"
        ),
        BenchResult("api.orders.p50.postgres", "ms", statistics.median(s.p50_ms for s in stats)),
        BenchResult("api.orders.p95.postgres", "ms", statistics.median(s.p95_ms for s in stats)),
        BenchResult(
            "api.orders.errors.postgres", "requests", sum(s.errors for s in stats), 0, "max"
        ),
        BenchResult("api.orders.duplicates.postgres", "orders", duplicates, 0, "max"),
        BenchResult("api.orders.oversold.postgres", "units", oversold, 0, "max"),
    ]


def _time_cart_lines(url: str, requests: int) -> tuple[list[float], list[float]]:
    """Latencies (ms) of adding the line plainly and with options, interleaved."""
    plain: list[float] = []
    chosen: list[float] = []
    with httpx.Client(base_url=f"{url}/api/v1", timeout=30) as http:
        http.headers["Authorization"] = f"Bearer {_login(url)}"
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


def _bench_cart_options(root: Path, runs: int) -> list[BenchResult]:
    db_url = f"sqlite:///{root / 'cart-300.sqlite3'}"
    seed(db_url, 300)
    validation_us = _validation_us(db_url)
    plain_p95, options_p95 = [], []
    with _api(db_url, workers=1) as server:
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


def run(quick: bool) -> list[BenchResult]:
    """Search on 300 and 10k items (and 100k unless quick), hot everywhere and cold at 10k;
    json-server at 10k; cart lines with and without options on SQLite; orders on PostgreSQL."""
    runs, seconds = (1, 3.0) if quick else (3, 5.0)
    results: list[BenchResult] = []
    with tempfile.TemporaryDirectory(prefix="incar-bench-api-") as tmp:
        root = Path(tmp)
        sizes = [300, 10_000] if quick else [300, 10_000, 100_000]
        cold_10k: ColdStats | None = None
        db_10k: Path | None = None
        for size in sizes:
            log.info("search benchmark on %d items", size)
            hot, cold, db_path = _bench_search(root, size, runs, seconds, cold=size == 10_000)
            label = f"sqlite_{size // 1000}k" if size >= 1000 else f"sqlite_{size}"
            results += _search_results(label, hot, cold)
            if size == 10_000:
                cold_10k, db_10k = cold, db_path
        assert cold_10k is not None and db_10k is not None
        theirs = _bench_json_server(db_10k, root, runs, seconds)
        ours = cold_10k.stats  # json-server caches nothing, so it is compared with cold search
        results += _bench_cart_options(root, runs if quick else 5)
        results += [
            BenchResult("peer.json_server.search.p50.10k", "ms", theirs.p50_ms),
            BenchResult("peer.json_server.search.p95.10k", "ms", theirs.p95_ms),
            BenchResult("peer.json_server.search.throughput.10k", "req/s", theirs.rps),
            BenchResult("peer.ratio.ours_cold_vs_theirs.rps.10k", "x", ours.rps / theirs.rps),
            BenchResult("peer.ratio.ours_cold_vs_theirs.p95.10k", "x", ours.p95_ms / theirs.p95_ms),
        ]
    results += _bench_orders(runs, seconds)
    return results
