"""Progress for long steps: a rich bar on a terminal, plain log lines when piped or in CI."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Progress(Protocol):
    """What a long step reports to: how far it got out of a known total."""

    def advance(self, amount: float = 1) -> None: ...


class _LogProgress:
    """Writes a line at most every few seconds and at every 10% so logs stay short."""

    def __init__(self, description: str, total: float) -> None:
        self._description = description
        self._total = max(total, 1)
        self._done = 0.0
        self._last_decile = -1
        self._last_time = 0.0
        print(f"{description}: 0%", file=sys.stderr, flush=True)

    def advance(self, amount: float = 1) -> None:
        self._done += amount
        decile = int(10 * self._done / self._total)
        now = time.monotonic()
        if decile != self._last_decile and (now - self._last_time > 2 or decile >= 10):
            self._last_decile, self._last_time = decile, now
            pct = min(100, int(100 * self._done / self._total))
            print(f"{self._description}: {pct}%", file=sys.stderr, flush=True)


class _RichProgress:
    def __init__(self, bar: object, task: object) -> None:
        self._bar = bar
        self._task = task

    def advance(self, amount: float = 1) -> None:
        self._bar.advance(self._task, amount)  # type: ignore[attr-defined]


@contextmanager
def progress(description: str, total: float) -> Iterator[Progress]:
    """Report progress of a step with a known total, shaped for where output goes."""
    if sys.stderr.isatty():
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        columns = [TextColumn("{task.description}"), BarColumn(), TaskProgressColumn()]
        if total > 1_000_000:  # byte counts: show sizes
            columns.append(DownloadColumn())
        columns.append(TimeRemainingColumn())
        with RichProgress(*columns, transient=False) as bar:
            task = bar.add_task(description, total=total)
            yield _RichProgress(bar, task)
    else:
        log = _LogProgress(description, total)
        yield log
        if log._last_decile < 10:
            print(f"{description}: 100%", file=sys.stderr, flush=True)


class Step:
    """One line of a start-up's progress: `what… ` at once and the outcome when it ends."""

    def __init__(self, what: str) -> None:
        self.outcome = "done"
        print(f"{what}… ", end="", flush=True)


@contextmanager
def step(what: str) -> Iterator[Step]:
    """Say what is being done, then how it ended (`line.outcome`, or "failed" when the step
    raised), on one line of stdout, so a demo's start reads as a short list, not a log."""
    line = Step(what)
    try:
        yield line
    except BaseException:
        print("failed", flush=True)
        raise
    print(line.outcome, flush=True)
