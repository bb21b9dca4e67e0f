"""Orders confirmed while the store was unreachable, kept on disk until they can be sent.

Why a disk outbox and not a retry loop: the car may be switched off in the tunnel. Each queued
order keeps the idempotency key of its checkout attempt, so however many times it is sent
(a background thread, every successful API call, a restart), the store makes one order.
What the person confirmed is recorded too (lines, unit prices, total) and the total is sent
as `expected_total`: the store checks it in the same transaction that places the order, after
the idempotency key, so an order an earlier attempt already made comes back as placed however
prices moved since, and a new total is refused (409 price-changed, nothing written) and the
order dropped with an explanation instead of charging an amount nobody agreed to. Stock is
likewise checked by the store itself (409, nothing changes).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from car_ui.client import OrderLineRequest, RetailClient
from car_ui.errors import ApiError, ApiUnreachable, Unauthorized
from core.state import OrderView
from incar.paths import data_dir

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    key TEXT PRIMARY KEY,
    vin TEXT NOT NULL,
    profile TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    order_id INTEGER,
    message TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
)
"""


@dataclass(frozen=True)
class QueuedLine:
    sku_id: int
    item_id: int
    title: str
    quantity: int
    unit_price_fen: int
    options: dict[str, str] = field(default_factory=dict)  # the line's choices (section 7)


@dataclass(frozen=True)
class QueuedOrder:
    key: str
    vin: str
    profile: str
    delivery: dict[str, Any]
    payment_method_id: str | None
    lines: tuple[QueuedLine, ...]
    total_fen: int

    def body(self) -> str:
        data = asdict(self)
        for name in ("key", "vin", "profile"):
            data.pop(name)
        return json.dumps(data)

    @classmethod
    def from_row(cls, key: str, vin: str, profile: str, body: str) -> QueuedOrder:
        data = json.loads(body)
        return cls(
            key=key,
            vin=vin,
            profile=profile,
            delivery=data["delivery"],
            payment_method_id=data["payment_method_id"],
            lines=tuple(QueuedLine(**line) for line in data["lines"]),
            total_fen=int(data["total_fen"]),
        )


class Outcome(StrEnum):
    PLACED = "placed"
    DROPPED = "dropped"  # not placed; the person is told why
    WAITING = "waiting"  # the store is still unreachable


@dataclass(frozen=True)
class FlushResult:
    order: QueuedOrder
    outcome: Outcome
    placed: OrderView | None = None
    reason: str = ""  # the store's own words, kept with the order; the session words it
    error: ApiError | None = None  # why a DROPPED order was given up


class Outbox:
    """The SQLite outbox in the user data dir (one file shared by every head-unit process)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "outbox.sqlite3"
        self._flush_lock = threading.Lock()
        self._pins: dict[str, str] = {}  # PINs stay in memory only, never on disk
        with self._connect() as db:
            db.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    def add(self, order: QueuedOrder, *, pin: str | None = None) -> None:
        """Queue an order; adding the same key twice keeps the first (one attempt, one order)."""
        now = time.time()
        with self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox VALUES (?, ?, ?, ?, 'queued', NULL, '', ?, ?)",
                (order.key, order.vin, order.profile, order.body(), now, now),
            )
        if pin:
            self._pins[order.key] = pin

    def pending(self, vin: str, profile: str) -> list[QueuedOrder]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT key, vin, profile, body FROM outbox WHERE status = 'queued' "
                "AND vin = ? AND profile = ? ORDER BY created_at",
                (vin, profile),
            ).fetchall()
        return [QueuedOrder.from_row(*row) for row in rows]

    def status(self, key: str) -> tuple[str, int | None, str] | None:
        """(status, order id, message) of a queued order, or None if unknown."""
        with self._connect() as db:
            row = db.execute(
                "SELECT status, order_id, message FROM outbox WHERE key = ?", (key,)
            ).fetchone()
        return (str(row[0]), row[1], str(row[2])) if row else None

    def _finish(self, key: str, status: str, order_id: int | None, message: str) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE outbox SET status = ?, order_id = ?, message = ?, updated_at = ? "
                "WHERE key = ?",
                (status, order_id, message, time.time(), key),
            )
        self._pins.pop(key, None)

    def flush(self, client: RetailClient, vin: str, profile: str) -> list[FlushResult]:
        """Try to send every queued order of this vehicle and profile, oldest first.

        Stops at the first one the store cannot be reached for; serialised so the background
        thread and a foreground call never send the same order side by side.
        """
        results: list[FlushResult] = []
        with self._flush_lock:
            for order in self.pending(vin, profile):
                result = self._send(client, order)
                results.append(result)
                if result.outcome is Outcome.WAITING:
                    break
        return results

    def _send(self, client: RetailClient, order: QueuedOrder) -> FlushResult:
        try:
            placed = client.place_order(
                order.key,
                delivery=order.delivery,
                lines=[OrderLineRequest(ln.sku_id, ln.quantity, ln.options) for ln in order.lines],
                payment_method_id=order.payment_method_id,
                pin=self._pins.get(order.key),
                expected_total_fen=order.total_fen,
            )
        except (ApiUnreachable, Unauthorized) as exc:
            log.info("outbox: order %s still waiting: %s", order.key, exc)
            return FlushResult(order, Outcome.WAITING, reason=str(exc))
        except ApiError as exc:  # a price change, a PIN now needed, no stock: given up
            self._finish(order.key, Outcome.DROPPED, None, exc.detail)
            return FlushResult(order, Outcome.DROPPED, reason=exc.detail, error=exc)
        self._finish(order.key, Outcome.PLACED, placed.order_id, "")
        return FlushResult(order, Outcome.PLACED, placed=placed)


class OutboxSender:
    """A daemon thread that calls `flush` every `interval` seconds while orders wait."""

    def __init__(
        self, has_work: Callable[[], bool], flush: Callable[[], None], interval: float = 2.0
    ) -> None:
        self._has_work = has_work
        self._flush = flush
        self._interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def ensure_running(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            if not self._has_work():
                return
            try:
                self._flush()
            except Exception:  # a background thread must not die silently
                log.exception("outbox flush failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
