"""Run in a child process by test_head_unit: open the real head unit, press the talk button
(by touch, then by the F2 key) on a machine with no microphone, switch to the day theme, and
print what the screen shows as one JSON line."""

from __future__ import annotations

import json
import sys
from typing import Any

from car_ui.app import configure_kivy


def main(api_url: str) -> None:
    configure_kivy(800, 480, fullscreen=False)
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.uix.label import Label

    from car_ui.app import kv_paths
    from car_ui.touch import Open
    from car_ui.views import touch_driver
    from car_ui.views.application import HeadUnitApp, SessionSettings
    from car_ui.views.head_unit import HeadUnit
    from car_ui.views.messages import SetTheme, Talk
    from core.commands import Screen

    app = HeadUnitApp(
        SessionSettings(api_url, "LVSHFFAL0PF000001", "passenger"),
        kv_files=kv_paths(),
        voice=True,
        script=None,
        screenshots=None,
        exit_when_done=True,
    )
    seen: dict[str, Any] = {}

    def view() -> HeadUnit:
        assert app.view is not None, "the head unit has not been built yet"
        return app.view

    def toast_text() -> str:
        toast = view().ids.toast
        return str(toast.text) if toast.opacity > 0 else ""

    def when_toast(key: str, then: Any) -> None:
        """Poll until a toast shows (the model loads first), at most 20 s."""
        waited = [0.0]

        def poll(dt: float) -> bool:
            waited[0] += dt
            text = toast_text()
            if text or waited[0] > 20:
                seen[key] = text
                view().ids.toast.opacity = 0
                Clock.schedule_once(then, 0.1)
                return False
            return True

        Clock.schedule_interval(poll, 0.05)

    def by_key(_dt: float) -> None:
        Window.dispatch("on_key_down", 283, 0, None, [])
        when_toast("toast_after_f2", report)

    def report(_dt: float) -> None:
        seen["listening"] = view().listening
        seen["screen"] = view().screen_name
        touch_driver.tap(touch_driver.find_message(app.view, Open(Screen.SETTINGS)))
        Clock.schedule_once(day_theme, 1)

    def day_theme(_dt: float) -> None:
        touch_driver.tap(touch_driver.find_message(app.view, SetTheme("day")))
        Clock.schedule_once(colours, 0.3)

    def colours(_dt: float) -> None:
        labels = [w for w in touch_driver.visible_widgets(app.view) if isinstance(w, Label)]
        seen["label_colours"] = sorted({tuple(round(c, 3) for c in w.color) for w in labels})
        caption = view().ids.overlay.ids.caption_label
        seen["caption_colour"] = [round(c, 3) for c in caption.color]
        seen["background"] = [round(c, 3) for c in app.theme.background]
        seen["long_reply"] = " ".join(f"step {n} of a very long spoken reply," for n in range(40))
        view().ids.overlay.present(listening=False, transcript="help", caption=seen["long_reply"])
        Clock.schedule_once(long_caption, 0.3)

    def long_caption(_dt: float) -> None:
        caption = view().ids.overlay.ids.caption_label
        seen["caption_text"] = caption.text
        seen["caption_box"] = [caption.y, caption.top, caption.texture_size[1], caption.height]
        print(json.dumps(seen), flush=True)
        app.stop()

    def ready(_app: Any, value: bool) -> None:
        if value:
            touch_driver.tap(touch_driver.find_message(app.view, Talk()))
            when_toast("toast_after_mic", by_key)

    app.bind(ready=ready)
    app.run()


if __name__ == "__main__":
    main(sys.argv[1])
