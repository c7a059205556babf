"""`saleflex-pos` on a fresh machine: the demo creates and seeds its SQLite file, reuses it;
bad settings and files fail cleanly.

Most tests run the real command (`python -m apps.pos_desktop`) in a child process; the
database is then read with the plain sqlite3 module. A shop's first start (`--init`), the
demo's own folder and the one-register lock have files of their own.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from apps.pos_desktop import cli
from apps.pos_desktop.bootstrap import RunningTill
from saleflex_core import demo
from tests.support.pos_cli import (
    DEMO_PRODUCTS,
    clean_env,
    fields,
    listening_x_port,
    pos,
    query,
)

pytestmark = pytest.mark.integration

WINDOW = "apps.pos_desktop.views.app"


def test_the_demo_creates_and_seeds_its_database_and_the_second_start_reuses_it(
    tmp_path: Path,
) -> None:
    first = pos(tmp_path, "--demo", "--check")

    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    shown = fields(first.stdout)
    assert shown["terminal"].startswith("T01 (Till 1, SaleFlex Demo Market)")
    assert (shown["closure"], shown["products"]) == ("1", str(DEMO_PRODUCTS))
    assert "demo store installed" in first.stdout
    database = tmp_path / "terminal.db"
    assert query(database, "SELECT count(*) FROM product") == [(DEMO_PRODUCTS,)]
    assert query(database, "SELECT count(*) FROM cashier") == [(3,)]
    assert (tmp_path / "pos.toml").is_file()
    assert "Installed the demo store" in (tmp_path / "logs" / "pos.log").read_text()

    second = pos(tmp_path, "--demo", "--check")

    assert second.returncode == 0, second.stderr
    assert "demo store installed" not in second.stdout
    assert fields(second.stdout)["closure"] == "1"
    assert query(database, "SELECT count(*) FROM product") == [(DEMO_PRODUCTS,)]
    assert query(database, "SELECT count(*) FROM closure") == [(1,)]


def test_a_damaged_database_stops_the_start_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "terminal.db").write_bytes(b"this is not a database\n" * 200)

    result = pos(tmp_path, "--check")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("saleflex-pos: Cannot use the database")
    assert "damaged" in result.stderr
    assert "Start-up failed" in (tmp_path / "logs" / "pos.log").read_text()


def test_a_bad_setting_stops_the_start_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "pos.toml").write_text("[terminal]\npaper_width = 40\n")

    result = pos(tmp_path, "--check")

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "terminal.paper_width must be 32, 42 or 48, not 40" in result.stderr
    assert not (tmp_path / "terminal.db").exists()


def test_another_terminal_id_gets_the_demo_store_on_a_new_database_only(tmp_path: Path) -> None:
    (tmp_path / "pos.toml").write_text('[terminal]\nid = "T05"\n')
    fresh = pos(tmp_path, "--demo", "--check")
    assert fresh.returncode == 0, fresh.stderr
    assert fields(fresh.stdout)["terminal"].startswith("T05 (Till T05")

    unknown = pos(tmp_path, "--check", env=clean_env(SALEFLEX_TERMINAL_ID="T06"))

    assert unknown.returncode == 1
    assert "Terminal T06 is not set up in this database" in unknown.stderr
    assert query(tmp_path / "terminal.db", "SELECT code FROM terminal") == [("T05",)]


def test_the_headless_demo_sells_into_the_sqlite_file(tmp_path: Path) -> None:
    result = pos(tmp_path, "--headless-demo")

    assert result.returncode == 0, result.stderr
    assert "TOTAL" in result.stdout
    assert "Z REPORT" in result.stdout
    rows = query(tmp_path / "terminal.db", "SELECT terminal_id, state FROM document")
    assert rows == [(demo.TERMINAL_ID, "completed")]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="DISPLAY is an X11 matter")
def test_without_a_display_the_window_is_not_tried(tmp_path: Path) -> None:
    result = pos(tmp_path, "--demo")

    assert result.returncode == 2
    assert "DISPLAY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_explains_the_settings_and_environment(tmp_path: Path) -> None:
    result = pos(tmp_path, "--help")

    assert result.returncode == 0
    for word in ("--data-dir", "--check", "--headless-demo", "--demo", "--init", "--store-name"):
        assert word in result.stdout


# --- the window, in this process: no Dear PyGui, a stand-in module ------------------------


@pytest.fixture
def no_saleflex_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in [name for name in os.environ if name.startswith("SALEFLEX_")]:
        monkeypatch.delenv(name)
    with listening_x_port() as display:  # the display check finds a server there
        monkeypatch.setenv("DISPLAY", display)
        yield


@pytest.mark.usefixtures("no_saleflex_env")
def test_without_the_window_module_the_command_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, WINDOW, None)  # importing it raises ModuleNotFoundError

    assert cli.main(["--data-dir", str(tmp_path), "--demo"]) == 2
    assert "register window is not part of this installation" in capsys.readouterr().err


@pytest.mark.usefixtures("no_saleflex_env")
def test_the_window_gets_the_open_register_and_its_exit_code_is_returned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[RunningTill] = []

    def run(running: RunningTill, *_: object) -> int:
        seen.append(running)
        running.register.sign_in("1", "1234")
        return 3

    window = types.ModuleType(WINDOW)
    window.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, WINDOW, window)

    assert cli.main(["--data-dir", str(tmp_path), "--demo"]) == 3
    (running,) = seen
    assert running.settings.data_dir == tmp_path
    assert len(running.register.ref.products) == DEMO_PRODUCTS
    assert running.checkpointer is not None
    assert not running.checkpointer._thread.is_alive()  # closed when the window returned
