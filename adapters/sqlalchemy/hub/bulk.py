"""Many rows in one statement: the ingest's writes on PostgreSQL.

A batch of 50 ten-line sales is some 1,700 rows. Written one ``INSERT`` a row (psycopg's
pipelined ``executemany``) the server parses, plans and answers each one; here each kind
of row is one statement for the whole batch:

- ``insert_rows``: ``COPY ... FROM STDIN`` on PostgreSQL (rows in psycopg's text copy
  format, in the transaction of the unit of work), the dialect's ``executemany``
  elsewhere (SQLite, the quick start).
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

from sqlalchemy import JSON, Column, Connection, Table
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

Row = Mapping[str, Any]


def insert_rows(conn: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table``: one COPY on PostgreSQL."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), list(rows))
        return
    names = list(rows[0])
    convert = [_converter(conn, table.c[name]) for name in names]
    columns = ", ".join(f'"{name}"' for name in names)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([c(row[name]) for c, name in zip(convert, names, strict=True)])


def upsert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[Row],
    *,
    key: Sequence[str],
    add: Sequence[str],
    take: Sequence[str] = (),
) -> None:
    """Insert ``rows``; where ``key`` exists, add the row's ``add`` columns to the stored
    ones and ``take`` the row's ``take`` columns. One statement on PostgreSQL, key order."""
    if not rows:
        return
    names = list(rows[0])
    if conn.dialect.name != "postgresql":
        insert = sqlite_insert(table)
        updates = {n: table.c[n] + insert.excluded[n] for n in add}
        updates |= {n: insert.excluded[n] for n in take}
        ordered = sorted(rows, key=lambda r: tuple(r[k] for k in key))
        conn.execute(insert.on_conflict_do_update(index_elements=key, set_=updates), ordered)
        return
    dialect = conn.dialect
    arrays = []
    for name in names:
        convert = _converter(conn, table.c[name])
        arrays.append([convert(row[name]) for row in rows])
    sets = [f'"{n}" = "{table.name}"."{n}" + excluded."{n}"' for n in add]
    sets += [f'"{n}" = excluded."{n}"' for n in take]
    unnest = ", ".join(f"%s::{table.c[n].type.compile(dialect=dialect)}[]" for n in names)
    quoted = ", ".join(f'"{n}"' for n in names)
    statement = (
        f'INSERT INTO "{table.name}" ({quoted}) SELECT * FROM unnest({unnest}) AS u({quoted}) '
        f"ORDER BY {', '.join(key)} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {', '.join(sets)}"
    )
    conn.exec_driver_sql(statement, tuple(arrays))


def _converter(conn: Connection, column: Column[Any]) -> Callable[[Any], Any]:
    if isinstance(column.type, JSON):
        return _json  # SQLAlchemy's JSON stores None as JSON null (none_as_null=False)
    process = column.type.bind_processor(conn.dialect)
    return process if process is not None else _same


def _json(value: Any) -> str:
    return json.dumps(value)


def _same(value: Any) -> Any:
    return value
