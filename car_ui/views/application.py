"""The Kivy App: window, theme, scaling, keys, and the wiring of session, voice and script.

Connecting to the store is network work, so the window opens at once with an empty state and
the session signs in on the bridge's worker thread; the first real state replaces it when it
arrives (or a toast explains why it did not, and the head unit retries).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty

from car_ui import i18n
from car_ui.client import RetailClient
from car_ui.errors import ApiUnreachable, sentence_for
from car_ui.i18n import N_, _
from car_ui.script import Script
from car_ui.script_runner import open_session, start_session
from car_ui.session import OrderingSession
from car_ui.vehicle import VehicleState
from car_ui.views import (  # noqa: F401  (registers the kv classes)
    booking_screens,
    order_screens,
    screens,
    widgets,
)
from car_ui.views.bridge import SessionBridge
from car_ui.views.head_unit import HeadUnit
from car_ui.views.script_player import ScriptPlayer
from car_ui.views.theme import CJK_FONT_CANDIDATES, PALETTES, ThemeColors, register_fonts, scale_for
from car_ui.views.voice_control import VoiceControl
from core.commands import Reply

log = logging.getLogger(__name__)
RETRY_SECONDS = 3.0
VOICE_OFF = N_("Voice is off (--no-voice).")
KEY_F2, KEY_SPACE = 283, 32


@dataclass(frozen=True)
class SessionSettings:
    api_url: str
    vin: str
    profile: str


class HeadUnitApp(App):
    theme = ObjectProperty(None)
    theme_name = StringProperty("night")
    lang = StringProperty("en")
    u = NumericProperty(1.0)
    voice_enabled = BooleanProperty(True)
    ready = BooleanProperty(False)  # the first session state has been shown

    def __init__(
        self,
        settings: SessionSettings,
        *,
        kv_files: Sequence[Path],
        voice: bool,
        script: Script | None,
        screenshots: Path | None,
        exit_when_done: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.theme = ThemeColors()
        self.title = "incar"
        self.settings = settings
        self.kv_files = tuple(kv_files)
        self.voice_enabled = voice
        self.script = script
        self.screenshots = screenshots
        self.exit_when_done = exit_when_done
        self.exit_code = 0
        self.view: HeadUnit | None = None
        self.session: OrderingSession | None = None
        self.bridge: SessionBridge | None = None
        self.voice: VoiceControl | None = None
        self._voice_off_noted = False  # the voice note says "voice is off" (redrawn on a switch)
        self.player: ScriptPlayer | None = None
        self.cjk_font = False

    def build(self) -> HeadUnit:
        self.cjk_font = register_fonts()
        for path in (*self.kv_files, booking_screens.KV_FILE):
            Builder.load_file(str(path))
        self._resize(Window, *Window.size)
        Window.bind(on_resize=self._resize, on_key_down=self._key_down)
        view = HeadUnit()
        self.view = view
        view.host = self
        view.show_vehicle(VehicleState())
        return view

    def on_start(self) -> None:
        if not self.cjk_font:
            self.view_toast(_("No CJK font: install fonts-noto-cjk for Chinese titles"), "error")
        if self.voice_enabled and self.view is not None:
            self.voice = VoiceControl(self.view)
        elif self.view is not None:
            self.view.set_context(voice_note=_(VOICE_OFF))
            self._voice_off_noted = True
        Clock.schedule_once(lambda _dt: self._connect(), 0)

    def on_stop(self) -> None:
        if self.voice is not None:
            self.voice.close()
        if self.bridge is not None:
            self.bridge.shutdown()
        if self.session is not None:
            self.session.close()

    # ---- the session -------------------------------------------------------------------------

    def _connect(self) -> None:
        """Sign in off the UI thread; retry until the store answers."""
        import threading

        threading.Thread(target=self._sign_in, name="sign-in", daemon=True).start()

    def _sign_in(self) -> None:
        settings = self.settings
        try:
            if self.script is not None:
                session = open_session(self.script, settings.api_url)
            else:
                session = OrderingSession(RetailClient(settings.api_url), vin=settings.vin)
                try:
                    start_session(session, settings.profile)
                except BaseException:
                    session.close()
                    raise
        except Exception as exc:  # shown to the demoer; only an unreachable store is retried
            message = sentence_for(exc)
            transient = isinstance(exc, ApiUnreachable)
            Clock.schedule_once(lambda _dt: self._sign_in_failed(message, retry=transient))
            return
        Clock.schedule_once(lambda _dt: self._signed_in(session))

    def _sign_in_failed(self, message: str, *, retry: bool = True) -> None:
        """A store that cannot be reached is tried again every few seconds; a refusal (an
        unknown vehicle, a wrong secret, a locked PIN) is said once and stays on screen."""
        if self.script is not None and self.exit_when_done:
            print(
                f"incar: error: cannot start the script's session: {message}",
                file=sys.stderr,
                flush=True,
            )
            self.exit_code = 2
            self.stop()
            return
        # The sentence already says what went wrong and what to do: shown as it is.
        shown = message[:1].upper() + message[1:]
        if not retry:
            log.error("sign-in refused, not retried: %s", message)
            self.view_toast(shown, "error")
            if self.view is not None:
                self._voice_off_noted = False  # the refusal stays in the voice note's place
                self.view.set_context(voice_note=shown)
            return
        self.view_toast(shown, "error")
        Clock.schedule_once(lambda _dt: self._connect(), RETRY_SECONDS)

    def _signed_in(self, session: OrderingSession) -> None:
        assert self.view is not None
        self.session = session
        view = self.view
        self.bridge = SessionBridge(
            session,
            on_state=view.show,
            on_reply=self._on_reply,
            on_error=view.show_error,
            on_busy=view.set_busy,
        )
        view.bridge = self.bridge
        view.show(session.state)
        view.show_vehicle(session.vehicle)
        if self.voice is not None:
            self.voice.attach(session, self.bridge)
        self.ready = True
        if self.script is not None:
            # Kivy's Clock holds callbacks weakly: the app keeps the player alive.
            self.player = ScriptPlayer(
                view, self.bridge, session, self.script, self.screenshots, self._script_done
            )
            self.player.start()

    def _script_done(self, exit_code: int) -> None:
        self.exit_code = exit_code
        if self.exit_when_done:
            self.stop()

    def _on_reply(self, reply: Reply) -> None:
        assert self.view is not None
        self.view.show_reply(reply)
        if reply.blocked or reply.failed:
            self.view.toast(reply.text, "error")

    def update_vehicle(self, changes: dict[str, Any]) -> None:
        """Vehicle simulator taps: the session recomputes the driving restriction."""
        if self.bridge is None or self.session is None:
            return
        session = self.session
        future = self.bridge.call(session.update_vehicle, changes)
        future.add_done_callback(
            lambda f: (
                Clock.schedule_once(lambda _dt: self._vehicle_changed(session.vehicle))
                if f.exception() is None
                else None
            )
        )

    def _vehicle_changed(self, vehicle: VehicleState) -> None:
        if self.view is not None:
            self.view.show_vehicle(vehicle)

    # ---- look and input ------------------------------------------------------------------------

    def set_theme(self, name: str) -> None:
        self.theme_name = name
        self.theme.apply(PALETTES[name])

    def set_language(self, lang: str) -> None:
        """The Settings switch ("en" or "zh"): the catalog first, so that the kv rules that
        name `app.lang` and the screens the view redraws next are drawn in the new language."""
        i18n.set_language(i18n.from_view(lang))
        _default_font_for(lang)
        if self.voice is not None:
            self.voice.show_note()
        elif self.view is not None and self._voice_off_noted:
            self.view.set_context(voice_note=_(VOICE_OFF))
        self.lang = lang

    def view_toast(self, text: str, kind: str = "info") -> None:
        if self.view is not None:
            self.view.toast(text, kind)

    def _resize(self, _window: Any, width: int, height: int) -> None:
        self.u = scale_for(width, height)

    def _key_down(self, _window: Any, key: int, *_args: Any) -> bool:
        """F2 (and space outside a text field) stands in for the steering-wheel talk button."""
        if key == KEY_F2 or (key == KEY_SPACE and not _text_focused()):
            if self.view is not None:
                self.view.talk()
            return True
        return False


def _default_font_for(lang: str) -> None:
    """Every label is drawn in Kivy's default font, Roboto, which has no Chinese glyphs: in
    Chinese the name is pointed at the CJK font (which has Latin letters and digits too), so
    no label shows empty boxes; in English it is Roboto again."""
    from kivy.core.text import DEFAULT_FONT, LabelBase

    cjk = [path for path in CJK_FONT_CANDIDATES if path.exists()]
    if lang == "zh" and cjk:
        LabelBase.register(DEFAULT_FONT, str(cjk[0]), fn_bold=str(cjk[-1]))
    else:
        LabelBase.register(
            DEFAULT_FONT,
            "data/fonts/Roboto-Regular.ttf",
            "data/fonts/Roboto-Italic.ttf",
            "data/fonts/Roboto-Bold.ttf",
            "data/fonts/Roboto-BoldItalic.ttf",
        )


def _text_focused() -> bool:
    from kivy.uix.textinput import TextInput

    return (
        any(isinstance(w, TextInput) and w.focus for w in Window.children[0].walk(restrict=True))
        if Window.children
        else False
    )
