"""A sale of 0.00 in the window: F9 then Enter completes it once a supervisor approves;
not approved, it stays open. A weighed line that comes to 0.00 is refused, readably."""

from __future__ import annotations

from decimal import Decimal

from adapters.memory.devices import MemoryPrinter, MemoryScale
from adapters.memory.storage import MemoryUnitOfWork
from apps.pos_desktop.presenters import Screen, Severity, Till
from saleflex_core.domain.document import DocumentState
from saleflex_core.register import Devices
from tests.conftest import APPLES_PLU, COLA, TERMINAL

from .keys import MakeTill, scan, type_in


def _a_free_cola(till: Till) -> None:
    """A cola discounted by 100 %: the sale comes to 0.00."""
    scan(till, COLA)
    type_in(till, "100")
    till.press_key("F5")
    assert till.sale_view().total == "0.00"


def test_f9_then_enter_asks_a_supervisor_and_completes_the_sale_of_nothing(
    till: Till, uow: MemoryUnitOfWork, printer: MemoryPrinter
) -> None:
    _a_free_cola(till)
    assert till.sale_view().state_caption == "Nothing to pay: a sale of 0.00 needs a supervisor"
    till.press_key("F9")

    assert till.screen is Screen.PAYMENT
    assert till.message is not None
    assert till.message.text == (
        "Nothing to pay: Enter completes the sale of 0.00 once a supervisor approves"
    )
    assert ("Enter", "Complete 0.00") in [(k.hotkey, k.caption) for k in till.key_map()]
    assert till.quick_tenders() == ()
    till.press_key("Enter")

    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.approval is not None
    assert till.approval.prompt == "Completing a sale of 0.00 needs a supervisor's approval"
    assert till.register.sale is not None  # nothing is completed before the approval
    till.supervisor.approve("2", "9999", "Free item")

    assert till.screen is Screen.SALE
    assert till.register.sale is None
    assert till.message is not None and till.message.text == "Paid, thank you"
    with uow:
        document = uow.documents.last_for(TERMINAL)
    assert document is not None and document.state is DocumentState.COMPLETED
    assert [(a.action, a.approved_by) for a in document.audit][-1] == ("complete_zero_total", "2")
    assert "TOTAL" in printer.last_text


def test_a_payment_key_with_nothing_typed_also_completes_it(till: Till) -> None:
    _a_free_cola(till)
    till.press_key("F9")
    till.press_key("F2")  # the first payment type, cash, with no amount

    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.approval is not None and "sale of 0.00" in till.approval.prompt


def test_not_approved_the_sale_of_nothing_stays_open(till: Till, uow: MemoryUnitOfWork) -> None:
    _a_free_cola(till)
    document_id = till.register.sale.document_id if till.register.sale else None
    till.press_key("F9")
    till.press_key("Enter")
    till.press_key("Esc")  # not approved

    assert till.screen is Screen.PAYMENT
    assert till.message is not None
    assert till.message.text == "Not approved: nothing was changed"
    assert till.register.sale is not None and till.register.sale.document_id == document_id
    with uow:
        assert uow.documents.last_for(TERMINAL) is None
        assert uow.drafts.get(document_id or "").state is DocumentState.ACTIVE
    till.press_key("Esc")
    assert till.screen is Screen.SALE  # the cashier can add an item and sell it after all


def test_a_wrong_supervisor_pin_keeps_the_form_and_the_sale(till: Till) -> None:
    _a_free_cola(till)
    till.press_key("F9")
    till.press_key("Enter")
    till.supervisor.approve("2", "1111", "Free item")

    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.register.sale is not None


def test_a_manager_completes_a_sale_of_nothing_alone(make_till: MakeTill) -> None:
    till = make_till()
    till.pin_pad.sign_in("3", "4321")
    _a_free_cola(till)
    till.press_key("F9")
    till.press_key("Enter")

    assert till.screen is Screen.SALE
    assert till.register.sale is None


def test_a_paid_sale_still_completes_by_itself(till: Till) -> None:
    scan(till, COLA)
    till.press_key("F9")
    assert till.message is None
    assert "Enter" not in [k.hotkey for k in till.key_map()]
    till.press_key("Enter")

    assert till.screen is Screen.SALE and till.register.sale is None


def test_a_weight_that_comes_to_nothing_is_refused_readably(till: Till) -> None:
    type_in(till, "0.001")
    till.press_key("F2")
    type_in(till, APPLES_PLU)
    till.press_key("Enter")

    assert till.message is not None
    assert till.message.text == "Too little to sell: 0.001 kg of Apples comes to 0.00 EUR"
    assert till.message.severity is Severity.WARNING
    assert till.register.sale is None or till.sale_view().lines == ()


def test_a_scale_reading_that_comes_to_nothing_is_refused(till: Till, devices: Devices) -> None:
    assert isinstance(devices.scale, MemoryScale)
    devices.scale.put(Decimal("0.002"))
    scan(till, APPLES_PLU)

    assert till.message is not None
    assert till.message.text == "Too little to sell: 0.002 kg of Apples comes to 0.00 EUR"
    assert till.register.sale is None or till.sale_view().lines == ()
