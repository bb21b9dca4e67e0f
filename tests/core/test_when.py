"""Days and times as people say them when they book, read against a fixed today.

Today is Wednesday 2 December 2026 unless a test says otherwise; every expected day below was
looked up on a calendar, not computed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from core.numbers import number_to_ordinal_words, ordinal_to_number
from core.when import parse_when, shanghai_today

WEDNESDAY = dt.date(2026, 12, 2)
SATURDAY = dt.date(2026, 12, 5)
SUNDAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "day", "time"),
    [
        ("Saturday morning", "2026-12-05", "morning"),
        ("tomorrow at three", "2026-12-03", "15:00"),
        ("the day after tomorrow", "2026-12-04", None),
        ("day after tomorrow in the evening", "2026-12-04", "evening"),
        ("today", "2026-12-02", None),
        ("tonight", "2026-12-02", "evening"),
        ("this afternoon", "2026-12-02", "afternoon"),
        ("tomorrow night at nine", "2026-12-03", "21:00"),
        # a weekday alone is the next one after today; "this" includes today
        ("Friday", "2026-12-04", None),
        ("on Friday", "2026-12-04", None),
        ("Wednesday", "2026-12-09", None),
        ("this Wednesday", "2026-12-02", None),
        ("this coming Monday", "2026-12-07", None),
        # "next" is next week's (weeks run Monday to Sunday)
        ("next Monday", "2026-12-07", None),
        ("next Friday", "2026-12-11", None),
        ("next Sunday", "2026-12-13", None),
        ("Monday next week", "2026-12-07", None),
        ("this weekend", "2026-12-05", None),
        ("next weekend", "2026-12-12", None),
        ("in three days", "2026-12-05", None),
        ("in a week", "2026-12-09", None),
        ("two weeks from now", "2026-12-16", None),
        # calendar days: this year's or, once passed, next year's; this month's or next's
        ("December fifth", "2026-12-05", None),
        ("December 5", "2026-12-05", None),
        ("December the twenty-first", "2026-12-21", None),
        ("the fifth of December", "2026-12-05", None),
        ("5 December", "2026-12-05", None),
        ("November fifth", "2027-11-05", None),
        ("on the fifth", "2026-12-05", None),
        ("for the 21st at 10 am", "2026-12-21", "10:00"),
        ("on the first", "2027-01-01", None),
        ("January first at noon", "2027-01-01", "12:00"),
    ],
)
def test_days(text: str, day: str, time: str | None) -> None:
    when = parse_when(text, WEDNESDAY)
    assert (when.date.isoformat() if when.date else None, when.time) == (day, time)


@pytest.mark.parametrize(
    ("text", "time"),
    [
        # a bare hour is read as shop hours suggest: 1-7 pm, 8-11 am, 12 noon
        ("at three", "15:00"),
        ("at seven", "19:00"),
        ("at eight", "08:00"),
        ("at eleven", "11:00"),
        ("at twelve", "12:00"),
        ("at 4", "16:00"),
        ("around five", "17:00"),
        ("three thirty", "15:30"),
        ("at three oh five", "15:05"),
        ("at nine forty five", "09:45"),
        ("half past four", "16:30"),
        ("quarter to five", "16:45"),
        ("a quarter past ten", "10:15"),
        ("at 3 pm", "15:00"),
        ("at 3pm", "15:00"),
        ("ten a m", "10:00"),
        ("10 a.m.", "10:00"),
        ("at 10:30", "10:30"),
        ("at 14:00", "14:00"),
        ("at twelve am", "00:00"),
        ("at ten o'clock", "10:00"),
        ("seven in the morning", "07:00"),
        ("at three in the afternoon", "15:00"),
        ("eight in the evening", "20:00"),
        ("at 9 at night", "21:00"),
        ("noon", "12:00"),
        ("at midday", "12:00"),
        ("in the morning", "morning"),
        ("afternoon", "afternoon"),
        ("in the evening", "evening"),
    ],
)
def test_times(text: str, time: str) -> None:
    when = parse_when(text, WEDNESDAY)
    assert (when.date, when.time) == (None, time)


@pytest.mark.parametrize(
    "text",
    [
        "three",  # a count or a choice, not an hour, until "at" or minutes say so
        "two lattes",
        "the second one",
        "the fifth",  # in a command a bare ordinal picks from a list
        "over three years",
        "forty thousand down over 48 months",
        "at twenty five",
        "February thirtieth",
        "add a latte to my cart",
    ],
)
def test_what_is_no_day_or_time_in_a_command(text: str) -> None:
    when = parse_when(text, WEDNESDAY)
    assert not when.found and not when.used


@pytest.mark.parametrize(
    ("text", "day", "time"),
    [
        ("four", None, "16:00"),
        ("ten", None, "10:00"),
        ("five thirty", None, "17:30"),
        ("the fifth", "2026-12-05", None),
        ("the 21st", "2026-12-21", None),
        ("Saturday", "2026-12-05", None),
        ("the second one", None, None),  # a choice from a list even in an answer
    ],
)
def test_short_answers(text: str, day: str | None, time: str | None) -> None:
    when = parse_when(text, WEDNESDAY, answer=True)
    assert (when.date.isoformat() if when.date else None, when.time) == (day, time)


def test_said_on_a_saturday_saturday_is_a_week_away_and_this_saturday_is_today() -> None:
    assert parse_when("Saturday", SATURDAY).date == dt.date(2026, 12, 12)
    assert parse_when("on Saturday morning", SATURDAY).date == dt.date(2026, 12, 12)
    assert parse_when("this Saturday", SATURDAY).date == SATURDAY
    assert parse_when("this weekend", SATURDAY).date == SATURDAY


def test_said_on_a_sunday_next_monday_is_tomorrow() -> None:
    assert parse_when("next Monday", SUNDAY).date == dt.date(2026, 12, 7)
    assert parse_when("Monday", SUNDAY).date == dt.date(2026, 12, 7)
    assert parse_when("this weekend", SUNDAY).date == SUNDAY
    assert parse_when("next weekend", SUNDAY).date == dt.date(2026, 12, 12)


def test_the_year_and_the_month_roll_over() -> None:
    new_years_eve = dt.date(2026, 12, 31)
    assert parse_when("tomorrow", new_years_eve).date == dt.date(2027, 1, 1)
    assert parse_when("on the thirtieth", new_years_eve).date == dt.date(2027, 1, 30)
    # February has no thirtieth: the next month that has one
    assert parse_when("on the thirtieth", dt.date(2027, 2, 1)).date == dt.date(2027, 3, 30)


def test_the_words_used_are_reported() -> None:
    words = "book a car wash tomorrow at three please"
    when = parse_when(words, WEDNESDAY)
    assert sorted(when.used) == [4, 5, 6]
    assert parse_when("book a test drive on Saturday morning", WEDNESDAY).used == {4, 5, 6}


def test_only_the_first_day_and_time_count() -> None:
    when = parse_when("tomorrow at three or Friday at four", WEDNESDAY)
    assert (when.date, when.time) == (dt.date(2026, 12, 3), "15:00")
    assert sorted(when.used) == [0, 1, 2]


def test_shanghai_today_is_the_day_in_shanghai() -> None:
    utc = dt.UTC
    # 17:00 UTC on 1 December is 01:00 on 2 December in Shanghai (UTC+8, no summer time)
    assert shanghai_today(dt.datetime(2026, 12, 1, 17, 0, tzinfo=utc)) == WEDNESDAY
    assert shanghai_today(dt.datetime(2026, 12, 1, 15, 59, tzinfo=utc)) == dt.date(2026, 12, 1)
    assert isinstance(shanghai_today(), dt.date)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        shanghai_today(dt.datetime(2026, 12, 2, 10, 0))


@pytest.mark.parametrize(
    ("words", "n"),
    [
        ("first", 1),
        ("second", 2),
        ("fifth", 5),
        ("twelfth", 12),
        ("twentieth", 20),
        ("twenty-first", 21),
        ("twenty first", 21),
        ("thirty first", 31),
        ("5th", 5),
        ("22nd", 22),
    ],
)
def test_ordinals_both_ways(words: str, n: int) -> None:
    assert ordinal_to_number(words) == n
    if not words[0].isdigit():
        assert number_to_ordinal_words(n).replace("-", " ") == words.replace("-", " ")


def test_cardinals_are_no_ordinals() -> None:
    assert ordinal_to_number("five") is None
    assert ordinal_to_number("twenty") is None
    assert ordinal_to_number("thirty fiftieth") is None
