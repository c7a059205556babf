"""What terminals sent, in memory: the received events (the idempotency keys) and the
hub's books (sales, closures, cash movements, warehouses, stock, daily totals).

Each table is an overlay of the unit of work, so a batch left without commit stores
nothing; the database's lock, held by a unit of work from start to end, makes concurrent
claims of one event id queue, as the SQL adapter's row locks do.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from adapters.memory import hub_rows
from adapters.memory.hub_access import utc
from adapters.memory.storage import _Overlay
from saleflex_core.domain.events import CASH_MOVED, CLOSURE_CLOSED
from saleflex_core.domain.hub_ledger import FIGURES, DayTotals, StockMove, quantity_text
from saleflex_core.domain.ingest import IncomingEvent, SequenceGap, TerminalCounters
from saleflex_core.exceptions import StorageError

LEDGER = (
    "hub_sales",
    "hub_closures",
    "hub_cash",
    "warehouses",
    "stock_levels",
    "stock_movements",
    "daily_totals",
)


class MemoryReceivedEvents:
    """Received events keyed by event id; their (terminal, sequence) keys alongside."""

    def __init__(self, rows: _Overlay[Any], sequences: _Overlay[str], ledger: MemoryLedger) -> None:
        self.rows = rows
        self.sequences = sequences
        self.ledger = ledger

    def claim(self, events: Sequence[IncomingEvent], received_at: datetime) -> set[str]:
        at, stored = utc(received_at), set()
        for event in sorted(events, key=lambda e: e.sequence):
            key = (event.envelope["terminal_id"], event.sequence)
            if self.rows.get(event.event_id) is not None or self.sequences.get(key) is not None:
                continue  # ON CONFLICT DO NOTHING, on either key
            row = {
                "terminal_id": key[0],
                "sequence": event.sequence,
                "type": event.type,
                "received_at": at,
                "fingerprint": event.fingerprint,
                "envelope": event.canonical,
            }
            self.rows.put(event.event_id, row)
            self.sequences.put(key, event.event_id)
            stored.add(event.event_id)
        return stored

    def fingerprints(self, event_ids: Collection[str]) -> dict[str, str]:
        found = {event_id: self.rows.get(event_id) for event_id in event_ids}
        return {event_id: row["fingerprint"] for event_id, row in found.items() if row}

    def _sequences(self, terminal_id: str) -> list[int]:
        mine = (r["sequence"] for r in self.rows.raw_values() if r["terminal_id"] == terminal_id)
        return sorted(mine)

    def missing(self, terminal_id: str, limit: int) -> list[SequenceGap]:
        gaps, last = [], 0
        for sequence in self._sequences(terminal_id):
            if sequence > last + 1:
                gaps.append(SequenceGap(last + 1, sequence - 1))
            last = sequence
        return gaps[:limit]

    def counters(self, terminal_id: str) -> TerminalCounters:
        sequences = self._sequences(terminal_id)
        closures = self.ledger.of_terminal("hub_closures", terminal_id)
        receipts = [row["receipt"] for row in self.ledger.of_terminal("hub_sales", terminal_id)]
        return TerminalCounters(
            sequences[-1] if sequences else 0,
            max((row["item"]["closure_number"] for row in closures), default=0),
            max(receipts, default=None),
        )


class MemoryLedger:
    """One company's books (``HubLedgerRepository``), one overlay a table."""

    def __init__(self, tables: dict[str, _Overlay[Any]]) -> None:
        self.tables = tables

    def of_terminal(self, table: str, terminal_id: str) -> list[dict[str, Any]]:
        rows = self.tables[table].raw_values()
        return [r for r in rows if r["where"]["terminal_id"] == terminal_id]

    def record(self, events: Sequence[IncomingEvent]) -> None:
        for event in events:
            if event.type == CLOSURE_CLOSED:
                table, row = "hub_closures", hub_rows.closure_row(event.envelope)
            elif event.type == CASH_MOVED:
                table, row = "hub_cash", hub_rows.cash_row(event.envelope)
            else:
                table, row = "hub_sales", hub_rows.sale_row(event.envelope)
            self._insert(table, event.event_id, row)

    def _insert(self, table: str, key: Any, row: dict[str, Any]) -> None:
        if self.tables[table].get(key) is not None:  # the SQL table's primary key
            raise StorageError(f"Cannot store {key} in {table}: it is already stored")
        self.tables[table].put(key, row)

    def ensure_warehouse(self, store_id: str, warehouse_id: str, code: str) -> None:
        rows = self.tables["warehouses"]
        clash = rows.get(warehouse_id) is not None or any(
            (w["store_id"], w["code"]) == (store_id, code) for w in rows.raw_values()
        )
        if not clash:  # ON CONFLICT DO NOTHING, on either key
            rows.put(warehouse_id, {"id": warehouse_id, "store_id": store_id, "code": code})

    def move_stock(self, moves: Sequence[StockMove]) -> None:
        batch: dict[tuple[str, str], tuple[str, int, datetime]] = {}
        for move in moves:
            self._insert("stock_movements", (move.event_id, move.line_no), _movement(move))
            key, moved_at = (move.warehouse_id, move.product_id), hub_rows.instant(move.at)
            store, quantity, at = batch.get(key, (move.store_id, 0, moved_at))
            batch[key] = (store, quantity + move.quantity, max(at, moved_at))
        levels = self.tables["stock_levels"]
        for key, (store, quantity, at) in sorted(batch.items()):
            known = levels.get(key)
            total = quantity + (known["quantity"] if known else 0)
            latest = max(at, known["updated_at"]) if known else at  # a late batch keeps it
            where = {"store_id": known["where"]["store_id"] if known else store}
            where |= {"warehouse_id": key[0], "product_id": key[1]}
            row = {
                "where": where,
                "order": key,
                "quantity": total,
                "updated_at": latest,
            }
            levels.put(key, row)

    def add_day_totals(self, totals: Sequence[DayTotals]) -> None:
        days = self.tables["daily_totals"]
        for t in totals:
            key = (t.store_id, hub_rows.day(t.business_date), t.currency)
            known = days.get(key)
            figures = {name: getattr(t, name) + (known[name] if known else 0) for name in FIGURES}
            where = {"store_id": key[0], "business_date": key[1]}
            days.put(key, {"where": where, "order": (key[1], key[0], key[2]), **figures})


def _movement(move: StockMove) -> dict[str, Any]:
    at = hub_rows.instant(move.at)
    item = {
        "event_id": move.event_id,
        "line_no": move.line_no,
        "warehouse_id": move.warehouse_id,
        "store_id": move.store_id,
        "product_id": move.product_id,
        "quantity": quantity_text(move.quantity),
        "reason": move.reason,
        "business_date": hub_rows.day(move.business_date),
        "at": at.isoformat(),
    }
    where = {k: item[k] for k in ("store_id", "warehouse_id", "product_id", "business_date")}
    order = (at, move.event_id, move.line_no)
    return {"where": where | {"kind": move.reason}, "order": order, "item": item}
