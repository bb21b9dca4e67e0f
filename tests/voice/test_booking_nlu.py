"""Understanding booking turns (CONTRACTS section 8) against the real store's catalog and its
new models, with today fixed at Wednesday 2 December 2026 (Asia/Shanghai)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from core.commands import Expecting, Intent
from tests.servers import ApiServer
from voice.booking_words import model_entries
from voice.items import MODEL, VocabularyEntry
from voice.nlu import Understander

from .conftest import login

TODAY = dt.date(2026, 12, 2)  # a Wednesday
EXPLORER = "Ford Explorer"
MACH_E = "Ford Mustang Mach-E"


@pytest.fixture(scope="module")
def models(api_server: ApiServer) -> list[VocabularyEntry]:
    """GET /api/v1/models of the real seeded store, as the session adds them to its vocabulary."""
    response = httpx.get(f"{api_server.url}/api/v1/models", headers=login(api_server.url))
    response.raise_for_status()
    return model_entries((row["id"], row["name"]) for row in response.json()["models"])


@pytest.fixture(scope="module")
def booking(entries: list[VocabularyEntry], models: list[VocabularyEntry]) -> Understander:
    return Understander([*entries, *models], today=lambda: TODAY)


def test_the_store_models_have_their_short_names(models: list[VocabularyEntry]) -> None:
    by_name = {m.title: m for m in models}
    assert {EXPLORER, MACH_E} <= set(by_name)
    assert set(by_name[MACH_E].aliases) == {"mustang mach e", "mustang", "mach e"}
    assert by_name[EXPLORER].aliases == ("explorer",)
    assert all(m.kind == MODEL for m in models)


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        (
            "book a test drive of the Explorer for Saturday morning",
            Intent.BOOK,
            {"service": "test_drive", "model": EXPLORER, "date": "2026-12-05", "time": "morning"},
        ),
        (
            "I'd like to test drive the Mustang Mach-E tomorrow at three",
            Intent.BOOK,
            {"service": "test_drive", "model": MACH_E, "date": "2026-12-03", "time": "15:00"},
        ),
        ("reserve a charger at three", Intent.BOOK, {"service": "ev_charging", "time": "15:00"}),
        (
            "book a car wash for the day after tomorrow",
            Intent.BOOK,
            {"service": "car_wash", "date": "2026-12-04"},
        ),
        (
            "schedule maintenance next Monday",
            Intent.BOOK,
            {"service": "maintenance", "date": "2026-12-07"},
        ),
        (
            "move my car wash to tomorrow",
            Intent.BOOK,
            {"service": "car_wash", "date": "2026-12-03", "reschedule": True},
        ),
        (
            "reschedule my test drive to next Friday at half past four",
            Intent.BOOK,
            {"service": "test_drive", "date": "2026-12-11", "time": "16:30", "reschedule": True},
        ),
        ("cancel my test drive", Intent.CANCEL_BOOKING, {"service": "test_drive"}),
        ("cancel my booking", Intent.CANCEL_BOOKING, {}),
        (
            "cancel the car wash on Saturday",
            Intent.CANCEL_BOOKING,
            {"service": "car_wash", "date": "2026-12-05"},
        ),
        (
            "how much a month for the Mustang Mach-E over three years",
            Intent.LEASE_QUOTE,
            {"model": MACH_E, "term_months": 36},
        ),
        (
            "lease quote for the Explorer with forty thousand down over 48 months",
            Intent.LEASE_QUOTE,
            {"model": EXPLORER, "term_months": 48, "down_payment": 40000},
        ),
        (
            "what's the monthly payment on the mach e with a down payment of 50,000 yuan",
            Intent.LEASE_QUOTE,
            {"model": MACH_E, "down_payment": 50000},
        ),
        ("how much is the Explorer", Intent.LEASE_QUOTE, {"model": EXPLORER}),
        # "how much is it" alone asks about the cart; "to lease" makes it a quote
        ("how much is it to lease the Mach-E", Intent.LEASE_QUOTE, {"model": MACH_E}),
        (
            "can I take the Mustang for a spin this weekend",
            Intent.BOOK,
            {"service": "test_drive", "model": MACH_E, "date": "2026-12-05"},
        ),
        ("I want to book a car wash", Intent.BOOK, {"service": "car_wash"}),
        ("book", Intent.BOOK, {}),
        ("book me a car wash", Intent.BOOK, {"service": "car_wash"}),
        (
            "um could you get me a car wash tomorrow at ten a m please",
            Intent.BOOK,
            {"service": "car_wash", "date": "2026-12-03", "time": "10:00"},
        ),
        ("Saturday at four", Intent.BOOK, {"date": "2026-12-05", "time": "16:00"}),
        (
            "book a car wash tomorrow, no wait, Saturday",
            Intent.BOOK,
            {"service": "car_wash", "date": "2026-12-05"},
        ),
    ],
)
def test_booking_phrases(
    booking: Understander, text: str, intent: Intent, slots: dict[str, Any]
) -> None:
    command = booking.understand(text)
    assert (command.intent, dict(command.slots)) == (intent, slots)


@pytest.mark.parametrize(
    ("text", "intent", "item"),
    [
        ("add a car wash to my cart", Intent.ADD_TO_CART, "car wash"),
        ("add an EV charging session", Intent.ADD_TO_CART, "ev charging session"),
        ("put a phone charger in my cart", Intent.ADD_TO_CART, "phone charger"),
        ("find a phone charger", Intent.SEARCH, "phone charger"),
        ("remove the car wash", Intent.REMOVE_FROM_CART, "car wash"),
        ("how much is a latte", Intent.SEARCH, "latte"),
        ("add two lattes", Intent.ADD_TO_CART, "lattes"),
    ],
)
def test_ordering_turns_stay_ordering_turns(
    booking: Understander, text: str, intent: Intent, item: str
) -> None:
    command = booking.understand(text)
    assert command.intent is intent
    assert command.slots["item"] == item


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("cancel my order", Intent.CANCEL),
        ("where is my booking", Intent.ORDER_STATUS),
        ("the second one", Intent.SELECT),  # a choice from a list, not the 2nd of a month
        ("see you tomorrow", Intent.UNKNOWN),
        ("book a table for two", Intent.UNKNOWN),
        ("what's in my cart", Intent.SHOW_CART),
    ],
)
def test_what_is_not_a_booking(booking: Understander, text: str, intent: Intent) -> None:
    assert booking.understand(text).intent is intent


def test_a_model_is_never_an_item_to_order(booking: Understander) -> None:
    best = booking.resolver.resolve("explorer").best
    assert best is None or best.title != EXPLORER
    command = booking.understand("add an explorer to my cart")
    assert command.intent is Intent.ADD_TO_CART and not booking.names_an_item("explorer")


def test_book_it_answers_a_booking_read_back(booking: Understander) -> None:
    assert booking.understand("yes book it", Expecting.CONFIRMATION).intent is Intent.CONFIRM
    assert booking.understand("book it", Expecting.CONFIRMATION).intent is Intent.CONFIRM
    the_second = booking.understand("the second one", Expecting.CLARIFICATION)
    assert (the_second.intent, dict(the_second.slots)) == (Intent.SELECT, {"ordinal": 2})


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("Saturday", {"date": "2026-12-05"}),
        ("at four", {"time": "16:00"}),
        ("four", {"time": "16:00"}),
        ("um, maybe ten thirty", {"time": "10:30"}),
        ("the fifth", {"date": "2026-12-05"}),
        ("tomorrow morning please", {"date": "2026-12-03", "time": "morning"}),
        ("the Mach-E", {"model": MACH_E}),
        ("a car wash", {"service": "car_wash"}),
        ("over five years", {"term_months": 60}),
        ("the second one", {}),
        ("add a latte", {}),
    ],
)
def test_short_answers_to_a_booking_question(
    booking: Understander, text: str, slots: dict[str, Any]
) -> None:
    assert booking.booking_answer(text) == slots


def test_without_models_a_booking_still_has_its_service_and_day() -> None:
    alone = Understander(today=lambda: TODAY)
    command = alone.understand("book a test drive for Saturday morning")
    assert (command.intent, dict(command.slots)) == (
        Intent.BOOK,
        {"service": "test_drive", "date": "2026-12-05", "time": "morning"},
    )
