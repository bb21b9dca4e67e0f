"""From an utterance's words to a Command: intent plus the slots of CONTRACTS section 4.

Templates (voice/templates.yaml) decide the intent and cut out the item phrase; this module
then splits the quantity ("two", "a couple of") and the variant words ("large", "oat") off the
item phrase, and uses what the session is waiting for (a yes/no, a choice, a PIN) to read short
answers in context. Item *resolution* is the session's job (via voice.items.ItemResolver);
the understander only needs the catalog to tell an item called "Iced Latte" from the variant
"iced" of a latte, and to recognize a bare item name as a search.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.commands import Command, Expecting, Intent, Source
from core.numbers import words_to_number
from core.pins import parse_pin
from voice.items import ItemResolver, VocabularyEntry
from voice.templates import Pattern, load_templates, normalize_text

# Item phrases that point at what is on screen rather than naming an item.
_PRONOUNS = frozenset({"it", "that", "this", "them", "one", "those", "these", "some", "more"})
# Recognizer homophones of quantities that only count at the start of an item phrase
# ("add to lattes"), where the preposition makes no sense.
_LEADING_HOMOPHONES = {"to": 2, "too": 2, "for": 4}
_LONGEST_QUANTITY = 4
_MISHEARD_LEADERS = frozenset({"it", "the", "that", "did", "do", "i", "and", "is", "on", "at"})
_DETERMINERS = frozenset({"the", "my", "your", "some", "any", "those", "these", "of"})
# A bare utterance ("lattes") is taken as an item only when it is this close to a name, so
# chatter ("hello there") stays unknown instead of becoming a search.
_BARE_ITEM_SCORE = 80.0
_BARE_ITEM_WORDS = 4


class Understander:
    """Turns text (typed, or a recognizer's transcript) into a Command."""

    def __init__(self, entries: Iterable[VocabularyEntry] = ()) -> None:
        self.resolver = ItemResolver(entries)
        self._templates = load_templates()
        self._variants = frozenset(normalize_text(v) for v in self._templates.variants)

    def understand(
        self,
        text: str,
        expecting: Expecting = Expecting.COMMAND,
        *,
        source: Source = Source.TEXT,
        confidence: float = 1.0,
    ) -> Command:
        """The Command for `text`; Intent.UNKNOWN (with the text kept) when nothing fits."""
        words = normalize_text(text)

        def command(intent: Intent, slots: dict[str, Any] | None = None) -> Command:
            return Command(intent, slots or {}, source, False, text, confidence)

        if not words:
            return command(Intent.UNKNOWN)
        if expecting is Expecting.PIN:
            pin = parse_pin(words)
            if pin is not None:
                return command(Intent.ENTER_PIN, {"pin": pin})
        match = self._best_match(words)
        trimmed = words.split()
        while match is None and len(trimmed) > 1 and trimmed[0] in _MISHEARD_LEADERS:
            # The recognizer often turns a short opening word ("add", "what") into "it" or
            # "the"; try again without it before giving up.
            trimmed = trimmed[1:]
            match = self._best_match(" ".join(trimmed))
        if match is not None:
            pattern, groups = match
            intent = Intent(pattern.intent)
            slots = self._slots(groups)
            if intent is Intent.SEARCH:
                slots.pop("quantity", None)  # "find a latte" asks for no particular count
            if intent is Intent.CHECKOUT and expecting is Expecting.CONFIRMATION:
                intent = Intent.CONFIRM  # "place the order" answers "shall I place it?"
            if intent is Intent.ADD_TO_CART and expecting is Expecting.CLARIFICATION:
                # "add the oat one" answers "which one?": a choice, not a second add.
                intent = Intent.SELECT if "item" in slots or "variant" in slots else intent
            return command(intent, slots)
        if expecting is Expecting.CLARIFICATION:
            number = words_to_number(words)
            if number is not None:
                return command(Intent.SELECT, {"ordinal": number})
        item_slots = self._item_slots(words)
        phrase = item_slots.get("item", "")
        best = self.resolver.resolve(phrase).best if phrase else None
        if best is not None and best.score >= _BARE_ITEM_SCORE and _is_short(phrase):
            # A bare item name: "lattes", "two large lattes". In a clarification it is the
            # answer; otherwise it is a search for that item (or an add when counted).
            if expecting is Expecting.CLARIFICATION:
                return command(Intent.SELECT, item_slots)
            if not _says_a_number(words):
                # "for lattes" is a misheard "search for lattes", not four of them.
                item_slots.pop("quantity", None)
            intent = Intent.ADD_TO_CART if "quantity" in item_slots else Intent.SEARCH
            return command(intent, item_slots)
        return command(Intent.UNKNOWN)

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
        """Split "two large oat lattes" into quantity 2, variant "large oat", item "lattes"."""
        slots: dict[str, Any] = {}
        words = _without_leaders(phrase.split())
        quantity, words = _leading_quantity(words)
        if quantity is not None:
            slots["quantity"] = quantity
        words = _without_leaders(words)
        if not words or " ".join(words) in _PRONOUNS:
            return slots
        item_words = [w for w in words if w not in self._variants]
        variant_words = [w for w in words if w in self._variants]
        whole = " ".join(words)
        if variant_words and (not item_words or self._is_exact_name(whole)):
            # "iced latte" may be an item of its own; "large" alone is only a variant.
            item_words, variant_words = (words, []) if item_words else ([], variant_words)
        if variant_words:
            slots["variant"] = " ".join(variant_words)
        if item_words:
            slots["item"] = " ".join(item_words)
        return slots

    def _is_exact_name(self, phrase: str) -> bool:
        best = self.resolver.resolve(phrase).best
        return best is not None and best.score >= 100

    def grammar_phrases(self) -> set[str]:
        """What the recognizer may hear, as whole phrases: the template words between slots
        ("to my cart"), variants, ordinals and the catalog's spoken names in singular and
        plural. Whole phrases constrain the decoder far more than single words would."""
        phrases = set(self._templates.carrier_phrases)
        phrases.update(self._templates.variants)
        phrases.update(self._templates.ordinals)
        phrases.update(self.resolver.spoken_phrases())
        return phrases


def _says_a_number(words: str) -> bool:
    """Whether an utterance starts with a real quantity, not a homophone like "for"."""
    first = _without_leaders(words.split())[:1]
    return bool(first) and first[0] not in _LEADING_HOMOPHONES


def _is_short(phrase: str) -> bool:
    """Whether a phrase could be just an item's name: longer ones are sentences we missed."""
    return len(phrase.split()) <= _BARE_ITEM_WORDS


def _without_leaders(words: list[str]) -> list[str]:
    """Drop leading determiners and the recognizer's usual stand-ins for them."""
    while len(words) > 1 and (words[0] in _DETERMINERS or words[0] in _MISHEARD_LEADERS):
        words = words[1:]
    if words and words[0] in _DETERMINERS:
        return []
    return words


def _leading_quantity(words: list[str]) -> tuple[int | None, list[str]]:
    """The number at the start of an item phrase, and the words after it."""
    for size in range(min(_LONGEST_QUANTITY, len(words)), 0, -1):
        value = words_to_number(" ".join(words[:size]))
        if value is not None and (size > 1 or words[0] not in ("to", "too", "for")):
            return value, words[size:]
    if len(words) > 1 and words[0] in _LEADING_HOMOPHONES:
        return _LEADING_HOMOPHONES[words[0]], words[1:]
    return None, words
