"""Cue phrases: the intent of sentences no template was written for."""

from __future__ import annotations

import pytest

from voice.cues import load_cues


def _best(text: str) -> tuple[str, str] | None:
    book = load_cues()
    ranked = book.rank(book.clean(text.split()))
    return (ranked[0].rule.name, ranked[0].remainder) if ranked else None


@pytest.mark.parametrize(
    ("text", "intent", "remainder"),
    [
        ("im thirsty get me an orange juice", "add_to_cart", "an orange juice"),
        ("could you take the croissants out please", "remove_from_cart", "croissants"),
        ("order the same thing as last time", "reorder", ""),
        ("say that again", "repeat", ""),
        ("repeat my last order", "reorder", ""),
        ("cancel my order", "cancel", ""),
        ("i dont want the latte anymore", "remove_from_cart", "latte"),
        ("make it three lattes", "set_quantity", "three lattes"),
        ("where is my coffee", "order_status", "coffee"),
        ("um could you get me a large latte please", "add_to_cart", "a large latte"),
        ("send a dozen roses", "add_to_cart", "a dozen roses"),
        ("yes add a latte", "add_to_cart", "a latte"),
        ("whats the total", "show_cart", ""),
        ("empty the whole cart", "clear_cart", ""),
    ],
)
def test_cues_pick_the_intent_and_leave_the_item_phrase(
    text: str, intent: str, remainder: str
) -> None:
    assert _best(text) == (intent, remainder)


def test_yes_and_no_count_only_in_short_answers() -> None:
    assert _best("yes") == ("confirm", "")
    assert _best("no thanks") == ("deny", "")
    # In a long sentence "no" is not an answer: nothing here is a cue of anything else.
    assert _best("no i would not be driving to the lake tomorrow") is None


def test_fillers_and_openings_are_dropped() -> None:
    book = load_cues()
    assert book.clean(["um", "could", "you", "please", "uh", "add", "a", "latte", "please"]) == [
        "add",
        "a",
        "latte",
    ]
    # A lone opening is the whole utterance: kept, not reduced to nothing.
    assert book.clean(["please"]) == []
    assert book.clean(["can", "you"]) == ["can", "you"]


def test_a_correction_is_split_off() -> None:
    book = load_cues()
    assert book.split_correction(["one", "espresso", "no", "make", "it", "two"]) == (
        ["one", "espresso"],
        ["two"],
    )
    assert book.split_correction(
        ["a", "medium", "mocha", "skim", "wait", "make", "that", "oat"]
    ) == (
        ["a", "medium", "mocha", "skim"],
        ["oat"],
    )
    # A marker at the start, or followed by a whole new sentence, is no correction.
    assert book.split_correction(["no", "thanks"]) == (["no", "thanks"], [])
