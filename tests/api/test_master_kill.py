"""`kill -9` of the `incar serve` master takes its workers with it (issue 11): the port is
free again within seconds and a restart on the same port serves."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Callable

import httpx

from tests.servers import ApiServer


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_killing_the_master_frees_the_port_for_a_restart(
    start_api: Callable[..., ApiServer],
) -> None:
    server = start_api(workers=2)
    assert server.pid is not None
    os.kill(server.pid, signal.SIGKILL)
    server.kill()  # reap the master
    deadline = time.monotonic() + 5
    while _listening(server.port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _listening(server.port), "workers still serve after their master died"
    server.start()
    assert httpx.get(f"{server.url}/api/v1/health", timeout=5).status_code == 200
