"""Presses real widgets the way a finger does, and describes what is on screen.

Scripted runs and benchmarks find a widget by the message it posts, then send a touch down and up
at its centre in window coordinates through Kivy's input dispatch, so the widget's own
collision test, pressed state and release handler all run as they would for a person.
`describe_screen` lists every visible widget with its window box and text, which is what the
UI tests check screenshots against.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any

from kivy.base import EventLoop
from kivy.input.motionevent import MotionEvent
from kivy.uix.label import Label
from kivy.uix.screenmanager import ScreenManager
from kivy.uix.scrollview import ScrollView
from kivy.uix.textinput import TextInput
from kivy.uix.widget import Widget

from car_ui.views.messages import Message

_touch_ids = itertools.count(1000)


class FingerTouch(MotionEvent):
    """A single-finger touch at window pixel coordinates."""

    def __init__(self, x: float, y: float) -> None:
        win = EventLoop.window
        super().__init__(
            "incar-script",
            next(_touch_ids),
            {"x": x / max(1.0, win.width - 1.0), "y": y / max(1.0, win.height - 1.0)},
            is_touch=True,
            type_id="touch",
        )
        self.profile = ["pos"]

    def depack(self, args: dict[str, float]) -> None:
        self.sx, self.sy = args["x"], args["y"]
        super().depack(args)


def bring_into_view(widget: Widget) -> bool:
    """Scroll the nearest ScrollView holding `widget` until it shows, as a person would swipe
    before tapping a day chip or a result that is off screen; True when it had to scroll."""
    from kivy.uix.scrollview import ScrollView

    parent = widget.parent
    while parent is not None and not isinstance(parent, ScrollView):
        if parent.parent is parent:  # the Window is its own parent: no ScrollView above
            return False
        parent = parent.parent
    if parent is None:
        return False
    x, y = widget.to_window(*widget.center)
    left, bottom = parent.to_window(parent.x, parent.y)
    if left <= x <= left + parent.width and bottom <= y <= bottom + parent.height:
        return False
    parent.scroll_to(widget, animate=False)
    return True


def press(widget: Widget) -> None:
    """Touch down at the widget's centre (its pressed state shows on the next frame)."""
    x, y = widget.to_window(*widget.center)
    touch = FingerTouch(x, y)
    widget._incar_touch = touch
    EventLoop.post_dispatch_input("begin", touch)


def release(widget: Widget) -> None:
    touch = widget._incar_touch
    EventLoop.post_dispatch_input("end", touch)


def tap(widget: Widget) -> None:
    press(widget)
    release(widget)


def _visible_children(widget: Widget) -> Iterator[Widget]:
    """Widgets a person can see: skips hidden screens, zero-size and transparent subtrees."""
    for child in widget.children:
        if child.opacity <= 0 or child.width <= 0 or child.height <= 0:
            continue
        yield child
        if isinstance(child, ScreenManager):
            current = child.current_screen
            if current is not None:
                yield current
                yield from _visible_children(current)
        else:
            yield from _visible_children(child)


def visible_widgets(root: Widget) -> Iterator[Widget]:
    return _visible_children(root)


def find_message(root: Widget, message: Message) -> Widget | None:
    """The visible, enabled widget that posts this message, or None."""
    return next(iter(find_messages(root, lambda m: m == message)), None)


def find_messages(root: Widget, wanted: Callable[[Message], bool]) -> list[Widget]:
    """The visible, enabled widgets whose message is `wanted` (e.g. every variant chip)."""
    return [
        widget
        for widget in visible_widgets(root)
        if not widget.disabled
        and getattr(widget, "enabled", True)
        and getattr(widget, "message", None) is not None
        and wanted(widget.message)
    ]


def describe_message(message: Message) -> dict[str, Any]:
    """{"type": "Open", "screen": "cart"}: a message as the layout JSON records it."""
    fields = {
        f.name: getattr(getattr(message, f.name), "value", getattr(message, f.name))
        for f in dataclasses.fields(message)
    }
    return {"type": type(message).__name__, **fields}


_MARKUP = re.compile(r"\[/?(?:font|size|b|i|color|sub|sup|u|s)(?:=[^\]]*)?\]")
_ICON_GLYPHS = re.compile("[\U000f0000-\U000fffff]")


def plain_text(label: Label) -> str:
    """A label's readable text: markup tags and icon-font glyphs removed."""
    if label.font_name == "Icons":
        return ""
    text = _MARKUP.sub("", label.text) if label.markup else label.text
    return _ICON_GLYPHS.sub("", text).strip()


def window_box(widget: Widget) -> tuple[float, float, float, float]:
    x0, y0 = widget.to_window(widget.x, widget.y)
    return (x0, y0, widget.width, widget.height)


def _clipped_by_scroll(widget: Widget) -> bool:
    """True when a scroll view ancestor cuts it (scrolled partly or fully out of view): that is
    scrolling, not a layout fault, and the person cannot read it where it is."""
    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            px, py, pw, ph = window_box(parent)
            x, y, w, h = window_box(widget)
            inside = px - 1 <= x and x + w <= px + pw + 1 and py - 1 <= y and y + h <= py + ph + 1
            return not inside
        parent = parent.parent
    return False


def describe_screen(root: Widget) -> dict[str, Any]:
    """Every visible widget with its window box, text and action: the layout a test checks."""
    widgets = []
    for widget in visible_widgets(root):
        if _clipped_by_scroll(widget):
            continue
        entry: dict[str, Any] = {
            "cls": type(widget).__name__,
            "box": [round(v, 1) for v in window_box(widget)],
        }
        text = plain_text(widget) if isinstance(widget, Label) else ""
        if text:
            entry["text"] = text
            entry["font_size"] = round(float(widget.font_size), 1)
        if isinstance(widget, TextInput):
            entry["text_input"] = {"disabled": widget.disabled, "focus": widget.focus}
        message = getattr(widget, "message", None)
        if message is not None:
            entry["message"] = describe_message(message)
            entry["selected"] = bool(getattr(widget, "selected", False))
        widgets.append(entry)
    win = EventLoop.window
    keyboards = [w for w in win.children if type(w).__name__ == "VKeyboard"]
    return {
        "window": [win.width, win.height],
        "widgets": widgets,
        "keyboard_shown": bool(keyboards),
    }
