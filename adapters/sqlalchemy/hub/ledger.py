"""Writing what terminals sent: the received events (the idempotency keys) and the books
they change, each kind of row in one batched statement per batch of events."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from adapters.sqlalchemy.hub.bulk import claim_rows, insert_rows, upsert_rows
from adapters.sqlalchemy.hub.ledger_rows import SaleRows, cash_row, closure_row, day, instant
from adapters.sqlalchemy.hub.ledger_tables import (
    daily_totals,
    hub_cash_movement,
    hub_closure,
    hub_sale,
    hub_sale_line,
    hub_sale_payment,
    hub_sale_vat,
    received_event,
    stock_level,
    stock_movement,
    warehouse,
)
from saleflex_core.domain.events import CASH_MOVED, CLOSURE_CLOSED
from saleflex_core.domain.hub_ledger import FIGURES, DayTotals, StockMove
from saleflex_core.domain.ingest import IncomingEvent, SequenceGap, TerminalCounters


def _insert(conn: Connection, table: Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (PostgreSQL and SQLite alike)."""
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


class SqlReceivedEvents:
    """One company's received events: the key GATE is idempotent on."""

    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.company = company

    def claim(self, events: Sequence[IncomingEvent], received_at: datetime) -> set[str]:
        # In sequence order: two batches holding the same events lock their keys alike.
        rows = [self._row(e, received_at) for e in events]
        stored = claim_rows(
            self.conn, received_event, rows, order=["sequence"], returning="event_id"
        )
        return set(stored)

    def _row(self, event: IncomingEvent, received_at: datetime) -> dict[str, Any]:
        envelope = event.envelope
        return {
            "company_id": self.company,
            "event_id": event.event_id,
            "terminal_id": envelope["terminal_id"],
            "sequence": event.sequence,
            "store_id": envelope["store_id"],
            "type": event.type,
            "business_date": day(envelope["business_date"]),
            "occurred_at": instant(envelope["occurred_at"]),
            "received_at": received_at,
            "fingerprint": event.fingerprint,
            "envelope": event.canonical,
        }

    def fingerprints(self, event_ids: Collection[str]) -> dict[str, str]:
        if not event_ids:
            return {}
        t = received_event
        rows = self.conn.execute(
            select(t.c.event_id, t.c.fingerprint).where(
                t.c.company_id == self.company, t.c.event_id.in_(list(event_ids))
            )
        )
        return {event_id: fingerprint for event_id, fingerprint in rows}

    def missing(self, terminal_id: str, limit: int) -> list[SequenceGap]:
        t = received_event
        following = func.lead(t.c.sequence).over(order_by=t.c.sequence)
        inner = (
            select(t.c.sequence.label("seq"), following.label("next"))
            .where(t.c.company_id == self.company, t.c.terminal_id == terminal_id)
            .subquery()
        )
        first = self.conn.execute(
            select(func.min(t.c.sequence)).where(
                t.c.company_id == self.company, t.c.terminal_id == terminal_id
            )
        ).scalar()
        gaps = [SequenceGap(1, first - 1)] if first is not None and first > 1 else []
        rows = self.conn.execute(
            select(inner.c.seq, inner.c.next)
            .where(inner.c.next > inner.c.seq + 1)
            .order_by(inner.c.seq)
            .limit(limit)
        )
        gaps += [SequenceGap(seq + 1, following_seq - 1) for seq, following_seq in rows]
        return gaps[:limit]

    def counters(self, terminal_id: str) -> TerminalCounters:
        mine = (hub_closure.c.company_id == self.company, hub_closure.c.terminal_id == terminal_id)
        last_sequence = self.conn.execute(
            select(func.max(received_event.c.sequence)).where(
                received_event.c.company_id == self.company,
                received_event.c.terminal_id == terminal_id,
            )
        ).scalar()
        last_closure = self.conn.execute(
            select(func.max(hub_closure.c.closure_number)).where(*mine)
        ).scalar()
        s = hub_sale
        receipt = self.conn.execute(
            select(s.c.closure_number, s.c.receipt_number)
            .where(s.c.company_id == self.company, s.c.terminal_id == terminal_id)
            .order_by(s.c.closure_number.desc(), s.c.receipt_number.desc())
            .limit(1)
        ).first()
        return TerminalCounters(
            last_sequence or 0,
            last_closure or 0,
            (receipt[0], receipt[1]) if receipt is not None else None,
        )


