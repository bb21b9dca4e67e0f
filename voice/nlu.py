"""From an utterance's words to a Command: intent plus the slots of CONTRACTS section 4.

Templates (voice/templates.yaml) decide the intent and cut out the item phrase; this module
then splits the quantity ("two", "a couple of") and the variant words ("large", "oat") off the
item phrase, and uses what the session is waiting for (a yes/no, a choice, a PIN) to read short
answers in context. Item *resolution* is the session's job (via voice.items.ItemResolver);
the understander only needs the catalog to tell an item called "Iced Latte" from the variant
"iced" of a latte, and to recognize a bare item name as a search.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from core.commands import Command, Expecting, Intent, Source
from core.numbers import words_to_number
from core.pins import parse_pin
from core.when import shanghai_today
from voice.booking_words import BookingReader
from voice.cues import Candidate, load_cues
from voice.items import MODEL, ItemResolver, VocabularyEntry, singular
from voice.options import extract_options
from voice.templates import Pattern, load_templates, normalize_text

# An intent and its slots, before they become a Command.
Reading = tuple[Intent, dict[str, Any]]
# Item phrases that point at what is on screen rather than naming an item.
_PRONOUNS = frozenset({"it", "that", "this", "them", "one", "those", "these", "some", "more"})
# Recognizer homophones of quantities that only count at the start of an item phrase
# ("add to lattes"), where the preposition makes no sense.
_LEADING_HOMOPHONES = {"to": 2, "too": 2, "for": 4}
_LONGEST_QUANTITY = 4
_LEFT_VERBS = frozenset({"also", "get", "have", "order", "buy", "add", "grab", "try", "put"})
_TRAILING_GLUE = frozenset({"of", "them", "those", "these", "please", "total", "in", "all"})
_MISHEARD_LEADERS = frozenset({"it", "the", "that", "did", "do", "i", "and", "is", "on", "at"})
_DETERMINERS = frozenset({"the", "my", "your", "some", "any", "those", "these", "of"})
# A bare utterance ("lattes") is taken as an item only when it is this close to a name, so
# chatter ("hello there") stays unknown instead of becoming a search.
_BARE_ITEM_SCORE = 80.0
_BARE_ITEM_WORDS = 4
_BARE_GLUE = frozenset({"a", "an", "and", "with", "of", "please", "one"})
# An item phrase from a template or cue must resolve at least this well to count as naming
# an item; below it the next reading is tried.
_ITEM_SCORE = 75.0
# A cue reading must account for this share of the utterance's words (see Candidate.coverage).
_CUE_COVERAGE = 0.7


_BOOKING_INTENTS = frozenset({Intent.BOOK, Intent.CANCEL_BOOKING, Intent.LEASE_QUOTE})


class Understander:
    """Turns text (typed, or a recognizer's transcript) into a Command.

    `entries` is the session's vocabulary: the catalog's items and the store's new models
    (kind "model", voice.booking_words.model_entries); `today` gives the shops' today, the day
    "tomorrow" is counted from."""

    def __init__(
        self,
        entries: Iterable[VocabularyEntry] = (),
        *,
        today: Callable[[], dt.date] = shanghai_today,
    ) -> None:
        entries = tuple(entries)
        self.resolver = ItemResolver(e for e in entries if e.kind != MODEL)
        self._templates = load_templates()
        self._variants = frozenset(normalize_text(v) for v in self._templates.variants)
        self._cues = load_cues()
        self._booking = BookingReader((e for e in entries if e.kind == MODEL), self._cues)
        self._today = today

    def understand(
        self,
        text: str,
        expecting: Expecting = Expecting.COMMAND,
        *,
        source: Source = Source.TEXT,
        confidence: float = 1.0,
    ) -> Command:
        """The Command for `text`; Intent.UNKNOWN (with the text kept) when nothing fits.

        Tried in order: a PIN when one is asked for; a booking (voice.booking_words); the
        sentence templates (precise); a choice by number in a clarification; the cue phrases
        (paraphrase, indirect requests); a bare item phrase ("two large lattes"). A template
        or cue reading that needs an item but names none the catalog knows falls through to
        the next way, so "order the same thing as last time" is a reorder, not an order of
        "the same thing"."""
        cleaned = self._cues.clean(normalize_text(text).split())

        def command(intent: Intent, slots: dict[str, Any] | None = None) -> Command:
            return Command(intent, slots or {}, source, False, text, confidence)

        if not cleaned:
            return command(Intent.UNKNOWN)
        head, tail = self._cues.split_correction(cleaned)
        if tail and not _is_option_phrase(cleaned[len(head) :]):
            found = self._reading(" ".join(head), expecting)
            corrected = self._corrected(found, tail) if found is not None else None
            if corrected is not None:
                return command(*corrected)
        found = self._reading(" ".join(cleaned), expecting)
        return command(*found) if found is not None else command(Intent.UNKNOWN)

    def booking_answer(self, text: str) -> dict[str, Any]:
        """The slots of a short answer to a booking question: a day or a time ("Saturday",
        "at four", "four", "the fifth"), a service, a model, a lease term; empty when the
        text is not one. A bare number is read as an hour here, so the session asks this
        only while it waits for a day or a time, and reads "the second one" as a choice
        (`understand` with Expecting.CLARIFICATION) first when it offered a list."""
        return self._booking.answer(self._cues.clean(normalize_text(text).split()), self._today())

    def _corrected(self, found: Reading, tail: list[str]) -> Reading | None:
        """ "book a car wash tomorrow, no, Saturday": a booking takes the correction as an
        answer; anything else as `_corrected` reads it."""
        if found[0] not in _BOOKING_INTENTS:
            return _corrected(found, tail)
        answer = self._booking.answer(tail, self._today())
        return (found[0], {**found[1], **answer}) if answer else None

    def _reading(self, words: str, expecting: Expecting) -> Reading | None:
        """The first way of reading the cleaned words that fits (see `understand`)."""
        if expecting is Expecting.PIN:
            pin = parse_pin(words)
            if pin is not None:
                return Intent.ENTER_PIN, {"pin": pin}
        ranked = self._cues.rank(words.split())
        booked = self._booking.read(words.split(), ranked, self._today())
        if booked is not None:
            return self._in_context(*booked, expecting)
        found, unknown_item = self._template_reading(words, expecting)
        if found is not None:
            return found
        if expecting is Expecting.CLARIFICATION:
            number = words_to_number(words)
            if number is not None:
                return Intent.SELECT, {"ordinal": number}
        found = self._cue_reading(words, ranked, expecting)
        if found is None:
            found = self._bare_item_reading(words, expecting)
        if found is None and expecting is Expecting.CLARIFICATION:
            found = self._choice_reading(words)
        # "add three blorfzaps": plainly an add of something the catalog does not have; the
        # session says so (and orders nothing) rather than the dialogue asking to repeat.
        return found if found is not None else unknown_item

    def _template_reading(
        self, words: str, expecting: Expecting
    ) -> tuple[Reading | None, Reading | None]:
        """The template reading, or (None, the reading) when its item names nothing known."""
        match = self._best_match(words)
        trimmed = words.split()
        while match is None and len(trimmed) > 1 and trimmed[0] in _MISHEARD_LEADERS:
            # The recognizer often turns a short opening word ("add", "what") into "it" or
            # "the"; try again without it before giving up.
            trimmed = trimmed[1:]
            match = self._best_match(" ".join(trimmed))
        if match is None:
            return None, None
        pattern, groups = match
        intent = Intent(pattern.intent)
        slots = self._slots(groups)
        reading = self._in_context(intent, slots, expecting)
        if "item" in groups and "item" in slots and not self.names_an_item(slots["item"]):
            return None, reading
        return reading, None

    def _bare_item_reading(self, words: str, expecting: Expecting) -> Reading | None:
        """A bare item phrase: "lattes", "two large lattes", "a large dark roast mocha with
        soy milk". In a clarification it is the answer; otherwise it is an add when counted
        or made to order, and a search for that item when not."""
        slots = self._item_slots(words)
        phrase = slots.get("item", "")
        best = self.resolver.resolve(phrase).best if phrase else None
        if best is None or best.score < _BARE_ITEM_SCORE or not _is_short(phrase):
            return None
        ordered = "quantity" in slots or "options" in slots
        if self._unexplained(phrase, best.item_id) > (1 if ordered else 0):
            return None  # "weather is iced latte" is chatter that happens to end in a latte
        if expecting is Expecting.CLARIFICATION:
            return Intent.SELECT, slots
        if not _says_a_number(words):
            # "for lattes" is a misheard "search for lattes", not four of them.
            slots.pop("quantity", None)
            ordered = "options" in slots
        return (Intent.ADD_TO_CART if ordered else Intent.SEARCH), slots

    def _cue_reading(
        self, words: str, ranked: Sequence[Candidate], expecting: Expecting
    ) -> Reading | None:
        """The best-scoring intent whose needs (an item, a quantity) the utterance meets;
        booking intents were had (or refused) before the templates."""
        for candidate in ranked:
            rule = candidate.rule
            if rule.reads:
                continue
            slots = self._cue_item_slots(candidate) if rule.item != "none" else {}
            if "item" in slots:
                # Options from the whole utterance: the glue the cues dropped ("some", "of")
                # carries amounts ("with some whole milk").
                options = extract_options(words).options
                if options:
                    slots["options"] = {**slots.get("options", {}), **options}
            names_item = "item" in slots and self._names_plainly(slots["item"])
            if rule.item == "required" and not names_item:
                continue
            if candidate.coverage(names_item) < _CUE_COVERAGE:
                continue
            if rule.item == "optional" and not names_item:
                slots.pop("item", None)
            if rule.quantity == "required" and not _counts(candidate.remainder):
                continue  # "change a tire" names no new quantity
            return self._in_context(Intent(rule.name), slots, expecting)
        return None

    def _cue_item_slots(self, candidate: Candidate) -> dict[str, Any]:
        """The item slots of the first of the candidate's item phrases that names an item
        plainly, else those of its whole remainder."""
        first: dict[str, Any] | None = None
        for phrase, cut in candidate.item_phrases():
            slots = self._item_slots(phrase)
            first = slots if first is None else first
            # A piece cut out of the sentence must be nothing but the item's name.
            if "item" in slots and self._names_plainly(slots["item"], strays=0 if cut else 1):
                return slots
        return first or {}

    def _choice_reading(self, words: str) -> Reading | None:
        """An answer to "which one?" that is neither a command nor an item: a place in the
        list said anywhere ("let's go with the second") or a choice named by its options
        ("the dark roast", "the one with almond milk")."""
        ordinals = [
            self._templates.ordinals[w] for w in words.split() if w in self._templates.ordinals
        ]
        if len(ordinals) == 1:
            return Intent.SELECT, {"ordinal": ordinals[0]}
        options = extract_options(words).options
        if options:
            return Intent.SELECT, {"options": dict(options)}
        return None

    def _in_context(
        self, intent: Intent, slots: dict[str, Any], expecting: Expecting
    ) -> tuple[Intent, dict[str, Any]]:
        """Read a command as the answer to what the session asked, where it is one."""
        if intent is Intent.SEARCH:
            slots.pop("quantity", None)  # "find a latte" asks for no particular count
        answers_yes = intent is Intent.CHECKOUT or (intent is Intent.BOOK and not slots)
        if answers_yes and expecting is Expecting.CONFIRMATION:
            intent = Intent.CONFIRM  # "place the order", "book it" answer "shall I ...?"
        if intent is Intent.ADD_TO_CART and expecting is Expecting.CLARIFICATION:
            # "add the oat one" answers "which one?"; "add two croissants" names an item of
            # its own and is a new command, which wins over the open question.
            item = slots.get("item")
            if not (item and self.names_an_item(item)):
                intent = Intent.SELECT
        return intent, slots

    def _best_match(self, words: str) -> tuple[Pattern, dict[str, str]] | None:
        best: tuple[Pattern, dict[str, str]] | None = None
        for pattern in self._templates.patterns:
            if best is not None and pattern.specificity <= best[0].specificity:
                continue
            found = pattern.regex.match(words)
            if found is None:
                continue
            groups = {k: v for k, v in found.groupdict().items() if v}
            numbers = [groups[k] for k in ("quantity", "position") if k in groups]
            if any(words_to_number(n) is None for n in numbers):
                continue
            best = (pattern, groups)
        return best

    def _slots(self, groups: dict[str, str]) -> dict[str, Any]:
        slots: dict[str, Any] = {}
        if "item" in groups:
            slots.update(self._item_slots(groups["item"]))
        if "quantity" in groups:
            quantity = words_to_number(groups["quantity"])
            if quantity is not None:
                slots["quantity"] = quantity
        if "ordinal" in groups:
            slots["ordinal"] = self._templates.ordinals[groups["ordinal"]]
        if "position" in groups:  # "number three": a position said as a cardinal
            slots["ordinal"] = words_to_number(groups["position"])
        if "variant" in groups:
            slots["variant"] = groups["variant"]
        return slots

    def _item_slots(self, phrase: str) -> dict[str, Any]:
        """Split "two large oat lattes" into quantity 2, options {size: large, milk: oat},
        item "lattes"; words that are neither (a rose's "red") stay the variant."""
        slots: dict[str, Any] = {}
        words = _without_leaders(phrase.split())
        if words and not self._is_exact_name(" ".join(words)):
            # "black coffee" and "iced mocha" are names; "large dark roast mocha" is not.
            found = extract_options(" ".join(words))
            if found.options:
                slots["options"] = dict(found.options)
            if found.extra_shots:
                slots["extra_shots"] = found.extra_shots
            words = _without_leaders(found.remainder.split())
        quantity, words = _leading_quantity(words)
        if quantity is None:
            quantity, words = _trailing_quantity(words)  # "orange juice, three of them"
        if quantity is not None:
            slots["quantity"] = quantity
        words = _without_leaders(words)
        if not words or " ".join(words) in _PRONOUNS:
            return slots
        if self._is_exact_name(" ".join(words)):
            slots["item"] = " ".join(words)  # "iced mocha" is an item, not a variant of one
            return slots
        item_words = [w for w in words if w not in self._variants]
        variant_words = [w for w in words if w in self._variants]
        if variant_words:
            slots["variant"] = " ".join(variant_words)
        if item_words:
            slots["item"] = " ".join(item_words)
        return slots

    def names_an_item(self, phrase: str) -> bool:
        """Whether an item phrase names something in the catalog; with no catalog loaded
        (the understander on its own) every phrase is taken at its word."""
        if not self.resolver.entries:
            return True
        best = self.resolver.resolve(phrase).best
        return best is not None and best.score >= _ITEM_SCORE

    def _names_plainly(self, phrase: str, strays: int = 1) -> bool:
        """An item phrase left by the cues names a known item with at most `strays` words
        that are not part of its names."""
        if not self.resolver.entries:
            return True
        best = self.resolver.resolve(phrase).best
        return (
            best is not None
            and best.score >= _ITEM_SCORE
            and self._unexplained(phrase, best.item_id) <= strays
        )

    def _unexplained(self, phrase: str, item_id: int) -> int:
        """How many words of an item phrase are neither the item's names, a variant word nor
        glue: a reading made of a sentence the recognizer garbled leaves several."""
        entry = next(e for e in self.resolver.entries if e.item_id == item_id)
        known = {singular(w) for name in entry.spoken_names for w in normalize_text(name).split()}
        spare = self._variants | _DETERMINERS | _MISHEARD_LEADERS | _BARE_GLUE
        return sum(1 for w in phrase.split() if singular(w) not in known and w not in spare)

    def _is_exact_name(self, phrase: str) -> bool:
        best = self.resolver.resolve(phrase).best
        return best is not None and best.score >= 100


_ITEM_INTENTS = frozenset(
    {Intent.ADD_TO_CART, Intent.SET_QUANTITY, Intent.REMOVE_FROM_CART, Intent.SEARCH}
)


def _corrected(found: tuple[Intent, dict[str, Any]], tail: list[str]) -> Reading | None:
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
    if options:
        slots["options"] = {**slots.get("options", {}), **options}
    return intent, slots


def _is_option_phrase(words: list[str]) -> bool:
    """Whether a correction marker is really the start of an option ("no sugar", "no milk")."""
    spans = extract_options(" ".join(words)).spans
    return bool(spans) and spans[0].first_word == 0


def _counts(phrase: str) -> bool:
    """Whether a phrase says a number other than "a"/"an"."""
    return any(w not in ("a", "an") and words_to_number(w) is not None for w in phrase.split())


def _says_a_number(words: str) -> bool:
    """Whether an utterance starts with a real quantity, not a homophone like "for"."""
    first = _without_leaders(words.split())[:1]
    return bool(first) and first[0] not in _LEADING_HOMOPHONES


def _is_short(phrase: str) -> bool:
    """Whether a phrase could be just an item's name: longer ones are sentences we missed."""
    return len(phrase.split()) <= _BARE_ITEM_WORDS


def _without_leaders(words: list[str]) -> list[str]:
    """Drop leading determiners and the recognizer's usual stand-ins for them, and a verb
    the template left in the item phrase ("i'd like to also get a sandwich")."""
    while len(words) > 2 and words[0] == "to" and words[1] in _LEFT_VERBS:
        words = words[2:] if words[1] != "also" else words[1:]
    while len(words) > 1 and words[0] in _LEFT_VERBS:
        words = words[1:]
    while len(words) > 1 and (words[0] in _DETERMINERS or words[0] in _MISHEARD_LEADERS):
        words = words[1:]
    if words and words[0] in _DETERMINERS:
        return []
    return words


def _trailing_quantity(words: list[str]) -> tuple[int | None, list[str]]:
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


def _leading_quantity(words: list[str]) -> tuple[int | None, list[str]]:
    """The number at the start of an item phrase, and the words after it."""
    for size in range(min(_LONGEST_QUANTITY, len(words)), 0, -1):
        value = words_to_number(" ".join(words[:size]))
        if value is not None and (size > 1 or words[0] not in ("to", "too", "for")):
            return value, words[size:]
    if len(words) > 1 and words[0] in _LEADING_HOMOPHONES:
        return _LEADING_HOMOPHONES[words[0]], words[1:]
    return None, words
