"""A PIN as a person gives it: typed on the keypad ("1234") or said digit by digit.

One reading for the keypad, the language understanding and the ordering session, so a PIN
the understander accepts is the PIN the session sends.
"""

from __future__ import annotations

import re

from core.numbers import words_to_number

PIN_LENGTHS = range(4, 7)
# Spoken zeros the number words do not cover; "a" and "an" are never digits here.
_ZEROS = frozenset({"oh", "o"})
_NOT_DIGITS = frozenset({"a", "an"})


def parse_pin(text: str) -> str | None:
    """The 4 to 6 digits of "1234", "12 34" or "one two three four" (recognizer homophones such
    as "for" included), or None when the text is anything else: a PIN answer is only digits."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    digits = ""
    for word in words:
        if word.isdigit():
            digits += word
        elif word in _ZEROS:
            digits += "0"
        else:
            value = None if word in _NOT_DIGITS else words_to_number(word)
            if value is None or not 0 <= value <= 9:
                return None
            digits += str(value)
    return digits if len(digits) in PIN_LENGTHS else None
