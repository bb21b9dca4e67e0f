"""Search latency and throughput on SQLite, measured twice.

"Hot" repeats 24 spoken phrases, so nearly every request is answered from the per-worker
response cache: informational. "Cold" sends tens of thousands of distinct requests built from
the catalog (spoken forms, plurals, typos, categories, pages), each at most once, so every
request is searched and rendered: the latency and throughput targets apply to cold, and the
share of requests that had to repeat a path is reported as an upper bound on its cache hit rate.
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text

from bench.api_serving import login, serving
from bench.api_wrk import WRK_THREADS, WrkStats, get_lua, median_of, median_runs, wrk, wrk_walk
from bench.report import BenchResult
from bench.servers import seed

QUERIES = (
    "latte", "lattes", "flat white", "capucino", "green tea", "croissants", "blueberry muffin",
    "bottled water", "orange juice", "phone charger", "windshield washer fluid", "car wash",
    "ev charging session", "roses", "sandwich", "americano", "oat latte", "mocha", "tulips",
    "engine oil", "power bank", "dried mango", "coconut water", "egg tart",
)  # fmt: skip
COLD_PAGES = ((10, 0), (10, 10), (10, 20), (20, 0), (20, 20), (5, 0))  # (limit, offset)


@dataclass(frozen=True)
class ColdStats:
    stats: WrkStats
    distinct: int  # distinct requests available
    issued: int  # requests sent, warm-up included
    repeats: int  # requests that had to reuse a path (an upper bound on cache hits)


def _hot_paths() -> list[str]:
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
        run, walk = wrk_walk(url, get_lua(paths, token, first), seconds_run)
        stats.append(run)
        first += walk.used
        issued += walk.issued
        repeats += walk.issued if wrapped else walk.repeats
    return ColdStats(median_of(stats[1:]), len(paths), issued, repeats)


def bench_search(
    root: Path, items: int, runs: int, seconds: float, cold: bool
) -> tuple[WrkStats, ColdStats | None, Path]:
    """Hot search on a fresh catalog of `items` items, and cold too if asked; the database is
    returned so that the peer comparison can serve the very same items."""
    db_path = root / f"search-{items}.sqlite3"
    seed(f"sqlite:///{db_path}", items)
    with serving(f"sqlite:///{db_path}", workers=2) as server:
        token = login(server.url)
        script = get_lua(_hot_paths(), token)
        wrk(server.url, script, 2)  # warm the caches of both workers
        hot = median_runs(server.url, script, seconds, runs)
        cold_stats = None
        if cold:
            cold_stats = _bench_cold_search(
                server.url, token, cold_search_paths(db_path), runs, seconds
            )
        return hot, cold_stats, db_path


def search_results(label: str, hot: WrkStats, cold: ColdStats | None) -> list[BenchResult]:
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
