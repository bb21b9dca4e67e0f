"""`incar bench ui`: the head unit's responsiveness, measured on the real app under Xvfb.

Each measurement runs the real Kivy app in a child process (one window per process) against a
real API, and the child reports its own timings as one JSON line:

- cold start: from spawning the process to the first frame drawn after the first session
  state is on screen (the moment a person can use it);
- touch feedback: from a touch-down on a button to the end of the frame that shows it pressed;
- frame time: the work per frame (clock events, layout, drawing) while a results list scrolls;
- peak RSS: the process's high-water mark after the speech model and its grammar are loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.report import BenchResult, median, peak_rss_mib, percentile
from bench.servers import ApiServer, seed

SIZE = "800x480"
PROBE_TIMEOUT_S = 180


@contextmanager
def virtual_display() -> Iterator[str]:
    """Xvfb on a free display number; DISPLAY is set for child processes while it runs."""
    number = next(
        n
        for n in range(90, 200)
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists()
    )
    proc = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)


def _kivy_env(display: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DISPLAY=display, KIVY_NO_ARGS="1", KIVY_WINDOW="sdl2", KIVY_GL_BACKEND="sdl2")
    return env


def _run_probe(api_url: str, display: str, *, voice: bool) -> dict[str, Any]:
    code = f"from bench.ui import probe; probe({api_url!r}, {SIZE!r}, voice={voice!r})"
    env = _kivy_env(display)
    env["INCAR_BENCH_SPAWNED"] = repr(time.time())
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=PROBE_TIMEOUT_S,
        check=False,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            data: dict[str, Any] = json.loads(line)
            return data
    raise RuntimeError(f"the UI probe failed:\n{(proc.stdout + proc.stderr)[-3000:]}")


def run(quick: bool) -> list[BenchResult]:
    starts = 2 if quick else 5
    with tempfile.TemporaryDirectory(prefix="incar-bench-ui-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'ui.sqlite3'}"
        seed(db_url)
        api = ApiServer(db_url).start()
        try:
            with virtual_display() as display:
                runs = [_run_probe(api.url, display, voice=False) for _ in range(starts)]
                full = _run_probe(api.url, display, voice=True)
        finally:
            api.stop()
    feedback = [ms for r in [*runs, full] for ms in r["feedback_ms"]]
    frames = [ms for r in [*runs, full] for ms in r["frame_ms"]]
    return [
        BenchResult("ui cold start to interactive", "s", median([r["start_s"] for r in runs]), 3.0),
        BenchResult("ui touch-to-visual feedback (median)", "ms", median(feedback), 100.0),
        BenchResult("ui touch-to-visual feedback (p95)", "ms", percentile(feedback, 95)),
        BenchResult("ui results scroll frame time (p95)", "ms", percentile(frames, 95), 16.7),
        BenchResult("ui peak RSS with speech model", "MiB", full["peak_rss_mb"], 350.0),
        BenchResult("ui peak RSS touch only", "MiB", median([r["peak_rss_mb"] for r in runs])),
    ]


# ---- the child process ---------------------------------------------------------------------


def probe(api_url: str, size: str, *, voice: bool) -> None:
    """Open the head unit, measure, print one JSON line and exit (runs in the child)."""
    from car_ui.app import configure_kivy, parse_size

    width, height = parse_size(size)
    configure_kivy(width, height, fullscreen=False)
    from car_ui.app import kv_paths
    from car_ui.provisioning import DEMO_PROFILE, DEMO_VIN
    from car_ui.views.application import HeadUnitApp, SessionSettings

    app = HeadUnitApp(
        SessionSettings(api_url, DEMO_VIN, DEMO_PROFILE),
        kv_files=kv_paths(),
        voice=voice,
        script=None,
        screenshots=None,
        exit_when_done=True,
    )
    measuring = _Probe(app, spawned=float(os.environ["INCAR_BENCH_SPAWNED"]))
    app.run()  # Kivy binds callbacks weakly: `measuring` stays referenced until here
    del measuring


class _Probe:
    """Drives the measurements from Kivy's clock, one step per awaited frame."""

    PRESSES = 15
    SCROLL_SECONDS = 1.5

    def __init__(self, app: Any, *, spawned: float) -> None:
        from kivy.core.window import Window

        self.app = app
        self.spawned = spawned
        self.result: dict[str, Any] = {"feedback_ms": [], "frame_ms": []}
        self._flip_waiters: list[Any] = []
        Window.bind(on_flip=self._flipped)
        app.bind(ready=self._ready)

    def _flipped(self, *_args: Any) -> None:
        now = time.perf_counter()
        waiters, self._flip_waiters = self._flip_waiters, []
        for waiter in waiters:
            waiter(now)

    def _after_next_frame(self, callback: Any) -> None:
        self._flip_waiters.append(callback)

    def _ready(self, _app: Any, ready: bool) -> None:
        if ready:
            self._after_next_frame(self._interactive)

    def _interactive(self, _now: float) -> None:
        self.result["start_s"] = time.time() - self.spawned
        self._open("settings", self._press_next)

    def _open(self, screen: str, then: Any) -> None:
        from kivy.clock import Clock

        from car_ui.touch import Open
        from core.commands import Screen

        view = self.app.view
        view.tap(Open(Screen(screen)))

        def wait(_dt: float) -> bool:
            if view.screen_name == screen and view.bridge.idle:
                Clock.schedule_once(lambda _dt: then(), 0.2)
                return False
            return True

        Clock.schedule_interval(wait, 0)

    def _press_next(self) -> None:
        from kivy.clock import Clock

        from car_ui.views import touch_driver
        from car_ui.views.messages import SetTheme

        if len(self.result["feedback_ms"]) >= self.PRESSES:
            self._search()
            return
        name = "day" if len(self.result["feedback_ms"]) % 2 else "night"
        button = touch_driver.find_message(self.app.view, SetTheme(name))
        if button is None:
            raise RuntimeError(f"no {name} theme button on the settings screen")
        started = time.perf_counter()
        touch_driver.press(button)

        def shown(now: float) -> None:
            if button.state != "down":
                raise RuntimeError("the pressed button did not show its pressed state")
            self.result["feedback_ms"].append((now - started) * 1000)
            touch_driver.release(button)
            Clock.schedule_once(lambda _dt: self._press_next(), 0.05)

        self._after_next_frame(shown)

    def _search(self) -> None:
        from core.commands import Command, Intent, Source

        view = self.app.view
        view.send(Command(Intent.SEARCH, {"item": "coffee"}, source=Source.TOUCH))
        self._open_when_results()

    def _open_when_results(self) -> None:
        from kivy.clock import Clock

        view = self.app.view

        def wait(_dt: float) -> bool:
            if view.screen_name == "results" and view.bridge.idle and view.state.results:
                Clock.schedule_once(lambda _dt: self._scroll(), 0.3)
                return False
            return True

        Clock.schedule_interval(wait, 0)

    def _scroll(self) -> None:
        from kivy.animation import Animation
        from kivy.clock import Clock

        grid = self.app.view.ids.screens.get_screen("results").ids.grid
        frame_start = [time.perf_counter()]

        def tick(_dt: float) -> None:
            frame_start[0] = time.perf_counter()
            self._after_next_frame(
                lambda now: self.result["frame_ms"].append((now - frame_start[0]) * 1000)
            )

        Clock.schedule_interval(tick, 0)
        self._tick = tick  # the clock holds callbacks weakly
        down = Animation(scroll_y=0, duration=self.SCROLL_SECONDS)
        down += Animation(scroll_y=1, duration=self.SCROLL_SECONDS)
        down.bind(on_complete=lambda *_a: self._finish(tick))
        down.start(grid)

    def _finish(self, tick: Any) -> None:
        from kivy.clock import Clock

        Clock.unschedule(tick)
        if self.app.voice is not None:
            self.app.voice.preload()
        self.result["peak_rss_mb"] = peak_rss_mib()
        print(json.dumps(self.result), flush=True)
        self.app.stop()
