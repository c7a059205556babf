"""Upgrading a terminal's database from schema 0001 to 0002 keeps every receipt as it was.

A database is filled the way the 0001 program wrote it (its rows are today's rows without
the columns 0002 adds, its period totals without the new counters): two periods of sales,
a closed Z, a parked sale. ``saleflex db upgrade`` must then change and renumber nothing,
fill the new columns as written in the migration, and the till must carry on from there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from sqlalchemy import JSON, DateTime, Engine, column, inspect, table, text

from adapters.memory import MemoryUnitOfWork, SequentialIds, SteppingClock
from adapters.sqlalchemy import mappers, tables
from adapters.sqlalchemy.database import make_engine, open_database, sqlite_url, upgrade
from adapters.sqlalchemy.uow import SqlUnitOfWork
from saleflex_core import Register, demo
from saleflex_core.domain.closure import ClosureState
from saleflex_core.domain.events import OutboxItem
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import StorageError
from tests.conftest import APPLES_PLU, BAGUETTE, COLA, SUPERVISOR, WINE, demo_data
from tests.support.schema import needs_migration_0003

# These write 0001 rows through today's repositories and tables, which now carry the
# tenancy columns: they need migration 0003 and a committed 0001 database (issue #9 §5).
pytestmark = [pytest.mark.integration, needs_migration_0003]

NEW_COLUMNS = {
    "document": {"ended_by"},
    "closure": {"opening_float_minor", "float_left_minor"},
}
# The period totals as schema 0001's program stored them.
OLD_TOTALS = {
    "currency",
    "sales_count",
    "cancelled_count",
    "voided_lines",
    "discount_count",
    "sales_total",
    "cancelled_total",
    "discounts",
    "surcharges",
    "cash_tendered",
    "change_given",
    "cash_in",
    "cash_out",
    "by_payment",
    "by_vat",
    "by_department",
    "by_cashier",
}


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def a_day_of_trade() -> MemoryUnitOfWork:
    """Period 1 closed by a Z with cash left in the drawer; period 2 open, a sale parked."""
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(uow, demo_data())
    till = Register(uow, terminal_id="T01", clock=SteppingClock(), ids=SequentialIds("old"))
    till.sign_in("1", "1234")
    till.cash_in("100", "float")
    till.scan(BAGUETTE, "2")
    till.discount_line(1, percent="10")
    till.scan(COLA)
    till.tender("CASH", "10")
    till.complete()
    till.scan(WINE)
    till.surcharge_sale(amount="0.50")
    till.tender("CARD")
    till.complete()
    till.scan(COLA)
    till.cancel()
    till.close_period("105.51", override=SUPERVISOR)
    till.scan(APPLES_PLU, "1.234")
    till.tender("CASH", "5")
    till.complete()
    till.scan(WINE)
    till.suspend()
    return uow


def write_as_0001(engine: Engine, day: MemoryUnitOfWork) -> None:
    """What the 0001 program would have written for ``day``."""
    demo.install(SqlUnitOfWork(engine, company_id=demo.COMPANY_ID), demo_data())
    db = day.database
    with engine.begin() as conn:
        for document in db.table("documents").values():
            head = mappers.document_head(document, permanent=True)
            conn.execute(tables.document.insert(), _old(head, "document"))
            lines = [mappers.line_row(document.id, line) for line in document.lines]
            conn.execute(tables.document_line.insert(), lines)
            payments = [mappers.payment_row(document.id, p) for p in document.payments]
            if payments:
                conn.execute(tables.document_payment.insert(), payments)
        for closure in db.table("closures").values():
            row = _old(mappers.closure_row(closure), "closure")
            row["totals"] = {k: v for k, v in row["totals"].items() if k in OLD_TOTALS}
            conn.execute(tables.closure.insert(), row | {"version": 1})
        for movement in db.table("cash").values():
            conn.execute(tables.cash_movement.insert(), mappers.movement_row(movement))
        for item in db.table("outbox").values():
            conn.execute(OLD_QUEUE.insert(), old_outbox_row(item))
    # the temp tables did not change in 0002
    with SqlUnitOfWork(engine, company_id=demo.COMPANY_ID) as uow:
        for draft in db.table("drafts").values():
            uow.drafts.save(draft)
        uow.commit()


# The outbox as schema 0001 and 0002 kept it: one row per event, keyed "type:subject".
OLD_QUEUE = table(
    "sync_queue_item",
    column("key"),
    column("event_type"),
    column("payload", JSON()),
    column("created_at", DateTime()),
    column("attempts"),
    column("next_attempt_at", DateTime()),
    column("status"),
    column("last_error"),
)


def old_outbox_row(item: OutboxItem) -> dict[str, Any]:
    payload = item.payload
    subject = payload["id"] if "id" in payload else f"{payload['terminal_id']}/{payload['number']}"
    return {
        "key": f"{item.event_type}:{subject}",
        "event_type": item.event_type,
        "payload": payload,
        "created_at": item.occurred_at,
        "attempts": 0,
        "next_attempt_at": item.occurred_at,
        "status": "pending",
        "last_error": None,
    }


def _old(row: dict[str, Any], table: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in NEW_COLUMNS.get(table, set())}


# alembic_version, and the tables the next migration (0003, the lead's) creates.
NOT_IN_0002 = {"alembic_version", "sync_cursor"}


def every_row(engine: Engine) -> dict[str, list[tuple[tuple[str, Any], ...]]]:
    """Every stored value of every table, as the driver returns it (no mapping)."""
    with engine.connect() as conn:
        names = [name for name in inspect(conn).get_table_names() if name != "alembic_version"]
        found = {}
        for name in names:
            rows = conn.exec_driver_sql(f"SELECT * FROM {name}").mappings().all()
            found[name] = sorted((tuple(sorted(row.items())) for row in rows), key=repr)
    return found


def without_new_columns(rows: dict[str, list[tuple[tuple[str, Any], ...]]]) -> dict[str, Any]:
    return {
        name: [
            tuple(kv for kv in row if kv[0] not in NEW_COLUMNS.get(name, set())) for row in found
        ]
        for name, found in rows.items()
    }


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "terminal.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def old_database(url: str) -> Iterator[tuple[Engine, MemoryUnitOfWork]]:
    engine = make_engine(url)
    upgrade(engine, "0001")
    day = a_day_of_trade()
    write_as_0001(engine, day)
    yield engine, day
    engine.dispose()


def test_upgrading_changes_and_renumbers_nothing(
    old_database: tuple[Engine, MemoryUnitOfWork],
) -> None:
    engine, _ = old_database
    before = every_row(engine)
    assert len(before["document"]) == 4 and len(before["document_line"]) == 5
    upgrade(engine, "0002")
    after = every_row(engine)
    assert without_new_columns(after) == before
    with engine.connect() as conn:
        heads = conn.execute(text("SELECT cashier_id, ended_by FROM document")).all()
        closures = conn.execute(
            text(
                "SELECT number, state, opening_float_minor, float_left_minor"
                " FROM closure ORDER BY number"
            )
        ).all()
    assert all(ended_by == cashier for cashier, ended_by in heads)
    assert [tuple(c) for c in closures] == [(1, "closed", 0, 0), (2, "open", 0, None)]
    if engine.dialect.name == "sqlite":  # the pool's next connection enforces foreign keys
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_an_upgrade_that_would_orphan_a_row_changes_nothing(tmp_path: Path) -> None:
    """The migrations run in one transaction, checked for orphans before the commit."""
    engine = make_engine(sqlite_url(tmp_path / "terminal.db"))
    upgrade(engine, "0001")
    write_as_0001(engine, a_day_of_trade())
    raw = engine.raw_connection()  # a line whose receipt is gone: what a bad rebuild leaves
    raw.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    raw.driver_connection.execute("DELETE FROM document WHERE id = 'old-000002'")  # type: ignore[union-attr]
    raw.invalidate()
    before = every_row(engine)
    with pytest.raises(StorageError, match="without their parent"):
        upgrade(engine)
    assert every_row(engine) == before
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0001"
        assert "ended_by" not in {c["name"] for c in inspect(conn).get_columns("document")}
    engine.dispose()


def test_the_upgraded_books_read_back_as_they_were_sold(
    old_database: tuple[Engine, MemoryUnitOfWork],
) -> None:
    engine, day = old_database
    upgrade(engine, "0002")
    sold = sorted(day.table("documents").values(), key=lambda d: d.id)
    with SqlUnitOfWork(engine, company_id=demo.COMPANY_ID) as uow:
        kept = [uow.documents.get(d.id) for d in sold]
        closed = uow.closures.get("T01", 1)
        still_open = uow.closures.current("T01")
    assert kept == sold  # every sale was completed by its opener: ended_by is the same
    memory_closed = day.table("closures")[("T01", 1)]
    assert memory_closed.totals.surcharge_count == 1
    # 0001 carried no float, and a counter it did not keep reads as 0.
    old_totals = evolve(memory_closed.totals, surcharge_count=0)
    assert closed == evolve(memory_closed, float_left=eur(0), totals=old_totals)
    assert still_open is not None and still_open.opening_float == eur(0)


def test_the_till_carries_on_after_the_upgrade(
    old_database: tuple[Engine, MemoryUnitOfWork], url: str
) -> None:
    engine, _ = old_database
    upgrade(engine)
    engine.dispose()
    current = open_database(url, create=False)  # the program accepts it as current
    if current.dialect.name == "sqlite":
        with current.connect() as conn:  # the migration left foreign keys enforced
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    till = Register(
        SqlUnitOfWork(current, company_id=demo.COMPANY_ID),
        terminal_id="T01",
        clock=SteppingClock(),
        ids=SequentialIds("new"),
    )
    till.sign_in("2", "9999")
    (parked,) = till.suspended()
    till.resume(parked.document_id)
    till.tender("CASH", "10")
    done = till.complete()
    assert (done.closure_number, done.receipt_number) == (2, 2)
    z = till.close_period("20", float_left="15").closure
    assert z.state is ClosureState.CLOSED and z.taken_out == eur(500)
    with SqlUnitOfWork(current, company_id=demo.COMPANY_ID) as uow:
        third = uow.closures.current("T01")
    assert third is not None and third.number == 3 and third.opening_float == eur(1500)
    current.dispose()
