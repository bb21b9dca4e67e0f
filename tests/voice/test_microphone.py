"""The live microphone path end to end, on a virtual sound device instead of hardware.

A throwaway PulseAudio (the `virtual_audio` fixture) gives the head unit a microphone (a null
sink's monitor, its default input through PortAudio and ALSA's pulse plugin) and a speaker (a
second null sink, its default output). espeak-ng speech is played into the microphone with
paplay while VoiceDialogue.listen() records it, as it would in the car: push to talk, live
partial transcripts, end of speech, barge-in, against the real model and the real API.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from car_ui.client import RetailClient
from car_ui.outbox import Outbox
from car_ui.session import OrderingSession
from core.commands import Command, Intent, Reply, Screen
from tests.servers import ApiServer
from voice.audio import AudioError
from voice.dialogue import VoiceDialogue
from voice.microphone import Endpointing, MicrophoneTurn, choose_input_device
from voice.speech import SpeechFrontend
from voice.tts import Speaker

from .conftest import VirtualAudio

pytestmark = pytest.mark.voice

LONG_REPLY = (
    "Here is what I found: a medium latte with oat milk, a large cappuccino, a flat white, "
    "two croissants and an orange juice. Say the first one or the second one to choose."
)


@pytest.fixture
def session(api_server: ApiServer, tmp_path: Path) -> Iterator[OrderingSession]:
    ordering = OrderingSession(RetailClient(api_server.url), outbox=Outbox(tmp_path / "ob.db"))
    ordering.start("passenger")
    ordering.handle(Command(Intent.CLEAR_CART))
    yield ordering
    ordering.close()


@pytest.fixture(scope="module")
def cart_wav(frontend: SpeechFrontend, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A person asking "what is in my cart", rendered by espeak-ng."""
    return frontend.renderer.render("what is in my cart", tmp_path_factory.mktemp("mic") / "c.wav")


class ObservedSpeaker(Speaker):
    """The real Speaker, playing to the virtual speaker sink, noting what it was asked to say
    and when it was stopped (an observation of the real thing, not a fake)."""

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []
        self.stopped_at: list[float] = []

    def say(self, text: str) -> None:
        self.said.append(text)
        super().say(text)

    def stop(self) -> None:
        self.stopped_at.append(time.monotonic())
        super().stop()


class PlaybackLog:
    """Whether the speaker sink is playing, sampled every 50 ms on its own thread."""

    def __init__(self, audio: VirtualAudio) -> None:
        self.samples: list[tuple[float, bool]] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(audio,), daemon=True)
        self._thread.start()

    def _run(self, audio: VirtualAudio) -> None:
        while not self._done.wait(0.05):
            self.samples.append((time.monotonic(), audio.playing()))

    def close(self) -> None:
        self._done.set()
        self._thread.join(5)

    def playing_between(self, start: float, end: float) -> list[bool]:
        return [playing for at, playing in self.samples if start <= at <= end]


@dataclass
class Listening:
    """listen() on its own thread, as the talk button runs it."""

    dialogue: VoiceDialogue
    stop: threading.Event = field(default_factory=threading.Event)
    partials: list[tuple[float, str]] = field(default_factory=list)
    reply: Reply | None = None
    error: BaseException | None = None
    returned_at: float = 0.0

    def start(self, endpointing: Endpointing | None) -> MicrophoneTurn:
        self.dialogue.last_turn = None
        thread = threading.Thread(target=self._run, args=(endpointing,), daemon=True)
        thread.start()
        self.thread = thread
        deadline = time.monotonic() + 10
        while (turn := self.dialogue.last_turn) is None or not turn.opened.is_set():
            assert time.monotonic() < deadline and self.error is None, "no audio arrived"
            time.sleep(0.02)
        return turn

    def _run(self, endpointing: Endpointing | None) -> None:
        def partial(text: str) -> None:
            self.partials.append((time.monotonic(), text))

        try:
            self.reply = self.dialogue.listen(self.stop, partial, endpointing=endpointing)
        except BaseException as exc:  # handed to the test thread
            self.error = exc
        finally:
            self.returned_at = time.monotonic()

    def finish(self, timeout: float = 15) -> Reply:
        self.thread.join(timeout)
        self.stop.set()  # never leave the microphone open, whatever happened
        self.thread.join(5)
        if self.error is not None:
            raise self.error
        assert self.reply is not None, "listen() did not return"
        return self.reply


