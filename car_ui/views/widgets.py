"""Reusable touch widgets of the head unit; their look lives in kv/widgets.kv.

Every tappable widget carries a typed `message` (`Open(Screen.CART)`, `Add()`, `Pick(2)`; see
car_ui.touch and car_ui.views.messages). A tap posts it up the widget tree to the first
`MessageSink` (the head unit); the script player and the benchmarks find the real widget to
touch by its message, so scripted runs press exactly what a person would press.
"""

from __future__ import annotations

import io
from typing import Any, Protocol, runtime_checkable

from kivy.animation import Animation
from kivy.app import App
from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.core.text import Label as CoreLabel
from kivy.graphics.texture import Texture
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from car_ui import pictures
from car_ui.views.messages import Message


@runtime_checkable
class MessageSink(Protocol):
    """What handles the messages of the widgets inside it (the head unit)."""

    def receive(self, message: Message) -> None: ...


def post(widget: Widget, message: Message | None) -> None:
    """Hand a tapped widget's message to the nearest sink above it."""
    if message is None:
        return
    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, MessageSink):
            node.receive(message)
            return
        node = node.parent


class Pressable(ButtonBehavior, BoxLayout):
    """Anything tappable: a rounded surface that turns its pressed colour on touch down, so the
    driver sees the tap registered before the session has answered."""

    message = ObjectProperty(None, allownone=True)
    role = OptionProperty("plain", options=["plain", "accent", "danger", "ghost"])
    selected = BooleanProperty(False)
    enabled = BooleanProperty(True)

    def on_touch_down(self, touch: object) -> bool:
        if not self.enabled:
            return bool(self.collide_point(*touch.pos))  # type: ignore[attr-defined]
        return bool(super().on_touch_down(touch))

    def on_release(self) -> None:
        post(self, self.message)


class TapButton(Pressable):
    """A large button: optional icon glyph and a label."""

    icon = StringProperty("")
    text = StringProperty("")
    font_size = NumericProperty(0)
    text_font = StringProperty("Roboto")
    fg = ListProperty([1, 1, 1, 1])


class NavButton(Pressable):
    """A button of the side rail; `badge` shows a count (the cart)."""

    icon = StringProperty("")
    text = StringProperty("")
    badge = NumericProperty(0)

    def on_badge(self, _instance: object, value: float) -> None:
        """Pop the badge when the count goes up, so a spoken "add two" is noticed at a glance."""
        if value:
            badge = self.ids.get("badge")
            if badge is not None:
                units = float(App.get_running_app().u)
                Animation.cancel_all(badge)
                badge.font_size = units * 22
                Animation(font_size=units * 14, duration=0.3, t="out_back").start(badge)


class ResultCard(Pressable):
    """A search result tile (a RecycleView view class, filled from a dict of these fields)."""

    item_id = NumericProperty(0)
    glyph = StringProperty("")
    title = StringProperty("")
    subtitle = StringProperty("")
    price = StringProperty("")
    shop = StringProperty("")
    in_stock = BooleanProperty(True)
    cjk = BooleanProperty(False)


class IconLabel(Label):
    """A glyph from the Material Design Icons font."""


class ItemPicture(FloatLayout):
    """An item's product picture, with its icon glyph in its place until the picture has come
    (and for good when the store cannot be reached). Setting `item_id` asks the picture cache,
    which fetches off the main thread; a recycled tile that shows another item by the time
    the picture arrives ignores it."""

    item_id = NumericProperty(0)
    glyph = StringProperty("")
    glyph_color = ListProperty([1, 1, 1, 1])
    picture_size = NumericProperty(pictures.TILE_SIZE)
    align = OptionProperty("center", options=["left", "center"])
    texture = ObjectProperty(None, allownone=True)

    def on_item_id(self, *_args: Any) -> None:
        self._ask()

    def on_picture_size(self, *_args: Any) -> None:
        self._ask()

    def _ask(self) -> None:
        self.texture = None
        cache = _picture_cache()
        if cache is None or self.item_id <= 0:
            return
        wanted = (int(self.item_id), int(self.picture_size))
        picture = cache.request(*wanted, lambda got: self._arrived(wanted, got))
        if picture is not None:
            self.texture = _texture(picture)

    def _arrived(self, wanted: tuple[int, int], picture: pictures.Picture) -> None:
        if wanted == (int(self.item_id), int(self.picture_size)):
            self.texture = _texture(picture)


def _picture_cache() -> pictures.PictureCache | None:
    """The signed-in session's picture cache; None before sign-in (nothing to show yet)."""
    session = getattr(App.get_running_app(), "session", None)
    if session is None:
        return None
    return pictures.shared(session.client, lambda job: Clock.schedule_once(lambda _dt: job()))


def _texture(picture: pictures.Picture) -> Texture | None:
    """The picture's texture, loaded on the main thread once per picture (None, and the icon
    stays, for bytes that are no image)."""
    if picture.texture is None:
        try:
            picture.texture = CoreImage(io.BytesIO(picture.png), ext="png").texture
        except Exception:  # Kivy's loaders raise what their libraries raise
            return None
    texture: Texture = picture.texture
    return texture


class Stepper(BoxLayout):
    """[-] n [+]; the owner decides what a step means through the two buttons' messages."""

    value = NumericProperty(1)
    minimum = NumericProperty(1)
    minus_message = ObjectProperty(None, allownone=True)
    plus_message = ObjectProperty(None, allownone=True)
    enabled = BooleanProperty(True)
    button_size = NumericProperty(56)  # design pixels; rows in a list use smaller buttons


