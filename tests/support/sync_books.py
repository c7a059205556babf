"""What a terminal holds and what GATE holds, read independently of the code under test,
and the exactly-once check between them.

The terminal's SQLite file is read with the standard library's ``sqlite3``; GATE's
received events straight from its PostgreSQL tables (psycopg); its sales and daily
totals through the integrators' read API, as HQ sees them.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
from attrs import frozen

from tests.support.gate_shop import read_all
from tests.support.postgres import libpq_url


@frozen
class TillBooks:
    """A terminal's outbox (event id -> (type, sequence, status)) and its completed sales
    (document id -> what was paid, in minor units, from its own payment rows)."""

    events: dict[str, tuple[str, int, str]]
    paid: dict[str, int]

    def sent(self) -> dict[str, tuple[str, int]]:
        return {key: (kind, seq) for key, (kind, seq, _) in self.events.items()}

    def statuses(self) -> Counter[str]:
        return Counter(status for _, _, status in self.events.values())


def till_books(db: Path, terminal_id: str) -> TillBooks:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        events = conn.execute(
            "SELECT event_id, event_type, sequence, status FROM sync_queue_item"
            " WHERE terminal_id = ?",
            (terminal_id,),
        ).fetchall()
        paid = conn.execute(
            "SELECT d.id, SUM(p.tendered_minor - p.change_minor) FROM document d"
            " JOIN payment p ON p.company_id = d.company_id AND p.document_id = d.id"
            " WHERE d.terminal_id = ? AND d.state = 'completed' GROUP BY d.id",
            (terminal_id,),
        ).fetchall()
    return TillBooks({e: (t, s, st) for e, t, s, st in events}, dict(paid))


def gate_received(database_url: str, terminal_id: str) -> dict[str, tuple[str, int]]:
    """GATE's received events of ``terminal_id``: event id -> (type, sequence)."""
    with psycopg.connect(libpq_url(database_url)) as conn:
        rows = conn.execute(
            "SELECT event_id, type, sequence FROM received_event WHERE terminal_id = %s",
            (terminal_id,),
        ).fetchall()
    return {event_id: (kind, seq) for event_id, kind, seq in rows}


def assert_exactly_once(
    till: TillBooks, received: dict[str, tuple[str, int]], sales: list[dict[str, Any]]
) -> None:
    """GATE holds every event of the terminal once, nothing else, and each completed sale
    once with what the terminal took for it; the terminal's queue is empty."""
    assert till.statuses() == Counter({"sent": len(till.events)}), till.statuses()
    assert received == till.sent()
    held = Counter(sale["document_id"] for sale in sales)
    assert [doc for doc, times in held.items() if times > 1] == []
    assert set(held) == set(till.paid)
    paid_at_gate = {sale["document_id"]: sale["totals"]["paid"]["minor"] for sale in sales}
    assert paid_at_gate == till.paid


def gate_sales(gate_url: str, token: str, terminal_id: str) -> list[dict[str, Any]]:
    return read_all(gate_url, token, "sales", terminal_id=terminal_id)
