"""The ordering session, split by domain; `OrderingSession` is its entry point.

- `ordering`: the session itself (lifecycle, lock, routing, store errors as replies).
- `questions`: the open question (a choice, a checkout read-back, a cancel) and what answers it.
- `context`: the working state every handler gets, and slot parsing.
- `search`, `cart`, `checkout`, `orders`, `profiles`, `navigation`, `answers`: the handlers of
  one domain each, registered through their `HANDLERS` table.
- `replies`: every word the session says (English), with plurals and money in words.
- `outbox_sync`: what the session does with the offline outbox.
"""

from car_ui.session.ordering import OrderingSession

__all__ = ["OrderingSession"]
