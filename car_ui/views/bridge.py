"""Keeps the Kivy thread free: session work runs on one worker thread, results come back
through `Clock.schedule_once`.

A single worker (not a pool) keeps commands in the order they were tapped or spoken, so a
quick "add" then "checkout" can never overtake each other, while the UI thread only draws.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from kivy.clock import Clock

from core.commands import Command, Reply
from core.state import SessionState

log = logging.getLogger(__name__)
T = TypeVar("T")


class Session(Protocol):
    """What the view needs from car_ui.session.OrderingSession."""

    @property
    def state(self) -> SessionState: ...

    def handle(self, command: Command) -> Reply: ...

    def subscribe(self, callback: Callable[[SessionState], None]) -> Any: ...


class SessionBridge:
    """Runs session calls off the UI thread and reports back on it.

    `on_state` gets every new SessionState, `on_reply` every Reply, `on_error` any exception a
    call raised (shown as a toast: a dead API must never crash the head unit), and `on_busy`
    whether work is in flight (drives the spinner).
    """

    def __init__(
        self,
        session: Session,
        *,
        on_state: Callable[[SessionState], None],
        on_reply: Callable[[Reply], None],
        on_error: Callable[[BaseException], None],
        on_busy: Callable[[bool], None],
    ) -> None:
        self.session = session
        self._on_state = on_state
        self._on_reply = on_reply
        self._on_error = on_error
        self._on_busy = on_busy
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="session")
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        session.subscribe(self._state_changed)

    def _state_changed(self, state: SessionState) -> None:
        Clock.schedule_once(lambda _dt: self._on_state(state))

    def send(self, command: Command) -> Future[Reply]:
        """Hand a command to the session; the reply arrives through on_reply."""
        return self.call(self.session.handle, command, reply=True)

    def call(self, fn: Callable[..., T], *args: Any, reply: bool = False) -> Future[T]:
        """Run any session call (update_vehicle, switch_profile...) in order, off the UI thread."""
        with self._lock:
            self._pending += 1
            self._idle.clear()
        Clock.schedule_once(lambda _dt: self._on_busy(True))
        future = self._executor.submit(fn, *args)
        future.add_done_callback(lambda f: self._done(f, reply))
        return future

    def _done(self, future: Future[Any], reply: bool) -> None:
        error = future.exception()

        def deliver(_dt: float) -> None:
            if error is not None:
                log.info("session call failed: %s", error)
                self._on_error(error)
            elif reply:
                self._on_reply(future.result())
            with self._lock:
                self._pending -= 1
                idle = self._pending == 0
                if idle:
                    self._idle.set()
            if idle:
                self._on_busy(False)

        Clock.schedule_once(deliver)

    @property
    def idle(self) -> bool:
        """True when nothing is queued and every result has been delivered to the UI."""
        return self._idle.is_set()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
