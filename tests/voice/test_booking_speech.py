"""Booking turns from real speech: text → espeak-ng WAV → Vosk with the grammar built from the
real store's catalog and new models → the booking understanding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.commands import Intent
from tests.servers import ApiServer
from voice.booking_corpus import spoken_model_name
from voice.booking_words import model_entries
from voice.items import VocabularyEntry
from voice.nlu import Understander
from voice.speech import SpeechFrontend

from .conftest import TEST_VOICE, login

pytestmark = pytest.mark.voice

TODAY = dt.date(2026, 12, 2)  # a Wednesday


@pytest.fixture(scope="module")
def vocabulary(api_server: ApiServer, entries: list[VocabularyEntry]) -> list[VocabularyEntry]:
    """The catalog's items and the store's models, as the session hands them to the voice."""
    response = httpx.get(f"{api_server.url}/api/v1/models", headers=login(api_server.url))
    response.raise_for_status()
    models = model_entries((row["id"], row["name"]) for row in response.json()["models"])
    return [*entries, *models]


@pytest.fixture(scope="module")
def booking_frontend(
    model_dir: Path, vocabulary: list[VocabularyEntry]
) -> Iterator[SpeechFrontend]:
    front = SpeechFrontend(model_dir, vocabulary, voice=TEST_VOICE)
    yield front
    front.close()


def test_every_model_name_can_be_heard(
    booking_frontend: SpeechFrontend, vocabulary: list[VocabularyEntry]
) -> None:
    """Vosk hears only words it has: each model's name and short names must be made of them."""
    knows = booking_frontend.recognizer.knows_word
    names = [name for entry in vocabulary if entry.kind == "model" for name in entry.spoken_names]
    assert names
    unheard = [name for name in names if spoken_model_name(name, knows) is None]
    assert unheard == []
    assert spoken_model_name("Ford Mustang Mach-E", knows) == "ford mustang mach e"


SPOKEN = [
    (
        "book a test drive of the Explorer for Saturday morning",
        Intent.BOOK,
        {
            "service": "test_drive",
            "model": "Ford Explorer",
            "date": "2026-12-05",
            "time": "morning",
        },
    ),
    (
        "how much a month for the Mustang Mach-E over three years",
        Intent.LEASE_QUOTE,
        {"model": "Ford Mustang Mach-E", "term_months": 36},
    ),
    ("reserve a charger at three", Intent.BOOK, {"service": "ev_charging", "time": "15:00"}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), SPOKEN, ids=[s[0] for s in SPOKEN])
def test_a_spoken_booking_is_understood(
    booking_frontend: SpeechFrontend,
    vocabulary: list[VocabularyEntry],
    text: str,
    intent: Intent,
    slots: dict[str, Any],
) -> None:
    heard = booking_frontend.hear_text_as_speech(text)
    command = Understander(vocabulary, today=lambda: TODAY).understand(heard.transcript)
    assert (command.intent, dict(command.slots)) == (intent, slots), heard
