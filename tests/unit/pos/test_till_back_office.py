"""Suspend and resume, cancel with confirmation, cash in / out, X and Z, reprint, preview."""

from __future__ import annotations

from adapters.memory.devices import MemoryPrinter
from adapters.memory.storage import MemoryUnitOfWork
from apps.pos_desktop.presenters import Screen, Severity, Till
from saleflex_core.domain.cash import MovementKind
from saleflex_core.domain.document import DocumentState
from tests.conftest import BAGUETTE, COLA, TERMINAL, WINE

from .keys import MakeTill, scan, type_in

# --- suspend and resume ----------------------------------------------------------------------


def test_a_suspended_sale_is_listed_and_resumed(till: Till) -> None:
    scan(till, WINE)
    till.press_key("F8")

    assert till.register.sale is None
    assert till.sale_view().lines == ()
    assert till.message is not None and till.message.text == "Sale suspended"

    scan(till, COLA)
    till.payment.tender("CASH")  # the next customer is served meanwhile
    till.press_key("F8")  # with no open sale: the list of parked sales

    assert till.screen is Screen.SUSPENDED
    assert [(r.cashier, r.items, r.total) for r in till.parked] == [("1", "1", "8.99")]

    till.suspended.resume(till.parked[0].document_id)
    assert till.screen is Screen.SALE
    assert [row.name for row in till.sale_view().lines] == ["Red wine 75cl"]
    assert till.parked == ()


def test_a_keyboard_resumes_a_parked_sale_with_its_function_key(till: Till) -> None:
    scan(till, WINE)
    till.press_key("F8")
    scan(till, COLA)
    till.press_key("F8")
    till.press_key("F8")  # the list

    assert [(k.hotkey, k.caption) for k in till.key_map()] == [
        ("F1", "Resume 8.99"),
        ("F2", "Resume 1.19"),
        ("Esc", "Back"),
    ]
    till.press_key("F2")
    assert till.screen is Screen.SALE
    assert [row.name for row in till.sale_view().lines] == ["Cola 330ml"]


def test_the_suspended_list_with_none_parked_says_so(till: Till) -> None:
    till.suspended.show()

    assert till.screen is Screen.SALE
    assert till.message is not None and till.message.text == "There are no suspended sales"


def test_resuming_over_an_open_sale_is_refused(till: Till) -> None:
    scan(till, WINE)
    till.sale.suspend()
    till.suspended.show()
    parked = till.parked[0].document_id
    till.back()
    scan(till, BAGUETTE)

    till.suspended.resume(parked)

    assert till.message is not None
    assert till.message.text == "Finish or suspend the open sale before resuming another"
    assert [row.name for row in till.sale_view().lines] == ["Baguette"]


# --- cancel ------------------------------------------------------------------------------------


def test_cancel_asks_first_and_no_changes_nothing(till: Till) -> None:
    scan(till, WINE)
    till.press_key("Del")

    assert till.screen is Screen.CONFIRM_CANCEL
    assert till.question is not None and till.question.prompt == "Cancel the whole sale of 8.99?"

    till.press_key("Esc")
    assert till.screen is Screen.SALE
    assert till.sale_view().total == "8.99"
    assert till.register.sale is not None


def test_cancel_confirmed_cancels_and_prints(
    till: Till, printer: MemoryPrinter, uow: MemoryUnitOfWork
) -> None:
    scan(till, WINE)
    till.sale.ask_cancel()
    till.press_key("F1")

    assert till.screen is Screen.SALE
    assert till.register.sale is None
    assert till.message is not None and till.message.text == "Sale cancelled"
    assert till.sale_view().state_caption == "Receipt 1 cancelled"
    assert "*** CANCELLED ***" in printer.last_text
    with uow:
        document = uow.documents.last_for(TERMINAL)
    assert document is not None and document.state is DocumentState.CANCELLED


def test_cancel_without_a_sale_is_refused(till: Till) -> None:
    till.sale.ask_cancel()

    assert till.screen is Screen.SALE
    assert till.question is None
    assert till.message is not None and till.message.text.startswith("There is no open sale")


# --- cash in and out --------------------------------------------------------------------------


def test_cash_in_and_out_update_the_drawer(till: Till, printer: MemoryPrinter) -> None:
    till.press_key("F10")
    assert till.screen is Screen.CASH
    type_in(till, "100")
    till.press_key("F1")

    assert till.screen is Screen.SALE
    assert till.message is not None
    assert till.message.text == "Cash in 100.00; the drawer should hold 100.00"
    assert "CASH IN" in printer.last_text

    till.cash.show()
    till.cash.cash_out("30,50", "Window cleaner")
    assert till.message is not None
    assert till.message.text == "Cash out 30.50; the drawer should hold 69.50"
    assert "Reason: Window cleaner" in printer.last_text
    assert till.status_bar().outbox_depth == "2"


