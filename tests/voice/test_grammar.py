"""The recognizer's grammar: a weighted corpus of generated domain sentences (voice.corpus)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from core.commands import Intent
from voice.corpus import UNKNOWN_REPEATS, UNKNOWN_WORD, domain_sentences
from voice.grammar import cached_grammar, grammar_version
from voice.items import VocabularyEntry
from voice.nlu import Understander
from voice.speech import SpeechFrontend
from voice.tts import VoiceSettings

DRINK_GROUPS = ("size", "roast", "shots", "milk", "milk_amount", "sweetener", "sweetener_amount")
ENTRIES = [
    VocabularyEntry(1, "Latte", ("latte", "cafe latte"), "Coffee and tea", 1, DRINK_GROUPS),
    VocabularyEntry(2, "Mocha", ("mocha",), "Coffee and tea", 2, DRINK_GROUPS),
    VocabularyEntry(3, "Milk Tea", (), "Coffee and tea", 3, ("size", "sweetener")),
    VocabularyEntry(4, "Croissant", ("croissant",), "Bakery", 4),
    VocabularyEntry(5, "Orange Juice", ("orange juice",), "Drinks", 5),
    VocabularyEntry(6, "Car Wash", ("car wash",), "Car care", 6),
]
# Option words that only a made-to-order sentence says.
OPTION_ONLY = ("roast", "oat", "almond", "soy")


def knows_every_word(word: str) -> bool:
    return True


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return domain_sentences(ENTRIES, knows_every_word)


def test_it_is_deterministic(sentences: list[str]) -> None:
    assert domain_sentences(ENTRIES, knows_every_word) == sentences
    assert domain_sentences(ENTRIES, knows_every_word, seed=1) != sentences


def test_duplicates_are_kept_as_weights(sentences: list[str]) -> None:
    counts = Counter(sentences)
    assert counts[UNKNOWN_WORD] == UNKNOWN_REPEATS
    assert len(set(sentences)) < len(sentences)
    assert counts["checkout"] > 1


def test_every_intent_has_sentences_the_understander_reads(sentences: list[str]) -> None:
    understander = Understander(ENTRIES)
    spoken = set(Intent) - {
        Intent.UNKNOWN,
        *(i for i in Intent if i.value in {"open", "switch_profile", "enter_pin"}),
        *(i for i in Intent if i.value in {"set_delivery", "set_payment"}),
    }
    heard = {
        understander.understand(s).intent for s in sentences[:: max(1, len(sentences) // 3000)]
    }
    assert spoken <= heard, spoken - heard


def test_catalog_names_are_counted_in_words_and_plurals(sentences: list[str]) -> None:
    text = "\n".join(sentences)
    for phrase in ("croissants", "orange juices", "car wash", "a couple of", "two"):
        assert phrase in text, phrase
    assert any(s.split()[-1:] == ["out"] and "croissant" in s for s in sentences)  # "take ... out"


def test_option_phrases_are_said_for_made_to_order_items_only(sentences: list[str]) -> None:
    with_options = [s for s in sentences if any(w in s.split() for w in OPTION_ONLY)]
    assert any("latte" in s for s in with_options) and any("mocha" in s for s in with_options)
    for s in with_options:
        assert not any(n in s for n in ("croissant", "orange juice", "car wash", "milk tea")), s
    # The tea takes a size and a sweetener but no milk or roast.
    assert any("milk tea" in s and "sugar" in s for s in sentences)


def test_single_words_and_numbers_stay_reachable(sentences: list[str]) -> None:
    singles = {s for s in sentences if " " not in s}
    assert {"latte", "croissant", "juice", "two", "twelve", "oat"} <= singles


def test_unknown_words_are_left_out() -> None:
    def knows(word: str) -> bool:
        return word != "croissant" and word != "croissants"

    sentences = domain_sentences(ENTRIES, knows)
    assert not any("croissant" in s for s in sentences)
    assert any("orange juice" in s for s in sentences)


def test_the_grammar_is_cached_under_a_hash_of_its_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCAR_DATA_DIR", str(tmp_path))
    model = Path("vosk-model")
    first = cached_grammar(ENTRIES, model, knows_every_word)
    assert list((tmp_path / "grammar").glob("*.json"))
    assert cached_grammar(ENTRIES, model, lambda w: False) == first  # read back, not rebuilt
    changed = [*ENTRIES[:-1], VocabularyEntry(6, "Car Wash", ("wash",), "Car care", 6)]
    assert grammar_version(changed, model) != grammar_version(ENTRIES, model)


def test_generation_is_fast_for_the_real_catalog(
    entries: list[VocabularyEntry], model_dir: Path
) -> None:
    started = time.perf_counter()
    sentences = domain_sentences(entries, knows_every_word)
    assert time.perf_counter() - started < 2.0
    assert 2000 < len(sentences) < 40000


@pytest.mark.voice
def test_the_api_vocabulary_names_the_made_to_order_items(entries: list[VocabularyEntry]) -> None:
    by_title = {e.title: e for e in entries}
    assert set(DRINK_GROUPS) <= set(by_title["Latte"].options)
    assert not by_title["Croissant"].options


SPOKEN_DRINK = "can i get a large dark roast mocha with a little soy milk"


@pytest.mark.voice
@pytest.mark.parametrize(
    "voice",
    [VoiceSettings(rate=150, voice="gmw/en-US"), VoiceSettings(rate=165, voice="gmw/en-GB-x-rp")],
    ids=lambda v: f"{v.voice}@{v.rate}",
)
def test_a_drink_with_options_is_heard_with_every_option(
    frontend: SpeechFrontend, voice: VoiceSettings
) -> None:
    heard = frontend.hear_text_as_speech(SPOKEN_DRINK, voice=voice)
    command = frontend.understander.understand(heard.transcript)
    assert command.intent is Intent.ADD_TO_CART, heard
    best = frontend.understander.resolver.resolve(str(command.slots["item"])).best
    assert best is not None and best.title == "Mocha", heard
    assert command.slots["options"] == {
        "size": "large",
        "roast": "dark",
        "milk": "soy",
        "milk_amount": "little",
    }, heard


@pytest.mark.voice
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        pytest.param(
            "i'd like two croissants",
            Intent.ADD_TO_CART,
            marks=pytest.mark.xfail(
                reason="espeak-ng's 'croissants' is often heard as 'last order' by the small "
                "model (as in test_preroll's 'add a croissant')",
                strict=False,
            ),
        ),
        ("take the croissants out", Intent.REMOVE_FROM_CART),
        ("same as last time", Intent.REORDER),
        ("i'm ready to check out", Intent.CHECKOUT),
    ],
)
def test_paraphrases_are_heard(frontend: SpeechFrontend, text: str, intent: Intent) -> None:
    heard = frontend.hear_text_as_speech(text)
    assert frontend.understander.understand(heard.transcript).intent is intent, heard


def test_requests_as_people_word_them_are_in_the_corpus(sentences: list[str]) -> None:
    counts = Counter(sentences)
    # from voice/natural.yaml: apostrophes kept, punctuation gone, numbers in words
    assert counts["could i get a large oat latte please"] >= 2
    assert counts["i'd like a medium mocha with skim milk and extra sweetener please"] >= 2
    assert "add two orange juices" in counts


def test_written_requests_teach_word_orders_not_new_words(sentences: list[str]) -> None:
    counts = Counter(sentences)
    # from voice/natural_written.yaml, every word already in the corpus: said once
    assert counts["i'll have a grande cappuccino with an extra shot"] == 1
    assert counts["get me a tall flat white with almond milk"] == 1
    # "hazelnut" and "vanilla" are no words of this catalog's corpus: left out
    assert counts["add a hazelnut latte medium with soy milk"] == 0
    assert (
        counts["my wife wants a small vanilla latte with almond milk and just a little sweetener"]
        == 0
    )
