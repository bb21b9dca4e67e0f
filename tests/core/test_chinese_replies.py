"""The head unit in zh-CN against the real API: what it says and shows is Chinese as a native
speaker writes it (measure words, 两, Chinese titles, money as 元 words), every string of
car_ui has its translation, and a Chinese reply is spoken by the Mandarin voice.

The expectations are written out by hand from the seed (a medium latte is ¥28.00, the
CONTRACTS section 7 mocha ¥48.00)."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from datetime import date, time
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from car_ui import i18n
from car_ui.session import terms, wording
from core.commands import Command, Intent
from tests.core.conftest import MOCHA_CHOICES, SessionFactory, say
from tests.servers import ApiServer
from voice.tts import EspeakCliEngine, Pyttsx3Engine, Renderer, VoiceSettings, wav_frames

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "car_ui" / "locale" / "zh_CN" / "LC_MESSAGES" / "incar.po"
ORDER_NUMBER = "[零一二三四五六七八九十百千万]+"


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    """Each test speaks Chinese; the head unit is English again afterwards."""
    i18n.set_language(i18n.CHINESE)
    yield
    i18n.set_language(i18n.ENGLISH)


def test_two_lattes_are_liang_bei(open_session: SessionFactory) -> None:
    session = open_session()
    reply = say(session, "add two lattes")
    assert reply.text == "已加入两杯中杯拿铁。购物车里有两件商品,共五十六元。"
    assert session.state.cart.count == 2


def test_each_kind_of_thing_is_counted_with_its_measure_word(
    open_session: SessionFactory,
) -> None:
    session = open_session()
    assert say(session, "add a croissant").text.startswith("已加入一个牛角包")
    assert say(session, "add roses").text.startswith("已加入一束玫瑰花(11枝)。")
    assert say(session, "add a bottled water").text.startswith("已加入一瓶瓶装水")
    assert say(session, "add an ev charging session").text.startswith("已加入一次")
    contents = say(session, "what's in my cart").text
    assert contents.startswith("购物车里有:一个牛角包(单个装)、一束玫瑰花(11枝)、一瓶瓶装水")
    assert "购物车里有三件商品" in say(session, "remove the croissant").text


def test_the_read_back_and_the_placed_order_are_chinese_with_yuan_in_words(
    open_session: SessionFactory,
) -> None:
    session = open_session()
    say(session, "add two lattes")
    readback = say(session, "check out")
    assert readback.text == (
        "您要订购:两杯中杯拿铁,送到车上,用支付宝支付,共五十六元。要下单吗?请说“yes”或“no”。"
    )
    placed = say(session, "yes")
    assert placed.order_id is not None
    assert re.fullmatch(f"{ORDER_NUMBER}号订单已下单,共五十六元。", placed.text), placed.text
    status = say(session, "where's my order").text
    assert re.fullmatch(f"{ORDER_NUMBER}号订单(已下单|已付款|商家已接单|正在制作)。", status)


def test_made_to_order_choices_are_named_in_chinese(open_session: SessionFactory) -> None:
    assert wording.short_choices(MOCHA_CHOICES) == "大杯 · 深烘 · 三份浓缩 · 少量豆奶 · 多加红糖"
    assert terms.sku_label({"size": "medium"}) == "中杯"
    session = open_session()
    added = session.handle(Command(Intent.ADD_TO_CART, {"item": "mocha", "options": MOCHA_CHOICES}))
    drink = "一杯大杯摩卡,深烘,三份浓缩,少量豆奶,多加红糖"
    assert added.text == f"已加入{drink}。购物车里有一件商品,共四十八元。"
    readback = session.handle(Command(Intent.CHECKOUT)).text
    assert readback.startswith(f"您要订购:{drink},送到车上,") and "共四十八元" in readback


def test_a_reordered_cart_is_named_by_its_chinese_titles(open_session: SessionFactory) -> None:
    """A new session knows the lines only from the store's order (English titles): it looks
    the items up to name them in Chinese."""
    first = open_session()
    say(first, "add two lattes")
    say(first, "check out")
    say(first, "yes")
    again = open_session()
    readback = say(again, "order again").text
    assert readback.startswith("已把您上一笔订单的商品加入购物车。您要订购:两杯中杯拿铁,")


def test_an_unknown_item_is_a_chinese_sentence(open_session: SessionFactory) -> None:
    session = open_session()
    reply = say(session, "add three blorfzaps")
    assert reply.text == "商店里没有找到“blorfzaps”。"
    assert session.state.cart.count == 0


def test_the_store_down_is_a_chinese_sentence(
    open_session: SessionFactory, start_api: Callable[..., ApiServer]
) -> None:
    server = start_api()
    session = open_session(server.url)
    say(session, "add a croissant")
    server.kill()
    assert say(session, "what's in my cart").text == "现在连不上商店。请稍后再试。"


def test_a_language_switch_applies_to_the_next_reply(open_session: SessionFactory) -> None:
    session = open_session()
    say(session, "add two lattes")
    i18n.set_language(i18n.ENGLISH)
    assert say(session, "what's in my cart").text == (
        "In your cart: two medium Lattes. Total fifty-six yuan."
    )
    i18n.set_language(i18n.CHINESE)
    assert say(session, "what's in my cart").text == "购物车里有:两杯中杯拿铁。共五十六元。"


def test_dates_and_times_are_in_chinese_form() -> None:
    assert wording.day(date(2026, 12, 5)) == "12月5日 星期六"
    assert wording.clock(time(15, 30)) == "下午三点半"
    i18n.set_language(i18n.ENGLISH)
    assert wording.day(date(2026, 12, 5)) == "Saturday 5 December"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_of_car_ui_has_a_chinese_translation() -> None:
    """Extracted as `make messages` does (babel.cfg, Babel's default keywords): a new
    English string without its translation fails here, as does a translation that lost or
    invented a placeholder."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    extracted = list(extract_from_dir(str(ROOT), method_map, options_map))
    assert len(extracted) > 150  # the session's replies are all marked
    untranslated: list[tuple[str | None, str]] = []
    mismatched: list[tuple[str, tuple[str, ...]]] = []
    for _file, _line, message, _comments, context in extracted:
        msgid = str(message[0] if isinstance(message, tuple) else message)
        entry = catalog.get(msgid, context=context)
        found = entry.string if entry is not None and not entry.fuzzy else ""
        translated = tuple(found) if isinstance(found, tuple | list) else (str(found or ""),)
        if not all(translated):
            untranslated.append((context, msgid))
        elif any(_placeholders(t) != _placeholders(msgid) for t in translated):
            mismatched.append((msgid, translated))
    assert untranslated == []
    assert mismatched == []


def test_a_chinese_reply_is_rendered_by_the_mandarin_voice(tmp_path: Path) -> None:
    reply = "已加入两杯中杯拿铁。购物车里有两件商品,共五十六元。"
    assert VoiceSettings().for_text(reply).voice == "cmn"
    assert VoiceSettings(voice="gmw/en-US").for_text("Added two lattes.").voice == "gmw/en-US"
    for engine in (Pyttsx3Engine(), EspeakCliEngine()):
        renderer = Renderer(primary=engine, fallback=None, attempts=1)
        try:
            mandarin = wav_frames(renderer.render(reply, tmp_path / f"{engine.name}.wav"))
            # an English voice spells every character out as "Chinese letter"
            spelled = tmp_path / f"{engine.name}-english.wav"
            engine.render(reply, spelled, VoiceSettings(voice="gmw/en-US"))
        finally:
            renderer.close()
        assert renderer.last_engine == engine.name
        assert 22050 * 2 < mandarin < 0.8 * wav_frames(spelled)
