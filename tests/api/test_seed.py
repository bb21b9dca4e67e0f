"""The seed is deterministic, complete, and refuses to mix two catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from catalog import models as m
from catalog.seeding import seed_database
from incar.errors import IncarError

TABLES = ("categories", "shops", "items", "skus", "promotions", "vehicles", "profiles")


def _dump(db_url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        dump = {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
            for t in TABLES
        }
    engine.dispose()
    return dump


def test_same_count_gives_the_same_data(tmp_path: Path) -> None:
    urls = [f"sqlite:///{tmp_path / f'seed{i}.sqlite3'}" for i in range(2)]
    for url in urls:
        seed_database(url, items=450, reset=False)
    first, second = (_dump(url) for url in urls)
    assert first == second
    assert len(first["items"]) == 450


def test_default_catalog_has_what_the_contract_promises(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'default.sqlite3'}"
    assert seed_database(url, items=None, reset=False) == 300
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.Category)).scalar_one() >= 10
        assert conn.execute(select(func.count()).select_from(m.Shop)).scalar_one() >= 8
        items = conn.execute(select(m.Item.id, m.Item.title_zh, m.Item.default_sku_id)).all()
        assert all(title_zh for _, title_zh, _ in items)
        sku_items = {r[0]: r[1] for r in conn.execute(select(m.Sku.id, m.Sku.item_id))}
        assert all(sku_items[default] == item_id for item_id, _, default in items)
        vins = set(conn.execute(select(m.Vehicle.vin)).scalars())
    engine.dispose()
    assert vins == {"LVSHFFAL0PF000001", "LVSHFFAL0PF000002"}


def test_reseeding_with_another_count_needs_reset(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'reseed.sqlite3'}"
    seed_database(url, items=320, reset=False)
    assert seed_database(url, items=320, reset=False) == 320
    with pytest.raises(IncarError, match="--reset"):
        seed_database(url, items=330, reset=False)
    assert seed_database(url, items=330, reset=True) == 330
    assert len(_dump(url)["items"]) == 330
