"""Log files for the long-running programs (the head unit, the demo's store, `make`'s installs).

A demo is watched by a person, not a developer: the terminal shows what to do, and the INFO
chatter of Kivy, httpx and uvicorn goes to `logs/<name>.log` in the data dir, where a
developer finds it (`--verbose` puts it back on the terminal). The files are appended to,
so several programs can share one, and rolled over to `<name>.log.1` when they grow large.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from incar.paths import data_dir

ROLL_BYTES = 5 * 1024 * 1024
FILE_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
TERMINAL_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir() -> Path:
    """`logs/` in the data dir, created on first use."""
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_path(name: str) -> Path:
    """`logs/<name>.log`; one that has grown past ROLL_BYTES is kept as `<name>.log.1` and a
    new one is begun, so a car that runs for months never fills its storage with logs."""
    path = log_dir() / f"{name}.log"
    try:
        if path.stat().st_size > ROLL_BYTES:
            path.replace(path.with_name(f"{path.name}.1"))
    except FileNotFoundError:
        pass
    return path


class _TerminalFilter(logging.Filter):
    """Keeps tracebacks off the terminal and words the level for a person.

    A record that carries a traceback is for whoever debugs: the code that caught the error
    has already told the person what happened (a toast, an `incar: error:` line), so the
    terminal would only repeat it with a stack dump. The log file keeps it whole.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.level_word = record.levelname.lower()
        return record.exc_info is None


def log_to_file(name: str, *, verbose: bool = False, debug: bool = False) -> Path:
    """Send this process's log records to `logs/<name>.log` and return its path.

    The terminal keeps warnings and errors, one line each, without tracebacks; `verbose`
    shows everything there too, as before, and `debug` adds DEBUG records and tracebacks.
    """
    path = log_path(name)
    level = logging.DEBUG if debug else logging.INFO
    to_file = logging.FileHandler(path, encoding="utf-8")
    to_file.setFormatter(logging.Formatter(FILE_FORMAT))
    to_terminal = logging.StreamHandler(sys.stderr)
    if verbose or debug:
        to_terminal.setFormatter(logging.Formatter(TERMINAL_FORMAT))
    else:
        to_terminal.setLevel(logging.WARNING)
        to_terminal.addFilter(_TerminalFilter())
        to_terminal.setFormatter(logging.Formatter("incar: %(level_word)s: %(message)s"))
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    root.addHandler(to_file)
    root.addHandler(to_terminal)
    root.setLevel(level)
    return path
