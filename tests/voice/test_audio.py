"""Audio in every shape a WAV file comes in, recognized or refused with a clear AudioError."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from voice.audio import AudioError, read_wav, resample
from voice.speech import SpeechFrontend
from voice.tts import Renderer

from .conftest import TEST_VOICE

pytestmark = pytest.mark.voice


def riff(samples: np.ndarray, rate: int, *, bits: int, float_format: bool = False) -> bytes:
    """A WAV file's bytes for float samples in [-1, 1] shaped (frames, channels)."""
    _frames, channels = samples.shape
    if float_format:
        data = samples.astype("<f4").tobytes()
    elif bits == 8:
        data = np.round(samples * 127 + 128).astype(np.uint8).tobytes()
    elif bits == 24:
        ints = np.round(samples * (2**23 - 1)).astype("<i4").reshape(-1)
        data = b"".join(int(v).to_bytes(3, "little", signed=True) for v in ints)
    else:
        data = np.round(samples * (2 ** (bits - 1) - 1)).astype(f"<i{bits // 8}").tobytes()
    encoding = 3 if float_format else 1
    fmt = struct.pack(
        "<HHIIHH", encoding, channels, rate, rate * channels * bits // 8, channels * bits // 8, bits
    )
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> tuple[np.ndarray, int]:
    """'checkout' as espeak-ng says it: float mono samples at the engine's 22.05 kHz."""
    path = tmp_path_factory.mktemp("audio") / "checkout.wav"
    renderer = Renderer(TEST_VOICE)
    renderer.render("checkout", path)
    renderer.close()
    data = path.read_bytes()
    pcm = np.frombuffer(data[44:], dtype="<i2").astype(np.float64) / 32768
    return pcm, 22050


def variant(spoken: tuple[np.ndarray, int], rate: int, channels: int) -> np.ndarray:
    mono = resample(spoken[0], spoken[1], rate)
    return np.repeat(mono[:, None], channels, axis=1) * 0.9


@pytest.mark.parametrize(
    ("rate", "channels", "bits", "float_format"),
    [
        (22050, 1, 16, False),
        (16000, 1, 16, False),
        (22050, 2, 16, False),
        (8000, 1, 16, False),
        (48000, 1, 24, False),
        (44100, 2, 32, False),
        (16000, 1, 8, False),
        (48000, 2, 32, True),
    ],
)
def test_any_wav_format_is_recognized(
    frontend: SpeechFrontend,
    spoken: tuple[np.ndarray, int],
    tmp_path: Path,
    rate: int,
    channels: int,
    bits: int,
    float_format: bool,
) -> None:
    path = tmp_path / "clip.wav"
    path.write_bytes(
        riff(variant(spoken, rate, channels), rate, bits=bits, float_format=float_format)
    )
    pcm = read_wav(path)
    assert pcm.dtype == np.int16
    assert abs(len(pcm) / 16000 - len(spoken[0]) / spoken[1]) < 0.01  # same duration
    assert frontend.hear_wav(path).transcript == "checkout"


def test_truncated_recording_keeps_what_is_there(
    frontend: SpeechFrontend, spoken: tuple[np.ndarray, int], tmp_path: Path
) -> None:
    """A recording cut off mid-write: the header promises more data than the file has."""
    data = riff(variant(spoken, 16000, 1), 16000, bits=16)
    path = tmp_path / "cut.wav"
    path.write_bytes(data[: len(data) - 3001])  # also cuts a sample in half
    assert len(read_wav(path)) == (len(data) - 3001 - 44) // 2
    assert frontend.hear_wav(path).transcript == "checkout"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a WAV file"),
        (b"hello, this is a text file, not audio at all\n" * 10, "not a WAV file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "not a WAV file"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00", "damaged"),
        (riff(np.zeros((0, 1)), 16000, bits=16), "no audio samples"),
        (riff(np.zeros((10, 1)), 16000, bits=12), "12-bit"),
    ],
    ids=["empty-file", "text", "png", "truncated-header", "no-samples", "12-bit"],
)
def test_bad_audio_is_a_clear_error(
    frontend: SpeechFrontend, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError, match=message):
        frontend.hear_wav(path)


def test_missing_file_is_a_clear_error(frontend: SpeechFrontend, tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="cannot read"):
        frontend.hear_wav(tmp_path / "nope.wav")


def test_silence_is_heard_as_nothing(frontend: SpeechFrontend, tmp_path: Path) -> None:
    path = tmp_path / "silence.wav"
    path.write_bytes(riff(np.zeros((16000, 1)), 16000, bits=16))
    assert frontend.hear_wav(path).transcript == ""


def test_no_microphone_is_a_clear_error() -> None:
    import threading

    import sounddevice as sd

    from voice.audio import microphone_chunks

    try:
        has_input = any(d["max_input_channels"] > 0 for d in sd.query_devices())
    except sd.PortAudioError:
        has_input = False
    if has_input:
        pytest.skip("this machine has a microphone")
    with pytest.raises(AudioError, match=r"microphone|PortAudio"):
        next(microphone_chunks(threading.Event()))
