"""Which new model a person means, for a test drive or a lease quote: the one tapped, the one
named ("the Explorer", "Mach E"), else the question which (its tiles on the services screen
answer it by touch). An unknown name is said, never guessed."""

from __future__ import annotations

from collections.abc import Sequence

from car_ui.booking_state import ModelView
from car_ui.i18n import _
from car_ui.session import booking_display, booking_replies
from car_ui.session.booking_context import BookingContext
from car_ui.session.context import Answer
from car_ui.session.questions import Choice
from core.commands import Command, Screen
from voice.items import ItemResolver, VocabularyEntry


def model_named(models: Sequence[ModelView], name: str) -> ModelView | None:
    """The model a spoken name means, or None when none does (or two might)."""
    resolver = ItemResolver(VocabularyEntry(m.model_id, m.name) for m in models)
    resolution = resolver.resolve(name)
    best = resolution.best
    if best is None or resolution.ambiguous:
        return None
    return next(m for m in models if m.model_id == best.item_id)


def model_of(b: BookingContext, command: Command) -> ModelView | None:
    """The model tapped (`model_id`) or named (`model`); None when the command has neither."""
    model_id = command.slots.get("model_id")
    name = str(command.slots.get("model") or "").strip()
    if model_id is None and not name:
        return None
    models = b.models()
    if model_id is not None:
        found = next((m for m in models if m.model_id == int(model_id)), None)
    else:
        found = model_named(models, name)
    if found is None:
        raise Answer(booking_replies.unknown_model(name or str(model_id), models))
    return found


def ask_model(b: BookingContext, command: Command) -> ModelView:
    """The only model there is, else the question which (two choices while driving)."""
    models = b.models()
    if not models:
        raise Answer(_(booking_replies.NO_MODELS))
    if len(models) == 1:
        return models[0]
    booking_display.show_services(b, kind="test_drive")
    shown = models[: b.list_limit()] if b.state.restriction.active else models
    options = tuple(Choice(m.name, {"model_id": m.model_id}) for m in shown)
    answer = b.ask(command, options, booking_replies.which_model)
    answer.screen = Screen.SERVICES
    raise answer
