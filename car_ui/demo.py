"""`incar demo`: the store, the speech model and the head unit, with one command.

The API runs as a child process (`incar serve` on the embedded SQLite default) so the head
unit talks to it over real HTTP exactly as in a car; it is stopped when the demo ends, however
it ends. A store already answering on the address is reused rather than fought over.

A demo is watched by a person: the terminal gets a line per step and then one line that says
what to do; the store's and the head unit's logs go to files in the data dir (`--verbose`
shows them on the terminal instead).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from car_ui.app import has_display, reach_store, run_ui
from car_ui.provisioning import DEMO_PROFILE, DEMO_VIN
from incar.errors import IncarError
from incar.logs import log_dir, log_path
from incar.paths import api_url
from incar.progress import step

# The first start seeds the catalog; give it time on a Raspberry Pi.
STARTUP_TIMEOUT_S = 180.0
WINDOW_READY = "The head unit is open: press the mic or F2 to talk, Ctrl-C to quit."
WINDOW_READY_TOUCH_ONLY = "The head unit is open: tap to order (no voice), Ctrl-C to quit."
SHELL_READY = (
    'The shell is ready: type what you would say, e.g. "add two lattes"; '
    ":help for more, Ctrl-D to quit."
)
NO_DISPLAY_NOTE = (
    "no display found (DISPLAY and WAYLAND_DISPLAY are not set): opening the text shell "
    "instead. Run `incar demo` on a desktop or the car's screen for the touchscreen, or "
    "`xvfb-run incar demo` to render it off-screen."
)


def _healthy(url: str) -> bool:
    try:
        reach_store(url)
    except IncarError:
        return False
    return True


@contextmanager
def running_store(url: str, *, verbose: bool = False) -> Iterator[str]:
    """A healthy store at `url`: the one already there, or `incar serve` started for the demo
    (its output in logs/api.log, or on the terminal when `verbose`)."""
    with step("store") as line:
        if _healthy(url):
            line.outcome = f"already running at {url}, using it"
            proc = None
        else:
            port = url.rsplit(":", 1)[-1]
            if not port.isdigit():
                raise IncarError(f"cannot start a store for {url}: it has no port (e.g. :8700)")
            log = None if verbose else log_path("api")
            proc = _start_store(port, log)
            try:
                _wait_until_healthy(url, proc, log)
            except BaseException:
                _stop(proc)
                raise
            line.outcome = f"ready at {url}" + ("" if verbose else f" (logs in {log_dir()})")
    try:
        yield url
    finally:
        if proc is not None:
            _stop(proc)


def _start_store(port: str, log: Path | None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "incar", "serve", "--port", port]
    if log is None:
        return subprocess.Popen(command)
    with log.open("ab") as log_file:
        return subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _wait_until_healthy(url: str, proc: subprocess.Popen[bytes], log: Path | None) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not _healthy(url):
        if proc.poll() is not None:
            raise IncarError(f"the store stopped while starting: {_last_words(log)}")
        if time.monotonic() > deadline:
            where = f" (see {log})" if log is not None else ""
            raise IncarError(f"the store did not answer within {STARTUP_TIMEOUT_S:.0f} s{where}")
        time.sleep(0.3)


def _last_words(log: Path | None) -> str:
    """The store's own last line (its one-line error), and where the rest of its log is."""
    if log is None:
        return "its output is above"
    lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    last = lines[-1].removeprefix("incar: error: ") if lines else "it printed nothing"
    return f"{last} (the whole log: {log})"


def ensure_speech_model() -> bool:
    """Install the Vosk model when it is missing; without it the demo runs touch-only.
    Silent when the model is there: `make demo` has just said so."""
    from voice.model_store import install, status

    ok, _message = status()
    if ok:
        return True
    print("speech model… not installed: installing it (about 40 MB)", flush=True)
    try:
        with step("speech model"):
            install(None)
    except IncarError as exc:
        print(f"speech model unavailable ({exc}): the demo runs touch-only", flush=True)
        return False
    return True


def run_demo(
    *,
    size: str,
    headless: bool,
    port: int | None = None,
    lang: str = "en",
    theme: str = "night",
    verbose: bool = False,
) -> int:
    """Store in the background, speech model, then the touchscreen (or the shell); the store
    listens on `port` of this machine, else on INCAR_API_URL's address."""
    if not headless and not has_display():
        print(NO_DISPLAY_NOTE, flush=True)
        headless = True
    url = f"http://127.0.0.1:{port}" if port is not None else api_url()
    try:
        with running_store(url, verbose=verbose) as store:
            voice = ensure_speech_model()
            return _run_head_unit(
                store, size=size, headless=headless, voice=voice, lang=lang, theme=theme
            )
    except KeyboardInterrupt:
        print("\nthe demo has stopped", flush=True)
        return 0


def _run_head_unit(
    url: str, *, size: str, headless: bool, voice: bool, lang: str, theme: str
) -> int:
    if headless:
        from car_ui.shell import run_shell

        print(SHELL_READY, flush=True)
        return run_shell(url, speak=False, lang=lang)
    ready = WINDOW_READY if voice else WINDOW_READY_TOUCH_ONLY
    return run_ui(
        url,
        vin=DEMO_VIN,
        profile=DEMO_PROFILE,
        size=size,
        fullscreen=False,
        voice=voice,
        script=None,
        screenshots=None,
        exit_when_done=False,
        lang=lang,
        theme=theme,
        on_open=lambda: print(ready, flush=True),
    )
