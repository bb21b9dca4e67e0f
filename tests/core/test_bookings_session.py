"""Booking services by appointment through the ordering session, against a real store.

Utterances go through the real NLU (`say`), taps through `car_ui.touch`; the store is a real
`incar serve` on its own seeded SQLite database (this module books its slots), so the free
times are the seed's: the Pudong dealer's test drives start on the hour from 9:00 with two
places each, the Minhang dealer's on the half hour from 9:30 with one.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from car_ui.booking_state import BookingView, booking_of
from car_ui.client import RetailClient, new_idempotency_key
from car_ui.session import OrderingSession
from car_ui.touch import Confirm, Open, Pick, PickDay, Tap, command_for
from car_ui.vehicle import VehicleState
from core.commands import Command, Expecting, Intent, Reply, Screen
from tests.core.conftest import SessionFactory, say
from tests.servers import ApiServer, incar_command, seed

SHANGHAI = ZoneInfo("Asia/Shanghai")
EXPLORER = "Test drive of the Ford Explorer at Changan Ford Pudong 4S Store"
MONDEO = "Test drive of the Ford Mondeo at Changan Ford Minhang 4S Store"
OTHER_VIN, OTHER_SECRET, OTHER_PIN = "LVSHFFAL0PF000002", "demo-secret-2", "4321"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('bookings') / 'store.sqlite3'}"
    seed(db_url)
    server = ApiServer(db_url).start()
    yield server
    server.stop()


@pytest.fixture
def session(open_session: SessionFactory, store: ApiServer) -> OrderingSession:
    return open_session(store.url, pin="1234")


def shop_today() -> date:
    return datetime.now(SHANGHAI).date()


def next_weekday(weekday: int) -> date:
    """The first such day after today (Monday is 0), as "Saturday" means it."""
    today = shop_today()
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def spoken_day(day: date) -> str:
    """How the session names a day: "tomorrow", else "Saturday 5 December"."""
    if day == shop_today() + timedelta(days=1):
        return "tomorrow"
    return f"{day:%A} {day.day} {day:%B}"


def made_since(session: OrderingSession, before: set[int]) -> list[BookingView]:
    """The vehicle's bookings this test made (the module's tests share the vehicle)."""
    return [b for b in session.client.bookings() if b.booking_id not in before]


def known(session: OrderingSession) -> set[int]:
    return {b.booking_id for b in session.client.bookings()}


def other_vehicle(store: ApiServer) -> RetailClient:
    client = RetailClient(store.url)
    client.login(OTHER_VIN, OTHER_SECRET, "driver", OTHER_PIN)
    return client


def test_a_spoken_test_drive_is_offered_read_back_and_booked_after_yes(
    session: OrderingSession,
) -> None:
    saturday = spoken_day(next_weekday(5))
    before = known(session)
    offer = say(session, "book a test drive of the Explorer for Saturday morning")
    assert offer.text == (
        f"{EXPLORER}, free times: one, {saturday} at 9:00; two, 10:00; three, 11:00. Which one?"
    )
    assert offer.screen is Screen.BOOKING and offer.expecting is Expecting.CLARIFICATION
    read_back = say(session, "the second one")
    assert read_back.text == f"{EXPLORER}, {saturday} at 10:00. Shall I book it?"
    assert read_back.booking_id is None and made_since(session, before) == []
    booked = say(session, "yes")
    assert booked.text == (
        "Booked: test drive of the Ford Explorer at Changan Ford Pudong 4S Store, "
        f"{saturday} at 10:00."
    )
    (made,) = made_since(session, before)
    assert booked.booking_id == made.booking_id
    assert made.status == "booked" and made.model is not None and made.model.name == "Ford Explorer"
    assert made.slot.start == datetime.combine(next_weekday(5), time(10), SHANGHAI)
    assert booking_of(session.state).bookings[0].booking_id == made.booking_id


def test_a_slot_filled_before_the_yes_is_said_so_with_the_next_free_times(
    session: OrderingSession, store: ApiServer
) -> None:
    monday = next_weekday(0)
    when = spoken_day(monday)
    before = known(session)
    first = say(session, f"book a test drive of the Mondeo on {monday:%A} at ten thirty")
    assert first.text == f"{MONDEO}, {when} at 10:30. Shall I book it?"
    slot = booking_of(session.state).chosen
    assert slot is not None
    other = other_vehicle(store)
    try:
        other.book(new_idempotency_key(), slot_id=slot.slot_id, model_id=4)  # the last place
    finally:
        other.close()
    full = say(session, "yes")
    assert full.text == (
        f"Sorry, {when} at 10:30 has just filled up. {MONDEO}, free times: one, {when} at "
        "11:30; two, 12:30; three, 13:30. Which one?"
    )
    assert full.booking_id is None and made_since(session, before) == []
    say(session, "the first one")
    booked = say(session, "yes")
    assert booked.booking_id is not None
    (made,) = made_since(session, before)
    assert made.slot.start.astimezone(SHANGHAI).strftime("%H:%M") == "11:30"


def test_cancelling_a_booking_reads_it_back_and_frees_its_place(
    session: OrderingSession,
) -> None:
    tomorrow = shop_today() + timedelta(days=1)
    before = known(session)
    say(session, "book a car wash tomorrow at four pm")
    assert say(session, "yes").booking_id is not None
    (booking,) = made_since(session, before)
    places = _places(session, booking.service.service_id, tomorrow, booking.slot.slot_id)
    ask = say(session, "cancel my car wash")
    assert ask.text == (
        "Cancel your Express car wash at Sparkle Auto Spa, tomorrow at 16:00? Say yes to cancel it."
    )
    assert ask.expecting is Expecting.CONFIRMATION
    done = say(session, "yes")
    assert done.text == (
        "Your Express car wash at Sparkle Auto Spa, tomorrow at 16:00, is cancelled."
    )
    (cancelled,) = made_since(session, before)
    assert cancelled.status == "cancelled"
    after = _places(session, booking.service.service_id, tomorrow, booking.slot.slot_id)
    assert after == places + 1


def _places(session: OrderingSession, service_id: int, day: date, slot_id: int) -> int:
    slots = session.client.slots(service_id, day)
    return next(s.capacity_left for s in slots if s.slot_id == slot_id)


def test_move_my_car_wash_to_another_day_offers_times_and_moves_it_after_yes(
    session: OrderingSession,
) -> None:
    in_two_days = shop_today() + timedelta(days=2)
    before = known(session)
    say(session, "book a car wash tomorrow at nine am")
    say(session, "yes")
    (booking,) = made_since(session, before)
    ask = say(session, f"move my car wash to {in_two_days:%A} at noon")
    day = spoken_day(in_two_days)
    assert ask.text == (
        "Move your Express car wash at Sparkle Auto Spa from tomorrow at 9:00 to "
        f"{day} at 12:00? Shall I move it?"
    )
    moved = say(session, "yes")
    assert moved.text == f"Moved: your Express car wash at Sparkle Auto Spa is now {day} at 12:00."
    assert moved.booking_id is None  # a move makes no new booking
    (after,) = made_since(session, before)
    assert after.booking_id == booking.booking_id
    assert after.slot.start.astimezone(SHANGHAI).date() == in_two_days


def test_a_lease_quote_is_spoken_in_words_and_shown_with_its_parts(
    session: OrderingSession,
) -> None:
    reply = say(session, "how much a month for the Mustang Mach-E over three years")
    # Price 229,900 yuan, a fifth down rounded to the thousand (46,000), 183,900 financed at
    # 0 % APR over 36 months: 5,108.33 a month, 229,899.88 in all.
    assert reply.text == (
        "For the Ford Mustang Mach-E: about five thousand one hundred yuan a month over three "
        "years, with forty-six thousand down."
    )
    assert reply.screen is Screen.SERVICES
    quote = booking_of(session.state).quote
    assert quote is not None
    assert (quote.price_fen, quote.down_payment_fen, quote.financed_fen) == (
        22_990_000,
        4_600_000,
        18_390_000,
    )
    assert (quote.monthly_fen, quote.term_months, quote.total_payable_fen) == (
        510_833,
        36,
        22_989_988,
    )


def test_a_new_command_lets_go_of_the_booking_question(session: OrderingSession) -> None:
    before = known(session)
    offer = say(session, "book a car wash tomorrow morning")
    assert offer.expecting is Expecting.CLARIFICATION
    added = say(session, "add a croissant")
    assert added.text.startswith("Added one regular Croissant")
    assert added.expecting is Expecting.COMMAND
    assert booking_of(session.state).offered == ()
    stale = say(session, "yes")
    assert stale.booking_id is None and made_since(session, before) == []


def test_while_driving_two_times_are_offered_in_short_phrases(
    open_session: SessionFactory, store: ApiServer
) -> None:
    moving = VehicleState(speed_kmh=50, gear="D")
    session = open_session(store.url, pin="1234", vehicle=moving)
    day = shop_today() + timedelta(days=3)
    reply = say(session, f"book a charger on {day:%A} at three pm")
    assert reply.text == (
        "DC fast-charging bay, 30 minutes at VoltUp Charging Hub, "
        f"{spoken_day(day)} at 15:00, thirty yuan. Shall I book it?"
    )
    offers = say(session, f"book a charger on {day:%A} afternoon")
    assert offers.text == (
        f"DC fast-charging bay, 30 minutes at VoltUp Charging Hub: {spoken_day(day)} at 12:00 "
        "or 12:30?"
    )
    assert not offers.blocked


def test_a_booking_about_to_start_is_reminded_of_once(
    store: ApiServer, session: OrderingSession
) -> None:
    before = known(session)
    say(session, "book a car wash tomorrow at six pm")
    say(session, "yes")
    (booking,) = made_since(session, before)
    twenty_before = booking.slot.start - timedelta(minutes=20)
    later = OrderingSession(RetailClient(store.url), clock=lambda: twenty_before)
    try:
        later.start("driver", "1234")
        assert "starts in twenty minutes" in later.state.message
        first = later.handle(Command(Intent.SHOW_CART))
        assert first.text.startswith(
            "Reminder: your Express car wash at Sparkle Auto Spa starts in twenty minutes, "
            "at 18:00."
        )
        again = later.handle(Command(Intent.SHOW_CART))
        assert "Reminder" not in again.text
    finally:
        later.close()


def test_low_battery_and_service_due_suggest_a_booking_once(session: OrderingSession) -> None:
    state = session.update_vehicle({"soc": "15", "service_km": "300"})
    assert booking_of(state).suggestions == ("maintenance", "ev_charging")
    reply = session.handle(Command(Intent.SHOW_CART))
    assert "Your battery is at fifteen percent." in reply.text
    assert "Service is due in three hundred kilometres." in reply.text
    session.update_vehicle({"soc": "12"})
    assert "battery" not in session.handle(Command(Intent.SHOW_CART)).text
    session.update_vehicle({"soc": "80", "service_km": "9000"})
    assert booking_of(session.state).suggestions == ()
    session.update_vehicle({"soc": "18"})
    assert "eighteen percent" in session.handle(Command(Intent.SHOW_CART)).text


def test_taps_book_the_same_way_tile_day_time_and_confirm(session: OrderingSession) -> None:
    before = known(session)

    def tap(message: Tap) -> Reply:
        return session.handle(command_for(message, session.state))

    tap(Open(Screen.SERVICES))
    tiles = booking_of(session.state).tiles
    assert [t.model.name for t in tiles[:3] if t.model] == [
        "Ford Explorer",
        "Ford Mustang Mach-E",
        "Ford Bronco",
    ]
    tap(Pick(3))  # the Bronco
    assert booking_of(session.state).model is not None
    tap(PickDay(13))  # twelve days from today: no other test books there
    shown = booking_of(session.state)
    assert shown.day == shop_today() + timedelta(days=12)
    assert [f"{s.start:%H:%M}" for s in shown.times[:3]] == ["09:00", "10:00", "11:00"]
    reply = tap(Pick(3))
    assert reply.text.endswith("at 11:00. Shall I book it?")
    done = tap(Confirm())
    assert done.booking_id is not None
    (made,) = made_since(session, before)
    assert made.model is not None and made.model.name == "Ford Bronco"


def test_a_script_expects_booking_made(session: OrderingSession, tmp_path: Path) -> None:
    from car_ui.script import parse_script
    from car_ui.script_runner import TurnPlayer

    turns = [
        {"text": "book a car wash tomorrow at seven pm", "expect": {"intent": "book"}},
        {"text": "yes", "expect": {"booking_made": True, "screen": "booking"}},
        {"text": "what's in my cart", "expect": {"booking_made": False}},
    ]
    script = parse_script({"turns": turns}, tmp_path / "book.yaml")
    player = TurnPlayer(session)
    records = [player.play(turn) for turn in script.turns]
    assert [r.passed for r in records] == [True, True, True], [r.reply for r in records]


@pytest.mark.voice
def test_book_a_test_drive_script_books_one_by_speech(store: ApiServer, tmp_path: Path) -> None:
    """`incar voice-session assets/book_a_test_drive.yaml`: espeak-ng speaks each turn, Vosk
    hears it, and the store ends with one more booking, the Explorer on Saturday morning."""
    owner = RetailClient(store.url)
    owner.login("LVSHFFAL0PF000001", "demo-secret", "driver", "1234")
    try:
        before = {b.booking_id for b in owner.bookings()}
        report_path = tmp_path / "report.json"
        script = Path(__file__).resolve().parents[2] / "assets" / "book_a_test_drive.yaml"
        result = subprocess.run(
            incar_command(
                "voice-session", str(script), "--api", store.url, "--report", str(report_path)
            ),
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        report = json.loads(report_path.read_text())
        assert report["failed"] == 0 and report["summary"]["intent_accuracy"] == 1.0
        assert all(t["transcript"] for t in report["turns"] if "say" in t["input"])
        (made,) = [b for b in owner.bookings() if b.booking_id not in before]
    finally:
        owner.close()
    assert made.model is not None and made.model.name == "Ford Explorer"
    local = made.slot.start.astimezone(SHANGHAI)
    assert local.date() == next_weekday(5) and local.hour < 12
