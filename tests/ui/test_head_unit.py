"""The Kivy head unit, driven through its real widgets by `incar ui --script` under Xvfb.

Each run saves a screenshot and a description of the visible widgets per turn; the checks
are what a demoer would notice: the right screen with its content, nothing cut off at the
window edge, buttons big enough for a finger, no keyboard and a banner while driving.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from car_ui.safety import restriction
from car_ui.vehicle import VehicleState
from car_ui.views.theme import DAY, NIGHT
from tests.servers import ApiServer, incar_command
from tests.ui.conftest import SCRIPTS, run_ui

pytestmark = pytest.mark.ui

# Texts a person must see on each screen (substrings of visible labels).
SCREEN_TEXTS = {
    "home": ["Good ", "Suggested for you", "Categories", "Coffee and tea", "Bakery"],
    "results": ["“latte”", "Latte", "¥"],
    "item": ["Latte", "Add to cart", "¥"],
    "cart": [
        "Cart · 2 items",
        "Latte",
        "Medium · medium roast · 2 shots · whole",
        "Total",
        "Checkout",
    ],
    "confirm_order": [
        "Review your order",
        "2 × Latte",
        "Medium · medium roast · 2 shots · whole",
        "Total",
        "Place order",
        "To the car",
        "Pickup",
        "Alipay",
        "WeChat Pay",
    ],
    "tracking": [
        "Order #",
        "Placed",
        "2 × Latte",
        "Medium · medium roast · 2 shots · whole",
        "Total",
        "Cancel order",
    ],
    "orders": ["Your orders", "Reorder", "Track"],
    "profiles": ["Who is ordering?", "Driver", "Passenger"],
    "settings": ["Display", "Vehicle simulator", "Gear", "Passenger"],
}
MIN_TOUCH_PX = 48


def texts(layout: dict[str, Any]) -> list[str]:
    return [w["text"] for w in layout["widgets"] if "text" in w]


def outside_window(layout: dict[str, Any]) -> list[dict[str, Any]]:
    width, height = layout["window"]
    bad = []
    for w in layout["widgets"]:
        x, y, bw, bh = w["box"]
        if x < -1 or y < -1 or x + bw > width + 1 or y + bh > height + 1:
            bad.append(w)
    return bad


def messages(layout: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The messages of the tappable widgets of one kind ("Pick", "PinKey"...), `selected`
    added."""
    return [
        {**w["message"], "selected": w["selected"]}
        for w in layout["widgets"]
        if w.get("message", {}).get("type") == kind
    ]


def overlapping_buttons(layout: dict[str, Any]) -> list[tuple[str, str]]:
    buttons = [w for w in layout["widgets"] if w.get("message")]
    pairs = []
    for i, a in enumerate(buttons):
        for b in buttons[i + 1 :]:
            ax, ay, aw, ah = a["box"]
            bx, by, bw, bh = b["box"]
            dx = min(ax + aw, bx + bw) - max(ax, bx)
            dy = min(ay + ah, by + bh) - max(ay, by)
            if dx > 1 and dy > 1:
                pairs.append((str(a["message"]), str(b["message"])))
    return pairs


def check_layout(layout: dict[str, Any], *, small: bool) -> None:
    screen = layout["screen"]
    shown = " | ".join(texts(layout))
    for expected in SCREEN_TEXTS[screen]:
        assert expected in shown, f"{screen}: {expected!r} not on screen: {shown}"
    assert not outside_window(layout), f"{screen}: cut off: {outside_window(layout)}"
    assert not overlapping_buttons(layout), f"{screen}: overlap: {overlapping_buttons(layout)}"
    if small:
        tiny = [
            w["message"]
            for w in layout["widgets"]
            if w.get("message") and min(w["box"][2], w["box"][3]) < MIN_TOUCH_PX - 0.5
        ]
        assert not tiny, f"{screen}: touch targets under {MIN_TOUCH_PX} px: {tiny}"
        small_text = [w["text"] for w in layout["widgets"] if w.get("font_size", 99) < 13]
        assert not small_text, f"{screen}: text too small to read at arm's length: {small_text}"