class Toast(Label):
    """A short message under the status bar and the safety banner (never over them) that
    fades out by itself; a long one wraps to the width of the screen area."""

    kind = OptionProperty("info", options=["info", "error"])
    max_width = NumericProperty(0)
    _hide_event = None

    def show(self, text: str, kind: str = "info", seconds: float = 3.5) -> None:
        self.text_size = (None, None)
        self.text = text
        self.kind = kind
        self.texture_update()
        if self.texture_size[0] > self.max_width > 0:
            self.text_size = (self.max_width, None)
        Animation.cancel_all(self, "opacity")
        self.opacity = 1
        if self._hide_event is not None:
            self._hide_event.cancel()
        self._hide_event = Clock.schedule_once(self._fade, seconds)

    def _fade(self, _dt: float) -> None:
        Animation(opacity=0, duration=0.4).start(self)

    def hide(self) -> None:
        """Gone at once: the screen it was about has been left."""
        if self._hide_event is not None:
            self._hide_event.cancel()
            self._hide_event = None
        Animation.cancel_all(self, "opacity")
        self.opacity = 0


class BusySpinner(Widget):
    """A rotating arc shown while a command is on its way to the store."""

    angle = NumericProperty(0)
    active = BooleanProperty(False)

    def on_active(self, _instance: object, active: bool) -> None:
        Animation.cancel_all(self, "angle")
        if active:
            self.angle = 0
            anim = Animation(angle=360, duration=0.9)
            anim.repeat = True
            anim.start(self)


class ModalLayer(FloatLayout):
    """A full-window layer (the PIN pad) that takes every touch while active and none while
    hidden; a merely disabled layer would still swallow the touches meant for the screen."""

    active = BooleanProperty(False)

    def on_touch_down(self, touch: Any) -> bool:
        if not self.active:
            return False
        super().on_touch_down(touch)
        return True

    def on_touch_move(self, touch: Any) -> bool:
        return bool(self.active and super().on_touch_move(touch))

    def on_touch_up(self, touch: Any) -> bool:
        return bool(self.active and super().on_touch_up(touch))


class CaptionLabel(Label):
    """A reply caption kept to `max_lines` lines: as many whole words as fit, then "…".

    Kivy's own `shorten` works on one line only and `max_lines` drops the rest without a
    mark, so the fit is measured here with the label's font at its current width.
    """

    full_text = StringProperty("")

    def on_full_text(self, *_args: Any) -> None:
        self._fit()

    def on_width(self, *_args: Any) -> None:
        self._fit()

    def _fit(self) -> None:
        words = self.full_text.split()
        if self.width < 2 or not words or self._fits(self.full_text):
            self.text = self.full_text
            return
        low, high = 0, len(words) - 1  # the longest prefix that fits has `low` words
        while low < high:
            middle = (low + high + 1) // 2
            if self._fits(" ".join(words[:middle]) + "…"):
                low = middle
            else:
                high = middle - 1
        self.text = " ".join(words[:low]).rstrip(",;:") + "…"

    def _fits(self, text: str) -> bool:
        def height(sample: str) -> float:
            core = CoreLabel(
                text=sample,
                font_size=self.font_size,
                font_name=self.font_name,
                bold=self.bold,
                text_size=(self.width, None),
                line_height=self.line_height,
            )
            core.refresh()
            return float(core.texture.size[1])

        return height(text) <= height("Ag") * self.max_lines + 1


class VoiceOverlay(FloatLayout):
    """The talk-button overlay: listening pulse, live transcript, then the reply as a caption.

    It never blocks the screen: touches pass through, except a tap on the caption strip,
    which dismisses it.
    """

    listening = BooleanProperty(False)
    transcript = StringProperty("")
    caption = StringProperty("")
    shown = BooleanProperty(False)
    _hide_event = None

    def present(self, *, listening: bool, transcript: str = "", caption: str = "") -> None:
        self.listening = listening
        self.transcript = transcript
        self.caption = caption
        self.shown = True
        if self._hide_event is not None:
            self._hide_event.cancel()
            self._hide_event = None

    def linger(self, seconds: float) -> None:
        """Keep the caption up while the reply is spoken, then get out of the way."""
        if self._hide_event is not None:
            self._hide_event.cancel()
        self._hide_event = Clock.schedule_once(lambda _dt: self.dismiss(), seconds)

    def dismiss(self) -> None:
        self.shown = False
        self.listening = False

    def on_touch_down(self, touch: Any) -> bool:
        strip = self.ids.strip
        if self.shown and not self.listening and strip.collide_point(*touch.pos):
            self.dismiss()
            return True
        return False

    def on_touch_move(self, touch: Any) -> bool:
        return False

    def on_touch_up(self, touch: Any) -> bool:
        return False


class PinPad(BoxLayout):
    """A 3x4 keypad; digits are shown as dots and sent as one ENTER_PIN command."""

    digits = StringProperty("")
    length = NumericProperty(4)
    title = StringProperty("")

    def press(self, key: str) -> None:
        if key == "back":
            self.digits = self.digits[:-1]
        elif len(self.digits) < self.length:
            self.digits += key


class MicButton(ButtonBehavior, BoxLayout):
    """The round talk button at the bottom of the rail (and the F2/space key stand-in)."""

    message = ObjectProperty(None, allownone=True)
    listening = BooleanProperty(False)

    def on_release(self) -> None:
        post(self, self.message)
