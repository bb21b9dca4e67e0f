"""`incar ui`: the Kivy touchscreen head unit.

Kivy reads its configuration when first imported and allows one window per process, so
everything Kivy-related is imported inside `run_ui` after the window size and logging are set;
`import car_ui.app` itself stays cheap and safe in headless tools.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from car_ui.errors import ApiUnreachable, ServerError, sentence_for
from car_ui.i18n import VIEW_CODES
from car_ui.provisioning import vehicle_secret
from incar.errors import IncarError

if TYPE_CHECKING:
    from car_ui.script import Script

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
        raise IncarError(f"a window size looks like 1280x720, not {size!r}")
    w, h = int(width), int(height)
    if w < 640 or h < 360:
        raise IncarError(f"{size} is too small a window size: the smallest screen is 800x480")
    return w, h


def configure_kivy(width: int, height: int, *, fullscreen: bool) -> None:
    """Settings Kivy only honours before its window exists."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    # SDL2 decodes and saves every PNG the head unit shows or screenshots; Kivy's other image
    # providers (Pillow, which also pulls in numpy's typing) would only cost memory.
    os.environ.setdefault("KIVY_IMAGE", "sdl2")
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


HEALTH_TIMEOUT_S = 2.0
NO_DISPLAY = (
    "no display: run under a desktop, or use `incar shell` / `incar demo --headless` "
    "(DISPLAY and WAYLAND_DISPLAY are not set)"
)


def has_display() -> bool:
    """Whether a window can open: an X or Wayland display, or a window provider chosen
    explicitly (KIVY_WINDOW, or SDL_VIDEODRIVER such as kmsdrm on a car's bare screen).
    Without any of them Kivy on Linux starts with no window and says nothing."""
    names = ("DISPLAY", "WAYLAND_DISPLAY", "KIVY_WINDOW", "SDL_VIDEODRIVER")
    return sys.platform != "linux" or any(os.environ.get(name) for name in names)


def reach_store(api_url: str) -> None:
    """One GET /health: an unreachable store raises ApiUnreachable from the transport error
    (car_ui.errors.sentence_for words it), anything but the store's answer an IncarError."""
    import httpx

    try:
        response = httpx.get(f"{api_url}/api/v1/health", timeout=HEALTH_TIMEOUT_S)
    except httpx.TransportError as exc:
        raise ApiUnreachable(f"cannot reach the retail API at {api_url}: {exc}") from exc
    if response.status_code >= 500:
        raise ServerError(f"GET /api/v1/health: {response.status_code}", status=500)
    if response.status_code != 200:
        raise IncarError(
            f"{api_url} answers, but not as the store (GET /api/v1/health gave "
            f"{response.status_code}): point --api at the address `incar serve` printed"
        )


def check_script_can_start(script: Script, api_url: str) -> None:
    """What a script needs that can be known before a window opens: the store answering and,
    when a turn is spoken, the speech model. Headless and in a test run that is one line on
    the terminal instead of a window that opens only to fail."""
    try:
        reach_store(api_url)
    except ApiUnreachable as exc:
        raise IncarError(f"cannot start the script's session: {sentence_for(exc)}") from exc
    spoken = [n for n, turn in enumerate(script.turns, 1) if turn.kind in ("say", "audio")]
    if spoken:
        from voice.model_store import resolve_model

        try:
            resolve_model()
        except IncarError as exc:
            raise IncarError(f"turn {spoken[0]} of the script is spoken, but {exc}") from exc


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
    lang: str = "en",
    theme: str = "night",
    on_open: Callable[[], None] | None = None,
) -> int:
    """Open the head unit; with a script, play it through the real widgets and return 0 only
    when every expectation held. `lang` and `theme` are set as the Settings switches set them;
    `on_open` is called once the window is up.

    Whatever can be refused before the window opens is: a broken script, no display, a
    vehicle this head unit has no secret for, and for a script the store and the model."""
    width, height = parse_size(size)
    if screenshots is not None and script is None:
        raise IncarError("--screenshots needs --script (one screenshot is saved per turn)")
    parsed = None
    if script is not None:
        from car_ui.script import load_script

        parsed = load_script(script)  # a broken script fails before the window opens
    if not has_display():
        raise IncarError(NO_DISPLAY)
    vehicle_secret(parsed.vin if parsed is not None else vin)
    if parsed is not None:
        check_script_can_start(parsed, api_url)
    configure_kivy(width, height, fullscreen=fullscreen)
    from car_ui.views.application import HeadUnitApp, SessionSettings
    from car_ui.views.messages import SetLanguage, SetTheme

    app = HeadUnitApp(
        SessionSettings(api_url=api_url, vin=vin, profile=profile),
        kv_files=kv_paths(),
        voice=voice,
        script=parsed,
        screenshots=screenshots,
        exit_when_done=exit_when_done,
    )

    def opened(_app: object) -> None:
        # Bound handlers run before the app's own on_start: the first frame has the look.
        if app.view is not None:
            app.view.receive(SetTheme(theme))
            app.view.receive(SetLanguage(VIEW_CODES[lang]))
        if on_open is not None:
            on_open()

    app.bind(on_start=opened)
    app.run()
    return app.exit_code
