"""Running the real `saleflex-pos` (`python -m apps.pos_desktop`) in a child process.

The child gets the caller's environment without any `SALEFLEX_*` variable and without
`DISPLAY`, plus what a test adds; the database is then read with the plain sqlite3 module.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_PRODUCTS = 192
MANAGER_PIN = "2468"


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("SALEFLEX_") and name != "DISPLAY"
    }
    return env | extra


def pos(
    data_dir: Path | None, *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`saleflex-pos [--data-dir DATA_DIR] ARGS`, run to its end."""
    folder = [] if data_dir is None else ["--data-dir", str(data_dir)]
    return subprocess.run(
        [sys.executable, "-m", "apps.pos_desktop", *folder, *args],
        cwd=REPO_ROOT,
        env=clean_env() if env is None else env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def init(data_dir: Path, *, name: str = "Corner Shop", currency: str = "EUR") -> None:
    """Set a shop's terminal up in ``data_dir`` (manager PIN ``MANAGER_PIN``)."""
    done = pos(
        data_dir,
        "--init",
        "--store-name",
        name,
        "--currency",
        currency,
        env=clean_env(SALEFLEX_MANAGER_PIN=MANAGER_PIN),
    )
    assert done.returncode == 0, done.stderr


def query(database: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(database)) as conn:
        return conn.execute(sql).fetchall()


def dump(database: Path) -> list[str]:
    """Every table's rows, as SQL: equal dumps mean nothing was written."""
    with closing(sqlite3.connect(database)) as conn:
        return list(conn.iterdump())


def fields(stdout: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in stdout.splitlines() if ": " in line)


def one_line(stderr: str) -> str:
    """The refusal: exactly one line and no traceback."""
    assert "Traceback" not in stderr, stderr
    assert stderr.count("\n") == 1, stderr
    return stderr


def free_x_display() -> int:
    """A display number with no X server behind it, by socket or by TCP port."""
    for number in range(150, 400):
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        with closing(socket.socket()) as probe:
            if probe.connect_ex(("127.0.0.1", 6000 + number)) != 0:
                return number
    raise RuntimeError("no free X display number between :150 and :399")


@contextmanager
def listening_x_port() -> Iterator[str]:
    """A TCP socket where an X server would listen (port 6000 + n): the register's display
    check connects and finds it; the DISPLAY to give is yielded (``127.0.0.1:n``)."""
    number = free_x_display()
    with closing(socket.socket()) as server:
        server.bind(("127.0.0.1", 6000 + number))
        server.listen(8)
        yield f"127.0.0.1:{number}"
