"""Layout at every size, theme and language: nothing a person needs is cut off.

The screenshot scripts (assets/screenshots) are played through the real head unit under Xvfb
(`incar ui --script --screenshots`), at 800x480, 1024x600, 1280x720 and 1920x720 in English and
Chinese, each size in both themes (the theme changes colours, not sizes: night with one
language, day with the other). Each turn's widget description is checked as a demoer would
look at the screenshot: every widget inside the window, every label's whole text inside its
box (not shortened with "...", not wrapped past its height, not spilling over its
neighbours), every category reachable from Home, no keypad while the driver moves, and each
error a sentence a person can read.

The label check needs what Kivy rendered, which the saved description does not hold: run as
`python -m tests.ui.test_layout ui ...`, this module is `incar` with each turn's description
extended by, for each visible label, the size its whole text needs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import ApiServer, incar_command, seed
from tests.ui.conftest import UiRun

pytestmark = pytest.mark.ui

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "assets" / "screenshots"
# Each size in both themes and both languages, as (size, theme, lang).
RUNS = [
    ("800x480", "night", "en"),
    ("800x480", "day", "zh-CN"),
    ("1024x600", "day", "en"),
    ("1024x600", "night", "zh-CN"),
    ("1280x720", "night", "en"),
    ("1280x720", "day", "zh-CN"),
    ("1920x720", "day", "en"),
    ("1920x720", "night", "zh-CN"),
]
# What the tour shows, turn by turn (assets/screenshots/tour.yaml).
TOUR_SCREENS = [
    "home",
    "results",
    "results",
    "item",
    "cart",
    "results",
    "item",
    "cart",
    "confirm_order",
    "tracking",
    "orders",
    "profiles",
    "settings",
    "services",
    "booking",
    "booking",
    "booking",
    "results",
    "item",
    "profiles",
]
UNREADABLE = re.compile(r"Errno|Traceback|Error\b|Exception|\w+\.\w+\(|<[a-z_.]+ object")
SLACK_PX = 1.5


def run_layout_ui(
    script: Path, api_url: str, shots: Path, *, size: str, theme: str, lang: str
) -> UiRun:
    """`incar ui` playing `script`, each turn's layout JSON with what its labels need."""
    args = ["ui", "--api", api_url, "--script", str(script), "--screenshots", str(shots)]
    args += ["--exit-when-done", "--no-voice", "--size", size, "--theme", theme, "--lang", lang]
    proc = subprocess.run(
        [sys.executable, "-m", "tests.ui.test_layout", *args],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=ROOT,
    )
    return UiRun(proc.returncode, proc.stdout + proc.stderr, shots)


def outside_window(layout: dict[str, Any]) -> list[str]:
    width, height = layout["window"]
    bad = []
    for w in layout["widgets"]:
        x, y, bw, bh = w["box"]
        if x < -1 or y < -1 or x + bw > width + 1 or y + bh > height + 1:
            bad.append(f"{w['cls']} {w.get('text', w.get('message', ''))} at {w['box']}")
    return bad


def cut_labels(layout: dict[str, Any]) -> list[str]:
    """Labels whose whole text does not show: shortened or lines dropped, wider than their
    box, or taller than it by more than half a line (drawn over what is below)."""
    bad = []
    for label in layout["labels"]:
        shown, needed = label["lines"]
        width, height = label["box"][2:]
        line = label["texture"][1] / max(1, shown)
        if (
            shown < needed
            or max(label["texture"][0], label["needs"][0]) > width + SLACK_PX
            or label["texture"][1] > height + line / 2
        ):
            bad.append(
                f"{label['text']!r}: {label['lines']} lines, needs {label['needs']}, "
                f"shows {label['texture']} in {[width, height]}"
            )
    return bad


def texts(layout: dict[str, Any]) -> list[str]:
    return [w["text"] for w in layout["widgets"] if "text" in w]


