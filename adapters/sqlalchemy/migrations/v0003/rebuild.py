"""Rebuilding tables inside the migration's one transaction: move aside, create, copy, drop.

Every table's primary key changes (``company_id`` first), which SQLite cannot alter in place
and PostgreSQL could only by dropping and re-adding keys and foreign keys one by one. So
each old table is renamed out of the way, the new one is created under the old name from
the frozen schema, the rows are streamed across in batches through a Python function, and
the old tables are dropped at the end.

A renamed table keeps its index names (PostgreSQL also the names of the indexes behind its
primary key and unique constraints, and SQLite those of ``CREATE INDEX``); index names are
unique per schema, so they are freed first: renamed on PostgreSQL, dropped on SQLite (the
copy reads whole tables and needs none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, MetaData, RowMapping, String, Table, literal, select, text

OLD = "old0002_"
BATCH = 2000  # rows per INSERT: bounded memory on a terminal with years of receipts
PG_NAME_MAX = 63

Row = RowMapping
Transform = Callable[[Row], dict[str, Any]]


def old_name(name: str) -> str:
    return OLD + name


def move_aside(conn: Connection, names: Sequence[str]) -> None:
    """Rename each table ``t`` to ``old0002_t`` and free its index names."""
    for name in names:
        conn.exec_driver_sql(f'ALTER TABLE "{name}" RENAME TO "{old_name(name)}"')
        _free_index_names(conn, old_name(name))


def _free_index_names(conn: Connection, table: str) -> None:
    if conn.dialect.name == "sqlite":
        # sql IS NULL: the automatic indexes of keys, renamed with their table.
        found = conn.execute(
            text(
                "SELECT name FROM sqlite_master"
                " WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL"
            ),
            {"t": table},
        ).scalars()
        for index in list(found):
            conn.exec_driver_sql(f'DROP INDEX "{index}"')
        return
    found = conn.execute(
        text(
            "SELECT indexname FROM pg_indexes"
            " WHERE schemaname = current_schema() AND tablename = :t"
        ),
        {"t": table},
    ).scalars()
    for index in list(found):  # renaming a key's index renames its constraint with it
        conn.exec_driver_sql(f'ALTER INDEX "{index}" RENAME TO "{(OLD + index)[:PG_NAME_MAX]}"')


def reflect_old(conn: Connection, names: Sequence[str]) -> dict[str, Table]:
    """The moved-aside tables as they are, so their values come back typed (datetimes,
    booleans, parsed JSON) on either database."""
    found = MetaData()
    found.reflect(conn, only=[old_name(name) for name in names])
    return {name: found.tables[old_name(name)] for name in names}


def rows(conn: Connection, table: Table, batch: int = BATCH) -> Iterator[Sequence[Row]]:
    """Every row of ``table`` in primary-key order, ``batch`` at a time (streamed)."""
    order = list(table.primary_key.columns) or list(table.columns)
    query = select(table).order_by(*order).execution_options(yield_per=batch)
    result = conn.execute(query)
    yield from result.mappings().partitions(batch)


def copy(conn: Connection, source: Table, target: Table, transform: Transform) -> int:
    """Insert ``transform(row)`` into ``target`` for every row of ``source``; the count."""
    count = 0
    for chunk in rows(conn, source):
        conn.execute(target.insert(), [transform(row) for row in chunk])
        count += len(chunk)
    return count


def copy_in_sql(conn: Connection, source: Table, target: Table, company_id: str) -> None:
    """``INSERT ... SELECT``: the rows as they are, with ``company_id`` in front. For the
    tables whose rows gain nothing else (master data, lines, payments): the database moves
    them without a round trip through Python."""
    names = [column.name for column in target.columns if column.name != "company_id"]
    query = select(literal(company_id, String).label("company_id"), *(source.c[n] for n in names))
    conn.execute(target.insert().from_select(["company_id", *names], query))


def drop_old(conn: Connection, names: Sequence[str]) -> None:
    """Drop the moved-aside tables (one statement on PostgreSQL: they refer to each other)."""
    quoted = [f'"{old_name(name)}"' for name in names]
    if conn.dialect.name == "sqlite":  # foreign keys are off while migrating (env.py)
        for table in quoted:
            conn.exec_driver_sql(f"DROP TABLE {table}")
    else:
        conn.exec_driver_sql(f"DROP TABLE {', '.join(quoted)}")
