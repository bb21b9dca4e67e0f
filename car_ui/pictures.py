"""Product pictures for the screens: fetched off the main thread, kept in a small LRU, and
revalidated with their ETag.

A tap must answer within 100 ms and a frame within 16 ms, so nothing here runs on the UI
thread but the hand-over: a daemon worker fetches `GET /api/v1/items/{id}/image`, and
`deliver` (the view passes Kivy's clock) brings the PNG bytes back to the main thread, where
the view loads them into a texture (a tile-sized PNG decodes in well under a millisecond).
Until a picture arrives, and whenever the store cannot be reached, the screens keep showing the
item's icon; a failed fetch is not retried for RETRY_AFTER_S, so a store that is down costs one
request per picture and not one per frame.

The fetches go through the session's own httpx client, with its sign-in (which signs in
again after a 401); they are plain GETs, so none of the client's retry rules apply to them.
"""

from __future__ import annotations

import functools
import logging
import queue
import re
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from car_ui.client import API_PREFIX, RetailClient

log = logging.getLogger(__name__)

TILE_SIZE = 128  # the sizes the store renders (mock_retail_api.images)
LARGE_SIZE = 256
MAX_ENTRIES = 96  # pictures kept: well under 1 MiB of tile-sized PNGs
RETRY_AFTER_S = 15.0
MAX_FRESH_S = 3600.0  # revalidate at least hourly, whatever max-age says
_MAX_AGE = re.compile(r"max-age=(\d+)")

Key = tuple[int, int]  # (item id, size)
Deliver = Callable[[Callable[[], None]], None]


@dataclass
class Picture:
    """A fetched picture and what revalidation needs. `texture` is the view's to fill (a Kivy
    texture loaded from `png`), so it is made once per picture."""

    png: bytes
    etag: str | None
    fresh_until: float
    texture: Any = None


@dataclass
class _Pending:
    callbacks: list[Callable[[Picture], None]] = field(default_factory=list)


class PictureCache:
    """Item pictures by (item id, size). `request` is called on the main thread and returns
    at once; every callback runs through `deliver`, never on a worker."""

    def __init__(
        self,
        http: httpx.Client,
        deliver: Deliver,
        *,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._deliver = deliver
        self._clock = clock
        self.max_entries = max_entries
        self._entries: OrderedDict[Key, Picture] = OrderedDict()
        self._pending: dict[Key, _Pending] = {}
        self._failed: dict[Key, float] = {}  # key -> when a retry is allowed
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[Key] = queue.SimpleQueue()
        # One worker: a second thread would cost a malloc arena (MiBs) for little speed.
        threading.Thread(target=self._work, name="pictures", daemon=True).start()

    def request(
        self, item_id: int, size: int, on_ready: Callable[[Picture], None]
    ) -> Picture | None:
        """The picture if it is here (a stale one is revalidated in the background and
        `on_ready` hears of a changed one); otherwise None, and `on_ready` gets it later."""
        key = (item_id, size)
        now = self._clock()
        with self._lock:
            picture = self._entries.get(key)
            if picture is not None:
                self._entries.move_to_end(key)
                if picture.fresh_until > now:
                    return picture
            if self._failed.get(key, 0.0) > now:
                return picture
            pending = self._pending.get(key)
            if pending is None:
                pending = self._pending[key] = _Pending()
                self._jobs.put(key)
            pending.callbacks.append(on_ready)
        return picture

    @property
    def busy(self) -> bool:
        """Whether a fetch is still on its way (a script waits for it before a screenshot)."""
        with self._lock:
            return bool(self._pending)

    def _work(self) -> None:
        while True:
            key = self._jobs.get()
            try:
                picture = self._fetch(key)
            except Exception as exc:  # the store down, a bad body: the icon stays
                log.info("picture %s not fetched: %s", key, exc)
                picture = None
            with self._lock:
                pending = self._pending.pop(key, _Pending())
                if picture is None:
                    self._failed[key] = self._clock() + RETRY_AFTER_S
                    continue
                self._failed.pop(key, None)
                changed = self._entries.get(key) is not picture
                self._entries[key] = picture
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
            if changed:
                for callback in pending.callbacks:
                    self._deliver(functools.partial(callback, picture))

    def _fetch(self, key: Key) -> Picture:
        item_id, size = key
        with self._lock:
            known = self._entries.get(key)
        headers = {"If-None-Match": known.etag} if known and known.etag else {}
        response = self._http.get(
            f"{API_PREFIX}/items/{item_id}/image", params={"size": size}, headers=headers
        )
        fresh_until = self._clock() + _max_age(response.headers.get("cache-control", ""))
        if response.status_code == 304 and known is not None:
            known.fresh_until = fresh_until
            return known
        response.raise_for_status()
        if response.headers.get("content-type") != "image/png":
            raise ValueError(f"not a PNG: {response.headers.get('content-type')}")
        return Picture(response.content, response.headers.get("etag"), fresh_until)


def _max_age(cache_control: str) -> float:
    """How long the store says a picture stays good (capped at MAX_FRESH_S)."""
    match = _MAX_AGE.search(cache_control)
    return min(float(match[1]), MAX_FRESH_S) if match else 0.0


_shared: weakref.WeakKeyDictionary[RetailClient, PictureCache] = weakref.WeakKeyDictionary()


def shared(client: RetailClient, deliver: Deliver) -> PictureCache:
    """The one cache of a signed-in store client (a new client, after a reconnect, gets a
    new cache with a new connection pool)."""
    cache = _shared.get(client)
    if cache is None:
        # The client's own httpx.Client: its sign-in, its pool (httpx clients are thread-safe),
        # and no second TLS context (~3 MiB) on a head unit that counts its memory.
        cache = _shared[client] = PictureCache(client.http, deliver)
    return cache


def any_busy() -> bool:
    """Whether any picture cache is still fetching."""
    return any(cache.busy for cache in list(_shared.values()))
