"""X and Z reports: running totals, closing the period, numbering across periods."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from adapters.memory.devices import MemoryPrinter
from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from saleflex_core import demo as _demo
from saleflex_core.contract import closure_payload
from saleflex_core.domain.closure import Closure, ClosureState, VatTotal
from saleflex_core.domain.events import CLOSURE_CLOSED, EventSource, event_id_for
from saleflex_core.domain.money import Money
from saleflex_core.domain.receipt import text_of
from saleflex_core.exceptions import PermissionDenied, StateError, ValidationError
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases import selling
from saleflex_core.use_cases.results import Report
from tests.conftest import APPLES_PLU, BAGUETTE, COLA, CROISSANT_PLU, SUPERVISOR, TERMINAL, WINE


def fact(event_type: str, subject: str) -> str:
    """The event id of a demo-store fact."""
    demo_t01 = EventSource(_demo.COMPANY_ID, _demo.STORE_ID, _demo.TERMINAL_ID)
    return event_id_for(demo_t01, event_type, subject)


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def stored(uow: MemoryUnitOfWork, number: int) -> Closure:
    with uow:
        return uow.closures.get(TERMINAL, number)


def current(uow: MemoryUnitOfWork) -> Closure:
    with uow:
        closure = uow.closures.current(TERMINAL)
    assert closure is not None
    return closure


def tables(uow: MemoryUnitOfWork) -> Any:
    return copy.deepcopy(uow.database.tables)


def report_text(report: Report) -> str:
    return text_of(report.layout, 42)


def sell_cola_for_cash(register: Register) -> None:
    register.scan(COLA)
    register.tender("CASH")
    register.complete()


# --- X ------------------------------------------------------------------------------------


def test_x_report_shows_running_totals_and_changes_nothing(
    register: Register, uow: MemoryUnitOfWork, devices: Devices
) -> None:
    assert isinstance(devices.printer, MemoryPrinter)
    sell_cola_for_cash(register)
    register.cash_in("100", "float")
    before = tables(uow)
    jobs = len(devices.printer.jobs)
    report = register.x_report()
    assert tables(uow) == before
    assert report.closure.state is ClosureState.OPEN
    assert report.closure.number == 1
    assert report.closure.totals.sales_total == eur(119)
    assert report.closure.expected_cash == eur(10119)
    text = report_text(report)
    assert "X REPORT  #0001" in text
    assert "SALES (1)" in text
    assert "1.19" in text
    assert "CASH COUNTED" not in text
    assert len(devices.printer.jobs) == jobs + 1
    # The next sale still belongs to the same period.
    register.scan(COLA)
    register.tender("CASH")
    assert register.complete().receipt_number == 2
    assert register.x_report().closure.totals.sales_total == eur(238)


def test_x_report_needs_a_signed_in_cashier(register: Register) -> None:
    register.sign_out()
    with pytest.raises(PermissionDenied):
        register.x_report()


# --- who may Z, and when ------------------------------------------------------------------


def test_a_cashier_alone_cannot_close(register: Register, uow: MemoryUnitOfWork) -> None:
    sell_cola_for_cash(register)
    before = tables(uow)
    with pytest.raises(PermissionDenied):
        register.close_period("1.19")
    assert tables(uow) == before
    assert current(uow).number == 1


def test_z_with_supervisor_override(register: Register, uow: MemoryUnitOfWork) -> None:
    sell_cola_for_cash(register)
    report = register.close_period("1.19", override=SUPERVISOR)
    assert report.closure.state is ClosureState.CLOSED
    assert report.closure.closed_by == "2"
    assert stored(uow, 1).state is ClosureState.CLOSED
    assert stored(uow, 1).closed_by == "2"
    assert current(uow).number == 2
    assert "Z REPORT  #0001" in report_text(report)


@pytest.mark.parametrize(("who", "pin"), [("2", "9999"), ("3", "4321")])
def test_z_by_a_supervisor_signed_in(
    register: Register, uow: MemoryUnitOfWork, who: str, pin: str
) -> None:
    register.sign_in(who, pin)
    report = register.close_period("0")
    assert report.closure.closed_by == who
    assert stored(uow, 1).state is ClosureState.CLOSED


def test_z_is_refused_while_a_sale_with_lines_is_open(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    register.scan(COLA)
    register.void_line(1)  # a voided line is still a line: the sale must be finished
    before = tables(uow)
    with pytest.raises(StateError):
        register.close_period("0", override=SUPERVISOR)
    assert tables(uow) == before
    assert current(uow).number == 1


def test_an_empty_open_sale_does_not_block_the_z(
    register: Register, uow: MemoryUnitOfWork, clock: SteppingClock, ids: SequentialIds
) -> None:
    assert register.cashier is not None
    selling.start_sale(uow, ref=register.ref, clock=clock, ids=ids, cashier=register.cashier)
    register.close_period("0", override=SUPERVISOR)
    assert stored(uow, 1).state is ClosureState.CLOSED


def test_z_is_refused_with_suspended_sales(register: Register, uow: MemoryUnitOfWork) -> None:
    register.scan(COLA)
    register.suspend()
    before = tables(uow)
    with pytest.raises(StateError, match="suspended"):
        register.close_period("0", override=SUPERVISOR)
    assert tables(uow) == before
    (parked,) = register.suspended()
    register.resume(parked.document_id)
    register.cancel()
    assert register.close_period("0", override=SUPERVISOR).closure.totals.cancelled_count == 1


@pytest.mark.parametrize("counted", ["-1", "abc", Money(100, "USD")])
def test_z_refuses_bad_counted_cash(
    register: Register, uow: MemoryUnitOfWork, counted: str | Money
) -> None:
    before = tables(uow)
    with pytest.raises(ValidationError):
        register.close_period(counted, override=SUPERVISOR)
    assert tables(uow) == before


# --- Z totals -----------------------------------------------------------------------------


@pytest.fixture
def busy_day(register: Register) -> Register:
    """A period worked out by hand (EUR cents):

    cash in 10000, cash out 2000.
    #1 Alice: 2 baguettes 258 -10 % (26) = 232 (B, BAK); cola 119 (A, DRI); croissant voided.
       Total 351, CASH 500, change 149.
    #2 Sam: wine 899 (A, DRI) + 1.5 kg apples 374 (C, PRO) = 1273, sale discount 100 spread
       71/29: 828 + 345 = 1173. CARD 500, VOUCHER 1000 → 673 applied, change 327.
    #3 Alice: croissant, cancelled (119).
    """
    register.cash_in("100", "float")
    register.cash_out("20", "pickup")
    register.scan(BAGUETTE, "2")
    register.discount_line(1, percent="10")
    register.scan(COLA)
    register.scan(CROISSANT_PLU)
    register.void_line(3)
    register.tender("CASH", "5")
    register.complete()
    register.sign_in("2", "9999")
    register.scan(WINE)
    register.scan(APPLES_PLU, "1.5")
    register.discount_sale(amount="1")
    register.tender("CARD", "5")
    register.tender("VOUCHER", "10")
    register.complete()
    register.sign_in("1", "1234")
    register.scan(CROISSANT_PLU)
    register.cancel()
    return register


def test_z_totals(busy_day: Register) -> None:
    closure = busy_day.close_period("80.24", override=SUPERVISOR).closure
    t = closure.totals
    assert t.sales_count == 2
    assert t.sales_total == eur(1524)
    assert t.cancelled_count == 1
    assert t.cancelled_total == eur(119)
    assert t.voided_lines == 1
    assert t.discount_count == 2
    assert t.discounts == eur(126)
    assert t.surcharges == eur(0)
    assert t.by_payment == {"CASH": eur(351), "CARD": eur(500), "VOUCHER": eur(673)}
    assert t.by_vat == {
        "A": VatTotal(eur(947), eur(158)),
        "B": VatTotal(eur(232), eur(21)),
        "C": VatTotal(eur(345), eur(0)),
    }
    assert t.by_department == {"BAK": eur(232), "DRI": eur(947), "PRO": eur(345)}
    assert t.by_cashier == {"1": eur(351), "2": eur(1173)}
    assert t.cash_in == eur(10000)
    assert t.cash_out == eur(2000)
    assert t.cash_tendered == eur(500)
    assert t.change_given == eur(476)
    assert closure.expected_cash == eur(8024)
    assert closure.counted_cash == eur(8024)
    assert closure.difference == eur(0)
    assert closure.receipt_range == (1, 3)
    assert closure.grand_total == eur(1524)


def test_z_report_prints_the_totals(busy_day: Register, devices: Devices) -> None:
    assert isinstance(devices.printer, MemoryPrinter)
    busy_day.close_period("80", override=SUPERVISOR)
    text = devices.printer.last_text
    for expected in (
        "Z REPORT  #0001",
        "SALES (2)",
        "15.24",
        "CANCELLED (1)",
        "DISCOUNTS (2)",
        "CASH EXPECTED",
        "80.24",
        "CASH COUNTED",
        "DIFFERENCE",
        "-0.24",
        "RECEIPTS",
        "1-3",
        "Closed ",
    ):
        assert expected in text


@pytest.mark.parametrize(("counted", "difference"), [("80", -24), ("81", 76), ("80.24", 0)])
def test_counted_cash_and_difference(busy_day: Register, counted: str, difference: int) -> None:
    closure = busy_day.close_period(counted, override=SUPERVISOR).closure
    assert closure.counted_cash == Money.parse(counted, busy_day.ref.store.currency)
    assert closure.difference == eur(difference)


def test_change_is_not_takings(register: Register, uow: MemoryUnitOfWork) -> None:
    register.scan(COLA)
    register.tender("CASH", "10")  # 1.19 due: 8.81 back
    register.complete()
    t = register.close_period("1.19", override=SUPERVISOR).closure.totals
    assert t.sales_total == eur(119)
    assert t.by_payment == {"CASH": eur(119)}
    assert t.cash_tendered == eur(1000)
    assert t.change_given == eur(881)
    assert t.net_cash == eur(119)


def test_closed_totals_are_stored_and_queued(busy_day: Register, uow: MemoryUnitOfWork) -> None:
    report = busy_day.close_period("80", override=SUPERVISOR)
    closed = stored(uow, 1)
    assert closed == report.closure
    with uow:
        event = uow.outbox.get(fact(CLOSURE_CLOSED, f"{TERMINAL}/1"))
    assert event.event_type == CLOSURE_CLOSED
    assert event.payload == closure_payload(closed)


def test_the_closure_totals_match_its_documents(busy_day: Register, uow: MemoryUnitOfWork) -> None:
    busy_day.close_period("80", override=SUPERVISOR)
    with uow:
        documents = uow.documents.for_closure(TERMINAL, 1)
    assert [d.receipt_number for d in documents] == [1, 2, 3]
    assert all(d.closure_number == 1 for d in documents)
    completed = [d for d in documents if d.state.value == "completed"]
    assert sum(d.totals().total.minor for d in completed) == stored(uow, 1).totals.sales_total.minor


# --- the next period ------------------------------------------------------------------------


def test_after_z_numbering_restarts_in_closure_2(register: Register, uow: MemoryUnitOfWork) -> None:
    sell_cola_for_cash(register)
    sell_cola_for_cash(register)
    register.close_period("2.38", override=SUPERVISOR)
    opened = current(uow)
    assert opened.number == 2
    assert opened.state is ClosureState.OPEN
    assert opened.totals.sales_total == eur(0)
    assert opened.opening_float == eur(238)  # the counted cash stayed in the drawer
    assert opened.expected_cash == eur(238)
    register.scan(WINE)
    register.tender("CARD")
    done = register.complete()
    assert (done.closure_number, done.receipt_number) == (2, 1)
    assert "-0002-000001" in done.unique_id
    with uow:
        assert [d.id for d in uow.documents.for_closure(TERMINAL, 2)] == [done.sale.document_id]


def test_grand_total_is_perpetual(register: Register, uow: MemoryUnitOfWork) -> None:
    sell_cola_for_cash(register)
    first = register.close_period("1.19", override=SUPERVISOR).closure
    assert first.grand_total == eur(119)
    assert current(uow).grand_total_at_open == eur(119)
    register.scan(WINE)
    register.tender("CARD")
    register.complete()
    assert register.x_report().closure.grand_total == eur(1018)
    second = register.close_period("0", override=SUPERVISOR).closure
    assert second.totals.sales_total == eur(899)
    assert second.grand_total == eur(1018)
    third = register.close_period("0", override=SUPERVISOR).closure
    assert third.grand_total == eur(1018)
    assert third.totals.sales_total == eur(0)


def test_cancelled_sales_do_not_count_in_the_grand_total(register: Register) -> None:
    register.scan(WINE)
    register.cancel()
    closure = register.close_period("0", override=SUPERVISOR).closure
    assert closure.grand_total == eur(0)
    assert closure.totals.cancelled_total == eur(899)
    assert closure.receipt_range == (1, 1)


def test_closing_twice_without_sales(register: Register, uow: MemoryUnitOfWork) -> None:
    first = register.close_period("0", override=SUPERVISOR)
    second = register.close_period("0", override=SUPERVISOR)
    assert (first.closure.number, second.closure.number) == (1, 2)
    assert second.closure.receipt_range is None
    assert second.closure.totals.sales_count == 0
    assert second.closure.expected_cash == eur(0)
    assert "RECEIPTS" in report_text(second) and "none" in report_text(second)
    assert stored(uow, 2).state is ClosureState.CLOSED
    assert current(uow).number == 3
    with uow:
        assert uow.outbox.get(fact(CLOSURE_CLOSED, f"{TERMINAL}/2")).payload["closure_number"] == 2
    sell_cola_for_cash(register)
    with uow:
        last = uow.documents.last_for(TERMINAL)
    assert last is not None
    assert (last.closure_number, last.receipt_number) == (3, 1)


def test_cash_in_after_z_belongs_to_the_new_period(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    register.cash_in("100", "float")
    register.close_period("100", override=SUPERVISOR)
    moved = register.cash_in("50", "float").movement
    assert moved.closure_number == 2
    assert current(uow).totals.cash_in == eur(5000)
    assert stored(uow, 1).totals.cash_in == eur(10000)
    with uow:
        assert [m.amount for m in uow.cash.for_closure(TERMINAL, 1)] == [eur(10000)]
        assert [m.amount for m in uow.cash.for_closure(TERMINAL, 2)] == [eur(5000)]


def test_a_fresh_register_picks_up_the_open_period(
    register: Register, uow: MemoryUnitOfWork, clock: SteppingClock, ids: SequentialIds
) -> None:
    register.close_period("0", override=SUPERVISOR)
    again = Register(uow, terminal_id=TERMINAL, clock=clock, ids=ids)
    again.sign_in("2", "9999")
    report = again.x_report()
    assert report.closure.number == 2
    assert report.closure.state is ClosureState.OPEN
