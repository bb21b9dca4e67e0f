"""Numbers as people say them: "fifty-six", "a couple of", "half a dozen", "28.5 yuan".

Speech recognition hands us digits as words and replies must be spoken, so both directions
live here, in the core: the understanding in `voice` reads quantities with it and the
ordering session's replies say counts and prices with it.
"""

from __future__ import annotations

import re

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"))

_UNIT_VALUES = {word: value for value, word in enumerate(_ONES)}
_TENS_VALUES = {word: 10 * index for index, word in enumerate(_TENS) if word != "_"}
_SCALE_VALUES = {"hundred": 100, **{word: value for value, word in _SCALES}}

# Spoken quantities that are not plain numbers. Longest phrases are matched first.
_IDIOMS = {
    "half a dozen": 6,
    "a dozen": 12,
    "dozen": 12,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "couple": 2,
    "a pair of": 2,
    "pair of": 2,
    "a pair": 2,
    "a few": 3,
    "a single": 1,
    "single": 1,
    "an": 1,
    "a": 1,
    "both": 2,
    "once": 1,
    "twice": 2,
}
# Homophones the recognizer produces for short number words.
_HOMOPHONES = {
    "won": "one",
    "to": "two",
    "too": "two",
    "for": "four",
    "fore": "four",
    "free": "three",
    "tree": "three",
    "ate": "eight",
}

_CURRENCY_NAMES = {"CNY": ("yuan", "yuan"), "USD": ("dollar", "dollars"), "EUR": ("euro", "euros")}


def number_to_words(n: int) -> str:
    """English words for an integer: 56 → "fifty-six", 1203 → "one thousand two hundred three".

    "and" is left out on purpose: it is shorter to hear and the recognizer's grammar does not
    need it.
    """
    if n < 0:
        return "minus " + number_to_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        words = f"{_ONES[hundreds]} hundred"
        return words + (f" {number_to_words(rest)}" if rest else "")
    for value, name in _SCALES:
        if n >= value:
            high, rest = divmod(n, value)
            words = f"{number_to_words(high)} {name}"
            return words + (f" {number_to_words(rest)}" if rest else "")
    raise AssertionError("unreachable: every n >= 1000 has a scale")


def _parse_number_words(tokens: list[str]) -> int | None:
    """The value of a run of number words ("two hundred fifty six"), or None if any is not one.

    "one two" (digit by digit) is read as 12, since people say PINs and order numbers that way.
    """
    if not tokens:
        return None
    if len(tokens) > 1 and all(t in _UNIT_VALUES and _UNIT_VALUES[t] < 10 for t in tokens):
        return int("".join(str(_UNIT_VALUES[t]) for t in tokens))
    total = 0
    current = 0
    seen = False
    for token in tokens:
        if token in _UNIT_VALUES:
            current += _UNIT_VALUES[token]
        elif token in _TENS_VALUES:
            current += _TENS_VALUES[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in _SCALE_VALUES:
            total += max(current, 1) * _SCALE_VALUES[token]
            current = 0
        elif token == "and" and seen:
            continue
        else:
            return None
        seen = True
    return total + current


def normalize_number_text(text: str) -> str:
    """Lower-case words and digits only: hyphens and punctuation become spaces."""
    cleaned = re.sub(r"[^a-z0-9. ]+", " ", text.lower().replace("-", " "))
    return " ".join(cleaned.split())


def words_to_number(text: str) -> int | None:
    """The integer a short phrase means: "two", "a couple of", "half a dozen", "12", "twenty one".

    Returns None when the phrase is not (only) a number, so callers can tell "two" from "tea".
    Homophones ("to", "for") count only when they are the whole phrase, because inside a
    sentence they are usually the preposition.
    """
    phrase = normalize_number_text(text)
    if not phrase:
        return None
    if re.fullmatch(r"\d+", phrase):
        return int(phrase)
    if phrase in _IDIOMS:
        return _IDIOMS[phrase]
    if phrase in _HOMOPHONES:
        phrase = _HOMOPHONES[phrase]
    tokens = phrase.split()
    for idiom, value in sorted(_IDIOMS.items(), key=lambda kv: -len(kv[0])):
        idiom_tokens = idiom.split()
        if len(idiom_tokens) > 1 and tokens[: len(idiom_tokens)] == idiom_tokens:
            rest = tokens[len(idiom_tokens) :]
            if not rest:
                return value
            multiplier = _parse_number_words(rest)
            return None if multiplier is None else value * multiplier
    if tokens[-1] == "dozen":
        count = _parse_number_words(tokens[:-1])
        return None if count is None else count * 12
    return _parse_number_words(tokens)


_ORDINAL_ONES = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fifth": 5,
    "eighth": 8,
    "ninth": 9,
    "twelfth": 12,
}
# "twentieth" ... "ninetieth"
_ORDINAL_TENS = {f"{word[:-1]}ieth": value for word, value in _TENS_VALUES.items()}


