"""OFFICE's store database: a new one gets the hub's schema and the relay's tables at once;
the office chain builds exactly the relay's tables; a GATE database, or one at a relay
revision this OFFICE does not know, is refused and left as it was; ``saleflex-office``
refuses to serve before its enrolment and says how to enrol."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from adapters.sqlalchemy.database import make_engine, sqlite_url
from adapters.sqlalchemy.hub.database import open_hub_database
from adapters.sqlalchemy.hub.schema import HUB_SCHEMA_REVISION
from adapters.sqlalchemy.office.database import (
    OFFICE_SCHEMA_REVISION,
    VERSION_TABLE,
    office_revision,
    open_office_database,
    read_link,
    upgrade_office,
)
from adapters.sqlalchemy.office.tables import office_metadata
from apps.office_web.cli import main
from saleflex_core.exceptions import StorageError
from tests.gate.support import seed_company

RELAY_TABLES = {"relay_link", "relay_queue", "relay_head", "relay_state", "feed_mark"}


pytestmark = pytest.mark.integration


def test_a_new_database_gets_both_schemas_and_no_link(tmp_path: Path) -> None:
    engine = open_office_database(sqlite_url(tmp_path / "office.db"))
    try:
        names = set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            revisions = (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar(),
                office_revision(conn),
            )
        assert names >= RELAY_TABLES and {"received_event", "master_data_change"} <= names
        assert revisions == (HUB_SCHEMA_REVISION, OFFICE_SCHEMA_REVISION)
        assert read_link(engine) is None
    finally:
        engine.dispose()


def test_the_office_chain_builds_exactly_the_relay_tables(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "chain.db"))
    try:
        with engine.begin() as conn:
            upgrade_office(conn, "head")
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "version_table": VERSION_TABLE}
            )
            assert compare_metadata(context, office_metadata) == []
            assert office_revision(conn) == OFFICE_SCHEMA_REVISION
    finally:
        engine.dispose()


def test_a_gate_database_is_refused_untouched(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "gate.db")
    seed_company(url)  # GATE's books: companies, stores, users ...
    with pytest.raises(StorageError, match="it is a GATE database"):
        open_office_database(url)
    engine = open_hub_database(url)
    try:
        assert not RELAY_TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_relay_tables_of_a_newer_office_are_refused(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "office.db")
    open_office_database(url).dispose()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = 'o9999'"))
    engine.dispose()
    with pytest.raises(StorageError, match="at o9999, which this OFFICE does not know"):
        open_office_database(url)


def test_the_command_refuses_to_serve_before_enrolment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path / "office.db")
    assert main(["--database-url", url, "--port", "1"]) == 1
    said = capsys.readouterr()
    assert "is current" in said.out
    assert "not enrolled at GATE: start it once with --upstream-url URL --enrolment-code" in (
        said.err
    )
    assert main(["--database-url", url, "--enrolment-code", "ACME.X"]) == 1
    assert "Name the GATE to enrol at: --upstream-url URL" in capsys.readouterr().err
    assert main(["--database-url", url, "--status"]) == 1
    assert main(["--database-url", url, "--forward-now"]) == 1
