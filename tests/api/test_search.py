"""Search finds what a person in a car says: spoken names, plurals, small typos."""

from __future__ import annotations

import pytest

from tests.api.conftest import Shopper

SPOKEN_NAMES = {
    "latte": "Latte",
    "americano": "Americano",
    "flat white": "Flat White",
    "cappuccino": "Cappuccino",
    "green tea": "Green Tea",
    "croissant": "Croissant",
    "blueberry muffin": "Blueberry Muffin",
    "bottled water": "Bottled Water",
    "orange juice": "Orange Juice",
    "phone charger": "Phone Charger",
    "windshield washer fluid": "Windshield Washer Fluid",
    "car wash": "Car Wash",
    "EV charging session": "EV Charging Session",
    "roses": "Roses",
    "sandwich": "Sandwich",
}
VARIANTS = {
    "lattes": "Latte",
    "two lattes": "Latte",
    "oat latte": "Latte",
    "capucino": "Cappuccino",
    "cappucino": "Cappuccino",
    "croissants": "Croissant",
    "blueberry muffins": "Blueberry Muffin",
    "sandwiches": "Sandwich",
    "a rose": "Roses",
    "americanos": "Americano",
    "windshield washer fluids": "Windshield Washer Fluid",
    "orange juce": "Orange Juice",
    "拿铁": "Latte",
}


@pytest.mark.parametrize(("query", "title"), sorted({**SPOKEN_NAMES, **VARIANTS}.items()))
def test_spoken_query_ranks_the_obvious_item_first(
    shopper: Shopper, query: str, title: str
) -> None:
    items = shopper.search(query)["items"]
    assert items, f"nothing found for {query!r}"
    assert items[0]["title"] == title


def test_alias_finds_item(shopper: Shopper) -> None:
    assert shopper.search("washer fluid")["items"][0]["title"] == "Windshield Washer Fluid"
    assert shopper.search("caffe latte")["items"][0]["title"] == "Latte"


def test_latte_beats_the_latte_mug(shopper: Shopper) -> None:
    titles = [i["title"] for i in shopper.search("latte", limit=50)["items"]]
    assert titles[0] == "Latte"
    assert titles.index("Latte Art Travel Mug") > titles.index("Latte")


def test_nonsense_finds_nothing(shopper: Shopper) -> None:
    assert shopper.search("zzqx blorp") == {"items": [], "total": 0}


def test_category_filter_and_pagination(shopper: Shopper) -> None:
    coffee = shopper.search("", category="coffee-tea", limit=100)
    assert coffee["total"] >= 5
    assert {i["category"] for i in coffee["items"]} == {"Coffee and tea"}
    by_name = shopper.search("", category="Coffee and tea", limit=100)
    assert by_name == coffee
    assert shopper.search("latte", category="car-accessories")["items"][0]["title"] == (
        "Latte Art Travel Mug"
    )
    everything = shopper.search("", limit=100)
    assert everything["total"] >= 300
    pages = [shopper.search("", limit=25, offset=o)["items"] for o in (0, 25, 50, 75)]
    assert [i["id"] for page in pages for i in page] == [i["id"] for i in everything["items"]]


def test_vocabulary_lists_spoken_names_with_default_skus(shopper: Shopper) -> None:
    vocabulary = shopper.http.get("/vocabulary").json()
    assert vocabulary == shopper.http.get("/vocabulary").json()
    entries = {entry["title"]: entry for entry in vocabulary["items"]}
    for title in SPOKEN_NAMES.values():
        assert title in entries
    latte = entries["Latte"]
    assert "caffe latte" in latte["aliases"]
    assert latte["category"] == "Coffee and tea"
    assert shopper.item(latte["id"])["default_sku_id"] == latte["default_sku_id"]
    titles = [entry["title"].lower() for entry in vocabulary["items"]]
    assert len(titles) == len(set(titles))


def test_tiles_and_item_detail_name_the_shop_in_chinese_too(shopper: Shopper) -> None:
    """A zh-CN head unit shows the shop's Chinese name; the English one stays as it was."""
    latte = shopper.search("latte")["items"][0]
    assert (latte["shop"], latte["shop_zh"]) == ("Riverside Coffee Roasters", "河畔咖啡烘焙坊")
    detail = shopper.item(latte["id"])
    assert (detail["shop"], detail["shop_zh"]) == ("Riverside Coffee Roasters", "河畔咖啡烘焙坊")
