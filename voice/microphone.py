"""The live microphone: device choice, 16 kHz blocks, end of speech and speech onset.

A push-to-talk turn starts with the button press and records in 100 ms blocks through
PortAudio (sounddevice). It ends at whichever comes first:

- the button is pressed again (`stop` is set);
- **end of speech**: the person spoke and then paused for `trailing_silence_ms` (700 ms), so a
  driver does not have to find the button a second time;
- nobody spoke at all for `no_speech_timeout_ms` (the mic never stays open forever);
- the turn reached `max_turn_ms`.

Speech is told from background by level: each 10 ms frame against the noise floor (a low
percentile of the last 3 s, so steady road noise raises the floor instead of counting as speech)
plus a margin, and never below an absolute level. The first `onset_ms` of speech fire
`on_speech_start` once: the dialogue uses it to stop a reply still being spoken (barge-in).

Which device: `INCAR_MIC_DEVICE` (a PortAudio device index or part of its name) or the
system's default input. No input device is an AudioError that says so ("no microphone"), never a
PortAudio message about device -1. PortAudio lists devices when it starts; `rescan_devices()`
makes it look again (a sound server or USB microphone that appeared later).
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from voice.audio import TARGET_RATE, AudioError

DEVICE_ENV = "INCAR_MIC_DEVICE"
BLOCK_MS = 100
FRAME_MS = 10
SILENCE_DBFS = -96.0  # the level of digital zero


@dataclass(frozen=True)
class Endpointing:
    """When a turn ends without the button, and what counts as speech."""

    trailing_silence_ms: int = 700  # a pause this long after speech ends the turn
    onset_ms: int = 150  # this much speech (within a block or two) starts the utterance
    no_speech_timeout_ms: int = 8000  # nobody spoke: end the turn (heard as nothing)
    max_turn_ms: int = 15000  # the longest a turn records
    margin_db: float = 12.0  # speech is this far above the noise floor ...
    min_level_dbfs: float = -50.0  # ... and at least this loud
    floor_window_ms: int = 3000  # the noise floor is a low percentile of this much audio
    floor_percentile: float = 10.0


END_OF_SPEECH = Endpointing()


def _sounddevice() -> Any:
    try:
        import sounddevice as sd
    except OSError as exc:  # the Python package is there but libportaudio is not
        raise AudioError(f"no audio input: PortAudio is not installed ({exc})") from exc
    return sd


def rescan_devices() -> None:
    """Make PortAudio list the devices again. Streams that are open are closed by it, so call
    this between turns, never while a reply is playing or a turn is recording."""
    sd = _sounddevice()
    sd._terminate()
    sd._initialize()


def input_devices() -> list[str]:
    """The names of the devices that can record (empty when there are none)."""
    sd = _sounddevice()
    try:
        devices = sd.query_devices()
    except sd.PortAudioError:
        return []
    return [str(d["name"]) for d in devices if d["max_input_channels"] > 0]


def choose_input_device(wanted: str | None = None) -> int:
    """The PortAudio index of the microphone: `wanted` (or INCAR_MIC_DEVICE) as an index or
    part of a device name, else the default input. AudioError when there is none."""
    sd = _sounddevice()
    wanted = wanted if wanted is not None else os.environ.get(DEVICE_ENV) or None
    available = input_devices()
    if not available:
        raise AudioError(
            "no microphone: no audio input device found (voice input needs a sound card or a "
            "sound server; scripts and the touch screen work without one)"
        )
    if wanted is not None:
        key: int | str = int(wanted) if wanted.strip().isdigit() else wanted
        try:
            info = sd.query_devices(key, "input")
        except (ValueError, sd.PortAudioError) as exc:
            raise AudioError(
                f"no microphone {wanted!r} ({exc}); inputs: {', '.join(available)}"
            ) from None
        return int(info["index"])
    index = sd.default.device[0]
    if index is None or int(index) < 0:
        try:
            index = sd.query_devices(kind="input")["index"]
        except sd.PortAudioError as exc:
            raise AudioError(
                f"no microphone: no default audio input ({exc}); set {DEVICE_ENV} to one of: "
                + ", ".join(available)
            ) from None
    return int(index)


class SpeechDetector:
    """Tells speech from background, block by block (16 kHz int16)."""

    def __init__(self, settings: Endpointing = END_OF_SPEECH) -> None:
        self.settings = settings
        self._frame = TARGET_RATE * FRAME_MS // 1000
        self._history: deque[float] = deque(maxlen=settings.floor_window_ms // FRAME_MS)

    def levels(self, block: bytes) -> np.ndarray:
        samples = np.frombuffer(block, dtype="<i2").astype(np.float64) / 32768.0
        whole = samples[: samples.size // self._frame * self._frame].reshape(-1, self._frame)
        power = np.mean(whole**2, axis=1) if whole.size else np.zeros(0)
        return np.asarray(10 * np.log10(np.maximum(power, 10 ** (SILENCE_DBFS / 10))))

    def speech_ms(self, block: bytes) -> int:
        """Milliseconds of speech in the block; the noise floor learns from it afterwards."""
        levels = self.levels(block)
        if self._history:
            recent = np.fromiter(self._history, float)
            floor = float(np.percentile(recent, self.settings.floor_percentile))
        else:
            floor = SILENCE_DBFS  # nothing heard yet: only the absolute level counts
        threshold = max(floor + self.settings.margin_db, self.settings.min_level_dbfs)
        self._history.extend(levels.tolist())
        return int(np.count_nonzero(levels > threshold)) * FRAME_MS


class MicrophoneTurn:
    """One push-to-talk turn: iterate it for 16 kHz mono int16 blocks (what
    Recognizer.recognize_stream takes). Afterwards `ended_by` says why it ended: "button",
    "end of speech", "no speech" or "max length"."""

    def __init__(
        self,
        stop: threading.Event,
        *,
        endpointing: Endpointing | None = END_OF_SPEECH,  # None: only the button ends it
        on_speech_start: Callable[[], None] | None = None,
        device: str | None = None,
        block_ms: int = BLOCK_MS,
    ) -> None:
        self.stop = stop
        self.endpointing = endpointing
        self.on_speech_start = on_speech_start
        self.device = device
        self.block_ms = block_ms
        self.opened = threading.Event()  # the first block has arrived
        self.ended_by: str | None = None
        self.speech_started_at: float | None = None  # time.monotonic() of the onset
        self.speech_ended_at: float | None = None  # the end of the last block with speech
        self.ended_at: float | None = None

    def __iter__(self) -> Iterator[bytes]:
        sd = _sounddevice()
        index = choose_input_device(self.device)
        try:
            stream = sd.RawInputStream(
                samplerate=TARGET_RATE,
                channels=1,
                dtype="int16",
                blocksize=TARGET_RATE * self.block_ms // 1000,
                device=index,
                latency="low",
            )
        except (sd.PortAudioError, ValueError) as exc:
            raise AudioError(f"no microphone available: {exc}") from exc
        detector = SpeechDetector(self.endpointing or END_OF_SPEECH)
        with stream:
            try:
                yield from self._blocks(stream, detector)
            finally:
                self.ended_at = time.monotonic()
                self.ended_by = self.ended_by or "button"

    def _blocks(self, stream: Any, detector: SpeechDetector) -> Iterator[bytes]:
        settings = self.endpointing
        recorded_ms = 0
        onset_ms = 0  # speech so far while waiting for the onset
        silent_ms = 0  # trailing non-speech since the last speech block
        while not self.stop.is_set():
            data, _overflowed = stream.read(stream.blocksize)
            block = bytes(data)
            self.opened.set()  # audio is arriving (a stream can take a while to start)
            recorded_ms += self.block_ms
            speech = detector.speech_ms(block)
            yield block
            if speech * 3 >= self.block_ms:  # a third of the block or more is speech
                silent_ms = 0
                self.speech_ended_at = time.monotonic()
                onset_ms += speech
                if self.speech_started_at is None and onset_ms >= detector.settings.onset_ms:
                    self.speech_started_at = time.monotonic()
                    if self.on_speech_start is not None:
                        self.on_speech_start()
            else:
                silent_ms += self.block_ms
                if self.speech_started_at is None and silent_ms > 2 * self.block_ms:
                    onset_ms = 0  # a click or a bump, not the start of speech
            if settings is None:
                continue
            if self.speech_started_at is not None and silent_ms >= settings.trailing_silence_ms:
                self.ended_by = "end of speech"
                return
            if self.speech_started_at is None and recorded_ms >= settings.no_speech_timeout_ms:
                self.ended_by = "no speech"
                return
            if recorded_ms >= settings.max_turn_ms:
                self.ended_by = "max length"
                return


def microphone_chunks(stop: threading.Event, block_ms: int = 100) -> Iterator[bytes]:
    """16 kHz mono int16 blocks from the microphone until `stop` is set (push to talk: the
    button press starts the loop, the release sets the event), with no end-of-speech cut."""
    yield from MicrophoneTurn(stop, endpointing=None, block_ms=block_ms)
