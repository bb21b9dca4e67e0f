"""The deterministic seed: the same item count always yields the same catalog, byte for byte.

Every generated item draws from its own random generator seeded by its index, so the data do
not depend on insertion order, and rows go in with bulk executemany in chunks so that
`--items 100000` takes seconds, not minutes.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, func, insert, select

from catalog import models as m
from catalog.appointment_seed import insert_appointments
from catalog.db import database_errors, drop_everything, is_sqlite, make_engine, upgrade
from catalog.pictures import Picture, PictureCache, picture_for
from catalog.security import hash_secret
from catalog.seed_data import (
    CATEGORIES,
    DEFAULT_ITEMS,
    DEMO_VEHICLES,
    OPTION_GROUPS,
    PAYMENT_METHODS,
    PROMOTIONS,
    SHOPS,
    CategorySpec,
    Product,
)
from incar.errors import IncarError
from incar.progress import progress

CHUNK = 5000
CANONICAL_STOCK = 1000
Row = dict[str, Any]


def search_text(title: str, aliases: list[str], category: str) -> str:
    """What full-text search indexes for an item: its names first, then its category."""
    return " ".join([title, *aliases, category]).lower()


def _canonical() -> list[tuple[int, Product]]:
    return [(ci, p) for ci, spec in enumerate(CATEGORIES) for p in spec.canonical]


def _item_rows(count: int) -> Iterator[tuple[list[Row], list[Row]]]:
    """Item and SKU rows in chunks; ids are assigned here so SKUs can point at their item."""
    canonical = _canonical()
    used_titles: set[str] = set()
    items: list[Row] = []
    skus: list[Row] = []
    sku_id = 0
    for item_id in range(1, count + 1):
        rng = random.Random(f"incar-item-{item_id}")
        if item_id <= len(canonical):
            cat_index, product = canonical[item_id - 1]
            spec = CATEGORIES[cat_index]
            title, title_zh, aliases = product.title, product.title_zh, list(product.aliases)
            base_price, is_canonical = product.price_fen, True
        else:
            spec = CATEGORIES[rng.randrange(len(CATEGORIES))]
            title, title_zh, base_price = _generated_title(spec, rng, used_titles)
            aliases, is_canonical = [], False
        used_titles.add(title)
        shop_index = spec.shops[rng.randrange(len(spec.shops))]
        if is_canonical and product.shop is not None:
            shop_index = product.shop
        first_sku = sku_id + 1
        for variant in spec.variants:
            sku_id += 1
            jitter = 0 if is_canonical else rng.randrange(-3, 6) * 100
            price = max(0, base_price + jitter + variant.price_delta_fen) if base_price else 0
            stock = CANONICAL_STOCK if is_canonical else _generated_stock(rng)
            skus.append(
                {
                    "id": sku_id,
                    "item_id": item_id,
                    "attributes": dict(variant.attributes),
                    "price_fen": price,
                    "stock": stock,
                }
            )
        items.append(
            {
                "id": item_id,
                "category_id": cat_index_of(spec) + 1,
                "shop_id": shop_index + 1,
                "title": title,
                "title_zh": title_zh,
                "description": f"{title} from {SHOPS[shop_index][0]}, {SHOPS[shop_index][2]}.",
                "aliases": aliases,
                "rating": round(rng.uniform(3.8, 5.0), 1),
                "default_sku_id": first_sku,
                "search_text": search_text(title, aliases, spec.name),
            }
        )
        if len(items) >= CHUNK:
            yield items, skus
            items, skus = [], []
    if items:
        yield items, skus


def _pictures_of(item_rows: list[Row]) -> set[Picture]:
    """The pictures these items show; items of one product and modifier share one."""
    return {picture_for(r["title"], CATEGORIES[r["category_id"] - 1].slug) for r in item_rows}


def cat_index_of(spec: CategorySpec) -> int:
    return CATEGORIES.index(spec)


def _generated_title(
    spec: CategorySpec, rng: random.Random, used: set[str]
) -> tuple[str, str, int]:
    """ "Vanilla Latte"; a shop's name goes in front only when the plain title is taken."""
    product = spec.products[rng.randrange(len(spec.products))]
    modifier, modifier_zh = spec.modifiers[rng.randrange(len(spec.modifiers))]
    title, title_zh = f"{modifier} {product.title}", f"{modifier_zh}{product.title_zh}"
    if title in used:
        shop = SHOPS[spec.shops[rng.randrange(len(spec.shops))]]
        brand = shop[0].split()[0]
        title, title_zh = f"{brand} {title}", f"{shop[1][:2]}{title_zh}"
    return title, title_zh, product.price_fen


def _generated_stock(rng: random.Random) -> int:
    return 0 if rng.random() < 0.03 else rng.randint(5, 300)


def option_rows() -> tuple[list[Row], list[Row]]:
    """The option groups and their values, with fixed ids."""
    groups: list[Row] = []
    values: list[Row] = []
    for group_id, group in enumerate(OPTION_GROUPS, start=1):
        groups.append(
            {"id": group_id, "name": group.name, "label": group.label, "label_zh": group.label_zh}
        )
        values += [
            {
                "id": len(values) + i,
                "group_id": group_id,
                "value": v.value,
                "label_zh": v.label_zh,
                "price_delta_fen": v.price_delta_fen,
            }
            for i, v in enumerate(group.values, start=1)
        ]
    return groups, values


