"""Words of a spoken add that nothing in its reading explains (voice.unclear), found by the
real understander over the real catalog: garble in the item phrase or the "with" clause is
caught; babble before the request, talk around an order and a plain order are not."""

from __future__ import annotations

import pytest

from core.commands import Intent, Source
from voice.nlu import Understander


@pytest.mark.parametrize(
    ("heard", "unclear"),
    [
        ("get a dark roast house coffee with cola", ("cola",)),
        ("give me a double shot twelve ounce iced mocha with on friday", ("friday",)),
        ("i want a dark roast single shot espresso with a bit a honey milk", ("honey",)),
        ("make me a sixteen ounce dark roast size coffee", ("size",)),
        ("can i have a medium double shot light roast flat", ("flat",)),
        (
            "i want a small triple shot dark roast iced coffee with skim milk and sweetener "
            "the engine oil",
            ("engine", "oil"),
        ),
        # a group named without a value the reading knows: the value was misheard
        ("i'd like a right roast double shot mocha with some almond milk", ("right",)),
        ("a tree shot latte please", ("tree",)),
        ("i'd like a single shot espresso with almond milk and put a sugar", ("put",)),
        # a person inside the "with" clause: "a bit of" was misheard (its "a" is left over)
        (
            "let me get a medium light roast coffee with a me milk and a little brown sugar",
            ("me", "a"),
        ),
        # a count the reading disagrees with: the number word was misheard
        ("i'd like the cappuccinos", ("cappuccinos",)),
        ("we need to on the mochas", ("mochas", "on")),
        ("can we get a free lattes", ("lattes",)),
        ("give me a sandwiches", ("sandwiches",)),  # "give me two sandwiches" misheard
        ("add a phone chargers", ("chargers",)),  # "a" right before a name of two words
        ("bottles of water for the road trip", ("bottles",)),  # "ten bottles": how many?
        # more than one, read from a sound-alike alone before "my": "buy" was misheard
        ("i'd like to my bottle of windshield washer fluid", ("to",)),
        # an "a" ends the item phrase: the second item's name was taken for "cart"
        ("could you add a muffin a car", ("a",)),
        ("i'd like a", ("a",)),  # the item's name was lost
        ("may i have a sixteen ounce single", ("single",)),  # made to order, but what?
        ("can i get two a croissant", ("a",)),
        ("a mocha with soy milk both small", ("both",)),
        # one option said twice with no correction between: one of them was misheard
        ("a small americano with oat milk extra large", ("small",)),
        # or the same one twice: the second was something else, heard as it
        ("can i get a large mocha with cream and large sugar", ("large",)),
        # a removal's word in an add: "out" was "oat"
        ("a medium out cappuccino please", ("out",)),
        # an order cut off before its end: the last words were not heard
        ("i'd like a latte with cream and a little bit", ("bit",)),
        ("brew a small triple shot light roast latte with brown sugar and", ("and",)),
        # a stray right before the name, where a size or a milk is said ("long" was "large")
        ("can i get a long americano with brown sugar", ("long",)),
        ("i'd like last drip coffee with cream and sweetener", ("last",)),
        ("could you add that will my mocha with soy milk", ("will",)),  # "twelve ounce"
        # a "for" before the name says who it is for; it does not excuse garble after it
        ("get for a croissants light on", ("light", "croissants")),
        # "instead" corrects an earlier order: a second line is not what was meant
        ("i'd like two croissants instead of do", ("instead",)),
        # two drinks run together in one item phrase: a reading of one would drop the other
        ("americano a double shot cappuccino with soy milk", ("cappuccino",)),
        # "cancel" takes something back: no add was meant
        ("get a croissant no cancel", ("cancel",)),
        # "forget" with no request after it: "forget the flat white" was a removal
        ("forget it a flat white", ("forget",)),
        # "on" after a count was "of" or "rid of" ("get rid of the phone charger")
        ("get three on the phone charger", ("on",)),
        # "have a dozen" with no one to have: "half a dozen" heard, six read as twelve
        ("have a dozen blueberry muffins please", ("have",)),
        # no item named and the count only a sound-alike: "to" was no "two"
        ("can i get to my regular", ("to",)),
    ],
)
def test_garbled_words_in_an_order_are_unclear(
    understander: Understander, heard: str, unclear: tuple[str, ...]
) -> None:
    command = understander.understand(heard, source=Source.VOICE)
    assert command.intent is Intent.ADD_TO_CART
    assert command.unclear == unclear


