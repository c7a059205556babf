"""Offline continuity: a register sells a whole day with GATE down, and once GATE is back
its outbox drains and HQ's books hold that day exactly as the till kept it.

GATE (gunicorn on PostgreSQL) is stopped; an enrolled register on its SQLite file
completes 500 sales, moves cash in and out and takes its Z while every push is refused
(it backs off, the sales never wait). GATE is started again on the same port; the outbox
drains; GATE holds each event once, each sale with the totals the till computed, the Z as
the till closed it, and its daily summary for the store matches the Z.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from adapters.http import HttpUpstream
from saleflex_core.domain.money import Money
from saleflex_core.domain.totals import Totals
from saleflex_core.use_cases.results import Report
from tests.support.gate_shop import GateService, read_all
from tests.support.sync_books import assert_exactly_once, gate_received, gate_sales, till_books
from tests.support.till_driver import Till, enrol_till
from tests.sync.gate_process import SyncGate

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SALES = 500
MOVE_EVERY = 50  # a cash movement after every 50 sales, in and out by turns
PUSH_EVERY = 20  # the sync worker's attempts while GATE is down
STORE = "S3"  # this test's own store: its daily totals are this till's alone


def test_a_day_sold_offline_reaches_gate_once_with_identical_totals_and_daily_summary(
    gate: GateService, shop: SyncGate, till_dir: Path
) -> None:
    _, code = shop.new_terminal("O1", STORE)
    enrolled = enrol_till(till_dir / "till", gate.url, code)
    till = Till(enrolled.db, enrolled.company_id, enrolled.terminal_id, seed=5)
    upstream = HttpUpstream(gate.url, enrolled.api_key)
    gate.stop()
    try:
        totals, moves, z = _offline_day(till, upstream)
        status = till.register.sync_status()
        assert status.depth == SALES + len(moves) + 1  # every sale, movement and the Z waits
        assert status.last_error is not None and status.last_success_at is None
    finally:
        gate.start()
    till.drain(upstream, limit=100)
    till.close()

    books = till_books(enrolled.db, enrolled.terminal_id)
    sales = gate_sales(gate.url, shop.creds.integrator_token, enrolled.terminal_id)
    assert_exactly_once(books, gate_received(gate.database_url, enrolled.terminal_id), sales)
    assert {sale["document_id"]: _wire(sale) for sale in sales} == {
        doc: _as_sent(figures) for doc, figures in totals.items()
    }
    _assert_cash_and_z_at_gate(gate, shop, enrolled.terminal_id, moves, z)
    _assert_daily_summary(gate, shop, z)


def _offline_day(till: Till, upstream: HttpUpstream) -> tuple[dict[str, Totals], list[int], Report]:
    """500 sales, cash moved in (+) and out (-) by turns, the Z; pushes refused meanwhile."""
    totals: dict[str, Totals] = {}
    moves: list[int] = []
    for n in range(1, SALES + 1):
        done = till.sell()
        totals[done.sale.document_id] = done.sale.totals
        if n % MOVE_EVERY == 0:
            moves.append(_move_cash(till, len(moves)))
        if n % PUSH_EVERY == 0:
            assert till.push(upstream, 100).sent == 0
    drawer = till.register.x_report().closure.expected_cash
    z = till.register.close_period(drawer, float_left=Money(10_000, drawer.currency))
    return totals, moves, z


def _move_cash(till: Till, index: int) -> int:
    if index % 2 == 0:
        till.register.cash_in("25.00", "change from the bank")
        return 2500
    till.register.cash_out("40.00", "cash to the safe")
    return -4000


def _wire(sale: dict[str, Any]) -> dict[str, Any]:
    figures = {name: money["minor"] for name, money in sale["totals"].items()}
    vat = sorted(
        (share["code"], share["gross"]["minor"], share["vat"]["minor"]) for share in sale["vat"]
    )
    return figures | {"vat": vat}


def _as_sent(totals: Totals) -> dict[str, Any]:
    """The till's own totals of a sale, in the read API's shape."""
    names = ("subtotal", "discounts", "surcharges", "total", "tendered", "change", "paid")
    figures: dict[str, Any] = {name: getattr(totals, name).minor for name in names}
    vat = sorted((share.code, share.gross.minor, share.vat.minor) for share in totals.vat)
    return figures | {"vat": vat}


def _assert_cash_and_z_at_gate(
    gate: GateService, shop: SyncGate, terminal_id: str, moves: list[int], z: Report
) -> None:
    token = shop.creds.integrator_token
    held = read_all(gate.url, token, "cash-movements", terminal_id=terminal_id)
    signed = [m["amount"]["minor"] * (1 if m["kind"] == "in" else -1) for m in held]
    assert sorted(signed) == sorted(moves)
    (closure,) = read_all(gate.url, token, "closures", terminal_id=terminal_id)
    kept = z.closure
    assert closure["closure_number"] == kept.number
    assert closure["z"]["sales"]["count"] == kept.totals.sales_count == SALES
    assert closure["z"]["sales"]["total"]["minor"] == kept.totals.sales_total.minor
    assert closure["z"]["cash"]["counted"]["minor"] == kept.counted_cash.minor  # type: ignore[union-attr]


def _assert_daily_summary(gate: GateService, shop: SyncGate, z: Report) -> None:
    """GATE's daily totals of the store (over the day or two the test spans) are the Z's."""
    days = read_all(gate.url, shop.creds.integrator_token, "daily-totals", store_id=STORE)
    summed = {
        name: sum(day[name] if isinstance(day[name], int) else day[name]["minor"] for day in days)
        for name in ("sales_count", "sales_total", "vat", "cash_in", "cash_out", "closures",
                     "cancelled_count", "discounts", "surcharges")
    }  # fmt: skip
    kept = z.closure.totals
    assert summed == {
        "sales_count": kept.sales_count,
        "sales_total": kept.sales_total.minor,
        "vat": sum(share.vat.minor for share in kept.by_vat.values()),
        "cash_in": kept.cash_in.minor,
        "cash_out": kept.cash_out.minor,
        "closures": 1,
        "cancelled_count": 0,
        "discounts": kept.discounts.minor,
        "surcharges": kept.surcharges.minor,
    }
