"""Requests as people word them, for the grammar's corpus.

The generated corpus (voice.corpus) says what the templates and cues say, in their word
order. People put it otherwise ("do me a favour and add a phone charger", "throw in two
croissants, the kids love them"), and a bigram the corpus never saw gets only the unigram
back-off. The typed development sentences of the bench (`natural.yaml`) are such requests,
and so are requests written for the corpus alone (`natural_written.yaml`); they join the
corpus, so the language model leans their way too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set
from pathlib import Path

import yaml

from core.numbers import number_to_words

NATURAL_FILE = Path(__file__).with_name("natural.yaml")
# How often each request of NATURAL_FILE is said in the corpus. Chosen on dev5 (not in the
# file) said by the development voices (intent / wrong actions, 407 turns) and on the real dev
# clips (babble accepted / wrong lines; clean and cabin stayed 200 and 99): none 84.03 /
# 2.70%, 73 / 7; 2: 85.75 / 1.97%, 73 / 6; 4: 85.75 / 1.47%, 75 / 6; 8: 86.00 / 1.23%, 73 / 6.
NATURAL_REPEATS = 4
# Requests written for the corpus alone (see the file's header), each said once and only when
# every word of it is already a word of the corpus: they teach the language model word
# orders, not words. A new word ("brother") is one more word that talk in the car can be heard
# as. Measured as above (dev5 by dev voices; real babble clips), from 87.22 / 0.74%, 73 / 6
# without them: all 1,430 (226 new words) 4 times 89.43 / 1.23%, 68 / 5, the babble turning
# plain orders into questions ("make me a medium light roast mocha my brother"); the 1,093
# with known words 4 times 88.94 / 1.23%, 72 / 5; once 88.45 / 0.98%, 74 / 6.
WRITTEN_FILE = Path(__file__).with_name("natural_written.yaml")
WRITTEN_REPEATS = 1


def natural_sentences(
    keep: Callable[[str], bool], path: Path = NATURAL_FILE, repeats: int = NATURAL_REPEATS
) -> list[str]:
    """Each request of a file as the recognizer writes speech (`spoken`), `repeats` times; one
    that `keep` refuses (a word the model does not know: "EV", "2nd") is left out."""
    texts: list[str] = yaml.safe_load(path.read_text(encoding="utf-8"))
    sentences = []
    for line in texts:
        text = spoken(str(line))
        if text and keep(text):
            sentences += [text] * repeats
    return sentences


def written_sentences(known: Callable[[str], bool], words: Set[str]) -> list[str]:
    """The requests of WRITTEN_FILE whose every word is in `words` (the rest of the corpus's),
    WRITTEN_REPEATS times each; see WRITTEN_REPEATS for why."""
    return natural_sentences(
        lambda text: known(text) and set(text.split()) <= words, WRITTEN_FILE, WRITTEN_REPEATS
    )


def spoken(line: str) -> str:
    """A typed request in the recognizer's words: lower case, its apostrophes kept ("i'd",
    "don't" are the model's words), other punctuation gone, numbers in words."""
    text = re.sub(r"[^a-z0-9' ]+", " ", line.lower().replace("’", "'").replace("-", " "))
    return " ".join(number_to_words(int(w)) if w.isdigit() else w for w in text.split())
