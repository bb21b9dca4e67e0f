"""Item resolution: fuzzy, spoken-form tolerant, honest about ambiguity."""

from __future__ import annotations

import pytest

from voice.items import ItemResolver, VocabularyEntry

pytestmark = pytest.mark.voice

SMALL = ItemResolver(
    VocabularyEntry(i, title, aliases)
    for i, (title, aliases) in enumerate(
        [
            ("Latte", ("caffe latte",)),
            ("Iced Latte", ()),
            ("Green Tea", ()),
            ("Black Tea", ()),
            ("Phone Charger", ()),
            ("Car Wash", ()),
            ("Sandwich", ()),
        ],
        start=1,
    )
)


@pytest.mark.parametrize(
    ("phrase", "title"),
    [
        ("latte", "Latte"),
        ("lattes", "Latte"),
        ("two lads", "Latte"),
        ("the caffe latte", "Latte"),
        ("iced latte", "Iced Latte"),
        ("charger", "Phone Charger"),
        ("car was", "Car Wash"),
        ("sandwiches", "Sandwich"),
        ("sand which", "Sandwich"),
    ],
)
def test_resolves_spoken_forms(phrase: str, title: str) -> None:
    resolution = SMALL.resolve(phrase)
    assert resolution.best is not None and resolution.best.title == title
    assert not resolution.ambiguous


def test_two_close_items_are_ambiguous() -> None:
    resolution = SMALL.resolve("tea")
    assert resolution.ambiguous
    assert {c.title for c in resolution.candidates[:2]} == {"Green Tea", "Black Tea"}


@pytest.mark.parametrize("phrase", ["hello", "", "the", "spaceship"])
def test_nothing_close_is_no_match(phrase: str) -> None:
    resolution = SMALL.resolve(phrase)
    assert resolution.best is None and resolution.candidates == ()


def test_real_catalog(entries: list[VocabularyEntry]) -> None:
    resolver = ItemResolver(entries)
    spoken = [
        "latte",
        "americano",
        "flat white",
        "cappuccino",
        "green tea",
        "croissant",
        "blueberry muffin",
        "bottled water",
        "orange juice",
        "phone charger",
        "windshield washer fluid",
        "car wash",
        "EV charging session",
        "roses",
        "sandwich",
    ]
    for name in spoken:
        best = resolver.resolve(name).best
        assert best is not None and name.lower() in best.title.lower(), name
    lads = resolver.resolve("two lads").best
    assert lads is not None and lads.title == "Latte"
    assert resolver.resolve("milk tea").ambiguous  # several milk teas: ask, don't guess
    cola = resolver.resolve("cola").best
    assert cola is not None and cola.title.endswith("Cola")  # not "Chocolate Box"


def test_from_api_payload() -> None:
    payload = {
        "version": "x",
        "items": [
            {
                "id": 7,
                "title": "Latte",
                "aliases": ["latte"],
                "category": "Coffee",
                "default_sku_id": 70,
            }
        ],
    }
    resolver = ItemResolver.from_api(payload)
    assert resolver.entries[0] == VocabularyEntry(7, "Latte", ("latte",), "Coffee", 70)


def test_a_generic_name_goes_to_the_items_that_have_all_its_words(
    entries: list[VocabularyEntry],
) -> None:
    """ "coconut water" is all of several Coconut Waters and only part of "water" (an alias of
    Bottled Water): the coconut waters are offered, and as a toss-up, so the session asks."""
    found = ItemResolver(entries).resolve("coconut water")
    assert found.best is not None and "Coconut Water" in found.best.title
    assert found.ambiguous
