"""The payment screen: quick tenders, split payments, change, completing by itself."""

from __future__ import annotations

from adapters.memory.devices import MemoryPrinter
from adapters.memory.storage import MemoryUnitOfWork
from apps.pos_desktop.presenters import Screen, Severity, Till
from apps.pos_desktop.presenters.payment import quick_amounts
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.money import Money
from tests.conftest import BAGUETTE, COLA, TERMINAL, WINE

from .keys import scan, type_in


def sell_wine_and_baguette(till: Till) -> None:
    """A sale of 10.28 on the payment screen."""
    scan(till, WINE)
    scan(till, BAGUETTE)
    till.press_key("F9")
    assert till.screen is Screen.PAYMENT


def last_document(uow: MemoryUnitOfWork) -> Document:
    with uow:
        document = uow.documents.last_for(TERMINAL)
    assert document is not None
    return document


def test_payment_needs_an_item_first(till: Till) -> None:
    till.payment.open()

    assert till.screen is Screen.SALE
    assert till.message is not None and till.message.text.startswith("There is no open sale")


def test_quick_tenders_are_exact_then_round_notes_above(till: Till) -> None:
    sell_wine_and_baguette(till)

    tenders = till.quick_tenders()

    assert [(t.caption, t.amount) for t in tenders] == [
        ("Exact 10.28", "10.28"),
        ("15.00", "15.00"),
        ("20.00", "20.00"),
        ("50.00", "50.00"),
    ]


def test_quick_amounts_skip_repeats_and_follow_the_exponent() -> None:
    assert quick_amounts(Money(2000, "EUR"), 2) == [Money(2000, "EUR"), Money(5000, "EUR")]
    assert quick_amounts(Money(737, "JPY"), 0) == [
        Money(737, "JPY"),
        Money(740, "JPY"),  # the next 5, 10 and 20 all land here
        Money(750, "JPY"),
    ]


def test_split_card_and_cash_completes_with_change(
    till: Till, printer: MemoryPrinter, uow: MemoryUnitOfWork
) -> None:
    sell_wine_and_baguette(till)

    till.payment.tender("CARD", "5.00")
    assert till.screen is Screen.PAYMENT
    assert till.sale_view().due == "5.28"
    assert till.message is not None and till.message.text == "5.28 still due"

    type_in(till, "20")
    till.press_key("F2")  # cash, the first payment type

    assert till.screen is Screen.SALE
    assert till.register.sale is None
    assert till.message is not None and till.message.text == "Change 14.72"
    view = till.sale_view()
    assert (view.lines, view.total, view.change) == ((), "10.28", "14.72")
    assert [(p.name, p.amount, p.change) for p in view.payments] == [
        ("Card", "5.00", ""),
        ("Cash", "20.00", "14.72"),
    ]
    assert view.state_caption == "Receipt 1 done — change 14.72"
    assert "CHANGE" in printer.last_text and "14.72" in printer.last_text
    assert last_document(uow).state is DocumentState.COMPLETED


def test_enter_with_nothing_typed_pays_exactly_in_cash(till: Till, printer: MemoryPrinter) -> None:
    sell_wine_and_baguette(till)
    till.press_key("Enter")

    assert till.screen is Screen.SALE
    assert till.message is not None and till.message.text == "Paid, thank you"
    assert len(printer.jobs) == 1


def test_a_quick_tender_pays_cash(till: Till) -> None:
    sell_wine_and_baguette(till)
    twenty = till.quick_tenders()[2]
    till.payment.tender("CASH", twenty.amount)

    assert till.sale_view().change == "9.72"


def test_the_next_scan_clears_the_finished_sale(till: Till) -> None:
    sell_wine_and_baguette(till)
    till.payment.tender("CASH", "50")
    scan(till, COLA)

    view = till.sale_view()
    assert (view.total, view.change, view.state_caption) == ("1.19", "0.00", "Sale")


def test_a_card_cannot_pay_more_than_is_due(till: Till) -> None:
    sell_wine_and_baguette(till)
    till.payment.tender("CARD", "20.00")

    assert till.message is not None
    assert till.message.text == "Card cannot pay more than is due (10.28)"
    assert till.sale_view().paid == "0.00"
    assert till.screen is Screen.PAYMENT


def test_a_barcode_scanned_on_the_payment_screen_is_not_taken_as_cash(till: Till) -> None:
    sell_wine_and_baguette(till)
    scan(till, COLA)

    assert till.message is not None and "was it a barcode?" in till.message.text
    assert till.sale_view().paid == "0.00"
    assert till.entry_view().text == ""  # the next scan or amount starts afresh


def test_a_printer_fault_warns_but_the_sale_is_stored(
    till: Till, printer: MemoryPrinter, uow: MemoryUnitOfWork
) -> None:
    printer.fault = "out of paper"
    sell_wine_and_baguette(till)
    till.payment.tender("CASH", "20")

    assert till.message is not None
    assert till.message.severity is Severity.WARNING
    assert till.message.text == "Change 9.72 — Printer: out of paper"
    assert till.screen is Screen.SALE and till.register.sale is None
    assert last_document(uow).state is DocumentState.COMPLETED
    assert till.status_bar().printer == "Printer: out of paper"
    assert printer.jobs == []


def test_the_payment_keys_are_the_stores_payment_types(till: Till) -> None:
    sell_wine_and_baguette(till)

    keys = till.key_map()

    assert [(k.hotkey, k.caption) for k in keys] == [
        ("F2", "Cash"),
        ("F3", "Card"),
        ("F4", "Voucher"),
        ("Esc", "Back"),
    ]
    assert all(k.key == k.hotkey for k in keys)
    assert [(k.key, k.caption) for k in till.payment.payment_keys()][:2] == [
        ("CASH", "Cash"),
        ("CARD", "Card"),
    ]
    till.press_key("F3")  # card for everything due
    assert till.message is not None and till.message.text == "Paid, thank you"


def test_escape_goes_back_to_the_sale(till: Till) -> None:
    sell_wine_and_baguette(till)
    till.press_key("Esc")

    assert till.screen is Screen.SALE
    assert len(till.sale_view().lines) == 2
