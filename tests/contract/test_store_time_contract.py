"""Store time through the register, on every storage adapter.

The machine's clock answers UTC; the store has its IANA zone. Stored instants come back
aware UTC, business dates are the store's local dates, receipts and reports print the
store's local times, across DST changes. A clock that jumps back renumbers and reorders
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from attrs import evolve

from adapters.memory import MemoryPrinter, SequentialIds, SteppingClock
from saleflex_core import Devices, Register, demo
from saleflex_core.domain.receipt import text_of
from saleflex_core.ports import UnitOfWork
from tests.conftest import BAGUETTE, COLA, SUPERVISOR, WINE, demo_data

Factory = Callable[[], UnitOfWork]


def at(text: str) -> datetime:
    """``"2026-10-25 00:30"`` read as a UTC instant."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def open_register(
    make_uow: Factory, zone: str, clock: SteppingClock, printer: MemoryPrinter | None = None
) -> Register:
    """The demo store moved to ``zone``, its register open on a clock that answers UTC."""
    data = demo_data()
    demo.install(make_uow(), evolve(data, store=evolve(data.store, timezone=zone)))
    register = Register(
        make_uow(),
        terminal_id=demo.TERMINAL_ID,
        clock=clock,
        ids=SequentialIds("doc"),
        devices=Devices(printer=printer or MemoryPrinter()),
    )
    register.sign_in("2", "9999")
    return register


def sell(register: Register, clock: SteppingClock, instant: datetime, code: str = COLA) -> str:
    """One cash sale completed at ``instant``: its printed receipt."""
    register.scan(code)
    register.tender("CASH")
    clock.current = instant  # the completion reads the clock next
    register.complete()
    return text_of(register.last_receipt(), 42)


def test_a_fall_back_night_in_berlin(make_uow: Factory) -> None:
    # 25 Oct 2026: 03:00 CEST becomes 02:00 CET at 01:00 UTC; 02:30 happens twice.
    clock = SteppingClock(at("2026-10-24 21:00"), step=timedelta(0))
    register = open_register(make_uow, "Europe/Berlin", clock)
    first = sell(register, clock, at("2026-10-25 00:30"))  # 02:30 CEST
    second = sell(register, clock, at("2026-10-25 01:30"))  # 02:30 CET, an hour later

    assert "2026-10-25 02:30" in first and "2026-10-25 02:30" in second
    assert "No 20261025-0001-000001" in first and "No 20261025-0001-000002" in second
    with make_uow() as uow:
        kept = uow.documents.for_closure(demo.TERMINAL_ID, 1)
    assert [d.ended_at for d in kept] == [at("2026-10-25 00:30"), at("2026-10-25 01:30")]
    assert all(d.ended_at is not None and d.ended_at.tzinfo is UTC for d in kept)
    assert [d.business_date for d in kept] == [date(2026, 10, 25)] * 2


def test_a_spring_forward_night_in_berlin(make_uow: Factory) -> None:
    # 29 Mar 2026: 02:00 CET becomes 03:00 CEST at 01:00 UTC; no clock shows 02:30.
    clock = SteppingClock(at("2026-03-28 21:00"), step=timedelta(0))
    register = open_register(make_uow, "Europe/Berlin", clock)
    before = sell(register, clock, at("2026-03-29 00:59"))
    after = sell(register, clock, at("2026-03-29 01:30"))  # the hour that does not exist

    assert "2026-03-29 01:59" in before
    assert "2026-03-29 03:30" in after and "02:30" not in after
    with make_uow() as uow:
        last = uow.documents.last_for(demo.TERMINAL_ID)
    assert last is not None and last.unique_id == "20260329-0001-000002"
    assert last.business_date == date(2026, 3, 29)


