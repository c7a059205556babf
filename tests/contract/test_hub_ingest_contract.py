"""GATE's received events and books behave alike in memory, on SQLite and on PostgreSQL:
the idempotent claim (the same id twice, the same id with another fingerprint, a sequence
already held), sequence gaps, a terminal's counters, stock and daily totals added up by
increments, and a batch left without commit storing nothing."""

from __future__ import annotations

from typing import Any

import pytest

from saleflex_core.domain.hub_ledger import DayTotals, StockMove, default_warehouse_id
from saleflex_core.domain.hub_reads import ReadFilter
from saleflex_core.domain.ingest import SequenceGap, TerminalCounters
from saleflex_core.exceptions import StorageError
from tests.contract.hub_support import (
    ACME,
    GLOBEX,
    OTHER_TERMINAL,
    T0,
    TERMINAL,
    MakeHub,
    incoming,
    sale,
    set_up,
)
from tests.gate import ingest_support

ALL = ReadFilter()
WAREHOUSE = default_warehouse_id(ACME, "S001")


@pytest.fixture
def make(make_hub_uow: MakeHub) -> MakeHub:
    set_up(make_hub_uow, ACME)
    set_up(make_hub_uow, GLOBEX)
    return make_hub_uow


def golden(kind: str, seq: int, terminal: str = TERMINAL, **payload: Any) -> dict[str, Any]:
    body = ingest_support.golden(kind)["payload"] | payload
    return ingest_support.envelope(kind, seq, body, terminal)


def move(event: str, line: int, quantity: int, at: str = "2026-03-14T09:00:00+00:00") -> StockMove:
    return StockMove(
        WAREHOUSE, f"P{line:04d}", quantity, "sale", event, line, "S001", "2026-03-14", at
    )


def test_an_event_is_claimed_once_by_its_id(make: MakeHub) -> None:
    first, second = sale(1), sale(2)
    with make(ACME) as uow:
        assert uow.received.claim([second, first], T0) == {first.event_id, second.event_id}
        uow.commit()
    with make(ACME) as uow:
        assert uow.received.claim([first, sale(3)], T0) == {sale(3).event_id}
        assert uow.received.fingerprints([first.event_id, sale(3).event_id, "unknown"]) == {
            first.event_id: first.fingerprint,
            sale(3).event_id: sale(3).fingerprint,
        }
        uow.commit()
    with make(GLOBEX) as uow:  # another company's events never collide with ACME's
        assert uow.received.fingerprints([first.event_id]) == {}
        assert uow.received.claim([incoming(ingest_support.sale(1), GLOBEX)], T0) == {
            first.event_id
        }


def test_the_same_id_with_another_fingerprint_is_not_claimed_again(make: MakeHub) -> None:
    original = sale(1)
    changed = incoming(ingest_support.sale(1, lines=3))
    assert changed.event_id == original.event_id and changed.fingerprint != original.fingerprint
    with make(ACME) as uow:
        uow.received.claim([original], T0)
        uow.commit()
    with make(ACME) as uow:
        assert uow.received.claim([changed], T0) == set()
        assert uow.received.fingerprints([changed.event_id]) == {
            original.event_id: original.fingerprint
        }


def test_a_sequence_held_by_another_event_is_not_claimed(make: MakeHub) -> None:
    with make(ACME) as uow:
        uow.received.claim([sale(1)], T0)
        uow.commit()
    other = ingest_support.sale(1) | {"event_id": "a0000000-0000-4000-8000-000000000001"}
    with make(ACME) as uow:
        assert uow.received.claim([incoming(other)], T0) == set()
        assert uow.received.fingerprints([other["event_id"]]) == {}
        # two events of one sequence in one claim: the first in the batch is stored
        twins = [
            incoming(
                ingest_support.sale(2) | {"event_id": f"b000000{n}-0000-4000-8000-000000000001"}
            )
            for n in (1, 2)
        ]
        assert uow.received.claim(twins, T0) == {twins[0].event_id}


def test_gaps_are_the_sequences_missing_below_the_highest(make: MakeHub) -> None:
    with make(ACME) as uow:
        assert uow.received.missing(TERMINAL, 10) == []
        uow.received.claim([sale(n) for n in (3, 4, 7, 10, 11)], T0)
        uow.received.claim([sale(1, terminal=OTHER_TERMINAL)], T0)
        uow.commit()
    with make(ACME) as uow:
        gaps = [SequenceGap(1, 2), SequenceGap(5, 6), SequenceGap(8, 9)]
        assert uow.received.missing(TERMINAL, 10) == gaps
        assert uow.received.missing(TERMINAL, 2) == gaps[:2]
        assert uow.received.missing(OTHER_TERMINAL, 10) == []
    with make(GLOBEX) as uow:
        assert uow.received.missing(TERMINAL, 10) == []


def test_counters_are_the_last_sequence_closure_and_receipt_received(make: MakeHub) -> None:
    events = [
        incoming(ingest_support.sale(4, receipt=9)),
        incoming(ingest_support.sale(2, receipt=12)),
        incoming(golden("closure.closed", 3, closure_number=1)),
        incoming(golden("cash.moved", 5)),
    ]
    with make(ACME) as uow:
        assert uow.received.counters(TERMINAL) == TerminalCounters(0, 0, None)
        uow.received.claim(events, T0)
        uow.ledger.record(events)
        uow.commit()
    with make(ACME) as uow:
        assert uow.received.counters(TERMINAL) == TerminalCounters(5, 1, (1, 12))
        assert uow.received.counters(OTHER_TERMINAL) == TerminalCounters(0, 0, None)
    with make(GLOBEX) as uow:
        assert uow.received.counters(TERMINAL) == TerminalCounters(0, 0, None)


