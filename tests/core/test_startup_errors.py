"""What a person sees when `incar` cannot start: one sentence on stderr that says what to do,
a non-zero exit, and no traceback. Every test runs the real command in a child process."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Mapping
from pathlib import Path

from tests.servers import free_port, incar_command

DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "KIVY_WINDOW", "SDL_VIDEODRIVER")


def run(
    *args: str, env: Mapping[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        incar_command(*args),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(env) if env is not None else None,
        check=False,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The command failed with exactly one `incar: error:` line and nothing else."""
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("incar: error: ")
    return lines[0]


def without_display() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in DISPLAY_VARIABLES}


def test_a_port_out_of_range_is_a_usage_error() -> None:
    result = run("serve", "--port", "99999")
    line = one_error_line(result)
    assert result.returncode == 2
    assert "'99999' is not a TCP port: choose one from 1 to 65535" in line
    assert "OverflowError" not in line and "see `incar serve --help`" in line


def test_the_default_port_is_taken_as_given() -> None:
    """Typer 0.2x passes the default (an int) through the port parser too: the first thing
    wrong here must be the database, not the port."""
    line = one_error_line(run("serve", "--db", "nosuchdriver://x"))
    assert "not a usable database URL: 'nosuchdriver://x'" in line


def test_a_port_in_use_says_so_before_seeding(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        db = tmp_path / "never.sqlite3"
        result = run("serve", "--port", str(port), "--db", f"sqlite:///{db}")
    line = one_error_line(result)
    assert f"port {port} on 127.0.0.1 is already in use" in line
    assert "choose another port with --port" in line
    assert not db.exists()  # nothing was seeded for a server that cannot listen


def test_a_store_that_is_not_running_names_incar_serve(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    script = tmp_path / "one.yaml"
    script.write_text("turns:\n  - text: help\n")
    # A window provider is named, so the display is there: only the store is missing.
    env = {**without_display(), "KIVY_WINDOW": "sdl2"}
    args = ["ui", "--api", f"http://127.0.0.1:{port}", "--script", str(script)]
    line = one_error_line(run(*args, "--exit-when-done", "--no-voice", env=env))
    assert line == (
        f"incar: error: cannot start the script's session: the store is not reachable at "
        f"http://127.0.0.1:{port} (nothing is listening there): start it with `incar serve`, "
        "or point --api or INCAR_API_URL at a running one"
    )
    assert "Errno" not in line


def test_the_shell_without_a_store_is_the_same_sentence() -> None:
    port = free_port()
    line = one_error_line(run("shell", "--api", f"http://127.0.0.1:{port}", stdin="help\n"))
    assert f"the store is not reachable at http://127.0.0.1:{port}" in line
    assert "start it with `incar serve`" in line and "Errno" not in line


def test_the_head_unit_without_a_display_says_what_to_use_instead() -> None:
    line = one_error_line(run("ui", "--no-voice", env=without_display()))
    assert line.startswith(
        "incar: error: no display: run under a desktop, or use `incar shell` / "
        "`incar demo --headless`"
    )


def test_an_unknown_vehicle_names_the_cars_and_the_secret() -> None:
    line = one_error_line(run("shell", "--vin", "WVWZZZ1JZXW000001", stdin="help\n"))
    assert "vehicle WVWZZZ1JZXW000001 is not one of this head unit's cars" in line
    assert "LVSHFFAL0PF000001 or LVSHFFAL0PF000002" in line
    assert "INCAR_VEHICLE_SECRET" in line


def test_an_address_that_is_not_a_url_is_refused() -> None:
    line = one_error_line(run("shell", "--api", "localhost-8700", stdin="help\n"))
    assert "--api 'localhost-8700' is not the address of a store" in line
    assert "http://127.0.0.1:8700" in line


def test_language_and_theme_take_only_their_values() -> None:
    line = one_error_line(run("ui", "--lang", "fr"))
    assert "'--lang'" in line and "'en', 'zh-CN'" in line
    line = one_error_line(run("demo", "--theme", "dusk"))
    assert "'--theme'" in line and "'night', 'day'" in line
    line = one_error_line(run("demo", "--size", "big"))
    assert "a window size looks like 1280x720, not 'big'" in line


def test_demo_and_ui_list_their_options() -> None:
    demo = run("demo", "--help")
    assert demo.returncode == 0
    for option in ("--port", "--lang", "--theme", "--headless", "--verbose", "--size"):
        assert option in demo.stdout
    ui = run("ui", "--help")
    assert ui.returncode == 0
    for option in ("--lang", "--theme", "--script", "--verbose"):
        assert option in ui.stdout
