"""Voice-session scripts: validation before anything runs, expectations, report formats."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from car_ui.script import (
    Outcome,
    ScriptError,
    TurnRecord,
    build_report,
    check_expectations,
    load_script,
    write_junit,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "script.yaml"
    path.write_text(text)
    return path


def test_header_and_turns_load(tmp_path: Path) -> None:
    (tmp_path / "yes.wav").write_bytes(b"RIFF")
    script = load_script(
        write(
            tmp_path,
            """
vehicle: {vin: LVSHFFAL0PF000002, speed_kmh: 30, gear: D}
profile: driver
pin: 4321
turns:
  - text: add two lattes
    expect: {intent: add_to_cart, slots: {quantity: 2}}
  - audio: yes.wav
  - tap: {action: checkout}
  - vehicle: {speed_kmh: 0, gear: P}
""",
        )
    )
    assert script.vin == "LVSHFFAL0PF000002" and script.pin == "4321"
    assert script.vehicle == {"speed_kmh": 30, "gear": "D"}
    assert [t.kind for t in script.turns] == ["text", "audio", "tap", "vehicle"]
    assert script.turns[1].value == tmp_path / "yes.wav"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("turns: []", "non-empty list"),
        ("turns:\n  - text: hi\n    say: hi", "exactly one of"),
        ("turns:\n  - audio: missing.wav", "not found"),
        ("turns:\n  - tap: {action: fly}", "tap needs an action"),
        ("turns:\n  - text: hi\n    expect: {intnet: help}", "unknown expect key"),
        ("turns:\n  - text: hi\n    expect: {intent: dance}", "unknown intent"),
        ("turns:\n  - text: hi\n    expect: {screen: garage}", "unknown screen"),
        ("turns:\n  - vehicle: {gear: X}", "gear must be"),
        ("vehicle: {speed_kmh: fast}\nturns:\n  - text: hi", "speed must be"),
        ("turns: [\n", "not valid YAML"),
        ("colour: red\nturns:\n  - text: hi", "unknown key"),
    ],
)
def test_malformed_scripts_name_the_problem(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ScriptError, match=message):
        load_script(write(tmp_path, body))


OUTCOME = Outcome(
    intent="add_to_cart",
    slots={"quantity": 2, "item": "lattes"},
    item_title="Latte",
    reply="Added two medium Lattes.",
    cart_count=2,
    order_placed=False,
    screen="cart",
    blocked=False,
)


def test_expectations_hold_and_fail_per_key() -> None:
    good = check_expectations(
        {
            "intent": "add_to_cart",
            "slots": {"quantity": 2},
            "item": "latte",
            "reply_contains": "MEDIUM",
            "cart_count": 2,
            "order_placed": False,
            "screen": "cart",
            "blocked": False,
        },
        OUTCOME,
    )
    assert all(e.ok for e in good) and len(good) == 8
    bad = check_expectations(
        {"intent": "search", "slots": {"quantity": 3}, "item": "tea", "cart_count": 1},
        OUTCOME,
    )
    assert [e.ok for e in bad] == [False, False, False, False]
    assert bad[1].actual == {"quantity": 2}


def test_report_and_junit(tmp_path: Path) -> None:
    script = load_script(
        write(tmp_path, "turns:\n  - text: a\n    expect: {intent: add_to_cart}\n  - text: b\n")
    )
    records = [
        TurnRecord(
            turn=turn,
            transcript="a",
            confidence=1.0,
            intent=OUTCOME.intent,
            slots=OUTCOME.slots,
            item_id=7,
            reply=OUTCOME.reply,
            screen="cart",
            blocked=False,
            timings_ms={"tts": None, "asr": None, "nlu": 1.0, "api": 2.0, "total": 3.0},
            expectations=check_expectations(
                {"intent": "add_to_cart"} if turn.index == 1 else {"cart_count": 5}, OUTCOME
            ),
        )
        for turn in script.turns
    ]
    report = build_report(script, records, [12])
    assert (report["passed"], report["failed"]) == (1, 1)
    assert report["summary"] == {"intent_accuracy": 1.0, "orders": [12]}
    turn = report["turns"][0]
    assert set(turn) == {
        "index",
        "input",
        "transcript",
        "confidence",
        "intent",
        "slots",
        "item_id",
        "line",
        "reply",
        "screen",
        "blocked",
        "timings_ms",
        "expectations",
    }
    assert set(turn["timings_ms"]) == {"tts", "asr", "nlu", "api", "total"}
    junit = tmp_path / "out" / "junit.xml"
    write_junit(junit, script, records)
    suite = ET.parse(junit).getroot()
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = suite.findall("testcase")
    assert cases[0].find("failure") is None and cases[1].find("failure") is not None
