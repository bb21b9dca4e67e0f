"""Words of a spoken order that nothing in its reading explains.

Noise and babble make the recognizer put words into an order that nobody said ("a dark roast
house coffee with cola", "a double shot iced mocha with on friday") or cut a name short ("a
light roast flat"). The reading cannot place those words, drops them, and adds a drink the
person may not have asked for: a wrong cart line, which costs a driver more than a question.
So a spoken add is checked back before anything is added when its words are not all
explained (car_ui.session.cart). On the real dev clips (clean, cabin and babble) this halved
the wrong lines (17 of 404 turns to 9) and asked about 4 turns that had been right. These
places are looked at, where such words change the line:

- the item phrase, which decides the item: a word there that is neither the item's names nor
  glue, a determiner, a variant or a measure ("a bottle of water") is a stray ("size coffee",
  "house coffee cola"), and so is another item's whole name ("mocha a latte");
- the item's names: a phrase that says none of them whole ("flat" for a Flat White);
- the made-to-order clause after "with", which decides the options, up to where another
  clause starts ("for the road", "please"): a word there that is no option, amount, number or
  word of the domain's sentences ("with cola", "with a bit a honey milk").

  A word that asks for something ("put", "get") or says a person ("me") is no option either,
  though the domain says it;
- a word that names an option group ("roast", "shot", "ounce") when the reading took no value
  for that group: the value was said but misheard ("a right roast mocha", "a tree shot latte");
- an option group said twice ("a large mocha with lots of cream and large"), with two values
  or one, and no correction between;
- words that say the reading missed what was meant: a removal's "out" or "off", "instead" or
  "cancel" in an add, and in a new count a number other than the one said before "instead"
  or "not" ("make them three instead have one").

Everything else is left alone: babble before a request ("cheese can i have a cappuccino") is
the room, not the order, and what a person adds around an order ("for my mom", "for the
office", "the battery is low", "i need some caffeine, an americano") is talk a real order has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

from core.commands import Intent
from core.numbers import words_to_number
from core.plurals import singular
from voice.item_phrases import MEASURES, PRONOUNS, ItemPhrases, purpose_span
from voice.options import SLOT_GROUPS, SLOT_WORDS, extract_options, sounds_like_a_group_word
from voice.templates import normalize_text

# The intents that change the cart: what they name is checked.
CART_CHANGES = frozenset({Intent.ADD_TO_CART, Intent.REMOVE_FROM_CART, Intent.SET_QUANTITY})
# Where the made-to-order clause ends: another clause begins.
_CLAUSE_ENDS = frozenset(
    {"for", "please", "thanks", "thank", "to", "then", "but", "because", "cause", "so", "if"}
)
# Words that ask for something: inside the "with" clause they are garble ("with almond milk and
# put a sugar") or a second request, never an option.
_REQUEST_VERBS = frozenset({"put", "add", "get", "give", "grab", "bring", "want", "order"})
# Words for the people talking: inside the "with" clause they are garble too ("with a me milk"
# was "with a bit of milk"), though the domain's sentences say them ("get me").
_PERSONS = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})
# Words that follow no count: after "to" or "for" they say it was no number ("to my cart").
_BEFORE_NO_COUNT = frozenset({"my", "the", "your", "our", "his", "her", "their"})
# Words before a plural that say no number was meant: "some croissants", "more waters".
_NO_COUNT = frozenset({"some", "more", "any", "all"})
# The articles: "a" says one, and "an americano" opens a named item.
_ARTICLES = frozenset({"a", "an"})
# Words the recognizer writes for a spoken number: "to"/"too" (two), "free"/"tree" (three),
# "for" (four).
_NUMBER_SOUND_ALIKES = frozenset({"to", "too", "free", "tree", "for"})
# Words a "have" follows when it is the verb ("can i have a dozen", "we'll have a dozen"); with
# none before it, "have a dozen" is the recognizer's "half a dozen", six and not twelve.
_HAVE_TAKERS = frozenset(
    {"i", "we", "you", "ill", "id", "well", "wed", "me", "us", "can", "could", "may", "might"}
    | {"will", "would", "to", "and", "lets", "let"}
)
# Small words inside a name that a reading's item phrase leaves out with the glue ("ham cheese
# wrap" says the Ham and Cheese Wrap whole).
_NAME_JOINERS = frozenset({"and", "of", "with", "the", "in", "on"})
# Words that take something out: no part of an add ("a large out latte" was an oat latte).
_REMOVAL_PARTICLES = frozenset({"out", "off"})
# Words an order cannot end on: the words after them were lost ("with cream and a little bit"),
# to noise, to the endpointer or to a passenger talking over the end.
_OPEN_ENDS = frozenset({"with", "and", "or", "of", "a", "an", "the", "some", "lots", "lot", "bit"})
# Words in an add that take something back or correct it: the reading missed what was meant.
_TAKING_BACK = frozenset({"instead", "cancel"})
# Words that take back what follows them ("forget the latte"), unless a request follows.
_TAKE_BACK_VERBS = frozenset({"forget", "scratch"})
# Words after a count that make it the new one ("three instead of one", "two, not three").
_NEW_COUNT_MARKS = frozenset({"instead", "not"})
# Words before a group's word that name no value of it: "a shot of espresso", "an espresso shot".
_NO_VALUE = frozenset({"a", "an", "the", "of", "espresso"})
# One-word forms of the words that name each option group.
_GROUP_WORDS = {
    SLOT_GROUPS[slot]: frozenset(form for form in forms if " " not in form)
    for slot, forms in SLOT_WORDS.items()
}


def unclear_in_reading(
    words: list[str],
    intent: Intent,
    slots: Mapping[str, Any],
    phrases: ItemPhrases,
    *,
    corrected: bool,
    domain_words: frozenset[str],
) -> tuple[str, ...]:
    """The words of a change to the cart that its reading (`intent`, `slots`) leaves
    unexplained: all of an add's, the item phrase's of a removal or a new count. `words` are
    the utterance's, fillers removed; `corrected` says it has a spoken correction ("a small,
    no, a large"), where two values of one group are meant."""
    phrase = str(slots.get("item") or "")
    if intent is Intent.ADD_TO_CART and not phrase and words:
        if words[-1] in _OPEN_ENDS:
            return (words[-1],)  # "i'd like a": the item's name was lost
        if slots.get("options") and not set(words) & PRONOUNS:
            return (words[-1],)  # "a sixteen ounce single": made to order, but what?
        if slots.get("quantity") is not None:
            return _count_by_sound(words, int(slots["quantity"]))
    item_id = phrases.best_item(phrase) if phrase else None
    if item_id is None or intent not in CART_CHANGES:
        return ()
    names = phrases.names(item_id)
    strays = [
        *_before_the_named_item(phrase.split(), phrases.strays(phrase, item_id)),
        *phrases.other_items(phrase, item_id),
    ]
    if intent is not Intent.ADD_TO_CART:
        spoken = [normalize_text(name).split() for name in names]
        found = unclear_item_words(words, phrase, spoken, strays)
        if intent is Intent.SET_QUANTITY:  # "just want orange juice leave out three"
            found += _removal_particles(words) + _against_correction(words, slots.get("quantity"))
        return tuple(dict.fromkeys(found))
    quantity = slots.get("quantity")
    twice = [] if corrected else said_twice(words)
    return (
        *twice,
        *unclear_words(
            words,
            phrase,
            names,
            stray_in_phrase=strays,
            domain_words=domain_words,
            groups_read=[
                *(slots.get("options") or {}),
                *(["shots"] if slots.get("extra_shots") else []),
            ],
            quantity=int(quantity) if quantity is not None else None,
        ),
    )


