"""The load generator of `incar bench api`: `wrk` (C, event-driven) driven by Lua scripts.

wrk rather than a Python client, so the generator is not the bottleneck. Every script ends by
printing an `INCAR-STATS` line that this module parses, and each figure a suite reports is the
median of repeated runs, so one noisy run on a loaded machine does not make the result.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from incar.errors import IncarError

CONCURRENCY = 32
WRK_THREADS = 2
# wrk drops a reply slower than its timeout (2 s by default) from the latency figures and counts
# it only as an error; a long timeout keeps slow replies in the p95, where they belong.
WRK_TIMEOUT_S = 30


@dataclass(frozen=True)
class WrkStats:
    p50_ms: float
    p95_ms: float
    rps: float
    requests: int
    errors: int
    seconds: float


@dataclass(frozen=True)
class Walk:
    """How far one run of `get_lua` got along its list of paths."""

    issued: int  # requests sent
    used: int  # positions of the list used, counted from `first`
    repeats: int  # requests that reused a path of the same run


STATS_LUA = """
function write_stats(summary, latency)
  local e = summary.errors
  io.write(string.format("INCAR-STATS %f %f %d %d %d\\n", latency:percentile(50),
    latency:percentile(95), summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status))
end
done = function(summary, latency, requests) write_stats(summary, latency) end
"""


def get_lua(paths: list[str], token: str | None, first: int = 0) -> str:
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
{STATS_LUA}
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


def keyed_post_lua(path: str, token: str, ids: list[int], body: tuple[str, str]) -> str:
    """POST `body[0] .. id .. body[1]` to `path`, cycling through `ids`, each request with a
    fresh Idempotency-Key, except that every tenth request repeats the previous one exactly:
    a retry, which must come back as the same resource, never a second one."""
    listed = ", ".join(str(i) for i in ids)
    before, after = (json.dumps(part) for part in body)
    return f"""
local ids = {{{listed}}}
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
  local body = {before} .. ids[(counter % #ids) + 1] .. {after}
  last = wrk.format("POST", "{path}", {{
    ["Authorization"] = "Bearer {token}", ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key}}, body)
  return last
end
{STATS_LUA}"""


def wrk(url: str, script: str, seconds: float, connections: int = CONCURRENCY) -> WrkStats:
    return _parse_stats(_run_wrk(url, script, seconds, connections))


def wrk_walk(url: str, script: str, seconds: float) -> tuple[WrkStats, Walk]:
    """One run of a `get_lua` script, with how far along its paths it got."""
    out = _run_wrk(url, script, seconds, CONCURRENCY)
    line = next(x for x in out.splitlines() if x.startswith("INCAR-WALK"))
    issued, furthest, repeats = (int(x) for x in line.split()[1:])
    return _parse_stats(out), Walk(issued, furthest * WRK_THREADS, repeats)


def _run_wrk(url: str, script: str, seconds: float, connections: int) -> str:
    binary = shutil.which("wrk")
    if binary is None:
        raise IncarError("`wrk` is not installed: run `make install` (apt package wrk)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    args = [
        binary,
        f"-t{WRK_THREADS}",
        f"-c{connections}",
        f"-d{round(seconds)}s",
        f"--timeout={WRK_TIMEOUT_S}s",
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


def median_runs(url: str, script: str, seconds: float, runs: int) -> WrkStats:
    return median_of([wrk(url, script, seconds) for _ in range(runs)])


def median_of(stats: list[WrkStats]) -> WrkStats:
    """Medians of the latencies and rates, totals of the counts: the figures of many runs."""
    return WrkStats(
        statistics.median(s.p50_ms for s in stats),
        statistics.median(s.p95_ms for s in stats),
        statistics.median(s.rps for s in stats),
        sum(s.requests for s in stats),
        sum(s.errors for s in stats),
        sum(s.seconds for s in stats),
    )
