"""A terminal's database is created only on an explicit first start, and never twice.

The real `saleflex-pos` in a child process: a start without the terminal says what to
pass and creates nothing; `--init` sets a shop's terminal up (store, terminal, manager
with a PBKDF2 PIN hash, cash; no products, no demo PINs) and refuses what cannot be used;
a terminal that exists is never set up again.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest

from adapters.memory import SequentialIds, SteppingClock
from adapters.sqlalchemy.database import open_database, sqlite_url
from adapters.sqlalchemy.identity import find_terminal
from adapters.sqlalchemy.uow import SqlUnitOfWork
from saleflex_core import Register
from saleflex_core.exceptions import AuthenticationFailed
from tests.support.pos_cli import (
    MANAGER_PIN,
    REPO_ROOT,
    clean_env,
    dump,
    fields,
    init,
    one_line,
    pos,
    query,
)

pytestmark = pytest.mark.integration


def test_a_start_without_a_terminal_says_what_to_pass_and_creates_no_database(
    tmp_path: Path,
) -> None:
    result = pos(tmp_path, "--check")

    assert result.returncode == 1
    message = one_line(result.stderr)
    assert f"saleflex-pos --data-dir {tmp_path} --init --store-name NAME --currency CODE" in (
        message
    )
    assert "SALEFLEX_MANAGER_PIN" in message
    assert "saleflex-pos --demo" in message
    assert not (tmp_path / "terminal.db").exists()


def test_a_database_folder_that_is_missing_is_not_created(tmp_path: Path) -> None:
    """A database on a disk that is not mounted: refused, and no new terminal appears."""
    database = tmp_path / "usb-disk" / "saleflex" / "terminal.db"
    env = clean_env(SALEFLEX_DATABASE_URL=sqlite_url(database))

    for args in (("--check",), ()):
        result = pos(tmp_path / "data", *args, env=env)

        assert result.returncode == 1
        assert f"folder {database.parent} does not exist" in one_line(result.stderr)
        assert "mount it" in result.stderr
    assert not (tmp_path / "usb-disk").exists()


def test_a_terminal_whose_database_went_missing_is_not_created_again(tmp_path: Path) -> None:
    init(tmp_path)
    (tmp_path / "terminal.db").rename(tmp_path / "elsewhere.db")

    result = pos(tmp_path, "--check")

    assert result.returncode == 1
    assert "Terminal T01 has no database yet" in one_line(result.stderr)
    assert not (tmp_path / "terminal.db").exists()


def test_init_sets_up_an_empty_shop_with_its_manager_and_cash(tmp_path: Path) -> None:
    result = pos(
        tmp_path,
        "--init",
        "--store-name",
        "  Corner   Shop ",
        "--currency",
        "try",
        env=clean_env(SALEFLEX_MANAGER_PIN=MANAGER_PIN),
    )

    assert result.returncode == 0, result.stderr
    shown = fields(result.stdout)
    assert shown["terminal"] == "T01 (Till T01, Corner Shop)"
    assert (shown["closure"], shown["products"]) == ("1", "0")
    assert "sign in as cashier 1 with the manager PIN" in result.stdout
    database = tmp_path / "terminal.db"
    assert query(database, "SELECT name, currency FROM store") == [("Corner Shop", "TRY")]
    assert query(database, "SELECT code, kind FROM payment_type") == [("CASH", "cash")]
    ((cashier, role, pin_hash),) = query(database, "SELECT id, role, pin_hash FROM cashier")
    assert (cashier, role) == ("1", "manager")
    assert str(pin_hash).startswith("pbkdf2_sha256$") and MANAGER_PIN not in str(pin_hash)
    for table in ("product", "vat_rate", "department", "quick_key"):
        assert query(database, f"SELECT count(*) FROM {table}") == [(0,)]
    register = _register(database)
    assert register.sign_in("1", MANAGER_PIN).name == "Manager"
    for demo_pin in ("1234", "9999", "4321"):
        with pytest.raises(AuthenticationFailed):
            register.sign_in("1", demo_pin)


def test_a_terminal_that_exists_is_never_set_up_again(tmp_path: Path) -> None:
    init(tmp_path)
    database = tmp_path / "terminal.db"
    register = _register(database)
    register.sign_in("1", MANAGER_PIN)
    register.cash_in("50.00", "float")  # the terminal has done business
    before = dump(database)

    again = pos(
        tmp_path,
        "--init",
        "--store-name",
        "Another Shop",
        "--currency",
        "EUR",
        env=clean_env(SALEFLEX_MANAGER_PIN="8642"),
    )

    assert again.returncode == 1
    assert "Terminal T01 is already set up in this database (Corner Shop)" in one_line(again.stderr)
    assert dump(database) == before


@pytest.mark.parametrize(
    ("options", "pin", "refusal"),
    [
        (("--currency", "EUR"), MANAGER_PIN, "--init needs --store-name NAME"),
        (("--store-name", "Shop"), MANAGER_PIN, "--init needs --currency CODE"),
        (("--store-name", "   ", "--currency", "EUR"), MANAGER_PIN, "The store's name is empty"),
        (("--store-name", "Shop", "--currency", "EURO"), MANAGER_PIN, "Unknown currency 'EURO'"),
        (("--store-name", "Shop", "--currency", "XYZ"), MANAGER_PIN, "Unknown currency 'XYZ'"),
        (("--store-name", "Shop", "--currency", "EUR"), "", "set SALEFLEX_MANAGER_PIN"),
        (("--store-name", "Shop", "--currency", "EUR"), "12", "must be 4 to 8 digits"),
        (("--store-name", "Shop", "--currency", "EUR"), "12a4", "must be 4 to 8 digits"),
        (("--store-name", "Shop", "--currency", "EUR"), "1234", "too easy to guess"),
        (("--store-name", "Shop", "--currency", "EUR"), "9999", "too easy to guess"),
        (("--store-name", "Shop", "--currency", "EUR"), "87654", "too easy to guess"),
    ],
)
def test_init_refuses_what_it_cannot_use_and_creates_nothing(
    tmp_path: Path, options: tuple[str, ...], pin: str, refusal: str
) -> None:
    result = pos(tmp_path, "--init", *options, env=clean_env(SALEFLEX_MANAGER_PIN=pin))

    assert result.returncode == 1
    assert refusal in one_line(result.stderr)
    assert not (tmp_path / "terminal.db").exists()


def test_store_options_without_init_are_a_usage_error(tmp_path: Path) -> None:
    result = pos(tmp_path, "--store-name", "Shop", "--currency", "EUR")

    assert result.returncode == 2
    assert "--store-name and --currency belong to --init" in result.stderr
    assert not (tmp_path / "terminal.db").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is a POSIX thing")
def test_on_a_terminal_the_manager_pin_is_asked_twice_and_not_echoed(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "apps.pos_desktop", "--data-dir", str(tmp_path)]
    options = ["--init", "--store-name", "Kiosk", "--currency", "EUR"]

    output = _run_on_a_terminal([*command, *options], answers=[MANAGER_PIN, MANAGER_PIN])

    assert "Manager PIN (4 to 8 digits):" in output
    assert "Manager PIN again:" in output
    assert MANAGER_PIN not in output  # not echoed
    assert "terminal: T01 (Till T01, Kiosk)" in output
    _register(tmp_path / "terminal.db").sign_in("1", MANAGER_PIN)


# --- helpers ------------------------------------------------------------------------------


def _register(database: Path) -> Register:
    engine = open_database(sqlite_url(database), create=False)
    found = find_terminal(engine, "T01")
    assert found is not None
    uow = SqlUnitOfWork(engine, company_id=found.company_id)
    return Register(uow, terminal_id=found.terminal_id, clock=SteppingClock(), ids=SequentialIds())


def _run_on_a_terminal(command: list[str], answers: list[str]) -> str:
    """Run ``command`` with a pseudo-terminal as its stdin/stdout; each answer is typed
    once the prompt before it has appeared."""
    main, child = pty.openpty()
    # A session of its own: getpass must not find the terminal pytest runs in.
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=clean_env(),
        stdin=child,
        stdout=child,
        stderr=child,
        start_new_session=True,
    )
    os.close(child)
    seen = b""
    typed = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal: it has ended
            break
        seen += chunk
        # getpass flushes what was typed before its prompt: answer each prompt once shown.
        while typed < min(seen.count(b"Manager PIN"), len(answers)):
            os.write(main, answers[typed].encode() + b"\n")
            typed += 1
    process.wait(timeout=30)
    os.close(main)
    assert process.returncode == 0, seen.decode(errors="replace")
    return seen.decode(errors="replace")
