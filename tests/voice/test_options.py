"""Spoken made-to-order choices → CONTRACTS section 7 canonical values (voice.options).

Every expectation is written out by hand, not derived from the lexicon.
"""

from __future__ import annotations

import pytest

from voice.options import LEXICON, extract_options, option_words

CONTRACT_SENTENCE = (
    "a large dark roast triple shot mocha with a little soy milk and lots of brown sugar"
)


def test_the_contract_sentence_sets_exactly_its_seven_options() -> None:
    match = extract_options(CONTRACT_SENTENCE)
    assert match.options == {
        "size": "large",
        "roast": "dark",
        "shots": "triple",
        "milk": "soy",
        "milk_amount": "little",
        "sweetener": "brown sugar",
        "sweetener_amount": "extra",
    }
    assert match.remainder == "a mocha"
    assert not match.extra_shot
    assert match.conflicts == ()


CASES: list[tuple[str, dict[str, str]]] = [
    # size in words and ounces
    ("a small latte", {"size": "small"}),
    ("a medium latte", {"size": "medium"}),
    ("one extra large americano", {"size": "extra large"}),
    ("an extra-large americano", {"size": "extra large"}),
    ("an eight ounce cappuccino", {"size": "small"}),
    ("a twelve ounce flat white", {"size": "medium"}),
    ("a sixteen ounce iced coffee", {"size": "large"}),
    ("a sixteen-ounce house coffee", {"size": "large"}),
    ("a 16 oz drip coffee", {"size": "large"}),
    ("a twenty ounce iced mocha", {"size": "extra large"}),
    ("20 ounces of drip coffee", {"size": "extra large"}),
    ("a grande latte", {"size": "large"}),
    ("a venti mocha", {"size": "extra large"}),
    # roast, and "medium" between size and roast
    ("a light roast coffee", {"roast": "light"}),
    ("a medium roast drip coffee", {"roast": "medium"}),
    ("a medium dark roast coffee", {"size": "medium", "roast": "dark"}),
    ("a large medium roast coffee", {"size": "large", "roast": "medium"}),
    ("a blonde roast americano", {"roast": "light"}),
    ("a dark rose house coffee", {"roast": "dark"}),  # ASR writes "roast" as "rose"
    # shots
    ("a single shot latte", {"shots": "single"}),
    ("a latte with one shot", {"shots": "single"}),
    ("a double shot cappuccino", {"shots": "double"}),
    ("a cappuccino with two shots", {"shots": "double"}),
    ("a double espresso", {"shots": "double"}),
    ("a triple latte", {"shots": "triple"}),
    ("a mocha with three shots", {"shots": "triple"}),
    # milk kinds
    ("a latte with milk", {"milk": "whole"}),
    ("a latte with whole milk", {"milk": "whole"}),
    ("a skim latte", {"milk": "skim"}),
    ("a nonfat cappuccino", {"milk": "skim"}),
    ("a non-fat cappuccino", {"milk": "skim"}),
    ("a latte with almond milk", {"milk": "almond"}),
    ("an almond latte", {"milk": "almond"}),
    ("an oat flat white", {"milk": "oat"}),
    ("a coffee with cream", {"milk": "cream"}),
    ("a black coffee", {"milk": "none"}),
    ("an americano with no milk", {"milk": "none"}),
    # milk amounts bound to the milk phrase
    ("a coffee with a bit of milk", {"milk": "whole", "milk_amount": "little"}),
    ("a coffee with a little bit of oat milk", {"milk": "oat", "milk_amount": "little"}),
    ("a coffee with a splash of cream", {"milk": "cream", "milk_amount": "little"}),
    ("a coffee with some skim milk", {"milk": "skim", "milk_amount": "regular"}),
    ("a coffee with a lot of milk", {"milk": "whole", "milk_amount": "extra"}),
    ("a latte with extra almond milk", {"milk": "almond", "milk_amount": "extra"}),
    # sweeteners and their amounts
    ("a coffee with sugar", {"sweetener": "sugar"}),
    ("a mocha with brown sugar", {"sweetener": "brown sugar"}),
    ("a latte with sweetener", {"sweetener": "sweetener"}),
    ("a latte with sugar-free sweetener", {"sweetener": "sweetener"}),
    ("a latte with splenda", {"sweetener": "sweetener"}),
    ("a coffee with no sugar", {"sweetener": "none"}),
    ("an unsweetened iced coffee", {"sweetener": "none"}),
    ("a coffee with a little sugar", {"sweetener": "sugar", "sweetener_amount": "little"}),
    ("a coffee with lots of sugar", {"sweetener": "sugar", "sweetener_amount": "extra"}),
    ("a coffee with some brown sugar", {"sweetener": "brown sugar", "sweetener_amount": "regular"}),
    # both at once, each amount on its own group
    (
        "a latte with lots of oat milk and a bit of sugar",
        {"milk": "oat", "milk_amount": "extra", "sweetener": "sugar", "sweetener_amount": "little"},
    ),
    ("a black coffee no sugar", {"milk": "none", "sweetener": "none"}),
    ("a coffee with no milk or sugar", {"milk": "none", "sweetener": "none"}),
    ("a coffee with milk and sugar", {"milk": "whole", "sweetener": "sugar"}),
    ("a coffee with cream and sugar", {"milk": "cream", "sweetener": "sugar"}),
    # nothing to find
    ("add two lattes to my cart", {}),
    ("what's in my cart", {}),
    ("a blueberry muffin", {}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text for text, _ in CASES])
