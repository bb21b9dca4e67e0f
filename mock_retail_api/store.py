"""The API's view of the database: engines, sessions and caches of what never changes.

Catalog rows (titles, prices, shops, promotions) are fixed once seeded, so they are cached per
process; stock, carts and orders are always read from the database. The clock offset is
cached too, and re-read after a move (`mock_retail_api.clock`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from catalog import models as m
from catalog.db import in_list, is_sqlite, make_engine
from catalog.search import Searcher
from mock_retail_api import options
from mock_retail_api.clock import STAMP_KEY, SharedOffset
from mock_retail_api.pricing import Promotion

_SUMMARIES = (
    "SELECT items.id, items.title, items.title_zh, skus.price_fen, shops.name, shops.name_zh, "
    "categories.name, items.category_id FROM items JOIN skus ON skus.id = items.default_sku_id "
    "JOIN shops ON shops.id = items.shop_id JOIN categories ON categories.id = items.category_id "
    "WHERE items.id IN "
)
_IN_STOCK = "SELECT DISTINCT item_id FROM skus WHERE stock > 0 AND item_id IN "


@dataclass(frozen=True)
class ShopName:
    name: str
    name_zh: str


@dataclass(frozen=True)
class ItemNames:
    """The catalog names an order line shows beside the title it was bought under."""

    title_zh: str
    shop: ShopName


@dataclass(frozen=True)
class ItemSummary:
    id: int
    title: str
    title_zh: str
    price_fen: int
    shop: str
    shop_zh: str
    category: str
    category_id: int


class TtlCache:
    """Ready-made response bodies for a short time. Search is the hot read path; its only
    changing part is `in_stock`, so entries live briefly and this process clears them whenever
    it changes stock (other worker processes catch up within the TTL)."""

    def __init__(self, ttl_s: float = 1.0, max_entries: int = 20_000) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._entries: dict[Hashable, tuple[float, bytes]] = {}

    def get(self, key: Hashable) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, key: Hashable, value: bytes) -> None:
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[key] = (time.monotonic() + self.ttl_s, value)

    def clear(self) -> None:
        self._entries.clear()


def utcnow() -> datetime:
    """Naive UTC, the convention of every datetime column."""
    return datetime.now(UTC).replace(tzinfo=None)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds") + "Z"


class Store:
    def __init__(self, db_url: str, *, pool_size: int = 20) -> None:
        self.db_url = db_url
        self.read_engine = make_engine(db_url, pool_size=pool_size)
        self.write_engine = (
            make_engine(db_url, immediate=True, pool_size=pool_size)
            if is_sqlite(db_url)
            else self.read_engine
        )
        self.searcher = Searcher(self.read_engine)
        self.search_responses = TtlCache()
        self._lock = threading.Lock()
        self._summaries: dict[int, ItemSummary] = {}
        self._categories: list[m.Category] | None = None
        self._promotions: list[Promotion] | None = None
        self._options: dict[int, options.ItemOptions] = {}
        self._names: dict[int, ItemNames] = {}  # by item id
        self.clock = SharedOffset(db_url)

    def dispose(self) -> None:
        self.searcher.reads.close()
        self.read_engine.dispose()
        self.write_engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with Session(self.read_engine, expire_on_commit=False) as session, session.begin():
            session.info[STAMP_KEY] = self.clock.stamp()
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction that commits on success and rolls back on any exception; on
        SQLite it holds the write lock from its first statement (BEGIN IMMEDIATE)."""
        with Session(self.write_engine, expire_on_commit=False) as session, session.begin():
            session.info[STAMP_KEY] = self.clock.stamp()
            yield session

    def categories(self) -> list[m.Category]:
        if self._categories is None:
            with self.reading() as session:
                self._categories = list(session.scalars(select(m.Category).order_by(m.Category.id)))
        return self._categories

    def category_id(self, ref: str) -> int | None:
        """A category by id, slug or (case-insensitive) name."""
        ref = ref.strip().lower()
        for category in self.categories():
            if ref in (str(category.id), category.slug, category.name.lower()):
                return category.id
        return None

    def promotions(self) -> list[Promotion]:
        if self._promotions is None:
            with self.reading() as session:
                self._promotions = [
                    Promotion(p.kind, p.threshold_fen, p.save_fen, p.category_id, p.percent)
                    for p in session.scalars(select(m.Promotion))
                ]
        return self._promotions

    def item_options(self, session: Session, item_id: int) -> options.ItemOptions:
        """The option groups an item offers, loaded once per process (catalog rows)."""
        offered = self._options.get(item_id)
        if offered is None:
            offered = options.load(session, session.get_one(m.Item, item_id))
            with self._lock:
                self._options[item_id] = offered
        return offered

    def item_names(self, session: Session, item_ids: Sequence[int]) -> dict[int, ItemNames]:
        """Chinese titles and shops of these items (catalog rows, loaded once per process)."""
        missing = [i for i in item_ids if i not in self._names]
        if missing:
            rows = session.execute(
                select(m.Item.id, m.Item.title_zh, m.Shop.name, m.Shop.name_zh)
                .join(m.Shop, m.Shop.id == m.Item.shop_id)
                .where(m.Item.id.in_(missing))
            )
            loaded = {
                item_id: ItemNames(title_zh, ShopName(name, name_zh))
                for item_id, title_zh, name, name_zh in rows
            }
            with self._lock:
                self._names.update(loaded)
        return {i: self._names[i] for i in item_ids}

    def shops(self, session: Session, item_ids: Sequence[int]) -> list[ShopName]:
        """The shops selling these items, each once, in the items' order."""
        names = self.item_names(session, item_ids)
        return list(dict.fromkeys(names[i].shop for i in item_ids))

    def listing(self, item_ids: Sequence[int]) -> tuple[dict[int, ItemSummary], set[int]]:
        """What a search result shows of these items, and which of them are in stock.

        The uncached search path ends here, so it is one connection and at most two plain
        statements: summaries are catalog rows, loaded once per process; stock is read live.
        """
        if not item_ids:
            return {}, set()
        missing = [i for i in item_ids if i not in self._summaries]
        with self.searcher.reads.connect() as rows:
            if missing:
                ids, params = in_list("i", missing)
                loaded = {row[0]: ItemSummary(*row) for row in rows(_SUMMARIES + ids, params)}
                with self._lock:
                    self._summaries.update(loaded)
            ids, params = in_list("i", item_ids)
            in_stock = {row[0] for row in rows(_IN_STOCK + ids, params)}
        return {i: self._summaries[i] for i in item_ids if i in self._summaries}, in_stock

    def now(self, session: Session) -> datetime:
        """The order-lifecycle clock: real time plus the offset admins advanced it by."""
        return utcnow() + timedelta(seconds=self.clock.seconds(session))

    def advance_clock(self, seconds: float) -> datetime:
        """Move the clock for every worker: the offset is committed before the other
        processes are told (`SharedOffset.moved`), and both before the caller hears back."""
        with self.writing() as session:
            offset = session.scalar(
                update(m.ServerClock)
                .where(m.ServerClock.id == 1)
                .values(offset_seconds=m.ServerClock.offset_seconds + seconds)
                .returning(m.ServerClock.offset_seconds)
            )
        self.clock.moved()
        return utcnow() + timedelta(seconds=offset or 0.0)
