"""The booking part of the recognizer's grammar (voice.booking_corpus): every booking cue is
said, every booking sentence is one the understanding reads, models stay out of the cart."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from core.commands import Intent
from voice.booking_corpus import BookingSentences, spoken_model_name
from voice.booking_words import model_entries
from voice.corpus import domain_sentences
from voice.cues import load_cues
from voice.grammar import grammar_version
from voice.items import VocabularyEntry
from voice.nlu import Understander

ITEMS = [
    VocabularyEntry(1, "Latte", ("latte",), "Coffee and tea", 1),
    VocabularyEntry(2, "Car Wash", ("car wash",), "Car care", 2),
    VocabularyEntry(3, "Phone Charger", ("phone charger",), "Electronics", 3),
]
MODELS = model_entries([(1, "Ford Explorer"), (2, "Ford Mustang Mach-E"), (3, "Ford Mondeo")])
BOOKING_INTENTS = {Intent.BOOK, Intent.CANCEL_BOOKING, Intent.LEASE_QUOTE}


def knows_every_word(word: str) -> bool:
    return True


@pytest.fixture(scope="module")
def booking_sentences() -> list[str]:
    return list(BookingSentences(MODELS, knows_every_word, random.Random(3)).sentences())


def test_every_booking_cue_is_said(booking_sentences: list[str]) -> None:
    """A cue no sentence says has words the recognizer's grammar may not have at all."""
    text = " | ".join(re.sub(r"'", "", s) for s in booking_sentences)
    cues = load_cues()
    missing = []
    for cue in cues.cues:
        if cues.rules[cue.intent].reads != "booking":
            continue
        pattern = r"\b" + r"\b.*?\b".join(" ".join(part) for part in cue.parts) + r"\b"
        if not re.search(pattern, text.replace(" | ", "\n")):
            missing.append(cue.parts)
    assert missing == []


def test_every_booking_sentence_is_understood(booking_sentences: list[str]) -> None:
    understander = Understander([*ITEMS, *MODELS], today=lambda: dt.date(2026, 12, 2))
    not_read = [
        s
        for s in booking_sentences
        if understander.understand(s).intent not in BOOKING_INTENTS
        and not understander.booking_answer(s)
    ]
    assert not_read == []


def test_the_sentences_name_the_models_and_the_days(booking_sentences: list[str]) -> None:
    text = "\n".join(booking_sentences)
    for phrase in ("mustang mach e", "mach e", "explorer", "ford mondeo", "saturday", "tomorrow"):
        assert phrase in text, phrase
    assert "day after tomorrow" in text and "over three years" in text


def test_models_are_never_ordered() -> None:
    sentences = domain_sentences([*ITEMS, *MODELS], knows_every_word)
    ordering = [s for s in sentences if s.startswith(("add ", "remove ", "find "))]
    assert ordering and not any("explorer" in s or "mondeo" in s for s in ordering)
    assert any("explorer" in s for s in sentences)


def test_a_name_the_recognizer_lacks_is_split_or_left_out() -> None:
    vocabulary = {"ford", "eco", "sport", "f", "one", "hundred", "fifty", "book", "a", "test"}
    vocabulary |= {"drive", "of", "the", "tour", "for", "saturday", "tomorrow"}

    def knows(word: str) -> bool:
        return word in vocabulary

    assert spoken_model_name("Ford EcoSport", knows) == "ford eco sport"
    assert spoken_model_name("Ford F-150", knows) == "ford f one hundred fifty"
    assert spoken_model_name("Ford Tourneo", knows) is None

    def knows_but_tourneo(word: str) -> bool:
        return not (len(word) > 1 and word in "tourneo")  # nor any part it could split into

    tourneo = model_entries([(1, "Ford Tourneo")])
    sentences = domain_sentences([*ITEMS, *tourneo], knows_but_tourneo)
    assert not any("tourneo" in s for s in sentences)
    assert any("lease quote" in s for s in sentences)


def test_the_grammar_changes_with_the_models() -> None:
    model = Path("vosk-model")
    fewer = [*ITEMS, *MODELS[:2]]
    assert grammar_version([*ITEMS, *MODELS], model) != grammar_version(fewer, model)
    # the same names as an item and as a model are different grammars
    as_item = VocabularyEntry(9, "Ford Explorer")
    as_model = model_entries([(9, "Ford Explorer")])[0]
    assert grammar_version([as_item], model) != grammar_version([as_model], model)
