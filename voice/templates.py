"""Sentence templates (voice/templates.yaml) expanded into matchers, hassil-style.

A template like "add {item} [to [my|the] cart]" is expanded into every concrete word sequence
it allows, and each one is compiled to a regular expression with named groups for the slots.
Keeping the sentences as data lets a product person add phrasings without touching code, and
the same expansion gives the speech recognizer its word list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from core.numbers import normalize_number_text, number_to_ordinal_words, number_word_vocabulary

_TOKEN = re.compile(r"\(|\)|\[|\]|\||\{[a-z_]+\}|[^\s()\[\]|{}]+")
_SLOT = re.compile(r"\{([a-z_]+)\}")
_DIGIT_ORDINAL = re.compile(r"\b([1-9]\d?)(?:st|nd|rd|th)\b")
TEMPLATES_FILE = Path(__file__).with_name("templates.yaml")

# Number slots match only number words (at most four), so "change that latte free" splits
# as item "that latte", quantity "free" (three) rather than failing on "latte free".
_NUMBER_SLOTS = frozenset({"quantity", "position"})
_NUMBER_WORD = "|".join([r"\d+", *number_word_vocabulary(homophones=True)])
_NUMBER_BODY = rf"(?:{_NUMBER_WORD})(?: (?:{_NUMBER_WORD})){{0,3}}"


def normalize_text(text: str) -> str:
    """The form templates and utterances are compared in: lower case, no punctuation, no
    apostrophes ("what's" → "whats"), ordinals in words ("2nd" → "second"), single spaces."""
    text = text.lower().replace("’", "'").replace("'", "")
    text = _DIGIT_ORDINAL.sub(lambda m: number_to_ordinal_words(int(m.group(1))), text)
    return normalize_number_text(text).replace(".", " ").strip()


class TemplateError(ValueError):
    """A malformed template in the YAML file: a bug in the data, reported with its text."""


def expand(template: str) -> list[list[str]]:
    """Every word sequence a template allows; slots stay as "{name}" tokens."""
    tokens = _TOKEN.findall(template.lower())
    sequences, position = _parse_sequence(tokens, 0, template)
    if position != len(tokens):
        raise TemplateError(f"unbalanced brackets in template: {template!r}")
    return sequences


def _parse_sequence(tokens: list[str], pos: int, template: str) -> tuple[list[list[str]], int]:
    """Parse alternatives separated by "|" until a closing bracket; returns the union."""
    alternatives: list[list[str]] = []
    current: list[list[str]] = [[]]
    while pos < len(tokens):
        token = tokens[pos]
        if token in (")", "]"):
            break
        if token == "|":
            alternatives.extend(current)
            current = [[]]
            pos += 1
            continue
        if token in ("(", "["):
            inner, pos = _parse_sequence(tokens, pos + 1, template)
            closing = ")" if token == "(" else "]"
            if pos >= len(tokens) or tokens[pos] != closing:
                raise TemplateError(f"unbalanced brackets in template: {template!r}")
            pos += 1
            if token == "[":
                inner = [*inner, []]
            current = [prefix + choice for prefix in current for choice in inner]
            continue
        current = [[*prefix, token] for prefix in current]
        pos += 1
    alternatives.extend(current)
    return alternatives, pos


@dataclass(frozen=True)
class Pattern:
    """One expanded sentence: its intent, its regex and how specific it is."""

    intent: str
    regex: re.Pattern[str]
    literal_words: int
    constrained_slots: int
    free_slots: int

    @property
    def specificity(self) -> tuple[int, int, int]:
        """More literal words first, then constrained slots (ordinal, variant) over free text."""
        return (self.literal_words, self.constrained_slots, -self.free_slots)


@dataclass(frozen=True)
class TemplateSet:
    patterns: tuple[Pattern, ...]
    variants: tuple[str, ...]
    ordinals: dict[str, int]


def _compile(
    intent: str, words: list[str], lists: dict[str, list[str]], template: str
) -> Pattern | None:
    parts: list[str] = []
    literal = constrained = free = 0
    seen: set[str] = set()
    for word in words:
        slot = _SLOT.fullmatch(word)
        if slot is None:
            normalized = normalize_text(word)
            if normalized:
                parts.append(re.escape(normalized))
                literal += len(normalized.split())
            continue
        name = slot.group(1)
        if name in seen:
            raise TemplateError(f"slot {{{name}}} used twice in template: {template!r}")
        seen.add(name)
        if name in lists:
            options = sorted((normalize_text(v) for v in lists[name]), key=len, reverse=True)
            parts.append(f"(?P<{name}>{'|'.join(re.escape(o) for o in options)})")
            constrained += 1
        else:
            body = _NUMBER_BODY if name in _NUMBER_SLOTS else r".+?"
            parts.append(f"(?P<{name}>{body})")
            free += 1
    if not parts:
        return None
    regex = re.compile("^" + " ".join(parts) + "$")
    return Pattern(intent, regex, literal, constrained, free)


@cache
def load_templates() -> TemplateSet:
    """Read and compile voice/templates.yaml once per process."""
    text = TEMPLATES_FILE.read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    raw_lists = data.get("lists", {})
    variants = [str(v) for v in raw_lists.get("variant", [])]
    ordinals = {normalize_text(str(k)): int(v) for k, v in raw_lists.get("ordinal", {}).items()}
    lists = {"variant": variants, "ordinal": list(ordinals)}
    patterns: list[Pattern] = []
    for intent, templates in data["intents"].items():
        for template in templates:
            for words in expand(str(template)):
                pattern = _compile(str(intent), words, lists, str(template))
                if pattern is not None:
                    patterns.append(pattern)
    return TemplateSet(tuple(patterns), tuple(variants), ordinals)
