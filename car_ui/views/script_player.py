"""`incar ui --script`: a voice-session script played through the real head unit.

Spoken, WAV and text turns go through the core helper's `TurnPlayer` (TTS → Vosk → NLU →
session) on the bridge's worker thread, so they produce exactly the headless report; the
screen follows through the session's state updates and the overlay shows what was heard and
answered. Tap turns press the real widgets with touch events (see touch_driver); only when
no widget on screen posts the tap's message (e.g. `open: tracking`) is it handed to the head
unit directly, the same path the widgets' messages take. After each turn the player waits for
the UI to settle and saves a screenshot plus a JSON description of the visible widgets.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import sys
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.uix.scrollview import ScrollView

from car_ui import pictures
from car_ui.script import Script, Turn, TurnRecord, build_report, write_report
from car_ui.script_runner import TurnPlayer, print_turn
from car_ui.session import OrderingSession
from car_ui.touch import (
    TAP_ACTIONS,
    Add,
    Browse,
    Cancel,
    CancelBooking,
    Checkout,
    ChooseDelivery,
    ChoosePayment,
    Confirm,
    EnterPin,
    Lease,
    MoveBooking,
    Open,
    Pick,
    PickDay,
    Remove,
    Reorder,
    SwitchProfile,
    Tap,
    TypeSearch,
    parse_tap,
)
from car_ui.views import touch_driver
from car_ui.views.bridge import SessionBridge
from car_ui.views.head_unit import HeadUnit
from car_ui.views.messages import (
    ChooseOption,
    ChooseVariant,
    Message,
    PinKey,
    StepItem,
    SubmitSearch,
)
from car_ui.views.voice_control import caption_seconds
from core.commands import Reply
from core.commands import Screen as ScreenName

log = logging.getLogger(__name__)
Wait = Callable[[], bool]
Steps = Iterator[Wait]
NAV_SCREENS = {
    ScreenName.HOME,
    ScreenName.RESULTS,
    ScreenName.CART,
    ScreenName.ORDERS,
    ScreenName.PROFILES,
    ScreenName.SETTINGS,
    ScreenName.SERVICES,
}
TURN_TIMEOUT_S = 120.0
# The screen (reached from the side rail) that shows a chip when it is not on screen yet.
_CHIP_SCREENS: dict[type, ScreenName] = {
    Browse: ScreenName.HOME,
    Reorder: ScreenName.ORDERS,
    CancelBooking: ScreenName.ORDERS,
    MoveBooking: ScreenName.ORDERS,
    Lease: ScreenName.SERVICES,
}
_ACTION_NAMES = {cls: name for name, cls in TAP_ACTIONS.items()}


def frames(count: int) -> Wait:
    """Wait for `count` drawn frames."""
    left = [count]

    def done() -> bool:
        left[0] -= 1
        return left[0] < 0

    return done


class ScriptPlayer:
    """Plays a script on the head unit; `on_done(exit_code)` when it ends (0 all passed, 1 some
    failed, 2 the script could not go on)."""

    def __init__(
        self,
        view: HeadUnit,
        bridge: SessionBridge,
        session: OrderingSession,
        script: Script,
        screenshots: Path | None,
        on_done: Callable[[int], None],
    ) -> None:
        self.script = script
        self.screenshots = screenshots
        self.view = view
        self.bridge = bridge
        self.session = session
        self.on_done = on_done
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
        print(f"incar: error: script stopped: {message}", file=sys.stderr, flush=True)
        self.on_done(2)

    def _settled(self) -> bool:
        """The session answered and every picture asked for has landed (a screenshot taken
        earlier would show the icon that stands in for it)."""
        return self.bridge.idle and not pictures.any_busy()

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
        self.on_done(0 if report["failed"] == 0 else 1)

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
        cart_before = self.session.state.cart
        seen = len(self.replies)
        overlay = self.view.ids.overlay
        if overlay.shown:
            overlay.dismiss()
            yield frames(2)  # the screen grows back under the voice panel before a finger lands
        yield from self._drive(parse_tap(turn.value))
        yield self._settled
        reply = self.replies[-1] if len(self.replies) > seen else None
        return self.turns.record_turn(
            turn, None, reply, started=started, api_before=api_before, cart_before=cart_before
        )

    # ---- pressing widgets -------------------------------------------------------------------

    def _find(self, message: Message) -> Any:
        return touch_driver.find_message(self.view, message)

    def _press(self, message: Message) -> Iterator[Wait]:
        """Touch the widget, let its pressed state draw, release, and let the session answer."""
        widget = self._find(message)
        if widget is None:
            raise RuntimeError(f"no widget for {message} on the {self.view.screen_name} screen")
        yield from self._press_widget(widget)

    def _press_widget(self, widget: Any) -> Iterator[Wait]:
        if touch_driver.bring_into_view(widget):
            yield frames(2)
        touch_driver.press(widget)
        yield frames(1)
        touch_driver.release(widget)
        yield frames(1)
        yield self._settled
        # The screen the press led to is laid out on the next frames; a widget looked up and
        # pressed before that would be touched where it stood on the old layout.
        yield frames(2)

    def _direct(self, tap: Tap) -> Iterator[Wait]:
        self.fallbacks.append(_ACTION_NAMES[type(tap)])
        self.view.tap(tap)
        yield self._settled

    def _press_or_direct(self, tap: Tap) -> Iterator[Wait]:
        if self._find(tap) is not None:
            yield from self._press(tap)
        else:
            yield from self._direct(tap)

    def _drive(self, tap: Tap) -> Iterator[Wait]:
        match tap:
            case Open(screen) if screen in NAV_SCREENS:
                yield from self._press(tap)
            case TypeSearch():
                yield from self._type_search(tap)
            case Pick():
                yield from self._pick(tap)
            case Add():
                yield from self._add(tap)
            case Checkout():
                cart = Open(ScreenName.CART)
                if self._find(tap) is None and self._find(cart) is not None:
                    yield from self._press(cart)
                yield from self._press_or_direct(tap)
            case Confirm() | Cancel() | Remove():
                yield from self._press_or_direct(tap)
            case Browse() | ChooseDelivery() | ChoosePayment() | Reorder():
                yield from self._press_chip(tap)
            case PickDay() | CancelBooking() | MoveBooking() | Lease():
                yield from self._press_chip(tap)
            case SwitchProfile():
                yield from self._switch_profile(tap)
            case EnterPin(pin) if self.view.pin_prompt:
                yield from self._type_pin(pin)
            case _:
                yield from self._direct(tap)

    def _press_chip(self, tap: Tap) -> Iterator[Wait]:
        """Home's category tiles, the confirm screen's delivery and payment chips, an order's
        Reorder button: each on the screen that shows it (reached from the side rail)."""
        screen = _CHIP_SCREENS.get(type(tap))
        if self._find(tap) is None and screen is not None:
            yield from self._press(Open(screen))
        yield from self._press_or_direct(tap)

    def _type_search(self, tap: TypeSearch) -> Iterator[Wait]:
        screen = self.view.ids.screens.current_screen
        if "search" not in screen.ids:
            yield from self._press(Open(ScreenName.HOME))
            screen = self.view.ids.screens.current_screen
        field = screen.ids.search.ids.field
        if field.disabled:  # driving: no keyboard; the session refuses typed input too
            yield from self._direct(tap)
            return
        touch_driver.tap(field)
        yield frames(1)
        field.text = ""
        field.insert_text(tap.text)
        yield frames(1)
        yield from self._press(SubmitSearch())

    def _pick(self, tap: Pick) -> Iterator[Wait]:
        if self.view.screen_name == "results" and self._find(tap) is None:
            self._scroll_results_to(tap.index)
            yield frames(2)
        yield from self._press_or_direct(tap)

    def _scroll_results_to(self, index: int) -> None:
        screen = self.view.ids.screens.get_screen("results")
        grid = screen.ids.grid
        rows = math.ceil(len(grid.data) / max(1, screen.columns))
        row = (index - 1) // max(1, screen.columns)
        grid.scroll_y = max(0.0, 1.0 - row / max(1, rows - 1))

    def _add(self, tap: Add) -> Iterator[Wait]:
        """The item form filled in as a person would: the size or variant chip, a chip per
        made-to-order choice, the stepper, then Add. A choice with no chip on screen (or the
        item screen not showing) sends the tap as it is."""
        if self.view.screen_name != "item" or self._find(Add()) is None:
            yield from self._direct(tap)
            return
        options = dict(tap.options)
        variant = (tap.variant or options.get("size") or "").lower()
        if not tap.variant:
            options.pop("size", None)  # the size is a SKU: its chip is a variant chip
        # Each press redraws the form, so every chip is looked up just before its press.
        finders: list[Callable[[], Any]] = [lambda: self._variant_chip(variant)] if variant else []
        finders += [functools.partial(self._find, ChooseOption(g, v)) for g, v in options.items()]
        if any(find() is None for find in finders):
            yield from self._direct(tap)
            return
        for find in finders:
            chip = find()
            if chip is None:
                yield from self._direct(tap)
                return
            self._scroll_into_view(chip)
            yield frames(1)
            yield from self._press_widget(find() or chip)
        wanted = tap.quantity or 1
        for _ in range(100):
            choice = self.view.ctx.item_choice
            if choice is None or choice.quantity == wanted:
                break
            yield from self._press(StepItem(1 if choice.quantity < wanted else -1))
        yield from self._press(Add())

    def _variant_chip(self, variant: str) -> Any:
        chips = touch_driver.find_messages(self.view, lambda m: isinstance(m, ChooseVariant))
        exact = [w for w in chips if str(getattr(w, "text", "")).lower() == variant]
        loose = [w for w in chips if variant in str(getattr(w, "text", "")).lower()]
        return (exact or loose or [None])[0]

    def _scroll_into_view(self, widget: Any) -> None:
        parent = widget.parent
        while parent is not None and parent is not parent.parent:
            if isinstance(parent, ScrollView):
                parent.scroll_to(widget, padding=0, animate=False)
                return
            parent = parent.parent

    def _switch_profile(self, tap: SwitchProfile) -> Iterator[Wait]:
        if self.view.screen_name != "profiles":
            yield from self._press(Open(ScreenName.PROFILES))
        card = SwitchProfile(tap.profile)
        if self._find(card) is None:
            yield from self._direct(tap)
            return
        yield from self._press(card)
        if self.view.pin_prompt:
            yield from self._type_pin(tap.pin or "")

    def _type_pin(self, pin: str) -> Iterator[Wait]:
        for digit in pin:
            yield from self._press(PinKey(digit))

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
