"""The benchmark result format of CONTRACTS section 6, shared by every suite."""

from __future__ import annotations

import json
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Direction = Literal["max", "min"]


@dataclass(frozen=True)
class BenchResult:
    """One measured figure with its target.

    `direction` says which side of the target is good: "max" means the value must not exceed
    the target (a latency), "min" means it must reach it (a throughput). A result with no target
    is informational (for example a peer's figure) and always ok.
    """

    name: str
    unit: str
    value: float
    target: float | None = None
    direction: Direction = "max"

    @property
    def ok(self) -> bool:
        if self.target is None:
            return True
        return self.value <= self.target if self.direction == "max" else self.value >= self.target

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("direction")
        data["value"] = round(self.value, 4)
        data["ok"] = self.ok
        return data


def percentile(samples: Sequence[float], pct: float) -> float:
    """The pct-th percentile (nearest rank on sorted data); median is percentile(x, 50)."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[rank]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB.

    VmHWM belongs to the process's own address space, which exec starts afresh. getrusage's
    ru_maxrss does not: Linux carries it across fork and exec, so a probe started by a bench
    process that had already grown would report the parent's peak instead of its own.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def write_report(suite: str, results: Sequence[BenchResult], out: Path | None) -> None:
    """Print the table and, when asked, write the JSON file."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"incar bench {suite}")
    for column in ("name", "value", "unit", "target", "ok"):
        table.add_column(column, justify="right" if column in ("value", "target") else "left")
    for r in results:
        target = "" if r.target is None else f"{'≤' if r.direction == 'max' else '≥'} {r.target:g}"
        table.add_row(r.name, f"{r.value:.4g}", r.unit, target, "yes" if r.ok else "NO")
    Console().print(table)
    if out is not None:
        payload = {
            "suite": suite,
            "machine": machine(),
            "results": [r.as_json() for r in results],
        }
        out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
