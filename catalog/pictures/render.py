"""Turn a `Picture` (a family's SVG and a palette) into PNG bytes.

Each family is one hand-drawn SVG in `svg/` whose shapes name the colour they take by class
(`t` tint, `b` body, `a` accent; `ts`/`tl`/`bs`/`as` their shade and light forms; `kt`/`kb`/
`ka` the same colours as strokes). The picture's palette arrives as a style sheet, which wins
over the files' own fill attributes, so one drawing serves every latte, juice or rose colour.
resvg renders it: a pure wheel from PyPI, no system library, and the same input gives the same
bytes, which is what makes the seed and the ETags deterministic.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import resvg_py

SIZES = (64, 128, 256)  # square edge in pixels: thumbnails, tiles, the item screen
DEFAULT_SIZE = 128
_VIEWBOX = 128
_INNER = re.compile(r"<svg[^>]*>(.*)</svg>", re.DOTALL)


@dataclass(frozen=True)
class Picture:
    """What to draw: the family's drawing, its three colours and the plate behind it."""

    family: str
    tint: str
    body: str
    accent: str
    plate: str

    def key(self, size: int) -> str:
        """A content hash of everything that decides the bytes: the file name of the cache
        and the ETag of the API."""
        source = f"{resvg_py.__version__}|{size}|{style_sheet(self)}|{svg_document(self)}"
        digest = hashlib.sha256(source.encode())
        return digest.hexdigest()[:20]


def families() -> list[str]:
    """Every drawing there is, by name."""
    folder = resources.files(__package__).joinpath("svg")
    return sorted(p.name.removesuffix(".svg") for p in folder.iterdir() if p.name.endswith(".svg"))


@cache
def _drawing(family: str) -> str:
    """The shapes of a family's SVG, without its root element."""
    text = resources.files(__package__).joinpath("svg", f"{family}.svg").read_text("utf-8")
    match = _INNER.search(text)
    if match is None:
        raise ValueError(f"{family}.svg has no <svg> root element")
    return match.group(1).strip()


def _mix(colour: str, other: str, amount: float) -> str:
    """`colour` moved `amount` (0..1) of the way to `other`; both #rrggbb."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def style_sheet(picture: Picture) -> str:
    """The palette as CSS for the drawing's colour classes."""
    colours = {
        "t": picture.tint,
        "ts": _mix(picture.tint, "#000000", 0.28),
        "tl": _mix(picture.tint, "#ffffff", 0.45),
        "b": picture.body,
        "bs": _mix(picture.body, "#000000", 0.18),
        "a": picture.accent,
        "as": _mix(picture.accent, "#000000", 0.25),
    }
    rules = [f".{name}{{fill:{value}}}" for name, value in colours.items()]
    rules += [f".k{name}{{stroke:{colours[name]}}}" for name in ("t", "b", "a")]
    return "".join(rules)


def svg_document(picture: Picture) -> str:
    """The family's drawing on its rounded plate, as one SVG document. The plate is a light
    colour of the picture's category with a darker rim, so a product reads on it on the night
    theme and the plate's edge on the day theme's light cards."""
    edge = _VIEWBOX
    margin = 9
    scale = (edge - 2 * margin) / edge
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {edge} {edge}">'
        f'<rect x="1" y="1" width="{edge - 2}" height="{edge - 2}" rx="21" fill="{picture.plate}" '
        f'stroke="{_mix(picture.plate, "#000000", 0.14)}" stroke-width="2"/>'
        f'<g transform="translate({margin} {margin}) scale({scale:.5f})">'
        f"{_drawing(picture.family)}</g></svg>"
    )


def render_png(picture: Picture, size: int = DEFAULT_SIZE) -> bytes:
    """The picture as a square PNG of `size` pixels (one of SIZES)."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(map(str, SIZES))}, not {size}")
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg_document(picture),
            width=size,
            height=size,
            style_sheet=style_sheet(picture),
            skip_system_fonts=True,  # the drawings have no text; loading fonts costs 50 ms
        )
    )
