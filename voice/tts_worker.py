"""The child process that owns the pyttsx3 engine (see voice.tts.Renderer for why).

Protocol: one JSON object per line on stdin, {"text", "path", "rate", "voice"}; one JSON
line back per request, {"error": null | "message"}. The engine's own prints are sent to
/dev/null so they cannot mix with the replies.

Why renders used to come out empty (a 44-byte WAV, "produced no audio"): pyttsx3 2.99 runs
espeak-ng in its asynchronous retrieval mode, where a rate change is a command queued on
espeak's own worker thread. `runAndWait` ends its previous loop through the driver's `stop()`,
which asks `espeak_IsPlaying()`; while a just-queued property change is being applied (or the
last synthesis is still winding down) that answers yes, so the driver arms its "stopping" flag
and the first `iterate()` of the new loop calls `espeak_Cancel()` on the synthesis it has only
just started. The cancelled synthesis still reports "message terminated", and the driver
writes a WAV with no samples. A file render here is never interrupted (barge-in cuts the
playback, not the rendering), so the driver's `stop()` is switched off; espeak's queue then
simply applies the property change before the synthesis, in order. A file without samples
is still reported as an error, never passed on.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from voice.tts import wav_frames


def _never_cancel() -> None:
    """Stands in for pyttsx3's EspeakDriver.stop while rendering to files."""


class Pyttsx3Synth:
    """One pyttsx3 engine (espeak-ng driver), used strictly one render at a time."""

    def __init__(self) -> None:
        import pyttsx3

        self.engine: Any = pyttsx3.init()
        # The cause of the empty files (see above): no cancelling of our own synthesis.
        self.engine.proxy._driver.stop = _never_cancel
        # An empty run loop first: afterwards pyttsx3's queue is idle, so a property change
        # reaches espeak when it is made, not in the middle of the next render.
        self.engine.runAndWait()
        self.default_voice = self.engine.getProperty("voice")
        self._applied: tuple[int, str | None] | None = None

    def render(self, text: str, path: str, rate: int, voice: str | None) -> None:
        wanted = (rate, voice or self.default_voice)
        if wanted != self._applied:
            self.engine.setProperty("rate", rate)
            self.engine.setProperty("voice", wanted[1])
            self._applied = wanted
        self.engine.save_to_file(text, path)
        self.engine.runAndWait()
        if wav_frames(Path(path)) == 0:
            raise RuntimeError("pyttsx3 wrote no samples")


def main() -> None:
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the lifetime of the process
    synth = Pyttsx3Synth()
    for line in sys.stdin:
        request = json.loads(line)
        try:
            synth.render(
                str(request["text"]),
                str(request["path"]),
                int(request["rate"]),
                request.get("voice") or None,
            )
            error = None
        except Exception as exc:  # any engine failure goes back to the parent as text
            error = f"{type(exc).__name__}: {exc}"
        replies.write(json.dumps({"error": error}) + "\n")


if __name__ == "__main__":
    main()