@pytest.mark.parametrize("size", ["800x480", "1280x720"])
def test_touch_order_through_every_screen(
    xvfb: str, start_api: Any, tmp_path: Path, size: str
) -> None:
    api: ApiServer = start_api()
    run = run_ui(SCRIPTS / "touch_order.yaml", api.url, tmp_path / "shots", size=size)
    assert run.returncode == 0, run.output
    report = run.report
    assert report["failed"] == 0 and len(report["summary"]["orders"]) == 1
    layouts = run.layouts()
    assert [lay["screen"] for lay in layouts] == [
        "home",
        "results",
        "item",
        "cart",
        "confirm_order",
        "tracking",
        "orders",
        "profiles",
        "settings",
    ]
    width, height = (int(v) for v in size.split("x"))
    for layout in layouts:
        assert layout["window"] == [width, height]
        check_layout(layout, small=size == "800x480")
    # The script says only `profile: passenger`: the simulator shows the passenger operating.
    chosen = {m["operator"]: m["selected"] for m in messages(layouts[-1], "SetOperator")}
    assert chosen == {"passenger": True, "driver": False}
    pngs = sorted(run.shots.glob("turn-*.png"))
    assert len(pngs) == 9 and all(p.stat().st_size > 10_000 for p in pngs)


def test_categories_delivery_payment_and_reorder_by_touch(
    xvfb: str, start_api: Any, tmp_path: Path
) -> None:
    """Home's category tiles are the store's; the confirm screen's delivery and payment chips
    change the order the store receives; every past order has its own Reorder button."""
    api: ApiServer = start_api()
    run = run_ui(SCRIPTS / "choices.yaml", api.url, tmp_path / "shots")
    assert run.returncode == 0, run.output
    assert "taps with no widget on screen" not in run.output  # real widgets were pressed
    layouts = run.layouts()
    # a category tile's results are headed by its name, not as a quoted search
    assert "Bakery" in texts(layouts[0]) and "“Bakery”" not in texts(layouts[0])
    delivery = {m["mode"]: m["selected"] for m in messages(layouts[5], "ChooseDelivery")}
    payment = {m["method"]: m["selected"] for m in messages(layouts[5], "ChoosePayment")}
    assert {"to_vehicle", "pickup"} <= set(delivery) and "alipay" in payment
    assert delivery["pickup"] and payment["wechat-pay"]
    assert not delivery["to_vehicle"] and not payment["alipay"]
    assert {m["order_id"] for m in messages(layouts[10], "Reorder")} == {1, 2}
    first, _second = run.report["summary"]["orders"]
    with httpx.Client(base_url=f"{api.url}/api/v1") as http:
        login = {"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": "passenger"}
        auth = {"Authorization": f"Bearer {http.post('/sessions', json=login).json()['token']}"}
        order = http.get(f"/orders/{first}", headers=auth).json()
        item = http.get(f"/items/{order['lines'][0]['item_id']}", headers=auth).json()
    assert order["delivery"] == {"mode": "pickup"} and order["payment_method_id"] == "wechat-pay"
    # The pickup order's tracking screen: where to collect it and when, and pickup's own steps
    # (no truck, no "Delivered").
    tracking = texts(layouts[6])
    pickup_line = f"Pick up at {item['shop']}  ·  ready by"  # the bakery the bread came from
    assert any(t.startswith(pickup_line) for t in tracking), tracking
    assert {"Ready for pickup", "Picked up"} <= set(tracking)
    assert "Delivered" not in tracking and "On its way" not in tracking


def test_driving_hides_the_keyboard_and_shortens_lists(
    xvfb: str, start_api: Any, tmp_path: Path
) -> None:
    api: ApiServer = start_api()
    run = run_ui(SCRIPTS / "driving.yaml", api.url, tmp_path / "shots")
    assert run.returncode == 0, run.output
    blocked, results, helped, _vehicle, lifted = run.layouts()
    banner = restriction(VehicleState(speed_kmh=60, gear="D")).reason
    for layout in (blocked, results):
        assert layout["restricted"] and not layout["keyboard_shown"]
        assert banner in texts(layout)
        fields = [w["text_input"] for w in layout["widgets"] if "text_input" in w]
        assert fields and all(f["disabled"] and not f["focus"] for f in fields)
    reply = run.report["turns"][1]["reply"]
    (caption,) = [t for t in texts(results) if t.startswith("I found")]
    assert caption == reply or (caption.endswith("…") and reply.startswith(caption[:-1]))
    assert not outside_window(results), outside_window(results)
    # The help reply fills the caption's three lines, inside the window.
    (help_caption,) = [t for t in texts(helped) if t.startswith("You can say")]
    assert help_caption == run.report["turns"][2]["reply"]
    assert not outside_window(helped), outside_window(helped)
    tiles = messages(results, "Pick")
    assert 1 <= len(tiles) <= 3
    assert "shown while driving" in " ".join(texts(results))
    assert not lifted["restricted"]
    assert banner not in texts(lifted)
    assert [w["text_input"]["disabled"] for w in lifted["widgets"] if "text_input" in w] == [False]


