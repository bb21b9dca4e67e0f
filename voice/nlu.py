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
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from core.commands import Command, Expecting, Intent, Source
from core.numbers import words_to_number
from core.pins import parse_pin
from core.plurals import singular
from core.when import shanghai_today
from voice.booking_words import BookingReader
from voice.corpus import command_words
from voice.cues import Candidate, load_cues
from voice.item_phrases import ItemPhrases
from voice.items import MODEL, ItemResolver, VocabularyEntry
from voice.options import extract_options
from voice.phrases import (
    MISHEARD_LEADERS,
    apply_correction,
    before_contrast,
    counts,
    is_new_total,
    is_option_phrase,
    said_count,
    says_a_number,
    without_purpose,
)
from voice.templates import Pattern, load_templates, normalize_text
from voice.unclear import CART_CHANGES, unclear_in_reading

# An intent and its slots, before they become a Command.
Reading = tuple[Intent, dict[str, Any]]
# Item phrases that point at what is on screen rather than naming an item.
# A bare utterance ("lattes") is taken as an item only when it is this close to a name, so
# chatter ("hello there") stays unknown instead of becoming a search.
_BARE_ITEM_SCORE = 80.0
_BARE_ITEM_WORDS = 4
# An item phrase from a template or cue must resolve at least this well to count as naming
# an item; below it the next reading is tried.
# A cue reading must account for this share of the utterance's words (see Candidate.coverage).
_CUE_COVERAGE = 0.7