def of_type(layout: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [w["message"] for w in layout["widgets"] if w.get("message", {}).get("type") == kind]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded catalog that each test's store copies (seeding takes seconds)."""
    path = tmp_path_factory.mktemp("layout-db") / "seeded.sqlite3"
    seed(f"sqlite:///{path}")
    return path


@pytest.fixture
def store(xvfb: str, seeded: Path, start_api: Any, tmp_path: Path) -> ApiServer:
    """A store of the test's own: a tour books a slot and places an order, which the next
    tour must not find taken."""
    copy = tmp_path / "store.sqlite3"
    shutil.copy(seeded, copy)
    server: ApiServer = start_api(db_url=f"sqlite:///{copy}")
    return server


@pytest.mark.parametrize(("size", "theme", "lang"), RUNS)
def test_every_screen_fits_the_window(
    store: ApiServer, tmp_path: Path, size: str, theme: str, lang: str
) -> None:
    run = run_layout_ui(
        SCRIPTS / "tour.yaml", store.url, tmp_path / "shots", size=size, theme=theme, lang=lang
    )
    assert run.returncode == 0, run.output[-3000:]
    layouts = run.layouts()
    assert [layout["screen"] for layout in layouts] == TOUR_SCREENS
    faults = {
        f"turn {layout['turn']} {layout['screen']}": outside_window(layout) + cut_labels(layout)
        for layout in layouts
    }
    assert {turn: bad for turn, bad in faults.items() if bad} == {}


def test_every_category_is_a_tile_on_home(store: ApiServer, tmp_path: Path) -> None:
    with httpx.Client(base_url=f"{store.url}/api/v1", timeout=10) as http:
        login = {"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": "passenger"}
        token = http.post("/sessions", json=login).json()["token"]
        categories = http.get("/categories", headers={"Authorization": f"Bearer {token}"})
    slugs = {c["slug"] for c in categories.json()}
    assert len(slugs) == 11
    for size in ("800x480", "1920x720"):
        run = run_layout_ui(
            SCRIPTS / "tour.yaml", store.url, tmp_path / size, size=size, theme="night", lang="en"
        )
        home = run.layouts()[0]
        assert home["screen"] == "home"
        tiles = {m["category"] for m in home["scrollable_messages"] if m["type"] == "Browse"}
        assert tiles == slugs, f"{size}: missing {slugs - tiles}"


@pytest.mark.parametrize(("size", "lang"), [("800x480", "zh-CN"), ("1920x720", "en")])
def test_no_keyboard_or_keypad_while_the_driver_moves(
    store: ApiServer, tmp_path: Path, size: str, lang: str
) -> None:
    run = run_layout_ui(
        SCRIPTS / "driving.yaml", store.url, tmp_path / "shots", size=size, theme="day", lang=lang
    )
    assert run.returncode == 0, run.output[-3000:]
    layouts = run.layouts()
    assert [layout["screen"] for layout in layouts] == [
        "home",
        "home",
        "results",
        "item",
        "services",
    ]
    for layout in layouts:
        assert layout["restricted"], layout["screen"]
        assert not layout["keyboard_shown"], layout["screen"]
        assert of_type(layout, "PinKey") == [], layout["screen"]
        typing = [w for w in layout["widgets"] if "text_input" in w]
        assert all(w["text_input"]["disabled"] for w in typing), layout["screen"]
        assert outside_window(layout) + cut_labels(layout) == []


def readable(sentence: str) -> bool:
    return bool(sentence.strip()) and not UNREADABLE.search(sentence)


def test_store_down_at_start_is_one_sentence(xvfb: str, tmp_path: Path) -> None:
    run = run_layout_ui(
        SCRIPTS / "tour.yaml",
        "http://127.0.0.1:9",
        tmp_path / "shots",
        size="800x480",
        theme="night",
        lang="en",
    )
    assert run.returncode == 2
    line = run.output.strip().splitlines()[-1]
    assert line.startswith("incar: error: ") and readable(line), run.output
    assert "incar serve" in line


def test_unknown_vehicle_is_one_sentence(store: ApiServer, tmp_path: Path) -> None:
    script = tmp_path / "stranger.yaml"
    script.write_text(
        "vehicle: {vin: WVWZZZ1JZXW000001}\nturns:\n  - tap: {action: open, screen: home}\n",
        encoding="utf-8",
    )
    run = run_layout_ui(
        script, store.url, tmp_path / "shots", size="800x480", theme="night", lang="en"
    )
    assert run.returncode == 2
    line = run.output.strip().splitlines()[-1]
    assert line.startswith("incar: error: ") and readable(line), run.output
    assert "WVWZZZ1JZXW000001" in line


def test_the_store_dying_during_taps_is_said_in_a_sentence(
    xvfb: str, start_api: Any, tmp_path: Path
) -> None:
    api: ApiServer = start_api()
    shots = tmp_path / "shots"
    args = ["--api", api.url, "--script", str(SCRIPTS / "store_down.yaml")]
    args += ["--screenshots", str(shots), "--exit-when-done", "--no-voice", "--size", "800x480"]
    proc = subprocess.Popen(
        incar_command("ui", *args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    _kill_after_first_turn(proc, shots, api)
    output, _ = proc.communicate(timeout=240)
    run = UiRun(proc.returncode, output, shots)
    last = run.layouts()[-1]
    said = [t for t in texts(last) if "store" in t.lower()]
    assert said, texts(last)
    assert all(readable(t) for t in texts(last)), texts(last)
    assert "Traceback" not in output


def _kill_after_first_turn(proc: subprocess.Popen[str], shots: Path, api: ApiServer) -> None:
    deadline = time.monotonic() + 120
    while not any(shots.glob("turn-01-*.png")) and proc.poll() is None:
        assert time.monotonic() < deadline, "the first turn never finished"
        time.sleep(0.02)
    api.kill()


# ---- run as `python -m tests.ui.test_layout ui ...`: incar, with label sizes recorded ----------


def _label_fit(label: Any) -> dict[str, Any]:
    """What the label shows (lines, texture) against what its whole text needs at its wrap
    width: not shortened, no line limit."""
    from kivy.core.text import Label as CoreLabel
    from kivy.core.text.markup import MarkupLabel

    options = {name: getattr(label, name) for name in label._font_properties}
    options.update(shorten=False, max_lines=0, text_size=(label.text_size[0], None))
    whole = (MarkupLabel if label.markup else CoreLabel)(**options)
    whole.refresh()
    return {
        "lines": [len(label._label._cached_lines), len(whole._cached_lines)],
        "texture": [round(float(v), 1) for v in label.texture_size],
        "needs": [round(float(v), 1) for v in whole.content_size],
    }


def _record_label_sizes() -> None:
    from kivy.uix.label import Label

    from car_ui.views import touch_driver

    describe = touch_driver.describe_screen

    def described(root: Any) -> dict[str, Any]:
        layout = describe(root)
        layout["labels"] = [
            {
                "text": touch_driver.plain_text(w),
                "box": [round(v, 1) for v in touch_driver.window_box(w)],
                **_label_fit(w),
            }
            for w in touch_driver.visible_widgets(root)
            if isinstance(w, Label)
            and touch_driver.plain_text(w)
            and not touch_driver._clipped_by_scroll(w)
        ]
        # a tile scrolled out of view is still reachable: a swipe brings it in
        layout["scrollable_messages"] = [
            touch_driver.describe_message(w.message)
            for w in touch_driver.visible_widgets(root)
            if getattr(w, "message", None) is not None
        ]
        return layout

    touch_driver.describe_screen = described


def _main() -> None:
    """`incar` with label sizes recorded; the recorder goes in once Kivy is configured (a
    Kivy import before that would open the window at Kivy's default size)."""
    import os

    from car_ui import app

    configure = app.configure_kivy

    def configured(width: int, height: int, *, fullscreen: bool) -> None:
        configure(width, height, fullscreen=fullscreen)
        _record_label_sizes()

    os.environ.setdefault("KIVY_NO_ARGS", "1")
    app.configure_kivy = configured
    from incar.cli import main

    sys.argv = ["incar", *sys.argv[1:]]
    main()


if __name__ == "__main__":
    _main()
