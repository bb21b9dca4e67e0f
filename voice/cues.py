"""Understanding past the templates: intents from cue phrases, the item phrase from the rest.

Sentence templates are precise but only know the sentences written into them; people
paraphrase, reorder, hesitate and ask indirectly. `voice/cues.yaml` lists, per intent, short
phrases that signal it ("take ... out", "get me", "same as last time"). An utterance is scanned
for every cue; overlapping matches are settled longest first (so "cancel my order" is a cancel,
not an order), and each intent's score is the number of words its cues cover. What the cues and
the glue words leave is the item phrase, which the understander then resolves against the
catalog. The ranking is returned whole so the caller can fall through to the next intent when
the best one needs an item and none is named.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

CUES_FILE = Path(__file__).with_name("cues.yaml")
_GAP = "..."
# A gap in a split cue ("take ... out") spans at most this many words.
_MAX_GAP_WORDS = 6
# A yes or no is an answer only in a short utterance or when nothing else is left over.
_SHORT_ANSWER_WORDS = 3
_BOTH_ANSWERS = frozenset({"confirm", "deny"})
# A correction is short ("no, three", "make that oat"); anything longer is a new sentence.
_CORRECTION_WORDS = 3


@dataclass(frozen=True)
class Cue:
    intent: str
    parts: tuple[tuple[str, ...], ...]  # word runs; more than one when the cue has gaps

    @property
    def length(self) -> int:
        return sum(len(part) for part in self.parts)


@dataclass(frozen=True)
class IntentRule:
    name: str
    item: str  # "required", "optional" or "none"
    quantity: str  # "required" or "none"
    short: bool  # only for short utterances (yes/no): "yes add a latte" is an add
    # "booking": the intent's slots are read by voice.booking_words, not as an item phrase
    reads: str = ""
    # Named marks some of its cues set on the reading ("move my car wash": reschedule)
    flags: tuple[tuple[str, tuple[Cue, ...]], ...] = ()


@dataclass(frozen=True)
class Candidate:
    """One intent the cues point at, how strongly, and the words left for the item phrase."""

    rule: IntentRule
    score: int
    remainder: str
    words: int  # the utterance's length, for how much of it the reading explains
    fallback: bool = False  # its cues lost every overlap to another intent's longer ones
    after: str = ""  # the remainder after the intent's last cue ("grab me a mocha" → "a mocha")
    taken: frozenset[int] = frozenset()  # the positions of the cue words the ranking kept

    def item_phrases(self) -> list[tuple[str, bool]]:
        """Where the item may be named, most likely first, each with whether it is a cut:
        what follows the last cue (the thing asked for follows the asking: "it's our
        anniversary, add some roses"), then all that is left, then pieces of those cut at
        either end ("lose the charger, I found mine")."""
        whole = [p for p in (self.after, self.remainder) if p]
        phrases = [(p, False) for p in dict.fromkeys(whole)]
        seen = {p for p, _ in phrases}
        for phrase in whole:
            words = phrase.split()
            for size in range(len(words) - 1, 0, -1):
                for start in (0, len(words) - size):
                    cut = " ".join(words[start : start + size])
                    if cut not in seen:
                        seen.add(cut)
                        phrases.append((cut, True))
        return phrases

    def coverage(self, item_named: bool) -> float:
        """The share of the utterance the reading accounts for: cue and glue words, and the
        remainder too when it names the item. "that weather is iced to pay" has the cue "pay"
        but leaves "weather iced" unexplained, so it is not taken as a checkout."""
        unexplained = 0 if item_named else len(self.remainder.split())
        return 1 - unexplained / max(self.words, 1)


@dataclass(frozen=True)
class CueBook:
    fillers: tuple[tuple[str, ...], ...]
    corrections: tuple[tuple[str, ...], ...]
    lead_ins: tuple[tuple[str, ...], ...]
    kept: tuple[tuple[str, ...], ...]
    request_marks: tuple[tuple[str, ...], ...]
    soft_fillers: dict[str, frozenset[str]]  # filler word → the words that make it meant
    openings: tuple[tuple[str, ...], ...]
    closings: tuple[tuple[str, ...], ...]
    glue: frozenset[str]
    rules: dict[str, IntentRule]
    cues: tuple[Cue, ...]

    def clean(self, words: list[str]) -> list[str]:
        """Drop fillers anywhere, polite openings at the start and a closing at the end
        ("um could you add a latte please" → "add a latte", "a latte and that's it" → "a
        latte")."""
        words = _drop_phrases(words, self.fillers, self.kept)
        words = [
            w
            for i, w in enumerate(words)
            if w not in self.soft_fillers or (i > 0 and words[i - 1] in self.soft_fillers[w])
        ]
        changed = True
        while changed and words:
            changed = False
            for opening in self.openings:
                if tuple(words[: len(opening)]) == opening and len(words) > len(opening):
                    words = words[len(opening) :]
                    changed = True
                    break
        for closing in self.closings:
            if tuple(words[-len(closing) :]) == closing and self._requests(words[: -len(closing)]):
                return words[: -len(closing)]
        return words

    @cached_property
    def _answer_words(self) -> frozenset[str]:
        """The words of the lead-ins and corrections ("yes", "right", "no", "wait")."""
        return frozenset(w for phrase in (*self.lead_ins, *self.corrections) for w in phrase)

    def _requests(self, words: list[str]) -> bool:
        """Whether words before a closing are a request of their own ("a latte"), not an
        answer to one ("yes", "right", "yeah no": "yes, that's it" is still said to finish)."""
        return len(words) > 1 and not set(words) <= self._answer_words

    def rank(self, words: list[str], named: Set[int] = frozenset()) -> list[Candidate]:
        """Intents the cues point at, best first; empty when no cue matches at all. Words at
        the positions `named` say an item's name and are no cue ("brew" in "a caramel cold
        brew")."""
        matches = sorted(
            (m for cue in self.cues for m in _find(cue, words) if named.isdisjoint(m[1])),
            key=lambda m: (-m[0].length, m[1][0]),
        )
        taken: set[int] = set()
        scores, taken, ends = _settle(matches)
        found = [
            self._candidate(intent, score, taken, words, ends[intent])
            for intent, score in scores.items()
        ]
        # An intent whose every cue lost to a longer one ("cancel" inside "cancel the") still
        # gets a say, after the others, with the words it matches on its own.
        for intent in {cue.intent for cue, _ in matches} - scores.keys():
            own, own_taken, own_ends = _settle([m for m in matches if m[0].intent == intent])
            found.append(
                self._candidate(
                    intent, own[intent], own_taken, words, own_ends[intent], fallback=True
                )
            )
        # Equal scores: a request with content beats a bare yes or no.
        ranked = [c for c in found if c is not None]
        ranked.sort(key=lambda c: (c.fallback, -c.score, c.rule.short))
        return ranked

    def _candidate(
        self,
        intent: str,
        score: int,
        taken: set[int],
        words: list[str],
        end: int,
        *,
        fallback: bool = False,
    ) -> Candidate | None:
        rule = self.rules[intent]

        def left(start: int) -> str:
            return " ".join(
                w
                for i, w in enumerate(words)
                if i >= start and i not in taken and w not in self.glue
            )

        remainder = left(0)
        if rule.short and remainder and len(words) > _SHORT_ANSWER_WORDS:
            return None  # "yes add a latte" is an add; "yes" alone, or "yes please", a yes
        return Candidate(rule, score, remainder, len(words), fallback, left(end), frozenset(taken))

    def says_yes_and_no(self, words: list[str]) -> bool:
        """Whether the words are a yes and a no at once ("yeah, no"; "hold on, no" heard as
        "go on no"): an answer neither way, to be asked again, never taken as the yes."""
        return {c.rule.name for c in self.rank(words) if not c.fallback} >= _BOTH_ANSWERS

    def one_word_cues(self) -> frozenset[str]:
        """The cues of one word, of the intents that are no booking ("add", "brew")."""
        return frozenset(
            cue.parts[0][0]
            for cue in self.cues
            if len(cue.parts) == 1 and len(cue.parts[0]) == 1 and not self.rules[cue.intent].reads
        )

    def marks_request(self, words: list[str]) -> bool:
        """Whether the words (before `clean`) say "please", "for me" or another request mark."""
        return any(
            tuple(words[i : i + len(mark)]) == mark
            for mark in self.request_marks
            for i in range(len(words) - len(mark) + 1)
        )

    def flagged(self, rule: IntentRule, words: list[str]) -> frozenset[str]:
        """The rule's flags whose cues occur in `words` ("move my ..." → reschedule)."""
        return frozenset(name for name, cues in rule.flags if any(_find(c, words) for c in cues))

    def _without_trailing_markers(self, words: list[str]) -> list[str]:
        """ "a medium mocha, skim, wait" before "make that oat": the hesitation goes too."""
        changed = True
        while changed:
            changed = False
            for marker in self.corrections:
                if len(words) > len(marker) and tuple(words[-len(marker) :]) == marker:
                    words = words[: -len(marker)]
                    changed = True
        return words

    def split_lead_in(self, words: list[str]) -> tuple[list[str], list[str]]:
        """("never mind check out") → (["never", "mind"], ["check", "out"]): a lead-in that
        may stand before a whole request, and the words after it; (words, []) without one."""
        for lead_in in self.lead_ins:
            if len(words) > len(lead_in) and tuple(words[: len(lead_in)]) == lead_in:
                return words[: len(lead_in)], words[len(lead_in) :]
        return words, []

    def split_correction(self, words: list[str]) -> tuple[list[str], list[str]]:
        """("one espresso no make it two") → (["one", "espresso"], ["two"]): the words
        before the last correction marker and the short correction after it. No marker, or
        one at the very start or followed by a whole new sentence, splits nothing."""
        for start in range(len(words) - 1, 1, -1):
            for marker in self.corrections:
                if tuple(words[start : start + len(marker)]) != marker:
                    continue
                tail = words[start + len(marker) :]
                if 0 < len(tail) <= _CORRECTION_WORDS:
                    return self._without_trailing_markers(words[:start]), tail
        return words, []


def _settle(
    matches: list[tuple[Cue, tuple[int, ...]]],
) -> tuple[dict[str, int], set[int], dict[str, int]]:
    """Keep the longest of overlapping matches; each intent scores the words it keeps. Also
    where each intent's last kept cue ends, since the thing asked for follows the asking."""
    taken: set[int] = set()
    scores: dict[str, int] = {}
    ends: dict[str, int] = {}
    for cue, positions in matches:
        if taken.intersection(positions):
            continue
        taken.update(positions)
        scores[cue.intent] = scores.get(cue.intent, 0) + cue.length
        ends[cue.intent] = max(ends.get(cue.intent, 0), max(positions) + 1)
    return scores, taken, ends


def _drop_phrases(
    words: list[str], phrases: tuple[tuple[str, ...], ...], kept: tuple[tuple[str, ...], ...]
) -> list[str]:
    """`words` without `phrases`, except where a `kept` phrase starts."""
    out: list[str] = []
    i = 0
    while i < len(words):
        keep = next((k for k in kept if tuple(words[i : i + len(k)]) == k), None)
        if keep is not None:
            out.extend(keep)
            i += len(keep)
            continue
        for phrase in phrases:
            if tuple(words[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _find(cue: Cue, words: list[str]) -> list[tuple[Cue, tuple[int, ...]]]:
    """Every place a cue matches: the word positions its parts cover."""
    found: list[tuple[Cue, tuple[int, ...]]] = []
    first = cue.parts[0]
    for start in range(len(words) - len(first) + 1):
        if tuple(words[start : start + len(first)]) != first:
            continue
        positions = list(range(start, start + len(first)))
        end = start + len(first)
        for part in cue.parts[1:]:
            hit = _next(words, part, end, end + _MAX_GAP_WORDS + 1)
            if hit is None:
                break
            positions.extend(range(hit, hit + len(part)))
            end = hit + len(part)
        else:
            found.append((cue, tuple(positions)))
    return found


def _next(words: list[str], part: tuple[str, ...], lo: int, hi: int) -> int | None:
    for start in range(lo + 1, min(hi, len(words) - len(part) + 1)):
        if tuple(words[start : start + len(part)]) == part:
            return start
    return None


def _cue(intent: str, text: str) -> Cue:
    parts = tuple(_phrase(p) for p in text.split(_GAP))
    return Cue(intent, tuple(p for p in parts if p))


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("'", "")).split())


@cache
def load_cues(path: Path = CUES_FILE) -> CueBook:
    """Read voice/cues.yaml once per process."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules: dict[str, IntentRule] = {}
    cues: list[Cue] = []
    for name, spec in data["intents"].items():
        flags = {
            str(flag): tuple(_cue(str(name), str(text)) for text in texts)
            for flag, texts in (spec.get("flags") or {}).items()
        }
        rules[name] = IntentRule(
            name=str(name),
            item=str(spec.get("item", "none")),
            quantity=str(spec.get("quantity", "none")),
            short=bool(spec.get("short", False)),
            reads=str(spec.get("reads", "")),
            flags=tuple(flags.items()),
        )
        # A flag's cues signal the intent too: "reschedule my car wash" is a booking.
        cues.extend(_cue(str(name), str(text)) for text in spec["cues"])
        cues.extend(cue for flag_cues in flags.values() for cue in flag_cues)
    fillers = sorted((_phrase(f) for f in data["fillers"]), key=len, reverse=True)
    openings = sorted((_phrase(o) for o in data["openings"]), key=len, reverse=True)
    closings = sorted((_phrase(c) for c in data["closings"]), key=len, reverse=True)
    return CueBook(
        fillers=tuple(fillers),
        corrections=tuple(sorted((_phrase(c) for c in data["corrections"]), key=len, reverse=True)),
        lead_ins=tuple(sorted((_phrase(r) for r in data["lead_ins"]), key=len, reverse=True)),
        kept=tuple(_phrase(k) for k in data["kept"]),
        request_marks=tuple(_phrase(m) for m in data["request_marks"]),
        soft_fillers={
            str(word): frozenset(str(k) for k in keep)
            for word, keep in (data.get("soft_fillers") or {}).items()
        },
        openings=tuple(openings),
        closings=tuple(closings),
        glue=frozenset(str(g) for g in data["glue"]),
        rules=rules,
        cues=tuple(cues),
    )