def dialogue_for(
    session: OrderingSession, frontend: SpeechFrontend, speaker: Speaker | None = None
) -> VoiceDialogue:
    return VoiceDialogue(session, frontend.understander, speaker=speaker, frontend=frontend)


def test_push_to_talk_shows_the_cart(
    virtual_audio: VirtualAudio, session: OrderingSession, frontend: SpeechFrontend, cart_wav: Path
) -> None:
    listening = Listening(dialogue_for(session, frontend))
    turn = listening.start(endpointing=None)  # only the button ends this turn
    virtual_audio.play(cart_wav)
    time.sleep(0.3)
    listening.stop.set()  # the second press
    reply = listening.finish()
    assert turn.ended_by == "button"
    assert reply.intent is Intent.SHOW_CART and reply.screen is Screen.CART


def test_live_partials_and_the_end_of_speech(
    virtual_audio: VirtualAudio, session: OrderingSession, frontend: SpeechFrontend, cart_wav: Path
) -> None:
    listening = Listening(dialogue_for(session, frontend))
    turn = listening.start(endpointing=Endpointing())
    _, played = virtual_audio.play(cart_wav)
    reply = listening.finish()  # nobody presses the button again
    assert reply.intent is Intent.SHOW_CART
    assert turn.ended_by == "end of speech"
    assert turn.speech_ended_at is not None and turn.ended_at is not None
    # Partial transcripts arrive while the person is still speaking, before the final one.
    assert listening.partials, "no partial transcript"
    first_partial = listening.partials[0][0]
    assert first_partial < turn.speech_ended_at < listening.returned_at
    # The turn ends on a 700 ms pause, within about a second of the audio stopping.
    assert 0.6 <= turn.ended_at - turn.speech_ended_at <= 1.0
    assert listening.returned_at - played < 1.5


def test_speaking_over_a_reply_stops_it(
    virtual_audio: VirtualAudio, session: OrderingSession, frontend: SpeechFrontend, cart_wav: Path
) -> None:
    speaker = ObservedSpeaker()
    playback = PlaybackLog(virtual_audio)
    try:
        speaker.say(LONG_REPLY)  # a long reply is being spoken when the talk button is pressed
        deadline = time.monotonic() + 20
        while not virtual_audio.playing():
            assert time.monotonic() < deadline, "the reply never reached the speaker"
            time.sleep(0.05)
        listening = Listening(dialogue_for(session, frontend, speaker))
        turn = listening.start(endpointing=Endpointing())
        time.sleep(0.5)
        assert virtual_audio.playing() and not speaker.stopped_at  # a press alone cuts nothing
        started, _ = virtual_audio.play(cart_wav)
        reply = listening.finish()
    finally:
        playback.close()
        stops = list(speaker.stopped_at)  # close() below stops it once more
        speaker.close()
    assert reply.intent is Intent.SHOW_CART
    assert turn.speech_started_at is not None and turn.ended_at is not None
    assert stops, "the reply was not stopped"
    # Stopped once, at the onset of speech: not at the press, not when the turn ended.
    assert len(stops) == 1
    stopped = stops[0]
    assert started < stopped
    assert 0 <= stopped - turn.speech_started_at < 0.1
    assert stopped < turn.ended_at - 0.5
    # The speaker really fell silent: playing up to the onset, silent soon after it until the
    # turn ended (the long reply would have gone on for seconds), with the process alive. On
    # this virtual device the stream ends about 0.3 s after stop(): PulseAudio's buffering.
    assert any(playback.playing_between(stopped - 1.0, stopped))
    silent = playback.playing_between(stopped + 0.6, turn.ended_at)
    assert len(silent) >= 3 and not any(silent), playback.samples
    assert speaker.said == [LONG_REPLY, reply.text]


def test_nobody_speaking_ends_the_turn(
    virtual_audio: VirtualAudio, session: OrderingSession, frontend: SpeechFrontend
) -> None:
    listening = Listening(dialogue_for(session, frontend))
    turn = listening.start(endpointing=Endpointing(no_speech_timeout_ms=1500))
    reply = listening.finish(timeout=10)
    assert turn.ended_by == "no speech" and turn.speech_started_at is None
    assert reply.intent is Intent.UNKNOWN  # heard as nothing: the re-prompt


def test_the_microphone_is_chosen_by_name(
    virtual_audio: VirtualAudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert choose_input_device("pulse") >= 0
    monkeypatch.setenv("INCAR_MIC_DEVICE", "no such microphone")
    with pytest.raises(AudioError, match=r"no microphone 'no such microphone'.*inputs: .*pulse"):
        choose_input_device()
