"""One register per terminal database, tried with two real processes.

The first is the real command line with a stand-in window that waits for orders
(`pos_window_child`); the second is the real `saleflex-pos`. The second start prints one
line and exits 1; the first keeps selling; once it is gone (closed or killed) the
terminal can be started again.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.sqlalchemy.lock import TerminalBusy, lock_terminal
from tests.support.pos_cli import REPO_ROOT, clean_env, listening_x_port, one_line, pos, query

pytestmark = pytest.mark.integration


@pytest.fixture
def first_register(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """The demo register in ``tmp_path``, running until its stdin closes."""
    child = [sys.executable, "-m", "tests.integration.pos_window_child"]
    with listening_x_port() as display:
        process = subprocess.Popen(
            [*child, "--data-dir", str(tmp_path), "--demo"],
            cwd=REPO_ROOT,
            env=clean_env(DISPLAY=display),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        ready = process.stdout.readline()
        assert ready == f"ready {process.pid}\n", process.communicate(timeout=30)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=30)


def test_a_second_register_on_the_terminal_is_refused_and_the_first_keeps_selling(
    tmp_path: Path, first_register: subprocess.Popen[str]
) -> None:
    refusal = f"Another register (process {first_register.pid}) is already running on terminal T01"

    for args in (("--demo", "--check"), ("--demo",), ("--headless-demo",)):
        second = pos(tmp_path, *args)

        assert second.returncode == 1
        assert refusal in one_line(second.stderr)

    assert first_register.poll() is None
    out, err = first_register.communicate("sell\nquit\n", timeout=60)
    assert first_register.returncode == 0, err
    assert out.startswith("sold ")
    database = tmp_path / "terminal.db"
    assert query(database, "SELECT state FROM document") == [("completed",)]
    assert query(database, "SELECT count(*) FROM temp_document") == [(0,)]
    assert pos(tmp_path, "--demo", "--check").returncode == 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_a_killed_register_leaves_no_stale_lock(
    tmp_path: Path, first_register: subprocess.Popen[str]
) -> None:
    first_register.send_signal(signal.SIGKILL)
    first_register.wait(timeout=30)

    again = pos(tmp_path, "--demo", "--check")

    assert again.returncode == 0, again.stderr


@pytest.mark.postgres
def test_on_postgresql_the_terminal_is_held_by_a_session_advisory_lock(
    tmp_path: Path, postgres_url: str
) -> None:
    held = lock_terminal(postgres_url, "T01")
    try:
        with pytest.raises(TerminalBusy, match="already running on terminal T01"):
            lock_terminal(postgres_url, "T01")
        lock_terminal(postgres_url, "T02").release()  # another terminal of the database

        second = pos(tmp_path, "--check", env=clean_env(SALEFLEX_DATABASE_URL=postgres_url))

        assert second.returncode == 1
        assert "Another register is already running on terminal T01" in one_line(second.stderr)
    finally:
        held.release()
    lock_terminal(postgres_url, "T01").release()
