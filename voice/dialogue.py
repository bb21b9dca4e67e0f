"""The spoken conversation around the ordering session: hear, understand, answer, speak.

The session (car_ui) decides what an order needs — confirmations, clarifying questions, PINs.
This module owns what is specific to speech: when nothing was understood it asks again, in
words that fit what the session is waiting for, at most twice, and then offers the screen
instead of looping; when the person starts talking while a reply is being spoken, the reply
stops (barge-in); and every reply is spoken without blocking the caller.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

import numpy as np

from core.commands import Command, Expecting, Intent, Reply, Source
from core.state import SessionState
from voice.asr import PartialCallback
from voice.microphone import END_OF_SPEECH, Endpointing, MicrophoneTurn
from voice.nlu import Understander
from voice.speech import Heard, SpeechFrontend

MAX_REPROMPTS = 2

_REPROMPTS = {
    Expecting.COMMAND: (
        "Sorry, I didn't catch that. You can say, for example, 'find a latte'.",
        "Sorry, still not clear. Try 'add two lattes' or 'what's in my cart'.",
    ),
    Expecting.CONFIRMATION: (
        "Sorry, should I place the order? Please say yes or no.",
        "Please say 'yes' to place the order or 'no' to go back.",
    ),
    Expecting.CLARIFICATION: (
        "Sorry, which one? You can say 'the first one' or 'the second one'.",
        "Please say 'the first one', 'the second one', or the item's name.",
    ),
    Expecting.PIN: (
        "Sorry, please say your PIN one digit at a time.",
        "Please say the four digits of your PIN, like 'one two three four'.",
    ),
}
OFFER_SCREEN = "I'm having trouble understanding. Please use the screen to continue."


class Session(Protocol):
    """What the dialogue needs from the ordering session (car_ui provides it)."""

    @property
    def state(self) -> SessionState: ...

    def handle(self, command: Command) -> Reply: ...


class Voice(Protocol):
    """What the dialogue needs from voice.tts.Speaker."""

    def say(self, text: str) -> None: ...

    def stop(self) -> None: ...


class VoiceDialogue:
    """Transcript → Understander → session.handle → Speaker.say, with re-prompts and barge-in."""

    def __init__(
        self,
        session: Session,
        understander: Understander,
        *,
        speaker: Voice | None = None,
        frontend: SpeechFrontend | None = None,
        on_reply: Callable[[Reply], None] | None = None,
    ) -> None:
        self.session = session
        self.understander = understander
        self.speaker = speaker
        self.frontend = frontend
        self.on_reply = on_reply
        self.misses = 0
        self.last_turn: MicrophoneTurn | None = None  # the latest listen()'s recording

    def barge_in(self) -> None:
        """The person started speaking: stop talking over them."""
        if self.speaker is not None:
            self.speaker.stop()

    def handle_text(
        self, text: str, *, source: Source = Source.VOICE, confidence: float = 1.0
    ) -> Reply:
        """Understand an utterance, let the session act on it, and speak the reply."""
        expecting = self.session.state.expecting
        command = self.understander.understand(
            text, expecting, source=source, confidence=confidence
        )
        if command.intent is Intent.UNKNOWN:
            reply = self._reprompt(command, expecting)
        else:
            self.misses = 0
            reply = self.session.handle(command)
        if self.speaker is not None:
            self.speaker.say(reply.text)
        if self.on_reply is not None:
            self.on_reply(reply)
        return reply

    def handle_heard(self, heard: Heard) -> Reply:
        return self.handle_text(heard.transcript, confidence=heard.confidence)

    def hear_pcm(self, pcm: np.ndarray, on_partial: PartialCallback | None = None) -> Reply:
        """One utterance of recorded audio (16 kHz mono int16) through the whole loop."""
        frontend = self._frontend()
        self.barge_in()
        heard = frontend.hear_pcm(pcm, on_partial, self.session.state.expecting)
        return self.handle_heard(heard)

    def listen(
        self,
        stop: threading.Event,
        on_partial: PartialCallback | None = None,
        *,
        endpointing: Endpointing | None = END_OF_SPEECH,
        device: str | None = None,
    ) -> Reply:
        """Push to talk: record from the microphone from the press until `stop` is set or,
        with `endpointing` (the default), until the person pauses after speaking; then answer.

        A reply still being spoken keeps playing until the person actually starts speaking,
        then stops (barge-in): with the cabin's echo cancellation the answer is not cut by a
        press alone; without it the reply's own sound counts as speech and stops it at once,
        never later than a stop at the press would. `self.last_turn` says how the turn ended."""
        frontend = self._frontend()
        turn = MicrophoneTurn(
            stop, endpointing=endpointing, on_speech_start=self.barge_in, device=device
        )
        self.last_turn = turn
        result = frontend.recognizer.recognize_stream(turn, on_partial)
        return self.handle_heard(frontend.heard(result, self.session.state.expecting))

    def _frontend(self) -> SpeechFrontend:
        if self.frontend is None:
            self.frontend = SpeechFrontend(vocabulary=list(self.understander.resolver.entries))
        return self.frontend

    def _reprompt(self, command: Command, expecting: Expecting) -> Reply:
        """Ask again (twice at most), then offer the screen; the session's state is untouched
        so a pending confirmation or choice survives a misheard answer."""
        self.misses += 1
        state = self.session.state
        if self.misses > MAX_REPROMPTS:
            self.misses = 0
            text = OFFER_SCREEN
        else:
            text = _REPROMPTS[expecting][self.misses - 1]
        return Reply(
            text=text,
            screen=state.screen,
            intent=Intent.UNKNOWN,
            slots=dict(command.slots),
            expecting=expecting,
        )
