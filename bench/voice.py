"""`incar bench voice`: spoken-command accuracy and speed on a synthesized in-car corpus.

The corpus is generated, not recorded: order sentences over the catalog's spoken names, said
by several espeak-ng voices at several speeds (pyttsx3), each also mixed with synthesized
car-cabin noise (engine hum plus brown road noise) at 10 dB SNR. The system under test is the
product path (catalog grammar, n-best choice, templates, fuzzy item resolution); beside it, on
the same audio, a naive baseline: free recognition and exact keyword matching.

Before those synthetic figures come the ones that matter more: real recorded speech through
the whole head unit (bench/voice_real.py) and typed phrasings nobody wrote templates for, on a
development set and a held-out set (bench/voice_text.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench import voice_real, voice_spoken, voice_text
from bench.noise import cabin_noise, mix_at_snr
from bench.report import BenchResult, median, percentile
from bench.servers import ApiServer
from car_ui.client import RetailClient
from car_ui.outbox import Outbox
from car_ui.session import OrderingSession
from core.commands import Expecting, Intent
from incar.paths import data_dir
from incar.progress import progress
from voice.asr import Recognizer
from voice.audio import read_wav, write_wav
from voice.items import VocabularyEntry
from voice.model_store import resolve_model
from voice.speech import SpeechFrontend
from voice.tts import Renderer, VoiceSettings

log = logging.getLogger(__name__)

VOICES = (
    VoiceSettings(150, "gmw/en-US"),
    VoiceSettings(175, "gmw/en"),
    VoiceSettings(145, "gmw/en-GB-x-rp"),
    VoiceSettings(185, "gmw/en-US"),
    VoiceSettings(160, "gmw/en-GB-scotland"),
)
SNR_DB = 10.0
ITEMS = (
    "latte",
    "americano",
    "cappuccino",
    "green tea",
    "croissant",
    "sandwich",
    "bottled water",
    "orange juice",
    "phone charger",
    "car wash",
    "flat white",
    "roses",
)
PLURALS = {
    "roses": "roses",
    "sandwich": "sandwiches",
    "car wash": "car washes",
    "bottled water": "bottled waters",
    "orange juice": "orange juices",
}
ITEM_SENTENCES = (
    ("add two {plural} to my cart", Intent.ADD_TO_CART),
    ("search for {name}", Intent.SEARCH),
    ("remove the {name} from my cart", Intent.REMOVE_FROM_CART),
    ("i would like a {name}", Intent.ADD_TO_CART),
    ("change the {plural} to three", Intent.SET_QUANTITY),
)
PLAIN_SENTENCES = (
    ("what is in my cart", Intent.SHOW_CART),
    ("show my cart", Intent.SHOW_CART),
    ("clear my cart", Intent.CLEAR_CART),
    ("checkout", Intent.CHECKOUT),
    ("place my order", Intent.CHECKOUT),
    ("yes please", Intent.CONFIRM),
    ("yes", Intent.CONFIRM),
    ("no thanks", Intent.DENY),
    ("cancel my order", Intent.CANCEL),
    ("where is my order", Intent.ORDER_STATUS),
    ("track my order", Intent.ORDER_STATUS),
    ("order the same again", Intent.REORDER),
    ("number three", Intent.SELECT),
    ("what can i say", Intent.HELP),
    ("help", Intent.HELP),
    ("say that again", Intent.REPEAT),
)
# The naive baseline: the first keyword found in the transcript decides the intent.
BASELINE_KEYWORDS = (
    ("add", Intent.ADD_TO_CART),
    ("like", Intent.ADD_TO_CART),
    ("search", Intent.SEARCH),
    ("remove", Intent.REMOVE_FROM_CART),
    ("change", Intent.SET_QUANTITY),
    ("clear", Intent.CLEAR_CART),
    ("checkout", Intent.CHECKOUT),
    ("place", Intent.CHECKOUT),
    ("cancel", Intent.CANCEL),
    ("where", Intent.ORDER_STATUS),
    ("track", Intent.ORDER_STATUS),
    ("again", Intent.REORDER),
    ("number", Intent.SELECT),
    ("help", Intent.HELP),
    ("what can", Intent.HELP),
    ("cart", Intent.SHOW_CART),
    ("yes", Intent.CONFIRM),
    ("no", Intent.DENY),
)


@dataclass(frozen=True)
class Utterance:
    text: str
    intent: Intent
    item: str | None  # expected item title (lower case), for sentences that name one
    voice: VoiceSettings


@dataclass
class Outcome:
    intent_ok: bool
    item_ok: bool | None
    latency_ms: float
    asr_ms: float
    audio_ms: float


def corpus(quick: bool) -> list[Utterance]:
    """Sentences × voices: every item sentence for every item, plus the plain commands."""
    sentences: list[tuple[str, Intent, str | None]] = []
    for name in ITEMS:
        plural = PLURALS.get(name, name + "s")
        for pattern, intent in ITEM_SENTENCES:
            sentences.append((pattern.format(name=name, plural=plural), intent, name))
    sentences += [(text, intent, None) for text, intent in PLAIN_SENTENCES]
    voices = VOICES[:4] if quick else VOICES
    utterances = []
    for index, (text, intent, item) in enumerate(sentences):
        # Quick mode: each sentence once, voices in turn; full: every sentence by every voice.
        chosen = [voices[index % len(voices)]] if quick else list(voices)
        utterances += [Utterance(text, intent, item, voice) for voice in chosen]
    return utterances


def synthesize(utterances: Sequence[Utterance], cache: Path) -> list[tuple[Path, Path]]:
    """(clean, noisy) 16 kHz WAVs for each utterance, cached by text and voice."""
    cache.mkdir(parents=True, exist_ok=True)
    renderer = Renderer()
    paths = []
    try:
        with progress("synthesizing voice corpus", len(utterances)) as bar:
            for utterance in utterances:
                voice = utterance.voice
                key = hashlib.sha256(f"{utterance.text}|{voice}".encode()).hexdigest()[:16]
                clean, noisy = cache / f"{key}.wav", cache / f"{key}-noisy.wav"
                if not (clean.exists() and noisy.exists()):
                    raw = cache / f"{key}-raw.wav"
                    renderer.render(utterance.text, raw, voice)
                    pcm = read_wav(raw)
                    raw.unlink()
                    write_wav(clean, pcm)
                    seed = int(key[:8], 16)
                    write_wav(noisy, mix_at_snr(pcm, cabin_noise(len(pcm), seed), SNR_DB))
                paths.append((clean, noisy))
                bar.advance()
    finally:
        renderer.close()
    return paths


def session_vocabulary(workdir: Path) -> list[VocabularyEntry]:
    """The vocabulary exactly as the head unit builds it: a freshly seeded store behind the
    mock API, read by a signed-in ordering session. So the benches hear and understand with
    the product's own grammar: the catalog's items as GET /vocabulary lists them, with the
    option groups a made-to-order drink is said with, and the store's new models."""
    from catalog.seeding import seed_database

    url = f"sqlite:///{workdir / 'bench-voice.sqlite3'}"
    seed_database(url, items=None, reset=True)
    server = ApiServer(url).start()
    try:
        session = OrderingSession(
            RetailClient(server.url), outbox=Outbox(workdir / "bench-voice-outbox.sqlite3")
        )
        try:
            session.start("passenger")
            return list(session.vocabulary)
        finally:
            session.close()
    finally:
        server.stop()


