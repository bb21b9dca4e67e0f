"""Pure ASGI middleware: request ids and JSON access logs, body size limits, fault injection.

Pure ASGI (not BaseHTTPMiddleware) keeps the per-request cost to a few function calls and lets
fault injection drop a connection outright.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from incar.errors import IncarError
from mock_retail_api.problems import PROBLEM_MEDIA_TYPE, problem_body

access_log = logging.getLogger("incar.api.access")
error_log = logging.getLogger("incar.api")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_RAW_SEND = "incar.raw_send"
HEALTH_PATH = "/api/v1/health"
MAX_BODY_BYTES = 64 * 1024


async def send_problem(send: Send, status: int, kind: str, detail: str) -> None:
    body = problem_body(status, kind, detail)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestLog:
    """One JSON line per request (id, method, path, status, ms) and the X-Request-ID header.

    Only the path is logged: no query string, headers or bodies, so tokens, secrets and PINs
    never reach a log file. It wraps the whole application, Starlette's error middleware
    included: an unexpected error is logged here once with the request id, answered with a
    500 problem (carrying the id) and kept from the server, which would close the connection.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = ""
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                request_id = value.decode("latin-1")
        if not _REQUEST_ID.match(request_id):
            request_id = uuid.uuid4().hex
        started = time.perf_counter()
        status = 0
        complete = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, complete
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                complete = True
            await send(message)

        # Fault injection needs the server's own `send` to drop the connection.
        scope["extensions"] = {**(scope.get("extensions") or {}), _RAW_SEND: send}
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            error_log.exception("request %s failed", request_id)
            if not status:
                await send_problem(send_with_id, 500, "internal-error", "the server failed")
            elif not complete:
                raise  # a response cut off midway: only closing the connection tells the client
        finally:
            access_log.info(
                json.dumps(
                    {
                        "request_id": request_id,
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                    }
                )
            )


class BodyLimit:
    """413 for bodies over the limit, whether announced by Content-Length or streamed.

    A streamed (chunked) body is read here, up to the limit, before the app sees it: the
    framework would turn an error raised while it reads the body into a generic 400.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.max_bytes:
                await self._reject(send)
                return
            await self.app(scope, receive, send)
            return
        if b"chunked" not in headers.get(b"transfer-encoding", b""):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                await self._reject(send)
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)

    async def _reject(self, send: Send) -> None:
        detail = f"the request body is larger than {self.max_bytes} bytes"
        await send_problem(send, 413, "payload-too-large", detail)


@dataclass(frozen=True)
class FaultSpec:
    latency_s: float = 0.0
    error_rate: float = 0.0
    drop: float = 0.0

    @classmethod
    def parse(cls, spec: str | None) -> FaultSpec:
        """`latency=200ms,error_rate=0.1,drop=0.05`; latency takes ms or s (default ms)."""
        if not spec:
            return cls()
        values: dict[str, float] = {}
        for part in spec.split(","):
            name, sep, raw = part.strip().partition("=")
            try:
                if not sep or name not in ("latency", "error_rate", "drop"):
                    raise ValueError
                values[name] = _parse_seconds(raw) if name == "latency" else float(raw)
            except ValueError:
                raise IncarError(
                    f"bad --faults part {part.strip()!r}: expected "
                    "latency=200ms, error_rate=0.1 or drop=0.05"
                ) from None
        fault = cls(
            values.get("latency", 0.0), values.get("error_rate", 0.0), values.get("drop", 0.0)
        )
        if not (0 <= fault.error_rate <= 1 and 0 <= fault.drop <= 1 and fault.latency_s >= 0):
            raise IncarError("--faults rates must be between 0 and 1 and latency not negative")
        return fault

    @property
    def active(self) -> bool:
        return bool(self.latency_s or self.error_rate or self.drop)


def _parse_seconds(raw: str) -> float:
    raw = raw.strip().lower()
    if raw.endswith("ms"):
        return float(raw[:-2]) / 1000
    if raw.endswith("s"):
        return float(raw[:-1])
    return float(raw) / 1000


class FaultInjection:
    """Delays, fails (503) or drops requests at the configured rates; never /health, so a
    supervisor can always tell a faulty API from a dead one."""

    def __init__(self, app: ASGIApp, spec: FaultSpec, rng: random.Random | None = None) -> None:
        self.app = app
        self.spec = spec
        self.rng = rng or random.Random()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == HEALTH_PATH:
            await self.app(scope, receive, send)
            return
        if self.spec.latency_s:
            await asyncio.sleep(self.spec.latency_s)
        roll = self.rng.random()
        if roll < self.spec.drop:
            await _drop_connection(scope, send)
            return
        if roll < self.spec.drop + self.spec.error_rate:
            await send_problem(send, 503, "injected-fault", "fault injection: simulated failure")
            return
        await self.app(scope, receive, send)


async def _drop_connection(scope: Scope, send: Send) -> None:
    """Close the TCP connection without any response, as a network failure would.

    uvicorn's `send` (RequestLog, the outermost layer, passes it on) is a bound method of its
    request cycle, which holds the transport. ASGI has no message for "abort": under another
    server a drop is an error, never a half response.
    """
    raw: Any = (scope.get("extensions") or {}).get(_RAW_SEND, send)
    transport = getattr(getattr(raw, "__self__", None), "transport", None)
    if transport is None:
        raise RuntimeError("--faults drop needs uvicorn's transport")
    transport.close()
    for _ in range(3):  # let uvicorn see the disconnect before the app returns
        await asyncio.sleep(0)
