"""How an item phrase meets the catalog: its slots, and whether it names an item, and how well.

An item phrase is what a template's {item}, a cue reading's remainder or a bare utterance
leaves for the item ("two large oat lattes", "caffeine drip coffee"). The understander
(voice.nlu) decides which reading an utterance gets; this class answers the catalog questions
every reading asks of its phrase, with the resolver (voice.items) and the template variants.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from typing import Any

from core.numbers import words_to_number
from voice.items import ItemResolver, singular
from voice.options import GROUP_NAME_WORDS, extract_options
from voice.phrases import (
    DETERMINERS,
    MISHEARD_LEADERS,
    leading_quantity,
    trailing_quantity,
    without_destination,
    without_leaders,
)
from voice.templates import normalize_text

# Item phrases that point at what is on screen rather than naming an item.
PRONOUNS = frozenset(
    {"it", "that", "this", "them", "one", "those", "these", "some", "more", "another"}
)
# Words an item phrase may carry beside the item's names without counting as unexplained.
_GLUE = frozenset({"a", "an", "and", "with", "of", "for", "please", "one"})
# What an item comes in ("a bottle of water", "a bouquet of roses"): no part of its name, yet
# no stray either.
MEASURES = frozenset(
    {"bottle", "cup", "glass", "can", "pack", "box", "bouquet", "bunch", "bag", "piece", "carton"}
    | {"packet", "slice", "block", "jar", "tub", "tin", "loaf", "punnet", "jug", "tube", "roll"}
)
# Who it is for and the small words around an order ("get her some roses", "both medium",
# "a croissant too"): talk a real order has, not a garbled name.
_TALK = frozenset(
    {"me", "her", "him", "them", "us", "it", "all", "both", "too", "also", "in", "thats", "just"}
    | {"having", "getting", "more"}
)
_SMALL_WORDS = DETERMINERS | MISHEARD_LEADERS | _GLUE | _TALK
# What may stand between a modifier and the name it modifies ("large a latte", "my mocha").
_BETWEEN = DETERMINERS | MISHEARD_LEADERS | _GLUE
# An item phrase from a template or cue must resolve at least this well to count as naming
# an item; below it the next reading is tried.
_ITEM_SCORE = 75.0
# The most words an item's name is looked for in (`name_positions`): "motorway brown sugar
# milk tea" is five.
_LONGEST_NAME = 5


def purpose_span(words: Sequence[str], name_words: Set[str]) -> range:
    """Where `words` say who or what an order is for, not which item: from a "for" to the
    item's name when the name follows it ("for my son a latte"), else to the end ("a coffee
    for the road"). Words after the name are no one's purpose ("for a roses light on")."""
    if "for" not in words:
        return range(0)
    start = words.index("for")
    end = next(
        (i for i in range(start + 1, len(words)) if singular(words[i]) in name_words), len(words)
    )
    return range(start, end)


