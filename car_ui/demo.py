"""`incar demo`: the store, the speech model and the head unit, with one command.

The API runs as a child process (`incar serve` on the embedded SQLite default) so the head
unit talks to it over real HTTP exactly as in a car; it is stopped when the demo ends, however
it ends. A store already answering on the default address is reused rather than fought over.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from car_ui.provisioning import DEMO_PROFILE, DEMO_VIN
from incar.errors import IncarError
from incar.paths import api_url, data_dir

log = logging.getLogger(__name__)
# The first start seeds the catalog; give it time on a Raspberry Pi.
STARTUP_TIMEOUT_S = 180.0


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v1/health", timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def running_store(url: str) -> Iterator[str]:
    """A healthy store at `url`: the one already there, or `incar serve` started for the demo."""
    if _healthy(url):
        print(f"using the store already running at {url}", flush=True)
        yield url
        return
    port = url.rsplit(":", 1)[-1]
    if not port.isdigit():
        raise IncarError(f"cannot start a store for {url}: it has no port (e.g. :8700)")
    log_path = data_dir() / "demo-api.log"
    print(f"starting the store on {url} (log: {log_path})", flush=True)
    with log_path.open("ab") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "incar", "serve", "--port", port],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(url, proc, log_path)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_healthy(url: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    announced = False
    while not _healthy(url):
        if proc.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-600:]
            raise IncarError(f"the store stopped while starting:\n{tail.strip()}")
        if time.monotonic() > deadline:
            raise IncarError(f"the store did not answer within {STARTUP_TIMEOUT_S:.0f} s")
        if not announced:
            print("waiting for the store (the first start seeds the catalog)…", flush=True)
            announced = True
        time.sleep(0.3)


def ensure_speech_model() -> bool:
    """Install the Vosk model when it is missing; without it the demo runs touch-only."""
    from voice.model_store import install, status

    ok, message = status()
    if ok:
        return True
    print(f"speech model: {message}; installing it…", flush=True)
    try:
        install(None)
    except IncarError as exc:
        print(f"speech model unavailable, continuing without voice: {exc}", flush=True)
        return False
    return True


def has_display() -> bool:
    return sys.platform != "linux" or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def run_demo(*, size: str, headless: bool) -> int:
    """Store in the background, speech model, then the touchscreen (or the shell)."""
    if not headless and not has_display():
        print(
            "no display found (DISPLAY is not set): starting the headless shell instead. "
            "Run `incar demo` on a desktop or the car's screen for the touchscreen, or "
            "`xvfb-run incar demo` to render it off-screen.",
            flush=True,
        )
        headless = True
    with running_store(api_url()) as url:
        voice = ensure_speech_model()
        if headless:
            from car_ui.shell import run_shell

            return run_shell(url, speak=False)
        from car_ui.app import run_ui

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
        )
