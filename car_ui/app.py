"""`incar ui`: the Kivy touchscreen head unit.

Kivy reads its configuration when first imported and allows one window per process, so
everything Kivy-related is imported inside `run_ui` after the window size and logging are set;
`import car_ui.app` itself stays cheap and safe in headless tools.
"""

from __future__ import annotations

import os
from pathlib import Path

from incar.errors import IncarError

KV_DIR = Path(__file__).resolve().parent / "kv"
KV_FILES = (
    "widgets.kv",
    "home.kv",
    "results.kv",
    "item.kv",
    "cart.kv",
    "confirm.kv",
    "tracking.kv",
    "orders.kv",
    "profiles.kv",
    "settings.kv",
    "head_unit.kv",
)


def kv_paths() -> list[Path]:
    """The kv files of the head unit, in the order they must load (widgets first)."""
    return [KV_DIR / name for name in KV_FILES]


def parse_size(size: str) -> tuple[int, int]:
    """ "1280x720" → (1280, 720), with a message a person can act on when it is not a size."""
    width, sep, height = size.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise IncarError(f"--size must look like 1280x720, got {size!r}")
    w, h = int(width), int(height)
    if w < 640 or h < 360:
        raise IncarError(f"--size {size} is too small: the smallest supported screen is 800x480")
    return w, h


def configure_kivy(width: int, height: int, *, fullscreen: bool) -> None:
    """Settings Kivy only honours before its window exists."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    from kivy.config import Config

    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "resizable", "1")
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "maxfps", "60")
    # No MSAA: head-unit GPUs (and software GL) pay for it in memory and fill rate, and a flat
    # UI of rounded tiles has few edges it would smooth.
    Config.set("graphics", "multisamples", "0")
    Config.set("input", "mouse", "mouse,multitouch_on_demand")
    Config.set("kivy", "exit_on_escape", "0")
    # A centre screen has no keyboard: Kivy's on-screen one docks at the bottom when a text
    # field is focused (and never while driving, when the field is disabled).
    Config.set("kivy", "keyboard_mode", "systemanddock")
    Config.set("kivy", "window_icon", "")


def run_ui(
    api_url: str,
    *,
    vin: str,
    profile: str,
    size: str,
    fullscreen: bool,
    voice: bool,
    script: Path | None,
    screenshots: Path | None,
    exit_when_done: bool,
) -> int:
    """Open the head unit; with a script, play it through the real widgets and return 0 only
    when every expectation held."""
    width, height = parse_size(size)
    if screenshots is not None and script is None:
        raise IncarError("--screenshots needs --script (one screenshot is saved per turn)")
    parsed = None
    if script is not None:
        from car_ui.script import load_script

        parsed = load_script(script)  # a broken script fails before the window opens
    configure_kivy(width, height, fullscreen=fullscreen)
    from car_ui.views.application import HeadUnitApp, SessionSettings

    app = HeadUnitApp(
        SessionSettings(api_url=api_url, vin=vin, profile=profile),
        kv_files=kv_paths(),
        voice=voice,
        script=parsed,
        screenshots=screenshots,
        exit_when_done=exit_when_done,
    )
    app.run()
    return app.exit_code
