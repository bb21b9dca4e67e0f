"""Speech out: pyttsx3 (espeak-ng) rendering in a worker process, playback that can be cut.

pyttsx3's loop is not thread-friendly, its espeak driver prints to stdout on every file it
saves (which would corrupt `incar shell` output) and it plays audio with a blocking `aplay`
that cannot be interrupted. So the engine lives in its own process with stdout silenced and
only renders WAV files; this module plays them with sounddevice, which `stop()` can cut off
mid-word when the person starts speaking (barge-in). Nothing here blocks the caller of `say`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import select
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from voice.audio import AudioError, decode_samples, parse_wav

log = logging.getLogger(__name__)

DEFAULT_RATE = 165  # words per minute: clear over road noise without dragging
RENDER_TIMEOUT_S = 30.0
RENDER_ATTEMPTS = 2
_WAV_HEADER_BYTES = 44


@dataclass(frozen=True)
class VoiceSettings:
    rate: int = DEFAULT_RATE
    voice: str | None = None  # an espeak-ng voice id such as "gmw/en-US"; None = default


class Renderer:
    """Text to WAV through pyttsx3 in a child process; safe to call from any thread."""

    def __init__(self, settings: VoiceSettings | None = None) -> None:
        self.settings = settings or VoiceSettings()
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

    def render(self, text: str, path: Path, settings: VoiceSettings | None = None) -> Path:
        """Synthesize `text` into a 22.05 kHz mono WAV at `path`.

        pyttsx3 2.99's espeak driver now and then writes the file before any samples arrive
        (an empty WAV); one more attempt has always been enough, so there is one retry.
        """
        chosen = settings or self.settings
        request = {"text": text, "path": str(path), "rate": chosen.rate, "voice": chosen.voice}
        for _attempt in range(RENDER_ATTEMPTS):
            self._request(request)
            if path.is_file() and path.stat().st_size > _WAV_HEADER_BYTES:
                return path
            log.debug("empty synthesis for %r, trying again", text)
        raise AudioError(f"speech synthesis produced no audio for {text!r}")

    def _request(self, request: dict[str, object]) -> None:
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
                self.close()
                raise AudioError("speech synthesis (pyttsx3/espeak-ng) did not answer")
        error = json.loads(line)["error"]
        if error is not None:
            raise AudioError(f"speech synthesis failed: {error}")

    def close(self) -> None:
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
        """Barge-in: drop queued replies and cut the one being played."""
        self._stopped.set()
        with contextlib.suppress(queue.Empty):
            while True:
                self._queue.get_nowait()
        if self._speaking.is_set() and self._playback_ok:
            with contextlib.suppress(OSError):
                import sounddevice as sd

                sd.stop()

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
                    log.warning("could not speak: %s", exc)
                finally:
                    self._speaking.clear()

    def _play(self, path: Path) -> None:
        if not self._playback_ok:
            return
        info, payload = parse_wav(path.read_bytes(), path.name)
        try:
            import sounddevice as sd
        except OSError as exc:  # PortAudio missing: replies are shown, not spoken
            self._playback_ok = False
            log.warning("no audio output (PortAudio missing): %s", exc)
            return
        try:
            sd.play(decode_samples(info, payload), info.rate)
            sd.wait()
        except sd.PortAudioError as exc:  # no output device
            self._playback_ok = False
            log.warning("no audio output device, replies are shown but not spoken: %s", exc)
