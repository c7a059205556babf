"""``sync_cursor``: how far each stream pulled from upstream has got, per company.

The cursor is written in the same transaction as the data its page produced
(``use_cases/pulling.py``), so the two can never disagree after a crash.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from adapters.sqlalchemy import tables
from adapters.sqlalchemy.errors import translate
from adapters.sqlalchemy.upsert import upsert


class SqlSyncCursors:
    """``sync_cursor`` rows of one company: one cursor per stream."""

    def __init__(self, conn: Connection, company_id: str) -> None:
        self.conn = conn
        self.company_id = company_id

    def get(self, stream: str) -> str | None:
        t = tables.sync_cursor
        query = select(t.c.cursor).where(t.c.company_id == self.company_id, t.c.stream == stream)
        cursor: str | None = self.conn.execute(query).scalar_one_or_none()
        return cursor

    def put(self, stream: str, cursor: str) -> None:
        row = {"company_id": self.company_id, "stream": stream, "cursor": cursor}
        with translate(f"storing the {stream} cursor"):
            upsert(self.conn, tables.sync_cursor, [row], ["company_id", "stream"])
