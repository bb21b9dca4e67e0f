"""Made-to-order choices as people say them, mapped onto CONTRACTS section 7's canonical values.

"a large dark roast triple shot mocha with a little soy milk and lots of brown sugar" names
seven choices; `extract_options` finds them, returns `{group: value}` and the spans it
consumed, so an understander can match the item name on what is left ("a mocha").

Everything spoken is data: `LEXICON` lists the spoken forms of every value of every group,
`AMOUNTS` the amount words that bind to the milk or sweetener phrase right after them
("a little soy milk" → milk soy, milk_amount little; "lots of brown sugar" → sweetener brown
sugar, sweetener_amount extra), `COMBINED` the few phrases that set two groups at once, and
`EXTRA_SHOT` the forms of "an extra shot", which is relative to the drink's default and so is
reported as a count for the session to resolve. A form may use `{slot}` (any of
`SLOT_WORDS[slot]`, e.g. the ways ASR writes "ounce") and `[word]` (optional).

Matching is longest-first at every word, so "medium roast" is a roast and "medium" alone a
size, "extra large" a size and "extra milk" an amount, "brown sugar" beats "sugar".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

GROUPS = ("size", "roast", "shots", "milk", "milk_amount", "sweetener", "sweetener_amount")

SLOT_WORDS: dict[str, tuple[str, ...]] = {
    "oz": ("ounce", "ounces", "oz", "once", "fluid ounce", "fluid ounces", "fl oz"),
    "roast": ("roast", "roasts", "roasted", "rose"),
    "shot": ("shot", "shots", "espresso shot", "espresso shots"),
}

# group -> canonical value -> spoken forms (already in normalized words: lower case, no
# punctuation, hyphens as spaces; digits stay digits).
LEXICON: dict[str, dict[str, tuple[str, ...]]] = {
    "size": {
        "small": ("small", "small size", "short", "eight {oz}", "8 {oz}"),
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
        "almond": ("almond [milk]", "almonds milk", "almondmilk"),
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

# Amount words, bound to the milk or sweetener phrase that follows them.
AMOUNTS: dict[str, tuple[str, ...]] = {
    "little": (
        "a bit [of]",
        "a little bit [of]",
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
        "a lot [of]",
        "lots [of]",
        "extra",
        "plenty [of]",
        "more",
        "heavy on [the]",
        "loads [of]",
    ),
}
AMOUNT_GROUP = {"milk": "milk_amount", "sweetener": "sweetener_amount"}

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
EXTRA_SHOT: dict[str, int] = {
    "extra shot": 1,
    "an extra shot": 1,
    "one extra shot": 1,
    "1 extra shot": 1,
    "an additional shot": 1,
    "additional shot": 1,
    "another shot": 1,
    "one more shot": 1,
    "extra espresso shot": 1,
    "an extra espresso shot": 1,
    "two extra shots": 2,
    "2 extra shots": 2,
}

# Words that only join an option to the sentence ("mocha with soy milk"); dropped from the
# remainder when an option follows them.
CONNECTORS = frozenset({"with", "and", "plus", "but", "also"})

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


def _build_table() -> dict[tuple[str, ...], _Entry]:
    table: dict[tuple[str, ...], _Entry] = {}

    def add(form: str, entry: _Entry) -> None:
        for words in expand_form(form):
            previous = table.setdefault(words, entry)
            if previous != entry:
                raise ValueError(f"lexicon form {' '.join(words)!r} has two meanings")

    for group, values in LEXICON.items():
        for value, forms in values.items():
            for form in forms:
                add(form, _Entry(((group, value),)))
    for group, amount_group in AMOUNT_GROUP.items():
        for value, forms in LEXICON[group].items():
            if value == "none":
                continue
            for form, (amount, amount_forms) in itertools.product(forms, AMOUNTS.items()):
                for amount_form in amount_forms:
                    add(f"{amount_form} {form}", _Entry(((group, value), (amount_group, amount))))
    for form, options in COMBINED.items():
        add(form, _Entry(tuple(options.items())))
    for form, count in EXTRA_SHOT.items():
        add(form, _Entry((), count))
    return table


_TABLE = _build_table()
_LONGEST = max(len(words) for words in _TABLE)


def option_words() -> set[str]:
    """Every word some option phrase uses (for building a recognizer grammar)."""
    return {word for words in _TABLE for word in words}


def extract_options(text: str) -> OptionsMatch:
    """Find the option phrases in an utterance; see the module docstring."""
    tokens = [
        (m.group().replace("'", ""), m.start(), m.end()) for m in _TOKEN.finditer(text.lower())
    ]
    words = tuple(word for word, _, _ in tokens)
    spans: list[OptionSpan] = []
    position = 0
    while position < len(words):
        for length in range(min(_LONGEST, len(words) - position), 0, -1):
            entry = _TABLE.get(words[position : position + length])
            if entry is not None:
                end = position + length
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
                position = end
                break
        else:
            position += 1
    options: dict[str, str] = {}
    conflicts: list[str] = []
    for span in spans:
        for group, value in span.options.items():
            if options.get(group, value) != value and group not in conflicts:
                conflicts.append(group)
            options[group] = value  # the last said wins ("a small, no, a large")
    consumed = {i for span in spans for i in range(span.first_word, span.end_word)}
    starts = {span.first_word for span in spans}
    for index in sorted(starts, reverse=True):
        back = index - 1
        while back >= 0 and words[back] in CONNECTORS and back not in consumed:
            consumed.add(back)
            back -= 1
    remainder = " ".join(word for i, word in enumerate(words) if i not in consumed)
    return OptionsMatch(
        {group: options[group] for group in GROUPS if group in options},
        tuple(spans),
        words,
        remainder,
        sum(span.extra_shots for span in spans),
        tuple(conflicts),
    )
