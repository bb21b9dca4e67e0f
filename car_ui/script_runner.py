"""`incar voice-session`: play a script against the real API, headless, and report.

`TurnPlayer` is the one place a turn is executed (speech → text → command → session), so
`incar ui --script` can reuse it around the Kivy window and get the same report.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from car_ui.client import RetailClient, quiet_http_logs
from car_ui.errors import ApiUnreachable, TooManyAttempts, Unauthorized
from car_ui.script import (
    Outcome,
    Script,
    Turn,
    TurnRecord,
    build_report,
    changed_line,
    check_expectations,
    load_script,
    write_junit,
    write_report,
)
from car_ui.session import OrderingSession
from car_ui.touch import command_for, parse_tap
from car_ui.vehicle import VehicleState
from core.commands import Command, Reply, Source
from core.state import CartView, SessionState

log = logging.getLogger(__name__)


class TurnPlayer:
    """Plays turns against one session; speech and NLU are loaded on first need."""

    def __init__(self, session: OrderingSession, *, model: Path | None = None) -> None:
        self.session = session
        self._model = model
        self._understander: Any = None
        self._frontend: Any = None

    def _understand(self, text: str, source: Source, confidence: float) -> Command:
        if self._understander is None:
            from voice.nlu import Understander

            self._understander = Understander(self.session.vocabulary)
        command: Command = self._understander.understand(
            text, self.session.state.expecting, source=source, confidence=confidence
        )
        return command

    def _speech(self) -> Any:
        if self._frontend is None:
            from voice.speech import SpeechFrontend

            self._frontend = SpeechFrontend(
                model_dir=self._model, vocabulary=self.session.vocabulary
            )
        return self._frontend

    def play(self, turn: Turn) -> TurnRecord:
        started = time.perf_counter()
        api_before = self.session.client.busy_seconds
        cart_before = self.session.state.cart
        timings: dict[str, float | None] = {"tts": None, "asr": None, "nlu": None}
        transcript, confidence = "", None
        if turn.kind == "vehicle":
            self.session.update_vehicle(dict(turn.value))
            command = None
        elif turn.kind == "tap":
            command = command_for(parse_tap(turn.value), self.session.state)
        else:
            source = Source.TEXT
            if turn.kind == "text":
                transcript, confidence = str(turn.value), 1.0
            else:
                frontend = self._speech()
                if turn.kind == "say":
                    heard = frontend.hear_text_as_speech(str(turn.value))
                else:
                    heard = frontend.hear_wav(Path(turn.value))
                transcript, confidence = heard.transcript, float(heard.confidence)
                timings["tts"], timings["asr"] = heard.tts_ms, heard.asr_ms
                source = Source.VOICE
            nlu_started = time.perf_counter()
            command = self._understand(transcript, source, confidence)
            timings["nlu"] = (time.perf_counter() - nlu_started) * 1000
        reply = self.session.handle(command) if command is not None else None
        return self.record_turn(
            turn,
            command,
            reply,
            started=started,
            api_before=api_before,
            cart_before=cart_before,
            timings=timings,
            transcript=transcript,
            confidence=confidence,
        )

    def record_turn(
        self,
        turn: Turn,
        command: Command | None,
        reply: Reply | None,
        *,
        started: float,
        api_before: float,
        cart_before: CartView | None = None,
        timings: dict[str, float | None] | None = None,
        transcript: str = "",
        confidence: float | None = None,
    ) -> TurnRecord:
        """The report's record of a turn that just ended, checked against its `expect` block:
        from the command (None for a vehicle turn; a tap played on the real widgets knows only
        the reply), the reply, the session's state now and the time since `started`; the
        report's `line` is what changed since `cart_before` (the cart when the turn began)."""
        state = self.session.state
        line = changed_line(cart_before, state.cart) if cart_before is not None else None
        timings = dict(timings or {"tts": None, "asr": None, "nlu": None})
        timings["api"] = (self.session.client.busy_seconds - api_before) * 1000
        timings["total"] = (time.perf_counter() - started) * 1000
        said = command or reply
        outcome = Outcome(
            intent=said.intent.value if said else None,
            slots=dict(said.slots) if said else {},
            item_title=reply.item_title if reply else "",
            reply=reply.text if reply else "",
            cart_count=state.cart.count,
            order_placed=bool(reply and reply.order_id is not None),
            screen=(reply.screen if reply else state.screen).value,
            blocked=bool(reply and reply.blocked),
            line=line,
            booking_made=bool(reply and reply.booking_id is not None),
        )
        return TurnRecord(
            turn=turn,
            transcript=transcript,
            confidence=confidence,
            intent=outcome.intent,
            slots=outcome.slots,
            item_id=reply.item_id if reply else None,
            reply=outcome.reply,
            screen=outcome.screen,
            blocked=outcome.blocked,
            timings_ms=timings,
            expectations=check_expectations(turn.expect, outcome),
            order_id=reply.order_id if reply else None,
            line=line,
            booking_id=reply.booking_id if reply else None,
        )


