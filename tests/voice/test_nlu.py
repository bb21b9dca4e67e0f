"""Understanding text: every intent of CONTRACTS 4 and its slots, against the real catalog."""

from __future__ import annotations

from typing import Any

import pytest

from core.commands import Expecting, Intent, Source
from voice.nlu import Understander
from voice.templates import TemplateError, expand

pytestmark = pytest.mark.voice


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("find a latte", Intent.SEARCH, {"item": "latte"}),
        ("search for green tea", Intent.SEARCH, {"item": "green tea"}),
        ("do you have phone chargers", Intent.SEARCH, {"item": "phone chargers"}),
        ("lattes", Intent.SEARCH, {"item": "lattes"}),
        ("add two lattes to my cart", Intent.ADD_TO_CART, {"item": "lattes", "quantity": 2}),
        ("Add 2 lattes.", Intent.ADD_TO_CART, {"item": "lattes", "quantity": 2}),
        (
            "I'd like a couple of croissants",
            Intent.ADD_TO_CART,
            {"item": "croissants", "quantity": 2},
        ),
        (
            "add half a dozen bottled waters",
            Intent.ADD_TO_CART,
            {"item": "bottled waters", "quantity": 6},
        ),
        (
            "add a large oat latte",
            Intent.ADD_TO_CART,
            {"item": "latte", "quantity": 1, "options": {"size": "large", "milk": "oat"}},
        ),
        ("add a vanilla latte", Intent.ADD_TO_CART, {"item": "vanilla latte", "quantity": 1}),
        ("add it to my cart", Intent.ADD_TO_CART, {}),
        ("remove the lattes from my cart", Intent.REMOVE_FROM_CART, {"item": "lattes"}),
        ("change the lattes to three", Intent.SET_QUANTITY, {"item": "lattes", "quantity": 3}),
        ("make it four", Intent.SET_QUANTITY, {"quantity": 4}),
        ("what's in my cart", Intent.SHOW_CART, {}),
        ("clear my cart", Intent.CLEAR_CART, {}),
        ("check out", Intent.CHECKOUT, {}),
        ("yes", Intent.CONFIRM, {}),
        ("no thanks", Intent.DENY, {}),
        ("cancel my order", Intent.CANCEL, {}),
        ("where is my order", Intent.ORDER_STATUS, {}),
        ("repeat my last order", Intent.REORDER, {}),
        # "what I've ordered" alone is the cart; said with "last time" it is the last order
        ("I'll have what I've ordered last week", Intent.REORDER, {}),
        ("show me what I've ordered", Intent.SHOW_CART, {}),
        ("the second one", Intent.SELECT, {"ordinal": 2}),
        ("number three", Intent.SELECT, {"ordinal": 3}),
        ("what can I say", Intent.HELP, {}),
        ("say that again", Intent.REPEAT, {}),
        ("hello there how are you", Intent.UNKNOWN, {}),
        ("", Intent.UNKNOWN, {}),
    ],
)
def test_intents_and_slots(
    understander: Understander, text: str, intent: Intent, slots: dict[str, Any]
) -> None:
    command = understander.understand(text)
    assert command.intent is intent
    assert dict(command.slots) == slots
    assert command.source is Source.TEXT
    assert command.transcript == text


@pytest.mark.parametrize("text", ["yeah, no", "go on no", "yes no", "no, yes", "wait yes"])
def test_a_yes_and_a_no_together_are_no_yes(understander: Understander, text: str) -> None:
    """ "hold on, no" heard "go on no" was a yes to the read-back: it placed the order."""
    assert understander.understand(text, Expecting.CONFIRMATION).intent is Intent.UNKNOWN


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("yes that's right", Intent.CONFIRM),
        ("no that's not right", Intent.DENY),
        ("no, cancel", Intent.DENY),  # the cancel says the no again
    ],
)
def test_one_answer_said_with_more_words_stays_that_answer(
    understander: Understander, text: str, intent: Intent
) -> None:
    assert understander.understand(text, Expecting.CONFIRMATION).intent is intent


def test_context_changes_short_answers(understander: Understander) -> None:
    assert understander.understand("place the order").intent is Intent.CHECKOUT
    confirmed = understander.understand("place the order", Expecting.CONFIRMATION)
    assert confirmed.intent is Intent.CONFIRM
    choice = understander.understand("two", Expecting.CLARIFICATION)
    assert (choice.intent, dict(choice.slots)) == (Intent.SELECT, {"ordinal": 2})
    named = understander.understand("the green tea", Expecting.CLARIFICATION)
    assert named.intent is Intent.SELECT and named.slots["item"] == "green tea"
    pin = understander.understand("one two three four", Expecting.PIN)
    assert (pin.intent, dict(pin.slots)) == (Intent.ENTER_PIN, {"pin": "1234"})
    assert understander.understand("cancel", Expecting.PIN).intent is Intent.CANCEL