def test_a_fact_is_recorded_once(make: MakeHub) -> None:
    with make(ACME) as uow:
        uow.ledger.record([sale(1)])
        uow.commit()
    with pytest.raises(StorageError), make(ACME) as uow:
        uow.ledger.record([sale(1)])


def test_stock_levels_add_up_the_movements_of_every_batch(make: MakeHub) -> None:
    with make(ACME) as uow:
        uow.ledger.ensure_warehouse("S001", WAREHOUSE, "MAIN")
        uow.ledger.move_stock([move("e1", 1, -1000), move("e1", 2, -750), move("e2", 1, -2000)])
        uow.commit()
    with make(ACME) as uow:
        uow.ledger.ensure_warehouse("S001", WAREHOUSE, "MAIN")  # known: nothing happens
        uow.ledger.move_stock([move("e3", 1, 500, "2026-03-14T10:00:00+01:00")])
        uow.commit()
    with make(ACME) as uow:
        levels = uow.reader.stock_levels(ALL, None, 10).items
        assert [(lvl["product_id"], lvl["quantity"], lvl["updated_at"]) for lvl in levels] == [
            ("P0001", "-2.500", "2026-03-14T09:00:00+00:00"),
            ("P0002", "-0.750", "2026-03-14T09:00:00+00:00"),
        ]
        assert len(uow.reader.stock_movements(ALL, None, 10).items) == 4
        assert uow.reader.warehouses("S001") == [
            {"id": WAREHOUSE, "store_id": "S001", "code": "MAIN"}
        ]
    with pytest.raises(StorageError), make(ACME) as uow:
        uow.ledger.move_stock([move("e1", 1, -1000)])  # that movement is stored
    with make(GLOBEX) as uow:
        assert uow.reader.stock_levels(ALL, None, 10).items == []
        assert uow.reader.warehouses("S001") == []


def test_daily_totals_add_up_by_store_date_and_currency(make: MakeHub) -> None:
    day = DayTotals("S001", "2026-03-14", "EUR", sales_count=2, sales_total=1000, vat=160)
    with make(ACME) as uow:
        uow.ledger.add_day_totals([day, DayTotals("S002", "2026-03-14", "EUR", cash_in=500)])
        uow.commit()
    with make(ACME) as uow:
        uow.ledger.add_day_totals(
            [DayTotals("S001", "2026-03-14", "EUR", sales_count=1, sales_total=250, closures=1)]
        )
        uow.commit()
    with make(ACME) as uow:
        days = uow.reader.daily_totals(ALL, None, 10).items
        assert [
            (d["store_id"], d["sales_count"], d["sales_total"], d["closures"]) for d in days
        ] == [
            ("S001", 3, {"minor": 1250, "currency": "EUR"}, 1),
            ("S002", 0, {"minor": 0, "currency": "EUR"}, 0),
        ]
        assert days[0]["vat"] == {"minor": 160, "currency": "EUR"}
        assert days[1]["cash_in"] == {"minor": 500, "currency": "EUR"}


def test_a_batch_left_without_commit_stores_nothing(make: MakeHub) -> None:
    events = [sale(1), incoming(golden("closure.closed", 2))]
    with make(ACME) as uow:
        uow.received.claim(events, T0)
        uow.ledger.record(events)
        uow.ledger.ensure_warehouse("S001", WAREHOUSE, "MAIN")
        uow.ledger.move_stock([move(events[0].event_id, 1, -1000)])
        uow.ledger.add_day_totals([DayTotals("S001", "2026-03-14", "EUR", sales_count=1)])
    with make(ACME) as uow:
        assert uow.received.fingerprints([e.event_id for e in events]) == {}
        assert uow.received.counters(TERMINAL) == TerminalCounters(0, 0, None)
        reader = uow.reader
        for what in (
            "sales",
            "closures",
            "cash_movements",
            "stock_levels",
            "stock_movements",
            "daily_totals",
        ):
            assert getattr(reader, what)(ALL, None, 10).items == [], what
        assert reader.warehouses("S001") == []
        assert reader.sale(events[0].event_id) is None
        assert uow.received.claim(events, T0) == {e.event_id for e in events}


def test_a_levels_time_is_its_latest_movements_whatever_the_order_or_offset(make: MakeHub) -> None:
    with make(ACME) as uow:  # 09:30 UTC is later than 10:00+01:00, though its text sorts first
        uow.ledger.move_stock(
            [
                move("e1", 1, -1000, "2026-03-14T09:30:00+00:00"),
                move("e2", 1, -1000, "2026-03-14T10:00:00+01:00"),
            ]
        )
        uow.commit()
    with make(ACME) as uow:  # a late batch of an earlier sale: the level's time stays
        uow.ledger.move_stock([move("e0", 1, -1000, "2026-03-14T07:00:00+00:00")])
        uow.commit()
    with make(ACME) as uow:
        (level,) = uow.reader.stock_levels(ALL, None, 10).items
    assert (level["quantity"], level["updated_at"]) == ("-3", "2026-03-14T09:30:00+00:00")
