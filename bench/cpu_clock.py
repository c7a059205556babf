"""CPU seconds of processes, read from /proc (Linux): what a run cost the machine, which
holds better than its wall time on a machine other work shares. ``schedstat``'s first
field is the nanoseconds a task spent on a CPU; ``stat``'s cutime and cstime hold what
its ended children used."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import psycopg


def postmaster_of(url: str) -> int:
    """The pid of the PostgreSQL server that serves ``url`` (libpq URL, same machine)."""
    with psycopg.connect(url) as conn:  # read while connected: the backend ends after
        status = Path(f"/proc/{conn.info.backend_pid}/status").read_text()
    return int(next(x for x in status.splitlines() if x.startswith("PPid:")).split()[1])


def tree_cpu_s(pid: int) -> float:
    """CPU seconds of ``pid`` and its live children (one level: gunicorn's workers,
    PostgreSQL's backends), plus what its ended children used."""
    total = 0.0
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for task in [pid, *map(int, children)]:
        with contextlib.suppress(FileNotFoundError):  # ended meanwhile: in cutime below
            total += int(Path(f"/proc/{task}/schedstat").read_text().split()[0]) / 1e9
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return total + (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
