"""What can go wrong talking to the store, as exceptions the session can explain.

Each class is one situation a person must hear about differently ("I can't reach the store",
"that's out of stock", "I need your PIN"), so the ordering session catches them by type and
never parses messages. All are IncarError, so the command line shows them as one line.
"""

from __future__ import annotations

from collections.abc import Mapping

from incar.errors import IncarError


class ApiError(IncarError):
    """The retail API refused or failed a request; `detail` is the server's explanation."""

    status: int = 0

    def __init__(self, message: str, *, detail: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.detail = detail or message
        if status is not None:
            self.status = status


class ApiUnreachable(ApiError):
    """No answer from the API (connection refused, timeout) after the allowed retries."""


class ServerError(ApiUnreachable):
    """The API answered 5xx: for the head unit this is the same as not reachable (try later)."""


class Unauthorized(ApiError):
    """Wrong vehicle secret or PIN at login, or a token the server no longer accepts."""

    status = 401


class PinRequired(ApiError):
    """The order is above the profile's spending limit: it needs the profile's PIN."""

    status = 403


class Forbidden(ApiError):
    status = 403


class NotFound(ApiError):
    status = 404


class OutOfStock(ApiError):
    """Not enough stock; `detail` names the item. Nothing was changed on the server."""

    status = 409


class Conflict(ApiError):
    """The request clashes with the current state (e.g. cancelling a shipped order)."""

    status = 409


class PriceChanged(Conflict):
    """The store's total is not the one the person confirmed, so nothing was ordered.

    `unit_prices_fen` maps each SKU of the order to its price now and `total_fen` is the new
    total, so the head unit can say which price moved without asking the store again.
    """

    def __init__(
        self,
        message: str,
        *,
        detail: str = "",
        status: int | None = None,
        unit_prices_fen: Mapping[int, int] | None = None,
        total_fen: int | None = None,
        expected_total_fen: int | None = None,
    ) -> None:
        super().__init__(message, detail=detail, status=status)
        self.unit_prices_fen = dict(unit_prices_fen or {})
        self.total_fen = total_fen
        self.expected_total_fen = expected_total_fen


class ValidationFailed(ApiError):
    """The server rejected the request body (422): a bug or a bad value from the person."""

    status = 422


class MalformedResponse(ApiError):
    """The store answered, but not in the shape CONTRACTS section 3 promises (not JSON, a
    missing member, a price that is not a number). Nothing above the client sees the body;
    `detail` says which request and what was wrong with its answer, in one line."""


class TooManyAttempts(ApiError):
    """The store locked the PIN or the vehicle secret after too many wrong ones (429): every
    try is refused, the right one too, for `retry_after_s` more seconds. Never retried."""

    status = 429

    def __init__(
        self,
        message: str,
        *,
        detail: str = "",
        status: int | None = None,
        retry_after_s: int | None = None,
    ) -> None:
        super().__init__(message, detail=detail, status=status)
        self.retry_after_s = retry_after_s
