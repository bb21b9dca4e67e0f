"""Speech out: pyttsx3 (espeak-ng) rendering in a worker process, playback that can be cut.

pyttsx3's loop is not thread-friendly, its espeak driver prints to stdout on every file it
saves (which would corrupt `incar shell` output) and it plays audio with a blocking `aplay`
that cannot be interrupted. So the engine lives in its own process with stdout silenced and
only renders WAV files; this module plays them with sounddevice, which `stop()` can cut off
mid-word when the person starts speaking (barge-in). Nothing here blocks the caller of `say`.

A render never fails quietly: the pyttsx3 engine is tried twice, then the `espeak-ng` command
line, and a reply no engine could render is a SpeechSynthesisError that names each attempt.

A reply written in Chinese (the head unit in zh-CN) is spoken by espeak-ng's Mandarin voice,
`cmn`, through either engine: the voice follows the text (`VoiceSettings.for_text`), so every
speaker says a Chinese reply in Mandarin without being told the head unit's language.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import re
import select
import subprocess
import sys
import tempfile
import threading
import wave
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from voice.audio import AudioError, load

log = logging.getLogger(__name__)

DEFAULT_RATE = 165  # words per minute: clear over road noise without dragging
RENDER_TIMEOUT_S = 30.0
RENDER_ATTEMPTS = 2  # tries of the primary engine before the fallback
# A barge-in silences the reply within about a block plus the output latency. Left to
# choose, ALSA's pulse plugin buffers about half a second, which a person talking over the
# reply hears as the head unit not listening.
PLAYBACK_BLOCK_S = 0.05
PLAYBACK_LATENCY_S = 0.1
# espeak-ng's Mandarin ("latin as English"): the English commands a Chinese reply quotes, such
# as “the first one”, are read as English words, not spelled out.
MANDARIN_VOICE = "cmn"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class VoiceSettings:
    rate: int = DEFAULT_RATE
    voice: str | None = None  # an espeak-ng voice id such as "gmw/en-US"; None = default
    mandarin_voice: str = MANDARIN_VOICE  # the voice of a reply written in Chinese

    def for_text(self, text: str) -> VoiceSettings:
        """The settings to speak `text` with: Chinese characters mean a Chinese reply, said by
        the Mandarin voice (an English voice would spell each one out as "Chinese letter");
        any other text keeps `voice`."""
        if _HAN.search(text) and self.voice != self.mandarin_voice:
            return replace(self, voice=self.mandarin_voice)
        return self


class SpeechSynthesisError(AudioError):
    """No engine could render a reply: the turn fails with this message, never silently."""


def wav_frames(path: Path) -> int:
    """Samples in a WAV file; 0 when it is missing, empty or unreadable."""
    try:
        with wave.open(str(path), "rb") as handle:
            return handle.getnframes()
    except (OSError, EOFError, wave.Error):
        return 0


class SynthesisEngine(Protocol):
    """Something that renders text into a WAV file, raising AudioError when it cannot."""

    name: str

    def render(self, text: str, path: Path, settings: VoiceSettings) -> None: ...

    def close(self) -> None: ...


class Pyttsx3Engine:
    """pyttsx3 (espeak-ng driver) in a child process (voice.tts_worker explains the quirks)."""

    name = "pyttsx3"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None

    def _ensure_started(self) -> subprocess.Popen[str]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "voice.tts_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                bufsize=1,
            )
        return self._process

    def render(self, text: str, path: Path, settings: VoiceSettings) -> None:
        request = {"text": text, "path": str(path), "rate": settings.rate, "voice": settings.voice}
        with self._lock:
            process = self._ensure_started()
            assert process.stdin is not None and process.stdout is not None
            try:
                process.stdin.write(json.dumps(request) + "\n")
                process.stdin.flush()
                ready, _, _ = select.select([process.stdout], [], [], RENDER_TIMEOUT_S)
                line = process.stdout.readline() if ready else ""
            except OSError as exc:
                line = ""
                log.warning("speech synthesis process failed: %s", exc)
            if not line:
                self._stop()
                raise AudioError("the pyttsx3 synthesis process did not answer")
        error = json.loads(line)["error"]
        if error is not None:
            raise AudioError(f"pyttsx3 failed: {error}")

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                assert process.stdin is not None
                process.stdin.close()
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def close(self) -> None:
        with self._lock:
            self._stop()


class EspeakCliEngine:
    """The `espeak-ng` command line: one process per render, nothing shared between them."""

    name = "espeak-ng"

    def __init__(self, executable: str = "espeak-ng") -> None:
        self.executable = executable

    def render(self, text: str, path: Path, settings: VoiceSettings) -> None:
        command = [self.executable, "-s", str(settings.rate), "-w", str(path)]
        if settings.voice:
            command += ["-v", settings.voice]
        try:
            result = subprocess.run(
                [*command, "--", text],
                capture_output=True,
                text=True,
                timeout=RENDER_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise AudioError(f"{self.executable} could not run: {exc}") from exc
        if result.returncode != 0:
            detail = result.stderr.strip().splitlines()[-1:] or [f"exit {result.returncode}"]
            raise AudioError(f"{self.executable} failed: {detail[0]}")

    def close(self) -> None:
        pass


ESPEAK_CLI = EspeakCliEngine()


class Renderer:
    """Text to WAV, safe to call from any thread: the primary engine (pyttsx3), retried, then
    the fallback (the espeak-ng command line); a reply nobody could render raises
    SpeechSynthesisError naming every attempt."""

    def __init__(
        self,
        settings: VoiceSettings | None = None,
        *,
        primary: SynthesisEngine | None = None,
        fallback: SynthesisEngine | None = ESPEAK_CLI,  # None: no fallback
        attempts: int = RENDER_ATTEMPTS,
    ) -> None:
        self.settings = settings or VoiceSettings()
        self.primary: SynthesisEngine = primary or Pyttsx3Engine()
        self.fallback = fallback
        self.attempts = attempts
        self.last_engine: str | None = None  # which engine rendered the last reply

    def render(self, text: str, path: Path, settings: VoiceSettings | None = None) -> Path:
        """Synthesize `text` into a mono WAV at `path` (22.05 kHz from espeak-ng), in the
        Mandarin voice when it is Chinese."""
        if not text.strip():
            raise SpeechSynthesisError("speech synthesis was given no text")
        chosen = (settings or self.settings).for_text(text)
        plan = [self.primary] * self.attempts + ([self.fallback] if self.fallback else [])
        failures: list[str] = []
        for engine in plan:
            path.unlink(missing_ok=True)  # a stale file must never pass for this reply
            try:
                engine.render(text, path, chosen)
            except AudioError as exc:
                failures.append(f"{engine.name}: {exc}")
            else:
                if wav_frames(path) > 0:
                    self.last_engine = engine.name
                    return path
                failures.append(f"{engine.name}: produced no audio")
            log.warning("speech synthesis attempt failed (%s)", failures[-1])
        raise SpeechSynthesisError(f"speech synthesis failed for {text!r}: " + "; ".join(failures))

    def close(self) -> None:
        self.primary.close()
        if self.fallback is not None:
            self.fallback.close()


class Speaker:
    """Speaks replies without blocking; `stop()` silences it at once (barge-in)."""

    def __init__(self, settings: VoiceSettings | None = None) -> None:
        self.renderer = Renderer(settings)
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._stopped = threading.Event()
        self._speaking = threading.Event()
        self._playback_ok = True
        self._thread = threading.Thread(target=self._run, name="incar-speaker", daemon=True)
        self._thread.start()

    @property
    def speaking(self) -> bool:
        return self._speaking.is_set()

    @property
    def pending(self) -> int:
        """Replies queued and not yet started."""
        return self._queue.qsize()

    def say(self, text: str) -> None:
        """Queue `text` to be spoken after what is already queued."""
        if text.strip():
            self._stopped.clear()
            self._queue.put(text)

    def stop(self) -> None:
        """Barge-in: drop queued replies and cut the one being played.

        Only the speaker thread and PortAudio's callback touch the stream: the callback sees
        the flag at its next block (`PLAYBACK_BLOCK_S`) and aborts. Stopping the stream from
        this thread while the speaker thread waits on it aborts the process under ALSA's pulse
        plugin, and a blocking write can hold a full second of audio before it looks again."""
        self._stopped.set()
        with contextlib.suppress(queue.Empty):
            while True:
                self._queue.get_nowait()

    def close(self) -> None:
        self.stop()
        self._queue.put(None)
        self._thread.join(timeout=5)
        self.renderer.close()

    def _run(self) -> None:
        with tempfile.TemporaryDirectory(prefix="incar-tts-") as tmp:
            path = Path(tmp) / "reply.wav"
            while (text := self._queue.get()) is not None:
                if self._stopped.is_set():
                    continue
                self._speaking.set()
                try:
                    self.renderer.render(text, path)
                    if not self._stopped.is_set():
                        self._play(path)
                except AudioError as exc:
                    log.error("could not speak: %s", exc)
                finally:
                    self._speaking.clear()

    def _play(self, path: Path) -> None:
        if not self._playback_ok:
            return
        samples, rate = load(path)
        try:
            import sounddevice as sd
        except OSError as exc:  # PortAudio missing: replies are shown, not spoken
            self._playback_ok = False
            log.warning("no audio output (PortAudio missing): %s", exc)
            return
        data = samples.astype("float32")
        played = 0
        finished = threading.Event()

        def fill(out: np.ndarray, frames: int, _time: object, _status: object) -> None:
            # PortAudio's own thread: it sees a barge-in at the next block and aborts there.
            nonlocal played
            if self._stopped.is_set():
                raise sd.CallbackAbort
            chunk = data[played : played + frames]
            out[: len(chunk)] = chunk
            out[len(chunk) :] = 0
            played += frames
            if len(chunk) < frames:
                raise sd.CallbackStop

        try:
            with sd.OutputStream(
                samplerate=rate,
                channels=data.shape[1],
                dtype="float32",
                blocksize=max(1, int(rate * PLAYBACK_BLOCK_S)),
                latency=PLAYBACK_LATENCY_S,
                callback=fill,
                finished_callback=finished.set,
            ):
                finished.wait()
        except sd.PortAudioError as exc:  # no output device
            self._playback_ok = False
            log.warning("no audio output device, replies are shown but not spoken: %s", exc)