def test_cash_without_an_amount_or_reason_is_refused(till: Till) -> None:
    till.cash.show()
    till.cash.cash_in()
    assert till.message is not None and till.message.text == "Type the amount first"

    till.cash.cash_in("10", reason=" ")
    assert till.message is not None
    assert till.message.text == "Give a reason for the cash movement"
    assert till.screen is Screen.CASH


def test_cash_out_above_the_limit_needs_a_supervisor(till: Till, uow: MemoryUnitOfWork) -> None:
    till.cash.cash_in("500")
    till.cash.show()
    till.cash.cash_out("250", "Bank pickup")

    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.message is not None and till.message.severity is Severity.WARNING

    till.supervisor.approve("2", "9999", "bank run")

    assert till.screen is Screen.SALE
    assert till.message is not None and "Cash out 250.00" in till.message.text
    with uow:
        moves = uow.cash.for_closure(TERMINAL, 1)
    out = [m for m in moves if m.kind is MovementKind.OUT]
    assert [(m.amount.minor, m.approved_by, m.approval_reason) for m in out] == [
        (25000, "2", "bank run")
    ]


# --- reports -----------------------------------------------------------------------------------


def test_the_x_report_is_shown_as_text(till: Till, printer: MemoryPrinter) -> None:
    scan(till, WINE)
    till.payment.tender("CASH", "10")
    till.press_key("F11")
    assert till.screen is Screen.REPORT
    till.press_key("F1")

    assert till.screen is Screen.PREVIEW
    assert till.preview is not None and till.preview.title == "X report"
    assert "X REPORT  #0001" in till.preview.text
    assert "SALES (1)" in till.preview.text and "8.99" in till.preview.text
    assert till.preview.text == printer.last_text

    till.press_key("Esc")
    assert till.screen is Screen.REPORT


def test_a_z_by_a_cashier_asks_a_supervisor_then_opens_the_next_period(
    till: Till, uow: MemoryUnitOfWork
) -> None:
    till.cash.cash_in("100")
    till.reports.show()
    type_in(till, "100")
    till.press_key("F2")  # the Z's form, the amount typed is the cash counted
    assert till.screen is Screen.CLOSE_PERIOD
    till.press_key("Enter")  # no float typed: all the cash counted stays

    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.approval is not None
    assert till.approval.prompt == "Closing the day (Z) needs a supervisor's approval"

    till.supervisor.approve("2", "9999", "end of day")

    assert till.screen is Screen.PREVIEW
    assert till.preview is not None and till.preview.title == "Z report 0001"
    assert "Z REPORT  #0001" in till.preview.text
    assert till.status_bar().closure_no == "0002"
    with uow:
        closed = uow.closures.get(TERMINAL, 1)
    assert closed.closed_by == "2"


def test_a_z_by_a_manager_needs_no_one_else(make_till: MakeTill) -> None:
    till = make_till()
    till.pin_pad.sign_in("3", "4321")
    till.closing.z_report("0")

    assert till.screen is Screen.PREVIEW
    assert till.status_bar().closure_no == "0002"


def test_a_z_with_an_open_sale_is_refused_after_approval(till: Till) -> None:
    scan(till, WINE)
    till.closing.z_report("0")
    till.supervisor.approve("2", "9999", "end of day")

    assert till.screen is Screen.SALE
    assert till.message is not None
    assert till.message.text == "Finish or cancel the open sale before closing the day"
    assert till.status_bar().closure_no == "0001"


def test_a_z_needs_the_counted_cash(till: Till) -> None:
    till.reports.show()
    till.closing.z_report()

    assert till.screen is Screen.REPORT
    assert till.message is not None
    assert till.message.text == "Count the drawer and type the cash counted first"


def test_reprint_and_preview_of_the_last_receipt(till: Till, printer: MemoryPrinter) -> None:
    till.reports.reprint_last()
    assert till.message is not None
    assert till.message.text == "No receipt has been printed on this terminal yet"

    scan(till, BAGUETTE)
    till.payment.tender("CASH", "5")
    till.reports.show()
    till.press_key("F3")
    assert till.message is not None and till.message.text == "Copy printed"
    assert "*** COPY ***" in printer.last_text

    till.press_key("F4")
    assert till.screen is Screen.PREVIEW
    assert till.preview is not None and till.preview.title == "Last receipt"
    assert "Baguette" in till.preview.text and "CHANGE" in till.preview.text
    assert "COPY" not in till.preview.text


def test_a_reprint_on_a_faulty_printer_says_why(till: Till, printer: MemoryPrinter) -> None:
    scan(till, BAGUETTE)
    till.payment.tender("CASH")
    printer.fault = "cover open"
    till.reports.reprint_last()

    assert till.message is not None
    assert (till.message.text, till.message.severity) == ("Printer: cover open", Severity.ERROR)


def test_a_barcode_typed_as_counted_cash_is_refused_before_the_supervisor(till: Till) -> None:
    till.reports.show()
    type_in(till, WINE)
    till.press_key("F2")

    assert till.screen is Screen.REPORT
    assert till.approval is None
    assert till.message is not None and "was it a barcode?" in till.message.text