def _count_by_sound(words: Sequence[str], quantity: int) -> tuple[str, ...]:
    """The sound-alike ("to", "for") the count was read from, when no number word says it and
    a determiner follows it, as it follows no count ("can i get to my regular", "i'd like to
    my bottle of washer fluid": "two my" is said by no one)."""
    said = [w for w in words if words_to_number(w) == quantity and w not in _ARTICLES]
    if not said or any(w not in _NUMBER_SOUND_ALIKES for w in said):
        return ()
    after = words[words.index(said[0]) + 1 :][:1]
    return (said[0],) if after and after[0] in _BEFORE_NO_COUNT else ()


def _before_the_named_item(phrase: Sequence[str], strays: Sequence[str]) -> list[str]:
    """The strays of an item phrase less the talk before an "a" or "an" that opens the named
    item with none after it ("i need some caffeine, an americano"): a person's aside, not a
    garbled name."""
    opened = max((i for i, w in enumerate(phrase) if w in _ARTICLES), default=0)
    named = set(phrase[opened:])
    if not opened or named & set(strays):
        return list(strays)
    return [w for w in strays if w in named]


def unclear_words(
    words: Sequence[str],
    item_phrase: str,
    names: Iterable[str],
    *,
    stray_in_phrase: Sequence[str],
    domain_words: frozenset[str],
    groups_read: Iterable[str] = (),
    quantity: int | None = None,
) -> tuple[str, ...]:
    """The words of an add's utterance (`words`, fillers removed) that its reading leaves
    unexplained: those of `unclear_item_words`, the words of the "with" clause that are no
    option or domain word, the word before a group's name when the reading took no value for
    that group (`groups_read`), the count words that disagree with `quantity` (the count
    read), a removal's "out" or "off" ("a large out latte", "to wash off"), an "on" after a
    count (a misheard "of", or "rid of": "get three on the phone charger"), a correction's
    "instead" or a "cancel", the "have" of a "half a dozen" heard as "have a dozen", a last
    word that needs more after it ("with", "and"), and an "a" that ends the item phrase."""
    spoken = [normalize_text(name).split() for name in names]
    name_words = {singular(w) for name in spoken for w in name}
    unclear = unclear_item_words(words, item_phrase, spoken, stray_in_phrase)
    unclear += [
        word
        for word in _with_clause(words, name_words)
        if word in _REQUEST_VERBS
        or word in _PERSONS
        or not (
            word in domain_words
            or singular(word) in domain_words
            or singular(word) in name_words
            or words_to_number(word) is not None
        )
    ]
    unclear += _unread_values(words, set(groups_read), name_words)
    unclear += _miscounted(words, item_phrase.split(), spoken, quantity)
    unclear += _removal_particles(words)
    unclear += [b for a, b in pairwise(words) if b == "on" and words_to_number(a) is not None]
    unclear += [w for w in words if w in _TAKING_BACK]
    unclear += _taken_back_with_no_request(words)
    unclear += _half_heard_as_have(words)
    if len(words) > 1 and words[-1] in _OPEN_ENDS:
        unclear.append(words[-1])  # "... with a little bit": what came after was not heard
    # "add a muffin a car(t)": the item phrase ends in an "a", a second name was lost
    unclear += [w for w in item_phrase.split()[-1:] if w in _ARTICLES]
    return tuple(dict.fromkeys(unclear))


