"""Receipt layout, further: emphasis, QR codes, copies, and totals that match the document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from adapters.memory.devices import MemoryPrinter
from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.cash import CashMovement, MovementKind
from saleflex_core.domain.catalog import PaymentType, Product, SoldBy
from saleflex_core.domain.document import Document
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Store
from saleflex_core.domain.receipt import (
    PAPER_WIDTHS,
    Align,
    LayoutLine,
    LineKind,
    Size,
    movement_layout,
    receipt_layout,
    text_of,
    verification_url,
)
from saleflex_core.exceptions import DeviceError, ValidationError
from saleflex_core.ports import PaperLevel, PrinterStatus, PrinterStatusQuery, ReceiptPrinter

STORE = Store(
    "S001",
    "C1",
    "Bäckerei Müller",
    Currency.of("EUR"),
    header=("Hauptstraße 5", "USt-IdNr. DE123456789"),
    footer=("Danke für Ihren Einkauf!",),
)
AT = datetime(2026, 3, 14, 15, 9, tzinfo=UTC)
URL = "https://verify.example/r/{store_id}/{unique_id}?total={total}&t={terminal_id}"


def product(i: int, name: str, minor: int, sold_by: SoldBy = SoldBy.PIECE) -> Product:
    return Product(f"P{i}", str(i), name, "DEP", "A", Money(minor, "EUR"), sold_by=sold_by)


def sale(*, cancel: bool = False) -> Document:
    doc = Document.start(
        id="d1", terminal_id="T01", store_id="S001", cashier_id="7", currency="EUR", at=AT
    )
    doc.add_line(product(1, "Brötchen", 45), Decimal(6), vat_rate=Decimal(7))
    doc.add_line(product(2, "Kaffee", 899), Decimal(1), vat_rate=Decimal(19))
    if cancel:
        doc.cancel(closure_number=3, receipt_number=12, at=AT, business_date=AT.date())
        return doc
    doc.add_payment(PaymentType.cash(), Money(2000, "EUR"))
    doc.complete(closure_number=3, receipt_number=12, at=AT, business_date=AT.date())
    return doc


def fits(layout: Sequence[LayoutLine], width: int) -> None:
    for line in layout:
        if line.kind is LineKind.TEXT:
            assert line.columns <= width, line
    assert [row for row in text_of(layout, width).split("\n") if len(row) > width] == []


# --- emphasis and marks ----------------------------------------------------------------------


@pytest.mark.parametrize("width", PAPER_WIDTHS)
def test_headings_are_double_size_where_they_fit_else_double_height(width: int) -> None:
    layout = receipt_layout(sale(), STORE, width=width, copy=True)
    name, copy = layout[0], layout[3]
    assert (name.text, name.bold, name.align) == ("Bäckerei Müller", True, Align.CENTER)
    assert name.size is Size.LARGE  # 15 letters, 30 columns doubled: fits every paper
    assert (copy.text, copy.size, copy.bold) == ("*** COPY ***", Size.LARGE, True)
    total = next(line for line in layout if line.text.startswith("TOTAL"))
    assert (total.size, total.bold) == (Size.TALL, True)
    fits(layout, width)


def test_a_heading_too_wide_to_double_keeps_its_text_at_double_height() -> None:
    layout = receipt_layout(sale(cancel=True), STORE, width=32)
    cancelled = next(line for line in layout if "CANCELLED" in line.text)
    assert (cancelled.text, cancelled.size) == ("*** CANCELLED ***", Size.TALL)
    assert cancelled.columns == 17
    wide = receipt_layout(sale(cancel=True), STORE, width=42)
    assert next(line for line in wide if "CANCELLED" in line.text).size is Size.LARGE


def test_a_long_store_name_is_cut_to_the_paper_not_doubled() -> None:
    store = Store("S001", "C1", "Q" * 60, Currency.of("EUR"))
    layout = receipt_layout(sale(), store, width=32)
    assert (layout[0].text, layout[0].size) == ("Q" * 32, Size.TALL)


def test_copy_and_original_differ_only_by_the_mark() -> None:
    original = receipt_layout(sale(), STORE, width=42)
    copy = receipt_layout(sale(), STORE, width=42, copy=True)
    assert [line for line in copy if "COPY" not in line.text] == original
    assert sum("*** COPY ***" in line.text for line in copy) == 1


def test_large_text_takes_two_columns_a_letter() -> None:
    assert LayoutLine("ABCD", size=Size.LARGE).columns == 8
    assert LayoutLine("ABCD", size=Size.TALL).columns == 4
    assert LayoutLine("ABCD").columns == 4


def test_slips_and_reports_have_double_size_titles() -> None:
    movement = CashMovement(
        "m1",
        "T01",
        3,
        MovementKind.OUT,
        Money(5000, "EUR"),
        "bank",
        "7",
        AT,
        approved_by="2",
        business_date=AT.date(),
    )
    layout = movement_layout(movement, STORE, width=32)
    assert LayoutLine("CASH OUT", Align.CENTER, True, size=Size.LARGE) in layout
    fits(layout, 32)


# --- QR codes --------------------------------------------------------------------------------


def test_qr_of_the_verification_url_follows_the_barcode() -> None:
    layout = receipt_layout(sale(), STORE, width=42, qr_template=URL)
    kinds = [line.kind for line in layout[-3:]]
    assert kinds == [LineKind.BARCODE, LineKind.QR, LineKind.CUT]
    assert layout[-2].text == "https://verify.example/r/S001/20260314-0003-000012?total=11.69&t=T01"
    assert layout[-2].align is Align.CENTER
    assert "[QR] https://verify.example/r/S001/2026031" in text_of(layout, 42)


def test_no_template_no_qr() -> None:
    assert all(line.kind is not LineKind.QR for line in receipt_layout(sale(), STORE))


def test_unknown_placeholders_and_other_braces_stay_as_written() -> None:
    url = verification_url("https://x.example/{unique_id}/{nope}/{", sale(), STORE)
    assert url == "https://x.example/20260314-0003-000012/{nope}/{"


@pytest.mark.parametrize(
    "template", ["", "https://x.example/\n{unique_id}", "https://x.example/" + "a" * 600]
)
def test_an_unprintable_qr_is_refused(template: str) -> None:
    with pytest.raises(ValidationError, match="QR"):
        receipt_layout(sale(), STORE, qr_template=template)


def test_a_vat_row_too_long_for_the_paper_goes_on_two_rows_not_cut() -> None:
    doc = Document.start(
        id="d1", terminal_id="T01", store_id="S001", cashier_id="7", currency="EUR", at=AT
    )
    doc.add_line(product(1, "Gold", 2_606_527), Decimal(384), vat_rate=Decimal(7))
    doc.add_payment(PaymentType.card(), doc.totals().total)
    doc.complete(closure_number=1, receipt_number=1, at=AT, business_date=AT.date())
    rows = text_of(receipt_layout(doc, STORE, width=32), 32).split("\n")
    assert "VAT A 7% on".ljust(20) + " 10009063.68" in rows
    assert "  VAT A".ljust(22) + " 654798.56" in rows
    wide = text_of(receipt_layout(doc, STORE, width=48), 48).split("\n")
    assert "VAT A 7% on 10009063.68".ljust(38) + " 654798.56" in wide


def test_a_long_qr_never_widens_the_text_preview() -> None:
    layout = receipt_layout(sale(), STORE, width=32, qr_template="https://x.example/" + "a" * 400)
    fits(layout, 32)


# --- any receipt fits and adds up ------------------------------------------------------------

names = st.text(
    st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x17F),
    min_size=1,
    max_size=70,
)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    doc = Document.start(
        id="d1", terminal_id="T01", store_id="S001", cashier_id="7", currency="EUR", at=AT
    )
    for i in range(draw(st.integers(1, 6))):
        weighed = draw(st.booleans())
        item = product(
            i,
            draw(names),
            draw(st.integers(1, 9_999_999)),
            SoldBy.WEIGHT if weighed else SoldBy.PIECE,
        )
        quantity = (
            Decimal(draw(st.integers(1, 99_999))) / 1000
            if weighed
            else Decimal(draw(st.integers(1, 999)))
        )
        assume(item.unit_price.times(quantity).minor > 0)  # a line of 0.00 is refused
        doc.add_line(item, quantity, vat_rate=Decimal(draw(st.sampled_from(["0", "7", "19"]))))
        if draw(st.booleans()):
            kind = draw(st.sampled_from([Adjustment.discount, Adjustment.surcharge]))
            doc.adjust_line(doc.lines[-1].line_no, kind(percent=Decimal(draw(st.integers(1, 50)))))
    if len(doc.lines) > 1 and draw(st.booleans()):
        doc.void_line(1)
    # A document discount needs something to discount (the domain refuses a zero subtotal).
    assume(doc.totals().subtotal.minor > 0)
    if draw(st.booleans()):
        doc.adjust(Adjustment.discount(percent=Decimal(draw(st.integers(1, 99)))))
    due = doc.totals().due
    if due.minor > 0:
        doc.add_payment(PaymentType.card(), Money(draw(st.integers(1, due.minor)), "EUR"))
    due = doc.totals().due
    if due.minor > 0:
        doc.add_payment(PaymentType.cash(), due + Money(draw(st.integers(0, 10**7)), "EUR"))
    doc.complete(closure_number=9999, receipt_number=999_999, at=AT, business_date=AT.date())
    return doc


def amount(row: str) -> int:
    """Minor units of the amount that ends a pair row."""
    return int(Decimal(row.split()[-1]) * 100)


def labelled(rows: list[str], label: str) -> list[int]:
    return [amount(row) for row in rows if row.split()[:1] == [label]]


def vat_section(rows: list[str]) -> tuple[list[int], list[int]]:
    """Gross and VAT per rate from ``VAT A 7% on <gross> <vat>``, or that on two rows."""
    gross, vat = [], []
    for row in rows:
        _, on, tail = row.partition(" on ")
        if on and len(tail.split()) == 2:
            gross.append(amount(tail.split()[0]))
            vat.append(amount(row))
        elif on:
            gross.append(amount(row))
        else:
            vat.append(amount(row))
    return gross, vat


@settings(max_examples=60, deadline=None)
@given(
    doc=documents(),
    width=st.sampled_from(PAPER_WIDTHS),
    copy=st.booleans(),
    qr=st.booleans(),
)
def test_any_receipt_fits_and_its_totals_are_the_documents(
    doc: Document, width: int, copy: bool, qr: bool
) -> None:
    layout = receipt_layout(doc, STORE, width=width, copy=copy, qr_template=URL if qr else None)
    fits(layout, width)
    totals = doc.totals()
    rules = [i for i, line in enumerate(layout) if line.kind is LineKind.RULE]
    items = [line.text for line in layout[rules[0] + 1 : rules[1]]]
    rows = [line.text for line in layout[rules[1] + 1 : rules[2]]]  # an item may be "TOTAL"
    printed_items = sum(amount(row) for row in items if row.startswith("  ") and "VOID" not in row)
    assert printed_items == totals.subtotal.minor
    assert labelled(rows, "TOTAL") == [totals.total.minor]
    if totals.document_adjustment:
        assert labelled(rows, "SUBTOTAL") == [totals.subtotal.minor]
        assert labelled(rows, "DISCOUNT") == [totals.document_adjustment.minor]
    assert labelled(rows, "CARD") + labelled(rows, "CASH") == [
        p.tendered.minor for p in doc.payments
    ]
    assert labelled(rows, "CHANGE") == ([totals.change.minor] if totals.change else [])
    gross, vat = vat_section([line.text for line in layout[rules[-2] + 1 : rules[-1]]])
    assert gross == [share.gross.minor for share in totals.vat]
    assert vat == [share.vat.minor for share in totals.vat]
    assert sum(gross) == totals.total.minor
    barcode = [line for line in layout if line.kind is LineKind.BARCODE]
    assert [line.text for line in barcode] == [(doc.unique_id or "").replace("-", "")]


# --- the memory printer reports a status -----------------------------------------------------


def test_memory_printer_answers_status_and_refuses_jobs_it_could_not_print() -> None:
    printer = MemoryPrinter()
    as_ports: tuple[ReceiptPrinter, PrinterStatusQuery] = (printer, printer)
    assert as_ports[1].status() == PrinterStatus()
    printer.reported = PrinterStatus(paper=PaperLevel.LOW)
    printer.print_layout(receipt_layout(sale(), STORE))  # low paper still prints
    printer.reported = PrinterStatus(paper=PaperLevel.OUT)
    with pytest.raises(DeviceError, match="out of paper"):
        printer.print_layout(receipt_layout(sale(), STORE))
    assert len(printer.jobs) == 1
    printer.fault = "unplugged"
    with pytest.raises(DeviceError, match="unplugged"):
        printer.status()


@pytest.mark.parametrize(
    ("status", "problem"),
    [
        (PrinterStatus(), None),
        (PrinterStatus(paper=PaperLevel.LOW), None),
        (PrinterStatus(paper=PaperLevel.OUT), "out of paper"),
        (PrinterStatus(cover_open=True, paper=PaperLevel.OUT), "the cover is open"),
        (PrinterStatus(online=False), "offline"),
    ],
)
def test_status_names_the_problem_for_the_cashier(
    status: PrinterStatus, problem: str | None
) -> None:
    assert status.problem == problem
