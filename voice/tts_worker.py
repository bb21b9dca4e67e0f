"""The child process that owns the pyttsx3 engine (see voice.tts.Renderer for why).

Protocol: one JSON object per line on stdin, {"text", "path", "rate", "voice"}; one JSON
line back per request, {"error": null | "message"}. The engine's own prints are sent to
/dev/null so they cannot mix with the replies.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the lifetime of the process
    import pyttsx3

    engine = pyttsx3.init()
    for line in sys.stdin:
        request = json.loads(line)
        try:
            engine.setProperty("rate", int(request["rate"]))
            if request.get("voice"):
                engine.setProperty("voice", request["voice"])
            engine.save_to_file(request["text"], request["path"])
            engine.runAndWait()
            error = None
        except Exception as exc:  # any engine failure goes back to the parent as text
            error = f"{type(exc).__name__}: {exc}"
        replies.write(json.dumps({"error": error}) + "\n")


if __name__ == "__main__":
    main()
