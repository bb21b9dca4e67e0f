"""Lease quotes: "how much a month for the Mustang Mach-E over three years".

The store computes the quote (the annuity formula, in fen); the session picks the model, the
term and the down payment from what was said (three years and a fifth of the price, rounded
to the thousand yuan, when not said, and the reply says what it assumed), speaks the monthly
payment as a person would and shows the quote's parts on the services screen.
"""

from __future__ import annotations

from typing import Any

from car_ui.booking_state import ModelView
from car_ui.i18n import _
from car_ui.session import booking_replies, vehicle_models
from car_ui.session.booking_context import booking_context
from car_ui.session.context import Answer, Context
from core.commands import Command, Reply, Screen
from core.numbers import words_to_number

LEASE_TERMS = (24, 36, 48, 60)
DEFAULT_TERM = 36
DEFAULT_DOWN_SHARE = 0.2  # of the price, rounded to the thousand yuan


def lease_quote(ctx: Context, command: Command) -> Reply:
    b = booking_context(ctx)
    model = vehicle_models.model_of(b, command) or vehicle_models.ask_model(b, command)
    term = _term(command.slots.get("term_months"))
    down = _down_payment_fen(command.slots.get("down_payment"), model)
    quote = b.client.lease_quote(model, term_months=term, down_payment_fen=down)
    b.set_booking(quote=quote, today=b.today())
    return b.reply(command, booking_replies.lease_quote(quote), screen=Screen.SERVICES)


def _term(raw: Any) -> int:
    if raw is None or raw == "":
        return DEFAULT_TERM
    term = _whole(raw)
    if term not in LEASE_TERMS:
        raise Answer(_(booking_replies.LEASE_TERMS_WORDS))
    return term


def _down_payment_fen(raw: Any, model: ModelView) -> int:
    if raw is None or raw == "":
        return round(model.price_fen * DEFAULT_DOWN_SHARE / 100_000) * 100_000
    yuan = _whole(raw)
    if yuan is None or yuan < 0:
        raise Answer(booking_replies.down_payment_not_understood(raw))
    return yuan * 100


def _whole(raw: Any) -> int | None:
    """A number from a slot: 36, "36", "thirty six"; None when it is not one."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return int(raw)
    text = str(raw).strip().replace(",", "")
    try:
        return int(float(text))
    except ValueError:
        return words_to_number(text)