@pytest.mark.parametrize(
    "heard",
    [
        "get me a dark roast house coffee",
        "cheese can i have a medium roast double shot cappuccino",
        "um could you add two large oat lattes please",
        "may i have a large double shot mocha with lots of cream and brown sugar",
        "i'd like a twenty ounce iced coffee with a little bit of skim milk",
        "add three croissants to my cart",
        "we could use some croissants for the road",
        "grab two bottles of water",
        "lets get her some roses",
        "one rose for my wife",
        "for my wife a large latte with oat milk",
        "an espresso shot",
        "a double shot of espresso",
        "an eight ounce latte with an extra shot",
        "i'd like some more muffins",
        "a small latte, no, a large one",
        "i ran out of water so add a bottled water",
        "may i have a dark roast double shot lattes",  # "a" says one: the "s" was noise
        "i'd like a large mocha with soy milk double short",  # "short" was "shot"
        "add a large one",  # the one on the screen
        "add another",
        "forget it, add a flat white",  # the request after the "forget" is what is asked
        "add two",  # two of the one on the screen
        "can i get two green teas",
        "i'd like to order two lattes",
        "a dozen lattes for the office",
        "i want to house coffee with sugar",  # "to" before a name is its count, as said
        "add another one",
        "add two lattes on my order",
        "get three of the phone chargers",
        "can i have a dozen croissants",
        "i'll have a dozen blueberry muffins",
        "i'm hungry add a ham and cheese wrap",  # the "and" of the name is the name's
        "add a jug of washer fluid",  # what it comes in
        "i need some caffeine an americano please",  # an aside before "an americano"
    ],
)
def test_a_plain_order_has_nothing_unclear(understander: Understander, heard: str) -> None:
    command = understander.understand(heard, source=Source.VOICE)
    assert command.intent is Intent.ADD_TO_CART
    assert command.unclear == ()


def test_a_name_with_a_variant_word_in_it_is_that_item(understander: Understander) -> None:
    # "iced" is a latte's variant word, but Iced Coffee is an item of its own
    command = understander.understand("make me a sixteen ounce dark roast iced coffee regular")
    assert command.slots["item"] == "iced coffee"
    assert command.slots["options"] == {"size": "large", "roast": "dark"}


@pytest.mark.parametrize(
    ("heard", "intent", "unclear"),
    [
        ("no more green take it off", Intent.REMOVE_FROM_CART, ("green",)),
        ("change the orange to three", Intent.SET_QUANTITY, ("orange",)),
        # a removal's word in a new count: the words around it were misheard
        ("i only need green tea leave out two", Intent.SET_QUANTITY, ("out",)),
        # the count said before "instead" is the new one; a reading of the other is unsure
        ("make the muffins two instead have four", Intent.SET_QUANTITY, ("two",)),
    ],
)
def test_a_removal_or_a_new_count_naming_an_item_in_part_is_unclear(
    understander: Understander, heard: str, intent: Intent, unclear: tuple[str, ...]
) -> None:
    command = understander.understand(heard, source=Source.VOICE)
    assert command.intent is intent
    assert command.unclear == unclear


@pytest.mark.parametrize(
    "heard", ["take the green tea out", "remove two croissants", "change the lattes to three"]
)
def test_a_plain_removal_or_new_count_is_clear(understander: Understander, heard: str) -> None:
    assert understander.understand(heard, source=Source.VOICE).unclear == ()
