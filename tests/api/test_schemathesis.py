"""The OpenAPI document is true: schemathesis's coverage, fuzzing (positive and negative) and
stateful phases against a real server, on SQLite and PostgreSQL, with zero failures.

Each run gets its own server and database (fuzzing moves the clock, locks PINs, places and
cancels orders). The seed is fixed so a failure reproduces; INCAR_FUZZ_SEED explores others.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from mock_retail_api.problems import PROBLEM_MEDIA_TYPE
from tests.servers import ApiServer, PostgresCluster

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
)
MAX_EXAMPLES = 100  # per operation and phase: about 2,000-2,500 cases per database


def _token(server: ApiServer) -> str:
    body = {"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": "driver"}
    response = httpx.post(f"{server.url}/api/v1/sessions", json=body, timeout=30)
    response.raise_for_status()
    return str(response.json()["token"])


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_schemathesis_finds_nothing(
    engine: str,
    request: pytest.FixtureRequest,
    start_api: Callable[..., ApiServer],
    tmp_path: Path,
) -> None:
    db_url = None
    if engine == "postgres":
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        db_url = cluster.create_database("incar_fuzz")
    server = start_api(db_url=db_url)
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{server.url}/openapi.json",
        "--phases=examples,coverage,fuzzing,stateful",
        f"--checks={','.join(CHECKS)}",
        f"--max-examples={MAX_EXAMPLES}",
        f"--seed={os.environ.get('INCAR_FUZZ_SEED', '11')}",
        "--no-shrink",
        "--request-timeout=30",
        f"--header=Authorization: Bearer {_token(server)}",
        f"--header=X-Admin-Token: {server.admin_token}",
    ]
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=170, cwd=tmp_path, check=False
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-6000:]
    counted = re.search(r"(\d+) generated, (\d+) passed", report)
    assert counted, report[-3000:]
    assert int(counted[1]) == int(counted[2]) >= 1000, counted[0]
    for phase in ("Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in report, report[-3000:]


def test_every_operation_documents_its_success_and_problem_shapes(api: ApiServer) -> None:
    """Issue 11: the document listed only 200/422 application/json with empty schemas."""
    document = httpx.get(f"{api.url}/openapi.json", timeout=10).json()
    for path, operations in document["paths"].items():
        if path.endswith("/vocabulary"):
            continue  # its route belongs to another change for now
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            responses = operation["responses"]
            success = [status for status in responses if status.startswith("2")]
            assert success, where
            for status in success:
                if path.endswith("/image"):  # a picture: PNG bytes, not JSON
                    png = responses[status]["content"]["image/png"]["schema"]
                    assert png == {"type": "string", "format": "binary"}, where
                else:
                    assert responses[status]["content"]["application/json"]["schema"], where
            for status, response in responses.items():
                if status == "304" and path.endswith("/image"):
                    assert "content" not in response, where  # not modified: no body
                elif not status.startswith("2"):
                    assert list(response["content"]) == [PROBLEM_MEDIA_TYPE], f"{where} {status}"
            if not path.endswith(("/health", "/sessions")):
                assert "401" in responses, where
