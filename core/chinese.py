"""Numbers, money and times as a Mandarin speaker says them, for zh-CN replies.

Chinese UI text shows digits ("¥12.50", "10:00") like any Chinese app; what is *spoken* needs
words, because espeak-ng's Mandarin voice reads "12.50" digit by digit. The rules are the
everyday ones: 十一 not 一十一, a 零 for each run of skipped places (一百零五, 一万零五百), and
两 rather than 二 before a measure word, 百, 千 or 万 (两杯, 两千, but 二十二).
"""

from __future__ import annotations

from datetime import time

_DIGITS = "零一二三四五六七八九"
_PLACES = ("", "十", "百", "千")


def _below_10k(n: int, *, liang: bool) -> str:
    """0 < n < 10000 without the leading-十 shortcut (the caller decides that)."""
    out: list[str] = []
    zero_pending = False
    for power in (3, 2, 1, 0):
        digit = n // 10**power % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        word = "两" if digit == 2 and liang and power >= 2 and not out else _DIGITS[digit]
        out.append(word + _PLACES[power])
    return "".join(out)


def chinese_number(n: int, *, counting: bool = False) -> str:
    """`n` (0 to 99,999,999) in Chinese numerals. `counting` is for a number before a measure
    word ("两杯拿铁", "两个"): a lone 2 becomes 两."""
    if not 0 <= n < 100_000_000:
        raise ValueError(f"{n} is out of range for chinese_number")
    if n == 0:
        return "零"
    if n == 2:
        return "两" if counting else "二"
    high, low = divmod(n, 10_000)
    parts: list[str] = []
    if high:
        parts.append(_leading(high) + "万")
        if low and low < 1000:
            parts.append("零")
    if low:
        parts.append(_leading(low) if not high else _below_10k(low, liang=True))
    return "".join(parts)


def _leading(n: int) -> str:
    """The first group of a number: 十一 not 一十一, 两 for a lone 2 (两万)."""
    if n == 2:
        return "两"
    text = _below_10k(n, liang=True)
    return text[1:] if 10 <= n < 20 else text


def chinese_money(fen: int) -> str:
    """An amount in fen as spoken: 1250 → 十二元五角, 1253 → 十二元五角三分, 5 → 五分."""
    if fen < 0:
        return "负" + chinese_money(-fen)
    yuan, rest = divmod(fen, 100)
    jiao, cents = divmod(rest, 10)
    parts = []
    if yuan or not rest:
        parts.append(chinese_number(yuan, counting=True) + "元")
    if jiao:
        parts.append(chinese_number(jiao, counting=True) + "角")
    elif cents and yuan:
        parts.append("零")
    if cents:
        parts.append(chinese_number(cents, counting=True) + "分")
    return "".join(parts)


def chinese_clock(at: time) -> str:
    """A time of day as spoken: 上午十点, 下午三点半, 晚上八点十五分, 中午十二点."""
    hour, minute = at.hour, at.minute
    if hour < 6:
        period = "凌晨"
    elif hour < 12:
        period = "上午"
    elif hour < 13:
        period = "中午"
    elif hour < 18:
        period = "下午"
    else:
        period = "晚上"
    shown = hour if hour <= 12 else hour - 12
    words = period + chinese_number(shown, counting=True) + "点"
    if minute == 30:
        return words + "半"
    if minute:
        return words + ("零" if minute < 10 else "") + chinese_number(minute) + "分"
    return words
