"""What can go wrong talking to the store, as exceptions the session can explain.

Each class is one situation a person must hear about differently ("I can't reach the store",
"that's out of stock", "I need your PIN"), so the ordering session catches them by type and
never parses messages. All are IncarError, so the command line shows them as one line.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator, Mapping

from incar.errors import IncarError

START_THE_STORE = "start it with `incar serve`, or point --api or INCAR_API_URL at a running one"


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


def sentence_for(error: BaseException) -> str:
    """The one line a person reads when the head unit cannot start or has lost the store:
    what happened and what to do about it, with no errno numbers or exception names.

    The command line prints it after `incar: error:`; a head unit whose window is already
    open shows it as its banner. Errors that are already worded for a person (IncarError)
    are passed on as they are.
    """
    if isinstance(error, ServerError):
        return f"the store is failing ({error}): see `incar serve`'s log, or restart it"
    if isinstance(error, ApiUnreachable):
        where, why = _unreachable(error)
        return f"the store is not reachable at {where} ({why}): {START_THE_STORE}"
    return str(error) or type(error).__name__


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _unreachable(error: ApiUnreachable) -> tuple[str, str]:
    """(the store's address, why it could not be reached), read from the transport error the
    client raised ApiUnreachable from (its `__cause__`), never from a message."""
    import httpx

    where, why = "the configured address", "the connection failed"
    for cause in _causes(error):
        if isinstance(cause, httpx.RequestError) and where == "the configured address":
            try:
                url = cause.request.url
            except RuntimeError:  # an error raised before the request was built
                continue
            where = f"{url.scheme}://{url.netloc.decode()}"
        if isinstance(cause, httpx.TimeoutException):
            why = "it did not answer in time"
        elif isinstance(cause, httpx.UnsupportedProtocol):
            why = "the address must begin with http:// or https://"
        elif isinstance(cause, socket.gaierror):
            why = "its host name is unknown"
        elif isinstance(cause, ConnectionRefusedError):
            why = "nothing is listening there"
        elif isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            why = "no network route leads there"
        elif isinstance(cause, httpx.RemoteProtocolError | httpx.ReadError):
            why = "the connection broke off"
    return where, why
