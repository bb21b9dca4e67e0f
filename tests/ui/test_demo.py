"""`incar demo`: starts its own store, uses it, and stops it again."""

from __future__ import annotations

import os
import subprocess

import httpx

from tests.servers import free_port, incar_command


def test_demo_without_a_display_runs_the_shell_against_its_own_store() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["INCAR_API_URL"] = url
    proc = subprocess.run(
        incar_command("demo"),
        input="add two lattes\nwhat's in my cart\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no display found" in proc.stdout and "--headless" not in proc.stderr
    assert "Added two medium Lattes" in proc.stdout
    assert "In your cart: two" in proc.stdout
    try:
        httpx.get(f"{url}/api/v1/health", timeout=1)
        stopped = False
    except httpx.HTTPError:
        stopped = True
    assert stopped, "the demo left its store running"
