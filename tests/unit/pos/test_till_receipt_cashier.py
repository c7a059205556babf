"""The receipt names the cashier who completed the sale, whoever opened it."""

from __future__ import annotations

from adapters.memory.devices import MemoryPrinter
from adapters.memory.storage import MemoryUnitOfWork
from apps.pos_desktop.presenters import Screen, Till
from tests.conftest import BAGUETTE, TERMINAL, WINE

from .keys import scan


def _take_over_parked_sale(till: Till, cashier: str, pin: str) -> None:
    """Cashier 1 parks a sale and signs out; ``cashier`` signs in and resumes it."""
    scan(till, WINE)
    till.press_key("F8")
    till.press_key("F12")
    till.pin_pad.sign_in(cashier, pin)
    till.press_key("F8")
    till.press_key("F1")  # resume the one parked sale
    assert till.screen is Screen.SALE and till.register.sale is not None


def test_a_parked_sale_taken_over_prints_the_cashier_who_completed_it(
    till: Till, printer: MemoryPrinter, uow: MemoryUnitOfWork
) -> None:
    _take_over_parked_sale(till, "2", "9999")
    scan(till, BAGUETTE)
    till.payment.tender("CASH", "20")

    receipt = printer.last_text
    assert "C:2" in receipt and "C:1" not in receipt
    with uow:
        document = uow.documents.last_for(TERMINAL)
    assert document is not None
    assert (document.cashier_id, document.ended_by) == ("1", "2")  # who opened it is kept
    till.reports.preview_last()
    assert till.preview is not None and "C:2" in till.preview.text


def test_a_sale_cancelled_by_another_cashier_prints_who_cancelled_it(
    till: Till, printer: MemoryPrinter
) -> None:
    _take_over_parked_sale(till, "3", "4321")
    till.press_key("Del")
    till.confirm.answer(True)

    assert "*** CANCELLED ***" in printer.last_text
    assert "C:3" in printer.last_text and "C:1" not in printer.last_text
