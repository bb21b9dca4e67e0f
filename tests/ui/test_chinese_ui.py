"""The head unit under zh-CN, driven through its real widgets by `incar ui --lang zh-CN
--script` under Xvfb: what a Chinese-speaking demoer sees on every screen is Chinese.

A label counts as Chinese when it has a CJK character; labels that are only a number, a
price, a time or an icon glyph are in no language and are not counted."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.servers import ApiServer, incar_command
from tests.ui.conftest import SCRIPTS, UiRun
from tests.ui.test_booking_screens import booking_by_taps

pytestmark = pytest.mark.ui

CJK = re.compile("[\u4e00-\u9fff]")
LATIN_WORD = re.compile("[A-Za-z]{2,}")
SCREENS = [
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


def run_chinese_ui(script: Path, api_url: str, shots: Path, size: str) -> UiRun:
    args = ["ui", "--api", api_url, "--script", str(script), "--screenshots", str(shots)]
    args += ["--exit-when-done", "--size", size, "--no-voice", "--lang", "zh-CN"]
    proc = subprocess.run(
        incar_command(*args), capture_output=True, text=True, timeout=240, check=False
    )
    return UiRun(proc.returncode, proc.stdout + proc.stderr, shots)


def worded(layout: dict[str, Any]) -> list[str]:
    """The visible labels that have words in them (not only figures, prices or glyphs)."""
    shown = [str(w["text"]).strip() for w in layout["widgets"] if w.get("text")]
    return [text for text in shown if CJK.search(text) or LATIN_WORD.search(text)]


def chinese_share(layout: dict[str, Any]) -> float:
    labels = worded(layout)
    return sum(bool(CJK.search(text)) for text in labels) / max(1, len(labels))


@pytest.mark.parametrize("size", ["800x480", "1280x720"])
def test_every_screen_is_chinese(xvfb: str, start_api: Any, tmp_path: Path, size: str) -> None:
    api: ApiServer = start_api()
    run = run_chinese_ui(SCRIPTS / "touch_order.yaml", api.url, tmp_path / "shots", size)
    assert run.returncode == 0, run.output
    layouts = run.layouts()
    assert [layout["screen"] for layout in layouts] == SCREENS
    for layout in layouts:
        share = chinese_share(layout)
        english = [t for t in worded(layout) if not CJK.search(t)]
        assert share >= 0.8, f"{layout['screen']}: {share:.0%} Chinese; English: {english}"
    home, results, item, cart, confirm, tracking, orders, profiles, settings = (
        " | ".join(worded(layout)) for layout in layouts
    )
    assert "为您推荐" in home and "分类" in home
    assert "拿铁" in results and "加入购物车" in item
    # the latte's shop by its Chinese name on the tiles and the item screen (the store's
    # description, English only, may still mention it)
    for layout in layouts[1:3]:
        labels = worded(layout)
        assert "河畔咖啡烘焙坊" in labels and "Riverside Coffee Roasters" not in labels, labels
    assert "购物车 · 2件" in cart and "去结算" in cart
    assert "确认订单" in confirm and "提交订单" in confirm and "支付宝" in confirm
    assert "已下单" in tracking and "取消订单" in tracking
    assert "我的订单" in orders and "再来一单" in orders
    assert "谁在下单?" in profiles and "设置" in settings
    keep = os.environ.get("INCAR_ZH_SHOTS")
    if keep:  # for a person to look at: INCAR_ZH_SHOTS=/some/folder
        shutil.copytree(run.shots, Path(keep) / size, dirs_exist_ok=True)


def test_the_settings_switch_changes_the_screen_and_the_next_reply(
    xvfb: str, start_api: Any
) -> None:
    """A real window: tap Settings, tap 中文, then English; after each tap the screen and the
    reply to the next spoken request are in the language chosen."""
    api: ApiServer = start_api()
    proc = subprocess.run(
        [sys.executable, "-m", "tests.ui.language_switch_probe", api.url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    chinese, english = seen["steps"]
    assert chinese["lang"] == "zh" and chinese["app_lang"] == "zh"
    assert chinese["layout"]["screen"] == "settings"
    assert chinese_share(chinese["layout"]) >= 0.8, worded(chinese["layout"])
    assert "设置" in worded(chinese["layout"])
    assert CJK.search(chinese["reply"]), chinese["reply"]
    assert english["app_lang"] == "en" and english["layout"]["screen"] == "settings"
    assert not any(CJK.search(text) for text in worded(english["layout"]) if text != "中文")
    assert "Display" in worded(english["layout"])
    assert english["reply"].startswith("You can say:"), english["reply"]


BOOKING_BY_TAPS = booking_by_taps("上午十点。要预约吗?")


@pytest.mark.parametrize("size", ["800x480", "1280x720"])
def test_booking_screens_and_replies_are_chinese(
    xvfb: str, start_api: Any, tmp_path: Path, size: str
) -> None:
    """Services, booking and the history under zh-CN: Chinese labels (shop names are the
    store's own), day chips as 12月5日 周六, and the read-back and booking said in Chinese."""
    import yaml

    api: ApiServer = start_api()
    script = tmp_path / "book.yaml"
    script.write_text(yaml.safe_dump(BOOKING_BY_TAPS, allow_unicode=True), encoding="utf-8")
    run = run_chinese_ui(script, api.url, tmp_path / "shots", size)
    assert run.returncode == 0, run.output
    layouts = run.layouts()
    for layout in layouts:
        share = chinese_share(layout)
        english = [t for t in worded(layout) if not CJK.search(t)]
        assert share >= 0.8, f"{layout['screen']}: {share:.0%} Chinese; English: {english}"
    day_chips = worded(layouts[2])  # the day chips are among its labels
    assert any(re.fullmatch(r"\d{1,2}月\d{1,2}日 周[一二三四五六日]", t) for t in day_chips), (
        day_chips
    )
    replies = [turn["reply"] for turn in run.report["turns"]]
    assert replies[4].startswith("已预约:") and all(CJK.search(r) for r in replies)
    assert "已预约" in " | ".join(worded(layouts[5]))
    # the dealer by its Chinese name on the services tile, the booking screen and the history
    for screen in (layouts[0], layouts[1], layouts[5]):
        shown = " | ".join(worded(screen))
        assert "长安福特浦东4S店" in shown and "Changan Ford" not in shown, shown
