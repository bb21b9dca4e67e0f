"""Which catalog item a spoken phrase means, with a score and an honest "not sure".

The recognizer hears "two lads" where the person said "two lattes", so exact matching fails
exactly when it matters. Every title and alias is compared two ways: as text (rapidfuzz, which
handles typos, missing words and word order) and as a rough sound key (so "lads" and "latte"
meet). When two different items score about the same ("tea" → green tea or black tea) the
resolution is marked ambiguous and the session asks instead of guessing: a wrong order is worse
than a question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from core.numbers import words_to_number
from core.plurals import singular

# Words that carry no item identity: articles, politeness and quantity glue, the car itself,
# which a driver names all the time ("my car") and which is only part of a few names ("charge
# the car", "car wash"): alone it must not pull to one of them; and the cart and the order,
# which are where items go, not items ("show me my order" once sounded like Bottled Water).
_FILLER = frozenset(
    {"a", "an", "the", "some", "of", "please", "my", "me", "us", "one", "ones", "few"}
    | {"couple", "pair", "piece", "pieces", "cup", "cups", "car"}
    | {"order", "orders", "cart", "basket"}
)
# Below this score nothing is offered; it stops "hello" from becoming a product.
MATCH_THRESHOLD = 62.0
# Two different items closer than this are reported as ambiguous.
AMBIGUITY_MARGIN = 4.0
# Sound-alike and part-of-the-name matches are worth a bit less than whole spelled names.
_PHONETIC_WEIGHT = 0.9
_SUBSET_WEIGHT = 0.9


# The kinds of spoken names: items sold (GET /api/v1/vocabulary) and new vehicle models offered
# for test drives and leasing (GET /api/v1/models, see voice.booking_words.model_entries).
ITEM = "item"
MODEL = "model"


@dataclass(frozen=True)
class VocabularyEntry:
    """One catalog item (GET /api/v1/vocabulary) or new model (GET /api/v1/models) as it may
    be spoken. Both travel in the one vocabulary the session hands the understanding and the
    speech grammar; `kind` keeps a model out of the cart and an item out of a test drive."""

    item_id: int  # the item's id, or the model's
    title: str
    aliases: tuple[str, ...] = ()
    category: str = ""
    default_sku_id: int | None = None
    options: tuple[str, ...] = ()  # the option groups it is made to order with (section 7)
    kind: str = ITEM

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> VocabularyEntry:
        default = data.get("default_sku_id")
        return cls(
            item_id=int(data["id"]),
            title=str(data["title"]),
            aliases=tuple(str(a) for a in data.get("aliases") or ()),
            category=str(data.get("category") or ""),
            default_sku_id=int(default) if default is not None else None,
            options=tuple(str(g) for g in data.get("options") or ()),
        )

    @property
    def spoken_names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class ItemMatch:
    item_id: int
    title: str
    score: float  # 0..100


@dataclass(frozen=True)
class Resolution:
    best: ItemMatch | None
    candidates: tuple[ItemMatch, ...]
    ambiguous: bool


def normalize_phrase(text: str) -> str:
    """Lower-case, letters and digits only, singular words, filler words and a leading
    spoken quantity ("two lattes", "a couple of") dropped."""
    words = re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("-", " ")).split()
    while len(words) > 1 and words_to_number(words[0]) is not None:
        words = words[1:]
    kept = [singular(w) for w in words if w not in _FILLER]
    return " ".join(kept)


_SOUND_CLASSES = str.maketrans(
    {
        "b": "p",
        "d": "t",
        "g": "k",
        "c": "k",
        "q": "k",
        "z": "s",
        "x": "s",
        "v": "f",
        "m": "n",
    }
)


def sound_key(phrase: str) -> str:
    """A rough key of how a phrase sounds: voiced/unvoiced pairs merged, vowels as one class,
    silent endings dropped. Good enough to pair "lads" with "latte" and "cafe" with "coffee"."""
    keys = []
    for word in phrase.split():
        word = word.replace("ph", "f").replace("ck", "k").replace("h", "").replace("w", "")
        word = re.sub(r"[aeiouy]+", "a", word.translate(_SOUND_CLASSES))
        word = re.sub(r"(.)\1+", r"\1", word)
        if len(word) > 2 and word.endswith("a"):
            word = word[:-1]
        keys.append(word)
    return " ".join(keys)


class ItemResolver:
    """Fuzzy lookup of spoken item phrases in the catalog's vocabulary."""

    def __init__(self, entries: Iterable[VocabularyEntry]) -> None:
        self.entries: tuple[VocabularyEntry, ...] = tuple(entries)
        self._names: list[str] = []
        self._keys: list[str] = []
        self._owner: list[int] = []  # index into entries for each name
        for index, entry in enumerate(self.entries):
            for name in dict.fromkeys(normalize_phrase(n) for n in entry.spoken_names):
                if name:
                    self._names.append(name)
                    self._keys.append(sound_key(name))
                    self._owner.append(index)
        self._names_of: dict[int, list[str]] = {}
        self._exact: dict[str, int] = {}
        for name, owner in zip(self._names, self._owner, strict=True):
            self._names_of.setdefault(owner, []).append(name)
            self._exact.setdefault(name, owner)

    @classmethod
    def from_api(cls, payload: Mapping[str, Any]) -> ItemResolver:
        """Build from the JSON of GET /api/v1/vocabulary."""
        return cls(VocabularyEntry.from_json(item) for item in payload.get("items", ()))

    def resolve(self, phrase: str, limit: int = 5) -> Resolution:
        """The best item for `phrase`, up to `limit` candidates, and whether it is a toss-up."""
        query = normalize_phrase(phrase)
        if not query or not self._names:
            return Resolution(None, (), False)
        if query in self._exact:
            # An exact spoken name wins outright, even if other items contain it ("latte" vs
            # "iced latte"): people say the short name of the thing they mean.
            entry = self.entries[self._exact[query]]
            match = ItemMatch(entry.item_id, entry.title, 100.0)
            return Resolution(match, (match,), False)
        scores = self._scores(query)
        said = set(query.split())
        # Equal scores go to the name that says more of the words: "coconut water" is all
        # of "Chilled Coconut Water" and all of "water" (Bottled Water's alias) to the
        # subset match, but only the first explains "coconut".
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], -self._covered(said, kv[0]), kv[0]))
        candidates = tuple(
            ItemMatch(self.entries[i].item_id, self.entries[i].title, round(score, 1))
            for i, score in ranked[:limit]
            if score >= MATCH_THRESHOLD
        )
        if not candidates:
            return Resolution(None, (), False)
        best = candidates[0]
        ambiguous = (
            len(candidates) > 1
            and best.score - candidates[1].score < AMBIGUITY_MARGIN
            and normalize_phrase(candidates[1].title) != normalize_phrase(best.title)
        )
        return Resolution(best, candidates, ambiguous)

    def _covered(self, said: set[str], owner: int) -> int:
        """How many of the words said one of an entry's names has."""
        return max(len(said & set(name.split())) for name in self._names_of[owner])

    def _scores(self, query: str) -> dict[int, float]:
        """Best score per entry over its names: whole-name similarity (typos), word-subset
        similarity ("charger" in "phone charger", worth a little less than the whole name)
        and sound similarity. Substring matching is avoided on purpose: "cola" is not in
        "chocolate"."""
        best: dict[int, float] = {}
        key = sound_key(query)
        searches = [
            (query, self._names, fuzz.ratio, 1.0),
            (query, self._names, fuzz.token_set_ratio, _SUBSET_WEIGHT),
        ]
        if len(key.replace(" ", "")) >= 2:
            searches.append((key, self._keys, fuzz.ratio, _PHONETIC_WEIGHT))
        for text, choices, scorer, weight in searches:
            for _choice, score, position in process.extract(text, choices, scorer=scorer, limit=50):
                owner = self._owner[position]
                best[owner] = max(best.get(owner, 0.0), weight * float(score))
        return best
