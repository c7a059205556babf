"""``identity.forget_company`` drops a never-used standalone identity at enrolment, and
refuses, deleting nothing, a company whose books hold anything."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from adapters.sqlalchemy.database import open_database
from adapters.sqlalchemy.identity import company_ids, forget_company
from apps.pos_desktop import bootstrap
from apps.pos_desktop.first_start import demo_settings
from saleflex_core import Devices, demo
from saleflex_core.exceptions import StateError

pytestmark = pytest.mark.integration


def rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return sum(db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names)


def test_a_company_with_a_sale_is_kept_whole(tmp_path: Path) -> None:
    till = bootstrap.open_register(demo_settings(tmp_path, {}), devices=Devices(), demo=True)
    try:
        till.register.sign_in("1", "1234")
        till.register.scan("5901234400305")
        till.register.tender("CASH")
        till.register.complete()
    finally:
        till.close()
    database = tmp_path / "terminal.db"
    before = rows(database)
    engine = open_database(f"sqlite:///{database}")
    try:
        with pytest.raises(StateError, match="has books in this database"):
            forget_company(engine, demo.COMPANY_ID)
    finally:
        engine.dispose()
    assert rows(database) == before


def test_a_company_without_books_goes_entirely(tmp_path: Path) -> None:
    till = bootstrap.open_register(demo_settings(tmp_path, {}), devices=Devices(), demo=True)
    till.close()  # its open period 1 is no books: nothing was sold, moved or closed
    engine = open_database(f"sqlite:///{tmp_path / 'terminal.db'}")
    try:
        forget_company(engine, demo.COMPANY_ID)
        assert company_ids(engine) == []
    finally:
        engine.dispose()
    assert rows(tmp_path / "terminal.db") == 1  # alembic_version alone
