"""The recognizer's booking sentences: section 8's turns said with this store's services and
models and with days and times (voice/booking.yaml: `sentences` and `when`).

Vosk hears only the words its grammar has, in the word orders the grammar weighs (see
voice.corpus), so every booking phrasing the understanding reads is said here: each template
expanded as templates.yaml's are, each expansion filled afresh `SENTENCE_REPEATS` times with a
service, a model, a day and a time; and the short answers to "which day?" and "what time?".

A model name is said in the words the model knows. A word it lacks is tried as two words it
has ("ecosport" as "eco sport", which the understanding's fuzzy model match still takes for
EcoSport); a name that still has an unknown word is left out of the grammar and logged, since
Vosk would drop the word and keep the rest of a wrong sentence.
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable, Iterator, Sequence

from core.numbers import number_to_ordinal_words, number_to_words
from core.when import MONTHS, WEEKDAYS
from voice.booking_words import load_booking_lexicon
from voice.items import VocabularyEntry
from voice.templates import expand

log = logging.getLogger(__name__)

# Each sentence template expansion is said this often, with new fills every time.
SENTENCE_REPEATS = 8
# A {when} is a day, a day and a part of it, a day and a time (either way round), a time, or
# a part of the day alone ("this afternoon"), this often each.
_WHEN_SHAPES = (
    ("day", 4),
    ("day part", 3),
    ("day time", 3),
    ("time day", 1),
    ("time", 2),
    ("alone", 1),
)
_SLOT = re.compile(r"\{([a-z_]+)\}")


def spoken_model_name(name: str, knows_word: Callable[[str], bool]) -> str | None:
    """A model name in words the recognizer knows ("Mustang Mach-E" → "mustang mach e"),
    an unknown word split into two known ones; None when that fails."""
    said: list[str] = []
    for word in re.sub(r"[^a-z0-9 ]+", " ", name.lower()).split():
        if word.isdigit():
            word = number_to_words(int(word)).replace("-", " ")
        if all(knows_word(w) for w in word.split()):
            said.append(word)
            continue
        split = next(
            (
                f"{word[:cut]} {word[cut:]}"
                for cut in range(2, len(word) - 1)
                if knows_word(word[:cut]) and knows_word(word[cut:])
            ),
            None,
        )
        if split is None:
            return None
        said.append(split)
    return " ".join(said) or None


class BookingSentences:
    """Generates the booking part of the grammar corpus."""

    def __init__(
        self,
        models: Sequence[VocabularyEntry],
        knows_word: Callable[[str], bool],
        rng: random.Random,
    ) -> None:
        self.rng = rng
        self.lexicon = load_booking_lexicon()
        known = [
            (spoken_model_name(name, knows_word), name) for m in models for name in m.spoken_names
        ]
        for said, name in known:
            if said is None:
                log.warning("the speech model cannot say the model name %r: left out", name)
        self.models = sorted({said for said, _ in known if said})
        self.services = [
            " ".join(phrase)
            for phrase, _kind in self.lexicon.services
            if all(knows_word(w) for w in phrase)
        ]
        when = self.lexicon.when
        self.when = {
            part: [words for text in when[part] for words in expand(str(text))]
            for part in ("days", "parts", "alone", "times", "answers")
        }
        self.words: dict[str, list[str]] = {
            "weekday": list(WEEKDAYS),
            "month": list(MONTHS),
            # days every month has, so that each sentence names a real day
            "day": [number_to_ordinal_words(n).replace("-", " ") for n in range(1, 29)],
            "hour": [number_to_words(n) for n in range(1, 13)],
            **{str(k): [str(w) for w in v] for k, v in when["words"].items()},
        }

    def sentences(self) -> Iterator[str]:
        fills = {"{model}": self.models, "{service}": self.services}
        fills["{service_noun}"] = self.services
        for template in self.lexicon.sentences:
            for words in expand(template):
                if any(slot in words and not said for slot, said in fills.items()):
                    continue  # nothing the recognizer knows to fill it with
                for _ in range(SENTENCE_REPEATS):
                    yield self.fill(words)
        for words in self.when["answers"] + self.when["alone"]:
            for _ in range(SENTENCE_REPEATS):
                yield self.fill(words)

    def fill(self, words: Sequence[str]) -> str:
        out: list[str] = []
        for word in words:
            slot = _SLOT.fullmatch(word)
            out.append(word if slot is None else self.slot(slot.group(1)))
        return " ".join(out)

    def slot(self, name: str) -> str:
        rng = self.rng
        if name == "service":
            noun = rng.choice(self.services)
            if noun in self.lexicon.mass_nouns:
                return noun
            return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
        if name == "service_noun":
            return rng.choice(self.services)
        if name == "model":
            return rng.choice(self.models)
        if name == "when":
            return self.when_phrase()
        return rng.choice(self.words[name])

    def when_phrase(self) -> str:
        """A day, a time, or both, as a booking says them ("saturday morning", "at three",
        "the day after tomorrow at half past four")."""
        rng = self.rng
        shape = rng.choices([s for s, _ in _WHEN_SHAPES], [w for _, w in _WHEN_SHAPES])[0]
        pieces = {
            "day": self.when["days"],
            "part": self.when["parts"],
            "time": self.when["times"],
            "alone": self.when["alone"],
        }
        return " ".join(self.fill(rng.choice(pieces[piece])) for piece in shape.split())