def test_pin_pad_order_then_cancel_and_switch_profiles(
    xvfb: str, start_api: Any, tmp_path: Path
) -> None:
    api: ApiServer = start_api()
    run = run_ui(SCRIPTS / "pin_order.yaml", api.url, tmp_path / "shots")
    assert run.returncode == 0, run.output
    asked = run.layouts()[2]
    keys = {m["key"] for m in messages(asked, "PinKey")}
    assert set("0123456789") <= keys
    assert "Enter the PIN to place this order" in texts(asked)
    assert len(run.report["summary"]["orders"]) == 1
    asking, cancelled = run.layouts()[4:6]
    assert "Yes, cancel it" in texts(asking)
    assert "Cancelled" in texts(cancelled)


@pytest.mark.voice
def test_spoken_order_through_the_head_unit(xvfb: str, start_api: Any, tmp_path: Path) -> None:
    api: ApiServer = start_api()
    run = run_ui(SCRIPTS / "voice_order.yaml", api.url, tmp_path / "shots", voice=True)
    assert run.returncode == 0, run.output
    report = run.report
    assert report["turns"][0]["transcript"]
    assert len(report["summary"]["orders"]) == 1
    first = run.layouts()[0]
    assert any("latte" in t.lower() for t in texts(first))  # the caption of the reply


def test_failed_expectation_fails_the_run(xvfb: str, start_api: Any, tmp_path: Path) -> None:
    script = tmp_path / "wrong.yaml"
    script.write_text("turns:\n  - tap: {action: open, screen: cart}\n    expect: {screen: home}\n")
    run = run_ui(script, start_api().url, tmp_path / "shots")
    assert run.returncode == 1
    assert "expected screen='home', got 'cart'" in run.output


def test_unreachable_store_is_one_clear_line(xvfb: str, tmp_path: Path) -> None:
    run = run_ui(SCRIPTS / "touch_order.yaml", "http://127.0.0.1:9", tmp_path / "shots")
    assert run.returncode == 2
    assert "Traceback" not in run.output
    assert "cannot start the script's session" in run.output


