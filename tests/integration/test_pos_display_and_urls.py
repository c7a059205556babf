"""One line and an exit code, never a traceback or an abort: a stale DISPLAY, database
URLs SaleFlex cannot use, and `saleflex db current` on a file that does not exist.

The display check connects to the X server's socket before Dear PyGui is imported (GLFW
aborts the process, exit 134, when the server does not answer).
"""

from __future__ import annotations

import socket
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from apps.pos_desktop.x_display import display_problem
from tests.support.pos_cli import (
    REPO_ROOT,
    clean_env,
    free_x_display,
    listening_x_port,
    one_line,
    pos,
)

pytestmark = pytest.mark.integration
X11 = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="DISPLAY is an X11 matter")


@X11
def test_a_display_whose_x_server_does_not_answer_is_exit_2_and_one_line(
    tmp_path: Path,
) -> None:
    number = free_x_display()

    for display, where in (
        (f":{number}", f"/tmp/.X11-unix/X{number}"),
        (f"127.0.0.1:{number}.0", f"127.0.0.1 port {6000 + number}"),
        ("no-display-here", "is not an X display"),
    ):
        result = pos(tmp_path, "--demo", env=clean_env(DISPLAY=display))

        assert result.returncode == 2, result.stderr
        assert where in one_line(result.stderr)
        assert "use --check or --headless-demo" in result.stderr


def test_help_promises_what_the_command_does(tmp_path: Path) -> None:
    result = pos(tmp_path, "--help")

    assert result.returncode == 0
    assert "2 no window can be opened here" in result.stdout


@pytest.mark.parametrize(
    "url", ["bogus://", "notaurl", "mysql://h/db", "postgresql+pg8000://u@h/db"]
)
def test_an_unusable_database_url_is_one_line(tmp_path: Path, url: str) -> None:
    result = pos(tmp_path, "--check", env=clean_env(SALEFLEX_DATABASE_URL=url))

    assert result.returncode == 1
    assert "database URL" in one_line(result.stderr)


@pytest.mark.parametrize("action", ["current", "upgrade"])
@pytest.mark.parametrize("url", ["bogus://", "notaurl"])
def test_saleflex_db_says_in_one_line_that_it_cannot_use_a_url(action: str, url: str) -> None:
    result = _saleflex_db(action, url)

    assert result.returncode == 1
    assert "database URL" in one_line(result.stderr)


def test_saleflex_db_current_does_not_create_a_missing_file(tmp_path: Path) -> None:
    database = tmp_path / "missing.db"

    result = _saleflex_db("current", f"sqlite:///{database}")

    assert result.returncode == 1
    assert f"There is no database at {database}" in one_line(result.stderr)
    assert not database.exists()


# --- the check itself, against sockets this test opens --------------------------------------


@X11
def test_a_local_display_answers_through_its_unix_socket(tmp_path: Path) -> None:
    with closing(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)) as server:
        server.bind(str(tmp_path / "X7"))
        server.listen(4)
        for display in (":7", ":7.0", "unix:7", "unix/:7.1"):
            assert display_problem(display, socket_dir=tmp_path) is None, display

    assert "does not answer" in str(display_problem(":7", socket_dir=tmp_path))
    assert "does not answer" in str(display_problem(":8", socket_dir=tmp_path))


def test_a_remote_display_answers_on_tcp_6000_plus_its_number() -> None:
    with listening_x_port() as display:
        host, number = display.split(":")
        for form in (display, f"{display}.0", f"tcp/{display}", f"[{host}]:{number}"):
            assert display_problem(form) is None, form

    assert "does not answer" in str(display_problem(display))
    assert display_problem(None) == "DISPLAY is not set"
    assert display_problem("") == "DISPLAY is not set"


@X11
def test_ci_start_asks_the_display_check_for_an_exit_code() -> None:
    with listening_x_port() as display:
        assert _display_check(display).returncode == 0

    stale = _display_check(display)
    assert stale.returncode == 1
    assert f"no display: the X server of DISPLAY={display} does not answer" in stale.stderr
    assert _display_check(None).stderr == "no display: DISPLAY is not set\n"


def _display_check(display: str | None) -> subprocess.CompletedProcess[str]:
    """``python -m apps.pos_desktop.x_display``, as ``.ci/start`` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "apps.pos_desktop.x_display"],
        cwd=REPO_ROOT,
        env=clean_env() if display is None else clean_env(DISPLAY=display),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _saleflex_db(action: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adapters.sqlalchemy.cli", "db", action, "--url", url],
        cwd=REPO_ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
