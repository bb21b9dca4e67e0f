"""Suite-wide fixtures: a data dir per run, a seeded SQLite API, a PostgreSQL cluster."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.servers import ApiServer, PostgresCluster, seed

_db_names = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep outboxes and databases out of the developer's real data dir.

    The speech model is the exception: it is found through INCAR_VOSK_MODEL (set from the real
    data dir before it is replaced) so the suite uses the copy `make test` installed.
    """
    if "INCAR_VOSK_MODEL" not in os.environ:
        try:
            from voice.model_store import installed_model_dir

            os.environ["INCAR_VOSK_MODEL"] = str(installed_model_dir())
        except ImportError:
            pass
    path = tmp_path_factory.mktemp("incar-data")
    old = os.environ.get("INCAR_DATA_DIR")
    os.environ["INCAR_DATA_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("INCAR_DATA_DIR", None)
    else:
        os.environ["INCAR_DATA_DIR"] = old


@pytest.fixture(scope="session")
def api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """One seeded SQLite API for the whole run; tests must not depend on others' carts."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'shared.sqlite3'}"
    seed(db_url)
    server = ApiServer(db_url).start()
    yield server
    server.stop()


@pytest.fixture
def start_api(tmp_path: Path) -> Iterator[Callable[..., ApiServer]]:
    """Factory for a fresh API on its own seeded SQLite DB (for tests that change stock,
    kill the server, or inject faults). Every server it starts is stopped afterwards."""
    started: list[ApiServer] = []

    def factory(
        *, db_url: str | None = None, faults: str | None = None, workers: int = 1
    ) -> ApiServer:
        url = db_url or f"sqlite:///{tmp_path / f'db{next(_db_names)}.sqlite3'}"
        if db_url is None:
            seed(url)
        server = ApiServer(url, faults=faults, workers=workers).start()
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_db_url(pg_cluster: PostgresCluster) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return pg_cluster.create_database(f"incar_test_{next(_db_names)}")
