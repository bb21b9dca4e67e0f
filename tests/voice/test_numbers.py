"""Numbers as they are said and read back."""

from __future__ import annotations

import pytest

from core.numbers import amount_to_words, number_to_words, words_to_number

pytestmark = pytest.mark.voice


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (21, "twenty-one"),
        (56, "fifty-six"),
        (100, "one hundred"),
        (1203, "one thousand two hundred three"),
        (2_000_000, "two million"),
    ],
)
def test_number_to_words(n: int, words: str) -> None:
    assert number_to_words(n) == words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("two", 2),
        ("a couple of", 2),
        ("half a dozen", 6),
        ("12", 12),
        ("twenty one", 21),
        ("twenty-one", 21),
        ("two hundred fifty six", 256),
        ("a", 1),
        ("two dozen", 24),
        ("one two three four", 1234),
        ("to", 2),
        ("free", 3),
    ],
)
def test_words_to_number(text: str, value: int) -> None:
    assert words_to_number(text) == value


@pytest.mark.parametrize("text", ["tea", "latte", "", "two lattes", "and"])
def test_words_that_are_not_numbers(text: str) -> None:
    assert words_to_number(text) is None


@pytest.mark.parametrize(
    ("fen", "spoken"),
    [
        (5600, "fifty-six yuan"),
        (2850, "twenty-eight yuan fifty"),
        (2805, "twenty-eight yuan oh five"),
        (100, "one yuan"),
        (-300, "minus three yuan"),
    ],
)
def test_amount_to_words(fen: int, spoken: str) -> None:
    assert amount_to_words(fen) == spoken


def test_amount_in_other_currency() -> None:
    assert amount_to_words(2850, "USD") == "twenty-eight dollars and fifty cents"


def test_round_trip_for_quantities() -> None:
    for n in range(0, 1000, 7):
        assert words_to_number(number_to_words(n)) == n
