"""Opening databases: migrations, the `saleflex db` command, and clear start-up errors."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, event, inspect, text

from adapters.memory import SequentialIds, SteppingClock
from adapters.sqlalchemy.database import (
    SCHEMA_REVISION,
    WAL_CAP_PAGES,
    WalCheckpointer,
    head_revision,
    make_engine,
    open_database,
    sqlite_url,
    upgrade,
)
from adapters.sqlalchemy.tables import metadata
from adapters.sqlalchemy.uow import SqlUnitOfWork
from saleflex_core import Register, demo
from saleflex_core.domain.document import Document
from saleflex_core.exceptions import StorageError
from saleflex_core.use_cases import completing
from tests.conftest import BAGUETTE, demo_data

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "terminal.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def migrated(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    upgrade(engine)  # what an old database goes through, from nothing
    yield engine
    engine.dispose()


def test_a_new_database_gets_the_schema_of_the_models_and_its_revision(url: str) -> None:
    engine = open_database(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
            assert context.get_current_revision() == SCHEMA_REVISION
    finally:
        engine.dispose()
    open_database(url, create=False).dispose()  # and opens as current


def test_migrations_build_exactly_the_schema_of_the_models(migrated: Engine) -> None:
    # A new database gets tables.py's schema directly: run the migrations themselves here.
    with migrated.begin() as conn:
        for name in reversed(metadata.sorted_tables):
            conn.execute(text(f"DROP TABLE {name.name}"))
        conn.execute(text("DROP TABLE alembic_version"))
    upgrade(migrated)
    with migrated.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
        assert differences == []
        assert context.get_current_revision() == head_revision()
    tables = set(inspect(migrated).get_table_names())
    assert {"temp_document", "document", "closure", "sync_queue_item"} <= tables


def test_saleflex_db_upgrade_migrates_a_new_file(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "new.db")
    command = [sys.executable, "-m", "adapters.sqlalchemy.cli", "db"]
    upgraded = subprocess.run([*command, "upgrade", "--url", url], capture_output=True, text=True)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"schema version {head_revision()} (up to date)" in upgraded.stdout
    open_database(url, create=False).dispose()  # the app accepts it as current


def test_an_existing_database_behind_the_code_asks_for_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE something_else (x INTEGER)")
    with pytest.raises(StorageError, match="saleflex db upgrade"):
        open_database(sqlite_url(path))


def test_a_corrupt_file_is_named_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    with pytest.raises(StorageError, match="damaged or is not a SaleFlex database"):
        open_database(sqlite_url(path))


def test_a_file_locked_by_another_program_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    open_database(sqlite_url(path)).dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError, match="locked by another program"):
            open_database(sqlite_url(path), busy_timeout_ms=100)
    finally:
        holder.close()


def test_a_read_only_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    open_database(sqlite_url(path)).dispose()
    # Root may write any file whatever its mode, so open it read-only the way SQLite can.
    with pytest.raises(StorageError, match="read-only"):
        open_database(f"sqlite:///file:{path}?mode=ro&uri=true")


def test_a_full_database_is_reported_and_the_sale_is_kept_as_a_draft(tmp_path: Path) -> None:
    engine = open_database(sqlite_url(tmp_path / "terminal.db"))
    demo.install(SqlUnitOfWork(engine, company_id=demo.COMPANY_ID), demo_data())
    register = Register(
        SqlUnitOfWork(engine, company_id=demo.COMPANY_ID),
        terminal_id=demo.TERMINAL_ID,
        clock=SteppingClock(),
        ids=SequentialIds(),
    )
    register.sign_in("2", "9999")
    register.scan(BAGUETTE)
    register.tender("CASH")
    engine.dispose()

    @event.listens_for(engine, "connect")
    def no_more_pages(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(StorageError, match="full"):
        for _ in range(50):  # the first writes may still fit in free pages
            register.complete()
            register.scan(BAGUETTE, quantity=Decimal(9999))
            register.tender("CASH")
    event.remove(engine, "connect", no_more_pages)
    engine.dispose()
    restarted = Register(
        SqlUnitOfWork(engine, company_id=demo.COMPANY_ID),
        terminal_id=demo.TERMINAL_ID,
        clock=SteppingClock(),
        ids=SequentialIds("again"),
    )
    assert restarted.sale is not None  # the refused completion left the paid draft


@pytest.mark.postgres
def test_concurrent_registers_never_share_a_receipt_number(postgres_url: str) -> None:
    """Eight writers complete sales of one terminal at once; the closure row lock orders them."""
    engine = make_engine(postgres_url)
    open_database(postgres_url).dispose()
    demo.install(SqlUnitOfWork(engine, company_id=demo.COMPANY_ID), demo_data())
    register = Register(
        SqlUnitOfWork(engine, company_id=demo.COMPANY_ID),
        terminal_id=demo.TERMINAL_ID,
        clock=SteppingClock(),
        ids=SequentialIds(),
    )
    ref, cashier = register.ref, register.sign_in("1", "1234")
    product = ref.find(BAGUETTE).product
    errors: list[BaseException] = []

    def sell(worker: int) -> None:
        clock = SteppingClock()
        try:
            for n in range(10):
                document = Document.start(
                    id=f"w{worker}-{n}",
                    terminal_id=demo.TERMINAL_ID,
                    store_id="S001",
                    cashier_id="1",
                    currency="EUR",
                    at=clock.now(),
                )
                document.add_line(product, Decimal(1), vat_rate=Decimal(10))
                document.add_payment(ref.payment_type("CASH"), product.unit_price)
                uow = SqlUnitOfWork(engine, company_id=demo.COMPANY_ID)
                with uow:
                    uow.drafts.save(document)
                    uow.commit()
                completing.complete_sale(
                    uow, ref=ref, clock=clock, cashier=cashier, document_id=document.id
                )
        except BaseException as exc:  # noqa: BLE001 - re-raised by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=sell, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with SqlUnitOfWork(engine, company_id=demo.COMPANY_ID) as uow:
        numbers = [d.receipt_number for d in uow.documents.for_closure(demo.TERMINAL_ID, 1)]
        current = uow.closures.current(demo.TERMINAL_ID)
    engine.dispose()
    assert numbers == list(range(1, 81))
    assert current is not None and current.next_receipt == 81
    assert current.totals.sales_count == 80


def test_the_schema_revision_the_code_expects_is_alembics_head() -> None:
    assert head_revision() == SCHEMA_REVISION


def test_the_background_checkpointer_moves_the_wal_into_the_file(tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    engine = open_database(sqlite_url(path), wal_autocheckpoint=WAL_CAP_PAGES)
    uow = SqlUnitOfWork(engine, company_id=demo.COMPANY_ID)
    demo.install(uow, demo_data())  # some hundred pages, all in the WAL
    assert products_in_the_file_alone(path, tmp_path) == 0
    checkpointer = WalCheckpointer(engine, every_s=0.05).start()
    try:
        deadline = time.monotonic() + 10
        while products_in_the_file_alone(path, tmp_path) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        checkpointer.stop()
        engine.dispose()
    assert products_in_the_file_alone(path, tmp_path) == len(demo_data().products)


def products_in_the_file_alone(path: Path, scratch: Path) -> int:
    """Products in the database file without its WAL: what a checkpoint has moved there."""
    copy = scratch / "file-alone.db"
    copy.write_bytes(path.read_bytes())
    with sqlite3.connect(copy) as raw:
        count = raw.execute("SELECT count(*) FROM product").fetchone()[0]
    raw.close()
    copy.unlink()
    return int(count)
