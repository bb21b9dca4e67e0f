"""Every intent from real speech: text → espeak-ng WAV → Vosk (catalog grammar) → NLU."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.commands import TOUCH_ONLY_INTENTS, Expecting, Intent
from voice.asr import Transcript
from voice.audio import TARGET_RATE, read_wav
from voice.speech import Heard, SpeechFrontend

pytestmark = pytest.mark.voice

SPOKEN = [
    ("search for green tea", Intent.SEARCH, {"item": "green tea"}),
    ("add two lattes to my cart", Intent.ADD_TO_CART, {"quantity": 2}),
    ("remove the lattes from my cart", Intent.REMOVE_FROM_CART, {"item": "latte"}),
    ("change the lattes to three", Intent.SET_QUANTITY, {"quantity": 3}),
    ("what is in my cart", Intent.SHOW_CART, {}),
    ("clear my cart", Intent.CLEAR_CART, {}),
    ("checkout", Intent.CHECKOUT, {}),
    ("yes please", Intent.CONFIRM, {}),
    ("no thanks", Intent.DENY, {}),
    ("cancel my order", Intent.CANCEL, {}),
    ("where is my order", Intent.ORDER_STATUS, {}),
    ("order the same again", Intent.REORDER, {}),
    ("number three", Intent.SELECT, {"ordinal": 3}),
    ("what can I say", Intent.HELP, {}),
    ("say that again", Intent.REPEAT, {}),
    ("book a car wash for tomorrow", Intent.BOOK, {"service": "car_wash"}),
    ("cancel my test drive", Intent.CANCEL_BOOKING, {"service": "test_drive"}),
    ("get me a lease quote", Intent.LEASE_QUOTE, {}),
    ("the weather is nice today", Intent.UNKNOWN, {}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), SPOKEN, ids=[s[1].value for s in SPOKEN])
def test_intent_from_speech(
    frontend: SpeechFrontend, text: str, intent: Intent, slots: dict[str, object]
) -> None:
    heard = frontend.hear_text_as_speech(text)
    command = frontend.understander.understand(heard.transcript)
    assert command.intent is intent, heard
    assert slots.items() <= dict(command.slots).items(), heard
    assert heard.tts_ms is not None and heard.asr_ms > 0
    assert 0.0 <= heard.confidence <= 1.0


def test_every_contract_intent_is_covered() -> None:
    spoken = {intent for _, intent, _ in SPOKEN}
    assert spoken == set(Intent) - TOUCH_ONLY_INTENTS


def test_spoken_item_resolves_to_the_catalog_item(frontend: SpeechFrontend) -> None:
    heard = frontend.hear_text_as_speech("add two lattes to my cart")
    item = frontend.understander.understand(heard.transcript).slots["item"]
    best = frontend.understander.resolver.resolve(item).best
    assert best is not None and best.title == "Latte"


def test_an_n_best_split_over_the_milk_is_unsure_of_the_line(frontend: SpeechFrontend) -> None:
    """Every alternative asks for one latte, but a third of the n-best with oat milk: only
    the alternatives that would add the same line agree ("with almond" is almond milk too)."""
    texts = ("a latte with almond milk", "a latte with oat milk", "a latte with almond")
    split = Transcript(texts[0], 0.5, True, 0.0, 0.0, 1000.0, texts, (0.5, 0.3, 0.2))
    assert frontend.agreement(split, texts[0], Expecting.COMMAND) == pytest.approx(0.7)


def test_partial_results_arrive_while_decoding(frontend: SpeechFrontend, tmp_path: Path) -> None:
    path = tmp_path / "say.wav"
    frontend.hear_text_as_speech("where is my order", keep=path)
    partials: list[str] = []
    heard = frontend.hear_pcm(read_wav(path), partials.append)
    assert heard.transcript == "where is my order"
    assert partials and all(p.split() for p in partials)


def test_free_recognition_without_grammar(model_dir: Path, tmp_path: Path) -> None:
    """The free model is the fallback for out-of-grammar speech: it still hears words."""
    free = SpeechFrontend(model_dir, None, use_grammar=False)
    try:
        heard = free.hear_text_as_speech("cancel")
        assert heard.grammar_used is False
        assert heard.transcript
    finally:
        free.close()


def test_each_utterance_is_heard_afresh_by_a_reused_recognizer(
    frontend: SpeechFrontend, model_dir: Path, api_vocabulary: dict[str, object], tmp_path: Path
) -> None:
    """The recognizer is kept from one utterance to the next (building one compiles the
    grammar); what came before must not change what the next is heard as."""
    latte, noise = tmp_path / "latte.wav", tmp_path / "noise.wav"
    frontend.hear_text_as_speech("add two lattes to my cart", keep=latte)
    frontend.hear_text_as_speech("the weather is nice today and the road is clear", keep=noise)
    for _ in range(3):
        frontend.hear_wav(noise)
    again = frontend.hear_wav(latte)
    new = SpeechFrontend(model_dir, api_vocabulary)
    try:
        first = new.hear_wav(latte)
    finally:
        new.close()
    assert again.transcript == first.transcript
    command = frontend.understander.understand(again.transcript)
    assert command.intent is Intent.ADD_TO_CART and command.slots["quantity"] == 2


def _spoken_with_a_pause(frontend: SpeechFrontend, tmp_path: Path, first: str, then: str) -> Heard:
    """`first`, a second and a half of a quiet cabin, then `then`: two utterances, as the
    recognizer's endpointer splits them."""
    parts = []
    for index, text in enumerate((first, then)):
        path = tmp_path / f"part{index}.wav"
        frontend.hear_text_as_speech(text, keep=path)
        parts.append(read_wav(path))
    hush = np.random.default_rng(1).normal(0, 30, int(1.5 * TARGET_RATE))
    pcm = np.concatenate([parts[0], hush, parts[1]]).round().astype(np.int16)
    return frontend.hear_pcm(pcm)


def test_talk_after_an_order_that_names_nothing_is_left_out(
    frontend: SpeechFrontend, tmp_path: Path
) -> None:
    """Somebody talking behind the order after it ended ("you understand") is not part of
    it: the order is heard whole and clear, not with stray words to ask about."""
    heard = _spoken_with_a_pause(
        frontend, tmp_path, "a cappuccino with brown sugar", "you understand"
    )
    assert heard.transcript == "a cappuccino with brown sugar"
    command = frontend.understander.understand(heard.transcript)
    assert command.intent is Intent.ADD_TO_CART and not command.unclear


def test_an_option_said_after_a_pause_stays_in_the_order(
    frontend: SpeechFrontend, tmp_path: Path
) -> None:
    heard = _spoken_with_a_pause(frontend, tmp_path, "a large latte", "with oat milk")
    command = frontend.understander.understand(heard.transcript)
    assert command.intent is Intent.ADD_TO_CART
    assert command.slots["options"] == {"size": "large", "milk": "oat"}, heard
