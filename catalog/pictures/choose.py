"""Which picture an item gets, from what every item has: its title and its category.

Generated titles are "[Shop] Modifier Product" (catalog.seeding), so the product is the
longest known product title the title ends with, and the modifier is the known modifier right
before it. Matching on the title keeps the pictures out of the database: the same title draws
the same picture on SQLite and PostgreSQL, after any seed.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from catalog.pictures.palettes import (
    CAR_PAINTS,
    FALLBACK,
    ICED,
    MODIFIER_SLOT,
    MODIFIERS,
    PLATE,
    PLATES,
    PRODUCTS,
    SERVICES,
    Art,
)
from catalog.pictures.render import Picture
from catalog.seed_data import CATEGORIES

# Longest first, so "Matcha Latte" wins over "Latte" and "Iced Mocha" over "Mocha".
_PRODUCT_TITLES = sorted(PRODUCTS, key=len, reverse=True)
_MODIFIER_NAMES = sorted(MODIFIERS, key=len, reverse=True)
# A category by slug or by name (the API knows an item's category by its name).
_SLUGS = {ref.lower(): c.slug for c in CATEGORIES for ref in (c.slug, c.name)}


def _plate(category: str) -> str:
    return PLATES.get(_SLUGS.get(category.lower(), ""), PLATE)


def _split(title: str) -> tuple[str | None, str | None]:
    """(product, modifier) of a title; None where the tables know neither."""
    folded = title.casefold()
    for product in _PRODUCT_TITLES:
        if folded == product.casefold() or folded.endswith(" " + product.casefold()):
            rest = folded[: len(folded) - len(product)].strip()
            modifier = next(
                (
                    m
                    for m in _MODIFIER_NAMES
                    if rest == m.casefold() or rest.endswith(" " + m.casefold())
                ),
                None,
            )
            return product, modifier
    return None, None


@lru_cache(maxsize=4096)
def picture_for(title: str, category: str) -> Picture:
    """The picture of an item: its product's drawing and colours, its modifier's colour in
    the slot the drawing keeps for it, on its category's plate. Unknown titles get FALLBACK."""
    product, modifier = _split(title)
    art = PRODUCTS[product] if product else FALLBACK
    colours = {"tint": art.tint, "body": art.body, "accent": art.accent}
    family = art.family
    if modifier == "Iced":
        family = ICED.get(family, family)
    colour = MODIFIERS.get(modifier or "")
    slot = MODIFIER_SLOT.get(family)
    if colour and slot:
        colours[slot] = colour
    return Picture(family, plate=_plate(category), **colours)


def is_fallback(picture: Picture) -> bool:
    """True for the picture of an item the tables do not know."""
    return picture.family == FALLBACK.family


def model_picture(name: str) -> Picture:
    """A vehicle model's picture: the car drawing in a paint its name picks, always the same."""
    digest = hashlib.sha256(name.strip().casefold().encode()).digest()
    paint = CAR_PAINTS[digest[0] % len(CAR_PAINTS)]
    art = Art("car", paint, accent="#ffe082")
    return Picture(art.family, art.tint, art.body, art.accent, PLATE)


def service_picture(kind: str) -> Picture:
    """A service by appointment (a test drive, a car wash...): its kind's drawing; an unknown
    kind gets FALLBACK."""
    art, category = SERVICES.get(kind, (FALLBACK, ""))
    return Picture(art.family, art.tint, art.body, art.accent, _plate(category))
