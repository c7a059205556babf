"""The audit log's table and repository: one row per change a person made."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Connection, Index, Integer, String, Table, select

from adapters.sqlalchemy.hub.metadata import ID, company_key, hub_metadata
from adapters.sqlalchemy.types import UtcDateTime
from saleflex_core.domain.audit_log import AuditRecord
from saleflex_core.domain.organisation import check_company

audit_log = Table(
    "audit_log",
    hub_metadata,
    company_key(),
    # The position in the company's log: the order records were written, the cursor.
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("id", ID, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(64), nullable=False),
    Column("entity", String(64), nullable=False),
    Column("key", String(200), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Index("ix_audit_log_entity", "company_id", "entity", "key"),
)


class SqlAuditLog:
    """One company's audit log: append-only, read in the order it was written."""

    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.company = company

    def add(self, record: AuditRecord) -> None:
        check_company(self.company, record.company_id, f"Audit record {record.id}")
        t = audit_log
        last = self.conn.execute(
            select(t.c.seq)
            .where(t.c.company_id == self.company)
            .order_by(t.c.seq.desc())
            .limit(1)
            .with_for_update()
        ).scalar()
        row: dict[str, Any] = {
            "company_id": self.company,
            "seq": (last or 0) + 1,
            "id": record.id,
            "at": record.at,
            "actor": record.actor,
            "action": record.action,
            "entity": record.entity,
            "key": record.key,
            "before": record.before,
            "after": record.after,
        }
        self.conn.execute(t.insert(), row)

    def page(self, after: int, limit: int) -> list[tuple[int, AuditRecord]]:
        t = audit_log
        rows = self.conn.execute(
            select(t)
            .where(t.c.company_id == self.company, t.c.seq > after)
            .order_by(t.c.seq)
            .limit(limit)
        ).mappings()
        return [(r["seq"], _record(r)) for r in rows]


def _record(r: Any) -> AuditRecord:
    return AuditRecord(
        company_id=r["company_id"],
        id=r["id"],
        at=r["at"],
        actor=r["actor"],
        action=r["action"],
        entity=r["entity"],
        key=r["key"],
        before=r["before"],
        after=r["after"],
    )
