"""Receipt, report and slip layouts: never wider than the paper, and saying the right things."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from adapters.memory.devices import MemoryDisplay, MemoryDrawer, MemoryPrinter, MemoryScale
from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from saleflex_core import demo
from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.barcode import make_gtin
from saleflex_core.domain.catalog import PaymentType, Product, SoldBy
from saleflex_core.domain.document import Document
from saleflex_core.domain.money import Money
from saleflex_core.domain.receipt import (
    PAPER_WIDTHS,
    LayoutLine,
    LineKind,
    receipt_layout,
    text_of,
)
from saleflex_core.exceptions import ValidationError
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases.master_data import save_product
from tests.conftest import APPLES_PLU, BAGUETTE, COLA, SUPERVISOR, WINE, demo_data

LONG_NAME = "Extra long imported artisanal sourdough loaf with seeds and a story"
LONG_BARCODE = make_gtin("590123499100")


def fits(layout: Sequence[LayoutLine], width: int) -> None:
    for line in layout:
        if line.kind is LineKind.TEXT:
            assert len(line.text) <= width, line.text
    rendered = text_of(layout, width).split("\n")
    too_wide = [row for row in rendered if len(row) > width]
    assert too_wide == []


@pytest.fixture(params=PAPER_WIDTHS)
def width(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture
def printer(width: int) -> MemoryPrinter:
    return MemoryPrinter(width)


@pytest.fixture
def till(width: int, printer: MemoryPrinter) -> Register:
    """A register on ``width`` paper, with a long-named, expensive product in the catalogue."""
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(uow, demo_data())
    devices = Devices(printer, MemoryDrawer(), MemoryDisplay(), MemoryScale())
    register = Register(
        uow,
        terminal_id=demo.TERMINAL_ID,
        clock=SteppingClock(),
        ids=SequentialIds("doc"),
        devices=devices,
        paper_width=width,
    )
    register.sign_in("1", "1234")
    save_product(
        uow,
        ref=register.ref,
        product=Product(
            "P9100",
            "9100",
            LONG_NAME,
            "BAK",
            "B",
            Money(9_999_999, "EUR"),
            barcodes=(LONG_BARCODE,),
        ),
    )
    return register


def busy_sale(till: Register) -> None:
    till.scan(LONG_BARCODE, "9999")
    till.discount_line(1, percent="12.5")
    till.scan(APPLES_PLU, "999.999")
    till.surcharge_line(2, amount="1")
    till.scan(BAGUETTE)
    till.void_line(3)
    till.scan(WINE, "3")
    till.discount_sale(amount="0.99")
    till.tender("CARD", "1000")
    till.tender("VOUCHER", "20")
    till.tender("CASH", "999999999")


def test_receipt_fits_the_paper(till: Register, printer: MemoryPrinter, width: int) -> None:
    busy_sale(till)
    till.complete()
    fits(printer.jobs[-1], width)
    assert LONG_NAME[:width] in printer.last_text


def test_reports_and_slips_fit_the_paper(
    till: Register, printer: MemoryPrinter, width: int
) -> None:
    till.cash_in("99999.99", "opening float for a very long day at the market")
    fits(printer.jobs[-1], width)
    till.cash_out("12345.67", "bank pickup by the armoured car service", override=SUPERVISOR)
    fits(printer.jobs[-1], width)
    busy_sale(till)
    till.complete()
    till.scan(COLA)
    till.cancel()
    fits(printer.jobs[-1], width)
    fits(till.x_report().layout, width)
    fits(printer.jobs[-1], width)
    z = till.close_period("123456.78", override=SUPERVISOR)
    fits(z.layout, width)
    fits(printer.jobs[-1], width)
    fits(till.close_period("0", override=SUPERVISOR).layout, width)  # an empty period


def test_receipt_shows_the_total(till: Register, printer: MemoryPrinter, width: int) -> None:
    till.scan(COLA, "2")
    till.scan(WINE)
    till.discount_sale(amount="0.37")
    till.tender("CASH", "20")
    done = till.complete()
    assert done.sale.totals.total == Money(1100, "EUR")
    rows = printer.last_text.split("\n")
    assert "TOTAL".ljust(width - 6) + " 11.00" in rows
    assert "SUBTOTAL".ljust(width - 6) + " 11.37" in rows
    assert "DISCOUNT".ljust(width - 6) + " -0.37" in rows
    assert "CASH".ljust(width - 6) + " 20.00" in rows
    assert "CHANGE".ljust(width - 5) + " 9.00" in rows
    assert any(row.startswith("VAT A 20% on 11.00") and row.endswith(" 1.83") for row in rows)
    assert f"No {done.unique_id}" in rows
    assert "*** COPY ***" not in printer.last_text
    assert "*** CANCELLED ***" not in printer.last_text


def test_reprint_is_marked_copy(till: Register, printer: MemoryPrinter) -> None:
    till.scan(COLA)
    till.tender("CASH")
    done = till.complete()
    original = printer.last_text
    till.reprint_last()
    copy = printer.last_text
    assert "*** COPY ***" in copy
    assert "*** COPY ***" not in original
    assert copy.replace("*** COPY ***", "").split() == original.split()
    assert done.unique_id in copy


def test_cancelled_sale_is_marked(till: Register, printer: MemoryPrinter) -> None:
    till.scan(WINE)
    done = till.cancel()
    text = printer.last_text
    assert "*** CANCELLED ***" in text
    assert done.unique_id in text
    assert "8.99" in text


def test_voided_line_says_void(till: Register, printer: MemoryPrinter) -> None:
    till.scan(BAGUETTE)
    till.scan(COLA)
    till.void_line(1)
    till.tender("CARD")
    till.complete()
    rows = printer.last_text.split("\n")
    baguette = rows.index("Baguette")
    assert rows[baguette + 1].endswith("VOID")


@pytest.mark.parametrize("width", [0, 40, 80])
def test_unsupported_paper_width_is_refused(width: int) -> None:
    with pytest.raises(ValidationError, match="Paper width"):
        receipt_layout(_document(), demo_data().store, width=width)


# --- any document fits -----------------------------------------------------------------------


def _document() -> Document:
    return Document.start(
        id="d1",
        terminal_id="T01",
        store_id="S001",
        cashier_id="1",
        currency="EUR",
        at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    )


@st.composite
def documents(draw: st.DrawFn) -> Document:
    doc = _document()
    names = st.text(st.characters(min_codepoint=32, max_codepoint=255), min_size=1, max_size=90)
    for i in range(draw(st.integers(1, 5))):
        name = draw(names.filter(lambda s: s.strip() != ""))
        weighed = draw(st.booleans())
        product = Product(
            f"P{i}",
            str(i + 1),
            name,
            "DEP",
            draw(st.sampled_from(["A", "B", "C"])),
            Money(draw(st.integers(1, 9_999_999)), "EUR"),
            sold_by=SoldBy.WEIGHT if weighed else SoldBy.PIECE,
        )
        quantity = (
            Decimal(draw(st.integers(1, 999_999))) / 1000
            if weighed
            else Decimal(draw(st.integers(1, 9999)))
        )
        assume(product.unit_price.times(quantity).minor > 0)  # a line of 0.00 is refused
        doc.add_line(product, quantity, vat_rate=Decimal(draw(st.sampled_from(["0", "10", "20"]))))
        if draw(st.booleans()):
            doc.adjust_line(doc.lines[-1].line_no, Adjustment.surcharge(percent=Decimal(15)))
    if draw(st.booleans()) and doc.totals().subtotal.minor > 0:  # 1 g at 0.01/kg is 0.00
        doc.adjust(Adjustment.discount(percent=Decimal(draw(st.integers(1, 100)))))
    due = doc.totals().due
    if due.minor > 0:
        doc.add_payment(PaymentType.cash(), due + Money(draw(st.integers(0, 10**9)), "EUR"))
    at = datetime(2026, 12, 31, 23, 59, tzinfo=UTC)
    doc.complete(closure_number=9999, receipt_number=999999, at=at, business_date=at.date())
    return doc


@settings(max_examples=40, deadline=None)
@given(doc=documents(), width=st.sampled_from(PAPER_WIDTHS), copy=st.booleans())
def test_any_receipt_fits(doc: Document, width: int, copy: bool) -> None:
    layout = receipt_layout(doc, demo_data().store, width=width, copy=copy)
    fits(layout, width)
    total = doc.totals().total.format(demo_data().store.currency)
    assert any(line.text.startswith("TOTAL") and line.text.endswith(total) for line in layout)
