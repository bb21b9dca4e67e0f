"""The store's error answers as the head unit's exceptions (car_ui.errors).

A problem+json body (RFC 9457) names what went wrong by status and type; each situation a
person must hear about differently gets its own exception class here, once, so nothing
above the client ever reads a status code or a message.
"""

from __future__ import annotations

from typing import Any

import httpx

from car_ui import wire
from car_ui.errors import (
    ApiError,
    Conflict,
    Forbidden,
    MalformedResponse,
    NotFound,
    OutOfStock,
    PinRequired,
    PriceChanged,
    ServerError,
    TooManyAttempts,
    Unauthorized,
    ValidationFailed,
)


def problem_class(status: int, problem_type: str) -> type[ApiError]:
    kind = problem_type.rstrip("/").rsplit("/", 1)[-1]
    if status == 401:
        return Unauthorized
    if status == 403:
        return PinRequired if kind == "pin-required" else Forbidden
    if status == 404:
        return NotFound
    if status == 409:
        return {"out-of-stock": OutOfStock, "price-changed": PriceChanged}.get(kind, Conflict)
    if status in (400, 422):
        return ValidationFailed
    if status == 429:
        return TooManyAttempts
    if status >= 500:
        return ServerError
    return ApiError


def what(response: httpx.Response) -> str:
    return f"{response.request.method} {response.request.url.path}"


def retry_after(response: httpx.Response, body: Any) -> int | None:
    """The seconds a 429 says to wait: its Retry-After header (delta-seconds), else the
    problem's `retry_after` member; None when neither is a number."""
    raw = response.headers.get("Retry-After", "").strip()
    if raw.isdigit():
        return int(raw)
    value = body.get("retry_after") if isinstance(body, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return int(value)
    return None


def error_from_response(response: httpx.Response) -> ApiError:
    try:
        body = response.json()
    except ValueError:
        body = None
    problem = wire.parse_problem(body)
    detail = problem.detail_text
    title = problem.title or response.reason_phrase or "error"
    cls = problem_class(response.status_code, problem.type)
    message = f"{what(response)}: {response.status_code} {title}"
    message += f" ({detail})" if detail else ""
    if cls is PriceChanged:
        # The 409 price-changed problem carries the current lines and totals (extension
        # members); a body without them still gives a PriceChanged, just a less specific one.
        return PriceChanged(
            message,
            detail=detail or title,
            status=409,
            unit_prices_fen=problem.unit_prices_fen,
            total_fen=problem.total,
            expected_total_fen=problem.expected_total,
        )
    if cls is TooManyAttempts:
        wait = retry_after(response, body)
        return TooManyAttempts(message, detail=detail or title, status=429, retry_after_s=wait)
    return cls(message, detail=detail or title, status=response.status_code)


def malformed(response: httpx.Response, reason: str) -> MalformedResponse:
    return MalformedResponse(
        f"{what(response)}: the store's answer ({response.status_code}) could not be read: "
        f"{reason}",
        detail=f"its answer could not be read ({reason})",
        status=response.status_code,
    )
