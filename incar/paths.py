"""Where incar keeps its files: one user data directory, overridable with INCAR_DATA_DIR."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_path

from incar.errors import IncarError

DEFAULT_API_URL = "http://127.0.0.1:8700"


def data_dir() -> Path:
    """The user data directory (created on first use); INCAR_DATA_DIR wins over platformdirs."""
    override = os.environ.get("INCAR_DATA_DIR")
    path = Path(override).expanduser() if override else user_data_path("incar", appauthor=False)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IncarError(
            f"cannot create the data directory {path} ({exc.strerror or exc}): "
            "set INCAR_DATA_DIR to a folder you can write"
        ) from exc
    return path


def default_db_url() -> str:
    """INCAR_DB_URL, else the embedded SQLite file in the data directory."""
    return os.environ.get("INCAR_DB_URL") or f"sqlite:///{data_dir() / 'catalog.sqlite3'}"


def api_url(explicit: str | None = None) -> str:
    """The retail API base URL: an explicit value, INCAR_API_URL, or the local default.

    A value that is not an http(s) address is refused here, in words naming where it came
    from, rather than deep in the HTTP client as a missing protocol."""
    source = "--api" if explicit else "INCAR_API_URL"
    url = (explicit or os.environ.get("INCAR_API_URL") or DEFAULT_API_URL).rstrip("/")
    parts = urlsplit(url)
    try:
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number, or out of range
        valid = False
    if not valid:
        raise IncarError(
            f"{source} {url!r} is not the address of a store: give one such as {DEFAULT_API_URL}"
        )
    return url
