"""The head unit's pure view decisions, without a window."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from car_ui.app import parse_size
from car_ui.vehicle import Operator, VehicleState
from incar.errors import IncarError


def test_window_sizes_of_the_supported_screens_scale_from_the_7_inch_panel() -> None:
    from car_ui.views.theme import scale_for

    assert scale_for(*parse_size("800x480")) == 1.0
    assert scale_for(*parse_size("1280x720")) == 1.5
    assert scale_for(*parse_size("1920x720")) == 1.5
    assert scale_for(*parse_size("1024x600")) == 1.25


@pytest.mark.parametrize("size", ["big", "800", "800x", "320x200"])
def test_bad_sizes_are_explained(size: str) -> None:
    with pytest.raises(IncarError, match="size"):
        parse_size(size)


def test_suggestions_follow_the_time_of_day_and_the_drive() -> None:
    from car_ui.views.parts import suggestions

    morning = [t[0] for t in suggestions(8, moving=False, cart_count=0)]
    evening_moving = [t[0] for t in suggestions(20, moving=True, cart_count=0)]
    assert "Latte" in morning and "Car wash" in morning
    assert "Flat white" in evening_moving and "Water" in evening_moving
    assert "Car wash" not in evening_moving
    assert suggestions(8, moving=False, cart_count=3)[-1][3] == "3 items ready"


def test_store_statuses_land_on_the_tracking_steps() -> None:
    from car_ui.views.parts import ORDER_STEPS, step_index

    labels = [label for _name, label, _icon in ORDER_STEPS]
    assert labels[step_index("created")] == "Placed"
    assert labels[step_index("preparing")] == "Preparing"
    assert labels[step_index("shipped")] == labels[step_index("ready")]
    assert labels[step_index("completed")] == "Delivered"
    assert step_index("cancelled") == -1


def test_chinese_language_puts_the_chinese_title_first() -> None:
    from car_ui.views.parts import display_title

    assert display_title("Latte", "拿铁", "zh") == ("拿铁", "Latte", True)
    assert display_title("Latte", "拿铁", "en") == ("Latte", "拿铁", False)
    assert display_title("Latte", "", "zh") == ("Latte", "", False)


def test_a_shop_is_named_in_chinese_under_zh_cn_and_in_english_otherwise() -> None:
    from car_ui.views.parts import shop_name
    from core.state import ResultTile

    tile = ResultTile(
        item_id=1,
        title="Oolong Tea",
        title_zh="乌龙茶",
        price_fen=2200,
        currency="CNY",
        shop="Tea Garden House",
        category="Coffee and tea",
        in_stock=True,
        shop_zh="茶园小馆",
    )
    assert shop_name(tile, "zh") == "茶园小馆"
    assert shop_name(tile, "en") == "Tea Garden House"
    older_store = ResultTile(**{**tile.__dict__, "shop_zh": ""})
    assert shop_name(older_store, "zh") == "Tea Garden House"


def test_status_bar_says_what_the_safety_rules_depend_on() -> None:
    from car_ui.views.head_unit import vehicle_summary

    assert vehicle_summary(VehicleState()) == "Parked"
    assert vehicle_summary(VehicleState(speed_kmh=60, gear="D")) == "60 km/h · D"
    moving_passenger = VehicleState(speed_kmh=60, gear="D", operator=Operator.PASSENGER)
    assert vehicle_summary(moving_passenger).endswith("passenger")
    autonomous = VehicleState(speed_kmh=90, gear="D", autonomous=True)
    assert vehicle_summary(autonomous).endswith("autonomous")


@pytest.fixture
def in_shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The head unit's clock set to Shanghai (UTC+8), as in a car sold in China."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("in_shanghai")
def test_a_pickup_order_says_where_and_when_and_ends_picked_up() -> None:
    from car_ui.views.parts import PICKUP_STEPS, pickup_line, status_label
    from core.state import OrderView

    order = OrderView(
        order_id=7,
        status="preparing",
        total_fen=3200,
        currency="CNY",
        lines=(),
        created_at="2026-12-05T07:00:00Z",
        delivery_mode="pickup",
        pickup_place="Morning Bakery",
        pickup_place_zh="晨光面包",
        ready_by="2026-12-05T07:05:00Z",  # 15:05 in Shanghai
    )
    assert pickup_line(order, "en") == "Pick up at Morning Bakery  ·  ready by 15:05"
    assert "晨光面包" in pickup_line(order, "zh") and "Morning" not in pickup_line(order, "zh")
    ready = OrderView(**{**order.__dict__, "status": "ready"})
    assert pickup_line(ready, "en") == "Pick up at Morning Bakery"
    delivered = OrderView(**{**order.__dict__, "delivery_mode": "to_vehicle"})
    assert pickup_line(delivered, "en") == ""
    assert status_label("completed", pickup=True) == "Picked up"
    assert status_label("completed") == "Delivered"
    assert [label for _key, label, _glyph in PICKUP_STEPS][2:] == ["Ready for pickup", "Picked up"]


def test_a_chinese_chip_is_wider_than_an_english_one_of_as_many_characters() -> None:
    """A chip too narrow for its label wraps it, and Chinese, having no spaces, breaks
    mid-word (单份浓 / 缩): a Chinese character takes a full em, a Latin one about 0.6."""
    from car_ui.views.parts import chip_width

    assert chip_width("单份浓缩") > chip_width("Oats")
    assert chip_width("单份浓缩") >= 4 * 16 + 20  # four 16 px characters and the padding
    assert chip_width("尾号4242的Visa卡", font_size=14) > chip_width("Visa ending 42", font_size=14)
    # English chips stay about as wide as they were (77.5 and 172.5 design px)
    assert 75 <= chip_width("Small") <= 85
    assert 165 <= chip_width("Extra large +¥7") <= 185


@pytest.fixture
def in_chinese() -> Iterator[None]:
    from car_ui import i18n

    i18n.set_language(i18n.CHINESE)
    yield
    i18n.set_language(i18n.ENGLISH)


@pytest.mark.usefixtures("in_chinese")
def test_the_chinese_greeting_names_the_profile_in_chinese() -> None:
    from car_ui.views.parts import greeting

    assert greeting(20, "passenger") == "晚上好,乘客"
    assert greeting(9, "driver") == "早上好,驾驶员"
    assert greeting(20, "") == "晚上好"


def test_an_unexpected_error_says_try_again_and_logs_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from car_ui.views.head_unit import error_toast

    try:
        raise KeyError("missing")
    except KeyError as error:
        shown = error_toast(error)
    assert shown == "Something went wrong. Please try again."
    assert "Traceback" in caplog.text and "KeyError" in caplog.text
    assert error_toast(IncarError("The store is busy.")) == "The store is busy."


@pytest.mark.usefixtures("in_chinese")
def test_an_unexpected_error_says_try_again_in_chinese() -> None:
    from car_ui.views.head_unit import error_toast

    assert error_toast(ValueError("bad")) == "出错了,请再试一次。"
