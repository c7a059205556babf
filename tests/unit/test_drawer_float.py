"""The drawer's float carries over a Z, and the printed Z adds up by hand."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from adapters.memory.devices import MemoryPrinter
from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.money import Money
from saleflex_core.domain.receipt import text_of
from saleflex_core.exceptions import StateError, ValidationError
from saleflex_core.register import Devices, Register
from saleflex_core.storage import from_storage, to_storage
from tests.conftest import COLA, SUPERVISOR, TERMINAL, WINE


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def current(uow: MemoryUnitOfWork) -> Closure:
    with uow:
        closure = uow.closures.current(TERMINAL)
    assert closure is not None
    return closure


def figures(text: str) -> dict[str, Decimal]:
    """``LABEL  12.34`` lines of a printed report, by label."""
    found = {}
    for row in text.splitlines():
        label, _, amount = row.rstrip().rpartition(" ")
        try:
            found[label.strip()] = Decimal(amount)
        except ArithmeticError:
            continue
    return found


def test_the_counted_cash_stays_in_the_drawer_for_the_next_period(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    register.cash_in("100", "float")
    first = register.close_period("100", override=SUPERVISOR).closure
    assert (first.float_left, first.taken_out) == (eur(10000), eur(0))
    opened = current(uow)
    assert opened.opening_float == eur(10000)
    assert opened.expected_cash == eur(10000)
    assert register.cash_out("50", "pickup").expected_cash == eur(5000)
    second = register.close_period("50", override=SUPERVISOR).closure
    assert second.difference == eur(0)


def test_the_cashier_says_how_much_float_stays(register: Register, uow: MemoryUnitOfWork) -> None:
    register.cash_in("100", "float")
    register.scan(WINE)
    register.tender("CASH", "10")  # 1.01 change
    register.complete()
    closed = register.close_period("108.99", override=SUPERVISOR, float_left="50").closure
    assert closed.difference == eur(0)
    assert (closed.float_left, closed.taken_out) == (eur(5000), eur(5899))
    assert current(uow).opening_float == eur(5000)
    with pytest.raises(StateError):  # the takings went to the safe
        register.cash_out("50.01", "pickup", override=SUPERVISOR)


@pytest.mark.parametrize("left", ["-0.01", "100.01", Money(100, "USD"), "abc"])
def test_a_float_left_outside_the_count_is_refused(
    register: Register, uow: MemoryUnitOfWork, left: str | Money
) -> None:
    register.cash_in("100", "float")
    before = copy.deepcopy(uow.database.tables)
    with pytest.raises(ValidationError):
        register.close_period("100", override=SUPERVISOR, float_left=left)
    assert uow.database.tables == before


def test_all_of_the_count_may_go_or_stay(register: Register, uow: MemoryUnitOfWork) -> None:
    register.cash_in("20", "float")
    emptied = register.close_period("20", override=SUPERVISOR, float_left="0").closure
    assert emptied.taken_out == eur(2000)
    assert current(uow).opening_float == eur(0)
    nothing = register.close_period("0", override=SUPERVISOR).closure
    assert (nothing.float_left, nothing.taken_out) == (eur(0), eur(0))


def test_the_printed_z_adds_up_by_hand(register: Register, devices: Devices) -> None:
    assert isinstance(devices.printer, MemoryPrinter)
    register.cash_in("150", "float")
    register.close_period("150", override=SUPERVISOR, float_left="120")  # 30 to the safe
    register.scan(WINE)
    register.tender("CASH", "20")  # 11.01 change
    register.complete()
    register.scan(COLA)
    register.tender("CARD")
    register.complete()
    register.cash_in("10", "coins")
    register.cash_out("25", "paid out: window cleaner")
    register.close_period("113.50", override=SUPERVISOR, float_left="100")
    z = figures(devices.printer.last_text)
    assert z["OPENING FLOAT"] == Decimal("120.00")
    summed = (
        z["OPENING FLOAT"] + z["CASH TENDERED"] + z["CHANGE GIVEN"] + z["CASH IN"] + z["CASH OUT"]
    )
    assert z["CHANGE GIVEN"] < 0 and z["CASH OUT"] < 0  # printed as what leaves the drawer
    assert summed == z["CASH EXPECTED"] == Decimal("113.99")
    assert z["CASH COUNTED"] - z["CASH EXPECTED"] == z["DIFFERENCE"] == Decimal("-0.49")
    assert z["FLOAT LEFT"] + z["TAKEN OUT"] == z["CASH COUNTED"]
    assert z["TAKEN OUT"] == Decimal("13.50")


@pytest.mark.parametrize("width", [32, 42, 48])
def test_the_x_report_shows_the_float_it_started_with(register: Register, width: int) -> None:
    register.cash_in("100", "float")
    register.close_period("100", override=SUPERVISOR, float_left="75")
    register.width = width
    report = register.x_report()
    x = figures(text_of(report.layout, width))
    assert x["OPENING FLOAT"] == x["CASH EXPECTED"] == Decimal("75.00")
    assert "FLOAT LEFT" not in x and "TAKEN OUT" not in x
    assert all(line.columns <= width for line in report.layout)


def test_a_closure_sent_before_floats_were_kept_reads_with_none(register: Register) -> None:
    sent = to_storage(register.close_period("0", override=SUPERVISOR).closure)
    del sent["opening_float"], sent["float_left"]  # a closure.closed event queued before
    back = from_storage(sent, Closure)
    assert back.opening_float == eur(0) and back.float_left is None
