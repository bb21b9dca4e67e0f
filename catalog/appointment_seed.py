"""The deterministic seed of CONTRACTS section 8: dealers, workshops, car washes and charging
hubs with their services, and the new Ford models the dealers offer.

Plain data with fixed ids, so every seed (and every upgraded database) has the same services
and models. Shops the item seed already has (the car wash and the charging hub that sell car
washes and charging sessions as items) are found by name; the others are added after them.
Prices are fen; hours are minutes after local midnight.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, insert, select

from catalog import appointments as a
from catalog import models as m
from catalog.seed_data import SHOPS

SHANGHAI = "Asia/Shanghai"
PUDONG_DEALER = "Changan Ford Pudong 4S Store"
MINHANG_DEALER = "Changan Ford Minhang 4S Store"


class Venue(NamedTuple):
    name: str
    name_zh: str
    city: str
    address: str
    latitude: float
    longitude: float


class ServiceSpec(NamedTuple):
    kind: str
    title: str
    title_zh: str
    venue: str
    duration_min: int
    price_fen: int
    capacity: int
    opens_min: int
    closes_min: int


class ModelSpec(NamedTuple):
    name: str
    name_zh: str
    price_fen: int
    dealer: str
    apr_bp: int


VENUES: tuple[Venue, ...] = (
    Venue(PUDONG_DEALER, "长安福特浦东4S店", "Shanghai", "1888 Zhangyang Rd", 31.2290, 121.5440),
    Venue(MINHANG_DEALER, "长安福特闵行4S店", "Shanghai", "3500 Humin Rd", 31.1130, 121.3880),
    Venue(
        "Ford Service Xuhui", "福特徐汇授权服务站", "Shanghai", "1200 Caoxi Rd", 31.1700, 121.4400
    ),
    Venue(
        "Ford Service Baoshan", "福特宝山授权服务站", "Shanghai", "2600 Hutai Rd", 31.3400, 121.4300
    ),
    Venue("Sparkle Auto Spa", "闪亮汽车美容", "Shanghai", "45 Hongqiao Rd", 31.1960, 121.4200),
    Venue(
        "Crystal Car Wash Jing'an",
        "晶亮洗车静安店",
        "Shanghai",
        "410 Changde Rd",
        31.2300,
        121.4450,
    ),
    Venue("VoltUp Charging Hub", "伏特充电站", "Shanghai", "2 Expo Ave", 31.1860, 121.4900),
    Venue(
        "State Grid Hongqiao Supercharging",
        "国家电网虹桥超充站",
        "Shanghai",
        "68 Shenhong Rd",
        31.1960,
        121.3200,
    ),
)

# Service ids are their position from 1. Slots never overlap: one starts as the last ends.
SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        "test_drive", "Test drive at Changan Ford Pudong", "长安福特浦东店新车试驾",
        PUDONG_DEALER, 60, 0, 2, 9 * 60, 18 * 60,
    ),
    ServiceSpec(
        "test_drive", "Test drive at Changan Ford Minhang", "长安福特闵行店新车试驾",
        MINHANG_DEALER, 60, 0, 1, 9 * 60 + 30, 17 * 60 + 30,
    ),
    ServiceSpec(
        "maintenance", "Regular maintenance", "常规保养",
        "Ford Service Xuhui", 90, 39900, 2, 8 * 60 + 30, 17 * 60 + 30,
    ),
    ServiceSpec(
        "maintenance", "Oil change and inspection", "机油更换与检查",
        "Ford Service Baoshan", 120, 45900, 2, 8 * 60, 18 * 60,
    ),
    ServiceSpec(
        "car_wash", "Express car wash", "快速洗车",
        "Sparkle Auto Spa", 30, 4900, 3, 8 * 60, 20 * 60,
    ),
    ServiceSpec(
        "car_wash", "Hand car wash", "精致手工洗车",
        "Crystal Car Wash Jing'an", 30, 3900, 3, 7 * 60, 22 * 60,
    ),
    ServiceSpec(
        "ev_charging", "DC fast-charging bay, 30 minutes", "直流快充车位（30分钟）",
        "VoltUp Charging Hub", 30, 3000, 4, 0, 24 * 60,
    ),
    ServiceSpec(
        "ev_charging", "Supercharging bay, 30 minutes", "超充车位（30分钟）",
        "State Grid Hongqiao Supercharging", 30, 3500, 4, 6 * 60, 24 * 60,
    ),
)  # fmt: skip

# Model ids are their position from 1; list prices as Changan Ford and JMC Ford quote them.
MODELS: tuple[ModelSpec, ...] = (
    ModelSpec("Ford Explorer", "福特探险者", 29980000, PUDONG_DEALER, 299),
    ModelSpec("Ford Mustang Mach-E", "福特电马", 22990000, PUDONG_DEALER, 0),
    ModelSpec("Ford Bronco", "福特烈马", 31980000, PUDONG_DEALER, 499),
    ModelSpec("Ford Mondeo", "福特蒙迪欧", 17980000, MINHANG_DEALER, 399),
    ModelSpec("Ford Territory", "福特领睿", 13580000, MINHANG_DEALER, 199),
    ModelSpec("Ford Edge L", "福特锐界L", 22980000, MINHANG_DEALER, 349),
)


def _venue_ids(conn: Connection) -> dict[str, int]:
    """Every venue's shop id: the item seed's shop of that name, else a new shop after the
    last one (ids are explicit everywhere in the seed, so no sequence is involved)."""
    known = {name: shop_id for shop_id, name in conn.execute(select(m.Shop.id, m.Shop.name))}
    next_id = max(known.values(), default=0) + 1
    missing = [v for v in VENUES if v.name not in known]
    if missing:
        rows = [{"id": next_id + i, **v._asdict()} for i, v in enumerate(missing)]
        conn.execute(insert(m.Shop), rows)
        known.update({row["name"]: row["id"] for row in rows})
    return {v.name: known[v.name] for v in VENUES}


def added_venue_names() -> tuple[str, ...]:
    """The venues only this seed adds (a migration's downgrade removes them again)."""
    items_shops = {shop[0] for shop in SHOPS}
    return tuple(v.name for v in VENUES if v.name not in items_shops)


def insert_appointments(conn: Connection) -> None:
    """The venues, services and models, with fixed ids; slots are made when first read."""
    shop = _venue_ids(conn)
    services = [
        {
            "id": service_id,
            **spec._asdict(),
            "shop_id": shop[spec.venue],
            "time_zone": SHANGHAI,
        }
        for service_id, spec in enumerate(SERVICES, start=1)
    ]
    for row in services:
        del row["venue"]
    conn.execute(insert(a.Service), services)
    conn.execute(
        insert(a.VehicleModel),
        [
            {
                "id": model_id,
                "name": spec.name,
                "name_zh": spec.name_zh,
                "price_fen": spec.price_fen,
                "dealer_id": shop[spec.dealer],
                "apr_bp": spec.apr_bp,
            }
            for model_id, spec in enumerate(MODELS, start=1)
        ],
    )
