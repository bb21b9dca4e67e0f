"""Streaming speech recognition with Vosk: grammar first, free recognition as the fallback.

Audio is fed in 100 ms blocks, as a microphone would deliver it; partial hypotheses go to a
callback (the screen shows them while the person speaks) and the recognizer's own endpointing
(AcceptWaveform returning True) marks the end of an utterance. When the grammar hears nothing
but [unk], or none of its alternatives means anything to the understander (`understood`), the
same audio is decoded again without the grammar and those alternatives come first, at a lower
confidence: an out-of-grammar request still reaches the understander instead of vanishing or
being forced onto a domain sentence, and the n-best choice weighs both.

When the endpointer splits the audio into utterances, they are joined into one transcript,
except utterances at the end that, on their own, ask for nothing and name nothing of the shop's
(`aside`): "you understand" or "will you understand" after a pause behind "a mocha with brown
sugar" is somebody else talking, and kept it would make the order unclear and asked back.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from voice.audio import TARGET_RATE
from voice.grammar import UNKNOWN_WORD
from voice.model_lean import lean_model_dir
from voice.model_store import resolve_model

BLOCK_SAMPLES = TARGET_RATE // 10  # 100 ms
PartialCallback = Callable[[str], None]


MAX_ALTERNATIVES = 8
# An utterance at the end is left out as an aside when more than this share of its n-best is
# talk that is no part of a request: babble heard as "will you understand" has a few
# alternatives with a name in them ("honey latte you understand").
ASIDE_SHARE = 0.5
# Free recognition's alternatives count for this share of their own posteriors: words heard
# without the grammar are less sure to be the domain's.
FREE_CONFIDENCE = 0.5

# Pre-roll: quiet audio fed before every utterance. Kaldi's online feature normalization and
# i-vector start from nothing, so speech at the very first sample (push-to-talk clips, TTS
# with its lead-in trimmed) loses its first word ("add two lattes" → "to latte"). A short
# stretch of near-silence first gives them a floor to adapt from.
PREROLL_MS = 400
PREROLL_LEVEL = 8.0  # RMS in int16 units (about -72 dBFS): quiet, but not digital zero


@cache
def preroll_audio(ms: int, level: float = PREROLL_LEVEL) -> bytes:
    """`ms` of low white noise as 16 kHz int16 bytes (the same every time)."""
    noise = np.random.default_rng(0).normal(0.0, level, TARGET_RATE * ms // 1000)
    return np.round(noise).astype("<i2").tobytes()


@dataclass(frozen=True)
class Transcript:
    text: str  # the recognizer's best guess
    confidence: float  # its posterior among the alternatives, 0..1
    grammar_used: bool  # False when the free-recognition fallback produced the text
    asr_ms: float  # total decoding time
    finalize_ms: float  # from the end of speech (endpoint or last block) to the result
    audio_ms: float  # length of the audio
    alternatives: tuple[str, ...] = ()  # n-best texts, best first (includes `text`)
    posteriors: tuple[float, ...] = ()  # each alternative's share of the n-best, 0..1


_model_lock = threading.Lock()


@cache
def _load_model(path: str) -> Any:
    import vosk

    vosk.SetLogLevel(-1)
    return vosk.Model(str(lean_model_dir(Path(path))))


def load_model(model_dir: Path) -> Any:
    """The vosk.Model for a directory, loaded once per process (it is read-only and shared)."""
    with _model_lock:
        return _load_model(str(model_dir))


class Recognizer:
    """Speech to text for one model and one grammar; safe to reuse across utterances."""

    def __init__(
        self, model_dir: Path | str | None = None, *, preroll_ms: int = PREROLL_MS
    ) -> None:
        self.preroll_ms = preroll_ms  # 0 turns the pre-roll off (for measuring it)
        self.model_dir = resolve_model(model_dir)
        self.model = load_model(self.model_dir)
        self._grammar: str | None = None
        # Set by the caller that understands transcripts; None decodes free only on [unk].
        self.understood: Callable[[str], bool] | None = None
        # Set by that caller too: whether an utterance is talk that is no part of a request
        # (see the module's docstring); None joins every utterance.
        self.aside: Callable[[str], bool] | None = None
        # Finished recognizers by grammar, to decode the next utterance with (`_decoder`).
        self._idle: dict[str | None, list[Any]] = {}
        self._idle_lock = threading.Lock()

    def knows_word(self, word: str) -> bool:
        return bool(self.model.vosk_model_find_word(word) >= 0)

    def set_grammar(self, words: Sequence[str] | None) -> None:
        """Restrict recognition to `words` (a Vosk word list incl. "[unk]"); None = free."""
        self._grammar = json.dumps(list(words)) if words else None
        with self._idle_lock:
            self._idle = {None: self._idle.get(None, [])}  # the free ones stay good

    def _new_recognizer(self, grammar: str | None) -> Any:
        import vosk

        if grammar is None:
            recognizer = vosk.KaldiRecognizer(self.model, TARGET_RATE)
        else:
            recognizer = vosk.KaldiRecognizer(self.model, TARGET_RATE, grammar)
        recognizer.SetMaxAlternatives(MAX_ALTERNATIVES)
        return recognizer

    @contextmanager
    def _decoder(self, grammar: str | None) -> Iterator[Any]:
        """A recognizer for `grammar`, reused from an earlier utterance when one is idle.
        Building one compiles the grammar's language model: about 80 ms for the product's
        33,000 entries, more than decoding a short command takes. After FinalResult Vosk
        starts the next utterance with a new feature pipeline and decoder (`CleanUp` from
        the finalized state), so a reused recognizer hears as a new one would (two new ones
        differ as much, by Kaldi's dither). One that failed mid-utterance is dropped."""
        with self._idle_lock:
            idle = self._idle.get(grammar)
            recognizer = idle.pop() if idle else None
        if recognizer is None:
            recognizer = self._new_recognizer(grammar)
        yield recognizer
        with self._idle_lock:
            if grammar is None or grammar == self._grammar:
                self._idle.setdefault(grammar, []).append(recognizer)

    def recognize(self, pcm: np.ndarray, on_partial: PartialCallback | None = None) -> Transcript:
        """Recognize 16 kHz mono int16 samples (see voice.audio.read_wav)."""
        data = np.asarray(pcm, dtype="<i2").tobytes()
        step = BLOCK_SAMPLES * 2
        return self.recognize_stream(
            (data[i : i + step] for i in range(0, len(data), step)), on_partial
        )

    def recognize_stream(
        self, blocks: Iterable[bytes], on_partial: PartialCallback | None = None
    ) -> Transcript:
        """Recognize a stream of 16 kHz mono int16 blocks (a file or the microphone)."""
        kept: list[bytes] = []
        started = time.perf_counter()
        nbest, finalize_ms = self._decode(blocks, self._grammar, on_partial, kept)
        grammar_used = self._grammar is not None
        understood = self.understood
        if grammar_used and not (nbest and (understood is None or any(map(understood, nbest)))):
            fallback = time.perf_counter()
            free, _ = self._decode(kept, None, None, [])
            if free:  # after the end of speech: all of it counts toward the wait
                finalize_ms += (time.perf_counter() - fallback) * 1000
                merged = {text: p * FREE_CONFIDENCE for text, p in free.items()}
                for text, p in nbest.items():
                    merged.setdefault(text, p * (1 - FREE_CONFIDENCE))
                nbest = merged
                grammar_used = False
        alternatives = tuple(nbest) or ("",)
        posteriors = tuple(nbest.values()) or (0.0,)
        audio_ms = sum(len(b) for b in kept) / 2 / TARGET_RATE * 1000
        asr_ms = (time.perf_counter() - started) * 1000
        return Transcript(
            alternatives[0],
            posteriors[0],
            grammar_used,
            asr_ms,
            finalize_ms,
            audio_ms,
            alternatives,
            posteriors,
        )

    def _decode(
        self,
        blocks: Iterable[bytes],
        grammar: str | None,
        on_partial: PartialCallback | None,
        kept: list[bytes],
    ) -> tuple[dict[str, float], float]:
        """Decode blocks; returns ({n-best text: posterior}, finalize ms). Utterances the
        endpointer split are joined but for asides at the end, the n-best taken from the last
        one kept."""
        with self._decoder(grammar) as recognizer:
            return self._decode_with(recognizer, blocks, on_partial, kept)

    def _decode_with(
        self,
        recognizer: Any,
        blocks: Iterable[bytes],
        on_partial: PartialCallback | None,
        kept: list[bytes],
    ) -> tuple[dict[str, float], float]:
        """`_decode` on a recognizer of the grammar it is for."""
        segments: list[list[dict[str, Any]]] = []
        finalize_ms = 0.0
        if self.preroll_ms > 0:  # not kept: it is not the person's audio
            recognizer.AcceptWaveform(preroll_audio(self.preroll_ms))
        for block in blocks:
            kept.append(block)
            fed = time.perf_counter()
            if recognizer.AcceptWaveform(block):
                segments.append(json.loads(recognizer.Result()).get("alternatives", []))
                finalize_ms = (time.perf_counter() - fed) * 1000
            elif on_partial is not None:
                partial = _clean(json.loads(recognizer.PartialResult()).get("partial", ""))
                if partial:
                    on_partial(partial)
        fed = time.perf_counter()
        final = json.loads(recognizer.FinalResult()).get("alternatives", [])
        if final and _clean(final[0].get("text", "")):
            segments.append(final)
            finalize_ms = (time.perf_counter() - fed) * 1000
        nbests = [_nbest(seg) for seg in segments]
        nbests = [nbest for nbest in nbests if nbest]
        aside = self.aside
        while len(nbests) > 1 and aside is not None and _share(nbests[-1], aside) > ASIDE_SHARE:
            nbests.pop()
        if not nbests:
            return {}, finalize_ms
        prefix = " ".join(next(iter(nbest)) for nbest in nbests[:-1])
        joined: dict[str, float] = {}
        for text, share in nbests[-1].items():
            text = f"{prefix} {text}".strip()
            if text:
                joined[text] = joined.get(text, 0.0) + share
        return joined, finalize_ms


def _nbest(alternatives: list[dict[str, Any]]) -> dict[str, float]:
    """One utterance's alternatives as {text: posterior}, best first; empty when the best is
    nothing but [unk]. Alternatives that differ only in [unk] ("[unk]", "[unk] yes") are one
    text, their shares added up; one of nothing but [unk] is "" (the words before it, joined)."""
    if not alternatives or not _clean(alternatives[0].get("text", "")):
        return {}
    scores = np.array([float(alt.get("confidence", 0.0)) for alt in alternatives])
    weights = np.exp(scores - scores.max())
    nbest: dict[str, float] = {}
    for alt, weight in zip(alternatives, weights / weights.sum(), strict=True):
        text = _clean(alt.get("text", ""))
        nbest[text] = nbest.get(text, 0.0) + float(weight)
    return nbest


def _share(nbest: dict[str, float], test: Callable[[str], bool]) -> float:
    """The share of an n-best whose texts pass `test`."""
    return sum(share for text, share in nbest.items() if test(text))


def _clean(text: str) -> str:
    return " ".join(w for w in text.split() if w != UNKNOWN_WORD)
