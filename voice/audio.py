"""Audio in: any WAV (file or bytes) or a microphone, as 16 kHz mono 16-bit PCM for Vosk.

Clips arrive from TTS engines (22.05 kHz), phones (8 kHz), studio tools (48 kHz, 24-bit,
stereo, float). The stdlib `wave` module reads only integer PCM, so the RIFF chunks are read
here directly; resampling is numpy (a windowed-sinc low-pass, then interpolation) so no sox is
needed at run time. Anything unreadable becomes an AudioError that says what is wrong.
"""

from __future__ import annotations

import struct
import threading
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from incar.errors import IncarError

TARGET_RATE = 16_000
_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE
_FIR_TAPS = 63
_MAX_CHANNELS = 32


class AudioError(IncarError):
    """Audio that cannot be used: not a WAV, an unsupported encoding, empty, no microphone."""


@dataclass(frozen=True)
class WavInfo:
    rate: int
    channels: int
    bits: int
    encoding: int  # _PCM or _FLOAT


def read_wav(source: Path | str | bytes, *, name: str = "audio") -> np.ndarray:
    """Samples of a WAV as 16 kHz mono int16, whatever its rate, width or channel count."""
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        name = path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise AudioError(f"cannot read {path}: {exc.strerror or exc}") from exc
    info, payload = parse_wav(data, name)
    return to_pcm16_mono(decode_samples(info, payload), info.rate)


def parse_wav(data: bytes, name: str = "audio") -> tuple[WavInfo, bytes]:
    """The format and sample bytes of a RIFF/WAVE file. A data chunk cut short (a truncated
    recording) keeps the whole frames that are there."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioError(f"{name} is not a WAV file (no RIFF/WAVE header)")
    info: WavInfo | None = None
    pos = 12
    while pos + 8 <= len(data):
        chunk_id = data[pos : pos + 4]
        (size,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        body = data[pos + 8 : pos + 8 + size]
        if chunk_id == b"fmt ":
            info = _parse_fmt(body, name)
        elif chunk_id == b"data":
            if info is None:
                raise AudioError(f"{name} has its data before the format chunk")
            frame = info.channels * info.bits // 8
            usable = len(body) - len(body) % frame
            if usable == 0:
                raise AudioError(f"{name} contains no audio samples")
            return info, body[:usable]
        pos += 8 + size + (size & 1)
    if info is None:
        raise AudioError(f"{name} is damaged: no format chunk")
    raise AudioError(f"{name} contains no audio samples")


def _parse_fmt(body: bytes, name: str) -> WavInfo:
    if len(body) < 16:
        raise AudioError(f"{name} is damaged: format chunk too short")
    encoding, channels, rate, _byte_rate, _align, bits = struct.unpack("<HHIIHH", body[:16])
    if encoding == _EXTENSIBLE and len(body) >= 26:
        (encoding,) = struct.unpack("<H", body[24:26])  # first two bytes of the sub-format GUID
    if encoding not in (_PCM, _FLOAT):
        raise AudioError(f"{name} uses WAV encoding {encoding}; only PCM and float are supported")
    valid_bits = (8, 16, 24, 32) if encoding == _PCM else (32, 64)
    if bits not in valid_bits:
        raise AudioError(f"{name} has {bits}-bit samples, which are not supported")
    if not 1 <= channels <= _MAX_CHANNELS or not 1000 <= rate <= 384_000:
        raise AudioError(f"{name} is damaged: {channels} channels at {rate} Hz")
    return WavInfo(rate, channels, bits, encoding)


def decode_samples(info: WavInfo, payload: bytes) -> np.ndarray:
    """Float samples in [-1, 1], shape (frames, channels)."""
    if info.encoding == _FLOAT:
        samples = np.frombuffer(payload, dtype="<f4" if info.bits == 32 else "<f8")
        samples = np.nan_to_num(samples.astype(np.float64)).clip(-1, 1)
    elif info.bits == 8:  # 8-bit WAV is unsigned
        samples = (np.frombuffer(payload, dtype=np.uint8).astype(np.float64) - 128) / 128
    elif info.bits == 24:
        raw = np.frombuffer(payload, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        values = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        values = np.where(values >= 1 << 23, values - (1 << 24), values)
        samples = values.astype(np.float64) / (1 << 23)
    else:
        dtype = "<i2" if info.bits == 16 else "<i4"
        samples = np.frombuffer(payload, dtype=dtype).astype(np.float64) / (1 << (info.bits - 1))
    return samples.reshape(-1, info.channels)


def to_pcm16_mono(samples: np.ndarray, rate: int) -> np.ndarray:
    """Mix down to mono, resample to 16 kHz and quantize to int16."""
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    resampled = resample(mono, rate, TARGET_RATE)
    return np.round(np.clip(resampled, -1, 1) * 32767).astype(np.int16)


def resample(signal: np.ndarray, source_rate: int, target_rate: int) -> np.ndarray:
    """Band-limited resampling: a windowed-sinc low-pass before downsampling (so 48 kHz
    speech does not alias), then linear interpolation onto the new sample times."""
    if source_rate == target_rate or signal.size == 0:
        return signal
    if target_rate < source_rate:
        cutoff = 0.45 * target_rate / source_rate  # in cycles per input sample
        n = np.arange(_FIR_TAPS) - (_FIR_TAPS - 1) / 2
        taps = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(_FIR_TAPS)
        signal = np.convolve(signal, taps / taps.sum(), mode="same")
    duration = signal.size / source_rate
    count = max(1, round(duration * target_rate))
    times = np.arange(count) * (source_rate / target_rate)
    return np.interp(times, np.arange(signal.size), signal)


def write_wav(path: Path, samples: np.ndarray, rate: int = TARGET_RATE) -> None:
    """Write mono int16 samples as a WAV file (for clips, the benchmark corpus and tests)."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.asarray(samples, dtype="<i2").tobytes())


def microphone_chunks(stop: threading.Event, block_ms: int = 100) -> Iterator[bytes]:
    """16 kHz mono int16 blocks from the default microphone until `stop` is set (push to
    talk: the button press starts the loop, the release sets the event)."""
    try:
        import sounddevice as sd
    except OSError as exc:  # the Python package is there but libportaudio is not
        raise AudioError(f"no audio input: PortAudio is not installed ({exc})") from exc
    try:
        stream = sd.RawInputStream(
            samplerate=TARGET_RATE,
            channels=1,
            dtype="int16",
            blocksize=TARGET_RATE * block_ms // 1000,
        )
    except (sd.PortAudioError, ValueError) as exc:
        raise AudioError(f"no microphone available: {exc}") from exc
    with stream:
        while not stop.is_set():
            block, _overflowed = stream.read(stream.blocksize)
            yield bytes(block)
