"""A complete spoken order through `incar voice-session` against a real API."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.servers import ApiServer, incar_command

from .conftest import login

pytestmark = pytest.mark.voice

ASSETS = Path(__file__).resolve().parents[2] / "assets"


@pytest.mark.parametrize("script", ["order_coffee.yaml", "order_from_clips.yaml"])
def test_spoken_order_end_to_end(
    start_api: Callable[..., ApiServer], tmp_path: Path, script: str
) -> None:
    server = start_api()
    report_path = tmp_path / "report.json"
    junit_path = tmp_path / "junit.xml"
    result = subprocess.run(
        incar_command(
            "voice-session",
            str(ASSETS / script),
            "--api",
            server.url,
            "--report",
            str(report_path),
            "--junit",
            str(junit_path),
        ),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(report_path.read_text())
    assert report["failed"] == 0 and report["summary"]["intent_accuracy"] == 1.0
    spoken = [t for t in report["turns"] if t["input"].get("say") or t["input"].get("audio")]
    assert spoken and all(t["transcript"] and t["timings_ms"]["asr"] for t in spoken)
    [order_id] = report["summary"]["orders"]
    orders = httpx.get(f"{server.url}/api/v1/orders", headers=login(server.url)).json()
    listed = orders["orders"] if isinstance(orders, dict) else orders
    assert [o["id"] for o in listed] == [order_id]  # exactly one order, the spoken one
    assert junit_path.read_text().count("<testcase") == len(report["turns"])
