"""Bookings, counts and refusals in both languages: what the session says under zh-CN is
Chinese (days as 12月5日 星期六, times as spoken, money in 元), and English counts read right
("one order", "no orders", never "one orders" or "zero orders")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from car_ui import i18n, safety
from car_ui.booking_state import SHOP_ZONE, LeaseQuote, ModelView
from car_ui.session import booking_replies, replies, wording
from car_ui.vehicle import VehicleState
from car_ui.views.booking_parts import day_chip_label, when_shown
from core.commands import Command, Intent, Source

TODAY = date(2026, 12, 3)
SATURDAY_TEN = datetime(2026, 12, 5, 10, 0, tzinfo=SHOP_ZONE)


@pytest.fixture
def zh() -> Iterator[None]:
    i18n.set_language(i18n.CHINESE)
    yield
    i18n.set_language(i18n.ENGLISH)


def test_order_counts_read_right_in_english() -> None:
    assert replies.order_count(0) == "You have no orders."
    assert replies.order_count(1) == "You have one order."
    assert replies.order_count(3) == "You have three orders."
    assert booking_replies.history(1, 0) == "You have one order and no upcoming bookings."
    assert booking_replies.history(0, 1) == "You have no orders and one upcoming booking."
    assert booking_replies.history(2, 3) == "You have two orders and three upcoming bookings."


def test_order_counts_in_chinese(zh: None) -> None:
    assert replies.order_count(0) == "您还没有订单。"
    assert replies.order_count(2) == "您有两个订单。"
    assert booking_replies.history(0, 1) == "您还没有订单,有一个即将到来的预约。"


def test_slots_are_said_the_chinese_way(zh: None) -> None:
    assert booking_replies.slot_words(SATURDAY_TEN, TODAY) == "12月5日 星期六上午十点"
    assert booking_replies.slot_words(SATURDAY_TEN, date(2026, 12, 5)) == "今天上午十点"
    assert booking_replies.slot_words(SATURDAY_TEN, date(2026, 12, 4)) == "明天上午十点"
    full = booking_replies.slot_full(SATURDAY_TEN, TODAY)
    assert full == "抱歉,12月5日 星期六上午十点刚刚约满了。"


def test_day_chips_and_the_shown_time_in_chinese(zh: None) -> None:
    assert day_chip_label(date(2026, 12, 5), TODAY) == "12月5日 周六"
    assert day_chip_label(TODAY, TODAY) == "今天"
    assert when_shown(SATURDAY_TEN, TODAY) == "12月5日 周六 10:00"


def test_day_chips_stay_english_in_english() -> None:
    assert day_chip_label(date(2026, 12, 5), TODAY) == "Sat 5"
    assert when_shown(SATURDAY_TEN, TODAY) == "Saturday 5 December at 10:00"


def test_a_lease_quote_in_yuan(zh: None) -> None:
    model = ModelView(1, "Ford Mustang Mach-E", "福特Mustang Mach-E", 30000000, "Ford Dealer")
    quote = LeaseQuote(model, 30000000, 320000, 0.03, 36, 4000000, 11520000, 26000000)
    said = booking_replies.lease_quote(quote)
    assert said == "福特Mustang Mach-E:每月约三千二百元,分三年,首付四万元。"


def test_refusals_while_driving_are_chinese(zh: None) -> None:
    moving = VehicleState(speed_kmh=60, gear="D")
    typed = Command(Intent.SEARCH, {"text": "latte"}, Source.TOUCH, typed=True)
    assert safety.refusal(typed, moving) == "行驶中不能打字。请说“find latte”。"
    assert i18n._(safety.restriction(moving).reason).startswith("行驶中")


def test_chinese_sentences_join_without_spaces(zh: None) -> None:
    assert wording.sentences("订单已提交。", "购物车是空的。") == "订单已提交。购物车是空的。"
