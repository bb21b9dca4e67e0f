"""What the session says when a checkout meets a fault or a lock: a read-back the store could
not price, an order accepted whose cart refresh was lost, an order already placed, and PINs
locked after too many wrong ones. Beside `replies` (same style: plain functions, English,
numbers in words) so that module stays within its size.
"""

from __future__ import annotations

from core.numbers import amount_to_words, number_to_words
from core.plurals import plural
from core.state import OrderView

READ_BACK_FAILED = (
    "I couldn't get the store's total for your order, so it is not placed and nothing is "
    "waiting for a yes. Say check out to try again."
)
CART_NOT_REFRESHED = "I couldn't update your cart just now, so it may still show what you ordered."


def already_placed(order: OrderView) -> str:
    total = amount_to_words(order.total_fen, order.currency)
    return f"That order is already placed: order {number_to_words(order.order_id)}, {total}."


def too_many_pins(wait_s: int | None) -> str:
    """After five wrong PINs the store refuses every PIN for a while (429 Retry-After)."""
    return f"Too many wrong PINs. Please wait {wait_words(wait_s)} and try again."


def wait_words(seconds: int | None) -> str:
    """ "five minutes", "forty seconds": a Retry-After as a person says it (minutes rounded
    up, so the person never tries too early)."""
    if seconds is None:
        return "a few minutes"
    if seconds < 60:
        return plural(f"{number_to_words(max(1, seconds))} second", max(1, seconds))
    minutes = -(-seconds // 60)
    return plural(f"{number_to_words(minutes)} minute", minutes)
