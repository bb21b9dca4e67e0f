"""The spoken dialogue around a real ordering session: re-prompts, barge-in, speech out."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from car_ui.client import RetailClient
from car_ui.outbox import Outbox
from car_ui.session import OrderingSession
from core.commands import Command, Expecting, Intent, Screen
from tests.servers import ApiServer
from voice.audio import read_wav
from voice.dialogue import MAX_REPROMPTS, OFFER_SCREEN, VoiceDialogue
from voice.nlu import Understander
from voice.speech import SpeechFrontend
from voice.tts import Speaker, VoiceSettings

from .conftest import TEST_VOICE

pytestmark = pytest.mark.voice


class FakeSpeaker:
    """Records what would be spoken (beside the real Speaker tested below)."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.stops = 0

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        self.stops += 1


@pytest.fixture
def session(api_server: ApiServer, tmp_path: Path) -> Iterator[OrderingSession]:
    session = OrderingSession(
        RetailClient(api_server.url), outbox=Outbox(tmp_path / "outbox.sqlite3")
    )
    session.start("passenger")
    session.handle(Command(Intent.CLEAR_CART))
    yield session
    session.close()


def test_reprompts_twice_then_offers_the_screen(session: OrderingSession) -> None:
    speaker = FakeSpeaker()
    dialogue = VoiceDialogue(session, Understander(session.vocabulary), speaker=speaker)
    replies = [dialogue.handle_text("blah blah blah") for _ in range(MAX_REPROMPTS + 1)]
    assert [r.intent for r in replies] == [Intent.UNKNOWN] * 3
    assert replies[0].text != replies[1].text
    assert replies[-1].text == OFFER_SCREEN
    assert speaker.said == [r.text for r in replies]
    # Understood speech resets the count and reaches the session.
    reply = dialogue.handle_text("add two lattes to my cart")
    assert reply.intent is Intent.ADD_TO_CART and session.state.cart.count == 2
    assert dialogue.misses == 0


def test_a_misheard_answer_keeps_the_pending_confirmation(session: OrderingSession) -> None:
    dialogue = VoiceDialogue(session, Understander(session.vocabulary), speaker=FakeSpeaker())
    dialogue.handle_text("add a latte to my cart")
    checkout = dialogue.handle_text("checkout")
    assert checkout.expecting is Expecting.CONFIRMATION
    reprompt = dialogue.handle_text("mumble mumble")
    assert "yes or no" in reprompt.text
    assert session.state.expecting is Expecting.CONFIRMATION
    placed = dialogue.handle_text("yes")
    assert placed.order_id is not None


def test_speech_barges_in_and_reaches_the_session(
    session: OrderingSession, frontend: SpeechFrontend, tmp_path: Path
) -> None:
    speaker = FakeSpeaker()
    dialogue = VoiceDialogue(
        session, Understander(session.vocabulary), speaker=speaker, frontend=frontend
    )
    path = tmp_path / "cart.wav"
    frontend.renderer.render("what is in my cart", path)
    reply = dialogue.hear_pcm(read_wav(path))
    assert speaker.stops == 1  # whatever was being said stopped when the person spoke
    assert reply.intent is Intent.SHOW_CART and reply.screen is Screen.CART
    assert speaker.said == [reply.text]


def test_a_spoken_nah_at_the_read_back_places_no_order(
    session: OrderingSession, frontend: SpeechFrontend, tmp_path: Path
) -> None:
    """ "nah" in this voice comes out as "yeah" at the bottom of the n-best: the read-back is
    asked again instead of placing the order; a clear yes then places it."""
    dialogue = VoiceDialogue(
        session, Understander(session.vocabulary), speaker=FakeSpeaker(), frontend=frontend
    )
    dialogue.handle_text("add a latte to my cart")
    assert dialogue.handle_text("checkout").expecting is Expecting.CONFIRMATION
    nah = frontend.renderer.render("nah", tmp_path / "nah.wav", VoiceSettings(160, "en-us+m3"))
    reply = dialogue.hear_pcm(read_wav(nah))
    assert reply.order_id is None
    assert session.state.cart.count == 1  # not placed: placing an order empties the cart
    yes = frontend.renderer.render("yes", tmp_path / "yes.wav")
    if session.state.expecting is not Expecting.CONFIRMATION:  # heard as a no: ask again
        dialogue.handle_text("checkout")
    assert dialogue.hear_pcm(read_wav(yes)).order_id is not None


def test_a_clear_new_count_is_acted_on_though_its_words_split_the_n_best(
    session: OrderingSession, frontend: SpeechFrontend, tmp_path: Path
) -> None:
    """The recognizer splits this voice's "change the lattes to three" between "the latte"
    and "the lattes" (the top one has under half of it); every alternative asks for three
    lattes, so it is done without asking back."""
    dialogue = VoiceDialogue(
        session, Understander(session.vocabulary), speaker=FakeSpeaker(), frontend=frontend
    )
    dialogue.handle_text("add a latte to my cart")
    said = "change the lattes to three"
    wav = frontend.renderer.render(said, tmp_path / "three.wav", VoiceSettings(160, "en+f2"))
    reply = dialogue.hear_pcm(read_wav(wav))
    assert reply.intent is Intent.SET_QUANTITY and reply.expecting is Expecting.COMMAND
    assert [(line.title, line.quantity) for line in session.state.cart.lines] == [("Latte", 3)]


def test_real_speaker_is_non_blocking_and_stops() -> None:
    speaker = Speaker(TEST_VOICE)
    try:
        started = time.perf_counter()
        for _ in range(5):
            speaker.say("Added two medium lattes. Your cart has two items, fifty-six yuan.")
        assert time.perf_counter() - started < 0.1  # say() only queues
        speaker.stop()
        assert speaker.pending == 0  # queued replies are dropped at once
        deadline = time.monotonic() + 5
        while speaker.speaking and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not speaker.speaking
    finally:
        speaker.close()


def test_renderer_writes_a_wav(tmp_path: Path, frontend: SpeechFrontend) -> None:
    path = frontend.renderer.render("fifty-six yuan", tmp_path / "price.wav")
    samples = read_wav(path)
    assert 0.5 < len(samples) / 16000 < 3
    assert abs(samples.astype(int)).max() > 1000  # real speech, not silence
