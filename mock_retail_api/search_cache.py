"""The hot read path: searches answered before routing, from ready-made bodies or freshly.

A car's searches repeat (the same spoken names over and over), and a search response only
changes when stock does, so every body rendered is stored and this ASGI layer replays it for
the same query string. A query string not seen yet is rendered here too when it is plain and
valid and its token was already verified: FastAPI's routing, dependency injection and
validation would cost more than the search itself. Anything else (a new token, a bad
parameter, an unknown category) goes on to the route, which answers with the usual checks and
problem documents. The layer sits inside the request log and fault injection, so its answers
are logged and faulted like any other.

On SQLite the render runs on the event loop: it is a few local, sub-millisecond statements,
and each worker has one core to spend, so a thread hop would only add overhead. A database
across the network (PostgreSQL) goes to the thread pool, so waiting on it never blocks.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from catalog.db import is_sqlite
from mock_retail_api.auth import cached_principal
from mock_retail_api.catalog_routes import render_search, search_params
from mock_retail_api.problems import ApiProblem
from mock_retail_api.store import Store

SEARCH_PATH = "/api/v1/items"


class SearchCache:
    def __init__(self, app: ASGIApp, store: Store) -> None:
        self.app = app
        self.store = store
        self._inline = is_sqlite(store.db_url)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _is_search(scope) and cached_principal(_authorization(scope)) is not None:
            body = await self._body(scope["query_string"])
            if body is not None:
                await _send_json(send, body)
                return
        await self.app(scope, receive, send)

    async def _body(self, query_string: bytes) -> bytes | None:
        body = self.store.search_responses.get(query_string)
        if body is not None:
            return body
        params = search_params(query_string)
        if params is None:
            return None
        try:
            if self._inline:
                body = render_search(self.store, *params)
            else:
                body = await run_in_threadpool(render_search, self.store, *params)
        except ApiProblem:
            return None  # the route raises it again and answers with the problem document
        self.store.search_responses.put(query_string, body)
        return body


def _is_search(scope: Scope) -> bool:
    return scope["type"] == "http" and scope["path"] == SEARCH_PATH and scope["method"] == "GET"


async def _send_json(send: Send, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _authorization(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            return bytes(value).decode("latin-1")
    return None