class SqlLedger:
    """One company's books of received facts (see ``HubLedgerRepository``)."""

    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.company = company

    def record(self, events: Sequence[IncomingEvent]) -> None:
        sales = SaleRows(self.company)
        closures, cash = [], []
        for event in events:
            if event.type == CLOSURE_CLOSED:
                closures.append(closure_row(self.company, event.envelope))
            elif event.type == CASH_MOVED:
                cash.append(cash_row(self.company, event.envelope))
            else:
                sales.add(event.envelope)
        for table, rows in (
            (hub_sale, sales.heads),
            (hub_sale_line, sales.lines),
            (hub_sale_payment, sales.payments),
            (hub_sale_vat, sales.vat),
            (hub_closure, closures),
            (hub_cash_movement, cash),
        ):
            insert_rows(self.conn, table, rows)

    def ensure_warehouse(self, store_id: str, warehouse_id: str, code: str) -> None:
        row = {"company_id": self.company, "id": warehouse_id, "store_id": store_id, "code": code}
        self.conn.execute(_insert(self.conn, warehouse).on_conflict_do_nothing(), [row])

    def move_stock(self, moves: Sequence[StockMove]) -> None:
        company = self.company
        instants: dict[str, datetime] = {}  # a sale's moves share its instant: parsed once
        rows: list[dict[str, Any]] = []
        levels: dict[tuple[str, str], list[Any]] = {}
        for move in moves:
            at = instants.get(move.at) or instants.setdefault(move.at, instant(move.at))
            rows.append(_movement_row(company, move, at))
            key = (move.warehouse_id, move.product_id)
            level = levels.setdefault(key, [move.store_id, 0, at])
            level[1] += move.quantity
            level[2] = max(level[2], at)  # instants: text of two offsets misorders
        insert_rows(self.conn, stock_movement, rows)
        rows = [
            {
                "company_id": company,
                "warehouse_id": key[0],
                "product_id": key[1],
                "store_id": store,
                "quantity": quantity,
                "updated_at": at,
            }
            for key, (store, quantity, at) in levels.items()
        ]
        # One statement, rows taken in key order (lock order: no deadlock between batches);
        # updated_at is the latest movement's time: a late batch of older sales keeps it.
        upsert_rows(
            self.conn, stock_level, rows, key=STOCK_KEY, add=["quantity"], latest=["updated_at"]
        )

    def add_day_totals(self, totals: Sequence[DayTotals]) -> None:
        rows = [
            {
                "company_id": self.company,
                "store_id": t.store_id,
                "business_date": day(t.business_date),
                "currency": t.currency,
                **{name: getattr(t, name) for name in FIGURES},
            }
            for t in totals
        ]
        upsert_rows(self.conn, daily_totals, rows, key=DAY_KEY, add=FIGURES)


STOCK_KEY = ("company_id", "warehouse_id", "product_id")
DAY_KEY = ("company_id", "store_id", "business_date", "currency")


def _movement_row(company: str, move: StockMove, at: datetime | None = None) -> dict[str, Any]:
    return {
        "company_id": company,
        "event_id": move.event_id,
        "line_no": move.line_no,
        "warehouse_id": move.warehouse_id,
        "store_id": move.store_id,
        "product_id": move.product_id,
        "quantity": move.quantity,
        "reason": move.reason,
        "business_date": day(move.business_date),
        "at": instant(move.at) if at is None else at,
    }
