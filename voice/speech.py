"""Speech in for scripts, the shell and the head unit: WAV or synthesized text → transcript.

`SpeechFrontend` ties the pieces together: the recognizer with a grammar built from the
templates and the catalog's vocabulary, and the n-best choice — of the recognizer's
alternatives, the first one the understander can make sense of wins. That turns "it to latte
to my cart" (top guess) into "two latte to my cart" (second guess) without ever inventing
words the recognizer did not consider.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.commands import Expecting, Intent
from voice.asr import PartialCallback, Recognizer, Transcript
from voice.audio import AudioError, read_wav
from voice.grammar import cached_grammar, phrases_version
from voice.items import VocabularyEntry
from voice.model_store import ModelMissingError
from voice.nlu import Understander
from voice.tts import Renderer, VoiceSettings

__all__ = ["AudioError", "Heard", "ModelMissingError", "SpeechFrontend"]


@dataclass(frozen=True)
class Heard:
    transcript: str
    confidence: float
    tts_ms: float | None
    asr_ms: float
    finalize_ms: float = 0.0  # end of speech → transcript
    grammar_used: bool = True
    alternatives: tuple[str, ...] = ()


Vocabulary = Mapping[str, Any] | Sequence[VocabularyEntry] | None


def _entries(vocabulary: Vocabulary) -> list[VocabularyEntry]:
    if vocabulary is None:
        return []
    if isinstance(vocabulary, Mapping):
        return [VocabularyEntry.from_json(item) for item in vocabulary.get("items", ())]
    return list(vocabulary)


class SpeechFrontend:
    """Recognition with the catalog's grammar, plus TTS for `say` turns."""

    def __init__(
        self,
        model_dir: Path | str | None = None,
        vocabulary: Vocabulary = None,
        *,
        voice: VoiceSettings | None = None,
        use_grammar: bool = True,
    ) -> None:
        self.recognizer = Recognizer(model_dir)
        self.renderer = Renderer(voice)
        self.use_grammar = use_grammar
        self.understander = Understander()
        self._grammar_version = ""
        self.set_vocabulary(vocabulary)

    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        """Use a new catalog vocabulary; the grammar is rebuilt only if it changed."""
        self.understander = Understander(_entries(vocabulary))
        if not self.use_grammar:
            self.recognizer.set_grammar(None)
            return
        phrases = self.understander.grammar_phrases()
        version = phrases_version(phrases)
        if version != self._grammar_version:
            grammar = cached_grammar(
                version, self.recognizer.model_dir, phrases, self.recognizer.knows_word
            )
            self.recognizer.set_grammar(grammar)
            self._grammar_version = version

    def hear_text_as_speech(
        self, text: str, *, voice: VoiceSettings | None = None, keep: Path | None = None
    ) -> Heard:
        """Synthesize `text` with the TTS engine, then recognize the audio (a `say` turn)."""
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="incar-say-") as tmp:
            path = keep or Path(tmp) / "say.wav"
            self.renderer.render(text, path, voice)
            tts_ms = (time.perf_counter() - started) * 1000
            heard = self.hear_wav(path)
        return Heard(
            heard.transcript,
            heard.confidence,
            tts_ms,
            heard.asr_ms,
            heard.finalize_ms,
            heard.grammar_used,
            heard.alternatives,
        )

    def hear_wav(self, path: Path | str) -> Heard:
        """Recognize a WAV file of any rate, width and channel count."""
        return self.hear_pcm(read_wav(path))

    def hear_pcm(
        self,
        pcm: np.ndarray,
        on_partial: PartialCallback | None = None,
        expecting: Expecting = Expecting.COMMAND,
    ) -> Heard:
        """Recognize 16 kHz mono int16 samples."""
        if pcm.size == 0:
            raise AudioError("the audio is empty")
        return self._heard(self.recognizer.recognize(pcm, on_partial), expecting)

    def _heard(self, result: Transcript, expecting: Expecting) -> Heard:
        transcript = self.choose(result.alternatives, expecting)
        return Heard(
            transcript,
            result.confidence_of(transcript),
            None,
            result.asr_ms,
            result.finalize_ms,
            result.grammar_used,
            result.alternatives,
        )

    def choose(self, alternatives: Sequence[str], expecting: Expecting) -> str:
        """The first alternative that means something: a known intent whose item phrase, if
        any, names a catalog item. Falls back to the recognizer's top guess."""
        for text in alternatives:
            command = self.understander.understand(text, expecting)
            if command.intent is Intent.UNKNOWN:
                continue
            item = command.slots.get("item")
            if item and not self.understander.names_an_item(str(item)):
                continue
            return text
        return alternatives[0] if alternatives else ""

    def close(self) -> None:
        self.renderer.close()