START_ATTEMPTS = 3
START_BACKOFF_S = 0.5


def start_session(
    session: OrderingSession,
    profile: str,
    pin: str | None = None,
    *,
    attempts: int = START_ATTEMPTS,
    backoff: float = START_BACKOFF_S,
) -> SessionState:
    """`session.start` for a head unit starting up (shell, voice-session, ui).

    The client already tries the sign-in and each read again on a lost connection or a 5xx;
    a start that signed in but then lost a read (the vocabulary, the cart) is started again
    from the top, `attempts` times in all with backoff, since it changes nothing. A store
    that cannot be reached even for the sign-in is reported at once, and so is a refusal:
    an unknown vehicle, a wrong secret or PIN (401) or a locked one (429) is said once, in
    words a person can act on, and never tried again.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return session.start(profile, pin)
        except ApiUnreachable:
            if attempt >= attempts or not session.client.signed_in:
                raise
            log.info("start-up read failed after signing in; starting again (%d)", attempt)
            time.sleep(backoff * 2 ** (attempt - 1))
        except Unauthorized as exc:
            raise Unauthorized(sign_in_refused(session.vin, profile, exc), status=401) from exc
        except TooManyAttempts as exc:
            raise TooManyAttempts(
                sign_in_locked(session.vin, exc), status=429, retry_after_s=exc.retry_after_s
            ) from exc


def sign_in_refused(vin: str, profile: str, error: Unauthorized) -> str:
    return (
        f"the store refused the sign-in of vehicle {vin} as {profile!r}: {error.detail} "
        "(check --vin, --profile, the PIN and INCAR_VEHICLE_SECRET; not retried)"
    )


def sign_in_locked(vin: str, error: TooManyAttempts) -> str:
    wait = error.retry_after_s
    after = f" for {wait} more seconds" if wait is not None else " for a while"
    return (
        f"the store locked sign-in for vehicle {vin}{after} after too many wrong secrets "
        "or PINs; wait, then start again"
    )


def open_session(script: Script, api_url: str) -> OrderingSession:
    """A signed-in session with the script's header (vehicle, profile, PIN) applied."""
    session = OrderingSession(
        RetailClient(api_url),
        vin=script.vin,
        vehicle=VehicleState().updated(script.vehicle),
    )
    try:
        start_session(session, script.profile, script.pin)
    except BaseException:
        session.close()
        raise
    return session


def print_turn(record: TurnRecord) -> None:
    """One PASS/FAIL line per turn, with what was heard, the reply and any miss."""
    mark = "PASS" if record.passed else "FAIL"
    print(f"{mark} {record.turn.label}")
    if record.transcript and record.turn.kind in ("say", "audio"):
        print(f"     heard: {record.transcript!r}")
    if record.reply:
        print(f"     reply: {record.reply}")
    for e in record.expectations:
        if not e.ok:
            print(f"     expected {e.key}={e.expected!r}, got {e.actual!r}")


def run_voice_session(
    script: Path,
    api_url: str,
    *,
    report: Path | None = None,
    junit: Path | None = None,
    model: Path | None = None,
    on_turn: Callable[[TurnRecord], None] = print_turn,
) -> int:
    """Play every turn, write the report(s); 0 only when every expectation holds."""
    quiet_http_logs()
    parsed = load_script(script)
    session = open_session(parsed, api_url)
    try:
        player = TurnPlayer(session, model=model)
        records = []
        for turn in parsed.turns:
            record = player.play(turn)
            on_turn(record)
            records.append(record)
        result = build_report(parsed, records, session.orders_placed)
    finally:
        session.close()
    if report:
        write_report(report, result)
    if junit:
        write_junit(junit, parsed, records)
    booked = [r.booking_id for r in records if r.booking_id is not None]
    made = f"; bookings: {booked}" if booked else ""
    orders = result["summary"]["orders"]
    print(f"{result['passed']} of {len(records)} turns passed; orders: {orders}{made}")
    return 0 if result["failed"] == 0 else 1
