"""Product pictures on the head unit, under Xvfb against the real store: a rose bouquet's
picture, not the icon font's flower, on the results tile, the item screen, the cart line and
the tracking line.

Checked on the screenshots as a person would see them: inside each picture widget's box, the
flowers' pink plate and the roses' red. The icon the screens show until a picture arrives is
an orange glyph on the dark card, with neither colour.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.servers import ApiServer
from tests.ui.conftest import run_ui

pytestmark = pytest.mark.ui

# Every screen is shown twice: the second time, the picture fetched the first time is there.
SCRIPT = """
vehicle: {speed_kmh: 0, gear: P}
profile: passenger
turns:
  - tap: {action: type_search, text: roses}
  - tap: {action: type_search, text: roses}
    expect: {screen: results}
  - tap: {action: pick, index: 1}
  - tap: {action: open, screen: item}
    expect: {screen: item}
  - tap: {action: add, quantity: 1}
  - tap: {action: open, screen: cart}
    expect: {screen: cart, cart_count: 1}
  - tap: {action: checkout}
  - tap: {action: confirm}
  - tap: {action: open, screen: tracking}
    expect: {screen: tracking}
"""
CHECKED_TURNS = {2: "results", 4: "item", 6: "cart", 9: "tracking"}
PINK_PLATE = (249, 225, 232)  # the flowers and gifts plate, #f9e1e8


def _pixels(shot: Path, box: list[float], *, left: bool) -> list[tuple[int, int, int]]:
    """The screenshot's pixels of the square a picture widget draws in its window box (origin
    bottom left): as tall as the box, at its left edge on a tile, centred elsewhere."""
    image = Image.open(shot).convert("RGB")
    x, y, width, height = box
    side = min(width, height)
    left_x = x if left else x + (width - side) / 2
    top = image.height - (y + (height + side) / 2)
    square = (round(left_x), round(top), round(left_x + side), round(top + side))
    return list(image.crop(square).getdata())


def _share(pixels: list[tuple[int, int, int]], test: Any) -> float:
    return sum(1 for p in pixels if test(*p)) / max(1, len(pixels))


def _is_plate(r: int, g: int, b: int) -> bool:
    return all(abs(c - p) <= 6 for c, p in zip((r, g, b), PINK_PLATE, strict=True))


def _is_rose(r: int, g: int, b: int) -> bool:
    return r > 170 and g < 90 and b < 110


@pytest.mark.parametrize("size", ["800x480", "1280x720"])
def test_roses_show_their_picture_on_every_screen(
    xvfb: str, start_api: Any, tmp_path: Path, size: str
) -> None:
    api: ApiServer = start_api()
    script = tmp_path / "pictures.yaml"
    script.write_text(SCRIPT)
    run = run_ui(script, api.url, tmp_path / "shots", size=size)
    assert run.returncode == 0, run.output[-3000:]
    layouts = {layout["turn"]: layout for layout in run.layouts()}
    for turn, screen in CHECKED_TURNS.items():
        layout = layouts[turn]
        assert layout["screen"] == screen
        boxes = [w["box"] for w in layout["widgets"] if w["cls"] == "ItemPicture"]
        assert boxes, f"no picture on {screen}"
        shot = run.shots / f"turn-{turn:02d}-{screen}.png"
        pixels = _pixels(shot, boxes[0], left=screen == "results")
        plate, rose = _share(pixels, _is_plate), _share(pixels, _is_rose)
        assert plate > 0.3, f"{screen}: {plate:.2f} of the box is the pink plate"
        assert rose > 0.08, f"{screen}: {rose:.2f} of the box is rose red"