def test_new_york_dates_an_evening_sale_by_its_local_day(make_uow: Factory) -> None:
    # 1 Nov 2026: 01:30 comes twice in New York (EDT, then EST); 23:30 the evening before
    # is already 1 November in UTC.
    clock = SteppingClock(at("2026-10-31 12:00"), step=timedelta(0))
    register = open_register(make_uow, "America/New_York", clock)
    evening = sell(register, clock, at("2026-11-01 03:30"))
    repeated = [sell(register, clock, at(f"2026-11-01 {hour}:30")) for hour in ("05", "06")]

    assert "2026-10-31 23:30" in evening and "No 20261031-0001-000001" in evening
    assert all("2026-11-01 01:30" in receipt for receipt in repeated)
    assert "No 20261101-0001-000003" in repeated[1]
    with make_uow() as uow:
        kept = uow.documents.for_closure(demo.TERMINAL_ID, 1)
    assert [d.business_date for d in kept] == [date(2026, 10, 31), *[date(2026, 11, 1)] * 2]


def test_a_utc_machine_in_an_istanbul_store_prints_istanbul_time(make_uow: Factory) -> None:
    clock = SteppingClock(at("2026-01-05 20:00"), step=timedelta(0))  # 23:00 in Istanbul
    printer = MemoryPrinter()
    register = open_register(make_uow, "Europe/Istanbul", clock, printer)
    clock.current = at("2026-01-05 20:45")
    register.cash_in("50.00", "float")
    cash_slip = printer.last_text
    receipt = sell(register, clock, at("2026-01-05 22:30"))  # 01:30 on the 6th
    clock.current = at("2026-01-05 23:10")
    z = text_of(register.close_period("51.19", override=SUPERVISOR).layout, 42)

    assert "2026-01-05 23:45" in cash_slip
    assert "2026-01-06 01:30" in receipt and "No 20260106-0001-000001" in receipt
    assert "opened 2026-01-05 23:00" in z and "Closed 2026-01-06 02:10" in z
    with make_uow() as uow:
        movement = uow.cash.for_closure(demo.TERMINAL_ID, 1)[0]
        closed = uow.closures.get(demo.TERMINAL_ID, 1)
    assert movement.at == at("2026-01-05 20:45") and movement.business_date == date(2026, 1, 5)
    assert closed.closed_at == at("2026-01-05 23:10") and closed.business_date == date(2026, 1, 6)
    assert closed.opened_at == at("2026-01-05 20:00")


@pytest.mark.parametrize("jump", [timedelta(hours=-2), timedelta(days=-1, hours=-3)])
def test_a_clock_that_jumps_back_reorders_nothing(make_uow: Factory, jump: timedelta) -> None:
    clock = SteppingClock(at("2026-01-05 09:00"), step=timedelta(seconds=30))
    register = open_register(make_uow, "Europe/Berlin", clock)
    register.scan(BAGUETTE)
    register.tender("CASH")
    register.complete()
    register.scan(WINE)
    register.tender("CARD")
    register.complete()
    before = register.x_report().closure.totals
    clock.current = clock.current + jump  # NTP corrects a clock that ran ahead
    register.scan(COLA)
    register.tender("CASH", "5.00")
    third = register.complete()

    with make_uow() as uow:
        kept = uow.documents.for_closure(demo.TERMINAL_ID, 1)
        last = uow.documents.last_for(demo.TERMINAL_ID)
    assert [d.receipt_number for d in kept] == [1, 2, 3]
    assert [line.name for d in kept for line in d.lines] == [
        "Baguette",
        "Red wine 75cl",
        "Cola 330ml",
    ]
    assert last is not None and last.id == third.sale.document_id
    assert kept[2].ended_at is not None and kept[1].ended_at is not None
    assert kept[2].ended_at < kept[1].ended_at  # the clock says so; the numbers do not care
    totals = register.x_report().closure.totals
    assert totals.sales_count == before.sales_count + 1 == 3
    assert totals.sales_total == before.sales_total + third.sale.totals.total
    assert register.x_report().closure.receipt_range == (1, 3)
