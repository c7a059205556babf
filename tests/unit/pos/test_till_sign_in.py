"""The PIN pad, signing out, the status bar and a restart after a crash."""

from __future__ import annotations

from adapters.memory.devices import MemoryPrinter
from apps.pos_desktop.presenters import Screen, Severity, Till
from apps.pos_desktop.presenters.view_models import EntryView
from saleflex_core.ports import PaperLevel, PrinterStatus
from tests.conftest import BAGUETTE, COLA

from .keys import MakeTill, scan, type_in


def test_a_wrong_pin_shows_a_message_and_stays_on_the_pin_pad(make_till: MakeTill) -> None:
    till = make_till()
    assert till.screen is Screen.SIGN_IN

    till.pin_pad.sign_in("1", "0000")

    assert till.screen is Screen.SIGN_IN
    assert till.message is not None
    assert till.message.text == "Unknown cashier or wrong PIN: nobody is signed in"
    assert till.message.severity is Severity.ERROR
    assert till.register.cashier is None


def test_the_pin_pad_takes_the_number_then_the_masked_pin(make_till: MakeTill) -> None:
    till = make_till()
    type_in(till, "1")
    till.press_key("Enter")
    type_in(till, "1234")

    entry = till.entry_view()
    assert (entry.prompt, entry.text) == ("PIN for cashier 1", "••••")

    till.press_key("Enter")
    assert till.screen is Screen.SALE
    assert till.status_bar().cashier == "Alice (1)"
    assert till.message is not None and till.message.text == "Welcome, Alice"


def test_a_wrong_pin_on_the_pad_starts_over_with_the_number(make_till: MakeTill) -> None:
    till = make_till()
    type_in(till, "1")
    till.press_key("Enter")
    type_in(till, "9999")
    till.press_key("Enter")

    assert till.screen is Screen.SIGN_IN
    assert till.entry_view() == EntryView("Cashier number", "", "")
    assert till.message is not None and "wrong PIN" in till.message.text


def test_signing_out_keeps_the_open_sale_for_the_next_sign_in(till: Till) -> None:
    scan(till, BAGUETTE)
    till.press_key("F12")

    assert till.screen is Screen.SIGN_IN
    assert till.status_bar().cashier == "signed out"
    scan(till, COLA)  # a scan on the PIN pad is a cashier number, not a sale
    assert till.register.cashier is None

    till.pin_pad.sign_in("2", "9999")
    assert [row.name for row in till.sale_view().lines] == ["Baguette"]
    assert till.message is not None and "restored" in till.message.text


def test_a_restart_reopens_the_interrupted_sale_on_the_sale_screen(
    till: Till, make_till: MakeTill
) -> None:
    scan(till, BAGUETTE)
    scan(till, COLA)

    restarted = make_till()  # new Register and Till on the same storage
    assert restarted.screen is Screen.SIGN_IN
    restarted.pin_pad.sign_in("1", "1234")

    assert restarted.screen is Screen.SALE
    view = restarted.sale_view()
    assert [(row.name, row.amount) for row in view.lines] == [
        ("Baguette", "1.29"),
        ("Cola 330ml", "1.19"),
    ]
    assert view.total == "2.48"
    assert [row.selected for row in view.lines] == [False, True]


def test_a_sale_interrupted_while_paying_reopens_on_the_payment_screen(
    till: Till, make_till: MakeTill
) -> None:
    scan(till, BAGUETTE)
    till.payment.open()
    till.payment.tender("CARD", "1.00")

    restarted = make_till()
    restarted.pin_pad.sign_in("1", "1234")

    assert restarted.screen is Screen.PAYMENT
    assert (restarted.sale_view().paid, restarted.sale_view().due) == ("1.00", "0.29")
    restarted.press_key("Enter")  # the rest in cash, exactly
    assert restarted.register.sale is None
    assert restarted.message is not None and restarted.message.text == "Paid, thank you"


def test_the_status_bar_names_terminal_cashier_closure_and_outbox(till: Till) -> None:
    bar = till.status_bar()
    assert (bar.terminal, bar.cashier, bar.closure_no) == ("T01 Till 1", "Alice (1)", "0001")
    kept = "not connected: the outbox keeps"  # no sync worker: Standalone
    assert (bar.printer, bar.upstream, bar.outbox_depth) == ("no status", f"{kept} 0 events", "0")

    scan(till, BAGUETTE)
    till.payment.tender("CASH")

    bar = till.status_bar()
    assert (bar.printer, bar.upstream, bar.outbox_depth) == ("ready", f"{kept} 1 event", "1")


def test_the_status_bar_shows_what_the_printer_reports(
    make_till: MakeTill, printer: MemoryPrinter
) -> None:
    till = make_till(printer_status=printer)
    assert till.status_bar().printer == "not checked"

    printer.reported = PrinterStatus(paper=PaperLevel.OUT)
    till.status.refresh()
    assert till.status_bar().printer == "out of paper"

    printer.reported = PrinterStatus()
    till.status.refresh()
    assert till.status_bar().printer == "ready"

    printer.fault = "no answer on 192.0.2.1:9100"
    till.status.refresh()
    assert till.status_bar().printer == "Printer: no answer on 192.0.2.1:9100"


def test_a_printer_answer_read_off_the_ui_thread_shows_only_when_handed_over(
    make_till: MakeTill, printer: MemoryPrinter
) -> None:
    till = make_till(printer_status=printer)
    printer.reported = PrinterStatus(paper=PaperLevel.OUT)
    answer = till.status.read_printer()
    assert (answer, till.status_bar().printer) == ("out of paper", "not checked")
    till.status.show_printer(answer)
    assert till.status_bar().printer == "out of paper"
