"""Dispatches `incar bench SUITE` to the suite modules and writes one report."""

from __future__ import annotations

from pathlib import Path

from bench.report import BenchResult, write_report


def _run_one(name: str, quick: bool, real_speech: Path | None) -> list[BenchResult]:
    if name == "api":
        from bench import api

        return api.run(quick=quick)
    if name == "voice":
        from bench import voice

        return voice.run(quick=quick, real_speech=real_speech)
    if name == "ui":
        from bench import ui

        return ui.run(quick=quick)
    raise ValueError(f"unknown suite {name!r}")


def run_suite(suite: str, *, quick: bool, out: Path | None, real_speech: Path | None = None) -> int:
    """Run the suite (or all of them) and return 0 when every target is met."""
    names = ["api", "voice", "ui"] if suite == "all" else [suite]
    results: list[BenchResult] = []
    for name in names:
        results.extend(_run_one(name, quick, real_speech))
    write_report(suite, results, out)
    return 0 if all(r.ok for r in results) else 1
