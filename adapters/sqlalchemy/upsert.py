"""INSERT ... ON CONFLICT DO UPDATE: one statement, on PostgreSQL and SQLite alike.

An update-then-insert takes two round trips and races a concurrent writer of the same
key (both see no row, one insert fails); ``ON CONFLICT`` lets the database decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def upsert(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> None:
    """Insert ``rows``, each updating the row with the same ``keys`` where there is one.

    ``keys`` must be the columns of the table's primary key or of a unique constraint.
    Two rows of one call must not share their keys (PostgreSQL refuses that).
    """
    if not rows:
        return
    statement = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)
    others = [c.name for c in table.columns if c.name not in keys and c.name in rows[0]]
    if not others:  # nothing but the key: an existing row is already right
        conn.execute(statement.on_conflict_do_nothing(index_elements=list(keys)), rows)
        return
    changes = {name: statement.excluded[name] for name in others}
    conn.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=changes), rows)


def advance(conn: Connection, head: Table, company_id: str, count: int) -> int:
    """Move ``company_id``'s position in ``head`` (company_id, position) by ``count`` and
    return the new one. The row stays locked until commit, so positions handed out by
    concurrent writers never interleave; ``count`` 0 just takes the lock."""
    statement = (
        (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(head)
        .values(company_id=company_id, position=count)
        .on_conflict_do_update(
            index_elements=["company_id"], set_={"position": head.c.position + count}
        )
        .returning(head.c.position)
    )
    return int(conn.execute(statement).scalar_one())