def evaluate_system(
    frontend: SpeechFrontend, utterances: Sequence[Utterance], wavs: Sequence[Path], label: str
) -> list[Outcome]:
    understander = frontend.understander
    outcomes = []
    with progress(f"recognizing ({label})", len(wavs)) as bar:
        for utterance, wav in zip(utterances, wavs, strict=True):
            result = frontend.recognizer.recognize(read_wav(wav))
            started = time.perf_counter()
            text = frontend.choose(result.alternatives, Expecting.COMMAND)
            command = understander.understand(text)
            item_ok = None
            if utterance.item is not None:
                phrase = str(command.slots.get("item", ""))
                best = understander.resolver.resolve(phrase).best if phrase else None
                item_ok = best is not None and best.title.lower() == utterance.item
            latency = result.finalize_ms + (time.perf_counter() - started) * 1000
            outcomes.append(
                Outcome(
                    command.intent is utterance.intent,
                    item_ok,
                    latency,
                    result.asr_ms,
                    result.audio_ms,
                )
            )
            bar.advance()
    return outcomes


def baseline_intent(text: str) -> Intent:
    words = f" {text} "
    for keyword, intent in BASELINE_KEYWORDS:
        if f" {keyword} " in words:
            return intent
    return Intent.UNKNOWN


def evaluate_baseline(
    recognizer: Recognizer, utterances: Sequence[Utterance], wavs: Sequence[Path], label: str
) -> list[Outcome]:
    outcomes = []
    with progress(f"baseline ({label})", len(wavs)) as bar:
        for utterance, wav in zip(utterances, wavs, strict=True):
            result = recognizer.recognize(read_wav(wav))
            item_ok = None
            if utterance.item is not None:
                item_ok = utterance.item in result.text or (
                    PLURALS.get(utterance.item, utterance.item + "s") in result.text
                )
            outcomes.append(
                Outcome(
                    baseline_intent(result.text) is utterance.intent,
                    item_ok,
                    result.finalize_ms,
                    result.asr_ms,
                    result.audio_ms,
                )
            )
            bar.advance()
    return outcomes


def _rate(outcomes: Sequence[Outcome], key: Callable[[Outcome], bool | None]) -> float:
    values = [v for v in map(key, outcomes) if v is not None]
    return 100.0 * sum(values) / len(values) if values else 0.0


def _rtf(outcomes: Sequence[Outcome]) -> float:
    return sum(o.asr_ms for o in outcomes) / sum(o.audio_ms for o in outcomes)


