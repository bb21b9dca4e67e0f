"""The one pluralizer (core.plurals): the words people say, and every title the seed sells."""

from __future__ import annotations

import pytest

from catalog.seed_data import CATEGORIES
from core.plurals import plural, singular, singular_candidates

# Every distinct product title of the seed, and what "two of it" is called. Generated titles
# ("Vanilla Latte", "Riverside Vanilla Latte") end in one of these, so their last word is
# covered too. A title already plural stays plural; a new title must be added here.
SEEDED_PLURALS = {
    "Air Freshener": "Air Fresheners",
    "Americano": "Americanos",
    "Apples": "Apples",
    "Bagel": "Bagels",
    "Baguette": "Baguettes",
    "Bananas": "Bananas",
    "Battery Check": "Battery Checks",
    "Beef Jerky": "Beef Jerkies",
    "Blueberry Muffin": "Blueberry Muffins",
    "Bottled Water": "Bottled Waters",
    "Cappuccino": "Cappuccinos",
    "Car Shampoo": "Car Shampoos",
    "Car Wash": "Car Washes",
    "Charging Cable": "Charging Cables",
    "Cheesecake": "Cheesecakes",
    "Chocolate Box": "Chocolate Boxes",
    "Coconut Water": "Coconut Waters",
    "Cola": "Colas",
    "Cold Brew": "Cold Brews",
    "Coolant": "Coolants",
    "Croissant": "Croissants",
    "Danish": "Danishes",
    "Dash Cam": "Dash Cams",
    "Detailing": "Detailings",
    "Drip Coffee": "Drip Coffees",
    "Dried Mango": "Dried Mangos",
    "EV Charging Session": "EV Charging Sessions",
    "Egg Tart": "Egg Tarts",
    "Eggs": "Eggs",
    "Energy Drink": "Energy Drinks",
    "Engine Oil": "Engine Oils",
    "Espresso": "Espressos",
    "Fast Charging Session": "Fast Charging Sessions",
    "Flat White": "Flat Whites",
    "Floor Mats": "Floor Mats",
    "Fuel Voucher": "Fuel Vouchers",
    "Gift Box": "Gift Boxes",
    "Glass Cleaner": "Glass Cleaners",
    "Green Tea": "Green Teas",
    "House Coffee": "House Coffees",
    "Iced Coffee": "Iced Coffees",
    "Iced Mocha": "Iced Mochas",
    "Iced Tea": "Iced Teas",
    "Interior Cleaning": "Interior Cleanings",
    "Jasmine Rice": "Jasmine Rices",
    "Latte": "Lattes",
    "Latte Art Travel Mug": "Latte Art Travel Mugs",
    "Lilies": "Lilies",
    "Maintenance Booking": "Maintenance Bookings",
    "Matcha Latte": "Matcha Lattes",
    "Milk Tea": "Milk Teas",
    "Mixed Nuts": "Mixed Nuts",
    "Mocha": "Mochas",
    "Oolong Tea": "Oolong Teas",
    "Orange Juice": "Orange Juices",
    "Phone Case": "Phone Cases",
    "Phone Charger": "Phone Chargers",
    "Phone Holder": "Phone Holders",
    "Potato Chips": "Potato Chips",
    "Power Bank": "Power Banks",
    "Protein Bar": "Protein Bars",
    "Rice Crackers": "Rice Crackers",
    "Roses": "Roses",
    "Sandwich": "Sandwiches",
    "Seat Cushion": "Seat Cushions",
    "Soy Milk": "Soy Milks",
    "Sparkling Water": "Sparkling Waters",
    "Strawberries": "Strawberries",
    "Sun Shade": "Sun Shades",
    "Sunflowers": "Sunflowers",
    "Test Drive": "Test Drives",
    "Tofu": "Tofus",
    "Trunk Organizer": "Trunk Organizers",
    "Tulips": "Tulips",
    "Tyre Rotation": "Tyre Rotations",
    "Tyre Shine": "Tyre Shines",
    "Waxing": "Waxings",
    "Wheel Alignment": "Wheel Alignments",
    "Windshield Washer Fluid": "Windshield Washer Fluids",
    "Wireless Earbuds": "Wireless Earbuds",
    "Wrap": "Wraps",
}


def _seeded_titles() -> set[str]:
    return {p.title for spec in CATEGORIES for p in (*spec.canonical, *spec.products)}


def test_every_seeded_title_has_a_written_expectation() -> None:
    missing = sorted(_seeded_titles() - SEEDED_PLURALS.keys())
    assert missing == [], f"add the plural of these new seed titles to SEEDED_PLURALS: {missing}"


@pytest.mark.parametrize(("title", "expected"), sorted(SEEDED_PLURALS.items()))
def test_every_seeded_title_in_the_plural(title: str, expected: str) -> None:
    assert plural(title, 2) == expected
    assert plural(title, 1) == title
    if expected == title:  # already plural: "two roses", never "two roseses"
        assert plural(title, 3) == title
    # What search hears: the plural's last word leads back to the title's (or the title was
    # plural to begin with).
    said, named = expected.split()[-1].lower(), title.split()[-1].lower()
    assert named in (said, singular(said), *singular_candidates(said))


@pytest.mark.parametrize(
    ("phrase", "quantity", "expected"),
    [
        ("latte", 2, "lattes"),
        ("latte", 1, "latte"),
        ("sandwich", 3, "sandwiches"),
        ("berry", 2, "berries"),
        ("day", 2, "days"),
        ("glass", 2, "glasses"),
        ("hummus", 2, "hummuses"),
        ("roses", 2, "roses"),
        ("500ml", 2, "500ml"),
        ("", 2, ""),
    ],
)
def test_plural_of_words(phrase: str, quantity: int, expected: str) -> None:
    assert plural(phrase, quantity) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("lattes", "latte"),
        ("sandwiches", "sandwich"),
        ("berries", "berry"),
        ("boxes", "box"),
        ("glasses", "glass"),
        ("glass", "glass"),
        ("hummus", "hummus"),
        ("tea", "tea"),
    ],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_singular_candidates_most_specific_first() -> None:
    assert singular_candidates("berries") == ("berry", "berri", "berrie")
    assert singular_candidates("potatoes") == ("potato", "potatoe")
    assert singular_candidates("tea") == ()