class ItemPhrases:
    """The catalog questions about item phrases, for one resolver and its variant words."""

    def __init__(self, resolver: ItemResolver, variants: frozenset[str]) -> None:
        self._resolver = resolver
        self._variants = variants
        # Words an item phrase may have that are neither a name nor a stray.
        self._spare = variants | _SMALL_WORDS

    def slots(self, phrase: str) -> dict[str, Any]:
        """Split "two large oat lattes" into quantity 2, options {size: large, milk: oat},
        item "lattes"; words that are neither (a rose's "red") stay the variant."""
        slots: dict[str, Any] = {}
        words = without_leaders(without_destination(phrase.split()))
        if words and not self.is_exact_name(" ".join(leading_quantity(words)[1])):
            # "black coffee" and "iced mocha" are names; "large dark roast mocha" is not.
            found = extract_options(" ".join(words))
            if found.options:
                slots["options"] = dict(found.options)
            if found.extra_shots:
                slots["extra_shots"] = found.extra_shots
            words = without_leaders(found.remainder.split())
        quantity, words = leading_quantity(words)
        words = _without_measure(words)
        if quantity is None:
            quantity, words = trailing_quantity(words)  # "orange juice, three of them"
        if quantity is not None:
            slots["quantity"] = quantity
        words = without_leaders(words)
        if not words or " ".join(words) in PRONOUNS:
            return slots
        if self.is_exact_name(" ".join(words)):
            slots["item"] = " ".join(words)  # "iced mocha" is an item, not a variant of one
            return slots
        kept = self._named_run(words)  # "iced coffee" in "me a iced coffee regular"
        item_words = [w for i, w in enumerate(words) if i in kept or w not in self._variants]
        variant_words = [w for i, w in enumerate(words) if i not in kept and w in self._variants]
        if variant_words:
            slots["variant"] = " ".join(variant_words)
        if item_words:
            slots["item"] = " ".join(item_words)
        return slots

    def _named_run(self, words: list[str]) -> range:
        """Where a phrase says an item's name whole that has a variant word in it: that word
        names the item ("iced" of Iced Coffee), it is no variant of another one."""
        named = self.exact_part(words, shorter=True)
        if named is None or not set(named.split()) & self._variants:
            return range(0)
        size = len(named.split())
        start = next(i for i in range(len(words)) if " ".join(words[i : i + size]) == named)
        return range(start, start + size)

    def names_an_item(self, phrase: str) -> bool:
        """Whether an item phrase names something in the catalog; with no catalog loaded
        (the understander on its own) every phrase is taken at its word."""
        if not self._resolver.entries:
            return True
        best = self._resolver.resolve(phrase).best
        return best is not None and best.score >= _ITEM_SCORE

    def names_plainly(self, phrase: str, strays: int = 1) -> bool:
        """An item phrase left by the cues names a known item with at most `strays` words
        that are not part of its names."""
        if not self._resolver.entries:
            return True
        best = self._resolver.resolve(phrase).best
        return (
            best is not None
            and best.score >= _ITEM_SCORE
            and self.unexplained(phrase, best.item_id) <= strays
        )

    def unexplained(self, phrase: str, item_id: int) -> int:
        """How many words of an item phrase are neither the item's names, a variant word nor
        glue: a reading made of a sentence the recognizer garbled leaves several."""
        return len(self.strays(phrase, item_id))

    def strays(self, phrase: str, item_id: int) -> list[str]:
        """The words `unexplained` counts, in order, leaving out those that say who or what
        the order is for (`purpose_span`)."""
        known = self.name_words(item_id)
        spare = self._spare
        words = phrase.split()
        purpose = purpose_span(words, known)
        return [
            w
            for i, w in enumerate(words)
            if i not in purpose
            and singular(w) not in known
            and w not in spare
            and singular(w) not in MEASURES
        ]

    def other_items(self, phrase: str, item_id: int) -> list[str]:
        """The words of an item phrase that are, beside the item's own names, the whole name
        of another item: "mocha a latte" names two drinks and a reading of one drops the
        other."""
        known = self.name_words(item_id)
        runs: list[list[str]] = [[]]
        for word in phrase.split():
            if singular(word) in known:
                runs.append([])
            else:
                runs[-1].append(word)
        found: list[str] = []
        for run in runs:
            part = self.exact_part(run) if run else None
            if part is not None and self.best_item(part) != item_id:
                found += [w for w in part.split() if w not in _SMALL_WORDS]
        return found

    def name_words(self, item_id: int) -> set[str]:
        """The words of an item's names, singular: what says that item in a phrase."""
        return {singular(w) for name in self.names(item_id) for w in normalize_text(name).split()}

    def names(self, item_id: int) -> tuple[str, ...]:
        """The names an item is said by."""
        entry = next(e for e in self._resolver.entries if e.item_id == item_id)
        return entry.spoken_names

    def best_item(self, phrase: str) -> int | None:
        """The item an item phrase names best, if it names one well enough."""
        if not self._resolver.entries:
            return None
        best = self._resolver.resolve(phrase).best
        return best.item_id if best is not None and best.score >= _ITEM_SCORE else None

    def named_part(self, phrase: str) -> str:
        """The longest run of an item phrase that is exactly an item's name, when the whole
        phrase has words its best match does not explain: "caffeine drip coffee" is a drip
        coffee, though "caffeine" sounds enough like "coffee" to pull the whole to House Coffee."""
        best = self._resolver.resolve(phrase).best
        if best is None or self.unexplained(phrase, best.item_id) == 0:
            return phrase
        words = phrase.split()
        part = self.exact_part(words, shorter=True)
        named = self.best_item(part) if part is not None else None
        if part is None or named is None:
            return phrase
        size = len(part.split())
        start = next(i for i in range(len(words)) if words[i : i + size] == part.split())
        lead = next((i for i, w in enumerate(part.split()) if w not in _SMALL_WORDS), 0)
        core = start + lead  # "me a iced coffee" names from "iced"
        at = core - 1
        while at >= 0 and words[at] in _BETWEEN:
            at -= 1  # "that will my mocha": past "my" to "will"; "make me a": not past "me"
        before = words[at] if at >= 0 else ""
        if before not in GROUP_NAME_WORDS and before in self.strays(phrase, named):
            # "long americano": the word before a name is where a size or a milk is said; a
            # stray there was likely one misheard, so it stays to be asked about
            return " ".join(words[min(at, start) : start + size])
        return part

    def exact_part(self, words: list[str], *, shorter: bool = False) -> str | None:
        """The longest run of words (shorter than all of them, if asked) that is exactly an
        item's name; None when no run is."""
        for size in range(len(words) - (1 if shorter else 0), 0, -1):
            for start in range(len(words) - size + 1):
                part = " ".join(words[start : start + size])
                if part not in PRONOUNS and self.is_exact_name(part):
                    return part
        return None

    def name_positions(self, words: Sequence[str], among: Set[str]) -> frozenset[int]:
        """The positions of the words that, with their neighbours, say an item's whole name,
        looked for around the words of `among` only: the "brew" of "in the mood for a caramel
        cold brew" is the drink's, though "brew" alone asks for one."""
        found: set[int] = set()
        for at, word in enumerate(words):
            if singular(word) not in among:
                continue
            for size in range(min(_LONGEST_NAME, len(words)), 1, -1):
                for start in range(max(0, at - size + 1), min(at, len(words) - size) + 1):
                    part = " ".join(words[start : start + size])
                    item = self.best_item(part) if self.is_exact_name(part) else None
                    if item is not None:  # its name's words, not the "for a" before them
                        known = self.name_words(item)
                        span = range(start, start + size)
                        found.update(i for i in span if singular(words[i]) in known)
        return frozenset(found)

    def is_exact_name(self, phrase: str) -> bool:
        """Whether a phrase is an item's name or alias, as said."""
        best = self._resolver.resolve(phrase).best
        return best is not None and best.score >= 100


def _without_measure(words: list[str]) -> list[str]:
    """An item phrase without what its item comes in: "bottle of water" is water, "beef jerky
    two packs" two of the jerky (the count stays for `trailing_quantity`)."""
    if len(words) > 2 and singular(words[0]) in MEASURES and words[1] == "of":
        return words[2:]
    if len(words) > 2 and singular(words[-1]) in MEASURES and words_to_number(words[-2]):
        return words[:-1]
    return words
