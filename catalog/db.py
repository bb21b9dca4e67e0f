"""Engines and schema upgrades for SQLite and PostgreSQL behind one function each.

SQLite gets WAL, a long busy timeout and BEGIN IMMEDIATE on write transactions: a deferred
transaction that later tries to write can fail at once with "database is locked" when another
writer got there first, while IMMEDIATE waits its turn in the busy handler instead.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from incar.errors import IncarError

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_BUSY_TIMEOUT_S = 30
# Alembic narrates every plugin and migration at INFO; a seed should print its own summary only.
logging.getLogger("alembic").setLevel(logging.WARNING)


def is_sqlite(db_url: str) -> bool:
    return make_url(db_url).get_backend_name() == "sqlite"


@contextmanager
def database_errors(db_url: str) -> Iterator[None]:
    """Turn "cannot reach or open the database" into one readable line for the command line."""
    try:
        yield
    except (OperationalError, NoSuchModuleError, ArgumentError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        safe_url = (
            make_url(db_url).render_as_string(hide_password=True) if "://" in db_url else db_url
        )
        raise IncarError(f"cannot use the database {safe_url}: {reason}") from exc


def make_engine(db_url: str, *, immediate: bool = False, pool_size: int = 20) -> Engine:
    """An engine for the URL; `immediate=True` makes SQLite take the write lock at BEGIN.
    Errors never show SQL parameter values (secrets, addresses): `hide_parameters`."""
    try:
        url = make_url(db_url)
        url.get_dialect()
    except (ArgumentError, NoSuchModuleError) as exc:
        raise IncarError(f"not a usable database URL: {db_url!r}") from exc
    if url.get_backend_name() != "sqlite":
        return create_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            hide_parameters=True,
        )
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
        pool_size=pool_size,
        max_overflow=pool_size,
        hide_parameters=True,
    )
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


Rows = Callable[[str, Mapping[str, Any]], list[Any]]


class Reads:
    """Read-only statements with `:name` parameters, for the search path.

    On SQLite each thread keeps one driver connection of its own and runs statements outside
    any transaction: these are indexed reads of a catalog that does not change while the API
    runs (stock is read fresh by every statement), and a pool checkout, BEGIN, ROLLBACK and
    SQLAlchemy's per-statement bookkeeping cost more than the reads themselves. Other
    databases (and in-memory SQLite) use one pooled SQLAlchemy connection per `connect()`.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        database = engine.url.database
        on_disk = engine.dialect.name == "sqlite" and database not in (None, "", ":memory:")
        self._sqlite_path = database if on_disk else None
        self._local = threading.local()
        self._lock = threading.Lock()
        # Weak: a connection goes away with its thread (the thread pool retires idle threads).
        self._opened: weakref.WeakSet[_ReadConnection] = weakref.WeakSet()

    @contextmanager
    def connect(self) -> Iterator[Rows]:
        """A `rows(sql, params)` function valid inside the block."""
        if self._sqlite_path is not None:
            conn = self._sqlite(self._sqlite_path)
            yield lambda sql, params: conn.execute(sql, params).fetchall()
            return
        with self._engine.connect() as pooled:
            yield lambda sql, params: list(pooled.execute(text(sql), params))

    def _sqlite(self, path: str) -> sqlite3.Connection:
        conn: _ReadConnection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                path,
                timeout=SQLITE_BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,  # only its own thread uses it; close() may come from any
                factory=_ReadConnection,
            )
            conn.execute("PRAGMA query_only=ON")
            self._local.conn = conn
            with self._lock:
                self._opened.add(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in list(self._opened):
                conn.close()
            self._opened.clear()
            self._local = threading.local()


class _ReadConnection(sqlite3.Connection):
    """A plain sqlite3 connection that can be weakly referenced."""


def in_list(name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """`(:name0, :name1, ...)` and its parameters, for `Reads`."""
    params = {f"{name}{i}": value for i, value in enumerate(values)}
    return "(" + ", ".join(f":{key}" for key in params) + ")", params


def alembic_config() -> Config:
    """Alembic settings in code: the migrations ship inside the package, no alembic.ini.

    Alembic is imported here, after its logger is quietened, because importing it logs.
    """
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it already is)."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def drop_everything(engine: Engine) -> None:
    """Run every migration's downgrade, leaving an empty database."""
    from alembic import command

    cfg = alembic_config()
    if not inspect(engine).has_table("alembic_version"):
        return
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
