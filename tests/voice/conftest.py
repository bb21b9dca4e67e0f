"""Fixtures for the voice tests: the real Vosk model, the real API's vocabulary, real TTS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import ApiServer
from voice.items import VocabularyEntry
from voice.model_store import resolve_model
from voice.nlu import Understander
from voice.speech import SpeechFrontend
from voice.tts import VoiceSettings

# The voice the spoken tests use: espeak-ng's American English at a calm rate.
TEST_VOICE = VoiceSettings(rate=150, voice="gmw/en-US")


def login(url: str, profile: str = "passenger") -> dict[str, str]:
    response = httpx.post(
        f"{url}/api/v1/sessions",
        json={"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": profile},
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture(scope="session")
def model_dir() -> Path:
    return resolve_model()


@pytest.fixture(scope="session")
def api_vocabulary(api_server: ApiServer) -> dict[str, Any]:
    """GET /api/v1/vocabulary from the real seeded API."""
    response = httpx.get(f"{api_server.url}/api/v1/vocabulary", headers=login(api_server.url))
    response.raise_for_status()
    payload: dict[str, Any] = response.json()
    return payload


@pytest.fixture(scope="session")
def entries(api_vocabulary: dict[str, Any]) -> list[VocabularyEntry]:
    return [VocabularyEntry.from_json(item) for item in api_vocabulary["items"]]


@pytest.fixture(scope="session")
def understander(entries: list[VocabularyEntry]) -> Understander:
    return Understander(entries)


@pytest.fixture(scope="session")
def frontend(model_dir: Path, api_vocabulary: dict[str, Any]) -> Iterator[SpeechFrontend]:
    front = SpeechFrontend(model_dir, api_vocabulary, voice=TEST_VOICE)
    yield front
    front.close()
