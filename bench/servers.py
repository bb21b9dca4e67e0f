"""Real servers for the suite and the benchmarks: a uvicorn API process on a free port and a
throwaway PostgreSQL cluster run as the `postgres` user (PostgreSQL refuses to run as root).

They live in `bench` because the benchmarks ship with the package; tests import them from here.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def incar_command(*args: str) -> list[str]:
    """The `incar` command run with this interpreter, so the suite never needs PATH set up."""
    return [sys.executable, "-m", "incar", *args]


class ApiServer:
    """`incar serve` in a child process; stop() and start() again on the same port and DB.

    The server's operator token (INCAR_ADMIN_TOKEN) is `admin_token`: `admin_headers` move
    its order clock.
    """

    def __init__(self, db_url: str, *, workers: int = 1, faults: str | None = None) -> None:
        self.db_url = db_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._workers = workers
        self._faults = faults
        self._proc: subprocess.Popen[bytes] | None = None
        self.admin_token = secrets.token_urlsafe(16)
        self.admin_headers = {"X-Admin-Token": self.admin_token}
        self.log_path = Path(tempfile.mkstemp(prefix="incar-api-", suffix=".log")[1])

    def start(self, timeout: float = 60) -> ApiServer:
        args = ["serve", "--db", self.db_url, "--port", str(self.port)]
        args += ["--workers", str(self._workers)]
        if self._faults:
            args += ["--faults", self._faults]
        log = self.log_path.open("ab")
        env = {**os.environ, "INCAR_ADMIN_TOKEN": self.admin_token}
        self._proc = subprocess.Popen(
            incar_command(*args), stdout=log, stderr=subprocess.STDOUT, env=env
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"API exited early:\n{self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"API did not become healthy:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        """Stop the server and its workers (SIGTERM, then SIGKILL)."""
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(10)
        self._proc = None

    @property
    def pid(self) -> int | None:
        """The master's process id while it runs."""
        return self._proc.pid if self._proc and self._proc.poll() is None else None

    def kill(self) -> None:
        """Kill without a chance to clean up, as a crash or power loss would."""
        if self._proc and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait(10)
        self._proc = None


def seed(db_url: str, items: int | None = None) -> None:
    args = ["seed", "--db", db_url]
    if items:
        args += ["--items", str(items)]
    subprocess.run(incar_command(*args), check=True, capture_output=True)


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name) or ""]
    if not found[-1]:
        raise RuntimeError(f"PostgreSQL's {name} not found: run `make test` (installs it)")
    return found[-1]


class PostgresCluster:
    """initdb + pg_ctl in a temporary directory, listening on loopback only."""

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="incar-pg-"))
        self.data = self.root / "data"
        self._as_postgres = os.geteuid() == 0

    def _run(self, *cmd: str) -> None:
        full = ["runuser", "-u", "postgres", "--", *cmd] if self._as_postgres else list(cmd)
        subprocess.run(full, check=True, capture_output=True, cwd="/")

    def start(self) -> PostgresCluster:
        if self._as_postgres:
            shutil.chown(self.root, "postgres")
            os.chmod(self.root, 0o700)
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        opts += " -c fsync=off -c synchronous_commit=off"
        self._run(
            _pg_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            opts,
            "-w",
            "-l",
            str(self.root / "server.log"),
            "start",
        )
        return self

    def create_database(self, name: str) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        self._run(
            _pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name
        )
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
