"""The pieces an item phrase is cut into: its count, its leading words, a spoken correction.

Split out of voice/nlu.py, which decides *which* reading an utterance gets; the helpers here
only take words apart ("two large lattes" → 2 and "large lattes", "to lattes" → 2 and
"lattes", "..., no, three" → quantity 3), so they are the same for a template's item phrase,
a cue's remainder and a bare item.
"""

from __future__ import annotations

from typing import Any

from core.commands import Intent
from core.numbers import words_to_number
from core.plurals import singular
from voice.options import extract_options

Reading = tuple[Intent, dict[str, Any]]
# Recognizer homophones of quantities that only count at the start of an item phrase
# ("add to lattes"), where the preposition makes no sense.
_LEADING_HOMOPHONES = {"to": 2, "too": 2, "for": 4}
_LONGEST_QUANTITY = 4
# The words after a leading "to" looked at for a plural ("to green teas").
_LONGEST_NAME = 3
_LEFT_VERBS = frozenset({"also", "get", "have", "order", "buy", "add", "grab", "try", "put"})
_TRAILING_GLUE = frozenset({"of", "them", "those", "these", "please", "total", "in", "all"})
# Words the recognizer puts for a short opening word ("add" heard "it"), skipped at the start.
MISHEARD_LEADERS = frozenset({"it", "the", "that", "did", "do", "i", "and", "is", "on", "at"})
DETERMINERS = frozenset({"the", "my", "your", "some", "any", "those", "these", "of"})
# "to my cart", "into the basket", "on my order": where an item goes, no part of its name.
_INTO = frozenset({"to", "into", "in", "on", "onto", "till"})
_OWNERS = frozenset({"my", "the", "our"})
_CART_WORDS = frozenset({"cart", "basket", "order", "bag"})
# "for my daughter", "for the kids": who an order is for.
_FOR_WHOM = frozenset({"my", "the", "our", "his", "her", "their"})
# Things sold as one pair: "a pair of earbuds" is one of them, where "a pair of lattes" is two.
_PAIRED = frozenset(
    {
        "earbuds",
        "earphones",
        "headphones",
        "gloves",
        "socks",
        "sunglasses",
        "glasses",
        "shoes",
        "boots",
        "slippers",
        "jeans",
        "trousers",
        "shorts",
        "scissors",
        "pliers",
        "tongs",
    }
)
# Said between a new total and the old one: "four waters, not two".
_CONTRASTS = (("not",), ("instead", "of"), ("rather", "than"))


_ITEM_INTENTS = frozenset(
    {Intent.ADD_TO_CART, Intent.SET_QUANTITY, Intent.REMOVE_FROM_CART, Intent.SEARCH}
)


def apply_correction(found: tuple[Intent, dict[str, Any]], tail: list[str]) -> Reading | None:
    """Apply a spoken correction to a reading: "..., no, three" sets the quantity, "...,
    make that oat" an option; None when the tail corrects nothing the reading has."""
    intent, slots = found
    if intent not in _ITEM_INTENTS:
        return None
    quantity = words_to_number(" ".join(w for w in tail if w not in _TRAILING_GLUE))
    options = extract_options(" ".join(tail)).options
    if quantity is None and not options:
        return None
    slots = dict(slots)
    if quantity is not None and quantity > 0:
        slots["quantity"] = quantity
        if intent is Intent.SEARCH:
            intent = Intent.SET_QUANTITY  # "the honey milk tea, make it two"
    if options:
        slots["options"] = {**slots.get("options", {}), **options}
    return intent, slots


def is_option_phrase(words: list[str]) -> bool:
    """Whether a correction marker is really the start of an option ("no sugar", "no milk")."""
    spans = extract_options(" ".join(words)).spans
    return bool(spans) and spans[0].first_word == 0


def counts(phrase: str) -> bool:
    """Whether a phrase says a number other than "a"/"an"."""
    return any(w not in ("a", "an") and words_to_number(w) is not None for w in phrase.split())


def says_a_number(words: str) -> bool:
    """Whether an utterance starts with a real quantity, not a homophone like "for": "for
    lattes" is a misheard "search for lattes". "to" or "too" before a plural name ("to
    mochas", "to green teas") can only be a misheard "two"."""
    lead = without_leaders(words.split())[: _LONGEST_NAME + 1]
    if not lead or lead[0] not in _LEADING_HOMOPHONES:
        return bool(lead)
    return lead[0] in ("to", "too") and any(singular(w) != w for w in lead[1:])


