"""`incar ui --script`: a voice-session script played through the real head unit.

Spoken, WAV and text turns go through the core helper's `TurnPlayer` (TTS → Vosk → NLU →
session) on the bridge's worker thread, so they produce exactly the headless report; the
screen follows through the session's state updates and the overlay shows what was heard and
answered. Tap turns press the real widgets with touch events (see touch_driver); only when
no widget on screen offers the action (e.g. `open: tracking`) is the tap handed to the same
`command_from_tap` path the widgets use. After each turn the player waits for the UI to settle
and saves a screenshot plus a JSON description of the visible widgets.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.clock import Clock

from car_ui.commands import Reply
from car_ui.script import Script, Turn, TurnRecord, build_report, write_report
from car_ui.script_runner import TurnPlayer, print_turn
from car_ui.views import touch_driver
from car_ui.views.voice_control import caption_seconds

if TYPE_CHECKING:
    from car_ui.views.application import HeadUnitApp

log = logging.getLogger(__name__)
Wait = Callable[[], bool]
Steps = Iterator[Wait]
NAV_SCREENS = {"home", "results", "cart", "orders", "profiles", "settings"}
TURN_TIMEOUT_S = 120.0
# Tap actions pressed as a widget whose action id is `<action>:<this slot>`, and the screen
# (reached from the side rail) that shows it when it is not on screen yet.
_CHIP_SLOTS = {
    "category": "category",
    "delivery": "mode",
    "payment": "method",
    "reorder": "order_id",
}
_CHIP_SCREENS = {"category": "home", "reorder": "orders"}


def frames(count: int) -> Wait:
    """Wait for `count` drawn frames."""
    left = [count]

    def done() -> bool:
        left[0] -= 1
        return left[0] < 0

    return done


class ScriptPlayer:
    def __init__(self, app: HeadUnitApp, script: Script, screenshots: Path | None) -> None:
        self.app = app
        self.script = script
        self.screenshots = screenshots
        assert app.view is not None and app.bridge is not None
        self.view = app.view
        self.bridge = app.bridge
        self.session = app.session
        self.turns = TurnPlayer(self.session)
        self.replies: list[Reply] = []
        self.fallbacks: list[str] = []
        self.view.reply_listeners.append(self.replies.append)
        self._steps: Steps | None = None
        self._wait: Wait | None = None
        self._deadline = 0.0

    def start(self) -> None:
        if self.screenshots is not None:
            self.screenshots.mkdir(parents=True, exist_ok=True)
        self._steps = self._run()
        Clock.schedule_interval(self._pump, 0)

    def _pump(self, _dt: float) -> bool:
        """Advance the script whenever what it waits for has happened (one step per frame)."""
        assert self._steps is not None
        if self._wait is not None and not self._wait():
            if time.monotonic() > self._deadline:
                self._finish_with_error("a turn took longer than two minutes")
                return False
            return True
        try:
            self._wait = next(self._steps)
            self._deadline = time.monotonic() + TURN_TIMEOUT_S
        except StopIteration:
            return False
        except Exception as exc:  # the report must still say what happened
            log.exception("script stopped")
            self._finish_with_error(str(exc) or type(exc).__name__)
            return False
        return True

    def _finish_with_error(self, message: str) -> None:
        print(f"incar: error: script stopped: {message}", flush=True)
        self.app.exit_code = 2
        if self.app.exit_when_done:
            self.app.stop()

    def _settled(self) -> bool:
        return self.bridge.idle

    # ---- the script ------------------------------------------------------------------------

    def _run(self) -> Steps:
        records: list[TurnRecord] = []
        yield frames(2)
        for turn in self.script.turns:
            if turn.kind == "tap":
                record = yield from self._tap_turn(turn)
            else:
                record = yield from self._spoken_turn(turn)
            records.append(record)
            print_turn(record)
            yield self._settled
            yield frames(3)
            self._capture(turn, record)
        report = build_report(self.script, records, self.session.orders_placed)
        if self.screenshots is not None:
            write_report(self.screenshots / "report.json", report)
        if self.fallbacks:
            print(f"taps with no widget on screen, sent as commands: {self.fallbacks}")
        print(
            f"{report['passed']} of {len(records)} turns passed; orders: "
            f"{report['summary']['orders']}",
            flush=True,
        )
        self.app.exit_code = 0 if report["failed"] == 0 else 1
        if self.app.exit_when_done:
            self.app.stop()

    def _spoken_turn(self, turn: Turn) -> Generator[Wait, None, TurnRecord]:
        overlay = self.view.ids.overlay
        spoken = turn.kind in ("say", "audio", "text")
        if spoken:
            overlay.present(listening=turn.kind != "text")
        future = self.bridge.call(self.turns.play, turn)
        yield lambda: future.done()
        yield self._settled
        record: TurnRecord = future.result()
        if spoken:
            overlay.present(listening=False, transcript=record.transcript, caption=record.reply)
            overlay.linger(caption_seconds(record.reply))
        if record.blocked:
            self.view.toast(record.reply, "error")
        self.view.show_vehicle(self.session.vehicle)
        return record

    def _tap_turn(self, turn: Turn) -> Generator[Wait, None, TurnRecord]:
        started = time.perf_counter()
        api_before = self.session.client.busy_seconds
        seen = len(self.replies)
        self.view.ids.overlay.dismiss()
        yield from self._drive(dict(turn.value))
        yield self._settled
        reply = self.replies[-1] if len(self.replies) > seen else None
        return self.turns.record_turn(turn, None, reply, started=started, api_before=api_before)

    # ---- pressing widgets -------------------------------------------------------------------

    def _find(self, action_id: str) -> Any:
        return touch_driver.find_action(self.view, action_id)

    def _press(self, action_id: str) -> Iterator[Wait]:
        """Touch the widget, let its pressed state draw, release, and let the session answer."""
        widget = self._find(action_id)
        if widget is None:
            raise RuntimeError(f"no widget for {action_id} on the {self.view.screen_name} screen")
        touch_driver.press(widget)
        yield frames(1)
        touch_driver.release(widget)
        yield frames(1)
        yield self._settled

    def _direct(self, action: dict[str, Any]) -> Iterator[Wait]:
        self.fallbacks.append(str(action.get("action")))
        self.view.tap(action)
        yield self._settled

    def _press_or_direct(self, action_id: str, action: dict[str, Any]) -> Iterator[Wait]:
        if self._find(action_id) is not None:
            yield from self._press(action_id)
        else:
            yield from self._direct(action)

    def _drive(self, action: dict[str, Any]) -> Iterator[Wait]:
        name = action["action"]
        if name == "open":
            screen = str(action.get("screen"))
            if screen in NAV_SCREENS:
                yield from self._press(f"nav:{screen}")
            else:
                yield from self._direct(action)
        elif name == "type_search":
            yield from self._type_search(action)
        elif name == "pick":
            yield from self._pick(action)
        elif name == "add":
            yield from self._add(action)
        elif name == "checkout":
            if self._find("checkout") is None and self._find("nav:cart") is not None:
                yield from self._press("nav:cart")
            yield from self._press_or_direct("checkout", action)
        elif name in ("confirm", "cancel"):
            yield from self._press_or_direct(name, action)
        elif name == "remove":
            yield from self._press_or_direct(f"remove:{action.get('line_id')}", action)
        elif name in _CHIP_SLOTS:
            yield from self._press_chip(name, action)
        elif name == "switch_profile":
            yield from self._switch_profile(action)
        elif name == "enter_pin" and self.view.pin_prompt:
            yield from self._type_pin(str(action.get("pin", "")))
        else:
            yield from self._direct(action)

    def _press_chip(self, name: str, action: dict[str, Any]) -> Iterator[Wait]:
        """Home's category tiles, the confirm screen's delivery and payment chips, an order's
        Reorder button: each is `<action>:<slot value>`, on the screen that shows it."""
        action_id = f"{name}:{action.get(_CHIP_SLOTS[name])}"
        screen = _CHIP_SCREENS.get(name)
        if self._find(action_id) is None and screen is not None:
            yield from self._press(f"nav:{screen}")
        yield from self._press_or_direct(action_id, action)

    def _type_search(self, action: dict[str, Any]) -> Iterator[Wait]:
        screen = self.view.ids.screens.current_screen
        if "search" not in screen.ids:
            yield from self._press("nav:home")
            screen = self.view.ids.screens.current_screen
        field = screen.ids.search.ids.field
        if field.disabled:  # driving: no keyboard; the session refuses typed input too
            yield from self._direct(action)
            return
        touch_driver.tap(field)
        yield frames(1)
        field.text = ""
        field.insert_text(str(action.get("text", "")))
        yield frames(1)
        yield from self._press("search:go")

    def _pick(self, action: dict[str, Any]) -> Iterator[Wait]:
        action_id = f"pick:{action.get('index')}"
        if self.view.screen_name == "results" and self._find(action_id) is None:
            self._scroll_results_to(int(action.get("index") or 1))
            yield frames(2)
        yield from self._press_or_direct(action_id, action)

    def _scroll_results_to(self, index: int) -> None:
        screen = self.view.ids.screens.get_screen("results")
        grid = screen.ids.grid
        rows = math.ceil(len(grid.data) / max(1, screen.columns))
        row = (index - 1) // max(1, screen.columns)
        grid.scroll_y = max(0.0, 1.0 - row / max(1, rows - 1))

    def _add(self, action: dict[str, Any]) -> Iterator[Wait]:
        if self.view.screen_name != "item" or self._find("add") is None:
            yield from self._direct(action)
            return
        variant = str(action.get("variant") or "").lower()
        if variant:
            chip = next(
                (
                    w
                    for w in touch_driver.visible_widgets(self.view)
                    if str(getattr(w, "action_id", "")).startswith("variant:")
                    and variant in str(getattr(w, "text", "")).lower()
                ),
                None,
            )
            if chip is None:
                yield from self._direct(action)
                return
            yield from self._press(chip.action_id)
        wanted = int(action.get("quantity") or 1)
        for _ in range(100):
            choice = self.view.ctx.item_choice
            if choice is None or choice.quantity == wanted:
                break
            yield from self._press("qty:plus" if choice.quantity < wanted else "qty:minus")
        yield from self._press("add")

    def _switch_profile(self, action: dict[str, Any]) -> Iterator[Wait]:
        name = str(action.get("profile"))
        if self.view.screen_name != "profiles":
            yield from self._press("nav:profiles")
        if self._find(f"profile:{name}") is None:
            yield from self._direct(action)
            return
        yield from self._press(f"profile:{name}")
        if self.view.pin_prompt:
            yield from self._type_pin(str(action.get("pin", "")))

    def _type_pin(self, pin: str) -> Iterator[Wait]:
        for digit in pin:
            yield from self._press(f"pin:{digit}")

    # ---- evidence -------------------------------------------------------------------------------

    def _capture(self, turn: Turn, record: TurnRecord) -> None:
        if self.screenshots is None:
            return
        stem = f"turn-{turn.index:02d}-{record.screen}"
        self.view.export_to_png(str(self.screenshots / f"{stem}.png"))
        layout = touch_driver.describe_screen(self.view)
        layout.update(
            screen=self.view.screen_name,
            restricted=self.view.restricted,
            turn=turn.index,
            passed=record.passed,
        )
        (self.screenshots / f"{stem}.json").write_text(
            json.dumps(layout, indent=1, ensure_ascii=False), encoding="utf-8"
        )
