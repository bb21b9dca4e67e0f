"""Push-to-talk for the head unit: the voice helper's `VoiceDialogue` behind the mic button.

The dialogue records from the microphone (live partial transcripts), understands, lets the
session act, re-prompts at most twice and speaks the reply with barge-in. Here it is only
wired to the screen: it runs on a voice thread, its commands are queued on the same session
worker as taps (so voice and touch never overtake each other), and partials and replies are
marshalled to the UI thread for the overlay. Loading the model happens in the background at
start-up; a missing microphone, model or speaker is a toast, and touch keeps working.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from kivy.clock import Clock

from car_ui.i18n import N_, _
from car_ui.session import OrderingSession
from car_ui.views.bridge import SessionBridge
from car_ui.views.head_unit import HeadUnit
from core.commands import Command, Reply
from core.state import SessionState
from incar.errors import IncarError

if TYPE_CHECKING:  # loaded with the speech model, in the background
    from voice.dialogue import VoiceDialogue
    from voice.items import VocabularyEntry

log = logging.getLogger(__name__)
# Roughly how long a reply takes to speak, so its caption stays up that long.
SECONDS_PER_WORD = 0.38
MIN_CAPTION_SECONDS = 3.0


def caption_seconds(text: str) -> float:
    return max(MIN_CAPTION_SECONDS, SECONDS_PER_WORD * len(text.split()))


class BridgedSession:
    """The session as the dialogue sees it: commands wait their turn on the bridge's worker
    (the voice thread blocks, the UI thread never does) and their replies reach the screen."""

    def __init__(self, session: OrderingSession, bridge: SessionBridge) -> None:
        self._session = session
        self._bridge = bridge

    @property
    def state(self) -> SessionState:
        return self._session.state

    def handle(self, command: Command) -> Reply:
        return self._bridge.send(command).result()


class VoiceControl:
    """The talk button's behaviour: press to talk, press again (or pause) to finish."""

    def __init__(self, view: HeadUnit) -> None:
        self.view = view
        self._dialogue: VoiceDialogue | None = None
        self._closers: list[Callable[[], None]] = []  # the speaker's and the recognizer's
        self._session: BridgedSession | None = None
        self._vocabulary: tuple[VocabularyEntry, ...] = ()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        view.talk_handler = self.talk
        # the note on Settings, kept as a catalog message so a language switch redraws it
        self._note: tuple[str, dict[str, str]] = (N_("Voice: loading the speech model…"), {})
        self.show_note()

    def attach(self, session: OrderingSession, bridge: SessionBridge) -> None:
        """Become ready to listen; the model loads in the background so the first press of
        the talk button does not wait for it."""
        self._session = BridgedSession(session, bridge)
        self._vocabulary = session.vocabulary
        threading.Thread(target=self._preload_quietly, name="voice-load", daemon=True).start()

    def _preload_quietly(self) -> None:
        try:
            self.preload()
        except IncarError as exc:
            note = (N_("Voice unavailable: {reason}"), {"reason": str(exc)})
        else:
            note = (N_("Voice: ready. Press the mic, F2 or space to talk."), {})
        Clock.schedule_once(lambda _dt: self._show_status(note))

    def _show_status(self, note: tuple[str, dict[str, str]]) -> None:
        self._note = note
        self.show_note()

    def show_note(self) -> None:
        """The voice note on Settings in the active language (again after a switch)."""
        message, values = self._note
        self.view.set_context(voice_note=_(message).format(**values))

    def preload(self) -> None:
        """Load the recognizer with the catalog grammar now (blocking)."""
        self._ensure_dialogue()

    def _ensure_dialogue(self) -> VoiceDialogue:
        with self._lock:
            if self._dialogue is None:
                if self._session is None:
                    raise IncarError("not connected to the store yet")
                from voice.dialogue import VoiceDialogue
                from voice.speech import SpeechFrontend
                from voice.tts import Speaker

                frontend = SpeechFrontend(vocabulary=self._vocabulary)
                speaker = Speaker()
                self._closers = [speaker.close, frontend.close]
                self._dialogue = VoiceDialogue(
                    self._session,
                    frontend.understander,
                    speaker=speaker,
                    frontend=frontend,
                    on_reply=self._replied,
                )
            return self._dialogue

    # ---- the talk button -------------------------------------------------------------------

    def talk(self) -> None:
        view = self.view
        if self._thread is not None and self._thread.is_alive():
            self._stop.set()  # second press: end of utterance
            return
        if self._session is None:
            view.toast(_("Still connecting to the store…"))
            return
        self._stop.clear()
        view.listening = True
        view.ids.overlay.present(listening=True)
        self._thread = threading.Thread(target=self._listen, name="voice", daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        try:
            self._ensure_dialogue().listen(self._stop, on_partial=self._partial)
        except IncarError as exc:
            message = str(exc)
            Clock.schedule_once(lambda _dt: self._failed(message))

    def _partial(self, text: str) -> None:
        Clock.schedule_once(lambda _dt: self._show_partial(text))

    def _show_partial(self, text: str) -> None:
        self.view.ids.overlay.transcript = text

    def _failed(self, message: str) -> None:
        view = self.view
        view.listening = False
        view.ids.overlay.dismiss()
        view.toast(message, "error")

    def _replied(self, reply: Reply) -> None:
        """Called on the voice thread with every reply the dialogue speaks (re-prompts too)."""
        Clock.schedule_once(lambda _dt: self._show_caption(reply.text))

    def _show_caption(self, text: str) -> None:
        view = self.view
        view.listening = False
        overlay = view.ids.overlay
        overlay.present(listening=False, transcript=overlay.transcript, caption=text)
        overlay.linger(caption_seconds(text))

    def close(self) -> None:
        self._stop.set()
        for close in self._closers:
            close()
