"""Requests as people word them, for the grammar's corpus.

The generated corpus (voice.corpus) says what the templates and cues say, in their word
order. People put it otherwise ("do me a favour and add a phone charger", "throw in two
croissants, the kids love them"), and a bigram the corpus never saw gets only the unigram
back-off. The typed development sentences of the bench (`natural.yaml`) are such requests;
they join the corpus, each a few times, so the language model leans their way too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import yaml

from core.numbers import number_to_words

NATURAL_FILE = Path(__file__).with_name("natural.yaml")
# How often each request is said in the corpus. Chosen on dev5 (not in the file) said by the
# development voices (intent / wrong actions, 407 turns) and on the real dev clips (babble
# accepted / wrong lines; clean and cabin stayed 200 and 99): none 84.03 / 2.70%, 73 / 7;
# 2: 85.75 / 1.97%, 73 / 6; 4: 85.75 / 1.47%, 75 / 6; 8: 86.00 / 1.23%, 73 / 6.
NATURAL_REPEATS = 4


def natural_sentences(known: Callable[[str], bool]) -> list[str]:
    """Each request of NATURAL_FILE as the recognizer writes speech (`spoken`),
    NATURAL_REPEATS times; one with a word the model does not know (`known` of the whole
    text is false: "EV", "2nd") is left out."""
    texts: list[str] = yaml.safe_load(NATURAL_FILE.read_text(encoding="utf-8"))
    sentences = []
    for line in texts:
        text = spoken(str(line))
        if text and known(text):
            sentences += [text] * NATURAL_REPEATS
    return sentences


def spoken(line: str) -> str:
    """A typed request in the recognizer's words: lower case, its apostrophes kept ("i'd",
    "don't" are the model's words), other punctuation gone, numbers in words."""
    text = re.sub(r"[^a-z0-9' ]+", " ", line.lower().replace("’", "'").replace("-", " "))
    return " ".join(number_to_words(int(w)) if w.isdigit() else w for w in text.split())
