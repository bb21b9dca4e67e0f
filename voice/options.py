"""Made-to-order choices as people say them, mapped onto CONTRACTS section 7's canonical values.

"a large dark roast triple shot mocha with a little soy milk and lots of brown sugar" names
seven choices; `extract_options` finds them, returns `{group: value}` and the spans it
consumed, so an understander can match the item name on what is left ("a mocha").

Everything spoken is data: `LEXICON` lists the spoken forms of every value of every group,
`AMOUNTS` the amount words that bind to the milk or sweetener phrase after them
("a little soy milk" → milk soy, milk_amount little; "lots of brown sugar" → sweetener brown
sugar, sweetener_amount extra), `COMBINED` the few phrases that set two groups at once, and
`EXTRA_SHOT` the forms of "an extra shot", which is relative to the drink's default and so is
reported as a count for the session to resolve. A form may use `{slot}` (any of
`SLOT_WORDS[slot]`, e.g. the ways ASR writes "ounce") and `[word]` (optional).

Matching is longest-first at every word, so "medium roast" is a roast and "medium" alone a
size, "extra large" a size and "extra milk" an amount, "brown sugar" beats "sugar".

Recognized speech is looser than typed text, so three rules tolerate its usual slips:

- An amount is found by its head word alone ("bit", "lot", "lots" as well as "a bit of", "a
  lot of"), and up to `MAX_GLUE` words of `GLUE` may sit between it and the milk or sugar
  word: the unstressed "a"/"of" is often lost or heard as "have" ("a lot have soy milk", "bit
  of skim", "lot almond milk"). Only a milk or sweetener phrase binds; "extra large" stays a
  size because "large" is neither.
- "shot(s) of espresso" is a shot phrase ("two shots of espresso" = double), and "of" goes with
  it. Its last word also names a drink (`NAMING_TAILS`), so it is left in the remainder unless
  the phrase hangs off another drink: after a connector ("a latte with two shots of espresso")
  or as an extra shot ("an extra shot of espresso"). "a double shot of espresso" on its own is
  then the item Espresso with shots double.
- Misheard sizes the recognizer produces from "eight ounce" ("a ounce", "ate ounce").

Item words such as the "ice" of a misheard "ice coffee" are never options; they stay in the
remainder for the item resolver.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from rapidfuzz.distance import Levenshtein

_T = TypeVar("_T")

GROUPS = ("size", "roast", "shots", "milk", "milk_amount", "sweetener", "sweetener_amount")

SLOT_WORDS: dict[str, tuple[str, ...]] = {
    "oz": ("ounce", "ounces", "oz", "once", "fluid ounce", "fluid ounces", "fl oz"),
    "roast": ("roast", "roasts", "roasted", "rose"),
    "shot": (
        "shot",
        "shots",
        "espresso shot",
        "espresso shots",
        "shot of espresso",
        "shots of espresso",
    ),
}

# The option group each of those words names.
SLOT_GROUPS = {"oz": "size", "roast": "roast", "shot": "shots"}
# The one-word names of a group ("roast", "shots"): said beside a value, never a value.
GROUP_NAME_WORDS = frozenset(f for forms in SLOT_WORDS.values() for f in forms if " " not in f)

# group -> canonical value -> spoken forms (already in normalized words: lower case, no
# punctuation, hyphens as spaces; digits stay digits).
LEXICON: dict[str, dict[str, tuple[str, ...]]] = {
    "size": {
        # "a ounce", "ate ounce": how the recognizer hears "eight ounce" (no one orders an ounce)
        "small": ("small", "small size", "short", "eight {oz}", "8 {oz}", "ate {oz}", "a ounce"),
        "medium": ("medium", "medium size", "tall", "twelve {oz}", "12 {oz}"),
        "large": ("large", "large size", "big", "grande", "sixteen {oz}", "16 {oz}"),
        "extra large": (
            "extra large",
            "extra large size",
            "x large",
            "xl",
            "venti",
            "twenty {oz}",
            "20 {oz}",
        ),
    },
    "roast": {
        "light": ("light {roast}", "blonde [{roast}]", "blond [{roast}]", "lightly roasted"),
        "medium": ("medium {roast}", "medium roasted"),
        "dark": ("dark [{roast}]", "darkly roasted", "french {roast}", "italian {roast}"),
    },
    "shots": {
        "single": ("single {shot}", "one {shot}", "1 {shot}", "solo"),
        "double": ("double [{shot}]", "two {shot}", "2 {shot}", "doppio"),
        "triple": ("triple [{shot}]", "three {shot}", "3 {shot}"),
    },
    "milk": {
        "none": (
            "black",
            "no milk",
            "without milk",
            "no cream",
            "without cream",
            "hold the milk",
            "skip the milk",
        ),
        "whole": ("milk", "whole milk", "regular milk", "full fat milk", "dairy milk"),
        "skim": (
            "skim [milk]",
            "skimmed [milk]",
            "skin milk",
            "nonfat [milk]",
            "non fat [milk]",
            "fat free milk",
        ),
        "soy": ("soy [milk]", "soya [milk]", "soymilk"),
        "almond": ("almond [milk]", "almonds [milk]", "almondmilk"),
        "oat": ("oat [milk]", "oats [milk]", "oatmilk", "oak milk"),
        "cream": ("cream", "creamer", "half and half", "heavy cream"),
    },
    "sweetener": {
        "none": (
            "no sugar",
            "without sugar",
            "unsweetened",
            "no sweetener",
            "without sweetener",
            "sugar free",
            "hold the sugar",
            "skip the sugar",
        ),
        "sugar": ("sugar", "sugars", "white sugar", "cane sugar", "regular sugar"),
        "brown sugar": ("brown sugar", "brown sugars", "raw sugar", "demerara [sugar]"),
        "sweetener": (
            "sweetener",
            "sweeteners",
            "sugar free sweetener",
            "artificial sweetener",
            "sugar substitute",
            "splenda",
            "stevia",
        ),
    },
}

# Amount words, bound to the milk or sweetener phrase that follows them (through GLUE). The
# bare head words ("bit", "lot") are there because the "a" before them is often not heard.
AMOUNTS: dict[str, tuple[str, ...]] = {
    "little": (
        "[a] bit [of]",
        "[a] little bit [of]",
        "a little [of]",
        "little",
        "just a little [bit] [of]",
        "a tiny bit [of]",
        "a splash [of]",
        "a dash [of]",
        "a touch [of]",
        "a drop [of]",
        "light",
        "light on [the]",
        "easy on [the]",
        "less",
    ),
    "regular": ("some", "regular amount of", "a regular amount of", "a normal amount of"),
    "extra": (
        "[a] lot [of]",
        "lots [of]",
        "extra",
        "plenty [of]",
        "more",
        "heavy on [the]",
        "loads [of]",
    ),
}
AMOUNT_GROUP = {"milk": "milk_amount", "sweetener": "sweetener_amount"}

# Words that may stand between an amount and its milk or sweetener: the "a"/"of"/"the" of
# "a lot of the milk", and what the recognizer hears for an unstressed "of" ("have", "off").
GLUE = frozenset({"a", "an", "of", "the", "have", "off", "uh", "um"})
MAX_GLUE = 2

# Phrases that set two groups at once ("or sugar" must not read as "with sugar").
COMBINED: dict[str, dict[str, str]] = {
    "no milk or sugar": {"milk": "none", "sweetener": "none"},
    "no milk and no sugar": {"milk": "none", "sweetener": "none"},
    "no milk no sugar": {"milk": "none", "sweetener": "none"},
    "without milk or sugar": {"milk": "none", "sweetener": "none"},
    "no sugar or milk": {"milk": "none", "sweetener": "none"},
    "without sugar or milk": {"milk": "none", "sweetener": "none"},
    "no cream or sugar": {"milk": "none", "sweetener": "none"},
    "without cream or sugar": {"milk": "none", "sweetener": "none"},
}

# "an extra shot": one more than the drink's default, resolved by the session.
# "{shot}" also allows "shot of espresso", and "extra shots" for the recognizer's stray "s".
EXTRA_SHOT: dict[str, int] = {
    "[an] extra {shot}": 1,
    "one extra {shot}": 1,
    "1 extra {shot}": 1,
    "[an] additional {shot}": 1,
    "another {shot}": 1,
    "one more {shot}": 1,
    "two extra {shot}": 2,
    "2 extra {shot}": 2,
}

# Words that only join an option to the sentence ("mocha with soy milk"); dropped from the
# remainder when an option follows them.
CONNECTORS = frozenset({"with", "and", "plus", "but", "also"})
# Connectors an article may follow before the option ("a mocha with a double shot"); not
# "and", whose "and a ..." more often starts another item.
ARTICLE_CONNECTORS = frozenset({"with", "plus"})
ARTICLES = frozenset({"a", "an", "the"})

# Last words of a shot phrase that also name a drink; see the module docstring.
NAMING_TAILS = frozenset({"espresso"})

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*|\d+")


@dataclass(frozen=True)
class OptionSpan:
    """One option phrase found in the text."""

    text: str  # the words matched, normalized
    start: int  # character offsets in the text given to extract_options
    end: int
    first_word: int  # word offsets in OptionsMatch.words (end exclusive)
    end_word: int
    options: Mapping[str, str]  # what it sets, {group: value}
    extra_shots: int = 0


@dataclass(frozen=True)
class OptionsMatch:
    options: dict[str, str]  # canonical {group: value}
    spans: tuple[OptionSpan, ...]
    words: tuple[str, ...]  # the normalized words of the text
    remainder: str  # the words no option consumed (nor a connector before one)
    extra_shots: int = 0  # "an extra shot" = 1: one more than the drink's default
    conflicts: tuple[str, ...] = field(default=())  # groups said twice with different values

    @property
    def extra_shot(self) -> bool:
        return self.extra_shots > 0

    def __bool__(self) -> bool:
        return bool(self.options) or self.extra_shots > 0


@dataclass(frozen=True)
class _Entry:
    options: tuple[tuple[str, str], ...]
    extra_shots: int = 0


def expand_form(form: str) -> Iterator[tuple[str, ...]]:
    """Every word sequence a lexicon form allows ("{oz}" = any slot word, "[x]" optional)."""
    choices: list[tuple[tuple[str, ...], ...]] = []
    for token in re.findall(r"\[[^\]]+\]|\S+", form):
        optional = token.startswith("[")
        inner = token[1:-1] if optional else token
        slot = re.fullmatch(r"\{(\w+)\}", inner)
        options = [tuple(w.split()) for w in SLOT_WORDS[slot.group(1)]] if slot else [(inner,)]
        choices.append((*options, ()) if optional else tuple(options))
    for combination in itertools.product(*choices):
        yield tuple(word for part in combination for word in part)


def _add(table: dict[tuple[str, ...], _T], form: str, meaning: _T) -> None:
    """Add every expansion of a form, refusing one word sequence with two meanings."""
    for words in expand_form(form):
        previous = table.setdefault(words, meaning)
        if previous != meaning:
            raise ValueError(f"lexicon form {' '.join(words)!r} has two meanings")


def _build_table() -> dict[tuple[str, ...], _Entry]:
    table: dict[tuple[str, ...], _Entry] = {}
    for group, values in LEXICON.items():
        for value, forms in values.items():
            for form in forms:
                _add(table, form, _Entry(((group, value),)))
    for form, options in COMBINED.items():
        _add(table, form, _Entry(tuple(options.items())))
    for form, count in EXTRA_SHOT.items():
        _add(table, form, _Entry((), count))
    return table


def _build_amounts() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for amount, forms in AMOUNTS.items():
        for form in forms:
            _add(table, form, amount)
    return table


_TABLE = _build_table()
_AMOUNTS = _build_amounts()
_LONGEST = max(len(words) for words in _TABLE)
_LONGEST_AMOUNT = max(len(words) for words in _AMOUNTS)


def option_words() -> set[str]:
    """Every word some option phrase uses (for building a recognizer grammar)."""
    return {word for table in (_TABLE, _AMOUNTS) for words in table for word in words}


def _longest(
    table: Mapping[tuple[str, ...], _T], words: tuple[str, ...], start: int, longest: int
) -> tuple[int, _T] | None:
    """The longest form of a table starting at a word, as (length, meaning)."""
    for length in range(min(longest, len(words) - start), 0, -1):
        meaning = table.get(words[start : start + length])
        if meaning is not None:
            return length, meaning
    return None


def _amount_bound(words: tuple[str, ...], start: int) -> tuple[int, _Entry] | None:
    """An amount, up to MAX_GLUE glue words, then a milk or sweetener phrase, as one entry.
    The phrase must be the longest option there, so "some sugar free" is not "some sugar"."""
    for length in range(min(_LONGEST_AMOUNT, len(words) - start), 0, -1):
        amount = _AMOUNTS.get(words[start : start + length])
        if amount is None:
            continue
        at = start + length
        for glue in range(MAX_GLUE + 1):
            if glue and (at + glue > len(words) or words[at + glue - 1] not in GLUE):
                break
            found = _longest(_TABLE, words, at + glue, _LONGEST)
            if found is None or len(found[1].options) != 1:
                continue
            ((group, value),) = found[1].options
            if group in AMOUNT_GROUP and value != "none":
                entry = _Entry(((group, value), (AMOUNT_GROUP[group], amount)))
                return at + glue + found[0] - start, entry
    return None


def _trailing_amount(
    words: tuple[str, ...], start: int, spans: list[OptionSpan]
) -> tuple[int, _Entry] | None:
    """An amount said last, after the milk or sweetener it is for ("with brown sugar, just a
    little", "oat milk, lots"): it binds back to that phrase. Only at the very end, so "cream,
    extra hot" leaves the cream's amount alone."""
    found = _longest(_AMOUNTS, words, start, _LONGEST_AMOUNT)
    if found is None or start + found[0] != len(words) or not spans:
        return None
    before = spans[-1]
    groups = [g for g, v in before.options.items() if g in AMOUNT_GROUP and v != "none"]
    if before.end_word != start or len(groups) != 1 or AMOUNT_GROUP[groups[0]] in before.options:
        return None
    return found[0], _Entry(((AMOUNT_GROUP[groups[0]], found[1]),))


def _lead_in(words: tuple[str, ...], start: int) -> int:
    """Where the words joining the option at `start` to the sentence begin (`start` if none):
    the connectors right before it, and an article between "with" and it."""
    back = start
    if back > 1 and words[back - 1] in ARTICLES and words[back - 2] in ARTICLE_CONNECTORS:
        back -= 1
    while back > 0 and words[back - 1] in CONNECTORS:
        back -= 1
    return back


def sounds_like_a_group_word(text: str) -> bool:
    """Whether a one-word value is one letter from a word that names a group ("short" and
    "shot"): the recognizer swaps them, so such a value yields to a plainly said one."""
    return " " not in text and any(
        Levenshtein.distance(text, form) == 1
        for forms in SLOT_WORDS.values()
        for form in forms
        if " " not in form
    )


def extract_options(text: str) -> OptionsMatch:
    """Find the option phrases in an utterance; see the module docstring."""
    tokens = [
        (m.group().replace("'", ""), m.start(), m.end()) for m in _TOKEN.finditer(text.lower())
    ]
    words = tuple(word for word, _, _ in tokens)
    spans: list[OptionSpan] = []
    position = 0
    while position < len(words):
        direct = _longest(_TABLE, words, position, _LONGEST)
        bound = _amount_bound(words, position)
        # the longer wins; on a tie the plain lexicon form
        found = bound if bound and (not direct or bound[0] > direct[0]) else direct
        if found is None:
            found = _trailing_amount(words, position, spans)
        if found is None:
            position += 1
            continue
        length, entry = found
        end = position + length
        attached = _lead_in(words, position) < position
        if words[end - 1] in NAMING_TAILS and not (attached or entry.extra_shots):
            end -= 1  # "a double shot of espresso": the drink is named too
        spans.append(
            OptionSpan(
                " ".join(words[position:end]),
                tokens[position][1],
                tokens[end - 1][2],
                position,
                end,
                dict(entry.options),
                entry.extra_shots,
            )
        )
        position = position + length
    options: dict[str, str] = {}
    conflicts: list[str] = []
    weak: set[str] = set()  # groups whose value so far is only a group word's sound-alike
    for span in spans:
        sound_alike = sounds_like_a_group_word(span.text)
        for group, value in span.options.items():
            if options.get(group, value) != value:
                if sound_alike:
                    continue  # "a large mocha, double short": "short" was "shot"
                if group not in weak and group not in conflicts:
                    conflicts.append(group)
            options[group] = value  # the last said wins ("a small, no, a large")
            weak.discard(group)
            if sound_alike:
                weak.add(group)
    consumed = {i for span in spans for i in range(span.first_word, span.end_word)}
    starts = {span.first_word for span in spans}
    for index in starts:
        consumed.update(range(_lead_in(words, index), index))
    remainder = " ".join(word for i, word in enumerate(words) if i not in consumed)
    return OptionsMatch(
        {group: options[group] for group in GROUPS if group in options},
        tuple(spans),
        words,
        remainder,
        sum(span.extra_shots for span in spans),
        tuple(conflicts),
    )
