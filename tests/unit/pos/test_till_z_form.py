"""The Z in the window: a form for the cash counted and the float left in the drawer,
by keyboard alone and by touch alone; a float above the cash counted changes nothing."""

from __future__ import annotations

from adapters.memory.storage import MemoryUnitOfWork
from apps.pos_desktop.presenters import Screen, Severity, Till
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.money import Money
from tests.conftest import TERMINAL, WINE

from .keys import MakeTill, scan, type_in


def _closure(uow: MemoryUnitOfWork, number: int) -> Closure:
    with uow:
        return uow.closures.get(TERMINAL, number)


def _fields(till: Till) -> dict[str, tuple[str, bool]]:
    form = till.form_view()
    assert form is not None
    return {f.name: (f.text, f.focused) for f in form.fields}


def _a_day_with_a_float(till: Till) -> None:
    """A float of 100.00 put in, a wine of 8.99 paid in cash: the drawer holds 108.99."""
    till.cash.cash_in("100")
    scan(till, WINE)
    till.payment.tender("CASH", "10")


def test_the_z_by_keyboard_records_the_float_left_and_the_next_period_starts_from_it(
    till: Till, uow: MemoryUnitOfWork
) -> None:
    _a_day_with_a_float(till)
    till.press_key("F11")
    till.press_key("F2")

    assert till.screen is Screen.CLOSE_PERIOD
    assert _fields(till) == {"counted": ("", True), "float_left": ("", False)}
    type_in(till, "108.99")
    till.press_key("Enter")
    assert _fields(till) == {"counted": ("108.99", False), "float_left": ("", True)}
    type_in(till, "100")
    assert till.entry_view().prompt == "Float left in drawer"
    assert till.closing.note() == "100.00 stays in the drawer: take 8.99 out"
    till.press_key("Enter")

    assert till.screen is Screen.SUPERVISOR_PIN
    till.supervisor.approve("2", "9999", "end of day")

    assert till.screen is Screen.PREVIEW
    assert till.preview is not None and till.preview.title == "Z report 0001"
    assert till.message is not None
    assert till.message.text == "Period 1 closed: 100.00 stays in the drawer, take out 8.99"
    closed = _closure(uow, 1)
    assert (closed.counted_cash, closed.float_left) == (Money(10899, "EUR"), Money(10000, "EUR"))
    assert _closure(uow, 2).opening_float == Money(10000, "EUR")
    till.press_key("Esc")
    assert till.screen is Screen.REPORT  # the preview goes back to the reports
    till.press_key("F2")
    assert _fields(till) == {"counted": ("", True), "float_left": ("", False)}


def test_the_z_by_touch_alone(till: Till, uow: MemoryUnitOfWork) -> None:
    _a_day_with_a_float(till)
    till.reports.show()
    till.closing.open()
    for key in ("1", "0", "8", ",", "9", "9"):
        till.press_typed(key)  # the on-screen keypad, into the focused field
    till.focus_field("float_left")  # a tap on the field
    for key in ("5", "0"):
        till.press_typed(key)
    till.closing.z_report()  # the form's "Close period" button
    till.supervisor.focus("supervisor")
    till.press_typed("2")
    till.supervisor.focus("pin")
    for key in "9999":
        till.press_typed(key)
    till.supervisor.pick_reason("End of day")
    till.supervisor.approve()

    closed = _closure(uow, 1)
    assert (closed.counted_cash, closed.float_left) == (Money(10899, "EUR"), Money(5000, "EUR"))
    assert closed.taken_out == Money(5899, "EUR")


def test_with_no_float_typed_everything_counted_stays(
    make_till: MakeTill, uow: MemoryUnitOfWork
) -> None:
    till = make_till()
    till.pin_pad.sign_in("3", "4321")  # a manager closes without anyone else
    till.cash.cash_in("80")
    till.reports.show()
    type_in(till, "80")
    till.press_key("F2")  # what was typed is the cash counted; the float takes the typing

    assert _fields(till) == {"counted": ("80", False), "float_left": ("", True)}
    assert till.closing.note() == "All 80.00 stays in the drawer: nothing is taken out"
    till.press_key("F2")

    assert till.screen is Screen.PREVIEW
    assert _closure(uow, 1).float_left == Money(8000, "EUR")
    assert _closure(uow, 2).opening_float == Money(8000, "EUR")
    assert till.message is not None
    assert till.message.text == "Period 1 closed: 80.00 stays in the drawer, take out 0.00"


def test_a_float_above_the_cash_counted_is_refused_and_nothing_is_closed(
    till: Till, uow: MemoryUnitOfWork
) -> None:
    till.reports.show()
    till.closing.open()
    type_in(till, "50")
    till.press_key("Tab")
    type_in(till, "80")
    assert till.closing.note() == "The float left cannot be more than the cash counted"
    till.press_key("Enter")

    assert till.screen is Screen.CLOSE_PERIOD
    assert till.approval is None  # no supervisor is called for a typing mistake
    assert till.message is not None
    assert till.message.text == (
        "The float left (80.00) is more than the cash counted (50.00): nothing was closed"
    )
    assert till.message.severity is Severity.WARNING
    assert _fields(till) == {"counted": ("50", False), "float_left": ("80", True)}
    assert _closure(uow, 1).counted_cash is None
    assert till.status_bar().closure_no == "0001"


def test_the_cash_counted_is_asked_first(till: Till) -> None:
    till.reports.show()
    till.closing.open()
    till.press_key("Tab")
    type_in(till, "20")
    till.press_key("F2")

    assert till.screen is Screen.CLOSE_PERIOD
    assert till.message is not None
    assert till.message.text == "Count the drawer and type the cash counted first"
    assert _fields(till)["counted"] == ("", True)


def test_a_declined_z_keeps_the_form_and_esc_leaves_it_unclosed(
    till: Till, uow: MemoryUnitOfWork
) -> None:
    till.reports.show()
    till.closing.open()
    type_in(till, "12.5")
    till.press_key("Enter")
    till.press_key("Enter")
    assert till.screen is Screen.SUPERVISOR_PIN

    till.press_key("Esc")  # not approved
    assert till.screen is Screen.CLOSE_PERIOD
    assert _fields(till)["counted"] == ("12.5", False)
    till.press_key("Esc")

    assert till.screen is Screen.REPORT
    assert till.status_bar().closure_no == "0001"
    assert _closure(uow, 1).counted_cash is None


def test_an_amount_field_takes_one_separator_and_no_letters(till: Till) -> None:
    till.reports.show()
    till.closing.open()
    for key in (",", "5", ".", "5"):
        till.press_typed(key)
    assert _fields(till)["counted"] == ("0,55", True)  # a second separator is ignored

    till.press_typed("x")

    assert till.message is not None and till.message.text == "Cash counted takes digits only"
    assert _fields(till)["counted"] == ("0,55", True)