def test_spoken_forms_map_to_canonical_values(text: str, expected: dict[str, str]) -> None:
    assert extract_options(text).options == expected


def test_amounts_attach_to_the_group_they_precede() -> None:
    match = extract_options("a little soy milk and lots of brown sugar")
    assert match.options == {
        "milk": "soy",
        "milk_amount": "little",
        "sweetener": "brown sugar",
        "sweetener_amount": "extra",
    }
    flipped = extract_options("lots of soy milk and a little brown sugar")
    assert flipped.options["milk_amount"] == "extra"
    assert flipped.options["sweetener_amount"] == "little"


def test_an_amount_said_last_binds_back_to_the_milk_or_sugar_before_it() -> None:
    match = extract_options("a mocha with oat milk, just a little")
    assert match.options == {"milk": "oat", "milk_amount": "little"}
    assert match.remainder == "a mocha"
    assert extract_options("an americano with sugar, lots").options["sweetener_amount"] == "extra"
    # Not when more follows: "extra hot" says nothing about the cream.
    assert "milk_amount" not in extract_options("a mocha with cream extra hot").options
    # Not onto "no milk": there is no amount of none.
    assert "milk_amount" not in extract_options("a latte, no milk, a little").options


def test_an_extra_shot_is_reported_relative_not_as_a_value() -> None:
    match = extract_options("a latte with an extra shot")
    assert match.options == {}
    assert match.extra_shot and match.extra_shots == 1
    assert match.remainder == "a latte"
    assert extract_options("a double with two extra shots").extra_shots == 2
    assert extract_options("a latte with two shots").extra_shots == 0


def test_extra_large_is_a_size_and_extra_milk_an_amount() -> None:
    match = extract_options("an extra large latte with extra milk")
    assert match.options == {"size": "extra large", "milk": "whole", "milk_amount": "extra"}


def test_spans_give_the_words_and_characters_consumed() -> None:
    text = "I'd like a Large latte, with oat milk please"
    match = extract_options(text)
    assert [span.text for span in match.spans] == ["large", "oat milk"]
    assert [text[span.start : span.end] for span in match.spans] == ["Large", "oat milk"]
    assert [(span.first_word, span.end_word) for span in match.spans] == [(3, 4), (6, 8)]
    assert match.spans[1].options == {"milk": "oat"}
    assert match.remainder == "id like a latte please"


def test_connectors_before_another_item_stay() -> None:
    match = extract_options("a latte with oat milk and a croissant")
    assert match.options == {"milk": "oat"}
    assert match.remainder == "a latte and a croissant"


def test_a_group_said_twice_keeps_the_last_and_reports_the_conflict() -> None:
    match = extract_options("a small latte no make it a large")
    assert match.options == {"size": "large"}
    assert match.conflicts == ("size",)


def test_a_value_that_sounds_like_a_group_word_yields_to_a_plain_one() -> None:
    # "short" is a size, and the recognizer's usual "shot": a plainly said size stays
    found = extract_options("a large mocha with soy milk double short")
    assert found.options["size"] == "large" and found.conflicts == ()
    assert extract_options("a short latte").options == {"size": "small"}


def test_numbers_that_are_not_ounces_or_shots_are_left_for_the_quantity() -> None:
    match = extract_options("twelve lattes with two shots")
    assert match.options == {"shots": "double"}
    assert match.remainder == "twelve lattes"


def test_every_canonical_value_of_the_contract_has_spoken_forms() -> None:
    assert {group: sorted(values) for group, values in LEXICON.items()} == {
        "size": ["extra large", "large", "medium", "small"],
        "roast": ["dark", "light", "medium"],
        "shots": ["double", "single", "triple"],
        "milk": ["almond", "cream", "none", "oat", "skim", "soy", "whole"],
        "sweetener": ["brown sugar", "none", "sugar", "sweetener"],
    }
    assert {"ounce", "oz", "splash", "lots", "sweetener"} <= option_words()


