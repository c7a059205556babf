"""Completing and cancelling a sale: numbering, storage, the outbox event, then the devices."""

from __future__ import annotations

import re

import pytest

from adapters.memory.devices import MemoryDisplay, MemoryDrawer, MemoryPrinter
from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core.contract import sale_payload
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.events import OutboxItem
from saleflex_core.domain.money import Money
from saleflex_core.domain.receipt import LineKind
from saleflex_core.exceptions import (
    DeviceError,
    NotFound,
    PaymentError,
    PermissionDenied,
    StateError,
)
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases.results import Finished
from tests.conftest import BAGUETTE, COLA, TERMINAL, WINE, open_empty_sale


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def printer_of(register: Register) -> MemoryPrinter:
    assert isinstance(register.devices.printer, MemoryPrinter)
    return register.devices.printer


def drawer_of(register: Register) -> MemoryDrawer:
    assert isinstance(register.devices.drawer, MemoryDrawer)
    return register.devices.drawer


def outbox(uow: MemoryUnitOfWork) -> list[OutboxItem]:
    with uow:
        return uow.outbox.pending(TERMINAL, 1000)


def kept(uow: MemoryUnitOfWork) -> list[Document]:
    """Every document kept for good in closure 1 of T01."""
    with uow:
        return uow.documents.for_closure(TERMINAL, 1)


def next_receipt(uow: MemoryUnitOfWork) -> int:
    with uow:
        closure = uow.closures.current(TERMINAL)
    assert closure is not None
    return closure.next_receipt


def sell(register: Register, code: str = BAGUETTE, payment: str = "CASH") -> Finished:
    register.scan(code)
    register.tender(payment)
    return register.complete()


# --- completing -----------------------------------------------------------------------------


def test_receipts_are_numbered_one_two_three(register: Register) -> None:
    numbers = [sell(register).receipt_number for _ in range(3)]

    assert numbers == [1, 2, 3]
    assert [d.receipt_number for d in kept(register.uow)] == [1, 2, 3]
    assert next_receipt(register.uow) == 4


def test_the_unique_id_is_date_closure_and_receipt(register: Register) -> None:
    first, second = sell(register), sell(register)

    assert first.unique_id == "20260105-0001-000001"
    assert second.unique_id == "20260105-0001-000002"
    assert re.fullmatch(r"\d{8}-\d{4}-\d{6}", first.unique_id)
    assert (first.closure_number, first.receipt_number) == (1, 1)


def test_a_completed_sale_leaves_the_drafts_and_is_kept_exactly_once(register: Register) -> None:
    done = sell(register)
    document_id = done.sale.document_id

    with register.uow:
        with pytest.raises(NotFound):
            register.uow.drafts.get(document_id)
        assert register.uow.drafts.active_for(TERMINAL) is None
        document = register.uow.documents.get(document_id)
    assert [d.id for d in kept(register.uow)] == [document_id]
    assert document.state is DocumentState.COMPLETED
    assert document.unique_id == done.unique_id
    assert register.sale is None


def test_completing_queues_one_sale_completed_event_carrying_the_document(
    register: Register,
) -> None:
    done = sell(register)

    [event] = outbox(register.uow)
    assert event.event_type == "sale.completed"
    assert event.sequence == 1
    with register.uow:
        document = register.uow.documents.get(done.sale.document_id)
    assert event.payload == sale_payload(document)


def test_each_sale_gets_its_own_event(register: Register) -> None:
    ids = {sell(register).sale.document_id for _ in range(2)}

    events = outbox(register.uow)
    assert len({e.event_id for e in events}) == 2
    assert {e.payload["document_id"] for e in events} == ids


def test_the_receipt_is_printed_with_the_total_and_the_unique_id(register: Register) -> None:
    register.scan(WINE)
    register.tender("CASH", "10")

    done = register.complete()

    printer = printer_of(register)
    assert len(printer.jobs) == 1
    text = printer.last_text
    assert re.search(r"TOTAL +8\.99", text)
    assert re.search(r"CHANGE +1\.01", text)
    assert done.unique_id in text
    assert "COPY" not in text
    assert done.change == eur(101)


def test_the_customer_display_thanks_and_shows_the_change(register: Register) -> None:
    register.scan(WINE)
    register.tender("CASH", "10")

    register.complete()

    display = register.devices.display
    assert isinstance(display, MemoryDisplay)
    assert display.shown[-1] == ("THANK YOU", "CHANGE 1.01")


def test_completing_before_fully_paid_is_refused_and_uses_no_number(register: Register) -> None:
    register.scan(WINE)
    register.tender("CASH", "5")
    assert register.sale is not None
    with register.uow:
        before = register.uow.drafts.get(register.sale.document_id)

    with pytest.raises(PaymentError):
        register.complete()

    with register.uow:
        assert register.uow.drafts.get(before.id) == before
    assert kept(register.uow) == []
    assert outbox(register.uow) == []
    assert next_receipt(register.uow) == 1
    assert printer_of(register).jobs == []
    register.tender("CASH")
    assert register.complete().receipt_number == 1


