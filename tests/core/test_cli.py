"""`incar shell` from a pipe and `incar voice-session` with its report, as subprocesses."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.servers import ApiServer, incar_command


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        incar_command(*args), input=stdin, capture_output=True, text=True, timeout=120
    )


def test_piped_shell_prints_the_reply_and_exits_0(api_server: ApiServer) -> None:
    result = run("shell", "--api", api_server.url, "--profile", "passenger", stdin="clear cart\n")
    assert result.returncode == 0, result.stderr
    result = run(
        "shell", "--api", api_server.url, "--profile", "passenger", stdin="add two lattes\n"
    )
    assert result.returncode == 0, result.stderr
    assert "[cart] Added two medium Lattes" in result.stdout
    assert "Traceback" not in result.stderr


def test_shell_meta_commands(api_server: ApiServer) -> None:
    lines = [
        ":vehicle speed=60 gear=D",
        ':tap {"action": "type_search", "text": "tea"}',
        ":tap action=fly",
        ":vehicle operator=passenger",
        ":tap action=type_search text=tea",
        ":quit",
        "add a latte",
    ]
    result = run("shell", "--api", api_server.url, "--profile", "driver", stdin="\n".join(lines))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[vehicle] 60 km/h, gear D, autonomous off, driver at the screen: Driving" in out
    assert "(blocked) Typing is off while driving. Say 'find tea' instead." in out
    assert "error: unknown tap action 'fly'" in out
    assert "passenger at the screen: no restriction" in out  # a passenger is not driving
    assert out.count("[results]") == 1
    assert "Added" not in out  # nothing after :quit


def test_shell_with_a_dead_api_is_one_clear_line() -> None:
    result = run("shell", "--api", "http://127.0.0.1:9", stdin="add a latte\n")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "incar: error: the store is not reachable at http://127.0.0.1:9 (nothing is listening "
        "there): start it with `incar serve`, or point --api or INCAR_API_URL at a running one"
    )


SCRIPT = """
vehicle: {vin: LVSHFFAL0PF000001, speed_kmh: 0, gear: P, autonomous: false}
profile: driver
turns:
  - text: "clear my cart"
  - text: "add two croissants"
    expect: {intent: add_to_cart, slots: {quantity: 2}, item: croissant, cart_count: 2}
  - vehicle: {speed_kmh: 60, gear: D}
  - tap: {action: type_search, text: latte}
    expect: {blocked: true, reply_contains: "Typing is off"}
  - tap: {action: checkout}
    expect: {screen: confirm_order, reply_contains: "croissant"}
  - text: "yes"
    expect: {intent: confirm, order_placed: true, screen: tracking}
"""


def test_voice_session_writes_the_report_and_junit(api_server: ApiServer, tmp_path: Path) -> None:
    script = tmp_path / "order.yaml"
    script.write_text(SCRIPT)
    report_path, junit_path = tmp_path / "report.json", tmp_path / "junit.xml"
    result = run(
        "voice-session",
        str(script),
        "--api",
        api_server.url,
        "--report",
        str(report_path),
        "--junit",
        str(junit_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(report_path.read_text())
    assert (report["passed"], report["failed"]) == (6, 0)
    assert report["summary"]["intent_accuracy"] == 1.0
    (order_id,) = report["summary"]["orders"]
    turns = report["turns"]
    assert turns[1]["slots"]["quantity"] == 2 and turns[1]["item_id"]
    assert turns[3]["input"] == {"tap": {"action": "type_search", "text": "latte"}}
    assert turns[5]["screen"] == "tracking" and turns[5]["timings_ms"]["api"] > 0
    assert turns[5]["expectations"][1] == {
        "key": "order_placed",
        "expected": True,
        "actual": True,
        "ok": True,
    }
    assert order_id > 0
    cases = ET.parse(junit_path).getroot().findall("testcase")
    assert len(cases) == 6 and all(c.find("failure") is None for c in cases)


def test_voice_session_fails_on_a_broken_expectation(api_server: ApiServer, tmp_path: Path) -> None:
    script = tmp_path / "wrong.yaml"
    script.write_text("profile: passenger\nturns:\n  - text: help\n    expect: {intent: search}\n")
    result = run("voice-session", str(script), "--api", api_server.url)
    assert result.returncode == 1
    assert "FAIL turn 1: text help" in result.stdout
    assert "expected intent='search', got 'help'" in result.stdout
