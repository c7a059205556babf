"""Migration 0003's steps, in the one transaction env.py runs every migration in."""

from __future__ import annotations

import time

from sqlalchemy import Connection, Table, func, select

from adapters.sqlalchemy.migrations.v0003 import outbox, rebuild, rows, schema, schema_books
from adapters.sqlalchemy.migrations.v0003.books import Books, read_books
from saleflex_core.exceptions import StorageError
from saleflex_core.logger import get_logger

log = get_logger(__name__)

# Every table of schema 0002 (alembic_version is Alembic's and stays as it is).
OLD_TABLES = (*rows.TRANSFORMS, *rows.OWNED, "sync_queue_item")


def upgrade(conn: Connection, *, timezone: str | None) -> None:
    """Rebuild every table of schema 0002 as schema 0003, keeping every row.

    ``timezone`` is the store's IANA zone; None means this machine's.
    """
    started = time.perf_counter()
    books = read_books(conn, timezone)
    rebuild.move_aside(conn, OLD_TABLES)
    old = rebuild.reflect_old(conn, OLD_TABLES)
    if books is None:
        _refuse_rows_without_company(conn, old)
    schema.metadata.create_all(conn)
    if books is not None:
        _copy(conn, books, old)
    rebuild.drop_old(conn, OLD_TABLES)
    log.info("Migration 0003 rebuilt the tables in %.2f s", time.perf_counter() - started)


def _refuse_rows_without_company(conn: Connection, old: dict[str, Table]) -> None:
    for name, table in old.items():
        if conn.execute(select(func.count()).select_from(table)).scalar():
            raise StorageError(
                f"The database holds rows ({name}) but no company: they cannot be given one"
            )


def _copy(conn: Connection, books: Books, old: dict[str, Table]) -> None:
    for table in schema.metadata.sorted_tables:  # parents first: PostgreSQL checks each row
        transform = rows.TRANSFORMS.get(table.name)
        if transform is not None:
            rebuild.copy(conn, old[table.name], table, transform(books))
        elif table.name in rows.OWNED:
            rebuild.copy_in_sql(conn, old[table.name], table, books.company_id)
    _copy_outbox(conn, books, old["sync_queue_item"])


def _copy_outbox(conn: Connection, books: Books, old: Table) -> None:
    """Sequences first (one pass over the old rows' order facts), then the events."""
    found = conn.execute(outbox.facts_query(old)).mappings()
    facts = [outbox.Fact.of(row) for row in found]
    sequences = outbox.sequences(facts)
    rebuild.copy(conn, old, schema_books.sync_queue_item, rows.sync_queue_item(books, sequences))
    last: dict[str, int] = {}
    for fact in facts:
        terminal = books.terminal_id(fact.terminal)
        last[terminal] = max(last.get(terminal, 0), sequences[fact.key])
    counters = [
        {"company_id": books.company_id, "terminal_id": t.id, "last_sequence": last.get(t.id, 0)}
        for t in books.terminals.values()
    ]
    if counters:
        conn.execute(schema_books.sync_sequence.insert(), counters)
