"""The store clock's offset from real time, read from the database once per process and then
only after someone moved it.

The offset (`server_clock`) changes only through `POST /admin/clock`, yet every order and
booking request asks the time: reading the row each time cost one database round trip per
request (issue 11). Each process keeps the offset with the stamp of a small file shared by
every process of this host that uses the same database URL. A process that moves the clock
re-stamps the file after its commit and before it answers, so a move answered by one worker
is seen by the next request to any worker, at the cost of one `stat` per transaction.

The stamp is taken when a transaction starts, before its first statement (`Store.reading` and
`Store.writing`), and an offset read in that transaction is cached under that stamp: the
transaction's snapshot is at least as new as the stamp (a SQLite read snapshot starts at the
first read), so a cached offset is never older than its stamp says.

One host only: workers of another host sharing the same PostgreSQL would not see a move.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog import models as m

STAMP_KEY = "incar_clock_stamp"  # in `Session.info`: the stamp when the transaction began


class SharedOffset:
    """The lifecycle clock's offset in seconds, cached per process, re-read after a move."""

    def __init__(self, db_url: str) -> None:
        digest = hashlib.sha256(db_url.encode()).hexdigest()[:16]
        self._stamp_file = Path(tempfile.gettempdir()) / f"incar-clock-{digest}"
        self._lock = threading.Lock()
        self._cached: tuple[int, float] | None = None  # (stamp, offset seconds)

    def stamp(self) -> int:
        """The moves so far, as the stamp file's modification time (0: never moved here)."""
        try:
            return os.stat(self._stamp_file).st_mtime_ns
        except FileNotFoundError:
            return 0

    def seconds(self, session: Session) -> float:
        """The offset as of the session's transaction, from the cache when nothing moved."""
        stamp: int = session.info[STAMP_KEY]
        cached = self._cached
        if cached is not None and cached[0] == stamp:
            return cached[1]
        row = select(m.ServerClock.offset_seconds).where(m.ServerClock.id == 1)
        offset = session.scalar(row) or 0.0
        with self._lock:
            self._cached = (stamp, offset)
        return offset

    def moved(self) -> None:
        """Tell every process of this host that the offset changed; call after the commit.
        The new stamp is always later than the last, even within one timer tick."""
        with self._lock:
            before = self.stamp()
            self._stamp_file.touch(exist_ok=True)
            stamp = max(time.time_ns(), before + 1)
            os.utime(self._stamp_file, ns=(stamp, stamp))
