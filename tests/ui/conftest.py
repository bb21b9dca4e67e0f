"""A real X server (Xvfb) for the head-unit tests, and a runner for `incar ui` in a child
process: Kivy allows one window per process, so every test gets its own."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.servers import incar_command

SCRIPTS = Path(__file__).parent / "scripts"
# The view-logic tests import Kivy modules in the pytest process: keep Kivy from reading
# pytest's command line and from writing log files.
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")


def _free_display() -> int:
    for number in range(90, 200):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number between :90 and :199")


@pytest.fixture(scope="session")
def xvfb() -> Iterator[str]:
    """Xvfb on a free display; DISPLAY and Kivy's settings are exported for child processes."""
    number = _free_display()
    proc = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 15
    while not socket.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("Xvfb did not start")
        time.sleep(0.05)
    saved = {k: os.environ.get(k) for k in ("DISPLAY", "KIVY_NO_ARGS", "KIVY_WINDOW")}
    os.environ.update(
        DISPLAY=f":{number}", KIVY_NO_ARGS="1", KIVY_WINDOW="sdl2", KIVY_GL_BACKEND="sdl2"
    )
    yield f":{number}"
    proc.terminate()
    proc.wait(10)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@dataclass
class UiRun:
    """What one `incar ui --script` run left behind."""

    returncode: int
    output: str
    shots: Path

    @property
    def report(self) -> dict[str, Any]:
        return json.loads((self.shots / "report.json").read_text())

    def layouts(self) -> list[dict[str, Any]]:
        """The widget description saved beside each turn's screenshot, in turn order."""
        return [json.loads(p.read_text()) for p in sorted(self.shots.glob("turn-*.json"))]


def run_ui(
    script: Path, api_url: str, shots: Path, *, size: str = "800x480", voice: bool = False
) -> UiRun:
    args = ["ui", "--api", api_url, "--script", str(script), "--screenshots", str(shots)]
    args += ["--exit-when-done", "--size", size]
    if not voice:
        args.append("--no-voice")
    proc = subprocess.run(
        incar_command(*args), capture_output=True, text=True, timeout=240, check=False
    )
    return UiRun(proc.returncode, proc.stdout + proc.stderr, shots)
