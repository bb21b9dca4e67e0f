"""Audio in: any WAV, FLAC or OGG (file or bytes) or a microphone, as 16 kHz mono 16-bit PCM
for Vosk.

Clips arrive from TTS engines (22.05 kHz), phones (8 kHz), studio tools (48 kHz, 24-bit,
stereo, float). Decoding is libsndfile's (through `soundfile`), resampling is libsoxr's
(through `soxr`, its high-quality preset): both are maintained libraries that know far more
encodings and far better filters than a hand-written parser and sinc. What stays here is the
part that is this project's: anything unreadable becomes an AudioError that says what is
wrong with which file, never a library's exception from deep inside.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

from incar.errors import IncarError

TARGET_RATE = 16_000
SOXR_QUALITY = "HQ"  # 144 dB stop band attenuation, passband to 95 % of Nyquist

# libsndfile's error codes (sndfile.h) that this module explains in its own words.
_SF_ERR_UNRECOGNISED_FORMAT = 1
_SF_ERR_SYSTEM = 2


class AudioError(IncarError):
    """Audio that cannot be used: not audio, an unsupported encoding, empty, no microphone."""


def load(source: Path | str | bytes, *, name: str = "audio") -> tuple[np.ndarray, int]:
    """Float samples in [-1, 1] shaped (frames, channels) and the sample rate of an audio
    file (a path, or its bytes named `name` in errors). A recording cut short keeps the whole
    frames that are there."""
    if isinstance(source, bytes):
        return _decode(io.BytesIO(source), name)
    path = Path(source)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise AudioError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        return _decode(handle, path.name)


def _decode(handle: io.BufferedIOBase | io.BytesIO, name: str) -> tuple[np.ndarray, int]:
    try:
        samples, rate = sf.read(handle, dtype="float64", always_2d=True)
    except sf.LibsndfileError as exc:
        raise AudioError(_explain(exc, name)) from None
    except (sf.SoundFileError, RuntimeError, ValueError) as exc:
        raise AudioError(f"{name} is damaged or not supported: {exc}") from None
    if samples.shape[0] == 0:
        raise AudioError(f"{name} contains no audio samples")
    return np.nan_to_num(samples).clip(-1.0, 1.0), int(rate)


def _explain(exc: sf.LibsndfileError, name: str) -> str:
    reason = (exc.error_string or "").strip().rstrip(".")
    if exc.code == _SF_ERR_UNRECOGNISED_FORMAT:
        return f"{name} is not a WAV, FLAC or OGG file (format not recognised)"
    if exc.code == _SF_ERR_SYSTEM:
        return f"cannot read {name}: {reason or 'system error'}"
    return f"{name} is damaged or uses an unsupported encoding ({reason or f'code {exc.code}'})"


def read_audio(source: Path | str | bytes, *, name: str = "audio") -> np.ndarray:
    """Samples of a WAV, FLAC or OGG as 16 kHz mono int16, whatever its rate, bit depth or
    channel count."""
    samples, rate = load(source, name=name)
    return to_pcm16_mono(samples, rate)


read_wav = read_audio  # the older name, kept for callers that still use it


def to_pcm16_mono(samples: np.ndarray, rate: int) -> np.ndarray:
    """Mix down to mono, resample to 16 kHz and quantize to int16."""
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    resampled = resample(mono, rate, TARGET_RATE)
    pcm: np.ndarray = np.round(np.clip(resampled, -1, 1) * 32767).astype(np.int16)
    return pcm


def resample(signal: np.ndarray, source_rate: int, target_rate: int) -> np.ndarray:
    """Band-limited resampling with libsoxr: no alias going down (48 kHz speech), no image
    going up (8 kHz phone clips). Mono (frames,) or (frames, channels), float64 out."""
    if source_rate == target_rate or signal.size == 0:
        return np.asarray(signal, dtype=np.float64)
    data = np.ascontiguousarray(signal, dtype=np.float64)
    out: np.ndarray = soxr.resample(data, source_rate, target_rate, quality=SOXR_QUALITY)
    return out


def write_wav(path: Path, samples: np.ndarray, rate: int = TARGET_RATE) -> None:
    """Write mono int16 samples as a WAV file (for clips, the benchmark corpus and tests)."""
    sf.write(str(path), np.asarray(samples, dtype=np.int16), rate, subtype="PCM_16", format="WAV")
