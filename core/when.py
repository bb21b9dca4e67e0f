"""When a person wants a booking: "Saturday morning", "tomorrow at three", "the day after
tomorrow", "next Monday", "December fifth", "half past four".

Pure and deterministic: the caller passes `today` (the shop's today in Asia/Shanghai, from
`shanghai_today`), so "tomorrow" means the same day on the head unit, in the store and in a
test. A reading reports the positions of the words it used, so the understanding can tell a
booking command it fully explains ("book a car wash tomorrow") from chatter that happens to
contain a weekday.

The rules are product decisions (tests/core/test_when.py writes each one out):

- A weekday alone or after "on" is the first such day *after* today: said on a Saturday,
  "Saturday" is a week away, since a person who means today says "today". "This Saturday"
  includes today.
- "Next Monday" is the Monday of next week, weeks running Monday to Sunday as the Chinese
  calendar has them (下周一): said on Wednesday 2 December 2026 it is 7 December, said on a
  Sunday it is the next day. "Monday next week" is the same day.
- "This weekend" is the coming Saturday (today on a Saturday or a Sunday), "next weekend" the
  Saturday of next week.
- "The fifth" is the next fifth from today on: this month's, or next month's once it passed;
  "December fifth" is this year's, or next year's once it passed. In a command a bare ordinal
  counts only after "on" or "for" ("for the fifth"), because "the second one" picks from a list;
  an answer to "which day?" may be the ordinal alone (`answer=True`).
- A clock hour without am or pm is read as shop hours suggest: 1 to 7 are in the afternoon
  ("at three" is 15:00), 8 to 11 in the morning, 12 is noon; "in the morning", "in the
  afternoon", "in the evening", "at night", "am" and "pm" settle it. In a command an hour needs
  its "at", its minutes ("three thirty"), "o'clock" or am/pm; an answer to "what time?" may be
  the hour alone ("four").
- "Morning", "afternoon" and "evening" are parts of the day (the session offers that part's
  free slots); "tonight" is this evening; "noon" and "midday" are 12:00.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from core.numbers import number_to_words, ordinal_to_number, words_to_number

SHOP_ZONE = ZoneInfo("Asia/Shanghai")
PARTS_OF_DAY = ("morning", "afternoon", "evening")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)}
# Words that lead a clock time ("at about three").
_TIME_LEADS = frozenset({"at", "around", "about", "by"})
# After an ordinal these make it a choice from a list ("the second one"), not a day.
_CHOICE_NOUNS = frozenset({"one", "ones", "option", "choice", "slot", "time", "result", "item"})
_PART_LEADS = (("in", "the"), ("this",), ("during", "the"), ("early", "in", "the"))
_UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
# Hours said as words: only the real number words, not the recognizer's stand-ins ("to", "for").
_HOUR_WORDS = {number_to_words(n): n for n in range(1, 13)}
# After a number these make it a count of something, never an hour.
_COUNTED_NOUNS = frozenset(
    {"percent", "per", "degrees", "years", "year", "months", "month", "days", "weeks", "km"}
    | {"kilometers", "kilometres", "miles", "minutes", "hours", "yuan", "thousand", "hundred"}
)
_HEARD_HOURS = {"free": 3, "tree": 3, "for": 4, "fore": 4, "won": 1, "ate": 8, "to": 2, "too": 2}
# Idioms words_to_number reads as numbers that are never minutes ("three a couple").
_NOT_MINUTES = frozenset({"a", "an", "couple", "few", "dozen", "both", "once", "twice"})
_CLOCK_TOKEN = re.compile(r"(\d{1,2})(am|pm)?")
_MINUTE_TOKEN = re.compile(r"(\d{2})(am|pm)?")


@dataclass(frozen=True)
class When:
    """A date and a time of day read off some words, and which words said them."""

    date: dt.date | None = None
    time: str | None = None  # "HH:MM" (24 h) or a part of the day: morning, afternoon, evening
    used: frozenset[int] = frozenset()  # positions of the words that said it

    @property
    def found(self) -> bool:
        return self.date is not None or self.time is not None


def shanghai_today(now: dt.datetime | None = None) -> dt.date:
    """Today in the shops' time zone (Asia/Shanghai): the day "tomorrow" counts from.

    `now` must carry its time zone: a naive time could be any zone's, and a booking a day off
    is worse than an error."""
    if now is None:
        return dt.datetime.now(SHOP_ZONE).date()
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got the naive {now.isoformat()}")
    return now.astimezone(SHOP_ZONE).date()


def when_words(text: str) -> list[str]:
    """The words `read_when` takes: lower case, no apostrophes ("o'clock" → "oclock"),
    punctuation as spaces ("3:30" → "3 30", "a.m." → "a m")."""
    text = text.lower().replace("’", "'").replace("'", "")
    return re.sub(r"[^a-z0-9 ]+", " ", text).split()


def parse_when(text: str, today: dt.date, *, answer: bool = False) -> When:
    """`read_when` on a text as typed or recognized."""
    return read_when(when_words(text), today, answer=answer)


def read_when(words: Sequence[str], today: dt.date, *, answer: bool = False) -> When:
    """The date and time said in `words` (see the module's rules), counted from `today`.

    `answer` reads a short answer to "which day?" or "what time?", where a bare ordinal is a
    day ("the fifth") and a bare number an hour ("four"). The first date and the first time
    said count; words of a second one are left unused."""
    return _Reader(list(words), today, answer).read()


@dataclass
class _Clock:
    hour: int
    minute: int
    meridiem: str | None  # "am", "pm", or None when not said


class _Reader:
    def __init__(self, words: list[str], today: dt.date, answer: bool) -> None:
        self.words = words
        self.today = today
        self.answer = answer
        self.date: dt.date | None = None
        self.part: str | None = None
        self.clock: _Clock | None = None
        self.used: set[int] = set()

    def read(self) -> When:
        i = 0
        while i < len(self.words):
            end = self._date_at(i) if self.date is None else None
            if end is None and self.part is None:
                end = self._part_at(i)
            if end is None and self.clock is None:
                end = self._clock_at(i)
            if end is None:
                i += 1
                continue
            self.used.update(range(i, end))
            i = end
        return When(self.date, self._time(), frozenset(self.used))

    def _time(self) -> str | None:
        clock = self.clock
        if clock is None:
            return self.part
        hour = clock.hour
        if clock.meridiem == "am":
            hour = 0 if hour == 12 else hour
        elif clock.meridiem == "pm":
            hour = hour if hour == 12 else hour + 12
        elif self.part in ("afternoon", "evening"):
            hour = hour + 12 if hour < 12 else hour
        elif self.part is None and 1 <= hour <= 7:
            hour += 12  # "at three": shops are open at 15:00, not at 03:00
        return f"{hour:02d}:{clock.minute:02d}"

    def _word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def _is(self, i: int, *phrase: str) -> bool:
        return tuple(self.words[i : i + len(phrase)]) == phrase

    # ---- dates ------------------------------------------------------------------------------

    def _date_at(self, i: int) -> int | None:
        for reader in (self._relative, self._weekday, self._weekend, self._count, self._calendar):
            end = reader(i)
            if end is not None:
                return end
        return None

    def _relative(self, i: int) -> int | None:
        """today, tomorrow, (the) day after tomorrow."""
        start = i + 1 if self._word(i) == "the" else i
        if self._is(start, "day", "after", "tomorrow"):
            self.date = self.today + dt.timedelta(days=2)
            return start + 3
        offset = {"today": 0, "tomorrow": 1}.get(self._word(i))
        if offset is None:
            return None
        self.date = self.today + dt.timedelta(days=offset)
        return i + 1

    def _weekday(self, i: int) -> int | None:
        """[on] [this | next | (this) coming] Saturday [this week | next week]."""
        k = i + 1 if self._word(i) == "on" else i
        mode = "after"
        for lead, lead_mode in ((("this", "coming"), "after"), (("coming",), "after")):
            if self._is(k, *lead):
                k, mode = k + len(lead), lead_mode
                break
        else:
            if self._word(k) in ("this", "next"):
                mode, k = self._word(k), k + 1
        if self._word(k) not in WEEKDAYS:
            return None
        day = WEEKDAYS.index(self._word(k))
        end = k + 1
        if self._is(end, "next", "week") or self._is(end, "this", "week"):
            mode, end = self._word(end), end + 2
        weekday = self.today.weekday()
        if mode == "next":
            delta = 7 - weekday + day
        elif mode == "this":
            delta = (day - weekday) % 7
        else:
            delta = (day - weekday) % 7 or 7
        self.date = self.today + dt.timedelta(days=delta)
        return end

    def _weekend(self, i: int) -> int | None:
        """(this | next | the) weekend, after on, at or over."""
        k = i + 1 if self._word(i) in ("on", "at", "over") else i
        mode = self._word(k) if self._word(k) in ("this", "next", "the") else ""
        k += 1 if mode else 0
        if self._word(k) != "weekend":
            return None
        weekday = self.today.weekday()
        if mode == "next":
            self.date = self.today + dt.timedelta(days=12 - weekday)
        else:
            self.date = self.today + dt.timedelta(days=max(5 - weekday, 0))
        return k + 1

    def _count(self, i: int) -> int | None:
        """in three days, in a week, two weeks from now / from today."""
        lead = self._word(i) == "in"
        start = i + 1 if lead else i
        for size in (3, 2, 1):
            count = words_to_number(" ".join(self.words[start : start + size]))
            unit = self._word(start + size)
            if count is None or unit not in _UNIT_DAYS or start + size > len(self.words):
                continue
            end = start + size + 1
            tail = self._is(end, "from", "now") or self._is(end, "from", "today")
            if not (lead or tail):
                return None
            self.date = self.today + dt.timedelta(days=count * _UNIT_DAYS[unit])
            return end + 2 if tail else end
        return None

    def _calendar(self, i: int) -> int | None:
        """December fifth, December 5, December the fifth, the fifth of December, 5 December,
        and a bare "(on) the fifth" (see the module's rule)."""
        lead = self._word(i) in ("on", "for")
        k = i + 1 if lead else i
        if self._word(k) in _MONTH_NUMBERS:
            month = _MONTH_NUMBERS[self._word(k)]
            k += 2 if self._word(k + 1) == "the" else 1
            day, end = self._day_number(k, cardinal=True)
            return self._set_calendar(month, day, end)
        the = self._word(k) == "the"
        day, end = self._day_number(k + 1 if the else k, cardinal=not the)
        if day is None:
            return None
        if self._word(end) == "of" and self._word(end + 1) in _MONTH_NUMBERS:
            return self._set_calendar(_MONTH_NUMBERS[self._word(end + 1)], day, end + 2)
        if self._word(end) in _MONTH_NUMBERS:  # "5 December", "fifth December"
            return self._set_calendar(_MONTH_NUMBERS[self._word(end)], day, end + 1)
        spoken_ordinal = ordinal_to_number(" ".join(self.words[(k + 1 if the else k) : end]))
        if spoken_ordinal is None or self._word(end) in _CHOICE_NOUNS:
            return None
        if not (lead or self.answer):
            return None
        for months_ahead in range(0, 3):
            year, month0 = divmod(self.today.month - 1 + months_ahead, 12)
            try:
                found = dt.date(self.today.year + year, month0 + 1, day)
            except ValueError:
                continue
            if found >= self.today:
                self.date = found
                return end
        return None

    def _day_number(self, k: int, *, cardinal: bool) -> tuple[int | None, int]:
        """A day of the month at k: an ordinal ("fifth", "twenty first", "5th") or, where
        `cardinal`, a plain number ("5", "five"); and where it ends."""
        for size in (2, 1):
            phrase = " ".join(self.words[k : k + size])
            if len(phrase.split()) != size:
                continue
            value = ordinal_to_number(phrase)
            stand_in = any(w in _HEARD_HOURS or w in ("a", "an") for w in phrase.split())
            if value is None and cardinal and not stand_in:
                value = words_to_number(phrase)  # "December five", "5 December"
            if value is not None and 1 <= value <= 31:
                return value, k + size
        return None, k

    def _set_calendar(self, month: int, day: int | None, end: int) -> int | None:
        if day is None:
            return None
        try:
            found = dt.date(self.today.year, month, day)
            if found < self.today:
                found = dt.date(self.today.year + 1, month, day)
        except ValueError:
            return None  # "February thirtieth" is no day
        self.date = found
        return end

    # ---- parts of the day --------------------------------------------------------------------

    def _part_at(self, i: int) -> int | None:
        """(in the | this | during the) morning / afternoon / evening, at night, tonight."""
        if self._word(i) == "tonight":
            self.part = "evening"
            self.date = self.today if self.date is None else self.date
            return i + 1
        if self._is(i, "at", "night") or self._word(i) == "night":
            self.part = "evening"
            return i + (2 if self._word(i) == "at" else 1)
        for lead in (*_PART_LEADS, ()):
            if self._is(i, *lead) and self._word(i + len(lead)) in PARTS_OF_DAY:
                self.part = self._word(i + len(lead))
                if lead == ("this",) and self.date is None:
                    self.date = self.today
                return i + len(lead) + 1
        return None

    # ---- clock times -------------------------------------------------------------------------

    def _clock_at(self, i: int) -> int | None:
        k = i
        while k < i + 2 and self._word(k) in _TIME_LEADS:
            k += 1
        led = k > i
        if self._word(k) in ("noon", "midday", "midnight"):
            self.clock = _Clock(0 if self._word(k) == "midnight" else 12, 0, None)
            return k + 1
        end = self._past_or_to(k)
        if end is None:
            end = self._hour_minutes(k, led)
        return end

    def _past_or_to(self, k: int) -> int | None:
        """half past four, (a) quarter past four, (a) quarter to five."""
        k2 = k + 1 if self._word(k) == "a" and self._word(k + 1) == "quarter" else k
        minutes = {"half": 30, "quarter": 15}.get(self._word(k2))
        relation = self._word(k2 + 1)
        hour = _hour_word(self._word(k2 + 2))
        if minutes is None or relation not in ("past", "to") or hour is None:
            return None
        if relation == "to":
            if minutes != 15:
                return None
            hour, minutes = (hour - 1) or 12, 45
        end = k2 + 3
        meridiem, end = self._meridiem(end)
        self.clock = _Clock(hour, minutes, meridiem)
        return end

    def _hour_minutes(self, k: int, led: bool) -> int | None:
        """3, three, 15, 3pm, three thirty, three oh five, 3 30, ten o'clock, ten a m."""
        digits = _CLOCK_TOKEN.fullmatch(self._word(k))
        hour = int(digits.group(1)) if digits else _HOUR_WORDS.get(self._word(k))
        if hour is None and led:
            # After "at" a recognizer's stand-in is the hour it sounds like ("at free" is 3).
            hour = _HEARD_HOURS.get(self._word(k))
        if hour is None:
            return None
        meridiem = digits.group(2) if digits else None
        minute, meridiem_after, end = (None, None, k + 1) if meridiem else self._minutes(k + 1)
        meridiem = meridiem or meridiem_after
        oclock = minute is None and (self._word(end) == "oclock" or self._is(end, "o", "clock"))
        if oclock:
            end += 1 if self._word(end) == "oclock" else 2
        if meridiem is None:
            meridiem, end = self._meridiem(end)
        if not (1 <= hour <= 12 if meridiem else 0 <= hour <= 23):
            return None
        if self._word(end) in _COUNTED_NOUNS:
            return None  # "at two percent" is a battery, "three years" a lease term
        marked = led or minute is not None or oclock or meridiem is not None
        # An answer may be the bare hour ("four"), but not the "one" of "the second one".
        bare_answer = self.answer and (k == 0 or self._word(k - 1) in ("say", "maybe"))
        if not (marked or bare_answer or self._part_follows(end)):
            return None
        self.clock = _Clock(hour, minute or 0, meridiem)
        return end

    def _minutes(self, k: int) -> tuple[int | None, str | None, int]:
        """Minutes after an hour ("thirty", "forty five", "oh five", "30", "30pm"): their value,
        an am/pm stuck to digits, and where they end."""
        if self._word(k) in ("oh", "o") and _HOUR_WORDS.get(self._word(k + 1), 10) < 10:
            return _HOUR_WORDS[self._word(k + 1)], None, k + 2
        digits = _MINUTE_TOKEN.fullmatch(self._word(k))
        if digits:
            value = int(digits.group(1))
            return (value, digits.group(2), k + 1) if value < 60 else (None, None, k)
        for size in (2, 1):
            words = self.words[k : k + size]
            if len(words) != size or any(w.isdigit() or w in _NOT_MINUTES for w in words):
                continue
            spoken = words_to_number(" ".join(words))
            if spoken is not None and 10 <= spoken <= 59:
                return spoken, None, k + size
        return None, None, k

    def _meridiem(self, k: int) -> tuple[str | None, int]:
        word = self._word(k)
        if word in ("am", "pm"):
            return word, k + 1
        if word in ("a", "p") and self._word(k + 1) == "m":
            return f"{word}m", k + 2
        return None, k

    def _part_follows(self, k: int) -> bool:
        """Whether a part of the day follows an hour ("three in the afternoon")."""
        if self._is(k, "at", "night") or self._word(k) == "tonight":
            return True
        return any(
            self._is(k, *lead) and self._word(k + len(lead)) in PARTS_OF_DAY for lead in _PART_LEADS
        )


def _hour_word(word: str) -> int | None:
    """An hour said as a word (one to twelve) or as digits (0 to 23)."""
    if word.isdigit():
        return int(word) if int(word) <= 23 else None
    return _HOUR_WORDS.get(word)
