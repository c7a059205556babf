"""Paper names the terminal by its code: a UUID would not fit a 32-column receipt."""

from __future__ import annotations

import attrs

from adapters.memory import MemoryPrinter, MemoryUnitOfWork, SequentialIds, SteppingClock
from saleflex_core import Devices, Register, demo
from saleflex_core.domain.receipt import text_of
from tests.conftest import BAGUETTE, demo_data

TERMINAL_ID = "3f2b8c1e-7d4a-4e59-8b6f-2a9c0d1e5f47"  # what a first start makes


def till_with_a_uuid(printer: MemoryPrinter) -> Register:
    data = demo_data()
    data = attrs.evolve(data, terminal=attrs.evolve(data.terminal, id=TERMINAL_ID))
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(uow, data)
    register = Register(
        uow,
        terminal_id=TERMINAL_ID,
        clock=SteppingClock(),
        ids=SequentialIds(),
        devices=Devices(printer=printer),
        paper_width=32,
    )
    register.sign_in("2", "9999")
    return register


def test_receipts_reports_and_slips_print_the_terminal_code() -> None:
    printer = MemoryPrinter()
    till = till_with_a_uuid(printer)
    till.cash_in("50", "float")
    till.scan(BAGUETTE)
    till.tender("CASH", "5")
    done = till.complete()
    till.close_period("53.71")

    printed = [text_of(job, 32) for job in printer.jobs]
    assert len(printed) == 3  # the cash slip, the receipt, the Z
    for text in (*printed, text_of(till.last_receipt(), 32)):
        assert TERMINAL_ID not in text
        assert "T:T01" in text or "Terminal T01" in text
        assert all(len(row) <= 32 for row in text.split("\n"))
    with till.uow:  # the books keep the global id
        assert till.uow.documents.get(done.sale.document_id).terminal_id == TERMINAL_ID
