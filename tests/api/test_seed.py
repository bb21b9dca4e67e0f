"""The seed is deterministic, complete, and refuses to mix two catalogs."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, func, select, text

from catalog import models as m
from catalog.db import alembic_config, drop_everything, make_engine, upgrade
from catalog.seeding import seed_database
from incar.errors import IncarError
from tests.servers import ApiServer

TABLES = (
    "categories",
    "shops",
    "items",
    "skus",
    "promotions",
    "vehicles",
    "profiles",
    "option_groups",
    "option_values",
    "item_options",
)


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


# A catalog as the schema before made-to-order options held it: coffee SKUs of size x milk.
_OLD_ROWS = (
    "INSERT INTO categories (id, slug, name, name_zh) VALUES (1, 'coffee-tea', 'Coffee and tea', "
    "'咖啡茶饮')",
    "INSERT INTO shops (id, name, name_zh, city, address, latitude, longitude) VALUES "
    "(1, 'Riverside Coffee Roasters', '河畔咖啡烘焙坊', 'Shanghai', '88 Huaihai Rd', 31.2, 121.4)",
    "INSERT INTO items (id, category_id, shop_id, title, title_zh, description, aliases, rating, "
    "default_sku_id, search_text) VALUES (1, 1, 1, 'Latte', '拿铁', 'Latte.', '[\"latte\"]', 4.5, "
    "1, 'latte coffee and tea')",
    "INSERT INTO skus (id, item_id, attributes, price_fen, stock) VALUES "
    '(1, 1, \'{"size": "medium", "milk": "whole"}\', 2800, 10), '
    '(2, 1, \'{"size": "medium", "milk": "oat"}\', 3100, 10)',
    "INSERT INTO vehicles (id, vin, model, secret_hash) VALUES (1, 'LVSHFFAL0PF000001', 'Aurora', "
    "'x')",
    "INSERT INTO profiles (id, vehicle_id, name, pin_hash, spending_limit_fen, default_delivery, "
    "payment_methods) VALUES (1, 1, 'driver', NULL, NULL, '{}', '[]')",
    "INSERT INTO carts (id, profile_id) VALUES (1, 1)",
    "INSERT INTO cart_lines (id, cart_id, sku_id, quantity) VALUES (1, 1, 2, 3)",
)


def _old_database(url: str, rows: tuple[str, ...]) -> Engine:
    """A database at the schema before options (revision 0002) holding `rows`."""
    db = make_engine(url, immediate=True)
    cfg = alembic_config()
    with db.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        for sql in rows:
            conn.execute(text(sql))
    return db


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_database_of_the_previous_schema_upgrades(
    request: pytest.FixtureRequest, tmp_path: Path, engine: str
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'old.sqlite3'}"
        if engine == "sqlite"
        else request.getfixturevalue("pg_db_url")
    )
    db = _old_database(url, _OLD_ROWS)
    upgrade(db)
    with db.begin() as conn:
        line = conn.execute(text("SELECT sku_id, quantity, options_key FROM cart_lines")).one()
        assert tuple(line) == (2, 3, "{}")
        offered = conn.execute(
            text(
                "SELECT g.name, o.default_value, o.item_id, o.category_id FROM item_options o "
                "JOIN option_groups g ON g.id = o.group_id ORDER BY o.id"
            )
        ).all()
        assert [tuple(r) for r in offered] == [
            ("sweetener", "none", None, 1),
            ("sweetener_amount", "regular", None, 1),
            ("roast", "medium", 1, None),
            ("shots", "double", 1, None),
            ("milk", "whole", 1, None),
            ("milk_amount", "regular", 1, None),
            ("sweetener", "none", 1, None),
            ("sweetener_amount", "regular", 1, None),
        ]
        # One SKU made two ways is two lines now.
        conn.execute(
            text(
                "INSERT INTO cart_lines (id, cart_id, sku_id, quantity, options, options_key) "
                "VALUES (2, 1, 2, 1, :o, :k)"
            ),
            {"o": json.dumps({"shots": "triple"}), "k": json.dumps({"shots": "triple"})},
        )
    drop_everything(db)
    upgrade(db)  # and a downgrade leaves nothing behind that stops a fresh schema
    db.dispose()


def test_an_upgraded_catalog_offers_options_but_leaves_its_skus_to_decide(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'old-api.sqlite3'}"
    _old_database(url, _OLD_ROWS[:-2]).dispose()
    server = ApiServer(url).start()
    try:
        with httpx.Client(base_url=f"{server.url}/api/v1", timeout=30) as http:
            login = {"vin": "LVSHFFAL0PF000001", "secret": "x", "profile": "driver"}
            assert http.post("/sessions", json=login).status_code == 401  # no real secret
            engine = create_engine(url)
            with engine.begin() as conn:  # a token for the old vehicle, as a session would
                conn.execute(
                    text(
                        "INSERT INTO api_tokens (token_hash, vehicle_id, profile_id, created_at,"
                        " expires_at) VALUES (:h, 1, 1, '2020-01-01', '2999-01-01')"
                    ),
                    {"h": _token_hash("old-db-token")},
                )
            engine.dispose()
            http.headers["Authorization"] = "Bearer old-db-token"
            groups = http.get("/items/1").json()["option_groups"]
            assert [g["name"] for g in groups] == [
                "roast",
                "shots",
                "milk_amount",
                "sweetener",
                "sweetener_amount",
            ]  # the old SKUs decide the milk
            cart = http.post(
                "/cart/lines", json={"sku_id": 2, "quantity": 1, "options": {"shots": "triple"}}
            )
            assert cart.status_code == 200, cart.text
            (line,) = cart.json()["lines"]
            assert line["options"]["milk"] == "oat" and line["unit_price"] == 35.0
            wrong = http.post(
                "/cart/lines", json={"sku_id": 2, "quantity": 1, "options": {"milk": "soy"}}
            )
            assert wrong.json()["type"].endswith("/option-conflicts-with-sku")
    finally:
        server.stop()


def _token_hash(token: str) -> str:
    from catalog.security import token_hash

    return token_hash(token)
