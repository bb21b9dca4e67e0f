"""Colours, fonts, icons and sizing of the head unit.

A centre screen is read at arm's length in a moving car, at night as often as in the sun: a
dark night palette is the default, a light day palette is one tap away, and every size is
expressed in "units" that scale with the window height so that an 800x480 panel and a
1920x720 one show the same layout with touch targets of at least 48 px.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from kivy.event import EventDispatcher
from kivy.properties import ColorProperty

from car_ui.assets import icon_font

CJK_FONT_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
)
# The layout is designed for the 7-inch Raspberry Pi panel and scaled from there.
BASE_HEIGHT = 480


@dataclass(frozen=True)
class Palette:
    """RGBA colours (0..1) a screen needs; names say what they are for, not what they look like."""

    background: tuple[float, float, float, float]
    surface: tuple[float, float, float, float]
    surface_raised: tuple[float, float, float, float]
    pressed: tuple[float, float, float, float]
    text: tuple[float, float, float, float]
    text_dim: tuple[float, float, float, float]
    accent: tuple[float, float, float, float]
    accent_text: tuple[float, float, float, float]
    warning: tuple[float, float, float, float]
    danger: tuple[float, float, float, float]
    success: tuple[float, float, float, float]
    scrim: tuple[float, float, float, float]


def _rgb(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


NIGHT = Palette(
    background=_rgb("0b0d10"),
    surface=_rgb("171a1f"),
    surface_raised=_rgb("23272e"),
    pressed=_rgb("343a44"),
    text=_rgb("f2f4f7"),
    text_dim=_rgb("9aa3ae"),
    accent=_rgb("ff6a00"),
    accent_text=_rgb("ffffff"),
    warning=_rgb("f5b301"),
    danger=_rgb("ff4d4f"),
    success=_rgb("34c77b"),
    scrim=_rgb("000000", 0.72),
)

DAY = Palette(
    background=_rgb("eef0f3"),
    surface=_rgb("ffffff"),
    surface_raised=_rgb("e3e6eb"),
    pressed=_rgb("cfd4db"),
    text=_rgb("14171c"),
    text_dim=_rgb("5b6470"),
    accent=_rgb("e85d00"),
    accent_text=_rgb("ffffff"),
    warning=_rgb("b07d00"),
    danger=_rgb("d92d20"),
    success=_rgb("16884a"),
    scrim=_rgb("10141a", 0.6),
)

PALETTES = {"night": NIGHT, "day": DAY}


class ThemeColors(EventDispatcher):
    """The live palette the kv rules bind to (`app.theme.accent`...).

    kv bindings only follow Kivy properties, so switching night/day copies a Palette into
    these properties instead of swapping a plain object (which no rule would notice).
    """

    background = ColorProperty(NIGHT.background)
    surface = ColorProperty(NIGHT.surface)
    surface_raised = ColorProperty(NIGHT.surface_raised)
    pressed = ColorProperty(NIGHT.pressed)
    text = ColorProperty(NIGHT.text)
    text_dim = ColorProperty(NIGHT.text_dim)
    accent = ColorProperty(NIGHT.accent)
    accent_text = ColorProperty(NIGHT.accent_text)
    warning = ColorProperty(NIGHT.warning)
    danger = ColorProperty(NIGHT.danger)
    success = ColorProperty(NIGHT.success)
    scrim = ColorProperty(NIGHT.scrim)

    def apply(self, palette: Palette) -> None:
        """Copy a palette in, `text` first, then re-announce every other colour.

        The catch-all `<Label>` rule binds every label's colour to `text`; a label with its own
        colour rule (dim, accent, white on the voice overlay) must be re-evaluated after it,
        even when that colour is the same in both palettes (a property that does not change
        does not notify).
        """
        colours = asdict(palette)
        self.text = colours.pop("text")
        for name, value in colours.items():
            setattr(self, name, value)
            self.property(name).dispatch(self)


# Material Design Icons codepoints (car_ui/assets/fonts, Apache-2.0) for the glyphs the screens use.
ICONS = {
    "microphone": 0xF036C,
    "microphone-off": 0xF036D,
    "cart": 0xF0110,
    "home": 0xF02DC,
    "magnify": 0xF0349,
    "coffee": 0xF0176,
    "croissant": 0xF07C8,
    "basket": 0xF0076,
    "car-wash": 0xF010E,
    "ev-station": 0xF05F1,
    "flower": 0xF024A,
    "account": 0xF0004,
    "account-switch": 0xF0019,
    "cog": 0xF0493,
    "history": 0xF02DA,
    "truck": 0xF053E,
    "map-marker": 0xF034E,
    "check-circle": 0xF05E0,
    "close": 0xF0156,
    "back": 0xF0141,
    "minus": 0xF0374,
    "plus": 0xF0415,
    "credit-card": 0xF0FEF,
    "lock": 0xF033E,
    "steering": 0xF04D4,
    "speedometer": 0xF04C5,
    "shield-car": 0xF0F83,
    "night": 0xF0594,
    "day": 0xF05A8,
    "receipt": 0xF0449,
    "store": 0xF04DC,
    "star": 0xF04CE,
    "package": 0xF03D6,
    "delete": 0xF01B4,
    "refresh": 0xF0450,
    "water": 0xF01AB,
    "tea": 0xF0D9E,
    "car-battery": 0xF010C,
    "charger": 0xF1397,
    "food": 0xF025A,
    "alert": 0xF05D6,
    "backspace": 0xF0B5C,
    "clock": 0xF0150,
    "calendar": 0xF00ED,
    "car-cog": 0xF13CC,
    "shopping": 0xF049A,
    "bottle": 0xF1072,
    "sprout": 0xF0E66,
    "grid": 0xF0570,
    "car": 0xF07AB,
    "translate": 0xF05CA,
}

# Keyword → icon, for category names and titles the catalog uses; first match wins.
_ICON_KEYWORDS = (
    ("coffee", "coffee"),
    ("latte", "coffee"),
    ("americano", "coffee"),
    ("cappuccino", "coffee"),
    ("flat white", "coffee"),
    ("tea", "tea"),
    ("bakery", "croissant"),
    ("croissant", "croissant"),
    ("muffin", "croissant"),
    ("sandwich", "food"),
    ("snack", "food"),
    ("food", "food"),
    ("meal", "food"),
    ("water", "water"),
    ("juice", "bottle"),
    ("drink", "bottle"),
    ("beverage", "bottle"),
    ("grocer", "basket"),
    ("fresh", "sprout"),
    ("flower", "flower"),
    ("rose", "flower"),
    ("gift", "flower"),
    ("wash", "car-wash"),
    ("fluid", "car-cog"),
    ("service", "car-cog"),
    ("maintenance", "car-cog"),
    ("charging", "ev-station"),
    ("ev", "ev-station"),
    ("charger", "charger"),
    ("electronic", "charger"),
    ("phone", "charger"),
    ("accessor", "car"),
)


def icon(name: str) -> str:
    """The glyph for an icon name, to put in a Label that uses the icon font."""
    return chr(ICONS[name])


def icon_for(*words: str) -> str:
    """A fitting glyph for a category or title; a shopping bag when nothing matches."""
    text = " ".join(words).lower()
    for keyword, name in _ICON_KEYWORDS:
        if keyword in text.split() or (len(keyword) > 3 and keyword in text):
            return icon(name)
    return icon("shopping")


def scale_for(width: int, height: int) -> float:
    """Units per design pixel: the height decides, except on narrow windows where width does."""
    return max(0.75, min(height / BASE_HEIGHT, width / 800))


def register_fonts() -> bool:
    """Register the icon font and the CJK font with Kivy; False when no CJK font is installed.

    Chinese titles fall back to the default font (empty boxes) without the CJK font, so the
    caller can warn the demoer instead of showing broken text silently.
    """
    from kivy.core.text import LabelBase

    LabelBase.register(name="Icons", fn_regular=str(icon_font()))
    for candidate in CJK_FONT_CANDIDATES:
        if candidate.exists():
            LabelBase.register(name="CJK", fn_regular=str(candidate))
            return True
    LabelBase.register(name="CJK", fn_regular="data/fonts/Roboto-Regular.ttf")
    return False
