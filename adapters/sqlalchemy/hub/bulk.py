"""Many rows in one statement: the ingest's writes on PostgreSQL.

A batch of 50 ten-line sales is some 1,700 rows. Written one ``INSERT`` a row (psycopg's
pipelined ``executemany``) the server parses, plans and answers each one; here each kind
of row is one statement for the whole batch:

- ``insert_rows``: ``COPY ... FROM STDIN`` on PostgreSQL (the rows as COPY's text
  format, written here: ``copy_text``; in the transaction of the unit of work), the
  dialect's ``executemany`` elsewhere (SQLite, the quick start).
- ``upsert_rows``: ``INSERT ... SELECT FROM unnest(<one array a column>) ORDER BY <key>
  ON CONFLICT (<key>) DO UPDATE`` on PostgreSQL: one statement whatever the number of
  rows, the rows taken in key order (two batches lock shared rows in one order: no
  deadlock). On SQLite its ``ON CONFLICT`` in an ``executemany`` of the sorted rows.

Both write exactly what SQLAlchemy's own insert would: each value through its column's
bind processing (``UtcDateTime`` refuses a naive instant and stores UTC), a ``JSON``
column's ``None`` as JSON ``null`` as SQLAlchemy's ``JSON`` does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Column, Connection, Table, case
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from adapters.sqlalchemy.hub.copy_text import copy_text

Row = Mapping[str, Any]


def insert_rows(conn: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table``: one COPY on PostgreSQL."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), list(rows))
        return
    names = list(rows[0])
    data = copy_text(conn.dialect, [table.c[n] for n in names], rows)
    columns = ", ".join(f'"{name}"' for name in names)
    statement = f'COPY "{table.name}" ({columns}) FROM STDIN'
    driver_error = conn.dialect.loaded_dbapi.Error
    if not conn.in_transaction():  # as SQLAlchemy's execute would: else commit() skips it
        conn.begin()
    try:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor, cursor.copy(statement) as copy:
            copy.write(data)
    except driver_error as error:  # as SQLAlchemy raises it: the unit of work's StorageError
        raise DBAPIError.instance(statement, None, error, driver_error) from error


def claim_rows(
    conn: Connection, table: Table, rows: Sequence[Row], *, order: Sequence[str], returning: str
) -> list[Any]:
    """Insert those of ``rows`` whose key is new (taken in ``order``) and answer their
    ``returning`` column: ``INSERT ... ON CONFLICT DO NOTHING RETURNING``, one statement."""
    if not rows:
        return []
    if conn.dialect.name != "postgresql":
        statement = sqlite_insert(table).on_conflict_do_nothing()
        ordered = sorted(rows, key=lambda r: tuple(r[k] for k in order))
        return list(conn.execute(statement.returning(table.c[returning]), ordered).scalars())
    select, arrays = _unnest(conn, table, rows, order)
    claimed = f'{select} ON CONFLICT DO NOTHING RETURNING "{returning}"'
    return list(conn.exec_driver_sql(claimed, arrays).scalars())


def upsert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[Row],
    *,
    key: Sequence[str],
    add: Sequence[str],
    latest: Sequence[str] = (),
) -> None:
    """Insert ``rows``; where ``key`` exists, add the row's ``add`` columns to the stored
    ones and keep the greater of stored and new in the ``latest`` columns. One statement
    on PostgreSQL, in key order."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        insert = sqlite_insert(table)
        updates = {n: table.c[n] + insert.excluded[n] for n in add}
        updates |= {
            n: case((insert.excluded[n] > table.c[n], insert.excluded[n]), else_=table.c[n])
            for n in latest
        }
        ordered = sorted(rows, key=lambda r: tuple(r[k] for k in key))
        conn.execute(insert.on_conflict_do_update(index_elements=key, set_=updates), ordered)
        return
    select, arrays = _unnest(conn, table, rows, key)
    sets = [f'"{n}" = "{table.name}"."{n}" + excluded."{n}"' for n in add]
    sets += [f'"{n}" = GREATEST("{table.name}"."{n}", excluded."{n}")' for n in latest]
    keys = ", ".join(f'"{k}"' for k in key)
    conn.exec_driver_sql(f"{select} ON CONFLICT ({keys}) DO UPDATE SET {', '.join(sets)}", arrays)


def _unnest(
    conn: Connection, table: Table, rows: Sequence[Row], order: Sequence[str]
) -> tuple[str, tuple[list[Any], ...]]:
    """``INSERT INTO table (...) SELECT ... FROM unnest(%s, ...) ORDER BY order`` and its
    parameters, one array a column: the statement's text is the same whatever the number
    of rows (psycopg and the server parse and plan it once). The arrays go in binary
    (``%b``): psycopg's text form escapes every quote of an envelope's JSON by regex,
    which cost more than the whole insert."""
    names, values = _values(conn, table, rows)
    dialect = conn.dialect
    arrays = ", ".join(f"%b::{table.c[n].type.compile(dialect=dialect)}[]" for n in names)
    quoted = ", ".join(f'"{n}"' for n in names)
    ordered = ", ".join(f'"{n}"' for n in order)
    select = (
        f'INSERT INTO "{table.name}" ({quoted}) '
        f"SELECT * FROM unnest({arrays}) AS u({quoted}) ORDER BY {ordered}"
    )
    return select, tuple(list(column) for column in zip(*values, strict=True))


def _values(
    conn: Connection, table: Table, rows: Sequence[Row]
) -> tuple[list[str], list[list[Any]]]:
    """The rows' column names and each row's values as the column's bind processing
    makes them (only the columns that have one are touched: this is per value)."""
    names = list(rows[0])
    converts = [(i, c) for i, n in enumerate(names) if (c := _converter(conn, table.c[n]))]
    values = [[row[n] for n in names] for row in rows]
    for row in values:
        for i, convert in converts:
            row[i] = convert(row[i])
    return names, values


def _converter(conn: Connection, column: Column[Any]) -> Callable[[Any], Any] | None:
    if isinstance(column.type, JSON):
        return json.dumps  # SQLAlchemy's JSON stores None as JSON null (none_as_null=False)
    return column.type.bind_processor(conn.dialect)
