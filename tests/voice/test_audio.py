"""Audio in every shape a clip comes in (WAV, FLAC, OGG; any rate, channel count and bit
depth), recognized or refused with a clear AudioError; and resampling that leaves no image."""

from __future__ import annotations

import struct
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voice.audio import AudioError, load, read_audio, read_wav, resample
from voice.speech import SpeechFrontend
from voice.tts import Renderer

from .conftest import TEST_VOICE


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> tuple[np.ndarray, int]:
    """'checkout' as espeak-ng says it: float mono samples at the engine's 22.05 kHz."""
    path = tmp_path_factory.mktemp("audio") / "checkout.wav"
    renderer = Renderer(TEST_VOICE)
    renderer.render("checkout", path)
    renderer.close()
    samples, rate = sf.read(str(path), dtype="float64")
    return samples, rate


def variant(spoken: tuple[np.ndarray, int], rate: int, channels: int) -> np.ndarray:
    mono = resample(spoken[0], spoken[1], rate)
    return np.repeat(mono[:, None], channels, axis=1) * 0.9


@pytest.mark.voice
@pytest.mark.parametrize(
    ("suffix", "subtype", "rate", "channels"),
    [
        ("wav", "PCM_16", 22050, 1),
        ("wav", "PCM_16", 16000, 1),
        ("wav", "PCM_16", 22050, 2),
        ("wav", "PCM_16", 8000, 1),
        ("wav", "PCM_24", 48000, 1),
        ("wav", "PCM_24", 8000, 2),
        ("wav", "PCM_32", 44100, 2),
        ("wav", "PCM_U8", 16000, 1),
        ("wav", "FLOAT", 48000, 2),
        ("flac", "PCM_16", 8000, 1),
        ("flac", "PCM_24", 48000, 2),
        ("ogg", "VORBIS", 44100, 2),
        ("ogg", "VORBIS", 8000, 1),
    ],
)
def test_any_format_rate_width_and_layout_is_recognized(
    frontend: SpeechFrontend,
    spoken: tuple[np.ndarray, int],
    tmp_path: Path,
    suffix: str,
    subtype: str,
    rate: int,
    channels: int,
) -> None:
    path = tmp_path / f"clip.{suffix}"
    sf.write(str(path), variant(spoken, rate, channels), rate, subtype=subtype)
    assert sf.info(str(path)).channels == channels and sf.info(str(path)).samplerate == rate
    pcm = read_audio(path)
    assert pcm.dtype == np.int16 and pcm.ndim == 1
    assert abs(len(pcm) / 16000 - len(spoken[0]) / spoken[1]) < 0.01  # same duration
    # "checkout" or "check out": the grammar has both, and a lossy codec may tip it either way
    assert frontend.hear_wav(path).transcript.replace(" ", "") == "checkout"


@pytest.mark.voice
def test_truncated_recording_keeps_what_is_there(
    frontend: SpeechFrontend, spoken: tuple[np.ndarray, int], tmp_path: Path
) -> None:
    """A recording cut off mid-write: the header promises more data than the file has."""
    path = tmp_path / "whole.wav"
    sf.write(str(path), variant(spoken, 16000, 1), 16000, subtype="PCM_16")
    data = path.read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(data[: len(data) - 3001])  # also cuts a sample in half
    assert len(read_audio(cut)) == (len(data) - 3001 - 44) // 2
    assert frontend.hear_wav(cut).transcript == "checkout"


def tone(frequency: float, rate: int, seconds: float = 2.0) -> np.ndarray:
    return 0.5 * np.sin(2 * np.pi * frequency * np.arange(int(rate * seconds)) / rate)


