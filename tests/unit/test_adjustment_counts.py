"""The Z counts discounts and surcharges each on their own; a 0.00 adjustment counts nowhere."""

from __future__ import annotations

from adapters.memory.devices import MemoryPrinter
from saleflex_core.domain.money import Money
from saleflex_core.register import Devices, Register
from tests.conftest import BAGUETTE, COLA, SUPERVISOR, WINE


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def sell(register: Register) -> None:
    register.tender("CARD")
    register.complete()


def test_discounts_and_surcharges_are_counted_apart(register: Register, devices: Devices) -> None:
    assert isinstance(devices.printer, MemoryPrinter)
    register.scan(BAGUETTE)
    register.discount_line(1, amount="0.29")  # a discount of 0.29
    register.scan(COLA)
    register.surcharge_line(2, percent="10")  # a surcharge of 0.12
    register.surcharge_sale(amount="0.50")  # a surcharge of 0.50
    sell(register)
    register.scan(WINE)
    register.discount_sale(percent="10")  # a discount of 0.90
    sell(register)
    t = register.close_period("0", override=SUPERVISOR).closure.totals
    assert (t.discount_count, t.discounts) == (2, eur(119))
    assert (t.surcharge_count, t.surcharges) == (2, eur(62))
    z = devices.printer.last_text
    assert "DISCOUNTS (2)" in z and "SURCHARGES (2)" in z


def test_an_adjustment_that_comes_to_nothing_is_not_counted(register: Register) -> None:
    register.scan(COLA)
    register.discount_line(1, percent="0.1")  # 0.1 % of 1.19 rounds to 0.00
    register.scan(WINE)
    register.surcharge_line(2, percent="0.05")  # 0.05 % of 8.99 rounds to 0.00
    sell(register)
    t = register.close_period("0", override=SUPERVISOR).closure.totals
    assert (t.discount_count, t.surcharge_count) == (0, 0)
    assert (t.discounts, t.surcharges) == (eur(0), eur(0))


def test_adjustments_of_voided_and_cancelled_lines_do_not_count(register: Register) -> None:
    register.scan(COLA)
    register.discount_line(1, percent="50")
    register.void_line(1)
    register.scan(WINE)
    sell(register)
    register.scan(BAGUETTE)
    register.surcharge_line(1, amount="1")
    register.cancel()
    t = register.close_period("0", override=SUPERVISOR).closure.totals
    assert (t.discount_count, t.surcharge_count) == (0, 0)