def _ordinal_word(word: str) -> int | None:
    """The value of one ordinal word ("fifth", "eleventh", "twentieth"), else None."""
    if word in _ORDINAL_ONES:
        return _ORDINAL_ONES[word]
    if word in _ORDINAL_TENS:
        return _ORDINAL_TENS[word]
    if word.endswith("th") and word[:-2] in _UNIT_VALUES:
        return _UNIT_VALUES[word[:-2]]  # "fourth", "sixth", "eleventh", "nineteenth"
    return None


def ordinal_to_number(text: str) -> int | None:
    """The number an ordinal means: "fifth" → 5, "twenty first" / "twenty-first" → 21,
    "5th" / "21st" → 21; None for anything else (a cardinal included: "five" is no ordinal).

    Dates are said with ordinals ("December fifth", "on the twenty first"), so the date reading
    needs them as much as quantities need cardinals.
    """
    phrase = normalize_number_text(text)
    digits = re.fullmatch(r"(\d+)(st|nd|rd|th)", phrase)
    if digits:
        return int(digits.group(1))
    tokens = phrase.split()
    if len(tokens) == 1:
        return _ordinal_word(tokens[0])
    if len(tokens) == 2 and tokens[0] in _TENS_VALUES:
        last = _ordinal_word(tokens[1])
        return _TENS_VALUES[tokens[0]] + last if last is not None and last < 10 else None
    return None


def number_to_ordinal_words(n: int) -> str:
    """English ordinal words for 1..99: 5 → "fifth", 21 → "twenty-first" (what a date is
    said with; `ordinal_to_number` reads them back)."""
    if not 0 < n < 100:
        raise ValueError(f"ordinal words are for 1 to 99, not {n}")
    tens, ones = divmod(n, 10)
    if n < 20 or ones == 0:
        by_value = {v: w for w, v in (*_ORDINAL_ONES.items(), *_ORDINAL_TENS.items())}
        if n in by_value:
            return by_value[n]
        return (_TENS[tens] if n >= 20 else _ONES[n]) + "th"
    return f"{_TENS[tens]}-{number_to_ordinal_words(ones)}"


def number_word_vocabulary(*, homophones: bool = False) -> list[str]:
    """Every single word `words_to_number` understands (the speech grammar needs them);
    with `homophones`, also the recognizer's stand-ins ("to", "free") it accepts alone."""
    words = set(_ONES) | set(_TENS_VALUES) | set(_SCALE_VALUES) | {"dozen", "half"}
    for idiom in _IDIOMS:
        words.update(idiom.split())
    if homophones:
        words.update(_HOMOPHONES)
    return sorted(words)


def amount_to_words(fen: int, currency: str = "CNY") -> str:
    """A price read aloud: 5600 → "fifty-six yuan", 2850 → "twenty-eight yuan fifty".

    For CNY the fen part is said the way people in China read prices in English (the jiao and
    fen as a trailing number), so "28.50" is "twenty-eight yuan fifty" and "28.05" is
    "twenty-eight yuan oh five". Other currencies use "and N cents".
    """
    sign = "minus " if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    singular, plural = _CURRENCY_NAMES.get(currency, (currency, currency))
    unit = singular if whole == 1 else plural
    spoken = f"{sign}{number_to_words(whole)} {unit}"
    if not cents:
        return spoken
    if currency == "CNY":
        tail = number_to_words(cents) if cents >= 10 else f"oh {number_to_words(cents)}"
        return f"{spoken} {tail}"
    return f"{spoken} and {number_to_words(cents)} {'cent' if cents == 1 else 'cents'}"
