"""`incar demo` and the head unit's start as a person sees them: a short list of steps, one
line that says what to do, the logs in files, and its own store stopped again at the end."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx

from tests.servers import ApiServer, free_port, incar_command

DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "KIVY_WINDOW", "SDL_VIDEODRIVER")


def store_stopped(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
    except httpx.HTTPError:
        return True
    return False


def test_demo_without_a_display_runs_the_shell_against_its_own_store() -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARIABLES}
    env["INCAR_API_URL"] = f"http://127.0.0.1:{port}"
    proc = subprocess.run(
        incar_command("demo"),
        input="add two lattes\nwhat's in my cart\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no display found" in proc.stdout and "--headless" not in proc.stderr
    assert "Added two medium Lattes" in proc.stdout
    assert "In your cart: two" in proc.stdout
    assert store_stopped(port), "the demo left its store running"


def test_headless_demo_is_a_few_lines_and_its_logs_are_in_files(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "INCAR_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        incar_command("demo", "--headless", "--port", str(port)),
        input="add two lattes\nwhat's in my cart\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    logs = tmp_path / "logs"
    assert proc.stdout.splitlines() == [
        f"store… ready at http://127.0.0.1:{port} (logs in {logs})",
        'The shell is ready: type what you would say, e.g. "add two lattes"; :help for more, '
        "Ctrl-D to quit.",
        "[cart] Added two medium Lattes. Your cart has two items, fifty-six yuan.",
        "[cart] In your cart: two medium Lattes. Total fifty-six yuan.",
    ]
    assert proc.stderr == ""
    api_log = (logs / "api.log").read_text()
    assert f"incar API on http://127.0.0.1:{port}" in api_log
    assert '"path": "/api/v1/cart/lines", "status": 200' in api_log  # the access log
    assert store_stopped(port)


def test_demo_window_says_how_to_talk_and_stops_on_ctrl_c(xvfb: str, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "INCAR_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        incar_command("demo", "--port", str(port), "--size", "800x480"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # A child started from a non-interactive shell can inherit SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        opened = proc.stdout.readline()
        time.sleep(1)
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert first == f"store… ready at http://127.0.0.1:{port} (logs in {tmp_path / 'logs'})\n"
    assert opened == "The head unit is open: press the mic or F2 to talk, Ctrl-C to quit.\n"
    assert rest.strip() == "the demo has stopped" and err == "", rest + err
    assert proc.returncode == 0
    head_unit_log = (tmp_path / "logs" / "head-unit.log").read_text()
    assert "INFO kivy: Window: Provider: sdl2" in head_unit_log  # Kivy's INFO, not on screen
    assert store_stopped(port)


def test_a_script_that_fails_while_playing_is_one_line(
    xvfb: str, api_server: ApiServer, tmp_path: Path
) -> None:
    (tmp_path / "clip.wav").write_text("this is not audio")
    script = tmp_path / "clip.yaml"
    script.write_text("profile: passenger\nturns:\n  - audio: clip.wav\n")
    args = ["ui", "--api", api_server.url, "--script", str(script), "--exit-when-done"]
    proc = subprocess.run(
        incar_command(*args, "--no-voice"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    output = (proc.stdout + proc.stderr).strip().splitlines()
    assert output == [
        "incar: error: script stopped: clip.wav is not a WAV, FLAC or OGG file "
        "(format not recognised)"
    ]
