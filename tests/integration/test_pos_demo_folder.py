"""The demo never touches a terminal that holds real data.

`--demo` and `--headless-demo` (what `.ci/start` runs) keep their data in the demo's own
folder, `~/.local/share/saleflex-pos-demo` (HOME is a temporary folder here), whatever the
environment says about the real terminal; they run only on a database of the demo store.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.memory import SequentialIds, SteppingClock
from adapters.sqlalchemy.database import open_database, sqlite_url
from adapters.sqlalchemy.uow import SqlUnitOfWork
from saleflex_core import Register, demo
from tests.conftest import BAGUETTE
from tests.support.pos_cli import clean_env, dump, init, one_line, pos, query

pytestmark = pytest.mark.integration


def test_the_headless_demo_leaves_the_real_terminal_alone(tmp_path: Path) -> None:
    """The terminal of the issue: seeded with the demo store by an older version, with a
    cashier's sale open. The environment names it; the demo runs in its own folder."""
    real = tmp_path / "shop"
    database = real / "terminal.db"
    _legacy_terminal_with_an_open_sale(database)
    before = dump(database)
    home = tmp_path / "home"
    env = clean_env(
        HOME=str(home), SALEFLEX_DATA_DIR=str(real), SALEFLEX_DATABASE_URL=sqlite_url(database)
    )

    result = pos(None, "--headless-demo", env=env)

    assert result.returncode == 0, result.stderr
    assert "Z REPORT" in result.stdout
    assert dump(database) == before
    demo_database = home / ".local" / "share" / "saleflex-pos-demo" / "terminal.db"
    assert query(demo_database, "SELECT state FROM document") == [("completed",)]


def test_the_demo_refuses_a_shops_terminal_and_changes_nothing(tmp_path: Path) -> None:
    init(tmp_path)
    before = dump(tmp_path / "terminal.db")

    for args in (("--headless-demo",), ("--demo", "--check")):
        result = pos(tmp_path, *args)

        assert result.returncode == 1
        assert "The demo does not run on Corner Shop's terminal T01" in one_line(result.stderr)
        assert dump(tmp_path / "terminal.db") == before


def test_the_demo_is_not_seeded_next_to_a_shops_data(tmp_path: Path) -> None:
    init(tmp_path)
    (tmp_path / "pos.toml").write_text('[terminal]\nid = "T02"\n')
    before = dump(tmp_path / "terminal.db")

    result = pos(tmp_path, "--demo", "--check")

    assert result.returncode == 1
    assert "The demo is not installed here" in one_line(result.stderr)
    assert dump(tmp_path / "terminal.db") == before


def test_the_demo_keeps_its_own_settings(tmp_path: Path) -> None:
    result = pos(tmp_path, "--demo", "--config", str(tmp_path / "pos.toml"))

    assert result.returncode == 2
    assert "--demo keeps its own settings" in result.stderr


def _legacy_terminal_with_an_open_sale(database: Path) -> None:
    engine = open_database(sqlite_url(database))
    try:
        uow = SqlUnitOfWork(engine, company_id=demo.COMPANY_ID)
        demo.install(uow, demo.demo_data(pin_iterations=1_000))
        register = Register(
            uow, terminal_id=demo.TERMINAL_ID, clock=SteppingClock(), ids=SequentialIds()
        )
        register.sign_in("1", "1234")
        register.scan(BAGUETTE)
    finally:
        engine.dispose()
