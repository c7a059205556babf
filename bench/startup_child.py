"""A register's start-up, measured in a fresh interpreter by ``register_hot_path.py``.

It imports what ``saleflex-pos`` imports to open a register (the composition root, the
SQL adapter, the core) and nothing the benchmark needs for itself, opens the database,
brings a ``Register`` up and prints one JSON line of timings.

    python bench/startup_child.py /path/to/terminal.db
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import apps.pos_desktop.bootstrap  # noqa: F401  # the register's own imports count
from adapters.sqlalchemy.database import open_database, sqlite_url
from adapters.sqlalchemy.uow import SqlUnitOfWork
from adapters.system import SystemClock, UuidIds
from saleflex_core import Register, demo


def startup_child(path: str) -> None:
    """Run in a fresh interpreter: open the database and bring a Register up, then report."""
    imported = time.time()
    started = time.perf_counter()
    engine = open_database(sqlite_url(path), create=False)
    opened = time.perf_counter()
    register = Register(
        SqlUnitOfWork(engine, company_id=demo.COMPANY_ID),
        terminal_id=demo.TERMINAL_ID,
        clock=SystemClock(),
        ids=UuidIds(),
    )
    ready_at = time.time()
    ready = time.perf_counter()
    print(
        json.dumps(
            {
                "imported_at": imported,
                "ready_at": ready_at,
                "open_s": opened - started,
                "register_s": ready - opened,
                "products": len(register.ref.products),
                "rss_mb": peak_rss_mb(),
            }
        )
    )
    engine.dispose()


def peak_rss_mb() -> float:
    """Peak RSS of this process's own memory (VmHWM).

    Not ``ru_maxrss``: Linux carries the parent's high-water mark over ``exec``, so a
    child of this (large) benchmark would report the parent's peak.
    """
    status = Path("/proc/self/status")
    for line in status.read_text().splitlines() if status.exists() else ():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


if __name__ == "__main__":
    startup_child(sys.argv[1])
