"""Phrasings the templates never saw, said by voices: the typed sets of bench/voice_text heard
through the product's speech path.

Two sets, kept apart like their typed counterparts:

- development: the `dev` to `dev5` phrasings said by development voices (espeak-ng accents and
  variants, and festival's "ked" diphone voice where festival is installed). Its failures may
  be read one by one and tuned on (`misses`). The texts of `dev` to `dev4` are also in the
  grammar's corpus (voice.natural), so the figure for `dev5` alone is reported beside it.
- held-out: the `heldout` phrasings said by voices never used for development, tuning or tests:
  flite's four English voices (a synthesizer of its own) and espeak-ng accents outside the
  development set. Only scored.

Beside them, every development answer to a read-back is said by every development voice: a
no heard as a yes places an order, so those turns are counted on their own.

Each sentence is said by the next voice of its set, recognized with the product's grammar and
vocabulary (the catalog's items and the store's models, as the session builds it) and
understood in the context it names. It is scored as the typed sets are (bench/voice_text.judge)
on its intent, and on wrong actions as the session would take them: a reading that changes the
cart wrongly counts unless the session checks it back first (a spoken add with words nothing
explains, a removal, clear or reorder heard without confidence, a yes heard unsure), and such
a check is counted as asked back.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.report import BenchResult
from bench.voice_text import CONTEXTS, Phrasing, judge, load_phrasings, titles
from car_ui.session.questions import checks_add_back, needs_confirming, unsure_yes
from core.commands import Command, Source
from incar.paths import data_dir
from incar.progress import progress
from voice.audio import read_audio
from voice.items import VocabularyEntry
from voice.speech import SpeechFrontend

# (engine, voice). The two lists share no voice and no espeak-ng accent.
DEV_VOICES = (
    ("espeak-ng", "en-us+m3"),
    ("espeak-ng", "en-gb-x-rp+f4"),
    ("festival", "ked"),
    ("espeak-ng", "en-gb-scotland+m2"),
    ("espeak-ng", "en+f2"),
    ("espeak-ng", "en-us+klatt2"),
)
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
DEV_SETS = ("dev", "dev2", "dev3", "dev4", "dev5")
# Every n-th development sentence: the four sets hold about 1,500, the held-out set about 300.
DEV_STEP = 4
_PROGRAMS = {"flite": "flite", "espeak-ng": "espeak-ng", "festival": "text2wave"}


@dataclass(frozen=True)
class SpokenTurn:
    phrasing: Phrasing
    voice: str
    heard: str
    intent_ok: bool
    wrong_action: bool  # acted on without asking, and wrong
    asked_back: bool  # checked back before acting


def _available(voices: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(v for v in voices if shutil.which(_PROGRAMS[v[0]]))


def render(engine: str, voice: str, text: str, path: Path) -> None:
    """Say `text` into the WAV file `path` with one engine's voice."""
    stdin = None
    if engine == "flite":
        command = ["flite", "-voice", voice, "-t", text, "-o", str(path)]
    elif engine == "festival":
        command = ["text2wave", "-eval", f"(voice_{voice}_diphone)", "-o", str(path)]
        stdin = text.encode()
    else:
        command = ["espeak-ng", "-v", voice, "-s", "160", "-w", str(path), text]
    subprocess.run(command, input=stdin, check=True, capture_output=True, timeout=60)