def test_recognizer_slips_are_tolerated(understander: Understander) -> None:
    """What Vosk typically returns for espeak-ng speech still means the right thing."""
    add = understander.understand("to latte to my cart")
    assert (add.intent, add.slots.get("quantity")) == (Intent.ADD_TO_CART, 2)
    assert understander.understand("it in my cart").intent is Intent.SHOW_CART
    assert understander.understand("make it free").slots == {"quantity": 3}
    search = understander.understand("the for lattes")  # "search for lattes", not four
    assert (search.intent, dict(search.slots)) == (Intent.SEARCH, {"item": "lattes"})
    removal = understander.understand("latte from my cart")
    assert (removal.intent, dict(removal.slots)) == (Intent.REMOVE_FROM_CART, {"item": "latte"})


def test_source_and_confidence_are_kept(understander: Understander) -> None:
    command = understander.understand("yes", source=Source.VOICE, confidence=0.7)
    assert (command.source, command.confidence) == (Source.VOICE, 0.7)


def test_template_expansion() -> None:
    assert expand("add [the] (cart|basket)") == [
        ["add", "the", "cart"],
        ["add", "the", "basket"],
        ["add", "cart"],
        ["add", "basket"],
    ]
    with pytest.raises(TemplateError):
        expand("add (the|a")


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        # Phrasings of issue 10 that no template was written for.
        ("I'm thirsty, get me an orange juice", Intent.ADD_TO_CART, {"item": "orange juice"}),
        ("could you take the croissants out please", Intent.REMOVE_FROM_CART, {}),
        ("order the same thing as last time", Intent.REORDER, {}),
        ("um could you get me a large latte please", Intent.ADD_TO_CART, {"item": "latte"}),
        ("send a dozen roses", Intent.ADD_TO_CART, {"quantity": 12, "item": "roses"}),
        ("orange juice, three of them", Intent.ADD_TO_CART, {"quantity": 3}),
        # A pair of what is sold as a pair is one of it; a pair of anything else is two.
        ("a pair of wireless earbuds please", Intent.ADD_TO_CART, {"quantity": 1}),
        ("add a pair of croissants", Intent.ADD_TO_CART, {"quantity": 2}),
        ("say that again", Intent.REPEAT, {}),
        ("repeat my last order", Intent.REORDER, {}),
        # "what I've ordered" alone is the cart; said with "last time" it is the last order
        ("I'll have what I've ordered last week", Intent.REORDER, {}),
        ("show me what I've ordered", Intent.SHOW_CART, {}),
        ("what's the weather like", Intent.UNKNOWN, {}),
    ],
)
def test_paraphrases_without_a_template(
    understander: Understander, text: str, intent: Intent, slots: dict[str, object]
) -> None:
    command = understander.understand(text)
    assert command.intent is intent
    assert slots.items() <= dict(command.slots).items()


def test_the_contract_sentence_is_one_add_with_seven_options(understander: Understander) -> None:
    command = understander.understand(
        "A large dark roast triple shot mocha with a little soy milk and lots of brown sugar"
    )
    assert command.intent is Intent.ADD_TO_CART
    assert command.slots["item"] == "mocha"
    assert command.slots["options"] == {
        "size": "large",
        "roast": "dark",
        "shots": "triple",
        "milk": "soy",
        "milk_amount": "little",
        "sweetener": "brown sugar",
        "sweetener_amount": "extra",
    }


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("let's go with the second", {"ordinal": 2}),
        ("the one with almond milk", {"options": {"milk": "almond"}}),
        ("the dark roast", {"options": {"roast": "dark"}}),
    ],
)
def test_answers_to_which_one(text: str, slots: dict[str, object]) -> None:
    command = Understander().understand(text, Expecting.CLARIFICATION)
    assert command.intent is Intent.SELECT
    assert dict(command.slots) == slots


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("one espresso, no, make it two", {"item": "espresso", "quantity": 2}),
        ("add four blueberry muffins, no, three", {"quantity": 3}),
        (
            "a medium mocha with skim milk, wait, make that oat",
            {"options": {"size": "medium", "milk": "oat"}},
        ),
        # "no sugar" is an option, not a correction.
        ("a large latte no sugar", {"options": {"size": "large", "sweetener": "none"}}),
    ],
)
def test_spoken_corrections(
    understander: Understander, text: str, slots: dict[str, object]
) -> None:
    command = understander.understand(text)
    assert command.intent is Intent.ADD_TO_CART
    assert slots.items() <= dict(command.slots).items()


def test_an_article_is_no_new_quantity(understander: Understander) -> None:
    # "change" is a set-quantity cue, but "a" sets no quantity: this is not about the cart.
    assert understander.understand("how do I change a tire").intent is not Intent.SET_QUANTITY
    # and "I'd like to also get" leaves no "to" to be heard as "two".
    command = understander.understand("I'd like to also get a sandwich if you have them")
    assert command.slots.get("quantity") == 1


@pytest.mark.parametrize(
    "text", ["I'd like to then get a muffin", "we want to all so get an orange juice"]
)
def test_to_before_another_count_is_no_two(understander: Understander, text: str) -> None:
    # "to" stands for "two" only when nothing else in the phrase counts the item
    command = understander.understand(text)
    assert command.intent is Intent.ADD_TO_CART
    assert command.slots.get("quantity", 1) == 1
