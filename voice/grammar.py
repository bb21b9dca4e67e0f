"""The recognizer's word list: what may be heard in this car, on this catalog.

Free recognition with the small Vosk model turns espeak-ng's "add two lattes to my cart" into
"in two lot eight to my card"; restricted to a grammar it comes out close to right. The
grammar is a list of phrases: the template words between slots ("to my cart"), number words,
and the catalog's spoken item names, minus phrases with words the model cannot say. It is cached
on disk under a hash of those phrases (so a changed catalog vocabulary or template file gives a
new grammar, and an unchanged one is read back instead of rebuilt).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from core.numbers import number_word_vocabulary
from incar.paths import data_dir
from voice.templates import TEMPLATES_FILE

log = logging.getLogger(__name__)

UNKNOWN_WORD = "[unk]"


def phrases_version(phrases: Iterable[str]) -> str:
    """A stable short hash of a phrase set, for callers without an API vocabulary version."""
    return hashlib.sha256("\n".join(sorted(set(phrases))).encode()).hexdigest()[:16]


def _cache_path(version: str, model_dir: Path) -> Path:
    templates = hashlib.sha256(TEMPLATES_FILE.read_bytes()).hexdigest()[:12]
    key = hashlib.sha256(f"{version}|{templates}|{model_dir.name}".encode()).hexdigest()[:20]
    return data_dir() / "grammar" / f"{key}.json"


def build_grammar(phrases: Iterable[str], knows_word: Callable[[str], bool]) -> list[str]:
    """The sorted grammar list: the phrases plus number words, keeping only phrases whose
    every word the model knows (Vosk would drop the unknown word and keep a wrong phrase),
    then "[unk]" so that anything else is heard as unknown rather than forced into a phrase."""
    candidates = {" ".join(p.lower().split()) for p in phrases} | set(number_word_vocabulary())
    known = sorted(p for p in candidates if p and all(knows_word(w) for w in p.split()))
    dropped = len(candidates) - len(known)
    if dropped:
        log.debug("%d grammar phrases have words the model does not know", dropped)
    return [*known, UNKNOWN_WORD]


def cached_grammar(
    version: str, model_dir: Path, phrases: Iterable[str], knows_word: Callable[[str], bool]
) -> list[str]:
    """The grammar for vocabulary `version`, from the disk cache when it is there."""
    path = _cache_path(version, model_dir)
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(cached, list) and all(isinstance(w, str) for w in cached):
            return cached
    except (OSError, ValueError):
        pass
    grammar = build_grammar(phrases, knows_word)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(grammar), encoding="utf-8")
    tmp.replace(path)
    return grammar
