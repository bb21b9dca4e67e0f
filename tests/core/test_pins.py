"""The one PIN reading (core.pins), shared by the keypad, the understanding and the session."""

from __future__ import annotations

import pytest

from core.pins import parse_pin


@pytest.mark.parametrize(
    ("text", "pin"),
    [
        ("1234", "1234"),
        ("12 34", "1234"),
        ("one two three four", "1234"),
        ("four three two one", "4321"),
        ("oh one two three", "0123"),
        ("zero zero zero zero zero zero", "000000"),
        ("for five six seven", "4567"),  # the recognizer's homophone of "four"
        ("one two three", None),  # too short
        ("1234567", None),  # too long
        ("a two three four", None),  # "a" is not a digit
        ("cancel", None),
        ("add two lattes", None),
        ("", None),
    ],
)
def test_parse_pin(text: str, pin: str | None) -> None:
    assert parse_pin(text) == pin
