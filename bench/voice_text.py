"""Understanding of phrasings the templates never saw: typed text, no speech.

The sets of sentences in `bench/data` were each written from the list of intents, items and
options only, by someone who had not seen the templates: `dev/` to `dev4/` are tuned
on (each was new when written, so its first score was a fair one), `heldout/` is never looked
at sentence by sentence, only scored. Each sentence is understood in the
context it names (after a clarifying question, after a read-back), and scored on its intent,
its item, its quantity and every option it labels. A "wrong action" is a reading that would
change the cart or an order in a way the person did not ask for: an add, a removal, a
set-quantity, a clear or a reorder that is the wrong intent or names the wrong item, quantity
or option. Asking back is never a wrong action, nor is naming an item the catalog does not
have (the session answers that it could not find it), nor a count the session refuses (over
99: "make my roses or thousand").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench.report import BenchResult
from core.commands import MAX_QUANTITY, Command, Expecting, Intent
from voice.items import ITEM, VocabularyEntry
from voice.nlu import Understander

DATA_DIR = Path(__file__).with_name("data")
SETS = ("dev", "dev2", "dev3", "dev4", "dev5", "heldout")
CONTEXTS = {
    None: Expecting.COMMAND,
    "after_question": Expecting.CLARIFICATION,
    "after_readback": Expecting.CONFIRMATION,
}
# Intents whose reading changes the cart or an order.
_ACTIONS = frozenset(
    {
        Intent.ADD_TO_CART,
        Intent.REMOVE_FROM_CART,
        Intent.SET_QUANTITY,
        Intent.CLEAR_CART,
        Intent.REORDER,
    }
)


@dataclass(frozen=True)
class Phrasing:
    text: str
    intent: Intent
    item: str | None = None
    quantity: int | None = None
    options: Mapping[str, str] = field(default_factory=dict)
    ordinal: int | None = None
    context: str | None = None


@dataclass(frozen=True)
class Scored:
    phrasing: Phrasing
    intent_ok: bool
    slots_ok: bool  # item, quantity, options and ordinal as labelled
    wrong_action: bool


def load_phrasings(name: str) -> list[Phrasing]:
    """One labelled set by name (see SETS)."""
    raw: list[dict[str, Any]] = yaml.safe_load((DATA_DIR / name / "phrasings.yaml").read_text())
    return [
        Phrasing(
            text=str(entry["text"]),
            intent=Intent(entry["intent"]),
            item=entry.get("item"),
            quantity=entry.get("quantity"),
            options=dict(entry.get("options") or {}),
            ordinal=entry.get("ordinal"),
            context=entry.get("context"),
        )
        for entry in raw
    ]


def titles(vocabulary: Sequence[VocabularyEntry]) -> dict[str, str]:
    """Spoken name → catalog title, from the catalog's own titles and aliases (the store's
    models are not catalog items)."""
    found: dict[str, str] = {}
    for entry in vocabulary:
        if entry.kind != ITEM:
            continue
        for name in entry.spoken_names:
            found.setdefault(name.lower(), entry.title)
    found.setdefault("coffee", "House Coffee")
    return found


def score(
    understander: Understander, phrasings: Sequence[Phrasing], names: Mapping[str, str]
) -> list[Scored]:
    return [
        judge(understander, p, understander.understand(p.text, CONTEXTS[p.context]), names)
        for p in phrasings
    ]


def judge(
    understander: Understander, phrasing: Phrasing, command: Command, names: Mapping[str, str]
) -> Scored:
    """How `command`, the reading of what was said, compares with the phrasing's labels."""
    intent_ok = command.intent is phrasing.intent
    slots_ok = _slots_ok(understander, command, phrasing, names)
    item = command.slots.get("item")
    # An add of something the catalog does not know is answered "I couldn't find it", a count
    # above MAX_QUANTITY "at most 99" (car_ui.session.context.quantity_from).
    quantity = command.slots.get("quantity")
    possible = not isinstance(quantity, int) or 1 <= quantity <= MAX_QUANTITY
    named = not item or understander.names_an_item(str(item))
    # A yes to a read-back places the order read back.
    commits = command.intent is Intent.CONFIRM and phrasing.context == "after_readback"
    acts = (command.intent in _ACTIONS or commits) and named and possible
    return Scored(phrasing, intent_ok, slots_ok, acts and not (intent_ok and slots_ok))


def _slots_ok(
    understander: Understander,
    command: Command,
    phrasing: Phrasing,
    names: Mapping[str, str],
) -> bool:
    slots = command.slots
    if phrasing.item is not None and phrasing.intent is not Intent.SELECT:
        phrase = str(slots.get("item", ""))
        best = understander.resolver.resolve(phrase).best if phrase else None
        if best is None or not _is_labelled_item(best.title, phrasing.item, names):
            return False
    if phrasing.quantity is not None and slots.get("quantity", 1) != phrasing.quantity:
        return False
    if phrasing.ordinal is not None and slots.get("ordinal") != phrasing.ordinal:
        return False
    said = dict(slots.get("options") or {})
    return all(said.get(group) == value for group, value in phrasing.options.items())


def _is_labelled_item(title: str, label: str, names: Mapping[str, str]) -> bool:
    """A label that is a spoken name wants exactly its catalog item; a generic label ("potato
    chips", written without the catalog at hand) is met by any item whose title has its words,
    as a shop assistant would take "potato chips" to mean any of the store's potato chips."""
    expected = names.get(label.lower())
    if expected is not None:
        return title.lower() == expected.lower()
    return set(label.lower().split()) <= set(title.lower().split())


def _pct(values: Sequence[bool]) -> float:
    return 100.0 * sum(values) / len(values) if values else 0.0


def run(vocabulary: Sequence[VocabularyEntry]) -> list[BenchResult]:
    understander = Understander(vocabulary)
    names = titles(vocabulary)
    results = []
    for name in SETS:
        scored = score(understander, load_phrasings(name), names)
        with_slots = [s for s in scored if s.phrasing.intent is not Intent.UNKNOWN]
        target = 95.0 if name == "heldout" else None
        results += [
            BenchResult(f"voice.text.{name}.count", "count", len(scored)),
            BenchResult(
                f"voice.text.{name}.intent_accuracy",
                "%",
                _pct([s.intent_ok for s in scored]),
                target,
                "min",
            ),
            BenchResult(
                f"voice.text.{name}.full_accuracy (intent and every labelled slot)",
                "%",
                _pct([s.intent_ok and s.slots_ok for s in with_slots]),
            ),
            BenchResult(
                f"voice.text.{name}.wrong_action_rate",
                "%",
                _pct([s.wrong_action for s in scored]),
                1.0,
            ),
        ]
    return results


def misses(name: str, vocabulary: Sequence[VocabularyEntry]) -> list[tuple[str, str, str]]:
    """The development set's failures, for tuning: (text, expected, got). Not offered for the
    held-out set on purpose."""
    if name == "heldout":
        raise ValueError("only the development set is inspected sentence by sentence")
    understander = Understander(vocabulary)
    names = titles(vocabulary)
    out = []
    for s in score(understander, load_phrasings(name), names):
        if not (s.intent_ok and s.slots_ok):
            command = understander.understand(s.phrasing.text, CONTEXTS[s.phrasing.context])
            out.append((s.phrasing.text, s.phrasing.intent.value, _describe(command)))
    return out


def _describe(command: Command) -> str:
    return f"{command.intent.value} {dict(command.slots)}"
