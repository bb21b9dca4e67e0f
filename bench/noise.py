"""Noise for the voice benches: a car cabin, a room full of talkers, and mixing at an SNR.

Nothing is downloaded: cabin noise is synthesized (engine harmonics plus brown road rumble) and
babble is built from espeak-ng talkers saying everyday sentences, overlapped at random offsets,
the way a cafe or a full car sounds behind the person speaking. Both are seeded, so a bench run
is repeatable.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np

from voice.audio import TARGET_RATE, read_audio, write_wav

# Everyday talk for babble: no shop or menu words, so babble never says an order itself.
_BABBLE_LINES = (
    "the meeting moved to thursday afternoon because the room was booked",
    "she said the train was late again and everybody was standing in the rain",
    "we should paint the fence before the summer gets too hot",
    "my brother finally fixed the bicycle and rode it to the lake",
    "the museum opens at nine and the tickets are cheaper online",
    "did you see the game last night it went to extra time",
    "the library keeps the old maps in a room upstairs",
    "our neighbours are moving to the coast next month",
)
_BABBLE_VOICES = ("en-us+m3", "en+f2", "en-gb-x-rp+m1", "en-us+f4", "en-gb-scotland+m2", "en+f5")


def cabin_noise(samples: int, seed: int) -> np.ndarray:
    """Engine hum (a 30-40 Hz firing frequency and harmonics, slowly wavering) plus brown road
    noise, the low-frequency rumble that dominates a car cabin."""
    rng = np.random.default_rng(seed)
    t = np.arange(samples) / TARGET_RATE
    base = rng.uniform(30, 40)
    wobble = 1 + 0.02 * np.sin(2 * np.pi * 0.5 * t)
    hum = sum(
        (0.6 / k) * np.sin(2 * np.pi * base * k * t * wobble + rng.uniform(0, 2 * np.pi))
        for k in range(1, 6)
    )
    brown = np.cumsum(rng.standard_normal(samples))
    brown -= np.convolve(brown, np.ones(801) / 801, mode="same")  # drop the drift below ~20 Hz
    brown /= np.abs(brown).max() or 1
    return np.asarray(hum + 0.8 * brown, dtype=np.float64)


def babble_bed(cache: Path) -> np.ndarray:
    """About 30 s of six overlapping talkers, rendered once and cached as a WAV."""
    path = cache / "babble-v1.wav"
    if path.exists():
        return read_audio(path).astype(np.float64)
    cache.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    length = 30 * TARGET_RATE
    bed = np.zeros(length)
    with tempfile.TemporaryDirectory(prefix="incar-babble-") as tmp:
        for index, voice in enumerate(_BABBLE_VOICES):
            track = np.zeros(length)
            position = int(rng.integers(0, TARGET_RATE))
            line = index
            while position < length:
                wav = Path(tmp) / f"{index}-{line}.wav"
                text = _BABBLE_LINES[line % len(_BABBLE_LINES)]
                subprocess.run(
                    ["espeak-ng", "-v", voice, "-s", str(150 + 10 * (index % 3)), "-w", wav, text],
                    check=True,
                    capture_output=True,
                )
                speech = read_audio(wav).astype(np.float64)
                end = min(length, position + len(speech))
                track[position:end] += speech[: end - position]
                position = end + int(rng.integers(TARGET_RATE // 10, TARGET_RATE // 2))
                line += 1
            bed += track / (np.sqrt(np.mean(track**2)) or 1)
    write_wav(path, np.round(bed / np.abs(bed).max() * 20000).astype(np.int16))
    return read_audio(path).astype(np.float64)


def babble(samples: int, seed: int, cache: Path) -> np.ndarray:
    """A stretch of the babble bed starting at a seeded offset, looped if needed."""
    bed = babble_bed(cache)
    start = int(np.random.default_rng(seed).integers(0, len(bed)))
    return np.resize(np.roll(bed, -start), samples)


def mix_at_snr(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """Speech plus noise scaled so that the speech-to-noise power ratio is `snr_db`."""
    signal = speech.astype(np.float64)
    active = signal[np.abs(signal) > 0.02 * np.abs(signal).max()]
    speech_power = np.mean(active**2)
    noise_power = np.mean(noise**2)
    scaled = noise * np.sqrt(speech_power / (noise_power * 10 ** (snr_db / 10)))
    mixed = signal + scaled
    peak = np.abs(mixed).max()
    if peak > 32767:
        mixed *= 32767 / peak
    return np.round(mixed).astype(np.int16)
