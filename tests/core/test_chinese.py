"""Numbers, money and clock times as a Mandarin reply speaks them (written out by hand)."""

from __future__ import annotations

from datetime import time

import pytest

from core.chinese import chinese_clock, chinese_money, chinese_number


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "零"),
        (7, "七"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (22, "二十二"),
        (105, "一百零五"),
        (110, "一百一十"),
        (200, "两百"),
        (1005, "一千零五"),
        (1050, "一千零五十"),
        (3200, "三千二百"),
        (10500, "一万零五百"),
        (20000, "两万"),
        (100000, "十万"),
        (112000, "十一万两千"),
        (12345678, "一千二百三十四万五千六百七十八"),
    ],
)
def test_numbers(n: int, words: str) -> None:
    assert chinese_number(n) == words


def test_two_before_a_measure_word_is_liang() -> None:
    assert chinese_number(2, counting=True) == "两"
    assert chinese_number(2) == "二"
    assert chinese_number(12, counting=True) == "十二"


def test_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="out of range"):
        chinese_number(100_000_000)


@pytest.mark.parametrize(
    ("fen", "words"),
    [
        (1250, "十二元五角"),
        (1253, "十二元五角三分"),
        (1203, "十二元零三分"),
        (5, "五分"),
        (200, "两元"),
        (0, "零元"),
        (320000, "三千二百元"),
        (4000000, "四万元"),
    ],
)
def test_money(fen: int, words: str) -> None:
    assert chinese_money(fen) == words


@pytest.mark.parametrize(
    ("at", "words"),
    [
        (time(10, 0), "上午十点"),
        (time(15, 30), "下午三点半"),
        (time(20, 15), "晚上八点十五分"),
        (time(12, 0), "中午十二点"),
        (time(9, 5), "上午九点零五分"),
        (time(2, 0), "凌晨两点"),
    ],
)
def test_clock(at: time, words: str) -> None:
    assert chinese_clock(at) == words