def level_db(signal: np.ndarray, rate: int, band: tuple[float, float], tone_hz: float) -> float:
    """Energy in `band` relative to the energy around the tone, in dB."""
    signal = signal[rate // 10 : -rate // 10]  # the edges, where any filter starts up
    spectrum = np.abs(np.fft.rfft(signal * np.blackman(len(signal)))) ** 2
    freqs = np.fft.rfftfreq(len(signal), 1 / rate)
    tone_energy = spectrum[np.abs(freqs - tone_hz) < 50].sum()
    band_energy = spectrum[(freqs >= band[0]) & (freqs <= band[1])].sum()
    return float(10 * np.log10(band_energy / tone_energy + 1e-30))


@pytest.mark.parametrize("tone_hz", [440.0, 1000.0, 3000.0])
def test_upsampling_8khz_leaves_no_image_above_4khz(tone_hz: float) -> None:
    """A phone clip (8 kHz) brought to 16 kHz: the mirror image of a tone at 8 kHz - f must
    stay at least 60 dB below the tone (the old hand-written resampler left -7 dB at 3 kHz)."""
    upsampled = resample(tone(tone_hz, 8000), 8000, 16000)
    assert len(upsampled) == 2 * 16000
    assert level_db(upsampled, 16000, (4100, 8000), tone_hz) < -60


def test_downsampling_48khz_does_not_fold_high_tones_into_speech() -> None:
    """A 12 kHz whine in a 48 kHz clip is above the 8 kHz Nyquist of 16 kHz audio: it must
    be filtered out, not folded down to 4 kHz."""
    mixed = tone(1000, 48000) + tone(12000, 48000)
    down = resample(mixed, 48000, 16000)
    assert level_db(down, 16000, (3900, 4100), 1000) < -60


def test_resampling_a_minute_of_audio_is_fast() -> None:
    clip = np.random.default_rng(1).standard_normal(8000 * 60) * 0.1
    started = time.perf_counter()
    resample(clip, 8000, 16000)
    assert time.perf_counter() - started < 0.5


def test_bytes_and_paths_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "tone.flac"
    sf.write(str(path), tone(440, 22050), 22050, subtype="PCM_24")
    from_path = read_audio(path)
    assert np.array_equal(from_path, read_audio(path.read_bytes(), name="tone.flac"))
    assert np.array_equal(from_path, read_wav(path))  # the older name
    samples, rate = load(path)
    assert rate == 22050 and samples.shape == (2 * 22050, 1)


def riff(encoding: int, bits: int, frames: int) -> bytes:
    """A WAV whose format chunk says `encoding` and `bits`, with `frames` zero samples."""
    data = bytes(frames * max(bits, 8) // 8)
    fmt = struct.pack("<HHIIHH", encoding, 1, 16000, 16000 * bits // 8, max(bits, 8) // 8, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"bad\.wav is not a WAV, FLAC or OGG file"),
        (b"hello, this is a text file, not audio at all\n" * 10, "not a WAV, FLAC or OGG file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "not a WAV, FLAC or OGG file"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00", r"bad\.wav is damaged"),
        (riff(1, 16, 0), r"bad\.wav contains no audio samples"),
        (riff(0x9999, 16, 100), "damaged or uses an unsupported encoding"),
        (b"OggS" + bytes(300), "unsupported encoding"),
        (b"fLaC" + bytes(100), "unsupported encoding"),
    ],
    ids=["empty", "text", "png", "cut-header", "no-samples", "unknown-codec", "ogg", "flac"],
)
def test_bad_audio_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError, match=message):
        read_audio(path)
    with pytest.raises(AudioError, match=message.replace(r"bad\.wav", "clip")):
        read_audio(content, name="clip")


def test_corrupt_flac_is_a_clear_error(tmp_path: Path) -> None:
    good = tmp_path / "good.flac"
    sf.write(str(good), tone(440, 16000), 16000)
    broken = tmp_path / "broken.flac"
    broken.write_bytes(good.read_bytes()[:42])  # the stream header and nothing else
    with pytest.raises(AudioError, match=r"broken\.flac is damaged"):
        read_audio(broken)


def test_missing_file_and_directory_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match=r"cannot read .*nope\.wav: No such file"):
        read_audio(tmp_path / "nope.wav")
    with pytest.raises(AudioError, match=r"cannot read .*: Is a directory"):
        read_audio(tmp_path)


@pytest.mark.voice
def test_the_frontend_passes_audio_errors_on(frontend: SpeechFrontend, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not audio\n" * 20)
    with pytest.raises(AudioError, match=r"notes\.txt is not a WAV, FLAC or OGG file"):
        frontend.hear_wav(path)


@pytest.mark.voice
def test_silence_is_heard_as_nothing(frontend: SpeechFrontend, tmp_path: Path) -> None:
    path = tmp_path / "silence.ogg"
    sf.write(str(path), np.zeros(16000), 16000, subtype="VORBIS")
    assert frontend.hear_wav(path).transcript == ""


def test_no_microphone_is_a_clear_error() -> None:
    import sounddevice as sd

    from voice.microphone import microphone_chunks

    try:
        has_input = any(d["max_input_channels"] > 0 for d in sd.query_devices())
    except sd.PortAudioError:
        has_input = False
    if has_input:
        pytest.skip("this machine has a microphone")
    with pytest.raises(AudioError, match=r"microphone|PortAudio"):
        next(microphone_chunks(threading.Event()))
