"""Held-out phrasings said by held-out voices: speech the system was neither written nor tuned
for.

The sentences are `bench/data/heldout/phrasings.yaml` (see bench/voice_text.py). The voices
are ones the project never develops with: flite's four English voices (a different synthesizer
altogether) and espeak-ng accents and variants outside the development set. Each sentence is
said by one of them in turn, recognized by the product's speech path and understood in the
context it names; the score is its intent, as for the typed sets.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from bench.report import BenchResult
from bench.voice_text import CONTEXTS, load_phrasings
from incar.paths import data_dir
from incar.progress import progress
from voice.audio import read_audio
from voice.items import VocabularyEntry
from voice.speech import SpeechFrontend

# (engine, voice): never used for development, tuning or tests.
HELDOUT_VOICES = (
    ("flite", "slt"),
    ("flite", "rms"),
    ("flite", "awb"),
    ("flite", "kal16"),
    ("espeak-ng", "en-029"),
    ("espeak-ng", "en-us-nyc+f3"),
    ("espeak-ng", "en-gb-x-gbcwmd+m4"),
    ("espeak-ng", "en-gb-x-gbclan+f2"),
)


def _available() -> tuple[tuple[str, str], ...]:
    return tuple(v for v in HELDOUT_VOICES if shutil.which(v[0]))


def render(engine: str, voice: str, text: str, path: Path) -> None:
    if engine == "flite":
        command = ["flite", "-voice", voice, "-t", text, "-o", str(path)]
    else:
        command = ["espeak-ng", "-v", voice, "-s", "160", "-w", str(path), text]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def run(model: Path, vocabulary: Sequence[VocabularyEntry], *, quick: bool) -> list[BenchResult]:
    voices = _available()
    if not voices:
        return [BenchResult("voice.heldout_voices: no flite or espeak-ng here", "count", 0)]
    phrasings = load_phrasings("heldout")
    if quick:
        phrasings = phrasings[::3]
    cache = data_dir() / "bench" / "heldout-speech"
    cache.mkdir(parents=True, exist_ok=True)
    frontend = SpeechFrontend(model, list(vocabulary))
    right = []
    try:
        with progress("held-out phrasings, held-out voices", len(phrasings)) as bar:
            for index, phrasing in enumerate(phrasings):
                engine, voice = voices[index % len(voices)]
                key = hashlib.sha256(f"{engine}|{voice}|{phrasing.text}".encode()).hexdigest()
                wav = cache / f"{key[:16]}.wav"
                if not wav.exists():
                    render(engine, voice, phrasing.text, wav)
                expecting = CONTEXTS[phrasing.context]
                heard = frontend.hear_pcm(read_audio(wav), expecting=expecting)
                command = frontend.understander.understand(heard.transcript, expecting)
                right.append(command.intent is phrasing.intent)
                bar.advance()
    finally:
        frontend.close()
    return [
        BenchResult("voice.heldout_voices.utterances", "count", len(right)),
        BenchResult(
            "voice.heldout_voices.intent_accuracy (held-out phrasings, flite + espeak variants)",
            "%",
            100.0 * sum(right) / len(right),
            95,
            "min",
        ),
    ]
