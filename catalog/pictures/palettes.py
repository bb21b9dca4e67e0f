"""Which drawing and which colours each product of the seed gets: plain tables.

Every product base of `catalog.seed_data` (canonical and generated) has a row here; a generated
item's modifier ("Caramel", "Pink", "Sichuan") adds its colour to the slot its family says
(the latte art, a rose bouquet's petals, a snack bag). Colours are #rrggbb.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Slot = Literal["tint", "body", "accent"]


class Art(NamedTuple):
    family: str
    tint: str
    body: str = "#ffffff"
    accent: str = "#f6e8d2"


# Every product title of the seed (CONTRACTS section 2 and the generated bases).
PRODUCTS: dict[str, Art] = {
    # coffee and tea: the drink's colour is the tint, latte art or a straw the accent
    "Latte": Art("coffee-cup", "#c8935f", accent="#f6e8d2"),
    "Americano": Art("coffee-cup", "#4a2c1d", accent="#7a4b2e"),
    "Flat White": Art("coffee-cup", "#b07a4f", accent="#fbf1e1"),
    "Cappuccino": Art("coffee-cup", "#eadbc4", accent="#8a5a3b"),
    "Espresso": Art("coffee-cup", "#3a2216", accent="#a0643a"),
    "Mocha": Art("coffee-cup", "#6b3e26", accent="#f1dcc4"),
    "Matcha Latte": Art("coffee-cup", "#8dbb5a", accent="#f1f6e4"),
    "House Coffee": Art("takeaway-cup", "#b98a5e", accent="#3b3238"),
    "Drip Coffee": Art("takeaway-cup", "#8a5a3b", accent="#2f5d50"),
    "Iced Coffee": Art("iced-cup", "#7b4a2e", accent="#2f8f5b"),
    "Iced Mocha": Art("iced-cup", "#5e3522", accent="#d84a3a"),
    "Cold Brew": Art("iced-cup", "#3f2418", accent="#1f6f8b"),
    "Milk Tea": Art("bubble-tea", "#d2a679", "#f7f3ee", "#e0523f"),
    "Oolong Tea": Art("tea-cup", "#c07a2b", accent="#5fae3e"),
    "Green Tea": Art("tea-cup", "#b5c95e", accent="#4f9a3a"),
    # bakery: the crust or cake is the tint
    "Croissant": Art("croissant", "#e0a045"),
    "Blueberry Muffin": Art("muffin", "#e7b36b", "#ffffff", "#4b4fa8"),
    "Sandwich": Art("sandwich", "#e8908a", accent="#f4c542"),
    "Bagel": Art("bagel", "#d9a05b", accent="#fdf3d8"),
    "Danish": Art("tart", "#e3a650", accent="#d8413f"),
    "Cheesecake": Art("cake-slice", "#d9a05b", "#fbf0d2", "#e0524a"),
    "Egg Tart": Art("tart", "#e3a650", accent="#f7c948"),
    "Baguette": Art("baguette", "#e0a045"),
    "Wrap": Art("wrap", "#8b5a2b", "#f3d9a4", "#f2e2c0"),
    # snacks
    "Potato Chips": Art("snack-bag", "#f2b51d", accent="#f6d36b"),
    "Mixed Nuts": Art("nut-jar", "#c98b4e", accent="#8a5a3b"),
    "Beef Jerky": Art("snack-bag", "#b8322c", accent="#7a3b26"),
    "Rice Crackers": Art("snack-bag", "#3f7cc4", accent="#f0d9a0"),
    "Dried Mango": Art("snack-bag", "#f59f1c", accent="#ffc53d"),
    "Protein Bar": Art("snack-bar", "#3b3f8f", accent="#f2b51d"),
    # groceries
    "Apples": Art("apple", "#d7322b"),
    "Bananas": Art("banana", "#f5c518"),
    "Jasmine Rice": Art("grain-sack", "#3f8f5b", "#f3e6c8", "#c0392b"),
    "Eggs": Art("egg-carton", "#e9b47a", "#cfc6b8"),
    "Tofu": Art("tofu", "#f4ecd6", accent="#7fb3d5"),
    "Strawberries": Art("strawberry", "#e0322e"),
    # drinks
    "Bottled Water": Art("water-bottle", "#3d8fd6", accent="#2f6fb8"),
    "Orange Juice": Art("juice-bottle", "#f7931e", accent="#ff9f1a"),
    "Sparkling Water": Art("water-bottle", "#44b39a", accent="#2b8a74"),
    "Cola": Art("drink-can", "#c8102e", accent="#ffffff"),
    "Iced Tea": Art("juice-bottle", "#b5651d", "#fff6e0", "#f2c14e"),
    "Coconut Water": Art("coconut", "#6aa84f", "#f4f1e6", "#e0523f"),
    "Energy Drink": Art("drink-can", "#2b2f8f", accent="#b6e61e"),
    "Soy Milk": Art("carton", "#e8d6a8", accent="#5fae3e"),
    # flowers and gifts
    "Roses": Art("bouquet", "#d7263d", "#f6efe6", "#e8b04a"),
    "Tulips": Art("bouquet", "#f06a8f", "#fff6e0", "#7e57c2"),
    "Lilies": Art("bouquet", "#fbf6ee", "#e4f2dc", "#5fae3e"),
    "Sunflowers": Art("sunflower", "#f7c31a", accent="#7a4a1e"),
    "Gift Box": Art("gift-box", "#d7263d", accent="#f2c14e"),
    "Chocolate Box": Art("gift-box", "#6b3e26", accent="#e0524a"),
    # phone and electronics
    "Phone Charger": Art("phone-charger", "#f7f7f7", accent="#2f80ed"),
    "Charging Cable": Art("cable", "#2f80ed", accent="#e6e9ee"),
    "Power Bank": Art("power-bank", "#3b3f4a", accent="#34c77b"),
    "Wireless Earbuds": Art("earbuds", "#ffffff", "#f2f2f2", "#5a5560"),
    "Phone Case": Art("phone", "#e57373", accent="#ffffff"),
    "Dash Cam": Art("dash-cam", "#3b3f4a", accent="#4fc3f7"),
    # car care: the fluid is the tint
    "Windshield Washer Fluid": Art("fluid-jug", "#3d8fd6", "#f4f6f8", "#1f5fa8"),
    "Engine Oil": Art("fluid-jug", "#d4a017", "#f2c94c", "#2b2530"),
    "Coolant": Art("fluid-jug", "#e84393", "#f4f6f8", "#6c5ce7"),
    "Tyre Shine": Art("spray-bottle", "#2b2f38", "#ffffff", "#f7931e"),
    "Car Shampoo": Art("fluid-jug", "#7fd1f5", "#f4f6f8", "#e0523f"),
    "Glass Cleaner": Art("spray-bottle", "#7fc8f8", "#ffffff", "#1f6fb8"),
    # car accessories
    "Latte Art Travel Mug": Art("travel-mug", "#c8935f", "#ffffff", "#3b3238"),
    "Phone Holder": Art("phone-holder", "#3b3f4a", accent="#f7931e"),
    "Seat Cushion": Art("seat", "#5a5560", accent="#c9a227"),
    "Sun Shade": Art("sun-shade", "#d5d9df", accent="#8d8391"),
    "Floor Mats": Art("floor-mat", "#3b3f4a", accent="#9aa3ae"),
    "Trunk Organizer": Art("storage-box", "#4a4f5c", accent="#f7931e"),
    "Air Freshener": Art("air-freshener", "#4caf50", accent="#f2c14e"),
    # EV charging and fuel
    "EV Charging Session": Art("ev-charger", "#34c77b", "#f4f6f8", "#2f80ed"),
    "Fast Charging Session": Art("ev-charger", "#f7b500", "#f4f6f8", "#e53935"),
    "Fuel Voucher": Art("fuel-voucher", "#f2b51d", "#e53935"),
    "Battery Check": Art("battery", "#3b3f4a", "#ffffff", "#34c77b"),
    # vehicle services
    "Car Wash": Art("car-wash", "#2f80ed", accent="#4fc3f7"),
    "Maintenance Booking": Art("car-service", "#f7931e", "#9aa3ae"),
    "Interior Cleaning": Art("seat", "#8d6e63", accent="#f2c14e"),
    "Tyre Rotation": Art("tyre", "#2f2b35", "#c0c6ce", "#34c77b"),
    "Wheel Alignment": Art("tyre", "#2f2b35", "#c0c6ce", "#f7931e"),
    "Detailing": Art("car-shine", "#263238", accent="#f2c14e"),
    "Waxing": Art("car-shine", "#c62828", accent="#ffe082"),
}

# The colour a generated item's modifier stands for; None: the modifier changes no colour.
MODIFIERS: dict[str, str | None] = {
    "Vanilla": "#f3e2a0",
    "Caramel": "#d08a3a",
    "Hazelnut": "#9a6a40",
    "Iced": None,  # a family of its own (ICED), not a colour
    "Coconut": "#fbf8f0",
    "Honey": "#f0b43c",
    "Osmanthus": "#f4b942",
    "Brown Sugar": "#7a4422",
    "Almond": "#f1dfc0",
    "Chocolate": "#6b3e26",
    "Ham and Cheese": "#f4c542",
    "Whole Wheat": "#b07a45",
    "Matcha": "#8dbb5a",
    "Cinnamon": "#b5743a",
    "Tuna": "#e9d9b0",
    "Crunchy": None,
    "Family Size": None,
    "Sichuan": "#d7261e",
    "Organic": "#5fae3e",
    "Roasted": "#a0643a",
    "Lightly Salted": "#6fa8dc",
    "Fresh": None,
    "Free Range": "#d9a066",
    "Local": None,
    "Premium": "#c9a227",
    "Sugar Free": "#9ad0ec",
    "Lemon": "#f4d03f",
    "Peach": "#f7a07b",
    "Chilled": "#7fc8f8",
    "Sparkling": "#bde0fe",
    "Red": "#d7263d",
    "Pink": "#f48fb1",
    "White": "#fbf6ee",
    "Birthday": "#7e57c2",
    "Anniversary": "#c8102e",
    "Mixed": "#f7a07b",
    "USB C": None,
    "Fast": "#f7931e",
    "Wireless": "#7e57c2",
    "Compact": None,
    "Braided": "#c9a227",
    "65 Watt": "#e53935",
    "Winter": "#9ad0ec",
    "Synthetic": "#c9a227",
    "Eco": "#5fae3e",
    "Quick Dry": "#f7931e",
    "Long Life": "#7e57c2",
    "Magnetic": "#e53935",
    "Leather": "#8b5a2b",
    "Foldable": None,
    "All Weather": "#3d8fd6",
    "Night": "#3949ab",
    "Weekend": "#7e57c2",
    "Highway": "#2f80ed",
    "Super": "#e53935",
    "Express": "#f7931e",
    "Deluxe": "#c9a227",
    "Mobile": "#2f80ed",
}

# Where a modifier's colour goes in each family (None: the family keeps its colours).
MODIFIER_SLOT: dict[str, Slot | None] = {
    "coffee-cup": "accent",
    "takeaway-cup": "tint",
    "iced-cup": "accent",
    "bubble-tea": "tint",
    "tea-cup": "accent",
    "croissant": "tint",
    "muffin": "tint",
    "sandwich": "accent",
    "bagel": "accent",
    "tart": "accent",
    "cake-slice": "accent",
    "baguette": None,
    "wrap": "accent",
    "snack-bag": "tint",
    "nut-jar": "accent",
    "snack-bar": "tint",
    "apple": "tint",
    "banana": None,
    "grain-sack": "tint",
    "egg-carton": "body",
    "tofu": "accent",
    "strawberry": None,
    "water-bottle": "accent",
    "juice-bottle": "accent",
    "drink-can": "accent",
    "coconut": "accent",
    "carton": "tint",
    "bouquet": "tint",
    "sunflower": None,
    "gift-box": "tint",
    "phone-charger": "accent",
    "cable": "tint",
    "power-bank": "accent",
    "earbuds": "accent",
    "phone": "tint",
    "dash-cam": "accent",
    "fluid-jug": "accent",
    "spray-bottle": "accent",
    "travel-mug": "accent",
    "phone-holder": "accent",
    "seat": "tint",
    "sun-shade": "accent",
    "floor-mat": "accent",
    "storage-box": "tint",
    "air-freshener": "tint",
    "ev-charger": "accent",
    "fuel-voucher": "tint",
    "battery": "accent",
    "car-wash": "tint",
    "car-service": "tint",
    "car": "tint",
    "tyre": "accent",
    "car-shine": "tint",
}

# A hot drink with the "Iced" modifier is drawn in the clear cup.
ICED = {"coffee-cup": "iced-cup", "takeaway-cup": "iced-cup", "tea-cup": "iced-cup"}

# The light plate behind each category's pictures (by slug); PLATE for anything else.
PLATES: dict[str, str] = {
    "coffee-tea": "#f3e7d6",
    "bakery": "#f7ead2",
    "snacks": "#f9e6cf",
    "groceries": "#e4f2dc",
    "drinks": "#dcebf7",
    "flowers-gifts": "#f9e1e8",
    "electronics": "#e3e8f2",
    "car-care": "#dde9f0",
    "car-accessories": "#ece6f3",
    "ev-fuel": "#dff3ea",
    "vehicle-services": "#e2ecf7",
}
PLATE = "#e6e9ee"

# What an item the tables do not know gets: a shopping bag in the store's orange.
FALLBACK = Art("shopping-bag", "#ff8a3d", accent="#ffffff")

# Services by appointment (catalog.appointments.SERVICE_KINDS): (drawing, plate category).
SERVICES: dict[str, tuple[Art, str]] = {
    "test_drive": (Art("car", "#e53935", accent="#ffe082"), "vehicle-services"),
    "maintenance": (Art("car-service", "#f7931e", "#9aa3ae"), "vehicle-services"),
    "car_wash": (Art("car-wash", "#2f80ed", accent="#4fc3f7"), "vehicle-services"),
    "ev_charging": (Art("ev-charger", "#34c77b", "#f4f6f8", "#2f80ed"), "ev-fuel"),
}

# Car paints for vehicle models: a model's name picks one, the same every time.
CAR_PAINTS = ("#e53935", "#2f80ed", "#34c77b", "#f7b500", "#8e99a8", "#263238", "#7e57c2")
