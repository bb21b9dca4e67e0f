"""Sentences the recognizer should expect: a small language model of this car's domain.

Vosk compiles a grammar list into a bigram language model: every entry is one training
sentence and a repeated entry counts again (vosk-api `UpdateGrammarFst`: Kaldi's
`LanguageModelEstimator`, order 2). A de-duplicated set of phrase fragments therefore throws
away both the word order between fragments and the only weighting lever there is; a corpus of
whole generated sentences keeps both. This module writes that corpus from the domain's data,
never from recordings:

- every sentence template of `voice/templates.yaml` (`voice.templates.expand`), its slots
  filled: `{item}` with catalog spoken names (counted in words, "two lattes", "a couple of
  croissants", plurals by `core.plurals`), `{quantity}`/`{position}` with number words,
  `{ordinal}` and `{variant}` from the template lists;
- every cue phrase of `voice/cues.yaml` (paraphrases: "get me ...", "take ... out", "same as
  last time"), with its polite openings and fillers around some of them;
- made-to-order drink orders for the items that offer options (`VocabularyEntry.options`),
  said with the option lexicon of `voice.options` (sizes, roasts, shots, milks, sweeteners and
  their amounts, in a random order, as in CONTRACTS section 7's example) inside the add-to-cart
  frames above; an item gets more of these the more option groups it has;
- the booking turns of section 8 with the store's services, models, days and times
  (`voice.booking_corpus`, from `voice/booking.yaml`);
- requests as people word them (`voice.natural`: the bench's typed development sentences,
  and requests written for the corpus whose words the rest of the corpus already has);
- every single word once (so a word said on its own is still reachable) and "[unk]", repeated,
  so speech outside the domain is heard as unknown rather than forced onto a sentence.

The random choices use a fixed seed: the same inputs give the same list.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from core.numbers import number_to_words, number_word_vocabulary, words_to_number
from core.plurals import plural
from voice import options as lexicon
from voice.booking_corpus import BookingSentences
from voice.cues import CUES_FILE
from voice.items import MODEL, VocabularyEntry
from voice.natural import natural_sentences, written_sentences
from voice.templates import TEMPLATES_FILE, expand, normalize_text

UNKNOWN_WORD = "[unk]"
SEED = 10

# Each template expansion without slots appears this often, each one with slots this often
# (with new fills every time); each cue phrase likewise. The counts are twice what they were
# first: the ratios, and so the bigram model they estimate, are the same, but with half the
# sampling noise. At the first counts any edit of the templates or cues reshuffled the fills
# and moved the spoken dev figure by up to 0.4 points (seeds 10, 11, 12: 83.44, 83.23,
# 83.66% intent); at these it is 86.02 and 84.95% (seeds 10, 11) for 69% more sentences and
# about 9 ms more to build a recognizer, before the audio.
FIXED_REPEATS = 4
SLOT_REPEATS = 12
CUE_REPEATS = 6
# Each catalog name is also said on its own this often, counted ("a croissant", "two
# croissants"), as a person answers "which one?" or names what they want and nothing else.
NAME_REPEATS = 4
# Made-to-order sentences per option group an item offers (a latte with seven groups gets
# 7 * this many, a tea with three groups 3 * this many).
DRINK_SENTENCES_PER_GROUP = 80
# "[unk]" entries: enough that noise and foreign words have somewhere to go, few enough that
# a real word is not swallowed.
UNKNOWN_REPEATS = 40
# Chances of the decorations around a sentence.
OPENING_CHANCE = 0.1
FILLER_CHANCE = 0.1
# How an {item} is counted: a/an, no article, a number with the plural, "the".
_COUNTS = (("article", 0.4), ("bare", 0.15), ("number", 0.25), ("idiom", 0.05), ("the", 0.15))
_QUANTITIES = tuple(number_to_words(n) for n in range(2, 13))
_QUANTITY_IDIOMS = ("a couple of", "a few", "half a dozen", "a dozen", "a pair of")
# Chance that each option group an item offers is said in one drink sentence.
_OPTION_CHANCE = 0.45
# Groups said before the item name ("a large dark roast latte") and after it ("with soy milk").
_BEFORE = ("size", "roast", "shots")
_AFTER = ("milk", "sweetener")
_CONTRACTION_ENDINGS = frozenset({"d", "ll", "ve", "re", "s"})
_I_CONTRACTIONS = frozenset({"d", "m", "ll", "ve"})
# A cue starting with one of these follows the item: "{item} to my cart", "{item} as well".
_SUFFIX_CUE_STARTS = frozenset({"to", "in", "into", "from", "out", "off", "as", "on"})
_SLOT = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class _Domain:
    """The data the corpus is generated from, read once."""

    templates: dict[str, list[list[str]]]  # intent -> expansions (slots as "{name}")
    variants: tuple[str, ...]
    ordinals: tuple[str, ...]
    cues: dict[str, list[list[str]]]  # intent -> cue phrases, "..." kept as a token
    cue_items: dict[str, str]  # intent -> "required" / "optional" / "none"
    fillers: tuple[str, ...]
    openings: tuple[str, ...]
    glue: frozenset[str]


@cache
def _domain() -> _Domain:
    data: dict[str, Any] = yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8"))
    templates = {
        str(intent): [words for t in texts for words in expand(str(t))]
        for intent, texts in data["intents"].items()
    }
    lists = data.get("lists", {})
    cues: dict[str, Any] = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))
    return _Domain(
        templates=templates,
        variants=tuple(str(v) for v in lists.get("variant", ())),
        ordinals=tuple(str(k) for k in lists.get("ordinal", {})),
        cues={  # the booking intents' sentences are voice.booking_corpus's
            str(intent): [str(c).replace("...", " ... ").split() for c in spec["cues"]]
            for intent, spec in cues["intents"].items()
            if not spec.get("reads")
        },
        cue_items={
            str(intent): str(spec.get("item", "none")) for intent, spec in cues["intents"].items()
        },
        fillers=tuple(str(f) for f in cues["fillers"]),
        openings=tuple(str(o) for o in cues["openings"]),
        glue=frozenset(str(g) for g in cues["glue"])
        | frozenset(str(w) for w in cues["intents"]["confirm"]["cues"])
        | frozenset(str(w) for w in cues["intents"]["deny"]["cues"]),
    )


def command_words() -> frozenset[str]:
    """Every word the domain's own sentences are made of: the templates' and cue phrases'
    words (not their slots), the fillers, openings, glue, variant and ordinal words, the
    option lexicon and the number words; everything a request says that is not a name."""
    domain = _domain()
    phrases = [*domain.templates.values(), *domain.cues.values()]
    words = {w for group in phrases for sentence in group for w in sentence}
    for text in (*domain.fillers, *domain.openings, *domain.variants, *domain.ordinals):
        words.update(text.split())
    words |= domain.glue | lexicon.option_words() | set(number_word_vocabulary(homophones=True))
    return frozenset(
        word
        for text in words
        if isinstance(text, str) and not text.startswith("{")
        for word in normalize_text(text).split()
    ) - {"..."}


def _spoken(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", name.lower().replace("-", " ")).split())


class _Speller:
    """Words as the recognizer spells them: cue files are written without apostrophes ("id
    like", "dont want"); the model's word is "i'd", "don't" when it has one."""

    def __init__(self, knows_word: Callable[[str], bool]) -> None:
        self.knows_word = cache(knows_word)
        self._words: dict[str, str] = {}

    def word(self, word: str) -> str:
        spelled = self._words.get(word)
        if spelled is None:
            candidates = (
                f"{word[:cut]}'{word[cut:]}"
                for cut in range(len(word) - 1, 0, -1)
                if _contraction(word[:cut], word[cut:])
            )
            spelled = next((c for c in candidates if self.knows_word(c)), word)
            self._words[word] = spelled
        return spelled

    def known(self, text: str) -> bool:
        return all(w == UNKNOWN_WORD or self.knows_word(w) for w in text.split())


class _Generator:
    def __init__(
        self,
        entries: Sequence[VocabularyEntry],
        speller: _Speller,
        rng: random.Random,
    ) -> None:
        self.domain = _domain()
        self.rng = rng
        self.speller = speller
        names = [
            (entry, name)
            for entry in entries
            if entry.kind != MODEL  # a model is test-driven or leased, never added to a cart
            for name in dict.fromkeys(_spoken(n) for n in entry.spoken_names)
            if name and speller.known(name) and speller.known(plural(name))
        ]
        self.booking = BookingSentences(
            [e for e in entries if e.kind == MODEL], speller.knows_word, rng
        )
        self.names = names
        self._cycle: Iterator[tuple[VocabularyEntry, str]] = iter(())
        self.drinks = [(e, n) for e, n in names if _spoken_groups(e)]
        # Spoken forms per option value, realized with the words the model knows.
        self.forms = {
            group: {value: list(forms) for value, forms in values.items()}
            for group, values in lexicon.LEXICON.items()
        }
        self.add_frames = [
            w for w in self.domain.templates.get("add_to_cart", []) if "{item}" in w
        ] + [
            c for c in self.domain.cues.get("add_to_cart", []) if "..." not in c
        ]  # fmt: skip

    # --- items -------------------------------------------------------------------------

    def next_name(self) -> tuple[VocabularyEntry, str]:
        """Catalog names in a shuffled round-robin, so every item is said about as often."""
        for pair in self._cycle:
            return pair
        order = list(self.names)
        self.rng.shuffle(order)
        self._cycle = iter(order)
        return next(self._cycle)

    def counted(self, name: str) -> str:
        """An item phrase as it is said in a request: "a latte", "two lattes", "the latte"."""
        rng = self.rng
        kind = rng.choices([k for k, _ in _COUNTS], [w for _, w in _COUNTS])[0]
        if kind == "article":
            return f"{_article(name)} {name}"
        if kind == "number":
            return f"{rng.choice(_QUANTITIES)} {plural(name)}"
        if kind == "idiom":
            return f"{rng.choice(_QUANTITY_IDIOMS)} {plural(name)}"
        if kind == "the":
            return f"the {plural(name) if rng.random() < 0.3 else name}"
        return name

    def item_phrase(self) -> str:
        return self.counted(self.next_name()[1])

    # --- made-to-order drinks ----------------------------------------------------------

    def realize(self, form: str) -> str:
        """One way of saying a lexicon form: "{oz}" becomes a slot word (the first, the
        canonical spelling, most often), "[x]" is said half the time."""
        words: list[str] = []
        for token in re.findall(r"\[[^\]]+\]|\S+", form):
            optional = token.startswith("[")
            inner = token[1:-1] if optional else token
            if optional and self.rng.random() < 0.5:
                continue
            slot = _SLOT.fullmatch(inner)
            if slot:
                choices = lexicon.SLOT_WORDS[slot.group(1)]
                inner = choices[0] if self.rng.random() < 0.7 else self.rng.choice(choices)
            words.append(inner)
        return " ".join(words)

    def option_phrase(self, group: str, value: str) -> str | None:
        forms = [f for f in self.forms[group][value] if self.speller.known(_bare(f))]
        if not forms:
            return None
        for _ in range(4):
            said = self.realize(self.rng.choice(forms))
            if said and self.speller.known(said):
                return said
        return None

    def amount(self) -> str:
        value = self.rng.choice(list(lexicon.AMOUNTS))
        forms = [f for f in lexicon.AMOUNTS[value] if self.speller.known(_bare(f))]
        said = self.realize(self.rng.choice(forms)) if forms else ""
        return said if self.speller.known(said) else ""

    def drink(self, entry: VocabularyEntry, name: str) -> str:
        """ "a large dark roast double shot latte with a little oat milk and sugar"."""
        rng = self.rng
        offered = _spoken_groups(entry)
        before: list[str] = []
        for group in _BEFORE:
            if group in offered and rng.random() < _OPTION_CHANCE:
                value = rng.choice(list(self.forms[group]))
                phrase = self.option_phrase(group, value)
                if phrase:
                    before.append(phrase)
        rng.shuffle(before)
        after: list[str] = []
        trailing: list[str] = []
        for group in _AFTER:
            if group not in offered or rng.random() >= _OPTION_CHANCE:
                continue
            value = rng.choice(list(self.forms[group]))
            phrase = self.option_phrase(group, value)
            if not phrase:
                continue
            amount_group = lexicon.AMOUNT_GROUP[group]
            if value != "none" and amount_group in offered and rng.random() < 0.5:
                phrase = f"{self.amount()} {phrase}".strip()
            if value == "none" and phrase.split()[0] != "no":
                trailing.append(phrase)  # "a latte without sugar", not "with without sugar"
            else:
                after.append(phrase)
        if "shots" in offered and rng.random() < 0.1:
            after.append(rng.choice(list(lexicon.EXTRA_SHOT)))
        if {"milk", "sweetener"} <= offered and rng.random() < 0.05:
            after.append(rng.choice(list(lexicon.COMBINED)))
        rng.shuffle(after)
        core = " ".join([*before, name])
        if rng.random() < 0.15:
            count = rng.choice(_QUANTITIES[:3])
            core = " ".join([count, *before, plural(name)])
        elif rng.random() < 0.85:
            core = f"{_article(core)} {core}"
        if after:
            core += " with " + " and ".join(after)
        return " ".join([core, *trailing])

    # --- frames ------------------------------------------------------------------------

    def fill(self, words: Sequence[str], item: str | None = None) -> str:
        out: list[str] = []
        for word in words:
            slot = _SLOT.fullmatch(word)
            if slot is None:
                out.append(word)
                continue
            name = slot.group(1)
            if name == "item":
                counted = out and words_to_number(out[-1]) is not None
                if item is None and counted:  # "just two {item}": the name alone, counted
                    item = self.next_name()[1]
                    item = item if words_to_number(out[-1]) == 1 else plural(item)
                out.append(item if item is not None else self.item_phrase())
            elif name == "quantity":
                out.append(self.rng.choice((*_QUANTITIES, "one", *_QUANTITY_IDIOMS[:2])))
            elif name == "position":
                out.append(number_to_words(self.rng.randint(1, 10)))
            elif name == "ordinal":
                out.append(self.rng.choice(self.domain.ordinals))
            elif name == "variant":
                out.append(self.rng.choice(self.domain.variants))
        return " ".join(out)

    def cue_frame(self, cue: Sequence[str], with_item: bool, item: str | None = None) -> str:
        words = [self.speller.word(w) for w in cue]
        if "..." in words:
            gap = words.index("...")
            return " ".join([*words[:gap], item or self.item_phrase(), *words[gap + 1 :]])
        if with_item and words[0] in _SUFFIX_CUE_STARTS:  # "{item} to my cart"
            return " ".join([item or self.item_phrase(), *words])
        if with_item:
            return self.fill([*words, "{item}"], item)
        return " ".join(words)

    def decorate(self, sentence: str, opening: bool = True) -> str:
        """Now and then a polite opening before a command ("could you add ..."; not before
        "i'd like ..." or a yes), a filler before or after it."""
        rng = self.rng
        first = sentence.split()[0] if sentence else ""
        plain = first.replace("'", "") not in self.domain.glue and "'" not in first
        if opening and plain and rng.random() < OPENING_CHANCE:
            said = " ".join(self.speller.word(w) for w in rng.choice(self.domain.openings).split())
            sentence = f"{said} {sentence}"
        if rng.random() < FILLER_CHANCE:
            filler = rng.choice(self.domain.fillers)
            sentence = f"{filler} {sentence}" if rng.random() < 0.5 else f"{sentence} {filler}"
        return sentence

    def sentences(self) -> Iterator[str]:
        domain = self.domain
        for intent, expansions in domain.templates.items():
            opening = domain.cue_items.get(intent, "none") != "none"
            for words in expansions:
                has_slot = any(_SLOT.fullmatch(w) for w in words)
                for _ in range(SLOT_REPEATS if has_slot else FIXED_REPEATS):
                    yield self.decorate(self.fill(words), opening)
        for intent, cues in domain.cues.items():
            opening = domain.cue_items.get(intent, "none") != "none"
            with_item = domain.cue_items.get(intent, "none") == "required"
            for cue in cues:
                for _ in range(CUE_REPEATS):
                    yield self.decorate(self.cue_frame(cue, with_item or "..." in cue), opening)
        for _entry, name in self.names:
            for _ in range(NAME_REPEATS):
                yield self.counted(name)
        yield from self.booking.sentences()
        if not self.add_frames:
            return
        for entry, name in self.drinks:
            per_name = DRINK_SENTENCES_PER_GROUP * len(_spoken_groups(entry))
            names = sum(1 for e, _ in self.drinks if e is entry)
            for _ in range(max(1, per_name // names)):
                frame = self.rng.choice(self.add_frames)
                drink = self.drink(entry, name)
                if "{item}" in frame:
                    sentence = self.fill(frame, drink)
                else:
                    sentence = self.cue_frame(frame, True, drink)
                yield self.decorate(sentence)


def _contraction(stem: str, suffix: str) -> bool:
    """Whether stem'suffix is shaped like an English contraction (i'd, we'll, don't, that's),
    not a letter's plural ("a's")."""
    if stem == "i":
        return suffix in _I_CONTRACTIONS
    if len(stem) < 2:
        return False
    return suffix in _CONTRACTION_ENDINGS or (suffix == "t" and stem.endswith("n"))


def _spoken_groups(entry: VocabularyEntry) -> set[str]:
    """The item's option groups that the lexicon has spoken forms for (the amounts count
    with their milk or sweetener)."""
    known = set(lexicon.LEXICON) | set(lexicon.AMOUNT_GROUP.values())
    return {g for g in entry.options if g in known}


def _article(phrase: str) -> str:
    return "an" if phrase[:1] in "aeiou" else "a"


def _bare(form: str) -> str:
    """A lexicon form's fixed words (what must be known for any realization of it)."""
    return " ".join(w for w in form.split() if not w.startswith(("[", "{")))


def domain_sentences(
    entries: Sequence[VocabularyEntry],
    knows_word: Callable[[str], bool],
    *,
    seed: int = SEED,
) -> list[str]:
    """The recognizer's grammar: generated sentences (duplicates kept: they are the weights),
    then each known single word once, then "[unk]" repeated. Only words the model knows."""
    speller = _Speller(knows_word)
    generator = _Generator(entries, speller, random.Random(seed))
    texts = (" ".join(sentence.split()) for sentence in generator.sentences())
    corpus = [text for text in texts if text and speller.known(text)]
    corpus += natural_sentences(speller.known)
    singles = {w for s in corpus for w in s.split()}
    singles.update(w for _, name in generator.names for w in name.split())
    singles.update(number_word_vocabulary(), lexicon.option_words())
    corpus += written_sentences(speller.known, singles)  # word orders, not new words
    corpus.extend(sorted(w for w in singles if knows_word(w)))
    corpus.extend([UNKNOWN_WORD] * UNKNOWN_REPEATS)
    return corpus
