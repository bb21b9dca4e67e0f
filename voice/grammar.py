"""The recognizer's grammar: what may be heard in this car, on this catalog, and how likely.

Vosk turns a grammar list into a bigram language model, one training sentence per entry, and a
repeated entry weighs more. So the grammar is not a set of phrase fragments but a weighted
corpus of whole sentences generated from the domain (`voice.corpus`: the templates, the cue
phrases, the catalog's spoken names, the option lexicon for made-to-order drinks, the booking
turns with the store's models, number words), plus every single word and a repeated "[unk]".
On the 202 real barista clips the old fragment set let about 2% of orders through; a sentence
corpus of this kind lets nearly all of them through.

The list is cached on disk under a hash of everything it is generated from (the catalog's
names and option groups, the data files, the generator's own source and the model), so a
changed catalog or template file gives a new grammar and an unchanged one is read back.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from core import numbers, when
from incar.paths import data_dir
from voice import booking_corpus, corpus, natural, options
from voice.booking_words import BOOKING_FILE
from voice.corpus import UNKNOWN_WORD, domain_sentences
from voice.cues import CUES_FILE
from voice.items import VocabularyEntry
from voice.templates import TEMPLATES_FILE

__all__ = ["UNKNOWN_WORD", "build_grammar", "cached_grammar", "grammar_version"]

log = logging.getLogger(__name__)

_SOURCES = (
    TEMPLATES_FILE,
    CUES_FILE,
    BOOKING_FILE,
    Path(corpus.__file__),
    Path(natural.__file__),
    natural.NATURAL_FILE,
    natural.WRITTEN_FILE,
    Path(booking_corpus.__file__),
    Path(options.__file__),
    Path(numbers.__file__),
    Path(when.__file__),
)


def grammar_version(entries: Sequence[VocabularyEntry], model_dir: Path | str = "") -> str:
    """A stable short hash of everything the grammar is generated from."""
    digest = hashlib.sha256()
    for entry in entries:
        names = "|".join(entry.spoken_names)
        digest.update(f"{entry.kind}:{names}#{','.join(entry.options)}\n".encode())
    for source in _SOURCES:
        digest.update(hashlib.sha256(source.read_bytes()).digest())
    digest.update(Path(model_dir).name.encode())
    return digest.hexdigest()[:20]


def build_grammar(
    entries: Sequence[VocabularyEntry], knows_word: Callable[[str], bool]
) -> list[str]:
    """The grammar list for a catalog (see voice.corpus); only words the model knows, since
    Vosk would drop an unknown word and keep the rest of a wrong sentence."""
    grammar = domain_sentences(entries, knows_word)
    log.debug(
        "grammar: %d entries, %d distinct, %d words",
        len(grammar),
        len(set(grammar)),
        len({w for s in grammar for w in s.split()}),
    )
    return grammar


def _cache_path(version: str) -> Path:
    return data_dir() / "grammar" / f"{version}.json"


def cached_grammar(
    entries: Sequence[VocabularyEntry],
    model_dir: Path,
    knows_word: Callable[[str], bool],
    version: str | None = None,
) -> list[str]:
    """The grammar for `entries`, from the disk cache when it is there."""
    path = _cache_path(version or grammar_version(entries, model_dir))
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(cached, list) and cached and all(isinstance(w, str) for w in cached):
            return cached
    except (OSError, ValueError):
        pass
    grammar = build_grammar(entries, knows_word)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{id(grammar)}.tmp")
        tmp.write_text(json.dumps(grammar), encoding="utf-8")
        tmp.replace(path)
    except OSError as error:  # a read-only data dir costs a rebuild next time, nothing more
        log.warning("could not cache the grammar at %s: %s", path, error)
    return grammar