_PROBE = """
import json, sys, time
from bench.report import peak_rss_mib
from voice.asr import load_model
from voice.audio import read_wav
from voice.speech import SpeechFrontend
started = time.perf_counter()
load_model(__import__("pathlib").Path(sys.argv[1]))
load_s = time.perf_counter() - started
from voice.items import VocabularyEntry
entries = [
    VocabularyEntry(**{k: tuple(v) if isinstance(v, list) else v for k, v in row.items()})
    for row in json.loads(sys.argv[2])
]
frontend = SpeechFrontend(sys.argv[1], entries)
frontend.hear_pcm(read_wav(sys.argv[3]))
print(json.dumps({"load_s": load_s, "peak_mb": peak_rss_mib()}))
"""


def probe_process(model: Path, vocabulary: list[VocabularyEntry], wav: Path) -> tuple[float, float]:
    """Model load time and peak RSS of a fresh process that loads the model, builds the
    grammar and recognizes one utterance; RSS is also sampled with psutil meanwhile."""
    payload = json.dumps([dataclasses.asdict(entry) for entry in vocabulary])
    child = subprocess.Popen(
        [sys.executable, "-c", _PROBE, str(model), payload, str(wav)],
        stdout=subprocess.PIPE,
        text=True,
    )
    sampled = 0
    watcher = psutil.Process(child.pid)
    while child.poll() is None:
        try:
            sampled = max(sampled, watcher.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.01)
    out, _ = child.communicate()
    report = json.loads(out.strip().splitlines()[-1])
    return float(report["load_s"]), max(float(report["peak_mb"]), sampled / 2**20)


def run(quick: bool, real_speech: Path | None = None) -> list[BenchResult]:
    model = resolve_model()
    utterances = corpus(quick)
    cache = data_dir() / "bench" / "voice-corpus"
    with tempfile.TemporaryDirectory(prefix="incar-bench-voice-") as tmp:
        vocabulary = session_vocabulary(Path(tmp))
    wavs = synthesize(utterances, cache)
    clean = [c for c, _ in wavs]
    noisy = [n for _, n in wavs]

    frontend = SpeechFrontend(model, vocabulary)
    system_clean = evaluate_system(frontend, utterances, clean, "clean")
    system_noisy = evaluate_system(frontend, utterances, noisy, "noisy")
    frontend.close()

    free = Recognizer(model)
    baseline_sample = slice(None, None, 3 if quick else 4)  # free decoding is ~10x slower
    base_utts = utterances[baseline_sample]
    base_clean = evaluate_baseline(free, base_utts, clean[baseline_sample], "clean")
    base_noisy = evaluate_baseline(free, base_utts, noisy[baseline_sample], "noisy")

    runs = 1 if quick else 3
    probes = [probe_process(model, vocabulary, clean[0]) for _ in range(runs)]
    load_s = median([p[0] for p in probes])
    peak_mb = max(p[1] for p in probes)

    latencies = [o.latency_ms for o in system_clean + system_noisy]
    intent_clean = _rate(system_clean, lambda o: o.intent_ok)
    intent_noisy = _rate(system_noisy, lambda o: o.intent_ok)
    base_intent_clean = _rate(base_clean, lambda o: o.intent_ok)
    base_intent_noisy = _rate(base_noisy, lambda o: o.intent_ok)
    return [
        *voice_real.run(real_speech, model, quick=quick),
        *voice_text.run(vocabulary),
        *voice_spoken.run(model, vocabulary, quick=quick),
        BenchResult("voice corpus utterances (clean + noisy)", "count", 2 * len(utterances)),
        BenchResult("intent accuracy clean", "%", intent_clean, 95, "min"),
        BenchResult("intent accuracy noisy 10 dB", "%", intent_noisy, 90, "min"),
        BenchResult(
            "item accuracy clean", "%", _rate(system_clean, lambda o: o.item_ok), 90, "min"
        ),
        BenchResult("item accuracy noisy 10 dB", "%", _rate(system_noisy, lambda o: o.item_ok)),
        BenchResult("end of speech to intent p50", "ms", percentile(latencies, 50)),
        BenchResult("end of speech to intent p95", "ms", percentile(latencies, 95), 200),
        BenchResult("ASR real-time factor (grammar)", "x", _rtf(system_clean + system_noisy), 0.1),
        BenchResult("ASR real-time factor (free)", "x", _rtf(base_clean + base_noisy)),
        BenchResult("model load", "s", load_s, 2),
        BenchResult("peak RSS (model + grammar + one utterance)", "MiB", peak_mb, 300),
        BenchResult("baseline intent accuracy clean (free ASR + keywords)", "%", base_intent_clean),
        BenchResult("baseline intent accuracy noisy (free ASR + keywords)", "%", base_intent_noisy),
        BenchResult(
            "baseline item accuracy clean (exact name in transcript)",
            "%",
            _rate(base_clean, lambda o: o.item_ok),
        ),
        BenchResult(
            "intent accuracy clean vs baseline",
            "ratio",
            intent_clean / max(base_intent_clean, 1e-9),
        ),
        BenchResult(
            "intent accuracy noisy vs baseline",
            "ratio",
            intent_noisy / max(base_intent_noisy, 1e-9),
        ),
    ]