# What a recognizer makes of spoken orders: lost or misheard "a"/"of", bare head words.
ASR_CASES: list[tuple[str, dict[str, str], str]] = [
    ("a coffee with a lot have soy milk", {"milk": "soy", "milk_amount": "extra"}, "a coffee"),
    ("a latte bit of skim", {"milk": "skim", "milk_amount": "little"}, "a latte"),
    ("a mocha lot almond milk", {"milk": "almond", "milk_amount": "extra"}, "a mocha"),
    ("a cappuccino large with almonds", {"size": "large", "milk": "almond"}, "a cappuccino"),
    ("a mocha with lots the sugar", {"sweetener": "sugar", "sweetener_amount": "extra"}, "a mocha"),
    ("a latte with a lot of a milk", {"milk": "whole", "milk_amount": "extra"}, "a latte"),
    ("a coffee with plenty off cream", {"milk": "cream", "milk_amount": "extra"}, "a coffee"),
    (
        "a coffee with little of the sugar",
        {"sweetener": "sugar", "sweetener_amount": "little"},
        "a coffee",
    ),
    ("a coffee with some of the oat milk", {"milk": "oat", "milk_amount": "regular"}, "a coffee"),
    (
        "a coffee with a bit uh brown sugar",
        {"sweetener": "brown sugar", "sweetener_amount": "little"},
        "a coffee",
    ),
    (
        "a latte with some sugar free sweetener",
        {"sweetener": "sweetener", "sweetener_amount": "regular"},
        "a latte",
    ),
    ("a medium medium roast latte", {"size": "medium", "roast": "medium"}, "a latte"),
    ("a large medium rose drip coffee", {"size": "large", "roast": "medium"}, "a drip coffee"),
    ("a large ice coffee", {"size": "large"}, "a ice coffee"),
    ("a small ice mocha with milk", {"size": "small", "milk": "whole"}, "a ice mocha"),
    ("an americano black no sugar", {"milk": "none", "sweetener": "none"}, "an americano"),
    ("two shots of espresso", {"shots": "double"}, "espresso"),
    ("a double shot espresso", {"shots": "double"}, "a espresso"),
    ("a double shot of espresso", {"shots": "double"}, "a espresso"),
    ("a latte with two shots of espresso", {"shots": "double"}, "a latte"),
    ("a mocha with a single shot of espresso", {"shots": "single"}, "a mocha"),
    ("a ounce latte", {"size": "small"}, "latte"),
    ("an eight ounce latte", {"size": "small"}, "an latte"),
    ("a ate ounce mocha", {"size": "small"}, "a mocha"),
    ("twelve ounces drip coffee", {"size": "medium"}, "drip coffee"),
]


@pytest.mark.parametrize(
    ("text", "expected", "remainder"), ASR_CASES, ids=[text for text, _, _ in ASR_CASES]
)
def test_recognized_speech_slips_still_map(
    text: str, expected: dict[str, str], remainder: str
) -> None:
    match = extract_options(text)
    assert match.options == expected
    assert match.remainder == remainder


def test_an_amount_binds_only_through_glue_and_only_to_milk_or_sugar() -> None:
    assert extract_options("a lot").options == {}  # cut off before the milk
    assert extract_options("a little ice").options == {}
    assert extract_options("a bit of a latte").remainder == "a bit of a latte"
    # three words between: too far to be a lost "a"/"of"
    assert extract_options("lots uh the a milk").options == {"milk": "whole"}
    # "sugar free" is the longest phrase there, and a "none" takes no amount
    assert extract_options("some sugar free").options == {"sweetener": "none"}


def test_an_extra_shot_of_espresso_is_relative_and_names_no_drink() -> None:
    match = extract_options("a latte with an extra shot of espresso")
    assert match.options == {}
    assert match.extra_shots == 1
    assert match.remainder == "a latte"
    assert [span.text for span in match.spans] == ["an extra shot of espresso"]
    assert extract_options("a mocha plus two extra shots of espresso").extra_shots == 2
    assert extract_options("a latte extra shots").extra_shots == 1  # a stray plural "s"


def test_a_shot_of_espresso_alone_leaves_the_drink_in_the_remainder() -> None:
    match = extract_options("a double shot of espresso please")
    assert match.options == {"shots": "double"}
    assert [span.text for span in match.spans] == ["double shot of"]
    assert match.remainder == "a espresso please"


def test_with_a_joins_an_option_but_and_a_may_start_another_item() -> None:
    assert extract_options("a mocha with a single shot of espresso").remainder == "a mocha"
    assert extract_options("a latte with a double shot").remainder == "a latte"
    match = extract_options("a latte and a double shot espresso")
    assert match.options == {"shots": "double"}
    assert match.remainder == "a latte and a espresso"