def without_destination(words: list[str]) -> list[str]:
    """An item phrase without where it goes: "to my order one americano" is "one americano",
    not two ("to") of "my order one americano"."""
    out: list[str] = []
    i = 0
    while i < len(words):
        size = 3 if i + 2 < len(words) and words[i + 1] in _OWNERS else 2
        span = words[i : i + size]
        if len(span) == size and span[0] in _INTO and span[-1] in _CART_WORDS:
            i += size
            continue
        out.append(words[i])
        i += 1
    return out


def before_contrast(words: list[str]) -> list[str]:
    """The words before a trailing "not two" or "instead of two" ("four waters, not two"),
    where the number said first is the new total; empty without one."""
    for marker in _CONTRASTS:
        for start in range(len(words) - len(marker) - 1, 0, -1):
            after = words[start + len(marker) :]
            if tuple(words[start : start + len(marker)]) == marker and (
                words_to_number(" ".join(after)) is not None
            ):
                return words[:start]
    return []


def is_new_total(found: Reading) -> bool:
    """Whether a reading said before a contrast sets a total: a count of an item, or of what
    the person is changing ("just two, not three")."""
    intent, slots = found
    if intent is Intent.SET_QUANTITY:
        return True
    return intent is Intent.ADD_TO_CART and "quantity" in slots and "item" in slots


def without_leaders(words: list[str]) -> list[str]:
    """Drop leading determiners and the recognizer's usual stand-ins for them, and a verb
    the template left in the item phrase ("i'd like to also get a sandwich")."""
    while len(words) > 2 and words[0] == "to" and words[1] in _LEFT_VERBS:
        words = words[2:] if words[1] != "also" else words[1:]
    while len(words) > 1 and words[0] in _LEFT_VERBS:
        words = words[1:]
    while len(words) > 1 and (words[0] in DETERMINERS or words[0] in MISHEARD_LEADERS):
        words = words[1:]
    if words and words[0] in DETERMINERS:
        return []
    return words


def trailing_quantity(words: list[str]) -> tuple[int | None, list[str]]:
    """A number said after the item ("the muffins up to half a dozen", "juice three of
    them"); "a"/"an" at the end is no count."""
    while words and words[-1] in _TRAILING_GLUE:
        words = words[:-1]
    for size in range(min(_LONGEST_QUANTITY, len(words) - 1), 0, -1):
        tail = words[-size:]
        value = words_to_number(" ".join(tail))
        if value is not None and tail[0] not in ("a", "an", "to", "too", "for"):
            return value, words[:-size]
    return None, words


def leading_quantity(words: list[str]) -> tuple[int | None, list[str]]:
    """The number at the start of an item phrase, and the words after it; "another" and
    "two more" count what is added ("another sandwich" is one more sandwich), "a pair of"
    counts one of what is sold as a pair ("a pair of wireless earbuds"). A homophone
    ("to", "for") counts only when no other count follows: "to then get a muffin" is one."""
    if len(words) > 1 and words[0] == "another":
        return 1, words[1:]
    for size in range(min(_LONGEST_QUANTITY, len(words)), 0, -1):
        value = words_to_number(" ".join(words[:size]))
        if value is not None and (size > 1 or words[0] not in ("to", "too", "for")):
            rest = words[size:]
            if "pair" in words[:size] and rest and rest[-1] in _PAIRED:
                value = 1
            return value, rest[1:] if len(rest) > 1 and rest[0] == "more" else rest
    if (
        len(words) > 1
        and words[0] in _LEADING_HOMOPHONES
        and not any(words_to_number(w) is not None for w in words[1:])
    ):
        return _LEADING_HOMOPHONES[words[0]], words[1:]
    return None, words


def said_count(said: str) -> int | None:
    """The number a template's number slot took; the slot may have taken the "of" of "two of
    the protein bars" (it has to, for "a couple of"), which counts nothing."""
    value = words_to_number(said)
    if value is None and said.endswith(" of"):
        value = words_to_number(said[: -len(" of")])
    return value


def without_purpose(words: str) -> str:
    """The words without who or what they are for: before a "for" that follows the first word
    ("ten bottles of water for the road trip" → "ten bottles of water"), after one that opens
    them ("for my daughter a small mocha no sugar"); empty when there is none."""
    said = words.split()
    if len(said) > 3 and said[0] == "for" and said[1] in _FOR_WHOM:
        return " ".join(said[3:])
    return " ".join(said[: said.index("for", 1)]) if "for" in said[1:] else ""
