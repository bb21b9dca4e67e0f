"""Voice-session scripts (CONTRACTS section 4): loading, checking `expect`, reports.

Shared by `incar voice-session` (headless) and `incar ui --script` (through the Kivy window)
so that one script means the same thing on both and yields the same report. A script is
validated completely before the first turn runs: a typo in turn 12 should not cost eleven
turns of speech synthesis to find.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from car_ui.provisioning import DEMO_PROFILE, DEMO_VIN
from car_ui.touch import TAP_ACTIONS, parse_tap
from car_ui.vehicle import VehicleState
from core.commands import Intent, Screen
from core.state import CartView
from incar.errors import IncarError

TURN_KINDS = ("say", "audio", "text", "tap", "vehicle")
EXPECT_KEYS = (
    "intent",
    "slots",
    "item",
    "reply_contains",
    "cart_count",
    "order_placed",
    "screen",
    "blocked",
    "options",
    "booking_made",
)
HEADER_KEYS = ("vehicle", "profile", "pin", "turns")


class ScriptError(IncarError):
    """The script file is malformed; the message names the file and the turn."""


@dataclass(frozen=True)
class Turn:
    index: int  # from 1
    kind: str  # one of TURN_KINDS
    value: Any  # text for say/text, a Path for audio, a mapping for tap/vehicle
    expect: Mapping[str, Any] = field(default_factory=dict)

    @property
    def input(self) -> dict[str, Any]:
        """The turn as written, without its expectations (for the report)."""
        return {self.kind: str(self.value) if isinstance(self.value, Path) else self.value}

    @property
    def label(self) -> str:
        value = self.value if isinstance(self.value, str) else json.dumps(self.input[self.kind])
        return f"turn {self.index}: {self.kind} {value}"


@dataclass(frozen=True)
class Script:
    path: Path
    vin: str
    vehicle: Mapping[str, Any]
    profile: str
    pin: str | None
    turns: tuple[Turn, ...]


def load_script(path: Path) -> Script:
    """Read and validate a script file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScriptError(f"cannot read script {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ScriptError(f"{path} is not valid YAML: {exc}") from None
    return parse_script(data, Path(path))


def parse_script(data: Any, path: Path) -> Script:
    """Validate a script's parsed YAML; audio paths resolve relative to the script."""
    if not isinstance(data, dict):
        raise ScriptError(f"{path}: a script is a mapping with a `turns` list")
    unknown = set(data) - set(HEADER_KEYS)
    if unknown:
        raise ScriptError(f"{path}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    vehicle = data.get("vehicle") or {}
    _check_vehicle(vehicle, f"{path}: vehicle")
    turns = data.get("turns")
    if not isinstance(turns, list) or not turns:
        raise ScriptError(f"{path}: `turns` must be a non-empty list")
    pin = data.get("pin")
    return Script(
        path=path,
        vin=str(vehicle.get("vin") or DEMO_VIN),
        vehicle={k: v for k, v in vehicle.items() if k != "vin"},
        profile=str(data.get("profile") or DEMO_PROFILE),
        pin=str(pin) if pin is not None else None,
        turns=tuple(_turn(raw, i, path) for i, raw in enumerate(turns, start=1)),
    )


def _turn(raw: Any, index: int, path: Path) -> Turn:
    where = f"{path}: turn {index}"
    if not isinstance(raw, dict):
        raise ScriptError(f"{where}: expected a mapping like {{text: ..., expect: ...}}")
    kinds = [k for k in raw if k in TURN_KINDS]
    unknown = set(raw) - {*TURN_KINDS, "expect"}
    if unknown or len(kinds) != 1:
        raise ScriptError(
            f"{where}: needs exactly one of {', '.join(TURN_KINDS)} (and optionally expect)"
        )
    kind = kinds[0]
    value = raw[kind]
    if kind in ("say", "text"):
        if not isinstance(value, str | int | float) or not str(value).strip():
            raise ScriptError(f"{where}: {kind} needs a non-empty utterance")
        value = str(value)
    elif kind == "audio":
        audio = (path.parent / str(value)).resolve()
        if not audio.is_file():
            raise ScriptError(f"{where}: audio file {audio} not found")
        value = audio
    elif kind == "tap":
        if not isinstance(value, dict) or value.get("action") not in TAP_ACTIONS:
            raise ScriptError(f"{where}: tap needs an action: one of {', '.join(TAP_ACTIONS)}")
        try:
            parse_tap(value)
        except IncarError as exc:
            raise ScriptError(f"{where}: {exc}") from None
    elif kind == "vehicle":
        _check_vehicle(value, f"{where}: vehicle")
    expect = raw.get("expect") or {}
    _check_expect(expect, kind, where)
    return Turn(index, kind, value, expect)


def _check_vehicle(value: object, where: str) -> None:
    """A vehicle block (script header or `vehicle:` turn) must parse as vehicle signals."""
    if not isinstance(value, dict):
        raise ScriptError(f"{where} must be a mapping like {{speed_kmh: 60, gear: D}}")
    try:
        VehicleState().updated(value)
    except IncarError as exc:
        raise ScriptError(f"{where}: {exc}") from None


def _check_expect(expect: Any, kind: str, where: str) -> None:
    if not isinstance(expect, dict):
        raise ScriptError(f"{where}: expect must be a mapping")
    if kind == "vehicle" and expect:
        raise ScriptError(f"{where}: a vehicle turn has nothing to expect")
    unknown = set(expect) - set(EXPECT_KEYS)
    if unknown:
        raise ScriptError(
            f"{where}: unknown expect key(s) {', '.join(sorted(map(str, unknown)))}; "
            f"use {', '.join(EXPECT_KEYS)}"
        )
    if "intent" in expect and expect["intent"] not in {i.value for i in Intent}:
        raise ScriptError(f"{where}: unknown intent {expect['intent']!r}")
    if "screen" in expect and expect["screen"] not in {s.value for s in Screen}:
        raise ScriptError(f"{where}: unknown screen {expect['screen']!r}")
    for key in ("slots", "options"):
        if key in expect and not isinstance(expect[key], dict):
            raise ScriptError(f"{where}: expect.{key} must be a mapping")


@dataclass(frozen=True)
class Outcome:
    """The facts of one played turn that expectations are checked against."""

    intent: str | None
    slots: Mapping[str, Any]
    item_title: str
    reply: str
    cart_count: int
    order_placed: bool
    screen: str
    blocked: bool
    line: Mapping[str, Any] | None = None  # the cart line the turn added or changed
    booking_made: bool = False  # the turn made a booking (CONTRACTS section 8)


@dataclass(frozen=True)
class Expectation:
    key: str
    expected: Any
    actual: Any
    ok: bool


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and isinstance(actual, str):
        return expected.strip().lower() == actual.strip().lower()
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return float(expected) == float(actual)
    return bool(expected == actual)


def check_expectations(expect: Mapping[str, Any], outcome: Outcome) -> list[Expectation]:
    """Each `expect` key against what happened, in the script's order."""
    results = []
    for key, expected in expect.items():
        if key == "intent":
            actual: Any = outcome.intent
            ok = actual == expected
        elif key == "slots":
            actual = {k: outcome.slots.get(k) for k in expected}
            ok = all(_same(v, outcome.slots.get(k)) for k, v in expected.items())
        elif key == "item":
            actual = outcome.item_title
            ok = bool(actual) and str(expected).lower() in actual.lower()
        elif key == "reply_contains":
            actual = outcome.reply
            ok = str(expected).lower() in actual.lower()
        elif key == "cart_count":
            actual = outcome.cart_count
            ok = _same(expected, actual)
        elif key == "order_placed":
            actual = outcome.order_placed
            ok = bool(expected) is actual
        elif key == "booking_made":
            actual = outcome.booking_made
            ok = bool(expected) is actual
        elif key == "screen":
            actual = outcome.screen
            ok = actual == expected
        elif key == "options":  # a subset of the changed line's options
            chosen = dict(outcome.line["options"]) if outcome.line else {}
            actual = {k: chosen.get(k) for k in expected} if outcome.line else None
            ok = outcome.line is not None and all(
                _same(str(v), chosen.get(k, "")) for k, v in expected.items()
            )
        else:  # blocked
            actual = outcome.blocked
            ok = bool(expected) is actual
        results.append(Expectation(key, expected, actual, ok))
    return results


@dataclass(frozen=True)
class TurnRecord:
    """One turn of the report (CONTRACTS section 4)."""

    turn: Turn
    transcript: str
    confidence: float | None
    intent: str | None
    slots: Mapping[str, Any]
    item_id: int | None
    reply: str
    screen: str
    blocked: bool
    timings_ms: Mapping[str, float | None]
    expectations: Sequence[Expectation]
    order_id: int | None = None
    line: Mapping[str, Any] | None = None
    booking_id: int | None = None

    @property
    def passed(self) -> bool:
        return all(e.ok for e in self.expectations)

    def as_json(self) -> dict[str, Any]:
        return {
            "index": self.turn.index,
            "input": self.turn.input,
            "transcript": self.transcript,
            "confidence": self.confidence,
            "intent": self.intent,
            "slots": _jsonable(self.slots),
            "item_id": self.item_id,
            "line": _jsonable(self.line),
            "reply": self.reply,
            "screen": self.screen,
            "blocked": self.blocked,
            "timings_ms": {k: _ms(v) for k, v in self.timings_ms.items()},
            "expectations": [
                {"key": e.key, "expected": e.expected, "actual": _jsonable(e.actual), "ok": e.ok}
                for e in self.expectations
            ],
        }


def changed_line(before: CartView, after: CartView) -> dict[str, Any] | None:
    """The report's `line`: the cart line a turn added or changed (new, another quantity or
    other choices), as the store holds it after the turn; the last one when several changed
    (a reorder); None when no line is new or changed (a removal, an order, a search)."""
    seen = {ln.line_id: (ln.quantity, dict(ln.options)) for ln in before.lines}
    changed = [ln for ln in after.lines if seen.get(ln.line_id) != (ln.quantity, dict(ln.options))]
    if not changed:
        return None
    line = changed[-1]
    return {
        "id": line.line_id,
        "item_id": line.item_id,
        "title": line.title,
        "quantity": line.quantity,
        "options": dict(line.options),
    }


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def build_report(script: Script, records: Sequence[TurnRecord], orders: Sequence[int]) -> dict:
    """The JSON report; `passed`/`failed` count turns, intent_accuracy is over the turns that
    expect an intent (null when none does)."""
    hits = [e.ok for r in records for e in r.expectations if e.key == "intent"]
    return {
        "script": str(script.path),
        "passed": sum(1 for r in records if r.passed),
        "failed": sum(1 for r in records if not r.passed),
        "turns": [r.as_json() for r in records],
        "summary": {
            "intent_accuracy": round(sum(hits) / len(hits), 4) if hits else None,
            "orders": list(orders),
        },
    }


def write_report(path: Path, report: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_junit(path: Path, script: Script, records: Sequence[TurnRecord]) -> None:
    """JUnit XML with one testcase per turn, so CI shows which turn of which script failed."""
    failures = sum(1 for r in records if not r.passed)
    total_s = sum((r.timings_ms.get("total") or 0.0) for r in records) / 1000
    suite = ET.Element(
        "testsuite",
        name=f"voice-session {script.path.name}",
        tests=str(len(records)),
        failures=str(failures),
        errors="0",
        time=f"{total_s:.3f}",
    )
    for record in records:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"voice_session.{script.path.stem}",
            name=record.turn.label,
            time=f"{(record.timings_ms.get('total') or 0.0) / 1000:.3f}",
        )
        bad = [e for e in record.expectations if not e.ok]
        if bad:
            failure = ET.SubElement(
                case,
                "failure",
                message="; ".join(
                    f"{e.key}: expected {e.expected!r}, got {e.actual!r}" for e in bad
                ),
            )
            failure.text = f"reply: {record.reply}"
        ET.SubElement(case, "system-out").text = record.reply
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
