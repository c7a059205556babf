"""Migration 0002 on the books the 0001 program wrote: new columns filled, nothing else touched.

The database is the committed one the 0001 program made (``tests/fixtures/field_databases``),
upgraded to revision 0002 only and read with plain SQL, so this test does not depend on
today's tables or mappers. How the upgraded books then carry on under the newest program
is tested with migration 0003 (``test_migration_0003*.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from adapters.sqlalchemy.database import make_engine, upgrade
from saleflex_core.exceptions import StorageError
from tests.support.books import every_row, revision, without
from tests.support.field_database import postgres_copy, sqlite_copy

pytestmark = pytest.mark.integration

NEW_COLUMNS = {"ended_by", "opening_float_minor", "float_left_minor"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def books_0001(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = sqlite_copy("0001", tmp_path)
    else:
        url = postgres_copy("0001", request.getfixturevalue("postgres_url"))
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_upgrading_changes_and_renumbers_nothing(books_0001: Engine) -> None:
    before = every_row(books_0001)
    assert len(before["document"]) == 5 and len(before["document_line"]) == 8
    upgrade(books_0001, "0002")
    after = every_row(books_0001)
    assert revision(books_0001) == "0002"
    assert after.keys() == before.keys()
    for name, rows in before.items():
        assert without(after[name], NEW_COLUMNS) == without(rows, NEW_COLUMNS), name
    with books_0001.connect() as conn:
        heads = conn.execute(text("SELECT cashier_id, ended_by FROM document")).all()
        closures = conn.execute(
            text(
                "SELECT number, state, opening_float_minor, float_left_minor"
                " FROM closure ORDER BY number"
            )
        ).all()
    assert heads and all(ended_by == cashier for cashier, ended_by in heads)
    assert [tuple(c) for c in closures] == [(1, "closed", 0, 0), (2, "open", 0, None)]
    if books_0001.dialect.name == "sqlite":  # the pool's next connection enforces foreign keys
        with books_0001.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_an_upgrade_that_would_orphan_a_row_changes_nothing(tmp_path: Path) -> None:
    """The migrations run in one transaction, checked for orphans before the commit."""
    engine = make_engine(sqlite_copy("0001", tmp_path))
    raw = engine.raw_connection()  # a line whose receipt is gone: what a bad rebuild leaves
    raw.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    raw.driver_connection.execute(  # type: ignore[union-attr]
        "DELETE FROM document WHERE id = '5a1ef1e8-0000-4000-8000-000000000002'"
    )
    raw.invalidate()
    before = every_row(engine)
    with pytest.raises(StorageError, match="without their parent"):
        upgrade(engine, "0002")
    assert every_row(engine) == before
    assert revision(engine) == "0001"
    with engine.connect() as conn:
        assert "ended_by" not in {c["name"] for c in inspect(conn).get_columns("document")}
    engine.dispose()
