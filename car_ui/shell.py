"""`incar shell`: the head unit without a screen, one utterance per line.

For developers and pipes (`echo "add two lattes" | incar shell`): lines are understood by the
same NLU and answered by the same ordering session as speech and taps. `:tap`, `:vehicle`
and friends stand in for the touch screen and the vehicle bus.
"""

from __future__ import annotations

import sys
from typing import IO, Any

import yaml

from car_ui import i18n
from car_ui.booking_state import booking_of
from car_ui.client import RetailClient, quiet_http_logs
from car_ui.provisioning import DEMO_PROFILE, DEMO_VIN
from car_ui.script_runner import start_session
from car_ui.session import OrderingSession
from car_ui.touch import command_for, parse_tap
from car_ui.vehicle import parse_vehicle_args
from core.commands import Reply, Source
from core.state import SessionState
from incar.errors import IncarError

SHELL_HELP = """\
Type what you would say, e.g. "find a latte", "add two lattes", "check out", "yes",
"book a test drive of the Explorer for Saturday morning".
  :tap action=pick index=2      a touch action (also :tap {"action": "add", "quantity": 2})
  :vehicle speed=60 gear=D      vehicle state: speed, gear (P/R/N/D), autonomous, operator,
                                soc (battery %), service_km (distance to service)
  :state                        what the screen would show
  :help                         this text
  :quit                         leave (end of input works too)"""


def parse_tap_line(text: str) -> dict[str, Any]:
    """`action=pick index=2` or a JSON/YAML mapping `{"action": "pick", "index": 2}`."""
    text = text.strip()
    if text.startswith("{"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            data = None
        if not isinstance(data, dict):
            raise IncarError(f"not a tap mapping: {text}")
        return data
    tap: dict[str, Any] = {}
    for part in text.split():
        key, sep, value = part.partition("=")
        if not sep:
            raise IncarError(f"expected key=value in a tap, got {part!r}")
        tap[key] = value
    return tap


def describe_state(state: SessionState) -> str:
    lines = [f"screen: {state.screen.value}   profile: {state.profile}"]
    if state.restriction.active:
        lines.append(f"restriction: {i18n._(state.restriction.reason)}")
    for i, tile in enumerate(state.results, start=1):
        lines.append(f"  result {i}: {tile.title} ({tile.price_fen / 100:.2f} {tile.currency})")
    for line in state.cart.lines:
        lines.append(f"  cart: {line.quantity} x {line.title} (line {line.line_id})")
    shown = booking_of(state)
    for i, slot in enumerate(shown.times, start=1):
        mark = "*" if slot.slot_id in shown.offered else " "
        lines.append(f" {mark}time {i}: {slot.start:%a %d %b %H:%M} ({slot.capacity_left} left)")
    for booking in shown.bookings:
        lines.append(
            f"  booking {booking.booking_id}: {booking.service.title}, "
            f"{booking.slot.start:%a %d %b %H:%M}, {booking.status}"
        )
    lines.append(f"cart total: {state.cart.total_fen / 100:.2f} {state.cart.currency}")
    return "\n".join(lines)


class Shell:
    """Reads lines, prints replies; `out` is stdout unless a test passes another stream."""

    def __init__(self, session: OrderingSession, out: IO[str], speaker: Any = None) -> None:
        self.session = session
        self.out = out
        self.speaker = speaker
        self._understander: Any = None
        self._last_message = ""
        session.subscribe(self._on_state)

    def _on_state(self, state: SessionState) -> None:
        """Notices from the outbox thread (an order went through) are printed when they come."""
        if state.message and state.message != self._last_message:
            self._last_message = state.message
            self._print(f"[notice] {state.message}")

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _show(self, reply: Reply) -> None:
        flag = " (blocked)" if reply.blocked else ""
        self._print(f"[{reply.screen.value}]{flag} {reply.text}")
        if self.speaker is not None:
            self.speaker.say(reply.text)

    def line(self, text: str) -> bool:
        """Handle one input line; False when the person asked to quit."""
        text = text.strip()
        if not text or text.startswith("#"):
            return True
        if text.startswith(":"):
            name, _, rest = text[1:].partition(" ")
            return self._meta(name.lower(), rest)
        if self._understander is None:
            from voice.nlu import Understander

            self._understander = Understander(self.session.vocabulary)
        command = self._understander.understand(
            text, self.session.state.expecting, source=Source.TEXT
        )
        self._show(self.session.handle(command))
        return True

    def _meta(self, name: str, rest: str) -> bool:
        if name in ("quit", "q", "exit"):
            return False
        if name == "help":
            self._print(SHELL_HELP)
        elif name == "tap":
            command = command_for(parse_tap(parse_tap_line(rest)), self.session.state)
            self._show(self.session.handle(command))
        elif name == "vehicle":
            state = self.session.update_vehicle(parse_vehicle_args(rest))
            vehicle = self.session.vehicle
            active = state.restriction.active
            note = i18n._(state.restriction.reason) if active else "no restriction"
            readings = "".join(
                f", {label} {value:g}{unit}"
                for label, value, unit in (
                    ("battery", vehicle.soc_percent, "%"),
                    ("service due in", vehicle.service_km, " km"),
                )
                if value is not None
            )
            self._print(
                f"[vehicle] {vehicle.speed_kmh:g} km/h, gear {vehicle.gear}, "
                f"autonomous {'on' if vehicle.autonomous else 'off'}{readings}, "
                f"{vehicle.operating(state.profile).value} at the screen: {note}"
            )
        elif name == "state":
            self._print(describe_state(self.session.state))
        else:
            self._print(f"unknown command :{name} (try :help)")
        return True


def run_shell(
    api_url: str,
    *,
    speak: bool = False,
    vin: str = DEMO_VIN,
    profile: str = DEMO_PROFILE,
    pin: str | None = None,
    lang: str = i18n.ENGLISH,
) -> int:
    """Run until :quit or end of input; 0 unless signing in fails (an IncarError). `lang`
    ("en" or "zh-CN") is the replies' language, as `incar ui --lang` sets it."""
    i18n.set_language(lang)
    quiet_http_logs()
    interactive = sys.stdin.isatty()
    session = OrderingSession(RetailClient(api_url), vin=vin)
    speaker = None
    try:
        start_session(session, profile, pin)
        if speak:
            from voice.tts import Speaker

            speaker = Speaker()
        shell = Shell(session, sys.stdout, speaker)
        if interactive:
            import readline  # noqa: F401  (line editing and history for input())

            print(f"incar shell: {vin} / {session.state.profile}. :help for help.")
        while True:
            try:
                text = input("you> " if interactive else "")
            except EOFError:
                break
            try:
                if not shell.line(text):
                    break
            except IncarError as exc:
                print(f"error: {exc}", flush=True)
    finally:
        if speaker is not None:
            speaker.close()
        session.close()
    return 0
