"""Speech in for scripts, the shell and the head unit: WAV or synthesized text → transcript.

`SpeechFrontend` ties the pieces together: the recognizer with a grammar generated from the
templates, the cue phrases, the option lexicon and the catalog's vocabulary (voice.grammar),
and the n-best choice: of the recognizer's alternatives, the one the understander makes the
most complete sense of wins (a known intent, an item the catalog has, the most options), the
earlier one on a tie. That turns "it to latte to my cart" (top guess) into "two latte to my
cart" (second guess) without ever inventing words the recognizer did not consider. When no
grammar alternative means anything, the recognizer decodes the audio again without the grammar
and its alternatives are weighed too (voice.asr).
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
from core.numbers import words_to_number
from core.plurals import singular
from voice.asr import PartialCallback, Recognizer, Transcript
from voice.audio import AudioError, read_wav
from voice.corpus import command_words
from voice.grammar import cached_grammar, grammar_version
from voice.items import VocabularyEntry
from voice.model_store import ModelMissingError
from voice.nlu import Understander
from voice.options import option_words
from voice.templates import normalize_text
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


_BOOKING_INTENTS = frozenset({Intent.BOOK, Intent.CANCEL_BOOKING, Intent.LEASE_QUOTE})
_COUNTED_SLOTS = (
    "quantity",
    "extra_shots",
    "ordinal",
    "date",
    "time",
    "term_months",
    "down_payment",
)

# Understandings remembered between the recognizer's check and the n-best choice.
_READINGS_KEPT = 256
# Words of option phrases and names that say nothing on their own ("a lot of the milk", "ham
# and cheese"), so no sign that an utterance was part of an order.
_GLUE_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "on", "just"})


@dataclass(frozen=True)
class _Reading:
    completeness: tuple[int, int, int]  # see SpeechFrontend.completeness
    gist: tuple[Intent, Any, Any, Any, Any]  # what it asks for: see SpeechFrontend.agreement


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
        self._shop_words: frozenset[str] = frozenset()
        self._grammar_version = ""
        self._readings: dict[tuple[str, Expecting], _Reading] = {}
        self.set_vocabulary(vocabulary)

    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        """Use a new catalog vocabulary; the grammar is rebuilt only if it changed."""
        entries = _entries(vocabulary)
        self.understander = Understander(entries)
        # The words of items' names that the domain's sentences do not use ("my" of the car
        # wash's "wash my car" is no sign of an item), and the option words.
        names = {
            singular(word)
            for entry in entries
            for name in entry.spoken_names
            for word in normalize_text(name).split()
        }
        self._shop_words = frozenset((names - command_words()) | option_words()) - _GLUE_WORDS
        self._readings.clear()
        if not self.use_grammar:
            self.recognizer.set_grammar(None)
            return
        self.recognizer.understood = self.understood
        self.recognizer.aside = self.aside
        version = grammar_version(entries, self.recognizer.model_dir)
        if version != self._grammar_version:
            grammar = cached_grammar(
                entries, self.recognizer.model_dir, self.recognizer.knows_word, version
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
        return self.heard(self.recognizer.recognize(pcm, on_partial), expecting)

    def heard(self, result: Transcript, expecting: Expecting) -> Heard:
        """The recognizer's result as a turn: the alternative `choose` picks, and how sure
        the recognizer was of what it asks for (`agreement`)."""
        transcript = self.choose(result.alternatives, expecting)
        return Heard(
            transcript,
            self.agreement(result, transcript, expecting),
            None,
            result.asr_ms,
            result.finalize_ms,
            result.grammar_used,
            result.alternatives,
        )

    def completeness(
        self, text: str, expecting: Expecting = Expecting.COMMAND
    ) -> tuple[int, int, int]:
        """How much the understander makes of `text`: (means something, names a catalog item
        or a bookable service or model, slots filled: each option, the quantity, an extra
        shot, an ordinal, a date, a time, a lease term or down payment). "Means something"
        is a known intent whose item phrase, if it has one, names a catalog item."""
        return self._read(text, expecting).completeness

    def agreement(self, result: Transcript, transcript: str, expecting: Expecting) -> float:
        """The share of the recognizer's n-best that asks for what `transcript` asks for:
        the same intent, item, count and made-to-order choices. Alternatives that differ in
        words that change nothing ("remove the latte", "remove a latte"; "yes", "yeah", "yes
        please") agree, so a clear request is sure even when its words split the n-best;
        "nah" heard as "yeah" is a yes in only a tenth to a third of it, and "a latte with
        almond" heard as "with oat" splits it. On the development voices this asks back a
        third fewer right removals, counts and reorders than the transcript's own share did,
        and lets fewer wrong ones through."""
        gist = self._read(transcript, expecting).gist
        agreeing = sum(
            share
            for text, share in zip(result.alternatives, result.posteriors, strict=True)
            if self._read(text, expecting).gist == gist
        )
        return min(agreeing, 1.0)  # the shares' sum can pass 1 by a rounding error

    def _read(self, text: str, expecting: Expecting) -> _Reading:
        """`text` as the understander reads it, remembered for the n-best choice."""
        key = (text, expecting)
        found = self._readings.get(key)
        if found is None:
            command = self.understander.understand(text, expecting)
            slots = command.slots
            item = slots.get("item")
            best = self.understander.resolver.resolve(str(item)).best if item else None
            names = bool(item) and self.understander.names_an_item(str(item))
            known = command.intent is not Intent.UNKNOWN and (names or not item)
            # A booking names a service or a model where an order names an item.
            booked = command.intent in _BOOKING_INTENTS and any(
                slots.get(name) for name in ("service", "model")
            )
            filled = len(slots.get("options") or {}) + sum(
                1 for name in _COUNTED_SLOTS if slots.get(name)
            )
            found = _Reading(
                (int(known), int(known and (names or booked)), filled if known else 0),
                (
                    command.intent,
                    best.title if best else item,
                    slots.get("quantity"),
                    tuple(sorted((slots.get("options") or {}).items())),
                    slots.get("extra_shots"),
                ),
            )
            if len(self._readings) > _READINGS_KEPT:
                self._readings.clear()
            self._readings[key] = found
        return found

    def understood(self, text: str) -> bool:
        """Whether a transcript means something (the recognizer's cue to try free decoding)."""
        return self.completeness(text)[0] > 0

    def aside(self, text: str) -> bool:
        """Whether an utterance, on its own, is no part of a request: it asks for nothing and
        says no word of an item's name, an option or a number ("you understand", "my"). The
        recognizer leaves such utterances out at the end of a turn (voice.asr); on the babble
        dev clips that was talk behind the order, never a lost part of it."""
        if any(
            word not in _GLUE_WORDS
            and (singular(word) in self._shop_words or words_to_number(word) is not None)
            for word in normalize_text(text).split()
        ):
            return False
        return self.understander.understand(text).intent is Intent.UNKNOWN

    def choose(self, alternatives: Sequence[str], expecting: Expecting) -> str:
        """The alternative understood most completely (see `completeness`), the earlier one
        on a tie; the recognizer's top guess when none means anything."""
        if not alternatives:
            return ""
        best = max(
            range(len(alternatives)),
            key=lambda i: (self.completeness(alternatives[i], expecting), -i),
        )
        return alternatives[best]

    def close(self) -> None:
        self.renderer.close()
