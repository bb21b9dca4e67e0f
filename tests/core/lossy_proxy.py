"""A lossy HTTP proxy in front of a real store, for the head unit's fault tests.

It forwards every request to the store and, where a rule says so, loses something on the way
as a flaky mobile link would: the request never arrives (`drop_request`), the store's reply
never comes back after the store acted on it (`drop_reply`), or a gateway answers 503 instead
(`fail`). A lost connection is a real one: the socket is closed without a byte of answer, so
the client sees what it sees in a tunnel. Rules are matched in order and each may be limited
to a number of uses; a seeded `chance` makes a run repeatable.
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

import httpx

Action = Literal["drop_request", "drop_reply", "fail"]
_HOP_BY_HOP = {"host", "content-length", "connection", "transfer-encoding", "keep-alive"}


@dataclass
class Rule:
    """Lose `action` for requests of `method` whose path ends with `path` (and whose query
    contains `query`), at most `times` times (None: always), each with `chance`; with
    `after` ("POST /api/v1/orders"), only once such a request came since the last clear()."""

    method: str
    path: str
    action: Action
    times: int | None = None
    query: str = ""
    chance: float = 1.0
    after: str = ""
    used: int = 0

    def matches(self, method: str, path: str, query: str, recent: Counter[str]) -> bool:
        return (
            (not self.after or recent[self.after] > 0)
            and method == self.method
            and path.endswith(self.path)
            and self.query in query
            and (self.times is None or self.used < self.times)
        )


class LossyProxy:
    """`with LossyProxy(store_url) as proxy:` ... `proxy.url` is where the client points."""

    def __init__(self, upstream: str, *, seed: int = 0) -> None:
        self.upstream = upstream.rstrip("/")
        self.rules: list[Rule] = []
        self.seen: Counter[str] = Counter()  # "POST /api/v1/orders" -> requests received
        self.lost: Counter[str] = Counter()  # "drop_reply POST /api/v1/orders" -> times
        self._recent: Counter[str] = Counter()  # requests since the last clear()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._http = httpx.Client(base_url=self.upstream, timeout=30)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def add(self, *rules: Rule) -> LossyProxy:
        with self._lock:
            self.rules.extend(rules)
        return self

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()
            self._recent.clear()

    def __enter__(self) -> LossyProxy:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._http.close()

    def _decide(self, method: str, path: str, query: str) -> Action | None:
        with self._lock:
            for rule in self.rules:
                if rule.matches(method, path, query, self._recent):
                    if rule.chance < 1.0 and self._rng.random() >= rule.chance:
                        continue
                    rule.used += 1
                    self.lost[f"{rule.action} {method} {path}"] += 1
                    self._count(method, path)
                    return rule.action
            self._count(method, path)
        return None

    def _count(self, method: str, path: str) -> None:
        self.seen[f"{method} {path}"] += 1
        self._recent[f"{method} {path}"] += 1

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _relay(self) -> None:
                path, _, query = self.path.partition("?")
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                action = proxy._decide(self.command, path, query)
                if action == "drop_request":
                    self.close_connection = True
                    return
                if action == "fail":
                    problem = {"type": "about:blank", "title": "Bad Gateway", "status": 503}
                    self._answer(503, {"Content-Type": "application/problem+json"}, problem)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                upstream = proxy._http.request(
                    self.command, self.path, content=body, headers=headers
                )
                if action == "drop_reply":  # the store acted; its answer is lost
                    self.close_connection = True
                    return
                dropped = _HOP_BY_HOP | {"content-encoding", "date", "server"}
                kept = {k: v for k, v in upstream.headers.items() if k.lower() not in dropped}
                self._send(upstream.status_code, kept, upstream.content)

            def _answer(self, status: int, headers: dict[str, str], body: object) -> None:
                self._send(status, headers, json.dumps(body).encode())

            def _send(self, status: int, headers: dict[str, str], content: bytes) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _relay

        return Handler
