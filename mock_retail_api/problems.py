"""application/problem+json for every error the API returns, including the framework's own.

Handlers are installed for FastAPI's validation errors and Starlette's HTTP errors (404, 405)
so that a client only ever has one error shape to parse.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

PROBLEM_BASE = "https://incar.example/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Payload too large",
    422: "Unprocessable request",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}
_TYPES = {
    400: "bad-request",
    401: "unauthorized",
    404: "not-found",
    405: "method-not-allowed",
    413: "payload-too-large",
    422: "validation-error",
}


class ApiProblem(Exception):
    """Raise anywhere in a request to answer with a problem document; the transaction rolls
    back because the exception leaves the `with session.begin()` block."""

    def __init__(
        self,
        status: int,
        kind: str,
        detail: str,
        title: str | None = None,
        extensions: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.title = title or _TITLES.get(status, "Error")
        self.extensions = dict(extensions or {})
        self.headers = dict(headers or {})


def problem_body(
    status: int,
    kind: str,
    detail: str,
    title: str | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> bytes:
    """The RFC 9457 document; `extensions` are extra members a client may act on (e.g. the
    current prices behind a price-changed conflict)."""
    document = {
        **(extensions or {}),
        "type": PROBLEM_BASE + kind,
        "title": title or _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    return json.dumps(document, ensure_ascii=False).encode()


def problem_response(
    status: int,
    kind: str,
    detail: str,
    title: str | None = None,
    headers: Any = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response:
    return Response(
        problem_body(status, kind, detail, title, extensions),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _describe_validation(errors: list[Any]) -> tuple[int, str, str]:
    if any(e.get("type") == "json_invalid" for e in errors):
        return 400, "malformed-json", "the request body is not valid JSON"
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where or 'body'}: {error.get('msg', 'invalid')}")
    return 422, "validation-error", "; ".join(parts)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiProblem)
    async def _problem(_request: Request, exc: ApiProblem) -> Response:
        return problem_response(
            exc.status, exc.kind, exc.detail, exc.title, exc.headers, exc.extensions
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> Response:
        status, kind, detail = _describe_validation(list(exc.errors()))
        return problem_response(status, kind, detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        kind = _TYPES.get(exc.status_code, "error")
        detail = str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such resource: {request.url.path}"
        elif exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}"
        return problem_response(exc.status_code, kind, detail, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, _exc: Exception) -> Response:
        # Starlette re-raises the exception after this answer; RequestLog logs it with the
        # request id and keeps it from reaching (and closing) the connection.
        return problem_response(500, "internal-error", "the server failed; nothing was changed")