def _taken_back_with_no_request(words: Sequence[str]) -> list[str]:
    """A "forget" or "scratch" with no request after it: "forget it a flat white" was "forget
    the flat white", a removal, where "forget it, add a flat white" asks for one."""
    return [
        word
        for at, word in enumerate(words)
        if word in _TAKE_BACK_VERBS and not set(words[at + 1 :]) & _REQUEST_VERBS
    ][:1]


def _half_heard_as_have(words: Sequence[str]) -> list[str]:
    """The "have" of "have a dozen" with no one before it to have: a "half a dozen" heard
    (the two sound alike), so the count of twelve read from it may be six."""
    return [
        "have"
        for i in range(len(words) - 2)
        if words[i : i + 3] == ["have", "a", "dozen"]
        and (i == 0 or words[i - 1] not in _HAVE_TAKERS)
    ][:1]


def _against_correction(words: Sequence[str], quantity: Any) -> list[str]:
    """A count followed by "instead" or "not" is the new one ("three instead of one", "two,
    not three"); a reading that took another count ("three instead have one": 1) is unsure."""
    return [
        word
        for word, after in pairwise(words)
        if after in _NEW_COUNT_MARKS
        and (said := words_to_number(word)) is not None
        and said != quantity
    ][:1]


def _removal_particles(words: Sequence[str]) -> list[str]:
    """A removal's "out" or "off" in an add or a new count ("a large out latte" was an oat
    latte; "just want the juice leave out three"), but not "out of"."""
    return [
        w for i, w in enumerate(words) if w in _REMOVAL_PARTICLES and words[i + 1 : i + 2] != ["of"]
    ]


