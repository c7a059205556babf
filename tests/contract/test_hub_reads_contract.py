"""Integrators' reads behave alike in memory, on SQLite and on PostgreSQL: the same read
models (instants in UTC, quantities in their read form, children in key order), keyset
pages walked with ``next_cursor``, filters, and a cursor GATE never gave refused. The last
test holds every page of the memory hub equal to SQLite's for the same events."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from adapters.memory import MemoryDatabase, MemoryHubUnitOfWork
from adapters.sqlalchemy.database import sqlite_url
from adapters.sqlalchemy.hub.database import open_hub_database
from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork
from saleflex_core.domain.access import terminal
from saleflex_core.domain.hub_reads import Page, ReadFilter
from saleflex_core.domain.ingest import IncomingEvent
from saleflex_core.exceptions import ValidationError
from saleflex_core.use_cases.gate_ingest import receive_events
from tests.contract.hub_support import (
    ACME,
    GLOBEX,
    OTHER_TERMINAL,
    T0,
    TERMINAL,
    MakeHub,
    incoming,
    set_up,
)
from tests.gate import ingest_support

ALL = ReadFilter()
LISTS = ("sales", "closures", "cash_movements", "stock_levels", "stock_movements", "daily_totals")


class FixedClock:
    def now(self) -> datetime:
        return T0


def events() -> list[IncomingEvent]:
    """Two terminals' day: sales (one in another offset, one with a weighed line,
    one cancelled), a cash movement and a Z."""
    sold = ingest_support.golden("sale.completed")
    offset = sold["payload"] | {"ended_at": "2026-03-14T10:15:00.5+01:00"}
    cancelled = ingest_support.golden("sale.cancelled")["payload"]
    found = [
        ingest_support.envelope("sale.completed", 1, sold["payload"]),
        ingest_support.envelope("sale.completed", 2, offset),
        ingest_support.envelope("sale.cancelled", 3, cancelled),
        ingest_support.envelope("cash.moved", 4, ingest_support.golden("cash.moved")["payload"]),
        ingest_support.envelope(
            "closure.closed", 5, ingest_support.golden("closure.closed")["payload"]
        ),
        *(ingest_support.sale(n) for n in range(6, 12)),
        *(ingest_support.sale(n, terminal=OTHER_TERMINAL, lines=2) for n in range(1, 4)),
    ]
    return [incoming(e) for e in found]


def receive(make: MakeHub, company: str = ACME) -> list[IncomingEvent]:
    batch = events()
    for terminal_id, store_id in ((TERMINAL, "S001"), (OTHER_TERMINAL, "S002")):
        till = terminal(company, store_id, terminal_id)
        mine = [
            incoming(e.envelope, company) for e in batch if e.envelope["terminal_id"] == terminal_id
        ]
        answers = receive_events(make(company), clock=FixedClock(), caller=till, events=mine)
        assert {a.outcome.value for a in answers} == {"accepted"}, answers
    return batch


@pytest.fixture
def make(make_hub_uow: MakeHub) -> MakeHub:
    set_up(make_hub_uow, ACME)
    set_up(make_hub_uow, GLOBEX)
    return make_hub_uow


def walk(make: MakeHub, what: str, where: ReadFilter, limit: int) -> list[dict[str, Any]]:
    items, cursor = [], None
    while True:
        with make(ACME) as uow:
            page: Page = getattr(uow.reader, what)(where, cursor, limit)
        items += page.items
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor


def test_a_sale_reads_as_its_payload_in_utc_with_its_weighed_line(make: MakeHub) -> None:
    batch = receive(make)
    with make(ACME) as uow:
        sale = uow.reader.sale(batch[0].event_id)
        moved = uow.reader.sale(batch[1].event_id)
        closure = uow.reader.closure(batch[4].event_id)
    assert sale is not None and moved is not None and closure is not None
    assert sale["lines"][0]["quantity"] == "0.750"  # a weight keeps its decimals
    assert [line["line_no"] for line in sale["lines"]] == sorted(
        line["line_no"] for line in sale["lines"]
    )
    assert (sale["status"], sale["store_id"], sale["business_date"]) == (
        "completed",
        "S001",
        "2026-03-14",
    )
    assert moved["ended_at"] == "2026-03-14T09:15:00.500000+00:00"
    assert closure["z"] == ingest_support.golden("closure.closed")["payload"]
    with make(GLOBEX) as uow:
        assert uow.reader.sale(batch[0].event_id) is None
        assert uow.reader.closure(batch[4].event_id) is None


def test_pages_walk_every_row_once_in_order(make: MakeHub) -> None:
    receive(make)
    sales = walk(make, "sales", ALL, 3)
    assert len(sales) == 12
    assert [s["ended_at"] for s in sales] == sorted(s["ended_at"] for s in sales)
    assert len({s["id"] for s in sales}) == 12
    movements = walk(make, "stock_movements", ALL, 4)
    assert len(movements) == len({(m["event_id"], m["line_no"]) for m in movements})
    assert walk(make, "stock_movements", ALL, 500) == movements


def test_filters_narrow_every_list(make: MakeHub) -> None:
    receive(make)
    assert len(walk(make, "sales", ReadFilter(terminal_id=OTHER_TERMINAL), 5)) == 3
    assert len(walk(make, "sales", ReadFilter(stores=frozenset({"S001"})), 5)) == 9
    assert len(walk(make, "sales", ReadFilter(stores=frozenset({"S001"}), store_id="S002"), 5)) == 0
    assert [s["status"] for s in walk(make, "sales", ReadFilter(type="cancelled"), 5)] == [
        "cancelled"
    ]
    assert len(walk(make, "cash_movements", ReadFilter(type="out"), 5)) == 1
    assert len(walk(make, "cash_movements", ReadFilter(type="in"), 5)) == 0
    assert len(walk(make, "sales", ReadFilter(business_date="2026-03-15"), 5)) == 0
    levels = walk(make, "stock_levels", ReadFilter(product_id="P0001"), 5)
    assert {lvl["store_id"] for lvl in levels} == {"S001", "S002"}
    days = walk(make, "daily_totals", ReadFilter(store_id="S002"), 5)
    assert [(d["store_id"], d["sales_count"]) for d in days] == [("S002", 3)]


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        base64.urlsafe_b64encode(b"[1]").decode(),
        base64.urlsafe_b64encode(json.dumps(["not a time", "x"]).encode()).decode(),
        base64.urlsafe_b64encode(b"{}").decode(),
    ],
)
def test_a_cursor_gate_never_gave_is_refused(make: MakeHub, cursor: str) -> None:
    with make(ACME) as uow, pytest.raises(ValidationError, match="cursor"):
        uow.reader.sales(ALL, cursor, 10)


@pytest.fixture
def memory_and_sqlite(tmp_path: Path) -> Iterator[tuple[MakeHub, MakeHub]]:
    database = MemoryDatabase()
    engine = open_hub_database(sqlite_url(tmp_path / "hub.db"))
    try:
        yield (
            lambda company: MemoryHubUnitOfWork(database, company_id=company),
            lambda company: SqlHubUnitOfWork(engine, company_id=company),
        )
    finally:
        engine.dispose()


@pytest.mark.integration
def test_every_page_of_the_memory_hub_equals_sqlites(
    memory_and_sqlite: tuple[MakeHub, MakeHub],
) -> None:
    memory, sql = memory_and_sqlite
    for make in (memory, sql):
        set_up(make, ACME)
        batch = receive(make)
    for what in LISTS:
        for limit in (2, 500):
            assert walk(memory, what, ALL, limit) == walk(sql, what, ALL, limit), what
        with memory(ACME) as m, sql(ACME) as s:
            first_m, first_s = (
                getattr(m.reader, what)(ALL, None, 3),
                getattr(s.reader, what)(ALL, None, 3),
            )
            assert first_m == first_s  # the same cursors, too
    for event in batch:
        with memory(ACME) as m, sql(ACME) as s:
            assert m.reader.sale(event.event_id) == s.reader.sale(event.event_id)
            assert m.reader.closure(event.event_id) == s.reader.closure(event.event_id)
            assert m.received.counters(TERMINAL) == s.received.counters(TERMINAL)
            assert m.reader.warehouses("S001") == s.reader.warehouses("S001")


def test_a_cursors_instant_is_read_in_utc_and_a_naive_one_refused(make: MakeHub) -> None:
    receive(make)
    with make(ACME) as uow:
        first = uow.reader.sales(ALL, None, 4)
        second = uow.reader.sales(ALL, first.next_cursor, 4)
    assert first.next_cursor is not None
    ended_at, sale_id = json.loads(base64.urlsafe_b64decode(first.next_cursor + "=="))
    shifted = datetime.fromisoformat(ended_at).astimezone(timezone(timedelta(hours=5)))
    for instant, refused in ((shifted.isoformat(), False), (ended_at[:19], True)):
        cursor = base64.urlsafe_b64encode(json.dumps([instant, sale_id]).encode()).decode()
        with make(ACME) as uow:
            if refused:
                with pytest.raises(ValidationError, match="cursor"):
                    uow.reader.sales(ALL, cursor, 4)
            else:  # the same instant in another offset names the same place
                assert uow.reader.sales(ALL, cursor, 4) == second