def test_completing_an_empty_sale_is_refused(register: Register) -> None:
    open_empty_sale(register)

    with pytest.raises(StateError):
        register.complete()

    assert next_receipt(register.uow) == 1
    assert kept(register.uow) == []


def test_a_printer_fault_is_reported_and_the_sale_stays_completed(register: Register) -> None:
    printer = printer_of(register)
    printer.fault = "paper out"

    done = sell(register)

    assert any("paper out" in error for error in done.device_errors)
    assert [d.id for d in kept(register.uow)] == [done.sale.document_id]
    assert len(outbox(register.uow)) == 1
    assert drawer_of(register).opened == 1
    assert printer.jobs == []


def test_the_last_receipt_is_reprinted_as_a_copy_once_the_printer_is_fixed(
    register: Register,
) -> None:
    printer = printer_of(register)
    printer.fault = "paper out"
    done = sell(register)
    with pytest.raises(DeviceError):
        register.reprint_last()

    printer.fault = None
    state = register.reprint_last()

    assert state.unique_id == done.unique_id
    assert len(printer.jobs) == 1
    assert "COPY" in printer.last_text
    assert done.unique_id in printer.last_text


def test_reprint_reprints_the_latest_of_several_receipts(register: Register) -> None:
    sell(register)
    last = sell(register, WINE)

    register.reprint_last()

    assert last.unique_id in printer_of(register).last_text


def test_reprint_before_any_receipt_is_refused(register: Register) -> None:
    with pytest.raises(NotFound):
        register.reprint_last()

    assert printer_of(register).jobs == []


def test_reprint_without_a_printer_is_refused(register: Register) -> None:
    sell(register)
    register.devices = Devices()

    with pytest.raises(StateError):
        register.reprint_last()


@pytest.mark.parametrize(("payment", "opened"), [("CASH", 1), ("VOUCHER", 1), ("CARD", 0)])
def test_the_drawer_opens_only_when_cash_or_vouchers_go_in(
    register: Register, payment: str, opened: int
) -> None:
    sell(register, payment=payment)

    assert drawer_of(register).opened == opened


def test_the_drawer_opens_for_change_after_a_card_part(register: Register) -> None:
    register.scan(WINE)
    register.tender("CARD", "8")
    register.tender("CASH", "5")

    register.complete()

    assert drawer_of(register).opened == 1


def test_a_drawer_fault_is_reported_after_the_sale_is_kept(register: Register) -> None:
    drawer_of(register).fault = "jammed"

    done = sell(register)

    assert any("jammed" in error for error in done.device_errors)
    assert len(kept(register.uow)) == 1


def test_a_sale_completes_without_any_devices(register: Register) -> None:
    register.devices = Devices()

    done = sell(register)

    assert done.device_errors == ()
    assert len(kept(register.uow)) == 1


# --- cancelling -----------------------------------------------------------------------------


def test_a_cancelled_sale_is_numbered_kept_and_queued(register: Register) -> None:
    register.scan(BAGUETTE)
    register.scan(COLA)

    done = register.cancel()

    assert done.receipt_number == 1
    assert done.sale.state is DocumentState.CANCELLED
    [document] = kept(register.uow)
    assert (document.id, document.state) == (done.sale.document_id, DocumentState.CANCELLED)
    [event] = outbox(register.uow)
    assert event.event_type == "sale.cancelled"
    assert event.sequence == 1
    assert event.payload == sale_payload(document)
    assert "CANCELLED" in printer_of(register).last_text
    assert register.sale is None
    with register.uow:
        assert register.uow.drafts.active_for(TERMINAL) is None


def test_a_cancelled_sale_uses_a_receipt_number(register: Register) -> None:
    register.scan(BAGUETTE)
    register.cancel()

    assert sell(register).receipt_number == 2


def test_cancelling_an_empty_sale_is_refused(register: Register) -> None:
    open_empty_sale(register)

    with pytest.raises(StateError):
        register.cancel()

    assert register.sale is not None
    assert kept(register.uow) == []
    assert next_receipt(register.uow) == 1


def test_cancelling_a_sale_with_payments_is_refused(register: Register) -> None:
    register.scan(WINE)
    register.tender("CARD", "5")
    assert register.sale is not None
    with register.uow:
        before = register.uow.drafts.get(register.sale.document_id)

    with pytest.raises(PaymentError):
        register.cancel()

    with register.uow:
        assert register.uow.drafts.get(before.id) == before
    assert kept(register.uow) == []
    assert outbox(register.uow) == []
    assert next_receipt(register.uow) == 1


def test_reprint_needs_a_signed_in_cashier(register: Register) -> None:
    register.scan(BAGUETTE)
    register.tender("CASH")
    register.complete()
    register.sign_out()
    with pytest.raises(PermissionDenied):
        register.reprint_last()


def test_the_receipt_carries_the_stores_verification_qr(register: Register) -> None:
    register.scan(BAGUETTE)
    register.tender("CASH")
    done = register.complete()
    qr = [line.text for line in printer_of(register).jobs[-1] if line.kind is LineKind.QR]
    assert qr == [f"https://receipts.saleflex.example/S001/{done.unique_id}"]