def test_malformed_script_is_refused_before_a_window_opens(tmp_path: Path) -> None:
    script = tmp_path / "bad.yaml"
    script.write_text("turns:\n  - tap: {action: fly}\n")
    proc = subprocess.run(
        incar_command("ui", "--script", str(script), "--exit-when-done"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("incar: error:") and "turn 1" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def talk_probe(xvfb: str, api_server: ApiServer) -> dict[str, Any]:
    """What tests/ui/talk_button_probe.py saw in the real app (one run for the tests below)."""
    proc = subprocess.run(
        [sys.executable, "-m", "tests.ui.talk_button_probe", api_server.url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    seen: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return seen


def test_no_microphone_is_a_toast_not_a_crash(talk_probe: dict[str, Any]) -> None:
    for key in ("toast_after_mic", "toast_after_f2"):
        text = talk_probe[key].lower()
        assert "microphone" in text or "audio" in text, talk_probe
    assert talk_probe["listening"] is False and talk_probe["screen"] == "home"


def test_day_theme_recolours_what_is_already_on_screen(talk_probe: dict[str, Any]) -> None:
    """Switching themes must reach every existing label, including those with their own
    colour (a kv rule bound to a plain object would silently keep the night colours)."""
    day_text, night_text = (tuple(round(c, 3) for c in p.text) for p in (DAY, NIGHT))
    colours = {tuple(c) for c in talk_probe["label_colours"]}
    assert talk_probe["background"] == [round(c, 3) for c in DAY.background]
    assert day_text in colours and night_text not in colours
    assert talk_probe["caption_colour"] == [round(c, 3) for c in DAY.accent_text]


def test_a_long_reply_caption_stays_in_the_window(talk_probe: dict[str, Any]) -> None:
    """At 800x480 a reply longer than three caption lines is cut at a word with an ellipsis,
    and the text drawn fits the caption's box above the bottom edge of the window."""
    text, reply = talk_probe["caption_text"], talk_probe["long_reply"]
    assert text.endswith("…") and reply.startswith(text[:-1].rstrip(",")) and len(text) > 60
    bottom, top, drawn_height, box_height = talk_probe["caption_box"]
    assert bottom >= 0 and drawn_height <= box_height and top - bottom == box_height


SHORT_FORM = "Large · dark · 3 shots · soy (a little) · brown sugar (lots)"


@pytest.mark.parametrize("size", ["800x480", "1280x720"])
def test_made_to_order_chips_and_the_lines_that_name_the_choices(
    xvfb: str, start_api: Any, tmp_path: Path, size: str
) -> None:
    """The item screen's chips at both sizes: a row per choice, defaults lit, big enough for a
    finger, inside the window; pressed one by one they make the line the store holds, and the
    cart, confirm and tracking lines name the choices in short form."""
    api: ApiServer = start_api()
    run = run_ui(SCRIPTS / "made_to_order.yaml", api.url, tmp_path / "shots", size=size)
    assert run.returncode == 0, run.output
    fallbacks = [ln for ln in run.output.splitlines() if "sent as commands:" in ln]
    assert all("'add'" not in ln for ln in fallbacks), fallbacks  # the chips were pressed
    report = run.report
    assert report["failed"] == 0 and len(report["summary"]["orders"]) == 1
    assert report["turns"][2]["line"]["options"]["sweetener"] == "brown sugar"
    _results, item, cart, chosen, confirm, tracking = run.layouts()
    small = size == "800x480"
    for layout in (item, cart, chosen, confirm, tracking):
        assert not outside_window(layout), outside_window(layout)
        assert not overlapping_buttons(layout), overlapping_buttons(layout)
    shown = texts(item)
    assert {"Size", "Roast", "Shots", "Milk"} <= set(shown) and "Triple +¥4" in shown
    lit = {(m["group"], m["value"]) for m in messages(item, "ChooseOption") if m["selected"]}
    assert {("roast", "medium"), ("shots", "double"), ("milk", "whole")} <= lit  # defaults
    assert [m["sku_id"] for m in messages(item, "ChooseVariant") if m["selected"]]
    chips = [w for w in item["widgets"] if w.get("message", {}).get("type") == "ChooseOption"]
    assert len(chips) >= 10
    if small:
        assert all(min(w["box"][2], w["box"][3]) >= MIN_TOUCH_PX - 0.5 for w in chips)
    assert "¥30.00" in shown
    assert "¥42.00" in texts(chosen)  # 34 (large) + 4 (triple) + 3 (soy) + 1 (brown sugar)
    lit = {(m["group"], m["value"]) for m in messages(chosen, "ChooseOption") if m["selected"]}
    assert ("sweetener", "brown sugar") in lit or ("sweetener_amount", "extra") in lit
    for layout in (cart, confirm, tracking):
        assert SHORT_FORM in texts(layout), (layout["screen"], texts(layout))


def test_no_pin_keypad_while_driving_the_pin_is_said(
    xvfb: str, start_api: Any, tmp_path: Path
) -> None:
    """Issue 11, defect 13: the keypad is manual entry, refused while driving; it must not be
    on screen at all then (not even with dead keys), only a line saying to say the PIN."""
    api: ApiServer = start_api()
    run = run_ui(SCRIPTS / "driving_pin.yaml", api.url, tmp_path / "shots")
    assert run.returncode == 0, run.output
    layouts = run.layouts()
    parked, moving, asked_moving = layouts[2], layouts[3], layouts[7]
    assert set("0123456789") <= {m["key"] for m in messages(parked, "PinKey")}
    assert "Enter the PIN to place this order" in texts(parked)
    for layout in (moving, asked_moving):
        assert layout["restricted"]
        assert messages(layout, "PinKey") == []
        assert "Enter the PIN to place this order" not in texts(layout)
        assert "Say your PIN" in texts(layout)
    assert len(run.report["summary"]["orders"]) == 1