_BOOKING_INTENTS = frozenset({Intent.BOOK, Intent.CANCEL_BOOKING, Intent.LEASE_QUOTE})
# Where typed text breaks into clauses.
_CLAUSE_BREAK = re.compile(r"[,;.!?]+")
_PLACE_WORDS = frozenset({"number", "option", "choice"})
_UNKNOWN_ITEM_OK = frozenset({Intent.ADD_TO_CART, Intent.REMOVE_FROM_CART, Intent.SELECT})
# Readings that are no request of their own, so do not count as the new request after a
# lead-in ("never mind the latte" is not a search for a latte).
_NO_REQUEST = frozenset({Intent.UNKNOWN, Intent.SELECT, Intent.SEARCH, Intent.CONFIRM, Intent.DENY})


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
        variants = frozenset(normalize_text(v) for v in self._templates.variants)
        self._phrases = ItemPhrases(self.resolver, variants)
        self._cues = load_cues()
        # one-word cues that are also words of an item's name ("brew" of Honey Cold Brew)
        self._cue_words_in_names = self._cues.one_word_cues() & {
            singular(word)
            for e in entries
            for name in e.spoken_names
            for word in normalize_text(name).split()
        }
        self._booking = BookingReader((e for e in entries if e.kind == MODEL), self._cues)
        self._today = today
        self._domain_words = command_words()
        # "show me flowers", "what bakery items are there": a search may name a category
        self._category_words = frozenset(
            singular(word)
            for e in entries
            for word in normalize_text(e.category).split()
            if word not in {"and", "or", "of"}
        )

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
        both = self._cues.says_yes_and_no(cleaned)  # "yeah, no" is neither a yes nor a no
        found = self._words_reading(cleaned, expecting) if cleaned and not both else None
        if found is None or not self._names_plainly(found):
            # "throw in a chocolate box, it's our anniversary": the clause with the request
            found = self._clause_reading(text, expecting) or found
        if found is None:
            return Command(Intent.UNKNOWN, {}, source, False, text, confidence)
        if self._bare_request(normalize_text(text).split(), cleaned, found):
            found = (Intent.ADD_TO_CART, found[1])
        intent, slots = found
        unclear = unclear_in_reading(
            cleaned,
            intent,
            slots,
            self._phrases,
            corrected=bool(self._cues.split_correction(cleaned)[1]),
            domain_words=self._domain_words,
        )
        return Command(intent, slots, source, False, text, confidence, unclear)

    def _clause_reading(self, text: str, expecting: Expecting) -> Reading | None:
        """Typed text read clause by clause when the whole fits no way, or leaves words no
        item explains: "it's freezing, a hot cappuccino please" is the cappuccino. Taken only
        when exactly one clause is a request, so two requests, or none, still get a question
        back."""
        clauses = [
            words
            for clause in _CLAUSE_BREAK.split(text)
            if (words := self._cues.clean(normalize_text(clause).split()))
        ]
        if len(clauses) < 2:
            return None
        requests = []
        for index, words in enumerate(clauses):
            found = self._words_reading(words, expecting)
            if found is not None and found[0] not in _NO_REQUEST and self._names_its_item(found):
                requests.append((index, found))
        if len(requests) != 1:
            return None
        index, (intent, slots) = requests[0]
        if intent not in CART_CHANGES or "item" in slots:
            return intent, slots
        # "I forgot my charger at home, can I get one": "one" is the item another clause names.
        named = {self._phrases.exact_part(w) for i, w in enumerate(clauses) if i != index} - {None}
        return (intent, {**slots, "item": named.pop()}) if len(named) == 1 else None

    def _bare_request(self, said: list[str], cleaned: list[str], found: Reading) -> bool:
        """Whether a search reading is a bare item said as a request ("vanilla latte please",
        "some roses for my wife"): an add. A search cue ("do you have lattes please") or a
        category ("flowers please") keeps it a search."""
        intent, slots = found
        if intent is not Intent.SEARCH or not self._cues.marks_request(said):
            return False
        if any(c.rule.name == Intent.SEARCH for c in self._cues.rank(cleaned)):
            return False
        return "item" in slots and self.names_an_item(str(slots["item"]))

    def _names_plainly(self, found: Reading) -> bool:
        """Whether a reading names no item, or one the catalog knows with at most one word
        left over (a typo, "capuccino", is one)."""
        item = found[1].get("item")
        return item is None or self._phrases.names_plainly(str(item))

    def _is_toss_up(self, phrase: str) -> bool:
        """Whether an item phrase fits several items about equally."""
        return self.resolver.resolve(phrase).ambiguous

    def _names_its_item(self, found: Reading) -> bool:
        """Whether a reading names no item, or one the catalog knows."""
        item = found[1].get("item")
        return item is None or self.names_an_item(str(item))

    def _words_reading(self, cleaned: list[str], expecting: Expecting) -> Reading | None:
        """The reading of cleaned words, with what people say around a request taken into
        account: a lead-in ("never mind, check out": the new request wins), a correction
        ("one espresso, no, two") and a contrast ("four waters, not two": a new total)."""
        lead_in, rest = self._cues.split_lead_in(cleaned)
        if rest:
            found = self._words_reading(rest, expecting)
            if found is not None and found[0] not in _NO_REQUEST and self._names_its_item(found):
                return found
        head, tail = self._cues.split_correction(cleaned)
        if tail and not is_option_phrase(cleaned[len(head) :]):
            found = self._reading(" ".join(head), expecting)
            fixed = self._corrected(found, tail) if found is not None else None
            if fixed is not None:
                return fixed
        before = before_contrast(cleaned)
        if before:
            found = self._reading(" ".join(before), expecting)
            if found is not None and is_new_total(found):
                return Intent.SET_QUANTITY, found[1]
        found = self._reading(" ".join(cleaned), expecting)
        if found is None and rest:
            return self._reading(" ".join(lead_in), expecting)  # "nevermind, I'll get it myself"
        return found

    def booking_answer(self, text: str) -> dict[str, Any]:
        """The slots of a short answer to a booking question: a day or a time ("Saturday",
        "at four", "four", "the fifth"), a service, a model, a lease term; empty when the
        text is not one. A bare number is read as an hour here, so the session asks this
        only while it waits for a day or a time, and reads "the second one" as a choice
        (`understand` with Expecting.CLARIFICATION) first when it offered a list."""
        return self._booking.answer(self._cues.clean(normalize_text(text).split()), self._today())

    def _corrected(self, found: Reading, tail: list[str]) -> Reading | None:
        """ "book a car wash tomorrow, no, Saturday": a booking takes the correction as an
        answer; anything else as `apply_correction` reads it, and an add may take a whole
        new item phrase."""
        if found[0] not in _BOOKING_INTENTS:
            fixed = apply_correction(found, tail)
            if fixed is None and found[0] is Intent.ADD_TO_CART:
                # "a croissant, no, two croissants": the order said again, whole
                again = self._bare_item_reading(" ".join(tail), Expecting.COMMAND)
                # "and make it quick" is no new item: "quick" is only a word of several
                plain = again and "item" in again[1] and not self._is_toss_up(again[1]["item"])
                fixed = (found[0], again[1]) if again and plain else None
            return fixed
        answer = self._booking.answer(tail, self._today())
        return (found[0], {**found[1], **answer}) if answer else None

    def _reading(self, words: str, expecting: Expecting) -> Reading | None:
        """The first way of reading the cleaned words that fits (see `understand`)."""
        if expecting is Expecting.PIN:
            pin = parse_pin(words)
            if pin is not None:
                return Intent.ENTER_PIN, {"pin": pin}
        said = words.split()
        ranked = self._cues.rank(said, self._phrases.name_positions(said, self._cue_words_in_names))
        booked = self._booking.read(said, ranked, self._today())
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
        if found is None and (ordered := without_purpose(words)):
            # "a green tea for my passenger": who or what it is for is no part of the item
            found = self._bare_item_reading(ordered, expecting)
        if found is None and expecting is Expecting.CLARIFICATION:
            found = self._choice_reading(words)
        # "add three blorfzaps": plainly an add of something the catalog does not have; the
        # session says so (and orders nothing) rather than the dialogue asking to repeat. A
        # search or a count of an unknown thing ("find the nearest hospital", "set the
        # temperature to twenty two") is a request for something else than shopping.
        # A search for a category ("show me flowers") is shopping too.
        if found is None and unknown_item is not None:
            intent, slots = unknown_item
            category = intent is Intent.SEARCH and self._names_a_category(slots.get("item", ""))
            if intent in _UNKNOWN_ITEM_OK or category:
                return unknown_item
        return found

    def _names_a_category(self, phrase: str) -> bool:
        """Whether an item phrase names one of the catalog's categories (a search may)."""
        return any(singular(word) in self._category_words for word in phrase.split())

    def _template_reading(
        self, words: str, expecting: Expecting
    ) -> tuple[Reading | None, Reading | None]:
        """The template reading, or (None, the reading) when its item names nothing known."""
        match = self._best_match(words)
        trimmed = words.split()
        while match is None and len(trimmed) > 1 and trimmed[0] in MISHEARD_LEADERS:
            # The recognizer often turns a short opening word ("add", "what") into "it" or
            # "the"; try again without it before giving up.
            trimmed = trimmed[1:]
            match = self._best_match(" ".join(trimmed))
        if match is None:
            return None, None
        pattern, groups = match
        intent = Intent(pattern.intent)
        slots = self._slots(groups)
        if "item" in slots:
            slots["item"] = self._phrases.named_part(slots["item"])
        reading = self._in_context(intent, slots, expecting)
        if "item" in groups and "item" in slots and not self.names_an_item(slots["item"]):
            return None, reading
        if "item" in groups and set(slots) == {"variant"}:
            return None, None  # "i'll have my regular" names no item, only a word of one
        return reading, None

    def _bare_item_reading(self, words: str, expecting: Expecting) -> Reading | None:
        """A bare item phrase: "lattes", "two large lattes", "a large dark roast mocha with
        soy milk". In a clarification it is the answer; otherwise it is an add when counted
        or made to order, and a search for that item when not."""
        slots = self._phrases.slots(words)
        phrase = slots.get("item", "")
        best = self.resolver.resolve(phrase).best if phrase else None
        if best is None or best.score < _BARE_ITEM_SCORE or not _is_short(phrase):
            return None
        ordered = "quantity" in slots or "options" in slots
        if self._phrases.unexplained(phrase, best.item_id) > (1 if ordered else 0):
            return None  # "weather is iced latte" is chatter that happens to end in a latte
        if expecting is Expecting.CLARIFICATION:
            return Intent.SELECT, slots
        if not says_a_number(words):
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
            names_item = "item" in slots and self._phrases.names_plainly(slots["item"])
            category = rule.name == Intent.SEARCH and self._names_a_category(slots.get("item", ""))
            if rule.item == "required" and not (names_item or category):
                continue
            if candidate.coverage(names_item) < _CUE_COVERAGE:
                continue
            if rule.item == "optional" and not names_item:
                slots.pop("item", None)
            if rule.quantity == "required" and not counts(candidate.remainder):
                continue  # "change a tire" names no new quantity
            return self._in_context(Intent(rule.name), slots, expecting)
        return None

    def _cue_item_slots(self, candidate: Candidate) -> dict[str, Any]:
        """The item slots of the first of the candidate's item phrases that names an item
        plainly, else those of its whole remainder."""
        first: dict[str, Any] | None = None
        for phrase, cut in candidate.item_phrases():
            slots = self._phrases.slots(phrase)
            first = slots if first is None else first
            # A piece cut out of the sentence must be nothing but the item's name.
            if "item" in slots and self._phrases.names_plainly(
                slots["item"], strays=0 if cut else 1
            ):
                return slots
        return first or {}

    def _choice_reading(self, words: str) -> Reading | None:
        """An answer to "which one?" that is neither a command nor an item: a place in the
        list said anywhere ("let's go with the second") or a choice named by its options
        ("the dark roast", "the one with almond milk")."""
        said = words.split()
        ordinals = [self._templates.ordinals[w] for w in said if w in self._templates.ordinals]
        # "let's go with number two": a place said as a cardinal after "number" or "option".
        ordinals += [
            n
            for w, after in itertools.pairwise(said)
            if w in _PLACE_WORDS and (n := words_to_number(after)) is not None
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
        # "place the order", "book it", "order it" answer "shall I ...?"
        answers_yes = intent is Intent.CHECKOUT or (
            intent in (Intent.BOOK, Intent.ADD_TO_CART) and not slots
        )
        if answers_yes and expecting is Expecting.CONFIRMATION:
            intent = Intent.CONFIRM
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
            if any(said_count(n) is None for n in numbers):
                continue
            best = (pattern, groups)
        return best

    def _slots(self, groups: dict[str, str]) -> dict[str, Any]:
        slots: dict[str, Any] = {}
        if "item" in groups:
            slots.update(self._phrases.slots(groups["item"]))
        if "quantity" in groups:
            quantity = said_count(groups["quantity"])
            if quantity is not None:
                slots["quantity"] = quantity
        if "ordinal" in groups:
            slots["ordinal"] = self._templates.ordinals[groups["ordinal"]]
        if "position" in groups:  # "number three": a position said as a cardinal
            slots["ordinal"] = said_count(groups["position"])
        if "variant" in groups:
            slots["variant"] = groups["variant"]
        return slots

    def names_an_item(self, phrase: str) -> bool:
        """Whether an item phrase names something in the catalog (see ItemPhrases)."""
        return self._phrases.names_an_item(phrase)


def _is_short(phrase: str) -> bool:
    """Whether a phrase could be just an item's name: longer ones are sentences we missed."""
    return len(phrase.split()) <= _BARE_ITEM_WORDS
