"""Speech out never fails a turn silently: real espeak-ng renders, retry, fallback, clear error."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from tests.voice.conftest import TEST_VOICE
from voice.audio import AudioError
from voice.tts import (
    EspeakCliEngine,
    Pyttsx3Engine,
    Renderer,
    SpeechSynthesisError,
    VoiceSettings,
)


def seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as handle:
        return handle.getnframes() / handle.getframerate()


class FakeFailingEngine:
    """Stands in for the real pyttsx3 engine: fails the way it used to, or raises."""

    def __init__(self, name: str = "fake-pyttsx3", *, empty: bool = True) -> None:
        self.name = name
        self.empty = empty
        self.calls = 0

    def render(self, text: str, path: Path, settings: VoiceSettings) -> None:
        self.calls += 1
        if not self.empty:
            raise AudioError("the fake engine refused")
        with wave.open(str(path), "wb") as handle:  # a header and no samples: "no audio"
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(22050)

    def close(self) -> None:
        pass


def test_thirty_renders_in_a_row_all_have_audio(tmp_path: Path) -> None:
    """With the voice and rate changing between renders, which is what used to make
    pyttsx3 cancel its own synthesis and write empty files (voice.tts_worker)."""
    engine = Pyttsx3Engine()
    renderer = Renderer(TEST_VOICE, primary=engine, fallback=None, attempts=1)
    voices = ["gmw/en-US", None, "gmw/en-GB-x-rp", "gmw/en"]
    try:
        for index in range(30):
            settings = VoiceSettings(rate=(130, 150, 175)[index % 3], voice=voices[index % 4])
            path = renderer.render("add a croissant", tmp_path / "reply.wav", settings)
            assert renderer.last_engine == "pyttsx3"
            assert seconds(path) > 0.5, f"render {index} ({settings}) is too short"
    finally:
        renderer.close()


def test_the_espeak_command_line_renders_on_its_own(tmp_path: Path) -> None:
    path = tmp_path / "cli.wav"
    EspeakCliEngine().render("add two lattes to my cart", path, TEST_VOICE)
    assert seconds(path) > 1.0


def test_a_failing_primary_is_retried_then_the_fallback_speaks(tmp_path: Path) -> None:
    fake = FakeFailingEngine()
    renderer = Renderer(TEST_VOICE, primary=fake, attempts=2)
    path = renderer.render("what is in my cart", tmp_path / "reply.wav")
    assert fake.calls == 2
    assert renderer.last_engine == "espeak-ng"
    assert seconds(path) > 0.5


def test_a_stale_file_never_passes_for_a_new_reply(tmp_path: Path) -> None:
    path = tmp_path / "reply.wav"
    EspeakCliEngine().render("an old reply", path, TEST_VOICE)
    renderer = Renderer(TEST_VOICE, primary=FakeFailingEngine(), fallback=None)
    with pytest.raises(SpeechSynthesisError):
        renderer.render("a new reply", path)


def test_when_every_engine_fails_the_error_says_what_happened(tmp_path: Path) -> None:
    renderer = Renderer(
        TEST_VOICE,
        primary=FakeFailingEngine(empty=True),
        fallback=EspeakCliEngine("/nonexistent/espeak-ng"),
        attempts=2,
    )
    with pytest.raises(SpeechSynthesisError) as caught:
        renderer.render("checkout", tmp_path / "reply.wav")
    message = str(caught.value)
    assert message.startswith("speech synthesis failed for 'checkout': ")
    assert message.count("fake-pyttsx3: produced no audio") == 2
    assert "/nonexistent/espeak-ng could not run" in message
    assert isinstance(caught.value, AudioError)  # callers that catch AudioError still do


def test_an_engine_error_is_kept_in_the_message(tmp_path: Path) -> None:
    renderer = Renderer(primary=FakeFailingEngine(empty=False), fallback=None, attempts=1)
    with pytest.raises(SpeechSynthesisError, match="fake-pyttsx3: the fake engine refused"):
        renderer.render("yes", tmp_path / "reply.wav")
