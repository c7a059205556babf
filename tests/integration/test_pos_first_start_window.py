"""`saleflex-pos` with a display on a new data folder opens the first start's form instead
of refusing; everywhere else the rules of a first start hold: a database folder that is
missing, a terminal's database that went missing and a server database are refused as
before, and without a display the refusal says what to pass.

The command line runs in this process with a stand-in window module (no Dear PyGui):
its `run_first_start` answers the form through the `start` it is given.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from adapters.sqlalchemy.database import sqlite_url
from apps.pos_desktop import bootstrap, cli
from apps.pos_desktop.bootstrap import RunningTill
from apps.pos_desktop.settings import PosSettings, load_settings
from saleflex_core.use_cases.store_setup import NewStore
from tests.support.pos_cli import MANAGER_PIN, clean_env, init, listening_x_port, one_line, pos

pytestmark = pytest.mark.integration

WINDOW = "apps.pos_desktop.views.app"
ANSWERS = {"store_name": "Corner Shop", "currency": "EUR", "manager_pin": MANAGER_PIN}
Start = Callable[[NewStore], RunningTill]


@pytest.fixture
def with_display(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in [name for name in os.environ if name.startswith("SALEFLEX_")]:
        monkeypatch.delenv(name)
    with listening_x_port() as display:  # the display check finds a server there
        monkeypatch.setenv("DISPLAY", display)
        yield


@pytest.fixture
def forms(monkeypatch: pytest.MonkeyPatch) -> list[PosSettings]:
    """A stand-in window: its form is answered at once, the manager signs in, it closes."""
    shown: list[PosSettings] = []

    def run_first_start(settings: PosSettings, start: Start, *_: object) -> int:
        shown.append(settings)
        running = start(NewStore.from_answers(**ANSWERS))
        try:
            assert running.register.sign_in("1", MANAGER_PIN).name == "Manager"
            assert running.register.ref.store.name == "Corner Shop"
        finally:
            running.close()
        return 0

    def run(running: RunningTill, *_: object) -> int:
        raise AssertionError("the register window opened without a terminal")

    window = types.ModuleType(WINDOW)
    window.run_first_start = run_first_start  # type: ignore[attr-defined]
    window.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, WINDOW, window)
    return shown


@pytest.mark.usefixtures("with_display")
def test_a_new_data_folder_with_a_display_opens_the_first_start_form(
    tmp_path: Path, forms: list[PosSettings]
) -> None:
    assert cli.main(["--data-dir", str(tmp_path)]) == 0

    assert [s.data_dir for s in forms] == [tmp_path]
    assert (tmp_path / "terminal.db").is_file()
    assert "Set up terminal T01 of Corner Shop" in (tmp_path / "logs" / "pos.log").read_text()


@pytest.mark.usefixtures("with_display")
def test_a_missing_database_folder_is_refused_and_no_form_is_shown(
    tmp_path: Path,
    forms: list[PosSettings],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = tmp_path / "usb-disk" / "terminal.db"
    monkeypatch.setenv("SALEFLEX_DATABASE_URL", sqlite_url(database))

    assert cli.main(["--data-dir", str(tmp_path / "data")]) == 1

    assert f"folder {database.parent} does not exist" in capsys.readouterr().err
    assert forms == []
    assert not (tmp_path / "usb-disk").exists()


@pytest.mark.usefixtures("with_display")
def test_a_terminal_whose_database_went_missing_gets_no_form(
    tmp_path: Path, forms: list[PosSettings], capsys: pytest.CaptureFixture[str]
) -> None:
    init(tmp_path)
    (tmp_path / "terminal.db").rename(tmp_path / "elsewhere.db")

    assert cli.main(["--data-dir", str(tmp_path)]) == 1

    assert "Terminal T01 has no database yet" in capsys.readouterr().err
    assert forms == []
    assert not (tmp_path / "terminal.db").exists()


@pytest.mark.usefixtures("with_display")
def test_the_demo_never_gets_the_form(tmp_path: Path, forms: list[PosSettings]) -> None:
    seen: list[str] = []

    def run(running: RunningTill, *_: object) -> int:
        seen.append(running.register.ref.store.name)
        return 0

    sys.modules[WINDOW].run = run  # type: ignore[attr-defined]

    assert cli.main(["--data-dir", str(tmp_path), "--demo"]) == 0
    assert forms == [] and seen == ["SaleFlex Demo Market"]


def test_without_a_display_a_new_data_folder_still_says_what_to_pass(tmp_path: Path) -> None:
    result = pos(tmp_path, env=clean_env())

    assert result.returncode == 1
    message = one_line(result.stderr)
    assert "--init --store-name NAME --currency CODE" in message
    assert not (tmp_path / "terminal.db").exists()


# --- where a first start may be offered ---------------------------------------------------


def _settings(data_dir: Path, **environ: str) -> PosSettings:
    return load_settings(data_dir=data_dir, environ=environ)


def test_a_new_data_folder_may_be_set_up(tmp_path: Path) -> None:
    assert bootstrap.new_terminal_here(_settings(tmp_path))


@pytest.mark.parametrize("trace", ["terminal.db", "terminal.db.lock", "terminal.db-wal"])
def test_a_folder_where_a_database_was_is_not_new(tmp_path: Path, trace: str) -> None:
    (tmp_path / trace).write_bytes(b"")

    assert not bootstrap.new_terminal_here(_settings(tmp_path))


def test_a_database_folder_that_is_missing_is_not_new(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "usb-disk" / "terminal.db")

    assert not bootstrap.new_terminal_here(_settings(tmp_path, SALEFLEX_DATABASE_URL=url))


def test_a_server_database_is_set_up_with_init_only(tmp_path: Path) -> None:
    url = "postgresql+psycopg://pos@127.0.0.1:1/terminal"

    assert not bootstrap.new_terminal_here(_settings(tmp_path, SALEFLEX_DATABASE_URL=url))
