"""English plurals, one rule for everything that says or hears a count.

Search maps "lattes" onto the catalog word "latte", item resolution does the same to a spoken
phrase, and replies say "two lattes": when each had its own rule they disagreed, and a title
that is already plural ("Roses", "Potato Chips") was heard as "two Roseses". Titles name things
in the plural often enough that `plural` leaves a plural last word alone.
"""

from __future__ import annotations

_VOWELS = "aeiou"
# Singular words that end like plurals: "glass", "hummus", "hibiscus", "bus".
_SINGULAR_ENDINGS = ("ss", "us", "is")
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")


def singular_candidates(word: str) -> tuple[str, ...]:
    """Every word a lower-case `word` may be the plural of, the most specific first: "berries"
    → berry, berri, berrie; "potatoes" → potato, potatoe. For matching against a known list of
    words (the catalog's), where the first candidate that exists wins."""
    candidates = []
    if word.endswith("ies"):
        candidates.append(word[:-3] + "y")
    if word.endswith("es"):
        candidates.append(word[:-2])
    if word.endswith("s"):
        candidates.append(word[:-1])
    return tuple(candidates)


def singular(word: str) -> str:
    """A lower-case word's singular by rule ("lattes" → latte, "sandwiches" → sandwich,
    "berries" → berry); a word that is not plural is returned as it is. Crude on purpose:
    applied alike to the catalog and to what was heard, consistency matters more than
    grammar."""
    if len(word) <= 3 or word.endswith(_SINGULAR_ENDINGS):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def is_plural(word: str) -> bool:
    lower = word.lower()
    return lower.isalpha() and singular(lower) != lower


def plural(phrase: str, quantity: int = 2) -> str:
    """The phrase said for `quantity` of it: its last word in the plural unless the quantity
    is one ("Latte" → "Lattes", "Car Wash" → "Car Washes", "Beef Jerky" → "Beef Jerkies"). A
    last word already plural ("Roses", "Potato Chips") or not a word ("500ml") stays as it is;
    the letters keep their case."""
    if quantity == 1 or not phrase:
        return phrase
    head, _, last = phrase.rpartition(" ")
    lower = last.lower()
    if not lower.isalpha() or is_plural(lower):
        return phrase
    if lower.endswith(_SIBILANT_ENDINGS):
        last += "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in _VOWELS:
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last