def unclear_item_words(
    words: Sequence[str],
    item_phrase: str,
    spoken_names: Sequence[Sequence[str]],
    stray_in_phrase: Sequence[str],
) -> list[str]:
    """The words of an item phrase that do not name its item: its strays (as ItemPhrases
    finds them), less what follows "for", and the whole phrase when it says none of the
    item's names (`spoken_names`, normalized words) whole. Checked for every spoken change
    to the cart: "no more local" would take out the Local Tofu."""
    name_words = {singular(w) for name in spoken_names for w in name}
    phrase = item_phrase.split()
    said = {singular(w) for w in phrase}
    # the reading may keep who the order is for in the item phrase ("son" of "for my son")
    purpose = {words[i] for i in purpose_span(words, name_words)}
    unclear = [w for w in stray_in_phrase if w not in purpose]
    if not any(
        all(singular(w) in said for w in name if w not in _NAME_JOINERS) for name in spoken_names
    ):
        unclear += [w for w in phrase if singular(w) in name_words]
    return unclear


def _miscounted(
    words: Sequence[str],
    phrase: Sequence[str],
    spoken_names: Sequence[Sequence[str]],
    quantity: int | None,
) -> list[str]:
    """Count words the count read disagrees with.

    When more than one was read: an "a" before the item ("like to all so get a sandwich"), or
    a count from a sound-alike alone before "my" or "the" ("i'd like to my bottle of washer
    fluid"). Else: "both"; or a plural of a singular name, or of what it comes in ("bottles
    of water"), read with no count ("to sandwiches": the number was misheard; "some
    croissants" says no number), after a number's sound-alike ("a free americanos"), or with
    "a" right before the name ("give me a sandwiches" for "two sandwiches", "a green teas";
    "a large espressos" says one, the "s" is noise)."""
    if quantity is not None and quantity != 1:
        return [w for w in phrase if w in _ARTICLES][:1] or list(_count_by_sound(words, quantity))
    if "both" in words:
        return ["both"]
    as_named = {w for name in spoken_names for w in name}
    singular_words = {singular(w) for w in as_named}
    plurals = [
        w
        for w in phrase
        if w not in as_named and singular(w) != w and singular(w) in singular_words
    ]
    # "bottles of water": what it comes in says more than one as a name's plural does
    plurals += [w for w in words if singular(w) != w and singular(w) in MEASURES]
    if not plurals or plurals[0] not in words:
        return []
    at = words.index(plurals[0])
    while at > 0 and singular(words[at - 1]) in singular_words:
        at -= 1  # to the first word of the name: "a green teas"
    before = words[at - 1] if at > 0 else ""
    if (
        before in _NUMBER_SOUND_ALIKES
        or before in _ARTICLES
        or (quantity is None and before not in _NO_COUNT)
    ):
        return plurals[:1]
    return []


def said_twice(words: Sequence[str]) -> list[str]:
    """An option group said twice with no correction between them: the earlier of two
    different values ("a small americano ... extra large": one was misheard), or else the
    repeat of one value ("a large mocha with lots of cream and large": a person says a choice
    once, so what was heard as it again was something else). The caller leaves out an
    utterance with a correction ("a small, no, a large"), where two values are meant."""
    found = extract_options(" ".join(words))
    different = [
        span.text
        for span in found.spans
        if any(
            group in found.conflicts and found.options[group] != value
            for group, value in span.options.items()
        )
    ]
    if different:
        return different[:1]
    said: set[str] = set()
    for span in found.spans:
        if sounds_like_a_group_word(span.text):
            continue  # "a double short": "short" was "shot", no second size
        if said & set(span.options):
            return [span.text]
        said.update(span.options)
    return []


def _unread_values(words: Sequence[str], groups_read: set[str], name_words: set[str]) -> list[str]:
    """The words said as a value of a group the reading has no value for ("right" in "right
    roast"): a group's name is only said with a value."""
    return [
        words[i - 1]
        for i in range(1, len(words))
        for group, forms in _GROUP_WORDS.items()
        if words[i] in forms
        and group not in groups_read
        and singular(words[i]) not in name_words
        and words[i - 1] not in _NO_VALUE
        and singular(words[i - 1]) not in name_words
    ]


def _with_clause(words: Sequence[str], name_words: set[str]) -> Sequence[str]:
    """The words after the first "with" that follows the item's name, to the clause's end."""
    named = next((i for i, w in enumerate(words) if singular(w) in name_words), None)
    if named is None or "with" not in words[named:]:
        return ()
    start = words.index("with", named) + 1
    end = next((i for i in range(start, len(words)) if words[i] in _CLAUSE_ENDS), len(words))
    return words[start:end]
