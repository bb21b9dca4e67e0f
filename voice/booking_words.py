"""Booking turns read off an utterance: the service, the model, the day and time, the lease.

CONTRACTS section 8's phrases ("book a test drive of the Explorer for Saturday morning",
"reserve a charger at three", "move my car wash to tomorrow", "cancel my test drive", "how much
a month for the Mustang Mach-E over three years") become `book`, `cancel_booking` and
`lease_quote` readings with the slots `core.commands.Command` documents. The cues that make a
turn one of these are in cues.yaml beside every other intent's, so the usual longest-cue
ranking settles "cancel my booking" against "cancel my order"; the words a booking is made of
(services, lease terms, the glue between them) are in booking.yaml; days and times are
`core.when`'s.

A booking reading is tried before the sentence templates, since a template such as "i'd like
{item}" would otherwise swallow "i'd like to test drive the Explorer", and it is taken only when

- the utterance says no cart word (`ordering_words`): "add a car wash to my cart" stays an add
  of the car wash item;
- no intent outside `yields` ranks higher on the cues: "where is my booking" stays a status
  (a cancel word before a service, "cancel my car wash", cancels the booking);
- the reading explains at least 75% of the words (cue words, slots, glue), so a garbled
  transcript that happens to contain "book" is not a booking.

Without a booking cue, a service or a model named with a day or a time is a booking ("a car
wash tomorrow at three"), a model with a price question a lease quote ("how much is the
Explorer"), and a day or a time alone ("Saturday at four") a booking that says only when.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from core.commands import Intent
from core.numbers import number_word_vocabulary, words_to_number
from core.when import When, read_when
from voice.cues import Candidate, CueBook
from voice.items import MODEL, ItemResolver, VocabularyEntry
from voice.templates import normalize_text

BOOKING_FILE = Path(__file__).with_name("booking.yaml")
BOOKING = "booking"  # the `reads` mark of the booking intents in cues.yaml
# A booking reading must account for this share of the utterance's words: "set a reminder
# for my dentist appointment" has a booking cue but leaves two words of seven unexplained.
_COVERAGE = 0.75
# A span of words names a model when it resolves at least this well (exact names score 100;
# a sound-alike such as "mondo" for "Mondeo" about 90).
_MODEL_SCORE = 85.0
_MODEL_SPAN = 4
_LONGEST_AMOUNT = 5
# Number words that count an amount; the idioms ("a couple of", "both") count no money.
_AMOUNT_WORDS = frozenset(number_word_vocabulary()) - {
    "a",
    "an",
    "of",
    "couple",
    "pair",
    "few",
    "single",
    "both",
    "once",
    "twice",
    "half",
    "dozen",
}

Reading = tuple[Intent, dict[str, Any]]


@dataclass(frozen=True)
class BookingLexicon:
    """booking.yaml, read once."""

    services: tuple[tuple[tuple[str, ...], str], ...]  # (phrase, kind), longest phrase first
    mass_nouns: frozenset[str]
    ordering_words: frozenset[str]
    yields: frozenset[str]
    cancel_words: tuple[tuple[str, ...], ...]
    cancel_yields: frozenset[str]
    price_phrases: tuple[tuple[str, ...], ...]
    glue: frozenset[str]
    term_units: Mapping[str, int]
    down_words: frozenset[str]
    money_words: frozenset[str]
    nothing_down: tuple[tuple[str, ...], ...]
    brands: frozenset[str]
    sentences: tuple[str, ...]
    when: Mapping[str, Any]  # the day and time lists the recognizer's sentences are said with


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(normalize_text(text).split())


@cache
def load_booking_lexicon(path: Path = BOOKING_FILE) -> BookingLexicon:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    services = [
        (_phrase(str(text)), str(kind))
        for kind, texts in data["services"].items()
        for text in texts
    ]
    services.sort(key=lambda pair: -len(pair[0]))
    return BookingLexicon(
        services=tuple(services),
        mass_nouns=frozenset(" ".join(_phrase(str(t))) for t in data["mass_nouns"]),
        ordering_words=frozenset(str(w) for w in data["ordering_words"]),
        yields=frozenset(str(w) for w in data["yields"]),
        cancel_words=tuple(_phrase(str(t)) for t in data["cancel_words"]),
        cancel_yields=frozenset(str(w) for w in data["cancel_yields"]),
        price_phrases=tuple(_phrase(str(t)) for t in data["price_phrases"]),
        glue=frozenset(str(w) for w in data["glue"]),
        term_units={str(k): int(v) for k, v in data["term_units"].items()},
        down_words=frozenset(str(w) for w in data["down_words"]),
        money_words=frozenset(str(w) for w in data["money_words"]),
        nothing_down=tuple(_phrase(str(t)) for t in data["nothing_down"]),
        brands=frozenset(str(w) for w in data["brands"]),
        sentences=tuple(str(s) for s in data["sentences"]),
        when=data["when"],
    )


# ---- the store's models as vocabulary ---------------------------------------------------------


def short_model_names(name: str, brands: Iterable[str]) -> list[str]:
    """The ways a model is called besides its full name: without the brand ("Ford Mustang
    Mach-E" → "mustang mach e"), its first word ("mustang") and the rest ("mach e"), a rest of
    a letter or two ("Edge L" → "l") being no name."""
    words = normalize_text(name).split()
    while len(words) > 1 and words[0] in brands:
        words = words[1:]
    names = [" ".join(words)]
    if len(words) > 1:
        names.append(words[0])
        if len("".join(words[1:])) >= 3:
            names.append(" ".join(words[1:]))
    return names


def model_entries(models: Iterable[tuple[int, str]]) -> list[VocabularyEntry]:
    """The store's new models (id and name, as GET /api/v1/models lists them) as vocabulary
    entries of kind "model", to add to the catalog's vocabulary the session hands the
    understanding and the speech grammar. A short name that two models share, or that is
    another model's whole name, is left to nobody."""
    rows = [(int(model_id), str(name)) for model_id, name in models]
    brands = load_booking_lexicon().brands
    full = {normalize_text(name) for _, name in rows}
    shorts = {model_id: short_model_names(name, brands) for model_id, name in rows}
    claims = Counter(short for names in shorts.values() for short in set(names))
    return [
        VocabularyEntry(
            model_id,
            name,
            tuple(
                short
                for short in dict.fromkeys(shorts[model_id])
                if short != normalize_text(name) and claims[short] == 1 and short not in full
            ),
            kind=MODEL,
        )
        for model_id, name in rows
    ]


# ---- reading ----------------------------------------------------------------------------------


@dataclass
class _Parse:
    """What an utterance says for a booking, and which of its words that explains."""

    when: When
    service: str | None = None
    service_at: int | None = None  # where the service is named
    model: str | None = None
    term_months: int | None = None
    down_payment: int | None = None
    explained: set[int] = field(default_factory=set)

    def share(self, words: int) -> float:
        return len(self.explained) / max(words, 1)

    def slots(self, intent: Intent) -> dict[str, Any]:
        if intent is Intent.LEASE_QUOTE:
            found = {
                "model": self.model,
                "term_months": self.term_months,
                "down_payment": self.down_payment,
            }
        else:
            service = self.service
            if service is None and self.model is not None and intent is Intent.BOOK:
                service = "test_drive"  # a model is booked for a test drive
            found = {
                "service": service,
                "date": self.when.date.isoformat() if self.when.date else None,
                "time": self.when.time,
                "model": self.model,
            }
        return {k: v for k, v in found.items() if v is not None}


class BookingReader:
    """Reads booking turns and short booking answers, with the store's models as vocabulary."""

    def __init__(self, models: Iterable[VocabularyEntry], cues: CueBook) -> None:
        self.models = ItemResolver(models)
        self.cues = cues
        self.lexicon = load_booking_lexicon()
        self._glue = self.lexicon.glue | cues.glue

    def read(self, words: list[str], ranked: Sequence[Candidate], today: dt.date) -> Reading | None:
        """The booking reading of a command's words (see the module's rules), or None."""
        lexicon = self.lexicon
        if any(w in lexicon.ordering_words for w in words):
            return None
        booking = next((c for c in ranked if c.rule.reads == BOOKING), None)
        taken = frozenset().union(*(c.taken for c in ranked))
        parse = self._parse(words, read_when(words, today), taken)
        cancelling = self._cancels(words, parse)
        allowed = lexicon.yields | (lexicon.cancel_yields if cancelling else frozenset())
        rivals = [c for c in ranked if c.rule.reads != BOOKING and c.rule.name not in allowed]
        if booking is None and rivals:
            return None
        if booking is not None and any(c.score > booking.score for c in rivals):
            return None
        lease = booking is not None and booking.rule.name == Intent.LEASE_QUOTE.value
        intent = Intent.CANCEL_BOOKING if cancelling and not lease else None
        intent = intent or self._intent(booking, parse, words)
        if intent is None or parse.share(len(words)) < _COVERAGE:
            return None
        slots = parse.slots(intent)
        book_rule = self.cues.rules[Intent.BOOK.value]
        if intent is Intent.BOOK and "reschedule" in self.cues.flagged(book_rule, words):
            slots["reschedule"] = True  # the session moves the booking instead of adding one
        return intent, slots

    def answer(self, words: list[str], today: dt.date) -> dict[str, Any]:
        """The booking slots of a short answer to the session's question ("Saturday", "at
        four", "four", "the fifth", "the Explorer", "a car wash", "over three years"); empty
        when the words are not such an answer."""
        parse = self._parse(words, read_when(words, today, answer=True), frozenset())
        if parse.share(len(words)) < _COVERAGE:
            return {}
        found = {
            "service": parse.service,
            "date": parse.when.date.isoformat() if parse.when.date else None,
            "time": parse.when.time,
            "model": parse.model,
            "term_months": parse.term_months,
            "down_payment": parse.down_payment,
        }
        return {k: v for k, v in found.items() if v is not None}

    def _cancels(self, words: list[str], parse: _Parse) -> bool:
        """Whether a cancel word comes before the service named ("cancel my oil change"); its
        words are then explained."""
        if parse.service_at is None:
            return False
        spots = {
            i
            for phrase in self.lexicon.cancel_words
            for i in _spots(words[: parse.service_at], phrase)
        }
        parse.explained |= spots
        return bool(spots)

    def _intent(self, booking: Candidate | None, parse: _Parse, words: list[str]) -> Intent | None:
        if booking is not None:
            return Intent(booking.rule.name)
        asked = {i for p in self.lexicon.price_phrases for i in _spots(words, p)}
        if parse.model is not None and asked:
            parse.explained |= asked
            return Intent.LEASE_QUOTE
        if parse.when.found and (parse.service or parse.model):
            return Intent.BOOK
        said_only_when = all(
            i in parse.when.used or w in self.lexicon.glue for i, w in enumerate(words)
        )
        return Intent.BOOK if parse.when.found and said_only_when else None

    def _parse(self, words: list[str], when: When, taken: frozenset[int]) -> _Parse:
        parse = _Parse(when)
        parse.service, service_spots = self._service(words, set(when.used))
        parse.service_at = min(service_spots) if service_spots else None
        parse.term_months, term_spots = self._term(words)
        parse.down_payment, down_spots = self._down(words)
        said = set(when.used) | taken | service_spots | term_spots | down_spots
        parse.model, model_spots = self._model(words, said)
        glue = {i for i, w in enumerate(words) if w in self._glue}
        parse.explained = said | model_spots | glue
        return parse

    def _service(self, words: list[str], blocked: set[int]) -> tuple[str | None, set[int]]:
        for start in range(len(words)):
            for phrase, kind in self.lexicon.services:
                spots = set(range(start, start + len(phrase)))
                if tuple(words[start : start + len(phrase)]) == phrase and not spots & blocked:
                    return kind, spots
        return None, set()

    def _model(self, words: list[str], blocked: set[int]) -> tuple[str | None, set[int]]:
        """The model a span of the free words names best, if one names one well enough."""
        if not self.models.entries:
            return None, set()
        best: tuple[float, int, str, set[int]] | None = None
        for start in range(len(words)):
            for size in range(1, _MODEL_SPAN + 1):
                spots = set(range(start, start + size))
                span = words[start : start + size]
                if len(span) < size or spots & blocked or all(w in self._glue for w in span):
                    continue
                resolution = self.models.resolve(" ".join(span))
                found = resolution.best
                if found is None or resolution.ambiguous or found.score < _MODEL_SCORE:
                    continue
                if best is None or (found.score, size) > best[:2]:
                    best = (found.score, size, found.title, spots)
        return (best[2], best[3]) if best is not None else (None, set())

    def _term(self, words: list[str]) -> tuple[int | None, set[int]]:
        """ "over three years" → 36, "48 months" → 48, "a five year lease" → 60."""
        for i, word in enumerate(words):
            if word in self.lexicon.term_units:
                count, start = _amount_before(words, i)
                if count is not None:
                    return count * self.lexicon.term_units[word], set(range(start, i + 1))
        return None, set()

    def _down(self, words: list[str]) -> tuple[int | None, set[int]]:
        """ "forty thousand (yuan) down", "a down payment of 40000", "put down forty thousand",
        "nothing down" → yuan."""
        lexicon = self.lexicon
        for i, word in enumerate(words):
            if word not in lexicon.down_words:
                continue
            end = i + 2 if _word(words, i + 1) == "payment" else i + 1
            before = i
            while before > 0 and words[before - 1] in lexicon.money_words | {"as", "a"}:
                before -= 1
            amount, start = _amount_before(words, before)
            if amount is not None:
                return amount, set(range(start, end))
            for phrase in lexicon.nothing_down:
                if tuple(words[i - len(phrase) : i]) == phrase:
                    return 0, set(range(i - len(phrase), end))
            after = end + 1 if _word(words, end) in ("of", "is") else end
            amount, stop = _amount_after(words, after)
            if amount is not None:
                stop += 1 if _word(words, stop) in lexicon.money_words else 0
                return amount, set(range(i, stop))
        return None, set()


def _word(words: Sequence[str], i: int) -> str:
    return words[i] if 0 <= i < len(words) else ""


def _spots(words: Sequence[str], phrase: tuple[str, ...]) -> set[int]:
    """The positions of every occurrence of `phrase` in `words`."""
    return {
        i + k
        for i in range(len(words) - len(phrase) + 1)
        if tuple(words[i : i + len(phrase)]) == phrase
        for k in range(len(phrase))
    }


def _amount(tokens: Sequence[str]) -> int | None:
    """An amount said or typed: "forty thousand", "40000", "40 000" (typed "40,000"), "40k"."""
    if not tokens:
        return None
    if all(t.isdigit() for t in tokens):
        if len(tokens) == 1 or all(len(t) == 3 for t in tokens[1:]):
            return int("".join(tokens))
        return None
    thousands = re.fullmatch(r"(\d+)k", tokens[-1]) if len(tokens) == 1 else None
    if thousands:
        return int(thousands.group(1)) * 1000
    if len(tokens) > 1 and tokens[-1] == "k":
        base = _amount(tokens[:-1])
        return base * 1000 if base is not None else None
    if all(t in _AMOUNT_WORDS for t in tokens):
        return words_to_number(" ".join(tokens))
    return None


def _amount_before(words: Sequence[str], end: int) -> tuple[int | None, int]:
    for size in range(min(_LONGEST_AMOUNT, end), 0, -1):
        value = _amount(words[end - size : end])
        if value is not None:
            return value, end - size
    return None, end


def _amount_after(words: Sequence[str], start: int) -> tuple[int | None, int]:
    for size in range(min(_LONGEST_AMOUNT, len(words) - start), 0, -1):
        value = _amount(words[start : start + size])
        if value is not None:
            return value, start + size
    return None, start
