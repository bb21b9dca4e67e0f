"""What every process that serves requests sets up for itself: logging, and dying with its
master.

`incar serve --workers N` starts its workers with multiprocessing's spawn, so nothing the
master configured reaches them: each worker calls `prepare_process` from the app factory.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys

ENV_MASTER_PID = "INCAR_API_MASTER_PID"
_PR_SET_PDEATHSIG = 1


def prepare_process() -> None:
    _configure_logs()
    _die_with_master()


def _configure_logs() -> None:
    """Access lines are JSON already: bare on stderr. Errors with their traceback (SQL
    parameter values are never in them: the engines hide them)."""
    for name, fmt in (
        ("incar.api.access", "%(message)s"),
        ("incar.api", "%(asctime)s %(levelname)s %(name)s: %(message)s"),
    ):
        logger = logging.getLogger(name)
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(fmt))
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _die_with_master() -> None:
    """A worker gets SIGTERM when its master dies, even by SIGKILL (Linux parent-death
    signal), so no orphan keeps serving on the port. A master that died before the signal
    was set is seen as a changed parent."""
    master = os.environ.get(ENV_MASTER_PID)
    if not master or int(master) == os.getpid() or not sys.platform.startswith("linux"):
        return  # one process serves alone: it is the master
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        logging.getLogger("incar.api").warning("prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != int(master):
        os._exit(1)
