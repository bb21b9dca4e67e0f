"""Run in a child process by test_chinese_ui: open the real head unit in English, tap Settings,
tap 中文, ask for help by voice, tap English, ask again; print what the screen showed and what
the head unit answered after each switch as one JSON line."""

from __future__ import annotations

import json
import sys
from typing import Any

from car_ui.app import configure_kivy


def main(api_url: str) -> None:
    configure_kivy(800, 480, fullscreen=False)
    from kivy.clock import Clock

    from car_ui.app import kv_paths
    from car_ui.touch import Open
    from car_ui.views import touch_driver
    from car_ui.views.application import HeadUnitApp, SessionSettings
    from car_ui.views.head_unit import HeadUnit
    from car_ui.views.messages import SetLanguage
    from core.commands import Command, Intent, Reply, Screen, Source

    app = HeadUnitApp(
        SessionSettings(api_url, "LVSHFFAL0PF000001", "passenger"),
        kv_files=kv_paths(),
        voice=False,
        script=None,
        screenshots=None,
        exit_when_done=True,
    )
    seen: dict[str, Any] = {"steps": []}
    replies: list[str] = []
    steps = iter([("zh", "zh"), ("en", "en")])

    def view() -> HeadUnit:
        assert app.view is not None, "the head unit has not been built yet"
        return app.view

    def heard(reply: Reply) -> None:
        replies.append(reply.text)

    def switch(_dt: float) -> None:
        step = next(steps, None)
        if step is None:
            print(json.dumps(seen, ensure_ascii=False), flush=True)
            app.stop()
            return
        name, code = step
        button = touch_driver.find_message(view(), SetLanguage(code))
        assert button is not None, "no language button on Settings"
        touch_driver.tap(button)
        Clock.schedule_once(lambda _dt: look(name), 0.5)

    def look(name: str) -> None:
        layout = {**touch_driver.describe_screen(view()), "screen": view().screen_name}
        before = len(replies)
        view().send(Command(Intent.HELP, source=Source.VOICE, transcript="help"))

        def answered(dt: float) -> bool:
            if len(replies) > before:
                seen["steps"].append(
                    {"lang": name, "layout": layout, "reply": replies[before], "app_lang": app.lang}
                )
                Clock.schedule_once(switch, 0.2)
                return False
            return True

        Clock.schedule_interval(answered, 0.05)

    def ready(_app: Any, value: bool) -> None:
        if value:
            view().reply_listeners.append(heard)
            touch_driver.tap(touch_driver.find_message(view(), Open(Screen.SETTINGS)))
            Clock.schedule_once(switch, 1.0)

    app.bind(ready=ready)
    app.run()


if __name__ == "__main__":
    main(sys.argv[1])
