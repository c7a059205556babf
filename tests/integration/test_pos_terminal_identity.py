"""A shop's terminal gets global ids at its first start and is found again by its code.

PyPOS's settings name the terminal by its code (``[terminal] id = "T01"``); the database
holds its company, store and terminal under UUIDs, and the books carry those.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.memory import MemoryDrawer, MemoryPrinter, MemoryUnitOfWork
from adapters.sqlalchemy.database import open_database, sqlite_url
from adapters.sqlalchemy.identity import TerminalKey, company_ids, find_terminal
from adapters.sqlalchemy.uow import SqlUnitOfWork
from apps.pos_desktop import bootstrap
from apps.pos_desktop.settings import load_settings
from saleflex_core import Devices
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Company, Store, Terminal
from saleflex_core.exceptions import StorageError
from tests.support.pos_cli import MANAGER_PIN, fields, init, pos, query

pytestmark = pytest.mark.integration


def is_uuid(text: object) -> bool:
    return isinstance(text, str) and str(uuid.UUID(text)) == text


def test_a_first_start_gives_company_store_and_terminal_uuids(tmp_path: Path) -> None:
    init(tmp_path)
    database = tmp_path / "terminal.db"

    ((company, store, terminal, code),) = query(
        database, "SELECT company_id, store_id, id, code FROM terminal"
    )
    assert code == "T01"
    assert all(map(is_uuid, (company, store, terminal)))
    assert len({company, store, terminal}) == 3
    assert query(database, "SELECT id FROM company") == [(company,)]
    checked = pos(tmp_path, "--check")
    assert checked.returncode == 0, checked.stderr
    assert fields(checked.stdout)["terminal id"] == terminal


def test_the_register_sells_under_the_terminal_id_it_found_by_code(tmp_path: Path) -> None:
    init(tmp_path)
    settings = load_settings(data_dir=tmp_path, environ={})
    devices = Devices(printer=MemoryPrinter(), drawer=MemoryDrawer())
    running = bootstrap.open_register(settings, devices=devices)
    try:
        register = running.register
        register.sign_in("1", MANAGER_PIN)
        assert register.ref.terminal.code == "T01"
        assert is_uuid(register.ref.terminal.id)
        register.cash_in("10", "float")
    finally:
        running.close()
    ((company, terminal),) = query(tmp_path / "terminal.db", "SELECT company_id, id FROM terminal")
    assert query(tmp_path / "terminal.db", "SELECT company_id, terminal_id FROM cash_movement") == [
        (company, terminal)
    ]
    assert query(tmp_path / "terminal.db", "SELECT company_id, terminal_id FROM closure") == [
        (company, terminal)
    ]


def shop(engine: Engine, company: str, terminal_id: str, code: str = "T01") -> None:
    with SqlUnitOfWork(engine, company_id=company) as uow:
        uow.organisation.save_company(Company(company, company))
        uow.organisation.save_store(Store("S1", company, "Shop", Currency.of("EUR")))
        uow.organisation.save_terminal(
            Terminal(terminal_id, company, "S1", code, "Till", Money(0, "EUR"))
        )
        uow.commit()


def test_find_terminal_looks_across_companies_for_the_code(tmp_path: Path) -> None:
    engine = open_database(sqlite_url(tmp_path / "terminal.db"))
    try:
        assert find_terminal(engine, "T01") is None
        assert company_ids(engine) == []
        shop(engine, "c-1", "t-uuid-1")
        assert find_terminal(engine, "T01") == TerminalKey("c-1", "S1", "t-uuid-1", "T01")
        assert find_terminal(engine, "T02") is None
        shop(engine, "c-2", "t-uuid-2", code="T02")
        assert find_terminal(engine, "T02") == TerminalKey("c-2", "S1", "t-uuid-2", "T02")
        assert company_ids(engine) == ["c-1", "c-2"]
        shop(engine, "c-3", "t-uuid-3")  # a second T01: no register can be told apart
        with pytest.raises(StorageError, match="2 terminals are called T01"):
            find_terminal(engine, "T01")
    finally:
        engine.dispose()


def test_a_register_database_of_several_companies_without_its_terminal_is_refused(
    tmp_path: Path,
) -> None:
    engine = open_database(sqlite_url(tmp_path / "terminal.db"))
    shop(engine, "c-1", "t-1", code="T08")
    shop(engine, "c-2", "t-2", code="T09")
    engine.dispose()

    result = pos(tmp_path, "--check")

    assert result.returncode == 1
    assert "Terminal T01 is not set up in this database" in result.stderr


def test_the_memory_demo_till_works_for_the_demo_company() -> None:
    till = bootstrap.build_demo_till()
    assert isinstance(till.register.uow, MemoryUnitOfWork)
    assert till.register.uow.company_id == "ACME"
