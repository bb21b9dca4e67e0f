"""Where incar keeps its files: one user data directory, overridable with INCAR_DATA_DIR."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

DEFAULT_API_URL = "http://127.0.0.1:8700"


def data_dir() -> Path:
    """The user data directory (created on first use); INCAR_DATA_DIR wins over platformdirs."""
    override = os.environ.get("INCAR_DATA_DIR")
    path = Path(override).expanduser() if override else user_data_path("incar", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """INCAR_DB_URL, else the embedded SQLite file in the data directory."""
    return os.environ.get("INCAR_DB_URL") or f"sqlite:///{data_dir() / 'catalog.sqlite3'}"


def api_url(explicit: str | None = None) -> str:
    """The retail API base URL: an explicit value, INCAR_API_URL, or the local default."""
    return (explicit or os.environ.get("INCAR_API_URL") or DEFAULT_API_URL).rstrip("/")
