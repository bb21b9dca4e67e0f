"""The services and booking screens, driven through the real Kivy head unit under Xvfb.

A test drive booked by taps alone (a model's tile, a day chip, a time chip, "Book it"), then
seen in the history with its status; and while driving, the same screens with short lists,
the banner, and no keyboard or keypad anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from car_ui.safety import restriction
from car_ui.vehicle import VehicleState
from tests.servers import ApiServer
from tests.ui.conftest import run_ui
from tests.ui.test_head_unit import MIN_TOUCH_PX, messages, outside_window, texts

pytestmark = pytest.mark.ui


def booking_by_taps(read_back: str) -> dict[str, Any]:
    """A test drive booked by taps: services, the first tile, the 14th day, the second free
    time (whose read-back must contain `read_back`), confirm, then the history."""
    return {
        "profile": "passenger",
        "turns": [
            {"tap": {"action": "open", "screen": "services"}, "expect": {"screen": "services"}},
            {
                "tap": {"action": "pick", "index": 1},
                "expect": {"intent": "book", "screen": "booking"},
            },
            {"tap": {"action": "pick_day", "index": 14}, "expect": {"screen": "booking"}},
            {
                "tap": {"action": "pick", "index": 2},
                "expect": {"screen": "booking", "reply_contains": read_back},
            },
            {"tap": {"action": "confirm"}, "expect": {"booking_made": True, "screen": "booking"}},
            {"tap": {"action": "open", "screen": "orders"}, "expect": {"screen": "orders"}},
        ],
    }


TAP_BOOKING = booking_by_taps("at 10:00. Shall I book it?")
DRIVING = {
    "profile": "driver",
    "pin": "1234",
    "vehicle": {"speed_kmh": 60, "gear": "D", "soc": 15},
    "turns": [
        {"tap": {"action": "open", "screen": "services"}, "expect": {"screen": "services"}},
        {"tap": {"action": "book", "kind": "ev_charging"}, "expect": {"screen": "booking"}},
        {"tap": {"action": "pick", "index": 1}, "expect": {"reply_contains": "Shall I book it?"}},
    ],
}


def script(tmp_path: Path, name: str, content: dict[str, Any]) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return path


def widgets_of(layout: dict[str, Any], cls: str) -> list[dict[str, Any]]:
    return [w for w in layout["widgets"] if w["cls"] == cls]


@pytest.mark.parametrize("size", ["800x480", "1280x720"])
def test_a_test_drive_booked_by_taps_shows_in_the_history(
    xvfb: str, start_api: Any, tmp_path: Path, size: str
) -> None:
    api: ApiServer = start_api()
    run = run_ui(script(tmp_path, "book", TAP_BOOKING), api.url, tmp_path / "shots", size=size)
    assert run.returncode == 0, run.output
    report = run.report
    assert report["failed"] == 0, report["turns"]
    services, _offered, day, chosen, booked, history = run.layouts()
    assert [lay["screen"] for lay in run.layouts()] == [
        "services",
        "booking",
        "booking",
        "booking",
        "booking",
        "orders",
    ]
    tiles = " | ".join(texts(services))
    for expected in ("Book a service", "Ford Explorer", "Changan Ford Pudong 4S Store", "Free"):
        assert expected in tiles
    assert "Express car wash" in tiles or size == "800x480"  # below the fold on the small one
    shown = " | ".join(texts(day))
    assert "Test drive · Ford Explorer" in shown and "09:00" in shown and "17:00" in shown
    lit_days = [m for m in messages(day, "PickDay") if m["selected"]]
    assert [m["index"] for m in lit_days] == [14]
    lit = [m["index"] for m in messages(chosen, "Pick") if m["selected"]]
    assert lit == [2]
    assert "Book it" in texts(chosen) and "Not now" in texts(chosen)
    assert any(t.startswith("Booked: #") for t in texts(booked))
    assert "My bookings" in texts(booked) and "Book it" not in texts(booked)
    rows = " | ".join(texts(history))
    assert "Bookings" in rows and "Test drive · Ford Explorer  ·  Booked" in rows
    assert {"Move", "Cancel"} <= set(texts(history))
    small = size == "800x480"
    for layout in run.layouts():
        assert not outside_window(layout), outside_window(layout)
        if small:
            tiny = [
                w["message"]
                for w in layout["widgets"]
                if w.get("message") and min(w["box"][2], w["box"][3]) < MIN_TOUCH_PX - 0.5
            ]
            assert not tiny, tiny
            assert not [w["text"] for w in layout["widgets"] if w.get("font_size", 99) < 13]


def test_while_driving_booking_lists_are_short_and_nothing_is_typed(
    xvfb: str, start_api: Any, tmp_path: Path
) -> None:
    api: ApiServer = start_api()
    run = run_ui(script(tmp_path, "drive", DRIVING), api.url, tmp_path / "shots")
    assert run.returncode == 0, run.output
    assert run.report["failed"] == 0, run.report["turns"]
    services, booking, chosen = run.layouts()
    banner = restriction(VehicleState(speed_kmh=60, gear="D")).reason
    for layout in (services, booking, chosen):
        assert layout["restricted"] and banner in texts(layout)
        assert not layout["keyboard_shown"]
        assert not messages(layout, "PinKey")  # no keypad while moving
        fields = [w["text_input"] for w in layout["widgets"] if "text_input" in w]
        assert all(f["disabled"] and not f["focus"] for f in fields)
        assert not outside_window(layout), outside_window(layout)
    assert 1 <= len(widgets_of(services, "ServiceTileCard")) <= 3
    assert "First 3 shown while driving: say what to book" in texts(services)
    assert 1 <= len(messages(booking, "PickDay")) <= 3
    assert 1 <= len(messages(booking, "Pick")) <= 3
    # Two free times offered, in a short phrase: "...: today at 9:00 or 9:30?"
    offer = run.report["turns"][1]["reply"]
    assert offer.startswith("DC fast-charging bay, 30 minutes at VoltUp Charging Hub: ")
    assert offer.count(" or ") == 1 and offer.endswith("?")