def hear(
    model: Path,
    vocabulary: Sequence[VocabularyEntry],
    phrasings: Sequence[Phrasing],
    voices: Sequence[tuple[str, str]],
    label: str,
) -> list[SpokenTurn]:
    """Each phrasing said by the next voice, recognized and understood as the product does."""
    cache = data_dir() / "bench" / "spoken-phrasings"
    cache.mkdir(parents=True, exist_ok=True)
    frontend = SpeechFrontend(model, vocabulary)
    names = titles(vocabulary)
    turns = []
    try:
        with progress(label, len(phrasings)) as bar:
            for index, phrasing in enumerate(phrasings):
                engine, voice = voices[index % len(voices)]
                key = hashlib.sha256(f"{engine}|{voice}|{phrasing.text}".encode()).hexdigest()
                wav = cache / f"{key[:16]}.wav"
                if not wav.exists():
                    render(engine, voice, phrasing.text, wav)
                expecting = CONTEXTS[phrasing.context]
                heard = frontend.hear_pcm(read_audio(wav), expecting=expecting)
                command = frontend.understander.understand(
                    heard.transcript, expecting, source=Source.VOICE, confidence=heard.confidence
                )
                scored = judge(frontend.understander, phrasing, command, names)
                asks = _checked_back(command, phrasing)
                turns.append(
                    SpokenTurn(
                        phrasing,
                        voice,
                        heard.transcript,
                        scored.intent_ok,
                        scored.wrong_action and not asks,
                        asks,
                    )
                )
                bar.advance()
    finally:
        frontend.close()
    return turns


def _checked_back(command: Command, phrasing: Phrasing) -> bool:
    """Whether the session reads this spoken command back before acting on it, or asks
    again before taking an unsure yes to a read-back."""
    unsure_answer = phrasing.context == "after_readback" and unsure_yes(command)
    return checks_add_back(command) or unsure_answer or needs_confirming(command)


def _results(name: str, turns: Sequence[SpokenTurn], target: float | None) -> list[BenchResult]:
    def pct(values: Sequence[bool]) -> float:
        return 100.0 * sum(values) / len(values) if values else 0.0

    return [
        BenchResult(f"voice.{name}.utterances", "count", len(turns)),
        BenchResult(
            f"voice.{name}.intent_accuracy", "%", pct([t.intent_ok for t in turns]), target, "min"
        ),
        BenchResult(
            f"voice.{name}.wrong_action_rate", "%", pct([t.wrong_action for t in turns]), 1.0
        ),
        BenchResult(f"voice.{name}.asked_back", "%", pct([t.asked_back for t in turns])),
    ]


def dev_phrasings(quick: bool) -> list[Phrasing]:
    every = [p for name in DEV_SETS for p in load_phrasings(name)]
    return every[:: DEV_STEP * (3 if quick else 1)]


def dev_answers(quick: bool, voices: int) -> list[Phrasing]:
    """Every development answer to a read-back (each text once), repeated once per voice so
    that `hear` gives each to every voice: a no taken as a yes places an order."""
    answers: dict[str, Phrasing] = {}
    for name in DEV_SETS:
        for phrasing in load_phrasings(name):
            if phrasing.context == "after_readback":
                answers.setdefault(phrasing.text, phrasing)
    return [p for p in list(answers.values())[:: 3 if quick else 1] for _ in range(voices)]


def run(model: Path, vocabulary: Sequence[VocabularyEntry], *, quick: bool) -> list[BenchResult]:
    dev_voices, heldout_voices = _available(DEV_VOICES), _available(HELDOUT_VOICES)
    if not dev_voices or not heldout_voices:
        return [BenchResult("voice.spoken: no flite or espeak-ng here", "count", 0)]
    heldout = load_phrasings("heldout")[:: 3 if quick else 1]
    dev = hear(model, vocabulary, dev_phrasings(quick), dev_voices, "dev phrasings, dev voices")
    answers = hear(
        model,
        vocabulary,
        dev_answers(quick, len(dev_voices)),
        dev_voices,
        "dev answers to a read-back, every dev voice",
    )
    held = hear(model, vocabulary, heldout, heldout_voices, "held-out phrasings, held-out voices")
    unseen = {p.text for p in load_phrasings("dev5")}  # not in voice/natural.yaml
    return [
        *_results("dev_voices (dev phrasings, espeak variants + festival)", dev, None),
        *_results(
            "dev_voices.dev5 (dev5 only: not in the grammar's natural requests)",
            [t for t in dev if t.phrasing.text in unseen],
            None,
        ),
        *_results(
            "dev_voices.answers (every dev answer to a read-back, every dev voice)", answers, None
        ),
        *_results("heldout_voices (held-out phrasings, flite + espeak variants)", held, 95.0),
    ]
