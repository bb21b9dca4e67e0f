"""Made-to-order drinks on the head unit (CONTRACTS section 7): `slots.options` from every
source, the size as the SKU, an extra shot, options the item does not have, the words the
reply and read-back use, the short form of the screens, and `line`/`options` in reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from car_ui.script_runner import run_voice_session
from car_ui.session.phrasing import choice_words, short_choices
from car_ui.touch import command_for, parse_tap
from core.commands import Command, Intent, Screen
from tests.core.conftest import MOCHA_CHOICES, SessionFactory, say
from tests.servers import ApiServer

ASSETS = Path(__file__).resolve().parents[2] / "assets"
SENTENCE = "a large dark roast triple shot mocha with a little soy milk and lots of brown sugar"
ALL_SEVEN = MOCHA_CHOICES
SPOKEN = "large Mocha, dark roast, triple shot, with a little soy milk and lots of brown sugar"


def test_a_command_with_options_fills_the_line_and_the_read_back_says_them(
    open_session: SessionFactory,
) -> None:
    session = open_session()
    reply = session.handle(Command(Intent.ADD_TO_CART, {"item": "mocha", "options": ALL_SEVEN}))
    assert reply.text.startswith(f"Added one {SPOKEN}.") and reply.screen is Screen.CART
    (line,) = session.state.cart.lines
    assert line.options == ALL_SEVEN and line.attributes == {"size": "large"}
    item = session.client.item(line.item_id)
    large = next(s for s in item.skus if s.attributes == {"size": "large"})
    assert line.sku_id == large.sku_id
    # the store priced it: the SKU plus the deltas it showed on the item
    deltas = sum(g.price_delta_fen[ALL_SEVEN[g.name]] for g in item.option_groups)
    assert line.unit_price_fen == large.price_fen + deltas > large.price_fen
    readback = session.handle(Command(Intent.CHECKOUT))
    assert f"You're ordering one {SPOKEN}, delivered" in readback.text
    placed = session.handle(Command(Intent.CONFIRM))
    assert placed.order_id is not None
    order = session.state.current_order
    assert order is not None and order.lines[0].options == ALL_SEVEN


def test_the_contracts_sentence_as_text_fills_every_group(open_session: SessionFactory) -> None:
    session = open_session()
    reply = say(session, SENTENCE)
    assert reply.intent is Intent.ADD_TO_CART and dict(reply.slots)["options"] == ALL_SEVEN
    (line,) = session.state.cart.lines
    assert line.title == "Mocha" and line.options == ALL_SEVEN
    assert SPOKEN in say(session, "check out").text


def test_only_choices_other_than_the_defaults_are_said(open_session: SessionFactory) -> None:
    session = open_session()
    plain = session.handle(Command(Intent.ADD_TO_CART, {"item": "latte"}))
    assert plain.text.startswith("Added one medium Latte. ")
    black = session.handle(
        Command(Intent.ADD_TO_CART, {"item": "house coffee", "options": {"sweetener": "sugar"}})
    )
    assert black.text.startswith("Added one medium House Coffee with sugar. ")
    assert len(session.state.cart.lines) == 2
    readback = session.handle(Command(Intent.CHECKOUT)).text
    assert "one medium Latte and one medium House Coffee with sugar," in readback


def test_an_extra_shot_is_one_more_than_the_drinks_default(open_session: SessionFactory) -> None:
    session = open_session()
    latte = session.handle(Command(Intent.ADD_TO_CART, {"item": "latte", "extra_shots": 1}))
    assert "triple shot" in latte.text  # a latte comes with a double
    coffee = session.handle(
        Command(Intent.ADD_TO_CART, {"item": "house coffee", "extra_shot": True})
    )
    assert "double shot" in coffee.text  # house coffee comes with a single
    shots = {ln.title: ln.options["shots"] for ln in session.state.cart.lines}
    assert shots == {"Latte": "triple", "House Coffee": "double"}
    say(session, "add a latte with an extra shot")
    assert [ln.quantity for ln in session.state.cart.lines if ln.title == "Latte"] == [2]


def test_the_same_drink_made_another_way_is_another_line(open_session: SessionFactory) -> None:
    session = open_session()
    say(session, "add a latte")
    say(session, "add a latte with oat milk")
    say(session, "add a latte")
    lines = session.state.cart.lines
    assert sorted((ln.options["milk"], ln.quantity) for ln in lines) == [("oat", 1), ("whole", 2)]


@pytest.mark.parametrize(
    ("slots", "said"),
    [
        ({"item": "croissant", "options": {"milk": "oat"}}, "Croissant is not made to order"),
        ({"item": "latte", "options": {"milk": "goat"}}, "Latte can't have milk goat"),
        ({"item": "latte", "options": {"syrup": "vanilla"}}, "Latte has no syrup choice"),
        ({"item": "latte", "options": {"size": "huge"}}, "Latte comes as medium, small"),
        ({"item": "croissant", "extra_shots": 1}, "Croissant is not made to order"),
    ],
)
def test_choices_the_item_does_not_have_add_nothing(
    open_session: SessionFactory, slots: dict, said: str
) -> None:
    session = open_session()
    reply = session.handle(Command(Intent.ADD_TO_CART, slots))
    assert said in reply.text and "I added nothing" in reply.text
    assert session.state.cart.count == 0 and session.client.cart().count == 0


def test_a_tap_with_options_is_the_same_command(open_session: SessionFactory) -> None:
    session = open_session()
    say(session, "find a mocha")
    say(session, "the first one")
    tap = parse_tap({"action": "add", "options": {"size": "large", "milk": "oat"}})
    reply = session.handle(command_for(tap, session.state))
    assert reply.text.startswith("Added one large Mocha with oat milk.")
    (line,) = session.state.cart.lines
    assert line.options["size"] == "large" and line.options["milk"] == "oat"


def test_reorder_makes_the_drinks_the_same_way(open_session: SessionFactory) -> None:
    session = open_session()
    session.handle(Command(Intent.ADD_TO_CART, {"item": "mocha", "options": ALL_SEVEN}))
    session.handle(Command(Intent.CHECKOUT))
    session.handle(Command(Intent.CONFIRM))
    again = session.handle(Command(Intent.REORDER))
    assert SPOKEN in again.text
    assert [ln.options for ln in session.state.cart.lines] == [ALL_SEVEN]


def test_words_for_the_choices() -> None:
    latte = {
        "roast": "medium",
        "shots": "double",
        "milk": "whole",
        "milk_amount": "regular",
        "sweetener": "none",
        "sweetener_amount": "regular",
    }
    chosen = {k: v for k, v in ALL_SEVEN.items() if k != "size"}
    assert choice_words(chosen, latte) == (
        ", dark roast, triple shot, with a little soy milk and lots of brown sugar"
    )
    assert choice_words(latte, latte) == ""
    assert choice_words({**latte, "milk": "none"}, latte) == ", no milk"
    assert choice_words({**latte, "milk_amount": "extra"}, latte) == " with lots of whole milk"
    assert short_choices(ALL_SEVEN) == (
        "Large · dark · 3 shots · soy (a little) · brown sugar (lots)"
    )
    assert short_choices({"size": "medium", **latte}) == "Medium · medium roast · 2 shots · whole"
    assert short_choices({"size": "small", **latte, "milk": "none"}).endswith("· no milk")
    assert short_choices({"size": "box of 4"}) == "Box of 4"


def test_reports_carry_the_changed_line_and_check_its_options(
    api_server: ApiServer, tmp_path: Path
) -> None:
    report_path = tmp_path / "report.json"
    code = run_voice_session(
        ASSETS / "order_made_to_order.yaml",
        api_server.url,
        report=report_path,
        on_turn=lambda _record: None,
    )
    report = json.loads(report_path.read_text())
    assert code == 0, report
    cleared, added, readback, placed = report["turns"]
    assert cleared["line"] is None and readback["line"] is None and placed["line"] is None
    line = added["line"]
    assert set(line) == {"id", "item_id", "title", "quantity", "options"}
    assert line["title"] == "Mocha" and line["quantity"] == 1 and line["options"] == ALL_SEVEN
    (options,) = [e for e in added["expectations"] if e["key"] == "options"]
    assert options["ok"] and options["actual"] == ALL_SEVEN
    assert len(report["summary"]["orders"]) == 1


def test_an_options_expectation_fails_on_another_choice(
    api_server: ApiServer, tmp_path: Path
) -> None:
    script = tmp_path / "wrong.yaml"
    script.write_text(
        "profile: passenger\nturns:\n"
        "  - text: clear my cart\n"
        "    expect: {options: {milk: oat}}\n"
        "  - text: add a latte with soy milk\n"
        "    expect: {options: {milk: oat, size: medium}}\n"
    )
    report_path = tmp_path / "report.json"
    code = run_voice_session(script, api_server.url, report=report_path, on_turn=lambda _r: None)
    assert code == 1
    first, second = json.loads(report_path.read_text())["turns"]
    assert first["expectations"][0] == {
        "key": "options",
        "expected": {"milk": "oat"},
        "actual": None,
        "ok": False,
    }
    assert second["expectations"][0]["actual"] == {"milk": "soy", "size": "medium"}
    assert not second["expectations"][0]["ok"]