def insert_options(conn: Connection, menu_items: Mapping[str, int]) -> None:
    """Option groups, and who offers them: the categories that say so, and the canonical
    items of `menu_items` (title -> item id) with their own defaults."""
    groups, values = option_rows()
    conn.execute(insert(m.OptionGroup), groups)
    conn.execute(insert(m.OptionValue), values)
    group_ids = {g["name"]: g["id"] for g in groups}
    rows: list[Row] = []
    for category_id, spec in enumerate(CATEGORIES, start=1):
        rows += [
            {
                "item_id": None,
                "category_id": category_id,
                "group_id": group_ids[g],
                "default_value": d,
            }
            for g, d in spec.options
        ]
        for product in spec.canonical:
            if product.title in menu_items:
                rows += [
                    {
                        "item_id": menu_items[product.title],
                        "category_id": None,
                        "group_id": group_ids[g],
                        "default_value": d,
                    }
                    for g, d in product.options
                ]
    for row_id, row in enumerate(rows, start=1):
        row["id"] = row_id
    if rows:
        conn.execute(insert(m.ItemOption), rows)


def menu_titles() -> list[str]:
    """The canonical items that have option groups of their own."""
    return [p.title for _, p in _canonical() if p.options]


def _demo_salt(*parts: str) -> bytes:
    """Deterministic salts keep the seed reproducible; the demo secrets are public anyway."""
    return hashlib.sha256(":".join(("incar-demo", *parts)).encode()).digest()[:16]


def _insert_fixed_rows(conn: Connection) -> None:
    conn.execute(
        insert(m.Category),
        [
            {"id": i + 1, "slug": c.slug, "name": c.name, "name_zh": c.name_zh}
            for i, c in enumerate(CATEGORIES)
        ],
    )
    conn.execute(
        insert(m.Shop),
        [
            {
                "id": i + 1,
                "name": name,
                "name_zh": name_zh,
                "city": city,
                "address": address,
                "latitude": lat,
                "longitude": lon,
            }
            for i, (name, name_zh, city, address, lat, lon) in enumerate(SHOPS)
        ],
    )
    slugs = {c.slug: i + 1 for i, c in enumerate(CATEGORIES)}
    conn.execute(
        insert(m.Promotion),
        [
            {
                "kind": kind,
                "title": title,
                "threshold_fen": threshold,
                "save_fen": save,
                "category_id": slugs[slug] if slug else None,
                "percent": percent,
            }
            for kind, title, threshold, save, slug, percent in PROMOTIONS
        ],
    )
    for vin, model, secret, profiles in DEMO_VEHICLES:
        vehicle_id = conn.execute(
            insert(m.Vehicle).returning(m.Vehicle.id),
            {"vin": vin, "model": model, "secret_hash": hash_secret(secret, salt=_demo_salt(vin))},
        ).scalar_one()
        for name, pin, limit in profiles:
            pin_hash = hash_secret(pin, salt=_demo_salt(vin, name)) if pin else None
            conn.execute(
                insert(m.Profile),
                {
                    "vehicle_id": vehicle_id,
                    "name": name,
                    "pin_hash": pin_hash,
                    "spending_limit_fen": limit,
                    "default_delivery": {"mode": "to_vehicle"},
                    "payment_methods": list(PAYMENT_METHODS),
                },
            )
    conn.execute(insert(m.ServerClock), {"id": 1, "offset_seconds": 0.0})


def seed_database(db_url: str, *, items: int | None, reset: bool) -> int:
    """Create the schema and the catalog of `items` items (default 300); returns the count.

    An already seeded database is left alone when the count matches, and refused otherwise,
    so a second `incar seed` never mixes two catalogs.
    """
    count = items or DEFAULT_ITEMS
    if count < 1:
        raise IncarError("--items must be at least 1")
    with database_errors(db_url):
        engine = make_engine(db_url, immediate=True)
        try:
            if reset:
                drop_everything(engine)
            upgrade(engine)
            with engine.begin() as conn:
                existing = conn.execute(select(func.count()).select_from(m.Item)).scalar_one()
                if existing:
                    if items is None or existing == count:
                        print(f"catalog already seeded with {existing} items", flush=True)
                        return existing
                    raise IncarError(
                        f"the database already holds {existing} items; use --reset to reseed "
                        f"with {count}"
                    )
                _insert_fixed_rows(conn)
                insert_appointments(conn)
                canonical = _canonical()
                menu = {p.title: i for i, (_, p) in enumerate(canonical, 1) if i <= count}
                pictures: set[Picture] = set()
                with progress(f"seeding {count} items", count) as bar:
                    for item_rows, sku_rows in _item_rows(count):
                        conn.execute(insert(m.Item), item_rows)
                        conn.execute(insert(m.Sku), sku_rows)
                        pictures.update(_pictures_of(item_rows))
                        bar.advance(len(item_rows))
                insert_options(conn, menu)
                if is_sqlite(db_url):
                    # Bulk inserts leave the full-text index in many segments, and a search
                    # probes every segment for every word: merge them into one.
                    conn.exec_driver_sql("INSERT INTO items_fts(items_fts) VALUES ('optimize')")
            drawn = PictureCache().warm(pictures)
            print(f"seeded {count} items in {len(CATEGORIES)} categories, {len(SHOPS)} shops")
            print(f"{len(pictures)} product pictures ({drawn} drawn now)")
            return count
        finally:
            engine.dispose()
